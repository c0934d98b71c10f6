//! What the bot would otherwise ask the shop on every buyer message: the
//! product names (the catalogue the language model finds products in) and a
//! contact's lifetime spend (for the VIP rule, which may ask remote shop
//! sources for hundreds of orders). Both are kept for a while by the desk's
//! clock, bounded in size, and dropped as soon as orders change
//! ([`ShopCache::orders_changed`], called by [`crate::shop::ingest`] and
//! [`crate::shop::import_csv`], which every order push, webhook and import
//! goes through).
//!
//! Lifetime spend is kept per currency: amounts in different currencies
//! are never added.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use kadesk_domain::{Millis, Money, Totals};

use crate::Desk;

/// How long product names are kept.
pub const PRODUCTS_TTL_MS: Millis = 5 * 60_000;
/// How long a contact's lifetime spend is kept.
pub const SPEND_TTL_MS: Millis = 10 * 60_000;
/// Most contacts whose spend is kept at once.
pub const MAX_SPEND_ENTRIES: usize = 10_000;
/// Most orders summed for a contact's lifetime spend (the newest ones).
pub const SPEND_ORDERS: usize = 200;

/// Paid amounts, one total per currency.
pub type Spend = Totals;

/// The cache of product names and lifetime spend.
#[derive(Debug, Default)]
pub struct ShopCache {
    /// Bumped by every change of orders; a fetch that began before a bump
    /// does not store what it found.
    generation: AtomicU64,
    /// Product names and when they were read.
    products: Mutex<Option<(Millis, Arc<Vec<String>>)>>,
    /// Spend by contact key (e-mail or phone) and when it was read.
    spend: Mutex<HashMap<String, (Millis, Spend)>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ShopCache {
    /// Forgets everything read from the shop (orders or products changed).
    pub fn orders_changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *lock(&self.products) = None;
        lock(&self.spend).clear();
    }

    /// The shop's product names (empty when the store cannot say).
    pub async fn product_names(&self, desk: &Desk) -> Arc<Vec<String>> {
        let now = desk.now();
        if let Some((at, names)) = lock(&self.products).as_ref() {
            if now - at < PRODUCTS_TTL_MS {
                return names.clone();
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let names = match desk.store.products().await {
            Ok(products) => Arc::new(products.into_iter().map(|p| p.name).collect::<Vec<_>>()),
            Err(e) => {
                tracing::debug!(error = %e, "product names unavailable");
                return Arc::new(Vec::new());
            }
        };
        if self.generation.load(Ordering::SeqCst) == generation {
            *lock(&self.products) = Some((now, names.clone()));
        }
        names
    }

    /// What the contact known by `key` (e-mail or phone) paid for, per
    /// currency: the newest [`SPEND_ORDERS`] paid orders the shop finds
    /// (refunded, unpaid and failed ones do not count). Empty when the
    /// shop cannot say (not kept, so the next message asks again).
    pub async fn lifetime_spend(&self, desk: &Desk, key: &str) -> Spend {
        let now = desk.now();
        if let Some((at, spend)) = lock(&self.spend).get(key) {
            if now - at < SPEND_TTL_MS {
                return spend.clone();
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let orders = match desk.shop.orders_for_contact(key, SPEND_ORDERS).await {
            Ok(orders) => orders,
            Err(e) => {
                tracing::debug!(error = %e, "lifetime spend unknown");
                return Spend::new();
            }
        };
        let spend: Spend = orders
            .iter()
            .filter(|o| o.payment_status == kadesk_shop::model::PaymentStatus::Paid)
            .map(|o| Money::new(o.amount_cents, o.currency.clone()))
            .collect();
        if self.generation.load(Ordering::SeqCst) == generation {
            let mut cache = lock(&self.spend);
            if cache.len() >= MAX_SPEND_ENTRIES {
                cache.retain(|_, (at, _)| now - *at < SPEND_TTL_MS);
                if cache.len() >= MAX_SPEND_ENTRIES {
                    if let Some(oldest) = cache
                        .iter()
                        .min_by_key(|(_, (at, _))| *at)
                        .map(|(k, _)| k.clone())
                    {
                        cache.remove(&oldest);
                    }
                }
            }
            cache.insert(key.to_owned(), (now, spend.clone()));
        }
        spend
    }
}
