//! Where orders come from. Every source answers the same four questions
//! ([`ShopSource`]); [`crate::Shop`] asks the configured ones in order.

use std::future::Future;
use std::pin::Pin;

use kadesk_domain::Millis;

use crate::model::{ContactQuery, PlainKey, ShopOrder};

pub mod builtin;
pub mod http;
pub mod mysql;

/// A boxed future, so sources can live behind `dyn ShopSource`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a source could not answer. Messages never contain card keys,
/// passwords or credentials.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{source_name}: database error: {message}")]
    Database {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: {message}")]
    Http {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: the answer does not fit the field mapping: {message}")]
    Mapping {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: {0}", source_name = .1)]
    Crypto(crate::crypto::KeyError, String),
}

/// A shop system that knows orders.
pub trait ShopSource: Send + Sync {
    /// The name shown to agents and in logs (`builtin`, or the configured name).
    fn name(&self) -> &str;

    /// The order with this number, if this source has it.
    fn order<'a>(
        &'a self,
        order_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>>;

    /// The order paid with this payment transaction number (Alipay, WeChat
    /// Pay …), if this source records it.
    fn order_by_trade_no<'a>(
        &'a self,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        let _ = trade_no;
        Box::pin(async { Ok(None) })
    }

    /// Orders bought with this contact, newest first.
    fn orders_by_contact<'a>(
        &'a self,
        contact: &'a ContactQuery,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>>;

    /// Orders of this contact created at or after `since`, newest first.
    fn recent_orders<'a>(
        &'a self,
        contact: &'a ContactQuery,
        since: Millis,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let mut orders = self.orders_by_contact(contact, limit).await?;
            orders.retain(|o| o.created_at >= since);
            Ok(orders)
        })
    }

    /// The delivered card keys of an order this source returned, in plain
    /// text. Callers hand them only to a verified buyer or an allowed agent.
    fn card_keys<'a>(
        &'a self,
        order: &'a ShopOrder,
    ) -> BoxFuture<'a, Result<Vec<PlainKey>, SourceError>>;
}
