//! A card key goes in through the shop's webhook and out again to a verified
//! buyer, to a supervisor and to the bot's re-delivery function, on a real
//! server over TCP, while every log line at TRACE level (kadesk, sqlx,
//! tower-http, hyper, and `log` records) is captured. Afterwards the plain
//! key (and the lookup password) must be found nowhere: not in the logs, not
//! in any byte of the SQLite database files.
//!
//! One test in this binary: it installs the global log subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{signed_in, TestDb};
use kadesk_domain::{Role, SenderKind};
use kadesk_shop::webhook::sign;
use kadesk_shop::{CardCipher, Shop};
use kadesk_store::NewMessage;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const PASSWORD: &str = "lookup-pw-5521";
const SECRET: &str = "whsec_secret_test";
const API_KEY: &str = "shopkey_secret_test";

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn json_headers(token: Option<&str>) -> Vec<(&'static str, String)> {
    let mut h = vec![("Content-Type", "application/json".to_owned())];
    if let Some(t) = token {
        h.push(("Authorization", format!("Bearer {t}")));
    }
    h
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redelivered_card_key_is_in_no_log_line_and_no_database_byte() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber in this test binary");

    let db = TestDb::sqlite();
    let state = db.state().await;
    let shop = Shop::new(state.store.clone(), CardCipher::ephemeral())
        .with_secrets(Some(SECRET), Some(API_KEY));
    let state = state.with_shop(shop);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kadesk_server::serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));

    // 1. The shop delivers the order with its card key through the webhook.
    let order = json!({
        "order_no": "D20241120X7731", "product": "Windows 11 专业版 激活码",
        "contact": "buyer2024@qq.com", "lookup_password": PASSWORD, "amount": "39.00",
        "payment_status": "paid", "delivery_status": "delivered", "card_keys": [PLAIN]
    });
    let body = json!({"event": "order.delivered", "order": order}).to_string();
    let now = kadesk_domain::now_millis() / 1000;
    let mut headers = json_headers(None);
    headers.push(("X-Kadesk-Signature", sign(SECRET, now, body.as_bytes())));
    let (status, answer) = request(
        addr,
        "POST",
        "/api/v1/shop/webhook",
        &headers,
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");

    // A batch the shop gets wrong, with the key in it: refused, key not echoed.
    let bad = json!({"orders": [{"order_no": "bad no", "product": "x", "email": "a@b.c",
        "amount": "1", "payment_status": "paid", "card_keys": [PLAIN]}]})
    .to_string();
    let (status, answer) = request(
        addr,
        "POST",
        "/api/v1/shop/orders",
        &json_headers(Some(API_KEY)),
        bad.as_bytes(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(!answer.to_string().contains(PLAIN));
    // A replay of the signed delivery is refused.
    let (status, _) = request(
        addr,
        "POST",
        "/api/v1/shop/webhook",
        &headers,
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 401);

    // 2. A buyer asks in the widget; first with a wrong proof (the key itself!).
    let (status, session) = request(
        addr,
        "POST",
        "/api/v1/widget/session",
        &json_headers(None),
        json!({"language": "zh-CN"}).to_string().as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    let visitor = session["visitor_token"].as_str().unwrap().to_owned();
    let contact = state
        .store
        .visitor(&kadesk_server::auth::token_hash(&visitor))
        .await
        .unwrap()
        .unwrap();
    let conversation = kadesk_server::api::widget::start_conversation(&state, &contact)
        .await
        .unwrap()
        .id;
    state
        .store
        .append_message(&NewMessage {
            conversation_id: conversation,
            sender: SenderKind::Buyer,
            sender_id: None,
            sender_name: None,
            text: "卡密没收到，订单号 D20241120X7731".into(),
            attachments: vec![],
            client_id: Some("c-1".into()),
            quick_replies: vec![],
        })
        .await
        .unwrap();
    let verify = |proof: &str| json!({"order_no": "D20241120X7731", "proof": proof}).to_string();
    let (status, answer) = request(
        addr,
        "POST",
        "/api/v1/widget/orders/verify",
        &json_headers(Some(&visitor)),
        verify(PLAIN).as_bytes(),
    )
    .await;
    assert_eq!(status, 403);
    assert!(!answer.to_string().contains(PLAIN));
    let (status, answer) = request(
        addr,
        "POST",
        "/api/v1/widget/orders/verify",
        &json_headers(Some(&visitor)),
        verify(PASSWORD).as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["keys"][0], PLAIN, "the verified buyer gets the key");

    // 3. The bot's re-delivery function.
    let keys = kadesk_server::shop::verify_and_redeliver(
        &state,
        conversation,
        "D20241120X7731",
        "buyer2024@qq.com",
        None,
    )
    .await
    .unwrap();
    assert_eq!(keys[0].expose(), PLAIN);
    tracing::debug!(?keys, "what a careless caller would log");

    // 4. Agents: the listing is masked; a supervisor reveals.
    let (_, agent) = signed_in(&state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
    let (_, supervisor) = signed_in(&state.store, "laozhang", Role::Supervisor, "pw-super-1").await;
    let (status, list) = request(
        addr,
        "GET",
        &format!("/api/v1/orders?conversation_id={conversation}"),
        &json_headers(Some(&agent)),
        b"",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["card_keys"][0], "KDSK-****-****-****-W8RT");
    assert!(!list.to_string().contains(PLAIN));
    let (status, revealed) = request(
        addr,
        "POST",
        "/api/v1/orders/D20241120X7731/reveal",
        &json_headers(Some(&supervisor)),
        json!({"conversation_id": conversation})
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(revealed["keys"][0], PLAIN);

    // 5. A CSV import with the key on a bad line.
    let (_, admin) = signed_in(&state.store, "admin", Role::Admin, "pw-admin-1").await;
    let csv = format!(
        "order_no,product,email,amount,payment_status,card_keys\nC1,p,a@qq.com,zzz,paid,{PLAIN}\n"
    );
    let mut csv_headers = json_headers(Some(&admin));
    csv_headers[0] = ("Content-Type", "text/csv".into());
    let (status, report) = request(
        addr,
        "POST",
        "/api/v1/shop/import",
        &csv_headers,
        csv.as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!report.to_string().contains(PLAIN));

    let audit = state.store.audit_entries(20).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "card_key_redelivered")
            .count(),
        2
    );
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "card_key_revealed")
            .count(),
        1
    );

    // Stop everything so every byte is on disk.
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    state.store.close().await;

    let logs = captured.0.lock().unwrap().clone();
    let log_text = String::from_utf8_lossy(&logs);
    assert!(
        log_text.contains("card keys re-delivered") && log_text.contains("TRACE"),
        "the capture works and runs at TRACE:\n{log_text}"
    );
    let compact: String = PLAIN.chars().filter(|c| *c != '-').collect();
    for secret in [PLAIN, compact.as_str(), "9ZP2-LX4M", PASSWORD] {
        assert!(
            !contains(&logs, secret),
            "{secret} is in the log:\n{log_text}"
        );
    }
    let db_files = files(db.dir.path());
    assert!(db_files.iter().any(|p| p.ends_with("kadesk.db")));
    for file in db_files {
        let bytes = std::fs::read(&file).unwrap();
        for secret in [PLAIN, compact.as_str(), "9ZP2-LX4M", PASSWORD] {
            assert!(
                !contains(&bytes, secret),
                "{secret} is in {}",
                file.display()
            );
        }
    }
}
