//! Shop data through the API: orders pushed with the API key, signed
//! webhooks, CSV import, agents' order lookup and reveal, buyer
//! verification with lockout. Called through the router (`oneshot`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, Method, StatusCode};
use common::{code, signed_in, Api, TestDb};
use kadesk_domain::{Role, SenderKind};
use kadesk_shop::webhook::sign;
use kadesk_shop::{CardCipher, ManualClock, Shop, VerifyError};
use kadesk_store::NewMessage;
use serde_json::{json, Value};

const SECRET: &str = "whsec_5b1f0c7e";
const API_KEY: &str = "shopkey_9d2a4e";
/// 2024-11-20 14:32:00 UTC.
const NOW: i64 = 1_732_113_120_000;
const CARD: &str = "WZRY-8K2M-Q9PL-77XA";

/// A desk whose shop has the webhook secret and API key above and a clock
/// standing at [`NOW`] that the test moves.
struct ShopApi {
    api: Api,
    clock: Arc<ManualClock>,
}

impl std::ops::Deref for ShopApi {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

impl ShopApi {
    /// One desk per database (SQLite, and PostgreSQL when configured).
    async fn all() -> Vec<ShopApi> {
        ShopApi::all_with(|shop| shop).await
    }

    /// [`ShopApi::all`] with the shop configured by `configure`.
    async fn all_with(configure: impl Fn(Shop) -> Shop) -> Vec<ShopApi> {
        let mut apis = Vec::new();
        for db in TestDb::all().await {
            apis.push(ShopApi::on(db, &configure).await);
        }
        apis
    }

    async fn on(db: TestDb, configure: impl FnOnce(Shop) -> Shop) -> ShopApi {
        let state = db.state().await;
        let clock = Arc::new(ManualClock::new(NOW));
        let shop = Shop::new(state.store.clone(), CardCipher::ephemeral())
            .with_secrets(Some(SECRET), Some(API_KEY))
            .with_clock(clock.clone());
        let state = state.with_shop(configure(shop));
        ShopApi {
            api: Api::with_state(db, state),
            clock,
        }
    }

    async fn webhook(&self, signature: Option<&str>, body: &[u8]) -> (StatusCode, Value) {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(sig) = signature {
            headers.push(("x-kadesk-signature", sig));
        }
        let (s, v, _) = self
            .send(
                Method::POST,
                "/api/v1/shop/webhook",
                &headers,
                body.to_vec(),
            )
            .await;
        (s, v)
    }

    async fn order_count(&self) -> i64 {
        self.state.store.order_count().await.unwrap()
    }

    /// Stores orders through the shop API.
    async fn push(&self, orders: Value) {
        let (status, body) = self
            .json(
                Method::POST,
                "/api/v1/shop/orders",
                Some(API_KEY),
                json!({"orders": orders}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

fn delivered_order(no: &str) -> Value {
    json!({
        "order_no": no, "trade_no": "2024112022001188", "product": "王者荣耀 60 点券",
        "contact": "buyer2024@qq.com", "lookup_password": "cha-8848", "amount": "6.00",
        "payment_status": "paid", "delivery_status": "delivered",
        "created_at": "2024-11-20T14:00:00Z", "card_keys": [CARD]
    })
}

fn webhook_body(no: &str) -> Vec<u8> {
    json!({"event": "order.delivered", "order": delivered_order(no)})
        .to_string()
        .into_bytes()
}

// ---- webhook -----------------------------------------------------------------

#[tokio::test]
async fn webhook_with_a_valid_signature_stores_the_order_with_sealed_keys() {
    for api in ShopApi::all().await {
        let body = webhook_body("D20241120X7731");
        let sig = sign(SECRET, NOW / 1000 - 20, &body);
        let (status, report) = api.webhook(Some(&sig), &body).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 1);
        let order = api
            .state
            .store
            .order_by_no("D20241120X7731")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(order.masked_keys, ["WZRY-****-****-77XA"]);
        assert_eq!(order.record.email.as_deref(), Some("buyer2024@qq.com"));
        let sealed = api.state.store.sealed_keys(order.id).await.unwrap();
        assert!(!sealed[0].sealed.contains("8K2M"));
        assert_ne!(order.record.lookup_hash.as_deref(), Some("cha-8848"));
    }
}

#[tokio::test]
async fn webhook_with_a_wrong_signature_is_refused_and_stores_nothing() {
    for api in ShopApi::all().await {
        let body = webhook_body("D1");
        let cases = [
            (
                Some(sign("not-the-secret", NOW / 1000, &body)),
                "signature_invalid",
            ),
            (
                Some(sign(SECRET, NOW / 1000, b"{\"other\":1}")),
                "signature_invalid",
            ),
            (Some("t=1,v1=abc".to_owned()), "signature_malformed"),
            (None, "signature_missing"),
        ];
        for (sig, expected) in cases {
            let (status, answer) = api.webhook(sig.as_deref(), &body).await;
            assert_eq!(
                (status, code(&answer)),
                (StatusCode::UNAUTHORIZED, expected),
                "{answer}"
            );
        }
        assert_eq!(api.order_count().await, 0);
    }
}

#[tokio::test]
async fn webhook_with_a_stale_timestamp_is_refused() {
    for api in ShopApi::all().await {
        let body = webhook_body("D1");
        for t in [NOW / 1000 - 301, NOW / 1000 + 301, NOW / 1000 - 86_400] {
            let (status, answer) = api.webhook(Some(&sign(SECRET, t, &body)), &body).await;
            assert_eq!(
                (status, code(&answer)),
                (StatusCode::UNAUTHORIZED, "signature_expired"),
                "{answer}"
            );
            assert!(answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("300 s"));
        }
        assert_eq!(api.order_count().await, 0);
    }
}

#[tokio::test]
async fn webhook_replayed_with_the_same_signature_is_refused() {
    for api in ShopApi::all().await {
        let body = webhook_body("D1");
        let sig = sign(SECRET, NOW / 1000, &body);
        assert_eq!(api.webhook(Some(&sig), &body).await.0, StatusCode::OK);
        // Change the stored order, then replay the old delivery: it must not win.
        let newer = json!({"order": {"order_no": "D1", "product": "王者荣耀 60 点券",
        "contact": "buyer2024@qq.com", "amount": "6.00", "payment_status": "refunded"}})
        .to_string()
        .into_bytes();
        api.clock.advance(Duration::from_secs(1));
        let (status, _) = api
            .webhook(Some(&sign(SECRET, NOW / 1000 + 1, &newer)), &newer)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, answer) = api.webhook(Some(&sig), &body).await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::UNAUTHORIZED, "signature_replayed")
        );
        let order = api.state.store.order_by_no("D1").await.unwrap().unwrap();
        assert_eq!(
            order.record.payment_status,
            kadesk_shop::PaymentStatus::Refunded
        );
        // A retry signed afresh is fine.
        api.clock.advance(Duration::from_secs(1));
        let (status, _) = api
            .webhook(Some(&sign(SECRET, NOW / 1000 + 2, &body)), &body)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn webhook_with_a_huge_body_is_refused_with_413() {
    for api in ShopApi::all().await {
        let mut orders = Vec::new();
        for i in 0..2000 {
            orders.push(delivered_order(&format!("D{i:06}")));
        }
        let body = json!({"orders": orders}).to_string().into_bytes();
        assert!(body.len() > 256 * 1024);
        let (status, answer) = api
            .webhook(Some(&sign(SECRET, NOW / 1000, &body)), &body)
            .await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        );
        assert_eq!(api.order_count().await, 0);
    }
}

#[tokio::test]
async fn webhook_without_a_configured_secret_is_unavailable() {
    for api in ShopApi::all_with(|shop| shop.with_secrets(None, None)).await {
        let body = webhook_body("D1");
        let (status, answer) = api
            .webhook(Some(&sign(SECRET, NOW / 1000, &body)), &body)
            .await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        );
        assert!(answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("webhook_secret"));
    }
}

// ---- order push --------------------------------------------------------------

#[tokio::test]
async fn pushed_orders_need_the_api_key_and_are_idempotent_by_order_no() {
    for api in ShopApi::all().await {
        let batch = json!({"orders": [delivered_order("D1"), delivered_order("D2")]});
        for token in [None, Some("wrong")] {
            let (status, answer) = api
                .json(Method::POST, "/api/v1/shop/orders", token, batch.clone())
                .await;
            assert_eq!(
                (status, code(&answer)),
                (StatusCode::UNAUTHORIZED, "unauthorized")
            );
        }
        let (status, report) = api
            .json(
                Method::POST,
                "/api/v1/shop/orders",
                Some(API_KEY),
                batch.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (report["created"].as_i64(), report["updated"].as_i64()),
            (Some(2), Some(0))
        );
        let (_, report) = api
            .json(Method::POST, "/api/v1/shop/orders", Some(API_KEY), batch)
            .await;
        assert_eq!(
            (report["created"].as_i64(), report["updated"].as_i64()),
            (Some(0), Some(2))
        );
        assert_eq!(api.order_count().await, 2);
        let order = api.state.store.order_by_no("D1").await.unwrap().unwrap();
        assert_eq!(order.masked_keys.len(), 1, "keys replaced, not doubled");
    }
}

#[tokio::test]
async fn a_batch_with_one_bad_order_stores_nothing_and_names_it() {
    for api in ShopApi::all().await {
        let mut bad = delivered_order("D2");
        bad["amount"] = json!("-3");
        let (status, answer) = api
            .json(
                Method::POST,
                "/api/v1/shop/orders",
                Some(API_KEY),
                json!({"orders": [delivered_order("D1"), bad]}),
            )
            .await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("orders[1]") && message.contains("D2"),
            "{message}"
        );
        assert!(!message.contains(CARD), "{message}");
        assert_eq!(api.order_count().await, 0);
    }
}

// ---- CSV import --------------------------------------------------------------

#[tokio::test]
async fn admins_import_csv_and_bad_lines_are_reported() {
    for api in ShopApi::all().await {
        let (_, admin) = signed_in(&api.state.store, "admin", Role::Admin, "pw-admin-1").await;
        let (_, agent) = signed_in(&api.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let csv = "order_no,product,email,amount,payment_status,card_keys\n\
               C1,Steam 钱包充值卡 ¥100,a@qq.com,105.00,paid,STEAM-AAAAA-BBBBB-CCCCC\n\
               C2,Steam 钱包充值卡 ¥100,b@qq.com,oops,paid,STEAM-DDDDD-EEEEE-FFFFF\n";
        let api = &api;
        let call = |token: String| async move {
            let (status, body, _) = api
                .call(
                    Method::POST,
                    "/api/v1/shop/import",
                    Some(&token),
                    csv,
                    "text/csv",
                )
                .await;
            (status, body)
        };
        let (status, _) = call(agent).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, report) = call(admin).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 1);
        assert_eq!(report["errors"][0]["line"], 3);
        assert!(!report.to_string().contains("DDDDD"), "{report}");
        let audit = api.state.store.audit_entries(5).await.unwrap();
        assert_eq!(audit[0].action, "orders_imported");
    }
}

// ---- agents ------------------------------------------------------------------

#[tokio::test]
async fn agents_see_a_conversations_orders_masked_with_diagnosis() {
    for api in ShopApi::all().await {
        api.push(json!([
        delivered_order("D20241120X7731"),
        {"order_no": "D20241120X8842", "product": "原神 创世结晶 6480", "email": "other@163.com",
         "amount": "648.00", "payment_status": "paid", "delivery_status": "pending",
         "paid_at": "2024-11-20T14:00:00Z", "created_at": "2024-11-20T13:59:00Z"},
        {"order_no": "D20241119X0001", "product": "腾讯视频 VIP 月卡", "email": "stranger@163.com",
         "amount": "15", "payment_status": "paid", "delivery_status": "delivered",
         "card_keys": ["TXVIP-1111-2222-3333"]}
    ]))
    .await;
        let (_, agent) = signed_in(&api.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let (visitor, conversation) = api.buyer().await;
        let _ = visitor;
        // The contact's e-mail (set by an agent) and an order number the buyer wrote.
        let contact_id = api
            .state
            .store
            .conversation(conversation)
            .await
            .unwrap()
            .contact_id;
        let (status, _) = api
            .json(
                Method::PATCH,
                &format!("/api/v1/contacts/{contact_id}"),
                Some(&agent),
                json!({"email": "buyer2024@qq.com"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        api.state
            .store
            .append_message(&NewMessage {
                conversation_id: conversation,
                sender: SenderKind::Buyer,
                sender_id: None,
                sender_name: None,
                text: "付款半小时了还没发货，订单号 D20241120X8842".into(),
                attachments: vec![],
                client_id: None,
                quick_replies: vec![],
            })
            .await
            .unwrap();
        let (status, list) = api
            .json(
                Method::GET,
                &format!("/api/v1/orders?conversation_id={conversation}"),
                Some(&agent),
                Value::Null,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let nos: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["order_no"].as_str().unwrap())
            .collect();
        assert_eq!(nos, ["D20241120X7731", "D20241120X8842"]);
        assert_eq!(list["can_reveal"], false);
        let delivered = &list["items"][0];
        assert_eq!(delivered["card_keys"][0], "WZRY-****-****-77XA");
        assert_eq!(delivered["diagnosis"]["finding"], "delivered");
        assert_eq!(delivered["diagnosis"]["offer_redelivery"], true);
        let stuck = &list["items"][1];
        assert_eq!(stuck["diagnosis"]["finding"], "not_delivered");
        assert_eq!(stuck["diagnosis"]["escalate"], "paid_not_delivered");
        assert!(stuck["diagnosis"]["zh"]
            .as_str()
            .unwrap()
            .contains("转接人工"));
        assert!(!list.to_string().contains(CARD), "plain key never listed");
        assert!(
            !list.to_string().contains("cha-8848"),
            "lookup password never listed"
        );
        assert!(
            list["items"][0].get("lookup").is_none()
                && list["items"][0].get("lookup_hash").is_none()
        );

        let (status, one) = api
            .json(
                Method::GET,
                "/api/v1/orders?order_no=d20241119x0001",
                Some(&agent),
                Value::Null,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(one["items"][0]["order_no"], "D20241119X0001");
        let (status, _) = api
            .json(Method::GET, "/api/v1/orders", Some(&agent), Value::Null)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = api
            .json(Method::GET, "/api/v1/orders?order_no=D1", None, Value::Null)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn only_allowed_roles_reveal_card_keys_and_every_reveal_is_audited() {
    for api in ShopApi::all().await {
        api.push(json!([delivered_order("D20241120X7731")])).await;
        let (_, agent) = signed_in(&api.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let (boss, supervisor) =
            signed_in(&api.state.store, "laozhang", Role::Supervisor, "pw-super-1").await;
        let uri = "/api/v1/orders/D20241120X7731/reveal";
        let (status, answer) = api.json(Method::POST, uri, Some(&agent), json!({})).await;
        assert_eq!(
            (status, code(&answer)),
            (StatusCode::FORBIDDEN, "forbidden")
        );
        let (status, answer, headers) = api
            .send(
                Method::POST,
                uri,
                &[
                    ("authorization", &format!("Bearer {supervisor}")),
                    ("content-type", "application/json"),
                ],
                json!({"conversation_id": 42}).to_string().into_bytes(),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["keys"], json!([CARD]));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let audit = api.state.store.audit_entries(10).await.unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "card_key_revealed")
            .unwrap();
        assert_eq!(entry.actor_id, Some(boss.id));
        assert_eq!(entry.target, "order:D20241120X7731");
        assert_eq!(entry.detail["channel"], "console");
        assert_eq!(entry.detail["conversation_id"], 42);
        assert_eq!(entry.detail["role"], "supervisor");
        assert!(entry.at > 0);
        assert!(!serde_json::to_string(&audit).unwrap().contains("8K2M"));
        let (status, _) = api
            .json(
                Method::POST,
                "/api/v1/orders/NOPE/reveal",
                Some(&supervisor),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Refused reveals write nothing.
        assert_eq!(
            audit
                .iter()
                .filter(|e| e.action == "card_key_revealed")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn agents_reveal_when_the_configuration_allows_it() {
    for api in ShopApi::all_with(|shop| shop.with_agents_can_reveal(true)).await {
        api.push(json!([delivered_order("D1")])).await;
        let (_, agent) = signed_in(&api.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let (status, answer) = api
            .json(
                Method::POST,
                "/api/v1/orders/D1/reveal",
                Some(&agent),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["keys"][0], CARD);
    }
}

// ---- buyer verification ------------------------------------------------------

#[tokio::test]
async fn buyer_verification_locks_after_repeated_wrong_answers() {
    for api in ShopApi::all().await {
        api.push(json!([delivered_order("D20241120X7731")])).await;
        let (visitor, _) = api.buyer().await;
        let verify = |order_no: &'static str, proof: &'static str| {
            let visitor = visitor.clone();
            let api = &api;
            async move {
                let (s, v, h) = api
                    .send(
                        Method::POST,
                        "/api/v1/widget/orders/verify",
                        &[
                            ("authorization", &format!("Bearer {visitor}")),
                            ("content-type", "application/json"),
                        ],
                        json!({"order_no": order_no, "proof": proof})
                            .to_string()
                            .into_bytes(),
                    )
                    .await;
                (s, v, h)
            }
        };
        // Wrong order number and wrong contact get the very same answer.
        let (s1, wrong_order, _) = verify("D20241120X0000", "buyer2024@qq.com").await;
        let (s2, wrong_contact, _) = verify("D20241120X7731", "someone@qq.com").await;
        assert_eq!(s1, StatusCode::FORBIDDEN);
        assert_eq!((s1, &wrong_order), (s2, &wrong_contact));
        // The third failure locks the conversation.
        let (status, locked, headers) = verify("D20241120X7731", "13800138000").await;
        assert_eq!(
            (status, code(&locked)),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
        );
        assert_eq!(headers[header::RETRY_AFTER], "60");
        // Even the right answer waits while locked.
        let (status, _, _) = verify("D20241120X7731", "buyer2024@qq.com").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        api.clock.advance(Duration::from_secs(61));
        let (status, ok, headers) = verify("D20241120X7731", "cha-8848").await;
        assert_eq!(status, StatusCode::OK, "{ok}");
        assert_eq!(ok["keys"], json!([CARD]));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(
            ok["message"].as_str().unwrap().contains("已付款并已发货"),
            "{ok}"
        );
        let audit = api.state.store.audit_entries(10).await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "buyer_verification_locked"));
        let redelivered = audit
            .iter()
            .find(|e| e.action == "card_key_redelivered")
            .unwrap();
        assert_eq!(redelivered.detail["channel"], "web");
    }
}

#[tokio::test]
async fn lock_grows_with_each_failure_after_it_expires() {
    for api in ShopApi::all().await {
        api.push(json!([delivered_order("D1")])).await;
        let (_, conversation) = api.buyer().await;
        let try_wrong = || {
            kadesk_desk::shop::verify_and_redeliver(
                &api.state,
                conversation,
                "D1",
                "nope@qq.com",
                None,
            )
        };
        assert_eq!(try_wrong().await, Err(VerifyError::Mismatch));
        assert_eq!(try_wrong().await, Err(VerifyError::Mismatch));
        assert_eq!(
            try_wrong().await,
            Err(VerifyError::Locked {
                retry_after_secs: 60
            })
        );
        api.clock.advance(Duration::from_secs(61));
        assert_eq!(
            try_wrong().await,
            Err(VerifyError::Locked {
                retry_after_secs: 120
            })
        );
        api.clock.advance(Duration::from_secs(121));
        assert_eq!(
            try_wrong().await,
            Err(VerifyError::Locked {
                retry_after_secs: 240
            })
        );
        api.clock.advance(Duration::from_secs(241));
        let keys = kadesk_desk::shop::verify_and_redeliver(
            &api.state,
            conversation,
            "D1",
            "buyer2024@qq.com",
            None,
        )
        .await
        .unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].expose(), CARD);
        // Verified, but the order is not delivered: nothing to hand out.
        api.push(
            json!([{"order_no": "D2", "product": "p", "email": "buyer2024@qq.com",
        "amount": "1", "payment_status": "unpaid"}]),
        )
        .await;
        let none = kadesk_desk::shop::verify_and_redeliver(
            &api.state,
            conversation,
            "D2",
            "buyer2024@qq.com",
            None,
        )
        .await
        .unwrap();
        assert!(none.is_empty());
        assert!(VerifyError::Mismatch.buyer_text("zh-CN").contains("对不上"));
    }
}

#[tokio::test]
async fn orders_keys_and_contacts_round_trip_on_every_backend() {
    for db in TestDb::all().await {
        let label = db.label;
        let api = ShopApi::on(db, |shop| shop).await;
        api.push(json!([delivered_order("D1"),
            {"order_no": "D2", "product": "王者荣耀 60 点券", "phone": "+86 138 0013 8000",
             "qq": "55667788", "amount_cents": 600, "payment_status": "unpaid"}]))
            .await;
        api.push(json!([delivered_order("D1")])).await;
        let shop = &api.state.shop;
        let d1 = shop.find_order("d1").await.unwrap().expect(label);
        assert_eq!(d1.card_keys, ["WZRY-****-****-77XA"], "{label}");
        assert_eq!(d1.trade_no.as_deref(), Some("2024112022001188"), "{label}");
        let by_phone = shop.orders_for_contact("13800138000", 10).await.unwrap();
        assert_eq!(by_phone.len(), 1, "{label}");
        assert_eq!(by_phone[0].order_no, "D2", "{label}");
        assert_eq!(
            shop.orders_for_contact("QQ 55667788", 10)
                .await
                .unwrap()
                .len(),
            1,
            "{label}"
        );
        assert_eq!(
            shop.orders_for_contact("BUYER2024@qq.com", 10)
                .await
                .unwrap()
                .len(),
            1,
            "{label}"
        );
        let revealed = shop
            .reveal(1, Role::Admin, "D1", None, "console")
            .await
            .unwrap();
        assert_eq!(revealed.keys[0].expose(), CARD, "{label}");
        api.state.store.close().await;
    }
}

#[tokio::test]
async fn openapi_lists_the_shop_endpoints() {
    for api in ShopApi::all().await {
        let (status, doc) = api
            .json(Method::GET, "/api/openapi.json", None, Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK);
        for path in [
            "/api/v1/shop/orders",
            "/api/v1/shop/webhook",
            "/api/v1/shop/import",
            "/api/v1/orders",
            "/api/v1/orders/{order_no}/reveal",
            "/api/v1/widget/orders/verify",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
