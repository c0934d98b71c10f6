//! The shop's products, orders and sealed card keys. The `shop` crate
//! (connectors, encryption, verification, diagnosis) builds on these tables;
//! this module never sees a plain card key, only the sealed value and the
//! masked form.

use kadesk_domain::{now_millis, DeliveryStatus, PaymentStatus, Product};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::Sql;
use crate::{parse_col, Result, Store};

/// A product to add.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub name: String,
    pub category: String,
    pub price_cents: i64,
    pub currency: String,
    pub stock: i64,
}

/// An order to add.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub order_no: String,
    pub trade_no: Option<String>,
    pub product_id: i64,
    /// The e-mail, phone or QQ given at purchase.
    pub contact: String,
    pub quantity: i64,
    pub amount_cents: i64,
    pub currency: String,
    pub payment_status: PaymentStatus,
    pub delivery_status: DeliveryStatus,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    pub id: i64,
    pub order_no: String,
    pub trade_no: Option<String>,
    pub product_id: i64,
    pub product_name: String,
    pub contact: String,
    pub quantity: i64,
    pub amount_cents: i64,
    pub currency: String,
    pub payment_status: PaymentStatus,
    pub delivery_status: DeliveryStatus,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

fn product_from_row(row: &AnyRow) -> Result<Product> {
    Ok(Product {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        category: row.try_get("category")?,
        price_cents: row.try_get("price_cents")?,
        currency: row.try_get("currency")?,
        stock: row.try_get("stock")?,
    })
}

impl Store {
    /// Adds a product.
    pub async fn create_product(&self, p: &NewProduct) -> Result<Product> {
        let row = sqlx::query(
            "INSERT INTO products (name, category, price_cents, currency, stock, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, name, category, price_cents, currency, stock",
        )
        .bind(&p.name)
        .bind(&p.category)
        .bind(p.price_cents)
        .bind(&p.currency)
        .bind(p.stock)
        .bind(now_millis())
        .fetch_one(&self.write)
        .await?;
        product_from_row(&row)
    }

    /// Every product, by id.
    pub async fn products(&self) -> Result<Vec<Product>> {
        let rows = sqlx::query(
            "SELECT id, name, category, price_cents, currency, stock FROM products ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(product_from_row).collect()
    }

    /// Adds an order; an existing order number is left as it is.
    pub async fn upsert_order(&self, o: &NewOrder) -> Result<()> {
        sqlx::query(
            "INSERT INTO orders (order_no, trade_no, product_id, contact, quantity, amount_cents, \
             currency, payment_status, delivery_status, created_at, paid_at, delivered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (order_no) DO NOTHING",
        )
        .bind(&o.order_no)
        .bind(o.trade_no.as_deref())
        .bind(o.product_id)
        .bind(&o.contact)
        .bind(o.quantity)
        .bind(o.amount_cents)
        .bind(&o.currency)
        .bind(o.payment_status.as_str())
        .bind(o.delivery_status.as_str())
        .bind(o.created_at)
        .bind(o.paid_at)
        .bind(o.delivered_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Orders, newest first.
    pub async fn orders(&self, limit: i64) -> Result<Vec<Order>> {
        let rows = sqlx::query(
            "SELECT o.id, o.order_no, o.trade_no, o.product_id, p.name AS product_name, o.contact, \
             o.quantity, o.amount_cents, o.currency, o.payment_status, o.delivery_status, \
             o.created_at, o.paid_at, o.delivered_at \
             FROM orders o JOIN products p ON p.id = o.product_id ORDER BY o.created_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Order {
                    id: row.try_get("id")?,
                    order_no: row.try_get("order_no")?,
                    trade_no: row.try_get("trade_no")?,
                    product_id: row.try_get("product_id")?,
                    product_name: row.try_get("product_name")?,
                    contact: row.try_get("contact")?,
                    quantity: row.try_get("quantity")?,
                    amount_cents: row.try_get("amount_cents")?,
                    currency: row.try_get("currency")?,
                    payment_status: parse_col(row, "payment_status")?,
                    delivery_status: parse_col(row, "delivery_status")?,
                    created_at: row.try_get("created_at")?,
                    paid_at: row.try_get("paid_at")?,
                    delivered_at: row.try_get("delivered_at")?,
                })
            })
            .collect()
    }
}

/// An order to create or update, as the `shop` crate prepared it: the lookup
/// password is already a keyed hash, statuses are wire names.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRecord {
    pub order_no: String,
    pub trade_no: Option<String>,
    /// The product's name; a product of that name is created when missing.
    pub product: String,
    pub contact: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub qq: Option<String>,
    pub lookup_hash: Option<String>,
    pub quantity: i64,
    pub amount_cents: i64,
    pub currency: String,
    pub payment_status: PaymentStatus,
    pub delivery_status: DeliveryStatus,
    pub manual_delivery: bool,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

/// A card key as stored: the sealed value and its masked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedKey {
    /// `v1:` + hex of nonce, ciphertext and tag.
    pub sealed: String,
    /// e.g. `ABCD-****-****-WXYZ`.
    pub masked: String,
}

/// Whether [`Store::save_order`] made a new order or changed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    Updated,
}

/// An order with everything the `shop` crate needs: the stored record, its
/// row id and its masked card keys.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredOrder {
    pub id: i64,
    /// The order as saved; `record.product` is the product's name.
    pub record: OrderRecord,
    /// Masked card keys, in delivery order.
    pub masked_keys: Vec<String>,
}

const STORED_ORDER_COLUMNS: &str = "o.id, o.order_no, o.trade_no, p.name AS product_name, \
     o.contact, o.email, o.phone, o.qq, o.lookup_hash, o.quantity, o.amount_cents, o.currency, \
     o.payment_status, o.delivery_status, o.manual_delivery, o.created_at, o.paid_at, o.delivered_at";

fn stored_order_from_row(row: &AnyRow) -> Result<StoredOrder> {
    let manual: i64 = row.try_get("manual_delivery")?;
    let record = OrderRecord {
        order_no: row.try_get("order_no")?,
        trade_no: row.try_get("trade_no")?,
        product: row.try_get("product_name")?,
        contact: row.try_get("contact")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        qq: row.try_get("qq")?,
        lookup_hash: row.try_get("lookup_hash")?,
        quantity: row.try_get("quantity")?,
        amount_cents: row.try_get("amount_cents")?,
        currency: row.try_get("currency")?,
        payment_status: parse_col(row, "payment_status")?,
        delivery_status: parse_col(row, "delivery_status")?,
        manual_delivery: manual != 0,
        created_at: row.try_get("created_at")?,
        paid_at: row.try_get("paid_at")?,
        delivered_at: row.try_get("delivered_at")?,
    };
    Ok(StoredOrder {
        id: row.try_get("id")?,
        record,
        masked_keys: Vec::new(),
    })
}

impl Store {
    /// Creates or updates an order by its number, in one transaction: the
    /// product is found by name (or created), fields given replace the stored
    /// ones (a missing trade number, lookup password or time keeps the stored
    /// one), and when `keys` is given the order's card keys are replaced.
    pub async fn save_order(
        &self,
        o: &OrderRecord,
        keys: Option<&[SealedKey]>,
    ) -> Result<SaveOutcome> {
        let now = now_millis();
        let mut tx = self.write.begin().await?;
        let product_id: i64 = match sqlx::query(
            "SELECT id FROM products WHERE name = $1 ORDER BY id LIMIT 1",
        )
        .bind(&o.product)
        .fetch_optional(&mut *tx)
        .await?
        {
            Some(row) => row.try_get("id")?,
            None => sqlx::query(
                "INSERT INTO products (name, category, price_cents, currency, stock, created_at) \
                     VALUES ($1, '', $2, $3, 0, $4) RETURNING id",
            )
            .bind(&o.product)
            .bind(o.amount_cents / o.quantity.max(1))
            .bind(&o.currency)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?,
        };
        let existed = sqlx::query("SELECT id FROM orders WHERE order_no = $1")
            .bind(&o.order_no)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        let row = sqlx::query(
            "INSERT INTO orders (order_no, trade_no, product_id, contact, email, phone, qq, \
             lookup_hash, quantity, amount_cents, currency, payment_status, delivery_status, \
             manual_delivery, created_at, paid_at, delivered_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             ON CONFLICT (order_no) DO UPDATE SET \
               trade_no = COALESCE(excluded.trade_no, orders.trade_no), \
               product_id = excluded.product_id, contact = excluded.contact, \
               email = COALESCE(excluded.email, orders.email), \
               phone = COALESCE(excluded.phone, orders.phone), \
               qq = COALESCE(excluded.qq, orders.qq), \
               lookup_hash = COALESCE(excluded.lookup_hash, orders.lookup_hash), \
               quantity = excluded.quantity, amount_cents = excluded.amount_cents, \
               currency = excluded.currency, payment_status = excluded.payment_status, \
               delivery_status = excluded.delivery_status, \
               manual_delivery = excluded.manual_delivery, created_at = excluded.created_at, \
               paid_at = COALESCE(excluded.paid_at, orders.paid_at), \
               delivered_at = COALESCE(excluded.delivered_at, orders.delivered_at), \
               updated_at = excluded.updated_at \
             RETURNING id",
        )
        .bind(&o.order_no)
        .bind(o.trade_no.as_deref())
        .bind(product_id)
        .bind(&o.contact)
        .bind(o.email.as_deref())
        .bind(o.phone.as_deref())
        .bind(o.qq.as_deref())
        .bind(o.lookup_hash.as_deref())
        .bind(o.quantity)
        .bind(o.amount_cents)
        .bind(&o.currency)
        .bind(o.payment_status.as_str())
        .bind(o.delivery_status.as_str())
        .bind(i64::from(o.manual_delivery))
        .bind(o.created_at)
        .bind(o.paid_at)
        .bind(o.delivered_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let order_id: i64 = row.try_get("id")?;
        if let Some(keys) = keys {
            sqlx::query("DELETE FROM card_keys WHERE order_id = $1")
                .bind(order_id)
                .execute(&mut *tx)
                .await?;
            for (position, key) in keys.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO card_keys (order_id, position, sealed, masked, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(order_id)
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .bind(&key.sealed)
                .bind(&key.masked)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(if existed {
            SaveOutcome::Updated
        } else {
            SaveOutcome::Created
        })
    }

    /// An order by its number (exact, then without case).
    pub async fn order_by_no(&self, order_no: &str) -> Result<Option<StoredOrder>> {
        let sql = format!(
            "SELECT {STORED_ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id \
             WHERE o.order_no = $1"
        );
        let mut row = sqlx::query(&sql)
            .bind(order_no)
            .fetch_optional(&self.read)
            .await?;
        if row.is_none() {
            let sql = format!(
                "SELECT {STORED_ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id \
                 WHERE UPPER(o.order_no) = UPPER($1) ORDER BY o.id LIMIT 1"
            );
            row = sqlx::query(&sql)
                .bind(order_no)
                .fetch_optional(&self.read)
                .await?;
        }
        match row {
            Some(row) => {
                let mut order = stored_order_from_row(&row)?;
                order.masked_keys = self.masked_keys(order.id).await?;
                Ok(Some(order))
            }
            None => Ok(None),
        }
    }

    /// The newest order paid with this payment transaction number.
    pub async fn order_by_trade_no(&self, trade_no: &str) -> Result<Option<StoredOrder>> {
        let sql = format!(
            "SELECT {STORED_ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id \
             WHERE o.trade_no = $1 ORDER BY o.created_at DESC LIMIT 1"
        );
        let row = sqlx::query(&sql)
            .bind(trade_no)
            .fetch_optional(&self.read)
            .await?;
        match row {
            Some(row) => {
                let mut order = stored_order_from_row(&row)?;
                order.masked_keys = self.masked_keys(order.id).await?;
                Ok(Some(order))
            }
            None => Ok(None),
        }
    }

    /// Orders whose e-mail, phone, QQ or contact equals one of `values`,
    /// newest first.
    pub async fn orders_by_contact(
        &self,
        values: &[String],
        since: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StoredOrder>> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let values = &values[..values.len().min(8)];
        let mut sql = Sql::new(format!(
            "SELECT {STORED_ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id WHERE ("
        ));
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push("o.email = ").bind(value.clone());
            let value = sql.last();
            for column in ["o.phone", "o.qq", "o.contact"] {
                sql.push(" OR ").push(column).push(" = ").push_again(&value);
            }
        }
        sql.push(") AND o.created_at >= ")
            .bind(since.unwrap_or(i64::MIN))
            .push(" ORDER BY o.created_at DESC, o.id DESC LIMIT ")
            .bind(limit);
        let rows = sql.query()?.fetch_all(&self.read).await?;
        let mut orders = rows
            .iter()
            .map(stored_order_from_row)
            .collect::<Result<Vec<_>>>()?;
        for order in &mut orders {
            order.masked_keys = self.masked_keys(order.id).await?;
        }
        Ok(orders)
    }

    /// The masked card keys of an order.
    async fn masked_keys(&self, order_id: i64) -> Result<Vec<String>> {
        let rows =
            sqlx::query("SELECT masked FROM card_keys WHERE order_id = $1 ORDER BY position")
                .bind(order_id)
                .fetch_all(&self.read)
                .await?;
        rows.iter().map(|r| Ok(r.try_get("masked")?)).collect()
    }

    /// The sealed card keys of an order, in delivery order.
    pub async fn sealed_keys(&self, order_id: i64) -> Result<Vec<SealedKey>> {
        let rows = sqlx::query(
            "SELECT sealed, masked FROM card_keys WHERE order_id = $1 ORDER BY position",
        )
        .bind(order_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SealedKey {
                    sealed: r.try_get("sealed")?,
                    masked: r.try_get("masked")?,
                })
            })
            .collect()
    }

    /// How many orders are stored.
    pub async fn order_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM orders")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }
}
