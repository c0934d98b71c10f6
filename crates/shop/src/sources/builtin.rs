//! The built-in source: orders the shop pushed to kadesk (REST, webhook, CSV)
//! and the demo shop, in kadesk's own database. Card keys are sealed there.

use std::sync::Arc;

use kadesk_domain::Millis;
use kadesk_store::{Store, StoredOrder};

use crate::crypto::CardCipher;
use crate::model::{ContactQuery, LookupSecret, PlainKey, ShopOrder};
use crate::sources::{BoxFuture, ShopSource, SourceError};

/// The name of the built-in source.
pub const BUILTIN: &str = "builtin";

/// Orders in kadesk's database.
#[derive(Debug, Clone)]
pub struct Builtin {
    store: Store,
    cipher: Arc<CardCipher>,
}

impl Builtin {
    pub fn new(store: Store, cipher: Arc<CardCipher>) -> Builtin {
        Builtin { store, cipher }
    }

    fn db_error(e: kadesk_store::StoreError) -> SourceError {
        SourceError::Database {
            source_name: BUILTIN.into(),
            message: e.to_string(),
        }
    }
}

/// A stored order as a [`ShopOrder`].
pub fn from_stored(stored: StoredOrder) -> Result<ShopOrder, SourceError> {
    let o = stored.record;
    Ok(ShopOrder {
        source: BUILTIN.into(),
        payment_status: o.payment_status,
        delivery_status: o.delivery_status,
        has_lookup_password: o.lookup_hash.is_some(),
        lookup: o
            .lookup_hash
            .map_or(LookupSecret::None, LookupSecret::Hashed),
        source_ref: Some(stored.id),
        order_no: o.order_no,
        trade_no: o.trade_no,
        product_name: o.product,
        contact: o.contact,
        email: o.email,
        phone: o.phone,
        qq: o.qq,
        quantity: o.quantity,
        amount_cents: o.amount_cents,
        currency: o.currency,
        manual_delivery: o.manual_delivery,
        created_at: o.created_at,
        paid_at: o.paid_at,
        delivered_at: o.delivered_at,
        card_keys: stored.masked_keys,
    })
}

impl ShopSource for Builtin {
    fn name(&self) -> &str {
        BUILTIN
    }

    fn order<'a>(
        &'a self,
        order_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            match self
                .store
                .order_by_no(order_no)
                .await
                .map_err(Self::db_error)?
            {
                Some(o) => Ok(Some(from_stored(o)?)),
                None => Ok(None),
            }
        })
    }

    fn order_by_trade_no<'a>(
        &'a self,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            match self
                .store
                .order_by_trade_no(trade_no)
                .await
                .map_err(Self::db_error)?
            {
                Some(o) => Ok(Some(from_stored(o)?)),
                None => Ok(None),
            }
        })
    }

    fn orders_by_contact<'a>(
        &'a self,
        contact: &'a ContactQuery,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>> {
        self.recent_orders(contact, Millis::MIN, limit)
    }

    fn recent_orders<'a>(
        &'a self,
        contact: &'a ContactQuery,
        since: Millis,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            self.store
                .orders_by_contact(&contact.values(), Some(since), limit)
                .await
                .map_err(Self::db_error)?
                .into_iter()
                .map(from_stored)
                .collect()
        })
    }

    fn card_keys<'a>(
        &'a self,
        order: &'a ShopOrder,
    ) -> BoxFuture<'a, Result<Vec<PlainKey>, SourceError>> {
        Box::pin(async move {
            let Some(id) = order.source_ref else {
                return Ok(Vec::new());
            };
            let sealed = self.store.sealed_keys(id).await.map_err(Self::db_error)?;
            sealed
                .iter()
                .map(|k| {
                    self.cipher
                        .open(&order.order_no, &k.sealed)
                        .map_err(|e| SourceError::Crypto(e, BUILTIN.into()))
                })
                .collect()
        })
    }
}
