//! A buyer and an agent talk over real sockets; the server restarts on the
//! same database and every acknowledged message is still there. Runs on
//! SQLite, and on PostgreSQL too when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{signed_in, TestDb, TestServer};
use kadesk_domain::Role;
use serde_json::json;

#[tokio::test]
async fn buyer_and_agent_chat_survives_retry_and_restart() {
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.label);
        chat_round_trip(&db).await;
    }
}

async fn chat_round_trip(db: &TestDb) {
    let server = TestServer::start(db).await;
    let (_agent, token) = signed_in(
        &server.state.store,
        "xiaowang",
        Role::Agent,
        "correct-horse",
    )
    .await;

    let (status, session) = server
        .post(
            "/api/v1/widget/session",
            None,
            &json!({"language": "zh-CN"}),
        )
        .await;
    assert_eq!(status, 200, "{session}");
    let visitor = session["visitor_token"].as_str().unwrap().to_owned();
    assert_eq!(session["conversation"], json!(null), "no conversation yet");

    let mut agent = server
        .socket(&format!("/api/v1/agent/ws?token={token}"))
        .await;
    assert_eq!(agent.next_of("hello").await["user"]["username"], "xiaowang");
    let mut buyer = server.buyer_socket(&visitor, None).await;
    assert_eq!(buyer.next_of("hello").await["conversation"], json!(null));

    // Buyer → agent: the first message starts the conversation.
    buyer
        .send(json!({"type": "send", "client_id": "c-1", "text": "我的卡密没收到"}))
        .await;
    let started = buyer.next_of("conversation").await;
    let conversation_id = started["conversation"]["id"].as_i64().unwrap();
    let ack = buyer.next_of("ack").await;
    assert_eq!(ack["client_id"], "c-1");
    assert_eq!(ack["message"]["seq"], 1);
    assert_eq!(ack["message"]["conversation_id"], conversation_id);
    let seen = agent.next_of("message").await;
    assert_eq!(seen["message"]["text"], "我的卡密没收到");
    assert_eq!(seen["message"]["sender"], "buyer");

    // Agent → buyer; replying claims the conversation.
    agent
        .send(json!({"type": "send", "conversation_id": conversation_id, "client_id": "a-1", "text": "您好，我来帮您查一下"}))
        .await;
    let agent_ack = agent.next_of("ack").await;
    assert_eq!(agent_ack["message"]["sender_name"], "xiaowang");
    let reply = buyer
        .until(|f| f["type"] == "message" && f["message"]["sender"] == "agent")
        .await;
    assert_eq!(reply["message"]["text"], "您好，我来帮您查一下");
    let claimed = server
        .state
        .store
        .conversation(conversation_id)
        .await
        .unwrap();
    assert_eq!(claimed.status, kadesk_domain::ConversationStatus::Assigned);

    // Typing reaches the other side.
    buyer.send(json!({"type": "typing", "on": true})).await;
    let typing = agent.next_of("typing").await;
    assert_eq!(typing["conversation_id"], conversation_id);
    assert_eq!(typing["sender"], "buyer");

    // A retry with the same client id returns the stored message, not a copy.
    buyer
        .send(json!({"type": "send", "client_id": "c-1", "text": "我的卡密没收到"}))
        .await;
    let again = buyer.next_of("ack").await;
    assert_eq!(again["message"]["id"], ack["message"]["id"]);
    buyer
        .send(json!({"type": "send", "client_id": "c-2", "text": "订单号 D20241120X7731"}))
        .await;
    // Seq 2 was the agent's first answer's note ("客服 xiaowang 已接入"), 3 the answer.
    assert_eq!(buyer.next_of("ack").await["message"]["seq"], 4);
    assert_eq!(server.state.store.message_count().await.unwrap(), 4);

    drop(buyer);
    drop(agent);
    server.stop().await;

    // Same database, new server: the buyer reconnects with its cursor.
    let server = TestServer::start(db).await;
    let mut buyer = server.buyer_socket(&visitor, Some(1)).await;
    assert_eq!(
        buyer.next_of("hello").await["conversation"]["id"],
        conversation_id
    );
    let missed: Vec<_> = [
        buyer.next_of("message").await,
        buyer.next_of("message").await,
        buyer.next_of("message").await,
    ]
    .iter()
    .map(|f| f["message"]["text"].as_str().unwrap().to_owned())
    .collect();
    assert_eq!(
        missed,
        [
            "客服 xiaowang 已接入，正在为您服务",
            "您好，我来帮您查一下",
            "订单号 D20241120X7731"
        ]
    );

    // The widget session finds the same conversation with all four messages.
    let (_, session) = server
        .post(
            "/api/v1/widget/session",
            None,
            &json!({"visitor_token": visitor}),
        )
        .await;
    assert_eq!(session["conversation"]["id"], conversation_id);
    assert_eq!(session["messages"].as_array().unwrap().len(), 4);
    server.stop().await;
}

#[tokio::test]
async fn an_invalid_frame_gets_an_error_and_the_socket_stays_open() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, session) = server
            .post("/api/v1/widget/session", None, &json!({}))
            .await;
        let visitor = session["visitor_token"].as_str().unwrap();
        let mut buyer = server.buyer_socket(visitor, None).await;
        buyer.next_of("hello").await;

        buyer.send_raw("{not json").await;
        assert_eq!(buyer.next_of("error").await["code"], "invalid_frame");
        buyer.send(json!({"type": "explode"})).await;
        assert_eq!(buyer.next_of("error").await["code"], "invalid_frame");
        buyer
            .send(json!({"type": "send", "client_id": "x", "text": "   "}))
            .await;
        let empty = buyer.next_of("error").await;
        assert_eq!(
            (empty["code"].as_str(), empty["client_id"].as_str()),
            (Some("validation"), Some("x"))
        );
        buyer
            .send_raw(&format!(
                "{{\"type\":\"send\",\"client_id\":\"big\",\"text\":\"{}\"}}",
                "字".repeat(30_000)
            ))
            .await;
        assert_eq!(buyer.next_of("error").await["code"], "payload_too_large");
        buyer
            .send(
                json!({"type": "send", "client_id": "other", "conversation_id": 999_999, "text": "hi"}),
            )
            .await;
        assert_eq!(buyer.next_of("error").await["code"], "forbidden");

        // Still open and working.
        buyer.send(json!({"type": "ping"})).await;
        assert_eq!(buyer.next_of("pong").await["type"], "pong");
        buyer
            .send(json!({"type": "send", "client_id": "ok", "text": "还在吗"}))
            .await;
        assert_eq!(buyer.next_of("ack").await["message"]["text"], "还在吗");
        server.stop().await;
    }
}

#[tokio::test]
async fn flooding_a_socket_is_rate_limited_without_closing_it() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, session) = server
            .post("/api/v1/widget/session", None, &json!({}))
            .await;
        let visitor = session["visitor_token"].as_str().unwrap();
        let mut buyer = server.buyer_socket(visitor, None).await;
        buyer.next_of("hello").await;
        // The socket allows a burst of 20 frames, then 10 a second.
        let started = std::time::Instant::now();
        for _ in 0..40 {
            buyer.send(json!({"type": "ping"})).await;
        }
        // Each ping gets one answer, in order: a pong, or a refusal.
        let mut served = Vec::new();
        while served.len() < 40 {
            let frame = buyer.next().await;
            match frame["type"].as_str() {
                Some("pong") => served.push(true),
                Some("error") if frame["code"] == "rate_limited" => served.push(false),
                _ => {}
            }
        }
        let elapsed = started.elapsed();
        assert!(
            served[..20].iter().all(|pong| *pong),
            "the burst is served: {served:?}"
        );
        // However long the flood took, no more was served than the rate allows
        // (in under two seconds, that means some pings were refused).
        let pongs = served.iter().filter(|pong| **pong).count();
        let allowed = 20 + (10.0 * elapsed.as_secs_f64()).floor() as usize;
        assert!(
            pongs <= allowed,
            "{pongs} pongs in {elapsed:?}, over the burst and 10 a second: {served:?}"
        );
        // Refused frames did not close the socket: once the rate allows, it
        // takes a message again (a refused try spends nothing).
        let acked = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            loop {
                buyer
                    .send(json!({"type": "send", "client_id": "after-flood", "text": "还在吗"}))
                    .await;
                let answer = buyer
                    .until(|f| f["type"] == "ack" || f["type"] == "error")
                    .await;
                if answer["type"] == "ack" {
                    return answer;
                }
                assert_eq!(answer["code"], "rate_limited", "{answer}");
            }
        })
        .await
        .expect("a message is taken within 5 s of the flood");
        assert_eq!(acked["message"]["text"], "还在吗");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_agent_reconnecting_syncs_what_it_missed() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, token) =
            signed_in(&server.state.store, "xiaoli", Role::Agent, "correct-horse").await;
        let (_, session) = server
            .post("/api/v1/widget/session", None, &json!({}))
            .await;
        let visitor = session["visitor_token"].as_str().unwrap();
        let mut buyer = server.buyer_socket(visitor, None).await;
        buyer.next_of("hello").await;
        let mut id = 0;
        for n in 1..=3 {
            buyer
                .send(json!({"type": "send", "client_id": format!("m{n}"), "text": format!("第{n}条")}))
                .await;
            id = buyer.next_of("ack").await["message"]["conversation_id"]
                .as_i64()
                .unwrap();
        }
        let mut agent = server
            .socket(&format!("/api/v1/agent/ws?token={token}"))
            .await;
        agent.next_of("hello").await;
        agent
            .send(json!({"type": "sync", "conversation_id": id, "after": 1}))
            .await;
        let texts = [
            agent.next_of("message").await,
            agent.next_of("message").await,
        ];
        assert_eq!(texts[0]["message"]["text"], "第2条");
        assert_eq!(texts[1]["message"]["text"], "第3条");
        let synced = agent.next_of("synced").await;
        assert_eq!(synced["last_seq"], 3);
        server.stop().await;
    }
}

#[tokio::test]
async fn agents_see_each_other_come_online() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, a) = signed_in(&server.state.store, "a1", Role::Agent, "correct-horse").await;
        let (b_user, b) = signed_in(&server.state.store, "b1", Role::Agent, "correct-horse").await;
        let mut first = server.socket(&format!("/api/v1/agent/ws?token={a}")).await;
        first.next_of("hello").await;
        let second = server.socket(&format!("/api/v1/agent/ws?token={b}")).await;
        let online = first
            .until(|f| {
                f["type"] == "presence"
                    && f["online"] == true
                    && f["user_id"] != json!(null)
                    && f["name"] == "b1"
            })
            .await;
        assert_eq!(online["user_id"], b_user.id);
        drop(second);
        let offline = first
            .until(|f| f["type"] == "presence" && f["online"] == false)
            .await;
        assert_eq!(offline["user_id"], b_user.id);
        server.stop().await;
    }
}
