//! The demo shop's products and orders. The `shop` crate (connectors, card
//! keys, diagnosis) builds on these tables.

use kadesk_domain::{now_millis, Product};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Result, Store};

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
    /// `unpaid`, `paid`, `refunded` or `failed`.
    pub payment_status: String,
    /// `pending`, `delivered`, `failed` or `abnormal`.
    pub delivery_status: String,
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
    pub payment_status: String,
    pub delivery_status: String,
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
        .bind(&o.payment_status)
        .bind(&o.delivery_status)
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
                    payment_status: row.try_get("payment_status")?,
                    delivery_status: row.try_get("delivery_status")?,
                    created_at: row.try_get("created_at")?,
                    paid_at: row.try_get("paid_at")?,
                    delivered_at: row.try_get("delivered_at")?,
                })
            })
            .collect()
    }
}
