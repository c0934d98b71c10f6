//! dujiaoka and acg-faka: their MySQL databases, read-only.
//!
//! Connections are opened lazily (a shop database that is down does not stop
//! kadesk from starting) and every session is set `READ ONLY`. Times are read
//! as the wall-clock text the PHP application wrote and interpreted in the
//! configured UTC offset (`+08:00` unless told otherwise), which is right for
//! both `DATETIME` (acg-faka) and `TIMESTAMP` (dujiaoka) columns whatever the
//! MySQL server's own time zone is.

use std::time::Duration;

use kadesk_domain::Millis;
use serde::{Deserialize, Serialize};
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions, MySqlRow};
use sqlx::Row;

use crate::error::ConfigError;
use crate::ingest::{parse_offset, parse_time};
use crate::model::{
    split_keys, ContactQuery, DeliveryStatus, LookupSecret, PaymentStatus, PlainKey, Secret,
    ShopOrder,
};
use crate::sources::{BoxFuture, ShopSource, SourceError};

/// `[[shop.sources]]` entry of kind `dujiaoka` or `acg_faka`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MysqlSourceConfig {
    /// Shown to agents; default `dujiaoka` / `acg_faka`.
    #[serde(default)]
    pub name: Option<String>,
    /// `mysql://USER:PASSWORD@HOST:3306/DATABASE`; a user with SELECT only is best.
    pub url: String,
    /// Table prefix: default none for dujiaoka, `acg_` for acg-faka.
    #[serde(default)]
    pub prefix: Option<String>,
    /// UTC offset of the shop's times, e.g. `+08:00` (the default).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Currency of the shop's prices; default `CNY`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Most connections to the shop's database; default 4.
    #[serde(default)]
    pub max_connections: Option<u32>,
}

impl std::fmt::Debug for MysqlSourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MysqlSourceConfig")
            .field("name", &self.name)
            .field("url", &kadesk_store::redact_url(&self.url))
            .field("prefix", &self.prefix)
            .field("time_zone", &self.time_zone)
            .finish_non_exhaustive()
    }
}

/// Which shop system's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Dujiaoka,
    AcgFaka,
}

impl Flavor {
    fn default_name(self) -> &'static str {
        match self {
            Flavor::Dujiaoka => "dujiaoka",
            Flavor::AcgFaka => "acg_faka",
        }
    }

    fn default_prefix(self) -> &'static str {
        match self {
            Flavor::Dujiaoka => "",
            Flavor::AcgFaka => "acg_",
        }
    }
}

/// A dujiaoka or acg-faka database.
#[derive(Debug, Clone)]
pub struct MysqlShop {
    flavor: Flavor,
    name: String,
    pool: MySqlPool,
    prefix: String,
    offset_ms: i64,
    currency: String,
}

impl MysqlShop {
    /// Prepares the connection pool; nothing connects until the first lookup.
    pub fn connect_lazy(
        flavor: Flavor,
        config: &MysqlSourceConfig,
    ) -> Result<MysqlShop, ConfigError> {
        let name = config
            .name
            .clone()
            .unwrap_or_else(|| flavor.default_name().to_owned());
        let bad = |message: String| ConfigError::Source {
            source_name: name.clone(),
            message,
        };
        let prefix = config
            .prefix
            .clone()
            .unwrap_or_else(|| flavor.default_prefix().to_owned());
        if !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(bad(format!(
                "prefix {prefix:?} may only have letters, digits and _"
            )));
        }
        let offset_ms = match config.time_zone.as_deref() {
            None => 8 * 3600 * 1000,
            Some(tz) => parse_offset(tz)
                .ok_or_else(|| bad(format!("time_zone {tz:?} must be a UTC offset like +08:00")))?,
        };
        let options: MySqlConnectOptions = config.url.parse().map_err(|e| {
            bad(format!(
                "url {} is not a MySQL URL: {e}",
                kadesk_store::redact_url(&config.url)
            ))
        })?;
        // Keep the server's own time zone (sqlx would set +00:00): the text of
        // TIMESTAMP columns then reads as the shop wrote it.
        let options = options.timezone(None);
        let pool = MySqlPoolOptions::new()
            .max_connections(config.max_connections.unwrap_or(4).clamp(1, 32))
            .acquire_timeout(Duration::from_secs(5))
            .idle_timeout(Duration::from_secs(300))
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("SET SESSION TRANSACTION READ ONLY")
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_lazy_with(options);
        Ok(MysqlShop {
            flavor,
            name,
            pool,
            prefix,
            offset_ms,
            currency: config.currency.clone().unwrap_or_else(|| "CNY".into()),
        })
    }

    /// The connection pool (read-only sessions), for diagnostics and tests.
    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }

    fn db_error(&self, e: sqlx::Error) -> SourceError {
        SourceError::Database {
            source_name: self.name.clone(),
            message: e.to_string(),
        }
    }

    /// Wall-clock text from the shop as Unix milliseconds.
    fn time(&self, text: Option<String>) -> Option<Millis> {
        let text = text?;
        // parse_time reads offset-less text as +08:00; shift to the configured offset.
        parse_time(&text).map(|t| t + 8 * 3600 * 1000 - self.offset_ms)
    }

    fn select(&self) -> String {
        let p = &self.prefix;
        match self.flavor {
            Flavor::Dujiaoka => format!(
                "SELECT CAST(o.id AS SIGNED) AS id, o.order_sn AS order_no, o.trade_no, \
                 COALESCE(g.gd_name, o.title) AS product, CAST(o.type AS SIGNED) AS kind, \
                 CAST(o.buy_amount AS SIGNED) AS quantity, \
                 CAST(ROUND(o.actual_price * 100) AS SIGNED) AS cents, \
                 o.search_pwd AS password, o.email AS contact, CAST(o.status AS SIGNED) AS status, \
                 NULL AS delivery, \
                 DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i:%s') AS created, \
                 DATE_FORMAT(o.updated_at, '%Y-%m-%d %H:%i:%s') AS paid, \
                 o.info AS secret \
                 FROM `{p}orders` o LEFT JOIN `{p}goods` g ON g.id = o.goods_id \
                 WHERE o.deleted_at IS NULL AND "
            ),
            Flavor::AcgFaka => format!(
                "SELECT CAST(o.id AS SIGNED) AS id, o.trade_no AS order_no, NULL AS trade_no, \
                 COALESCE(c.name, '') AS product, CAST(COALESCE(c.delivery_way, 0) + 1 AS SIGNED) AS kind, \
                 CAST(o.card_num AS SIGNED) AS quantity, \
                 CAST(ROUND(o.amount * 100) AS SIGNED) AS cents, \
                 o.password AS password, o.contact AS contact, CAST(o.status AS SIGNED) AS status, \
                 CAST(o.delivery_status AS SIGNED) AS delivery, \
                 DATE_FORMAT(o.create_time, '%Y-%m-%d %H:%i:%s') AS created, \
                 DATE_FORMAT(o.pay_time, '%Y-%m-%d %H:%i:%s') AS paid, \
                 o.secret AS secret \
                 FROM `{p}order` o LEFT JOIN `{p}commodity` c ON c.id = o.commodity_id \
                 WHERE "
            ),
        }
    }

    fn order_column(&self) -> &'static str {
        match self.flavor {
            Flavor::Dujiaoka => "o.order_sn",
            Flavor::AcgFaka => "o.trade_no",
        }
    }

    fn contact_column(&self) -> &'static str {
        match self.flavor {
            Flavor::Dujiaoka => "o.email",
            Flavor::AcgFaka => "o.contact",
        }
    }

    fn read_row(&self, row: &MySqlRow) -> Result<ShopOrder, sqlx::Error> {
        let status: i64 = row.try_get("status")?;
        let kind: i64 = row.try_get::<Option<i64>, _>("kind")?.unwrap_or(1);
        let delivery: Option<i64> = row.try_get("delivery")?;
        let created = self.time(row.try_get("created")?).unwrap_or(0);
        let changed = self.time(row.try_get("paid")?);
        let (payment_status, delivery_status) = match self.flavor {
            Flavor::Dujiaoka => dujiaoka_status(status),
            Flavor::AcgFaka => (
                if status == 1 {
                    PaymentStatus::Paid
                } else {
                    PaymentStatus::Unpaid
                },
                if delivery == Some(1) {
                    DeliveryStatus::Delivered
                } else {
                    DeliveryStatus::Pending
                },
            ),
        };
        let paid = payment_status == PaymentStatus::Paid;
        let manual_delivery = kind == 2;
        let secret: Option<String> = row.try_get("secret")?;
        let delivered = delivery_status == DeliveryStatus::Delivered;
        // dujiaoka keeps the buyer's own input in `info` for manual orders.
        let card_keys: Vec<String> =
            if delivered && !(self.flavor == Flavor::Dujiaoka && manual_delivery) {
                secret
                    .as_deref()
                    .map(split_keys)
                    .unwrap_or_default()
                    .iter()
                    .map(PlainKey::masked)
                    .collect()
            } else {
                Vec::new()
            };
        let contact: String = row
            .try_get::<Option<String>, _>("contact")?
            .unwrap_or_default();
        let (email, phone, qq) = crate::model::classify_contact(&contact);
        let password: Option<String> = row.try_get("password")?;
        let password = password.filter(|p| !p.trim().is_empty());
        Ok(ShopOrder {
            source: self.name.clone(),
            order_no: row.try_get("order_no")?,
            trade_no: row
                .try_get::<Option<String>, _>("trade_no")?
                .filter(|t| !t.is_empty()),
            product_name: row.try_get("product")?,
            contact,
            email,
            phone,
            qq,
            quantity: row.try_get::<i64, _>("quantity")?.max(1),
            amount_cents: row.try_get("cents")?,
            currency: self.currency.clone(),
            payment_status,
            delivery_status,
            manual_delivery,
            created_at: created,
            paid_at: if paid {
                changed.or(Some(created))
            } else {
                None
            },
            delivered_at: if delivered { changed } else { None },
            card_keys,
            has_lookup_password: password.is_some(),
            lookup: password.map_or(LookupSecret::None, |p| LookupSecret::Plain(Secret::new(p))),
            source_ref: Some(row.try_get("id")?),
        })
    }
}

/// dujiaoka's one status column: 1 awaiting payment, 2 pending, 3 processing,
/// 4 completed, 5 failed, 6 abnormal, -1 expired.
fn dujiaoka_status(status: i64) -> (PaymentStatus, DeliveryStatus) {
    match status {
        1 => (PaymentStatus::Unpaid, DeliveryStatus::Pending),
        2 | 3 => (PaymentStatus::Paid, DeliveryStatus::Pending),
        4 => (PaymentStatus::Paid, DeliveryStatus::Delivered),
        5 => (PaymentStatus::Paid, DeliveryStatus::Failed),
        6 => (PaymentStatus::Paid, DeliveryStatus::Abnormal),
        _ => (PaymentStatus::Expired, DeliveryStatus::Pending),
    }
}

impl ShopSource for MysqlShop {
    fn name(&self) -> &str {
        &self.name
    }

    fn order<'a>(
        &'a self,
        order_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let sql = format!("{}{} = ? LIMIT 1", self.select(), self.order_column());
            let row = sqlx::query(&sql)
                .bind(order_no.trim())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.db_error(e))?;
            row.map(|r| self.read_row(&r))
                .transpose()
                .map_err(|e| self.db_error(e))
        })
    }

    fn order_by_trade_no<'a>(
        &'a self,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            // acg-faka keeps no payment provider number.
            if self.flavor != Flavor::Dujiaoka || trade_no.trim().is_empty() {
                return Ok(None);
            }
            let sql = format!("{}o.trade_no = ? ORDER BY o.id DESC LIMIT 1", self.select());
            let row = sqlx::query(&sql)
                .bind(trade_no.trim())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.db_error(e))?;
            row.map(|r| self.read_row(&r))
                .transpose()
                .map_err(|e| self.db_error(e))
        })
    }

    fn orders_by_contact<'a>(
        &'a self,
        contact: &'a ContactQuery,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let values = contact.values();
            if values.is_empty() {
                return Ok(Vec::new());
            }
            let marks = vec!["?"; values.len()].join(", ");
            let sql = format!(
                "{}{} IN ({marks}) ORDER BY o.id DESC LIMIT ?",
                self.select(),
                self.contact_column()
            );
            let mut query = sqlx::query(&sql);
            for value in &values {
                query = query.bind(value);
            }
            let rows = query
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.db_error(e))?;
            rows.iter()
                .map(|r| self.read_row(r))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.db_error(e))
        })
    }

    fn card_keys<'a>(
        &'a self,
        order: &'a ShopOrder,
    ) -> BoxFuture<'a, Result<Vec<PlainKey>, SourceError>> {
        Box::pin(async move {
            if order.delivery_status != DeliveryStatus::Delivered {
                return Ok(Vec::new());
            }
            if self.flavor == Flavor::Dujiaoka && order.manual_delivery {
                return Ok(Vec::new());
            }
            let p = &self.prefix;
            let sql = match self.flavor {
                Flavor::Dujiaoka => {
                    format!("SELECT o.info AS secret FROM `{p}orders` o WHERE o.order_sn = ?")
                }
                Flavor::AcgFaka => {
                    format!("SELECT o.secret AS secret FROM `{p}order` o WHERE o.trade_no = ?")
                }
            };
            let text: Option<String> = sqlx::query(&sql)
                .bind(&order.order_no)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.db_error(e))?
                .map(|r| r.try_get::<Option<String>, _>("secret"))
                .transpose()
                .map_err(|e| self.db_error(e))?
                .flatten();
            let keys = text.as_deref().map(split_keys).unwrap_or_default();
            if !keys.is_empty() || self.flavor == Flavor::Dujiaoka {
                return Ok(keys);
            }
            // acg-faka: the sold cards point at the order.
            let Some(id) = order.source_ref else {
                return Ok(Vec::new());
            };
            let rows = sqlx::query(&format!(
                "SELECT secret FROM `{p}card` WHERE order_id = ? ORDER BY id"
            ))
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.db_error(e))?;
            let mut keys = Vec::with_capacity(rows.len());
            for row in rows {
                let secret: String = row.try_get("secret").map_err(|e| self.db_error(e))?;
                keys.extend(split_keys(&secret));
            }
            Ok(keys)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("+08:00"), Some(8 * 3_600_000));
        assert_eq!(parse_offset("-0530"), Some(-(5 * 3_600_000 + 30 * 60_000)));
        assert_eq!(parse_offset("UTC"), Some(0));
        assert_eq!(parse_offset("Asia/Shanghai"), None);
    }

    #[test]
    fn dujiaoka_statuses_map_to_payment_and_delivery() {
        assert_eq!(dujiaoka_status(1).0, PaymentStatus::Unpaid);
        assert_eq!(
            dujiaoka_status(4),
            (PaymentStatus::Paid, DeliveryStatus::Delivered)
        );
        assert_eq!(dujiaoka_status(6).1, DeliveryStatus::Abnormal);
        assert_eq!(dujiaoka_status(-1).0, PaymentStatus::Expired);
    }

    #[test]
    fn a_prefix_cannot_inject_sql() {
        let config = MysqlSourceConfig {
            name: None,
            url: "mysql://u@127.0.0.1/db".into(),
            prefix: Some("x`; DROP".into()),
            time_zone: None,
            currency: None,
            max_connections: None,
        };
        let err = MysqlShop::connect_lazy(Flavor::AcgFaka, &config)
            .expect_err("refused")
            .to_string();
        assert!(err.contains("prefix"), "{err}");
    }
}
