//! The bot's second half, through the live server: VIP contacts (by tag and
//! by what they spent) go to a person, admins change the bot's settings at
//! run time (validated, stored, audited, applied at once, kept across
//! restarts), buyers rate conversations, and a buyer writing into a resolved
//! conversation gets the bot again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{http, signed_in, TestDb, TestServer};
use kadesk_domain::{Role, SenderKind};
use kadesk_shop::OrderInput;
use serde_json::{json, Value};

/// A widget session: (visitor token, conversation id, contact id).
async fn session(server: &TestServer) -> (String, i64, i64) {
    let body = server.widget_conversation("zh-CN").await;
    (
        body["visitor_token"].as_str().unwrap().to_owned(),
        body["conversation"]["id"].as_i64().unwrap(),
        body["contact"]["id"].as_i64().unwrap(),
    )
}

async fn patch_contact(server: &TestServer, agent: &str, id: i64, body: Value) -> Value {
    let (status, body) = server
        .patch(&format!("/api/v1/contacts/{id}"), Some(agent), &body)
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Paid orders of `email` worth `yuan` each.
async fn seed_orders(server: &TestServer, email: &str, prefix: &str, yuan: &[&str]) {
    let orders: Vec<OrderInput> = yuan
        .iter()
        .enumerate()
        .map(|(i, amount)| {
            serde_json::from_value(json!({
                "order_no": format!("{prefix}{i:04}"), "product": "Steam 钱包充值卡",
                "contact": email, "amount": amount,
                "payment_status": "paid", "delivery_status": "delivered",
                "created_at": "2024-11-20T14:00:00Z", "card_keys": [format!("KEY-{prefix}-{i}")]
            }))
            .unwrap()
        })
        .collect();
    server.state.shop.ingest(orders).await.unwrap();
}

/// Sends a buyer line and waits until the conversation is queued or a bot
/// reply came and nothing more for a moment; returns the conversation then.
async fn say_and_settle(server: &TestServer, token: &str, id: i64, text: &str) -> Value {
    let mut buyer = server.buyer_socket(token, None).await;
    buyer.next_of("hello").await;
    buyer
        .send(json!({"type": "send", "client_id": format!("c-{}", text.len()), "text": text}))
        .await;
    buyer
        .until(|f| {
            (f["type"] == "conversation" && f["conversation"]["status"] == "queued")
                || (f["type"] == "message" && f["message"]["sender"] == "bot")
        })
        .await;
    while tokio::time::timeout(Duration::from_millis(500), buyer.next())
        .await
        .is_ok()
    {}
    let conversation = server.state.store.conversation(id).await.unwrap();
    serde_json::to_value(conversation).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_tagged_vip_goes_to_a_person_with_high_priority() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, id, contact) = session(&server).await;
        let patched =
            patch_contact(&server, &agent, contact, json!({"tags": [" VIP ", "vip"]})).await;
        assert_eq!(
            patched["tags"],
            json!(["VIP"]),
            "trimmed, without duplicates"
        );
        let conversation = say_and_settle(&server, &token, id, "我的卡密没收到").await;
        assert_eq!(
            conversation["status"], "queued",
            "{}: {conversation}",
            db.label
        );
        assert_eq!(
            conversation["handoff"]["reasons"][0], "vip",
            "{conversation}"
        );
        assert_eq!(conversation["handoff"]["priority"], "high");
        assert_eq!(conversation["priority"], 1);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_who_spent_over_the_threshold_is_a_vip_and_one_below_is_not() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        // 3 × 800 = 2400 paid, over the default 2000.
        seed_orders(
            &server,
            "whale@example.com",
            "W",
            &["800.00", "800.00", "800.00"],
        )
        .await;
        // 2 × 100 = 200 paid, under it.
        seed_orders(&server, "small@example.com", "S", &["100.00", "100.00"]).await;

        let (token, id, contact) = session(&server).await;
        patch_contact(
            &server,
            &agent,
            contact,
            json!({"email": "whale@example.com"}),
        )
        .await;
        let conversation = say_and_settle(&server, &token, id, "卡密没收到").await;
        assert_eq!(
            conversation["status"], "queued",
            "{}: {conversation}",
            db.label
        );
        let reasons = conversation["handoff"]["reasons"].as_array().unwrap();
        assert!(reasons.contains(&json!("vip")), "{conversation}");
        assert_eq!(conversation["handoff"]["priority"], "high");

        let (token, id, contact) = session(&server).await;
        patch_contact(
            &server,
            &agent,
            contact,
            json!({"email": "small@example.com"}),
        )
        .await;
        let conversation = say_and_settle(&server, &token, id, "卡密没收到").await;
        assert_eq!(
            conversation["status"], "bot",
            "{}: the bot keeps a small spender: {conversation}",
            db.label
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_change_bot_settings_at_run_time_and_they_outlive_a_restart() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let (_, lead) = signed_in(&server.state.store, "lead", Role::Supervisor, "pw-lead-1").await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let put = |token: &str, body: Value| {
            let token = token.to_owned();
            let addr = server.addr;
            async move {
                http(
                    addr,
                    "PUT",
                    "/api/v1/bot/settings",
                    Some(&token),
                    Some(&body),
                )
                .await
            }
        };

        let (status, _) = server.get("/api/v1/bot/settings", Some(&agent)).await;
        assert_eq!(status, 403, "agents do not see bot settings");
        let (status, shown) = server.get("/api/v1/bot/settings", Some(&lead)).await;
        assert_eq!(status, 200, "{shown}");
        assert_eq!(shown["source"], "file");
        assert_eq!(shown["settings"]["human_request"], true);
        let mut settings = shown["settings"].clone();

        settings["human_request"] = json!(false);
        let (status, _) = put(&lead, settings.clone()).await;
        assert_eq!(status, 403, "supervisors may not change them");

        let mut bad = settings.clone();
        bad["low_confidence"] = json!(1.5);
        let (status, body) = put(&admin, bad).await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("low_confidence"),
            "{body}"
        );
        let mut unknown = settings.clone();
        unknown["human_requests"] = json!(true);
        let (status, body) = put(&admin, unknown).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("human_requests"), "{body}");
        assert!(
            server.state.bot_config().human_request,
            "a refused update changes nothing"
        );

        let (status, saved) = put(&admin, settings.clone()).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["source"], "stored");
        assert_eq!(saved["settings"]["human_request"], false);

        // The next turn uses it: asking for a person no longer hands off.
        let (status, sim) = server
            .post(
                "/api/v1/bot/simulate",
                Some(&admin),
                &json!({"messages": ["转人工"]}),
            )
            .await;
        assert_eq!(status, 200, "{sim}");
        assert!(sim["turns"][0]["handoff"].is_null(), "{sim}");
        let (token, id, _) = session(&server).await;
        let conversation = say_and_settle(&server, &token, id, "转人工").await;
        assert_eq!(
            conversation["status"], "bot",
            "{}: {conversation}",
            db.label
        );

        let audit = server.state.store.audit_entries(10).await.unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "bot_settings_changed")
            .expect("audited");
        assert_eq!(entry.detail["human_request"], false);

        // A restart: the stored settings win over the file's.
        let store = kadesk_store::Store::connect(&db.url).await.unwrap();
        let fresh = kadesk_server::AppState::new(store.clone(), (*server.state.config).clone());
        assert!(fresh.bot_config().human_request, "the file says true");
        fresh.load_bot_settings().await.unwrap();
        assert!(!fresh.bot_config().human_request, "the stored false wins");
        store.close().await;

        // Restoring goes back to the file.
        let (status, restored) = http(
            server.addr,
            "DELETE",
            "/api/v1/bot/settings",
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(status, 200, "{restored}");
        assert_eq!(restored["source"], "file");
        assert!(server.state.bot_config().human_request);
        server.stop().await;
    }
}

/// Gets a conversation to `resolved` after the bot spoke (a greeting, which
/// is A/B tested) and an agent resolved it.
async fn resolved_after_bot(server: &TestServer, agent: &str) -> (String, i64) {
    let (token, id, _) = session(server).await;
    say_and_settle(server, &token, id, "你好").await;
    let (status, body) = server
        .post(
            &format!("/api/v1/conversations/{id}/resolve"),
            Some(agent),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "resolved");
    (token, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buyer_rates_their_own_conversation_once_and_the_bot_records_it() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, id) = resolved_after_bot(&server, &agent).await;
        let (other, _, _) = session(&server).await;
        let path = format!("/api/v1/widget/conversations/{id}/rating");

        for stars in [0, 6, -1] {
            let (status, body) = server
                .post(&path, Some(&token), &json!({"stars": stars}))
                .await;
            assert_eq!(status, 400, "stars {stars}: {body}");
        }
        let (status, _) = server
            .post(
                &path,
                Some(&token),
                &json!({"stars": 4, "comment": "长".repeat(501)}),
            )
            .await;
        assert_eq!(status, 400, "comment too long");
        let (status, _) = server.post(&path, Some(&other), &json!({"stars": 1})).await;
        assert_eq!(status, 404, "not another buyer's conversation");
        let (status, _) = server.post(&path, None, &json!({"stars": 1})).await;
        assert_eq!(status, 401);

        let mut watcher = server.buyer_socket(&token, None).await;
        watcher.next_of("hello").await;
        let (status, body) = server
            .post(
                &path,
                Some(&token),
                &json!({"stars": 5, "comment": " 很快，谢谢 "}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["rating"]["stars"], 5);
        assert_eq!(body["rating"]["comment"], "很快，谢谢");
        let update = watcher
            .until(|f| f["type"] == "conversation" && f["conversation"]["rating"].is_object())
            .await;
        assert_eq!(update["conversation"]["rating"]["stars"], 5);

        let (status, _) = server.post(&path, Some(&token), &json!({"stars": 1})).await;
        assert_eq!(status, 409, "rated once");
        let stored = server.state.store.conversation(id).await.unwrap();
        assert_eq!(stored.rating.unwrap().stars, 5, "{}", db.label);

        let outcomes = server.state.store.bot_outcomes(id).await.unwrap();
        let rated: Vec<_> = outcomes.iter().filter(|o| o.outcome == "rated").collect();
        assert!(!rated.is_empty(), "{}: {outcomes:?}", db.label);
        assert!(rated.iter().all(|o| o.stars == Some(5)));
        assert!(
            rated.iter().any(|o| o.template_id == "greeting"),
            "{rated:?}"
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buyer_writing_into_a_resolved_conversation_gets_the_bot_again() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, id, _) = session(&server).await;
        let queued = say_and_settle(&server, &token, id, "转人工").await;
        assert_eq!(queued["status"], "queued");
        let (status, claimed) = server
            .post(
                &format!("/api/v1/conversations/{id}/claim"),
                Some(&agent),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{claimed}");
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{id}/resolve"),
                Some(&agent),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200);

        // The agent writes a last line: it stays resolved, as before.
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{id}/messages"),
                Some(&agent),
                &json!({"text": "祝您购物愉快", "client_id": "agent-last"}),
            )
            .await;
        assert_eq!(status, 201);
        let after_agent = server.state.store.conversation(id).await.unwrap();
        assert_eq!(after_agent.status.as_str(), "resolved", "{}", db.label);

        // The buyer asks something new: the bot, unassigned, normal priority.
        let seq = after_agent.last_seq;
        let reopened = say_and_settle(&server, &token, id, "你好").await;
        assert_eq!(reopened["status"], "bot", "{}: {reopened}", db.label);
        assert!(reopened["assignee_id"].is_null(), "{reopened}");
        assert_eq!(reopened["priority"], 0);
        assert!(reopened.get("handoff").is_none(), "{reopened}");
        let later = server
            .state
            .store
            .messages_after(id, seq, 50)
            .await
            .unwrap();
        assert!(
            later.iter().any(|m| m.sender == SenderKind::Bot),
            "{}: the bot answered the new question: {later:?}",
            db.label
        );

        // And hands off again when asked.
        let again = say_and_settle(&server, &token, id, "我要找人工客服").await;
        assert_eq!(again["status"], "queued", "{again}");
        assert_eq!(again["handoff"]["reasons"][0], "human_request");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_bot_a_resolved_conversation_reopens_to_the_queue() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, id, _) = session(&server).await;
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{id}/resolve"),
                Some(&agent),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200);
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;
        buyer
            .send(json!({"type": "send", "client_id": "again", "text": "还在吗"}))
            .await;
        let frame = buyer
            .until(|f| f["type"] == "conversation" && f["conversation"]["status"] != "resolved")
            .await;
        assert_eq!(frame["conversation"]["status"], "queued");
        server.stop().await;
    }
}
