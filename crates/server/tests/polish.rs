//! What people met trying kadesk (issue 16), checked through the HTTP API
//! and the buyer's socket on SQLite and PostgreSQL: search by name, e-mail,
//! phone, message text and number; an agent's 补发卡密 and a pasted key go
//! through the buyer's one-time key box and are never stored in plain; the
//! buyer hears of an agent when they answer, not when assigned; roles change
//! and the audit log filters by who and what.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{signed_in, TestDb, TestServer};
use kadesk_domain::Role;
use kadesk_shop::OrderInput;
use serde_json::{json, Value};

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const ORDER: &str = "D20241120X7731";

async fn seed_order(server: &TestServer) {
    let order: OrderInput = serde_json::from_value(json!({
        "order_no": ORDER, "product": "王者荣耀 60 点券", "contact": "buyer2024@qq.com",
        "amount": "6.00", "payment_status": "paid", "delivery_status": "delivered",
        "created_at": "2024-11-20T14:00:00Z", "card_keys": [PLAIN]
    }))
    .unwrap();
    server.state.shop.ingest(vec![order]).await.unwrap();
}

/// Frames until none arrives for `quiet`.
async fn drain(socket: &mut common::Socket, quiet: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Ok(frame) = tokio::time::timeout(quiet, socket.next()).await {
        out.push(frame);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_conversations_by_name_email_phone_text_and_number() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (_, id) = server.buyer("zh-CN").await;
        let contact = server
            .state
            .store
            .conversation(id)
            .await
            .unwrap()
            .contact_id;
        let patch = kadesk_store::ContactPatch {
            name: Some("王小明".into()),
            email: Some(Some("wang.xm@example.com".into())),
            phone: Some(Some("13800138000".into())),
            ..kadesk_store::ContactPatch::default()
        };
        server
            .state
            .store
            .update_contact(contact, patch)
            .await
            .unwrap();
        let (_, other) = server.buyer("zh-CN").await;
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{other}/messages"),
                Some(&agent),
                &json!({"text": "订单 D20241120X9999 的卡密已补发", "client_id": "s1"}),
            )
            .await;
        assert_eq!(status, 201, "{}", db.label);

        let find = |q: &str| format!("/api/v1/search?q={}", urlencode(q));
        for (q, want, field) in [
            ("小明", id, "name"),
            ("王小明", id, "name"),
            ("wang.xm", id, "email"),
            ("WANG.XM@EXAMPLE", id, "email"),
            ("0013800", id, "phone"),
            ("X9999", other, "text"),
            ("卡密已补发", other, "text"),
        ] {
            let (status, body) = server.get(&find(q), Some(&agent)).await;
            assert_eq!(status, 200, "{}: {q}: {body}", db.label);
            let items = body["items"].as_array().unwrap();
            let hit = items
                .iter()
                .find(|i| i["conversation"]["id"] == want)
                .unwrap_or_else(|| panic!("{}: {q} did not find {want}: {body}", db.label));
            assert_eq!(hit["matched"], field, "{}: {q}", db.label);
        }
        let (_, body) = server.get(&find(&format!("#{other}")), Some(&agent)).await;
        assert_eq!(
            body["items"][0]["conversation"]["id"], other,
            "{}",
            db.label
        );
        assert_eq!(body["items"][0]["matched"], "id");
        let (_, body) = server.get(&find("nothing-like-this"), Some(&agent)).await;
        assert_eq!(body["items"], json!([]), "{}", db.label);
        // Quotes and LIKE wildcards are searched for, not obeyed.
        let (status, body) = server.get(&find("\"%_"), Some(&agent)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["items"], json!([]), "{}", db.label);
        let (status, _) = server.get("/api/v1/search?q=%20", Some(&agent)).await;
        assert_eq!(status, 400);
        let (status, _) = server.get(&find("小明"), None).await;
        assert_eq!(status, 401);
        server.stop().await;
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agents_redelivery_and_a_pasted_key_reach_the_buyer_in_the_key_box_only() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        seed_order(&server).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, id) = server.buyer("zh-CN").await;
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;
        let mut agent_socket = server.agent_socket(&admin).await;

        // An agent may not reveal keys by default, so may not re-send them.
        let path = format!("/api/v1/orders/{ORDER}/redeliver");
        let (status, _) = server
            .post(&path, Some(&agent), &json!({"conversation_id": id}))
            .await;
        assert_eq!(status, 403, "{}", db.label);
        let (status, body) = server
            .post(&path, Some(&admin), &json!({"conversation_id": id}))
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);
        assert_eq!(body["keys"], 1);
        assert!(
            !body.to_string().contains(PLAIN),
            "the agent gets no key: {body}"
        );
        let note = buyer
            .until(|f| {
                f["type"] == "message"
                    && f["message"]["client_id"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("keys-"))
            })
            .await;
        let keys = buyer.next_of("card_keys").await;
        assert_eq!(keys["message_id"], note["message"]["id"], "{}", db.label);
        assert_eq!(keys["keys"], json!([PLAIN]));
        assert!(note["message"]["text"].as_str().unwrap().contains(ORDER));
        let (status, _) = server
            .post(
                "/api/v1/orders/NOPE-1/redeliver",
                Some(&admin),
                &json!({"conversation_id": id}),
            )
            .await;
        assert_eq!(status, 404, "{}", db.label);

        // A key pasted into a reply: stored masked, the plain key boxed for the buyer.
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{id}/messages"),
                Some(&admin),
                &json!({"text": format!("您的卡密是 {PLAIN} 请查收"), "client_id": "r1"}),
            )
            .await;
        assert_eq!(status, 201, "{}: {body}", db.label);
        assert!(!body.to_string().contains(PLAIN), "{body}");
        assert!(body["text"].as_str().unwrap().contains("请查收"));
        let pasted = buyer.next_of("card_keys").await;
        assert_eq!(pasted["keys"], json!([PLAIN]), "{}", db.label);
        assert_eq!(pasted["order_no"], "");
        // The same client id again stores and boxes nothing twice.
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{id}/messages"),
                Some(&admin),
                &json!({"text": format!("您的卡密是 {PLAIN} 请查收"), "client_id": "r1"}),
            )
            .await;
        assert!(status == 200 || status == 201, "{status}");
        let later = drain(&mut buyer, Duration::from_millis(500)).await;
        assert!(
            !later.iter().any(|f| f["type"] == "card_keys"),
            "{}: a retry boxes again: {later:?}",
            db.label
        );

        // Nothing plain anywhere agents or the database see.
        for frame in drain(&mut agent_socket, Duration::from_millis(300)).await {
            assert!(
                !frame.to_string().contains(PLAIN),
                "{}: agent saw {frame}",
                db.label
            );
        }
        let stored = server.state.store.messages_after(id, 0, 500).await.unwrap();
        let all = serde_json::to_string(&stored).unwrap();
        assert!(!all.contains(PLAIN), "{}: stored {all}", db.label);
        let audit = server.state.store.audit_entries(20).await.unwrap();
        assert!(audit
            .iter()
            .any(|e| e.action == "card_key_revealed" && e.detail["channel"] == "redeliver"));
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_buyer_hears_of_an_agent_when_they_answer_not_when_assigned() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (user, agent) =
            signed_in(&server.state.store, "xiaoli", Role::Agent, "pw-agent-1").await;
        let (token, id) = server.buyer("zh-CN").await;
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{id}/assign"),
                Some(&agent),
                &json!({"user_id": user.id}),
            )
            .await;
        assert_eq!(status, 200, "{}", db.label);
        let frames = drain(&mut buyer, Duration::from_millis(500)).await;
        assert!(
            !frames.iter().any(|f| f["type"] == "message"),
            "{}: told on assignment: {frames:?}",
            db.label
        );
        for n in 1..=2 {
            let (status, _) = server
                .post(
                    &format!("/api/v1/conversations/{id}/messages"),
                    Some(&agent),
                    &json!({"text": format!("回复 {n}"), "client_id": format!("a{n}")}),
                )
                .await;
            assert_eq!(status, 201);
        }
        let stored = server.state.store.messages_after(id, 0, 50).await.unwrap();
        let texts: Vec<&str> = stored.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["客服 xiaoli 已接入，正在为您服务", "回复 1", "回复 2"],
            "{}: once, before the first answer",
            db.label
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_change_roles_and_read_the_audit_log_by_who_and_what() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (boss, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let (user, agent) =
            signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let path = format!("/api/v1/users/{}/role", user.id);
        let (status, _) = server
            .put(&path, Some(&agent), &json!({"role": "admin"}))
            .await;
        assert_eq!(status, 403, "{}", db.label);
        let (status, body) = server
            .put(&path, Some(&admin), &json!({"role": "supervisor"}))
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);
        assert_eq!(body["role"], "supervisor");
        let (status, _) = server
            .put(
                &format!("/api/v1/users/{}/role", boss.id),
                Some(&admin),
                &json!({"role": "agent"}),
            )
            .await;
        assert_eq!(status, 409, "{}: an admin keeps their own role", db.label);
        let (status, _) = server
            .put(&path, Some(&admin), &json!({"role": "owner"}))
            .await;
        assert!(status == 400 || status == 422, "{status}");

        let (status, body) = server
            .get("/api/v1/audit?action=user_role_changed", Some(&admin))
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{body}");
        assert_eq!(items[0]["actor_id"], boss.id);
        assert_eq!(items[0]["target"], format!("user:{}", user.id));
        assert_eq!(items[0]["detail"]["to"], "supervisor");
        assert!(body["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("user_role_changed")));
        let (_, body) = server
            .get(&format!("/api/v1/audit?actor_id={}", user.id), Some(&admin))
            .await;
        assert_eq!(body["items"], json!([]), "{}", db.label);
        let (_, body) = server.get("/api/v1/audit?until=1", Some(&admin)).await;
        assert_eq!(body["items"], json!([]), "{}", db.label);
        let (status, _) = server.get("/api/v1/audit", Some(&agent)).await;
        assert_eq!(status, 403, "{}", db.label);
        server.stop().await;
    }
}
