//! Buyer messages do not reach the shop each time: product names and
//! lifetime spend are kept by the desk's clock and dropped when orders
//! change; spend in different currencies is never added.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use kadesk_desk::cache::PRODUCTS_TTL_MS;
use kadesk_desk::{Desk, DeskConfig};
use kadesk_domain::{ManualClock, Money};
use kadesk_shop::{CardCipher, OrderInput, Shop};
use kadesk_store::{NewProduct, Store};

const NOW: i64 = 1_760_000_000_000;

async fn desk(dir: &tempfile::TempDir) -> (Desk, Arc<ManualClock>) {
    let url = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let store = Store::connect(&url).await.unwrap();
    let clock = Arc::new(ManualClock::new(NOW));
    let shop = Shop::new(store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
    let desk = Desk::new(store, DeskConfig::default()).with_shop(shop);
    (desk, clock)
}

async fn add_product(desk: &Desk, name: &str) {
    desk.store
        .create_product(&NewProduct {
            name: name.into(),
            category: "games".into(),
            price_cents: 100,
            currency: "CNY".into(),
            stock: 1,
        })
        .await
        .unwrap();
}

fn order(no: &str, cents: i64, currency: &str) -> OrderInput {
    serde_json::from_value(serde_json::json!({
        "order_no": no, "product": "点卡", "email": "vip@example.com",
        "amount_cents": cents, "currency": currency,
        "payment_status": "paid", "delivery_status": "delivered"
    }))
    .unwrap()
}

#[tokio::test]
async fn product_names_are_kept_until_they_expire_or_orders_change() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, clock) = desk(&dir).await;
    add_product(&desk, "王者荣耀点券").await;
    let cache = desk.shop_cache.clone();
    assert_eq!(*cache.product_names(&desk).await, ["王者荣耀点券"]);
    add_product(&desk, "Steam 充值卡").await;
    assert_eq!(
        cache.product_names(&desk).await.len(),
        1,
        "kept: not read again"
    );
    clock.advance(Duration::from_millis(PRODUCTS_TTL_MS as u64));
    assert_eq!(
        cache.product_names(&desk).await.len(),
        2,
        "expired: read again"
    );
    add_product(&desk, "Netflix 会员").await;
    cache.orders_changed();
    assert_eq!(
        cache.product_names(&desk).await.len(),
        3,
        "dropped on change"
    );
}

#[tokio::test]
async fn lifetime_spend_is_kept_per_currency_and_dropped_when_orders_change() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _clock) = desk(&dir).await;
    desk.shop
        .ingest(vec![order("A1", 30_000, "CNY"), order("A2", 5_000, "USD")])
        .await
        .unwrap();
    let cache = desk.shop_cache.clone();
    let spend = cache.lifetime_spend(&desk, "vip@example.com").await;
    let totals: Vec<Money> = spend.iter().collect();
    assert_eq!(
        totals,
        [Money::new(30_000, "CNY"), Money::new(5_000, "USD")]
    );
    assert_eq!(
        spend.largest_units(),
        300.0,
        "yuan and dollars are not added"
    );
    desk.shop
        .ingest(vec![order("A3", 20_000, "CNY")])
        .await
        .unwrap();
    assert_eq!(
        cache
            .lifetime_spend(&desk, "vip@example.com")
            .await
            .largest_units(),
        300.0,
        "kept until told"
    );
    cache.orders_changed();
    assert_eq!(
        cache
            .lifetime_spend(&desk, "vip@example.com")
            .await
            .largest_units(),
        500.0
    );
}
