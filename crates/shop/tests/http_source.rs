//! The generic HTTP connector against a fake shop API on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use kadesk_shop::sources::http::{HttpShop, HttpSourceConfig};
use kadesk_shop::{
    CardCipher, ContactQuery, DeliveryStatus, PaymentStatus, Shop, ShopConfig, ShopSource,
    SourceConfig,
};
use serde_json::{json, Value};

const TOKEN: &str = "Bearer shop-api-token";

fn order_json(no: &str, status: i64, created: &str) -> Value {
    json!({
        "order_sn": no, "goods": {"name": "爱奇艺黄金 VIP 季卡"}, "email": "fan@163.com",
        "actual_price": "58.00", "status": status, "created_at": created,
        "info": if status == 4 { "IQY-AAAA-BBBB-CCCC-DDDD" } else { "" }
    })
}

async fn fake_shop() -> SocketAddr {
    async fn order(headers: HeaderMap, Path(no): Path<String>) -> impl IntoResponse {
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(TOKEN) {
            return (StatusCode::UNAUTHORIZED, Json(json!({"msg": "token"}))).into_response();
        }
        match no.as_str() {
            "HTTP0001" => {
                Json(json!({"code": 0, "data": order_json("HTTP0001", 4, "2024-11-20 14:00:00")}))
                    .into_response()
            }
            "HTTP0002" => {
                Json(json!({"code": 0, "data": order_json("HTTP0002", 1, "2024-11-20 15:00:00")}))
                    .into_response()
            }
            "BROKEN" => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "stack trace with IQY-SECRET-KEY",
            )
                .into_response(),
            "HUGE" => "x".repeat(2 * 1024 * 1024).into_response(),
            _ => (StatusCode::NOT_FOUND, Json(json!({"code": 404}))).into_response(),
        }
    }
    async fn by_contact(Query(q): Query<HashMap<String, String>>) -> Json<Value> {
        let items = if q.get("contact").map(String::as_str) == Some("fan@163.com") {
            vec![
                order_json("HTTP0001", 4, "2024-11-20 14:00:00"),
                order_json("HTTP0002", 1, "2024-11-20 15:00:00"),
            ]
        } else {
            vec![]
        };
        Json(json!({"code": 0, "data": {"items": items}}))
    }
    let app = Router::new()
        .route("/api/order/{no}", get(order))
        .route("/api/orders", get(by_contact));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn config(addr: SocketAddr) -> HttpSourceConfig {
    serde_json::from_value(json!({
        "name": "myshop",
        "order_url": format!("http://{addr}/api/order/{{order_no}}"),
        "contact_url": format!("http://{addr}/api/orders?contact={{contact}}"),
        "headers": {"Authorization": TOKEN},
        "fields": {"order": "data", "list": "data.items", "order_no": "order_sn",
                   "product": "goods.name", "contact": "email", "amount": "actual_price",
                   "status": "status", "created_at": "created_at", "card_keys": "info"},
        "status_map": {"1": "unpaid", "4": "paid/delivered"}
    }))
    .unwrap()
}

#[tokio::test]
async fn orders_come_from_the_shop_api_through_the_field_mapping() {
    let addr = fake_shop().await;
    let shop = HttpShop::new(config(addr)).unwrap();
    let order = shop.order("HTTP0001").await.unwrap().expect("found");
    assert_eq!(order.source, "myshop");
    assert_eq!(order.product_name, "爱奇艺黄金 VIP 季卡");
    assert_eq!(order.amount_cents, 5800);
    assert_eq!(order.payment_status, PaymentStatus::Paid);
    assert_eq!(order.delivery_status, DeliveryStatus::Delivered);
    assert_eq!(order.created_at, 1_732_082_400_000);
    assert_eq!(order.card_keys, ["IQY-A***-****-****-DDDD"]);
    let keys = shop.card_keys(&order).await.unwrap();
    assert_eq!(keys[0].expose(), "IQY-AAAA-BBBB-CCCC-DDDD");

    assert!(
        shop.order("NOSUCH").await.unwrap().is_none(),
        "404 is not found"
    );
    let mine = shop
        .orders_by_contact(&ContactQuery::parse("fan@163.com"), 10)
        .await
        .unwrap();
    let nos: Vec<&str> = mine.iter().map(|o| o.order_no.as_str()).collect();
    assert_eq!(nos, ["HTTP0002", "HTTP0001"], "newest first");
}

#[tokio::test]
async fn shop_api_failures_are_errors_without_the_body_or_the_token() {
    let addr = fake_shop().await;
    let shop = HttpShop::new(config(addr)).unwrap();
    let err = shop.order("BROKEN").await.expect_err("500").to_string();
    assert!(err.contains("500"), "{err}");
    assert!(
        !err.contains("IQY-SECRET-KEY") && !err.contains("shop-api-token"),
        "{err}"
    );
    let err = shop.order("HUGE").await.expect_err("too big").to_string();
    assert!(err.contains("1 MiB"), "{err}");

    let mut unauthorised = config(addr);
    unauthorised.headers.clear();
    let shop = HttpShop::new(unauthorised).unwrap();
    let err = shop.order("HTTP0001").await.expect_err("401").to_string();
    assert!(err.contains("401"), "{err}");
}

#[tokio::test]
async fn a_lookup_asks_the_built_in_store_first_then_the_shop_api() {
    let addr = fake_shop().await;
    let dir = tempfile::tempdir().unwrap();
    let store =
        kadesk_store::Store::connect(&format!("sqlite://{}", dir.path().join("k.db").display()))
            .await
            .unwrap();
    let shop = Shop::new(store, CardCipher::ephemeral())
        .configure(&ShopConfig {
            sources: vec![SourceConfig::Http(Box::new(config(addr)))],
            ..ShopConfig::default()
        })
        .unwrap();
    let input: kadesk_shop::OrderInput = serde_json::from_value(json!({
        "order_no": "LOCAL1", "product": "p", "email": "fan@163.com",
        "amount": "1.00", "payment_status": "unpaid"
    }))
    .unwrap();
    shop.ingest(vec![input]).await.unwrap();
    assert_eq!(
        shop.find_order("LOCAL1").await.unwrap().map(|o| o.source),
        Some("builtin".into())
    );
    assert_eq!(
        shop.find_order("HTTP0002").await.unwrap().map(|o| o.source),
        Some("myshop".into())
    );
    let all = shop.orders_for_contact("fan@163.com", 10).await.unwrap();
    assert_eq!(all.len(), 3, "both sources, de-duplicated");
    // A source that fails is reported when nothing was found elsewhere.
    let err = shop.find_order("BROKEN").await.expect_err("source failed");
    assert!(err.to_string().contains("myshop"), "{err}");
}

/// A shop API that only writes down which paths were asked for.
async fn recording_shop() -> (SocketAddr, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let app = Router::new().fallback(move |uri: axum::http::Uri| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push(uri.to_string());
            (StatusCode::NOT_FOUND, Json(json!({"code": 404})))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, asked)
}

#[tokio::test]
async fn order_numbers_and_contacts_that_could_climb_the_url_are_never_sent() {
    let (addr, asked) = recording_shop().await;
    let shop = HttpShop::new(
        serde_json::from_value(json!({
            "order_url": format!("http://{addr}/api/order/{{order_no}}"),
            "trade_url": format!("http://{addr}/api/trade/{{trade_no}}"),
            "contact_url": format!("http://{addr}/api/contact/{{contact}}/orders"),
        }))
        .unwrap(),
    )
    .unwrap();
    for order_no in [
        "..",
        ".",
        "../admin",
        "a/b",
        "D1?x=1",
        "D1#",
        "订单1",
        &"9".repeat(65),
    ] {
        assert!(
            shop.order(order_no).await.unwrap().is_none(),
            "{order_no:?} is no order"
        );
    }
    for trade_no in ["..", ".", "a\nb"] {
        assert!(shop.order_by_trade_no(trade_no).await.unwrap().is_none());
    }
    for contact in ["..", ".", "...", &"a".repeat(201)] {
        let found = shop
            .orders_by_contact(&ContactQuery::parse(contact), 10)
            .await
            .unwrap();
        assert!(found.is_empty(), "{contact:?}");
    }
    assert_eq!(
        asked.lock().unwrap().as_slice(),
        &[] as &[String],
        "nothing invalid reached the shop"
    );

    // Valid values are asked for, percent-encoded.
    assert!(shop.order("D-1_x").await.unwrap().is_none());
    let found = shop
        .orders_by_contact(&ContactQuery::parse("fan+1/../x@163.com"), 10)
        .await
        .unwrap();
    assert!(found.is_empty());
    assert_eq!(
        asked.lock().unwrap().as_slice(),
        [
            "/api/order/D-1_x",
            "/api/contact/fan%2B1%2F..%2Fx%40163.com/orders"
        ]
    );
}
