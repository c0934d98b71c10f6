//! The buyer's side of the security review (issue 10): what a buyer is
//! sent, when a conversation starts, how many sessions an address may open,
//! how the buyer socket is authenticated, and whether the bot's verification
//! counts against the buyer's address. Against a real server on SQLite, and
//! on PostgreSQL too when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use common::{http, http_from, http_with, signed_in, upload, Reply, Socket, TestDb, TestServer};
use kadesk_domain::Role;
use kadesk_server::limits::SessionLimit;
use kadesk_shop::OrderInput;
use serde_json::{json, Value};

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const ORDER: &str = "D20241120X7731";
const EMAIL: &str = "buyer2024@qq.com";

/// Field names only agents may see.
const AGENT_ONLY_FIELDS: &[&str] = &[
    "handoff",
    "reasons",
    "summary",
    "summary_zh",
    "summary_en",
    "priority",
    "tags",
    "notes",
    "assignee_id",
    "sender_id",
    "contact_id",
    "contact_name",
    "email",
    "phone",
    "last_message_text",
    "analysis",
    "flags",
];

/// Values agents wrote or the desk concluded about the buyer in this test.
const AGENT_ONLY_VALUES: &[&str] = &[
    "suspected fraud",
    "疑似诈骗",
    "骗子",
    "verification_failed",
    "order_problem",
    "urgent",
    "198.50",
    "possibly forged",
    "13912345678",
];

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

/// Fails when `value` (anything a buyer was sent) has an agent-only field
/// name anywhere in it, or an agent-only value anywhere in its text.
fn assert_buyer_safe(what: &str, value: &Value) {
    fn walk(what: &str, path: &str, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    assert!(
                        !AGENT_ONLY_FIELDS.contains(&key.as_str()),
                        "{what}: agent-only field {path}.{key} sent to the buyer: {value}"
                    );
                    walk(what, &format!("{path}.{key}"), inner);
                }
            }
            Value::Array(items) => {
                for (i, inner) in items.iter().enumerate() {
                    walk(what, &format!("{path}[{i}]"), inner);
                }
            }
            _ => {}
        }
    }
    walk(what, "", value);
    let text = value.to_string();
    for secret in AGENT_ONLY_VALUES {
        assert!(
            !text.contains(secret),
            "{what}: agent-only value {secret:?} sent to the buyer: {text}"
        );
    }
}

/// A buyer socket that keeps every frame it reads, for the final check.
struct Recorded {
    socket: Socket,
    frames: Vec<Value>,
}

impl Recorded {
    fn new(socket: Socket) -> Recorded {
        Recorded {
            socket,
            frames: Vec::new(),
        }
    }

    async fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let frame = self.socket.next().await;
            self.frames.push(frame.clone());
            if pred(&frame) {
                return frame;
            }
        }
    }

    async fn next_of(&mut self, kind: &str) -> Value {
        self.until(|f| f["type"] == kind).await
    }

    async fn send(&mut self, frame: Value) {
        self.socket.send(frame).await;
    }

    /// Reads whatever else arrives until the socket is quiet for a moment.
    async fn drain(&mut self) {
        while let Ok(frame) =
            tokio::time::timeout(Duration::from_millis(500), self.socket.next()).await
        {
            self.frames.push(frame);
        }
    }
}

/// A small real PNG.
fn png() -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(12, 9, |x, y| image::Rgb([x as u8 * 20, y as u8 * 25, 7]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn conversation_count(server: &TestServer) -> usize {
    server
        .state
        .store
        .conversations(&Default::default(), None, 200)
        .await
        .unwrap()
        .items
        .len()
}

async fn contact_count(server: &TestServer) -> usize {
    server
        .state
        .store
        .contacts(None, None, 1000)
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_buyer_facing_answer_or_frame_carries_agent_only_fields() {
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.label);
        buyer_sees_no_agent_data(&db).await;
    }
}

async fn buyer_sees_no_agent_data(db: &TestDb) {
    let server = TestServer::start_with_bot(db).await;
    seed_order(&server).await;
    let (_, agent) = signed_in(&server.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
    let mut agent_socket = server
        .socket(&format!("/api/v1/agent/ws?token={agent}"))
        .await;
    agent_socket.next_of("hello").await;
    // Everything a buyer is answered, by what it was.
    let mut answers: Vec<(String, Value)> = Vec::new();

    // The widget opens; the buyer writes and is asked for proof.
    let session = server.widget_session("zh-CN").await;
    answers.push(("new widget session".into(), session.clone()));
    let token = session["visitor_token"].as_str().unwrap().to_owned();
    let contact_id = session["contact"]["id"].as_i64().unwrap();
    let mut buyer = Recorded::new(server.buyer_socket(&token, None).await);
    buyer.next_of("hello").await;
    buyer
        .send(json!({"type": "send", "client_id": "b1",
            "text": format!("我的卡密没收到，订单号 {ORDER}")}))
        .await;
    let ack = buyer.next_of("ack").await;
    let id = ack["message"]["conversation_id"].as_i64().unwrap();
    buyer
        .until(|f| f["type"] == "message" && f["message"]["sender"] == "bot")
        .await;

    // Agents note what they think of the buyer.
    let (status, body) = http(
        server.addr,
        "PATCH",
        &format!("/api/v1/contacts/{contact_id}"),
        Some(&agent),
        Some(&json!({"name": "骗子张三", "phone": "13912345678",
                     "tags": ["suspected fraud", "疑似诈骗"]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // The buyer proves the order: the keys come in a buyer-only frame.
    buyer
        .send(json!({"type": "send", "client_id": "b2", "text": EMAIL}))
        .await;
    let keys = buyer.next_of("card_keys").await;
    assert_eq!(keys["keys"], json!([PLAIN]));

    // The desk hands off with fraud findings, as the bot does; an agent
    // claims it, types and answers.
    let handed = server
        .state
        .store
        .hand_off(
            id,
            &["verification_failed", "order_problem"],
            2,
            &json!({"text_zh": "截图金额 198.50 与订单 6.00 不符，疑似伪造",
                    "text_en": "receipt shows 198.50, the order 6.00: possibly forged"}),
        )
        .await
        .unwrap();
    server.state.hub.conversation(&handed);
    buyer
        .until(|f| f["type"] == "conversation" && f["conversation"]["status"] == "queued")
        .await;
    let (status, _) = server
        .post(
            &format!("/api/v1/conversations/{id}/claim"),
            Some(&agent),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    agent_socket
        .send(json!({"type": "typing", "conversation_id": id, "on": true}))
        .await;
    buyer.next_of("typing").await;
    let (status, _) = server
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&agent),
            &json!({"text": "您好，我来核实一下", "client_id": "a1"}),
        )
        .await;
    assert_eq!(status, 201);
    buyer
        .until(|f| f["type"] == "message" && f["message"]["sender"] == "agent")
        .await;

    // The agents' view holds what the buyer must not see.
    let (_, agent_view) = server
        .get(&format!("/api/v1/conversations/{id}"), Some(&agent))
        .await;
    assert_eq!(agent_view["handoff"]["reasons"][0], "verification_failed");
    assert_eq!(agent_view["priority"], 2);
    let (_, contact_view) = server
        .get(&format!("/api/v1/contacts/{contact_id}"), Some(&agent))
        .await;
    assert_eq!(contact_view["tags"][0], "suspected fraud");

    // Every other frame of the buyer socket.
    buyer.send(json!({"type": "ping"})).await;
    buyer.next_of("pong").await;
    buyer.send(json!({"type": "sync", "after": 0})).await;
    buyer.next_of("synced").await;
    buyer.send(json!({"type": "explode"})).await;
    buyer.next_of("error").await;
    buyer
        .send(
            json!({"type": "send", "client_id": "b3", "conversation_id": id + 1000, "text": "hi"}),
        )
        .await;
    buyer.next_of("error").await;

    // Every buyer-facing REST answer.
    let (status, verified) = server
        .post(
            "/api/v1/widget/orders/verify",
            Some(&token),
            &json!({"order_no": ORDER, "proof": EMAIL}),
        )
        .await;
    assert_eq!(status, 200, "{verified}");
    answers.push(("order verification".into(), verified));
    let (status, refused) = server
        .post(
            "/api/v1/widget/orders/verify",
            Some(&token),
            &json!({"order_no": ORDER, "proof": "someone@else.cn"}),
        )
        .await;
    assert_eq!(status, 403, "{refused}");
    answers.push(("refused verification".into(), refused));
    let picture = png();
    let Reply {
        status,
        body: uploaded,
        ..
    } = upload(
        server.addr,
        "/api/v1/widget/uploads",
        &token,
        &picture,
        "image/png",
        "shot.png",
    )
    .await;
    assert_eq!(status, 201, "{uploaded}");
    answers.push(("widget upload".into(), uploaded));
    let Reply {
        status,
        body: attached,
        ..
    } = upload(
        server.addr,
        "/api/v1/widget/attachments?category=payment",
        &token,
        &picture,
        "image/png",
        "shot.png",
    )
    .await;
    assert_eq!(status, 201, "{attached}");
    assert_eq!(attached["message"]["conversation_id"], id);
    answers.push(("widget attachment".into(), attached));
    let Reply {
        status,
        body: attached,
        ..
    } = upload(
        server.addr,
        &format!("/api/v1/conversations/{id}/attachments?category=order"),
        &token,
        &picture,
        "image/png",
        "shot.png",
    )
    .await;
    assert_eq!(status, 201, "{attached}");
    answers.push(("conversation attachment by the buyer".into(), attached));
    let (status, rated) = server
        .post(
            &format!("/api/v1/widget/conversations/{id}/rating"),
            Some(&token),
            &json!({"stars": 2}),
        )
        .await;
    assert_eq!(status, 200, "{rated}");
    answers.push(("rating".into(), rated));
    let (status, resumed) = server
        .post(
            "/api/v1/widget/session",
            None,
            &json!({"visitor_token": token}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(resumed["conversation"]["id"], id);
    assert!(resumed["messages"].as_array().unwrap().len() >= 5);
    answers.push(("resumed widget session".into(), resumed));

    // A reconnecting socket: hello and the whole history.
    let mut again = Recorded::new(server.buyer_socket(&token, Some(0)).await);
    let hello = again.next_of("hello").await;
    assert_eq!(hello["conversation"]["id"], id);
    again
        .until(|f| f["type"] == "message" && f["message"]["sender"] == "agent")
        .await;
    buyer.drain().await;
    again.drain().await;

    let mut kinds = BTreeSet::new();
    for frame in buyer.frames.iter().chain(&again.frames) {
        kinds.insert(frame["type"].as_str().unwrap_or_default().to_owned());
        assert_buyer_safe(&format!("{} frame", frame["type"]), frame);
    }
    for kind in [
        "hello",
        "message",
        "ack",
        "conversation",
        "typing",
        "card_keys",
        "pong",
        "synced",
        "error",
    ] {
        assert!(
            kinds.contains(kind),
            "the walk saw a {kind} frame: {kinds:?}"
        );
    }
    for (what, answer) in &answers {
        assert_buyer_safe(what, answer);
    }
    server.stop().await;
}

#[tokio::test]
async fn opening_the_widget_starts_no_conversation_until_the_first_message() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, agent) =
            signed_in(&server.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let mut agents = server
            .socket(&format!("/api/v1/agent/ws?token={agent}"))
            .await;
        agents.next_of("hello").await;
        let session = server.widget_session("zh-CN").await;
        assert_eq!(session["conversation"], Value::Null, "{}", db.label);
        assert_eq!(session["messages"], json!([]));
        let token = session["visitor_token"].as_str().unwrap().to_owned();
        let mut tab = server.buyer_socket(&token, None).await;
        assert_eq!(tab.next_of("hello").await["conversation"], Value::Null);
        let mut other_tab = server.buyer_socket(&token, None).await;
        other_tab.next_of("hello").await;
        assert_eq!(conversation_count(&server).await, 0, "{}", db.label);

        // A message that is refused starts nothing either.
        tab.send(json!({"type": "send", "client_id": "empty", "text": "  "}))
            .await;
        assert_eq!(tab.next_of("error").await["code"], "validation");
        assert_eq!(conversation_count(&server).await, 0, "{}", db.label);

        tab.send(json!({"type": "send", "client_id": "c1", "text": "在吗"}))
            .await;
        let started = tab.next_of("conversation").await;
        let id = started["conversation"]["id"].as_i64().unwrap();
        assert_eq!(tab.next_of("ack").await["message"]["conversation_id"], id);
        assert_eq!(conversation_count(&server).await, 1, "{}", db.label);
        let seen = agents.next_of("conversation").await;
        assert_eq!(seen["conversation"]["id"], id);
        // The other tab joins the conversation and gets the message.
        let joined = other_tab.next_of("conversation").await;
        assert_eq!(joined["conversation"]["id"], id);
        let message = other_tab.next_of("message").await;
        assert_eq!(message["message"]["text"], "在吗");
        // Back on the page, the session has it.
        let (_, resumed) = server
            .post(
                "/api/v1/widget/session",
                None,
                &json!({"visitor_token": token}),
            )
            .await;
        assert_eq!(resumed["conversation"]["id"], id);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_messages_from_many_tabs_at_once_start_one_conversation() {
    const TABS: usize = 40;
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let token = server.widget_session("zh-CN").await["visitor_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut tabs = Vec::new();
        for _ in 0..TABS {
            let mut tab = server.buyer_socket(&token, None).await;
            tab.next_of("hello").await;
            tabs.push(tab);
        }
        let sends: Vec<_> = tabs
            .into_iter()
            .enumerate()
            .map(|(i, mut tab)| {
                tokio::spawn(async move {
                    tab.send(json!({"type": "send", "client_id": format!("t{i}"), "text": "在吗"}))
                        .await;
                    tab.next_of("ack").await["message"]["conversation_id"]
                        .as_i64()
                        .unwrap()
                })
            })
            .collect();
        let mut ids = BTreeSet::new();
        for send in sends {
            ids.insert(send.await.unwrap());
        }
        assert_eq!(ids.len(), 1, "{}: {ids:?}", db.label);
        assert_eq!(conversation_count(&server).await, 1, "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_picture_as_the_first_message_starts_the_conversation_and_the_socket_joins_it() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let session = server.widget_session("en").await;
        let token = session["visitor_token"].as_str().unwrap().to_owned();
        let mut socket = server.buyer_socket(&token, None).await;
        assert_eq!(socket.next_of("hello").await["conversation"], Value::Null);
        let Reply { status, body, .. } = upload(
            server.addr,
            "/api/v1/widget/attachments?category=order",
            &token,
            &png(),
            "image/png",
            "shot.png",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let id = body["message"]["conversation_id"].as_i64().unwrap();
        let joined = socket.next_of("conversation").await;
        assert_eq!(joined["conversation"]["id"], id);
        let shown = socket.next_of("message").await;
        assert_eq!(shown["message"]["id"], body["message"]["id"]);
        assert_eq!(conversation_count(&server).await, 1);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_new_widget_sessions_from_one_address_gets_only_its_allowance() {
    const BURST: u32 = 20;
    const FIRED: usize = 60;
    for db in TestDb::all().await {
        // No refill during the test: exactly the burst is allowed.
        let limit = SessionLimit {
            burst: NonZeroU32::new(BURST).unwrap(),
            refill_every: Duration::from_secs(3600),
        };
        let server = TestServer::start_with(db.state().await.with_session_limit(limit)).await;
        let before = contact_count(&server).await;
        let addr = server.addr;
        let requests: Vec<_> = (0..FIRED)
            .map(|_| {
                tokio::spawn(async move {
                    http(
                        addr,
                        "POST",
                        "/api/v1/widget/session",
                        None,
                        Some(&json!({})),
                    )
                    .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for request in requests {
            answers.push(request.await.unwrap());
        }
        let ok: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == 200)
            .map(|(_, b)| b)
            .collect();
        let refused: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == 429)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(ok.len(), BURST as usize, "{}", db.label);
        assert_eq!(refused.len(), FIRED - BURST as usize, "{}", db.label);
        assert!(refused.iter().all(|b| b["error"]["code"] == "rate_limited"));
        assert_eq!(
            contact_count(&server).await - before,
            BURST as usize,
            "{}: refused sessions made no contact",
            db.label
        );
        assert_eq!(conversation_count(&server).await, 0);

        // A buyer who already has a token still gets back in; another
        // address is not affected.
        let token = ok[0]["visitor_token"].as_str().unwrap();
        let (status, _) = server
            .post(
                "/api/v1/widget/session",
                None,
                &json!({"visitor_token": token}),
            )
            .await;
        assert_eq!(status, 200);
        let elsewhere: IpAddr = "127.0.0.2".parse().unwrap();
        let (status, _) = http_from(
            Some(elsewhere),
            addr,
            "POST",
            "/api/v1/widget/session",
            None,
            Some(&json!({})),
        )
        .await;
        assert_eq!(status, 200, "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_refused_session_says_when_to_try_again() {
    for db in TestDb::all().await {
        let limit = SessionLimit {
            burst: NonZeroU32::new(1).unwrap(),
            refill_every: Duration::from_secs(3600),
        };
        let server = TestServer::start_with(db.state().await.with_session_limit(limit)).await;
        server.widget_session("zh-CN").await;
        let reply = http_with(
            server.addr,
            "POST",
            "/api/v1/widget/session",
            &[],
            Some(&json!({})),
        )
        .await;
        assert_eq!(reply.status, 429, "{}", reply.body);
        assert_eq!(reply.code(), "rate_limited");
        let retry: u64 = reply
            .header("retry-after")
            .expect("a Retry-After header")
            .parse()
            .unwrap();
        assert!((3000..=3600).contains(&retry), "{retry}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_buyer_socket_refuses_a_token_in_its_url() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let token = server.widget_session("zh-CN").await["visitor_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let refused = tokio_tungstenite::connect_async(format!(
            "ws://{}/api/v1/widget/ws?token={token}",
            server.addr
        ))
        .await;
        match refused {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 400);
            }
            other => panic!("expected 400, got {other:?}"),
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn a_buyer_socket_that_does_not_authenticate_first_is_closed() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        // Anything but `auth` first.
        let mut socket = server.socket("/api/v1/widget/ws").await;
        socket.send(json!({"type": "ping"})).await;
        assert_eq!(socket.next_of("error").await["code"], "invalid_frame");
        assert_eq!(
            socket.close_code().await,
            Some(kadesk_server::ws::CLOSE_AUTH_INVALID)
        );
        // An unknown token.
        let mut socket = server.buyer_socket(&"0".repeat(64), None).await;
        assert_eq!(socket.next_of("error").await["code"], "unauthorized");
        assert_eq!(
            socket.close_code().await,
            Some(kadesk_server::ws::CLOSE_AUTH_UNKNOWN)
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bots_verification_counts_against_the_buyers_address() {
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.label);
        bot_verification_is_limited_per_address(&db).await;
    }
}

/// Sends the order number, then the right proof; answers whether the bot
/// re-delivered the keys (`true`) or handed off because it was refused.
async fn bot_redelivers(server: &TestServer, from: IpAddr) -> bool {
    let (status, session) = http_from(
        Some(from),
        server.addr,
        "POST",
        "/api/v1/widget/session",
        None,
        Some(&json!({"language": "zh-CN"})),
    )
    .await;
    assert_eq!(status, 200, "{session}");
    let token = session["visitor_token"].as_str().unwrap();
    let mut buyer = server.buyer_socket_from(Some(from), token, None).await;
    buyer.next_of("hello").await;
    buyer
        .send(json!({"type": "send", "client_id": "o1",
            "text": format!("我的卡密没收到，订单号 {ORDER}")}))
        .await;
    buyer
        .until(|f| f["type"] == "message" && f["message"]["sender"] == "bot")
        .await;
    buyer
        .send(json!({"type": "send", "client_id": "o2", "text": EMAIL}))
        .await;
    let outcome = buyer
        .until(|f| {
            f["type"] == "card_keys"
                || (f["type"] == "conversation" && f["conversation"]["status"] == "queued")
        })
        .await;
    outcome["type"] == "card_keys"
}

async fn bot_verification_is_limited_per_address(db: &TestDb) {
    let limit = SessionLimit {
        burst: NonZeroU32::new(1000).unwrap(),
        refill_every: Duration::from_secs(1),
    };
    let server = TestServer::start_with(db.bot_state().await.with_session_limit(limit)).await;
    seed_order(&server).await;
    let attacker: IpAddr = "127.0.0.1".parse().unwrap();
    let neighbour: IpAddr = "127.0.0.2".parse().unwrap();

    // Wrong guesses through REST from one address, each on another order
    // number and from a fresh visitor, until the address is refused.
    let mut locked = false;
    for n in 0..60 {
        let (_, session) = http_from(
            Some(attacker),
            server.addr,
            "POST",
            "/api/v1/widget/session",
            None,
            Some(&json!({})),
        )
        .await;
        let token = session["visitor_token"].as_str().unwrap();
        let (status, body) = http_from(
            Some(attacker),
            server.addr,
            "POST",
            "/api/v1/widget/orders/verify",
            Some(token),
            Some(&json!({"order_no": format!("NOPE{n:04}"), "proof": "guess@example.com"})),
        )
        .await;
        match status {
            403 => continue,
            429 => {
                locked = true;
                break;
            }
            other => panic!("{}: unexpected {other}: {body}", db.label),
        }
    }
    assert!(locked, "{}: the address was never refused", db.label);

    // The bot, asked from the same address with the right proof, refuses too.
    assert!(
        !bot_redelivers(&server, attacker).await,
        "{}: the bot re-delivered to a locked address",
        db.label
    );
    // A buyer at another address is not affected.
    assert!(
        bot_redelivers(&server, neighbour).await,
        "{}: the bot refused an unrelated address",
        db.label
    );
    server.stop().await;
}
