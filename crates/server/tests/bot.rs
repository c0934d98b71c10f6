//! The bot wired into the live server, end to end through the widget socket:
//! a buyer gets a card key re-delivered after verification (and the key is
//! stored nowhere), a buyer asking for a person lands in the queue and the
//! bot stays silent, and the simulator runs conversations for admins.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{signed_in, TestDb, TestServer};
use kadesk_domain::{Role, SenderKind};
use kadesk_shop::OrderInput;
use serde_json::{json, Value};

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const ORDER: &str = "D20241120X7731";
const EMAIL: &str = "buyer2024@qq.com";

async fn seed_order(server: &TestServer) {
    let order: OrderInput = serde_json::from_value(json!({
        "order_no": ORDER, "trade_no": "2024112022001188", "product": "王者荣耀 60 点券",
        "contact": EMAIL, "amount": "6.00",
        "payment_status": "paid", "delivery_status": "delivered",
        "created_at": "2024-11-20T14:00:00Z", "card_keys": [PLAIN]
    }))
    .unwrap();
    server.state.shop.ingest(vec![order]).await.unwrap();
}

/// A widget session: (visitor token, conversation id, conversation status).
async fn session(server: &TestServer) -> (String, i64, String) {
    let body = server.widget_conversation("zh-CN").await;
    (
        body["visitor_token"].as_str().unwrap().to_owned(),
        body["conversation"]["id"].as_i64().unwrap(),
        body["conversation"]["status"].as_str().unwrap().to_owned(),
    )
}

fn is_bot_message(frame: &Value) -> bool {
    frame["type"] == "message" && frame["message"]["sender"] == "bot"
}

/// Bot messages until none arrives for `quiet`.
async fn bot_replies(socket: &mut common::Socket, quiet: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Ok(frame) = tokio::time::timeout(quiet, socket.next()).await {
        if is_bot_message(&frame) {
            out.push(frame["message"].clone());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_buyer_gets_the_card_key_in_a_transient_frame_only() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        seed_order(&server).await;
        let (_, agent_token) =
            signed_in(&server.state.store, "watcher", Role::Agent, "pw-agent-1").await;
        let mut agent = server
            .socket(&format!("/api/v1/agent/ws?token={agent_token}"))
            .await;
        agent.next_of("hello").await;
        let (token, conversation, status) = session(&server).await;
        assert_eq!(
            status, "bot",
            "{}: new web conversations start with the bot",
            db.label
        );
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;

        buyer
            .send(json!({"type": "send", "client_id": "b1",
                "text": format!("我的卡密没收到，订单号 {ORDER}")}))
            .await;
        let first = buyer.until(is_bot_message).await;
        let mut replies = vec![first["message"].clone()];
        replies.extend(bot_replies(&mut buyer, Duration::from_millis(700)).await);
        let said: Vec<&str> = replies.iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(
            said.iter()
                .any(|t| t.contains("邮箱") || t.contains("联系方式")),
            "{}: the bot asks for proof: {said:?}",
            db.label
        );

        buyer
            .send(json!({"type": "send", "client_id": "b2", "text": EMAIL}))
            .await;
        // One sequence: the note, the keys under it, then "did you get them?".
        let note = buyer
            .until(|f| {
                f["type"] == "message"
                    && f["message"]["client_id"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("keys-"))
            })
            .await;
        let keys = buyer.next_of("card_keys").await;
        assert_eq!(keys["conversation_id"], conversation);
        assert_eq!(keys["message_id"], note["message"]["id"], "{}", db.label);
        assert_eq!(keys["order_no"], ORDER);
        assert_eq!(keys["keys"], json!([PLAIN]), "{}", db.label);
        let note_text = note["message"]["text"].as_str().unwrap_or_default();
        assert!(
            note_text.contains(ORDER) && !note_text.contains("KDSK-"),
            "{note_text}"
        );
        let after = bot_replies(&mut buyer, Duration::from_millis(700)).await;
        assert!(
            after
                .iter()
                .filter_map(|m| m["text"].as_str())
                .any(|t| t.contains("上方")),
            "{}: the bot asks about the keys above: {after:?}",
            db.label
        );

        // Agents saw the whole conversation, but never the plain key.
        let mut agent_frames = Vec::new();
        while let Ok(frame) = tokio::time::timeout(Duration::from_millis(300), agent.next()).await {
            agent_frames.push(frame);
        }
        assert!(agent_frames.iter().any(is_bot_message));
        for frame in &agent_frames {
            assert_ne!(frame["type"], "card_keys");
            assert!(
                !frame.to_string().contains(PLAIN),
                "{}: agent saw {frame}",
                db.label
            );
        }

        // Stored: the masked key, never the plain one.
        let messages = server
            .state
            .store
            .messages_after(conversation, 0, 500)
            .await
            .unwrap();
        assert!(messages.iter().any(|m| m.sender == SenderKind::Bot));
        for m in &messages {
            assert!(
                !m.text.contains(PLAIN),
                "{}: plain key stored: {}",
                db.label,
                m.text
            );
        }
        let state = server.state.store.bot_state(conversation).await.unwrap();
        assert!(!state.unwrap_or_default().contains(PLAIN));
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_a_person_queues_the_conversation_and_the_bot_goes_quiet() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let (token, conversation, _) = session(&server).await;
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;
        buyer
            .send(json!({"type": "send", "client_id": "h1", "text": "转人工"}))
            .await;
        buyer
            .until(|f| f["type"] == "conversation" && f["conversation"]["status"] == "queued")
            .await;
        let (status, body) = server
            .get(
                &format!("/api/v1/conversations/{conversation}"),
                Some(&agent),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(body["status"], "queued", "{}: {body}", db.label);
        let reasons = body["handoff"]["reasons"].as_array().unwrap();
        assert_eq!(reasons[0], "human_request", "{body}");
        assert!(body["handoff"]["summary_zh"].as_str().is_some());

        // The buyer keeps writing, angrily: nothing from the bot.
        let seq_before = server
            .state
            .store
            .conversation(conversation)
            .await
            .unwrap()
            .last_seq;
        for (i, text) in ["怎么还没人？？", "你们这是骗子平台！垃圾！我要投诉！"]
            .iter()
            .enumerate()
        {
            buyer
                .send(json!({"type": "send", "client_id": format!("a{i}"), "text": text}))
                .await;
        }
        let late = bot_replies(&mut buyer, Duration::from_millis(800)).await;
        assert!(
            late.is_empty(),
            "{}: the bot spoke after handoff: {late:?}",
            db.label
        );
        let later = server
            .state
            .store
            .messages_after(conversation, seq_before, 100)
            .await
            .unwrap();
        // The handoff's system notice may land after `seq_before`; the bot says nothing.
        assert!(
            later.iter().all(|m| m.sender != SenderKind::Bot),
            "{later:?}"
        );
        let buyer_lines = later.iter().filter(|m| m.sender == SenderKind::Buyer);
        assert_eq!(buyer_lines.count(), 2);

        // An agent hands it back: the bot owns it again, details cleared.
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/handback"),
                Some(&agent),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "bot");
        assert!(body.get("handoff").is_none(), "{body}");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_runs_turns_without_storing_or_redelivering() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        seed_order(&server).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let body = json!({"messages": [format!("付了钱没收到卡密，订单号{ORDER}"), EMAIL, "转人工"],
            "contact": {"name": "王先生"}});
        let (status, _) = server
            .post("/api/v1/bot/simulate", Some(&agent), &body)
            .await;
        assert_eq!(status, 403, "agents may not simulate");
        let (status, answer) = server
            .post("/api/v1/bot/simulate", Some(&admin), &body)
            .await;
        assert_eq!(status, 200, "{answer}");
        let turns = answer["turns"].as_array().unwrap();
        assert_eq!(turns.len(), 3);
        assert_eq!(turns[0]["intent"], "card_not_received", "{answer}");
        assert!(!turns[0]["replies"].as_array().unwrap().is_empty());
        let kinds: Vec<&str> = turns
            .iter()
            .flat_map(|t| t["actions"].as_array().unwrap())
            .filter_map(|a| a["type"].as_str())
            .collect();
        assert!(kinds.contains(&"verify_order"), "{kinds:?}");
        let text = answer.to_string();
        assert!(!text.contains(PLAIN), "no key in a simulation");
        assert!(
            !text.contains(EMAIL) || !text.contains("\"proof\":\"buyer"),
            "proof hidden"
        );
        assert_eq!(
            turns[2]["handoff"]["reasons"][0], "human_request",
            "{answer}"
        );
        assert_eq!(server.state.store.message_count().await.unwrap(), 0);
        server.stop().await;
    }
}

#[tokio::test]
async fn after_hours_the_bot_takes_a_message_and_says_when_agents_are_back() {
    for db in TestDb::all().await {
        let mut state = db.bot_state().await;
        // Hours that start an hour from now (UTC), so the desk is closed now.
        let minute = (kadesk_domain::now_millis() / 60_000).rem_euclid(1440);
        let (open, close) = ((minute + 60) % 1440, (minute + 120) % 1440);
        let hours = format!(
            "{:02}:{:02}-{:02}:{:02}",
            open / 60,
            open % 60,
            close / 60,
            close % 60
        );
        let closed = kadesk_desk::hours::BusinessHours::parse(&hours, "+00:00").unwrap();
        // The desk's hours (set at start-up from `ServerConfig::business_hours`).
        state.desk.business_hours = Some(closed);
        let server = TestServer::start_with(state).await;
        let (status, session) = server
            .post(
                "/api/v1/widget/session",
                None,
                &json!({"language": "zh-CN"}),
            )
            .await;
        assert_eq!(status, 200);
        let token = session["visitor_token"].as_str().unwrap();
        let mut buyer = server.buyer_socket(token, None).await;
        buyer.next_of("hello").await;
        buyer
            .send(json!({"type": "send", "client_id": "n1", "text": "转人工"}))
            .await;
        // The reply naming the opening time and the hand-off come in either order.
        let back = format!("{:02}:{:02}", open / 60, open % 60);
        let (mut told, mut reasons) = (false, String::new());
        while !told || reasons.is_empty() {
            let frame = buyer.next().await;
            if frame["type"] == "message"
                && frame["message"]["sender"] != "buyer"
                && frame["message"]["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(&back))
            {
                told = true;
            }
            if frame["type"] == "conversation" && frame["conversation"]["status"] == "queued" {
                // The reasons are for agents: the buyer's frame has none.
                assert!(frame["conversation"].get("handoff").is_none(), "{frame}");
                let id = frame["conversation"]["id"].as_i64().unwrap();
                let handoff = server.state.store.conversation(id).await.unwrap().handoff;
                reasons = handoff.unwrap().reasons.join(",");
            }
        }
        assert!(reasons.contains("after_hours"), "{reasons}");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lookup_password_given_as_proof_is_never_stored() {
    const PASSWORD: &str = "Qx7secret9";
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let order: OrderInput = serde_json::from_value(json!({
            "order_no": ORDER, "product": "王者荣耀 60 点券", "contact": EMAIL, "amount": "6.00",
            "lookup_password": PASSWORD, "payment_status": "paid", "delivery_status": "delivered",
            "created_at": "2024-11-20T14:00:00Z", "card_keys": [PLAIN]
        }))
        .unwrap();
        server.state.shop.ingest(vec![order]).await.unwrap();
        let (token, conversation, _) = session(&server).await;
        let mut buyer = server.buyer_socket(&token, None).await;
        buyer.next_of("hello").await;
        buyer
            .send(json!({"type": "send", "client_id": "p1", "text": format!("卡密没收到，订单号 {ORDER}")}))
            .await;
        buyer.until(is_bot_message).await;
        bot_replies(&mut buyer, Duration::from_millis(700)).await;
        buyer
            .send(
                json!({"type": "send", "client_id": "p2", "text": format!("查询密码 {PASSWORD}")}),
            )
            .await;
        let ack = buyer.next_of("ack").await;
        assert!(!ack.to_string().contains(PASSWORD), "{ack}");
        let keys = buyer.next_of("card_keys").await;
        assert_eq!(
            keys["keys"],
            json!([PLAIN]),
            "the bot read the password as typed"
        );
        let stored = server
            .state
            .store
            .messages_after(conversation, 0, 500)
            .await
            .unwrap();
        let all = serde_json::to_string(&stored).unwrap();
        assert!(!all.contains(PASSWORD), "stored: {all}");
        assert!(
            all.contains("查询密码 ••••••"),
            "the redacted form is stored: {all}"
        );
        server.stop().await;
    }
}

/// One buyer's conversation about `order_no` with two wrong proofs: what the
/// buyer saw (bot and system texts with the order number as `<NO>`, and the
/// buttons), until the conversation is queued for a person; and its id.
async fn unverified_conversation(server: &TestServer, order_no: &str) -> (Vec<String>, i64) {
    let (token, conversation, _) = session(server).await;
    let mut buyer = server.buyer_socket(&token, None).await;
    buyer.next_of("hello").await;
    let mut seen = Vec::new();
    let lines = [
        format!("我的卡密没收到，订单号 {order_no}"),
        "我的邮箱是 someone@example.com".to_owned(),
        "wrong@example.com".to_owned(),
    ];
    for (i, text) in lines.iter().enumerate() {
        buyer
            .send(json!({"type": "send", "client_id": format!("u{i}"), "text": text}))
            .await;
        let last = i == lines.len() - 1;
        loop {
            let frame = buyer.next().await;
            assert_ne!(frame["type"], "card_keys");
            if frame["type"] == "message" && frame["message"]["sender"] != "buyer" {
                let m = &frame["message"];
                let buttons: Vec<&str> = m["quick_replies"]
                    .as_array()
                    .map(|q| q.iter().filter_map(|b| b["payload"].as_str()).collect())
                    .unwrap_or_default();
                seen.push(format!(
                    "{}: {} {buttons:?}",
                    m["sender"].as_str().unwrap(),
                    m["text"].as_str().unwrap().replace(order_no, "<NO>")
                ));
                if !last {
                    break;
                }
            }
            // The bot's handoff reply comes before the queued conversation,
            // and is the one message about it (no system line repeats it).
            if last
                && frame["type"] == "conversation"
                && frame["conversation"]["status"] == "queued"
            {
                break;
            }
        }
    }
    (seen, conversation)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_the_proof_an_order_that_exists_and_one_that_does_not_read_the_same() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        seed_order(&server).await;
        let (real, real_id) = unverified_conversation(&server, ORDER).await;
        let (none, _) = unverified_conversation(&server, "D20241120X7732").await;
        assert_eq!(real, none, "{}: the buyer can tell them apart", db.label);
        assert!(
            real[0].contains("邮箱"),
            "the bot asks for the proof: {real:?}"
        );
        for line in &real {
            for secret in ["王者荣耀", "6.00", "已付款", "qq.com", "KDSK", "张卡密"] {
                assert!(
                    !line.contains(secret),
                    "{}: {line:?} tells {secret:?}",
                    db.label
                );
            }
        }
        // The agent who takes over sees the order the buyer named at once.
        let (_, agent) = signed_in(&server.state.store, "helper", Role::Agent, "pw-agent-1").await;
        let (status, conv) = server
            .get(&format!("/api/v1/conversations/{real_id}"), Some(&agent))
            .await;
        assert_eq!(status, 200, "{conv}");
        let summary = conv["handoff"]["summary_zh"].as_str().unwrap();
        assert!(
            summary.contains(ORDER)
                && summary.contains("王者荣耀 60 点券")
                && summary.contains("未验证"),
            "{}: {summary}",
            db.label
        );
        assert!(conv["handoff"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "verification_failed"));
        server.stop().await;
    }
}
