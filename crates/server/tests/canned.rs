//! Canned replies over HTTP, on SQLite and PostgreSQL: who keeps which
//! (agents their own, supervisors and admins the shared ones), shortcuts
//! unique per scope, the variables filled from the conversation when an
//! agent inserts one, and every insertion counted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kadesk_domain::Role;
use kadesk_shop::OrderInput;
use serde_json::{json, Value};

fn reply(shortcut: &str, body: &str, shared: bool) -> Value {
    json!({"shortcut": shortcut, "title": format!("标题{shortcut}"), "body": body, "language": "zh", "shared": shared})
}

fn shortcuts(list: &Value) -> Vec<String> {
    let mut out: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["shortcut"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn agents_keep_their_own_and_only_supervisors_keep_the_shared_ones() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let store = &server.state.store;
        let (_, boss) = signed_in(store, "boss", Role::Supervisor, "pw-boss-1").await;
        let (_, wang) = signed_in(store, "wang", Role::Agent, "pw-wang-1").await;
        let (_, li) = signed_in(store, "li", Role::Agent, "pw-li-1").await;

        let (status, body) = server
            .post(
                "/api/v1/canned-replies",
                Some(&wang),
                &reply("hi", "您好", true),
            )
            .await;
        assert_eq!(status, 403, "{}: an agent cannot share: {body}", db.label);
        let (status, shared) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &reply("hi", "您好", true),
            )
            .await;
        assert_eq!(status, 201, "{}: {shared}", db.label);
        assert_eq!(
            (shared["shared"].clone(), shared["editable"].clone()),
            (json!(true), json!(true))
        );
        let (status, own) = server
            .post(
                "/api/v1/canned-replies",
                Some(&wang),
                &reply("mine", "小王的", false),
            )
            .await;
        assert_eq!(status, 201, "{}: {own}", db.label);
        assert_eq!(own["shared"], false);

        let (_, list) = server.get("/api/v1/canned-replies", Some(&wang)).await;
        assert_eq!(shortcuts(&list), ["hi", "mine"], "{}", db.label);
        let (_, list) = server.get("/api/v1/canned-replies", Some(&li)).await;
        assert_eq!(shortcuts(&list), ["hi"], "{}: not 小王's own", db.label);
        assert_eq!(list["items"][0]["editable"], false, "{}", db.label);
        let (_, list) = server
            .get("/api/v1/canned-replies?scope=personal", Some(&wang))
            .await;
        assert_eq!(shortcuts(&list), ["mine"], "{}", db.label);

        let shared_id = shared["id"].as_i64().unwrap();
        let own_id = own["id"].as_i64().unwrap();
        let path = |id: i64| format!("/api/v1/canned-replies/{id}");
        let (status, _) = server
            .put(&path(shared_id), Some(&wang), &reply("hi", "改了", false))
            .await;
        assert_eq!(
            status, 403,
            "{}: an agent cannot change a shared one",
            db.label
        );
        let (status, _) = server.delete(&path(own_id), Some(&li)).await;
        assert_eq!(
            status, 404,
            "{}: another's own is not there for 小李",
            db.label
        );
        let (status, _) = server.delete(&path(own_id), Some(&boss)).await;
        assert_eq!(status, 404, "{}: nor for a supervisor", db.label);
        let (status, changed) = server
            .put(&path(own_id), Some(&wang), &reply("mine2", "新的", false))
            .await;
        assert_eq!(status, 200, "{}: {changed}", db.label);
        assert_eq!(changed["shortcut"], "mine2");
        let (status, _) = server.delete(&path(own_id), Some(&wang)).await;
        assert_eq!(status, 204, "{}", db.label);
        let (status, _) = server.delete(&path(own_id), Some(&wang)).await;
        assert_eq!(status, 404, "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_taken_shortcut_and_bad_fields_are_refused_naming_the_problem() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, boss) = signed_in(&server.state.store, "boss", Role::Admin, "pw-boss-1").await;
        let (status, _) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &reply("退款", "a", true),
            )
            .await;
        assert_eq!(status, 201, "{}", db.label);
        let (status, body) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &reply("退款", "b", true),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (409, "conflict"),
            "{}: {body}",
            db.label
        );
        for (bad, why) in [
            (reply("two words", "x", false), "a space in the shortcut"),
            (reply("a/b", "x", false), "a slash in the shortcut"),
            (reply("", "x", false), "no shortcut"),
            (reply("ok", "   ", false), "a blank body"),
            (reply("ok", "您好 {nickname}", false), "an unknown variable"),
            (reply(&"长".repeat(33), "x", false), "a long shortcut"),
        ] {
            let (status, body) = server
                .post("/api/v1/canned-replies", Some(&boss), &bad)
                .await;
            assert_eq!(status, 422, "{}: {why}: {body}", db.label);
        }
        let (_, body) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &reply("ok", "{nickname}", false),
            )
            .await;
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("{nickname}"),
            "{body}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn inserting_fills_the_variables_from_the_conversation_and_counts_the_use() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let store = server.state.store.clone();
        let (_, boss) = signed_in(&store, "boss", Role::Admin, "pw-boss-1").await;
        let (wang_user, wang) = signed_in(&store, "wang", Role::Agent, "pw-wang-1").await;
        let order: OrderInput = serde_json::from_value(json!({
            "order_no": "D20241120X7731", "product": "王者荣耀 60 点券", "contact": "buyer2024@qq.com",
            "amount": "6.00", "payment_status": "paid", "delivery_status": "delivered",
            "created_at": "2024-11-20T14:00:00Z", "card_keys": ["KDSK-7F3Q-9ZP2-LX4M-W8RT"]
        }))
        .unwrap();
        server.state.shop.ingest(vec![order]).await.unwrap();
        let (_, conversation) = server.buyer("zh-CN").await;
        let contact = store.conversation(conversation).await.unwrap().contact_id;
        store
            .update_contact(
                contact,
                kadesk_store::ContactPatch {
                    name: Some("张三".into()),
                    email: Some(Some("buyer2024@qq.com".into())),
                    ..kadesk_store::ContactPatch::default()
                },
            )
            .await
            .unwrap();
        let body = "{buyer_name}您好，我是{agent_name}，订单 {order_no}（{product}）已查到";
        let (_, canned) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &reply("查单", body, true),
            )
            .await;
        let id = canned["id"].as_i64().unwrap();

        let (status, filled) = server
            .post(
                &format!("/api/v1/canned-replies/{id}/use"),
                Some(&wang),
                &json!({"conversation_id": conversation}),
            )
            .await;
        assert_eq!(status, 200, "{}: {filled}", db.label);
        assert_eq!(
            filled["text"],
            format!(
                "张三您好，我是{}，订单 D20241120X7731（王者荣耀 60 点券）已查到",
                wang_user.display_name
            ),
            "{}",
            db.label
        );
        assert_eq!(filled["reply"]["use_count"], 1, "{}", db.label);

        // Without a conversation only the agent is known; the rest stays as written.
        let (_, filled) = server
            .post(
                &format!("/api/v1/canned-replies/{id}/use"),
                Some(&wang),
                &json!({}),
            )
            .await;
        assert_eq!(
            filled["text"],
            format!(
                "{{buyer_name}}您好，我是{}，订单 {{order_no}}（{{product}}）已查到",
                wang_user.display_name
            ),
            "{}",
            db.label
        );
        let (_, list) = server.get("/api/v1/canned-replies", Some(&boss)).await;
        assert_eq!(list["items"][0]["use_count"], 2, "{}", db.label);
        let uses = store.canned_reply_uses(0, i64::MAX).await.unwrap();
        assert_eq!(uses, [(id, 2)], "{}", db.label);

        let (status, _) = server
            .post("/api/v1/canned-replies/999999/use", Some(&wang), &json!({}))
            .await;
        assert_eq!(status, 404, "{}", db.label);
        server.stop().await;
    }
}
