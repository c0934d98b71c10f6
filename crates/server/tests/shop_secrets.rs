//! A card key goes in through the shop's webhook and out again to a verified
//! buyer, to a supervisor and to the bot's re-delivery function, on a real
//! server over TCP, while every log line at TRACE level (kadesk, sqlx,
//! tower-http, hyper, and `log` records) is captured. Afterwards the plain
//! key (and the lookup password) must be found nowhere: not in the logs, not
//! in any byte of the SQLite database files, not in any column of any row of
//! the PostgreSQL database (read back as text, `bytea` as hex).
//!
//! One test in this binary: it installs the global log subscriber. It runs
//! on SQLite and, when configured, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{bearer, http, send, signed_in, TestDb, TestServer};
use kadesk_domain::{Role, SenderKind};
use kadesk_shop::webhook::sign;
use kadesk_shop::{CardCipher, Shop};
use kadesk_store::NewMessage;
use serde_json::json;
use sqlx::Connection;

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const PASSWORD: &str = "lookup-pw-5521";
const ORDER_NO: &str = "D20241120X7731";
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

    for db in TestDb::all().await {
        let logged_before = captured.0.lock().unwrap().len();
        card_key_round_trip(&db).await;
        let logs = captured.0.lock().unwrap()[logged_before..].to_vec();
        let log_text = String::from_utf8_lossy(&logs);
        assert!(
            log_text.contains("card keys re-delivered") && log_text.contains("TRACE"),
            "{}: the capture works and runs at TRACE:\n{log_text}",
            db.label
        );
        for secret in secrets() {
            assert!(
                !contains(&logs, &secret),
                "{}: {secret} is in the log:\n{log_text}",
                db.label
            );
        }
        if db.label == "postgres" {
            assert_no_secret_in_postgres(&db.url).await;
            // The test's folder (uploaded files and the like).
            assert_no_secret_in_files(db.dir.path());
        } else {
            // The database files, and everything else in the test's folder.
            assert_no_secret_in_sqlite(db.dir.path());
        }
    }
}

/// The plain key in every form a careless encoder might write, and the
/// lookup password.
fn secrets() -> Vec<String> {
    let compact: String = PLAIN.chars().filter(|c| *c != '-').collect();
    vec![
        PLAIN.to_owned(),
        compact,
        "9ZP2-LX4M".to_owned(),
        PASSWORD.to_owned(),
    ]
}

/// The key's way in and out on a server over `db`; the server is stopped
/// and the store closed when this returns, so every byte is written.
async fn card_key_round_trip(db: &TestDb) {
    let state = db.state().await;
    let shop = Shop::new(state.store.clone(), CardCipher::ephemeral())
        .with_secrets(Some(SECRET), Some(API_KEY));
    let server = TestServer::start_with(state.with_shop(shop)).await;
    let state = server.state.clone();
    let addr = server.addr;

    // 1. The shop delivers the order with its card key through the webhook.
    let order = json!({
        "order_no": ORDER_NO, "product": "Windows 11 专业版 激活码",
        "contact": "buyer2024@qq.com", "lookup_password": PASSWORD, "amount": "39.00",
        "payment_status": "paid", "delivery_status": "delivered", "card_keys": [PLAIN]
    });
    let body = json!({"event": "order.delivered", "order": order}).to_string();
    let now = kadesk_domain::now_millis() / 1000;
    let signature = sign(SECRET, now, body.as_bytes());
    let signed = [
        ("Content-Type", "application/json"),
        ("X-Kadesk-Signature", signature.as_str()),
    ];
    let answer = send(
        addr,
        "POST",
        "/api/v1/shop/webhook",
        &signed,
        body.as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);

    // A batch the shop gets wrong, with the key in it: refused, key not echoed.
    let bad = json!({"orders": [{"order_no": "bad no", "product": "x", "email": "a@b.c",
        "amount": "1", "payment_status": "paid", "card_keys": [PLAIN]}]});
    let (status, answer) = http(
        addr,
        "POST",
        "/api/v1/shop/orders",
        Some(API_KEY),
        Some(&bad),
    )
    .await;
    assert_eq!(status, 422);
    assert!(!answer.to_string().contains(PLAIN));
    // A replay of the signed delivery is refused.
    let answer = send(
        addr,
        "POST",
        "/api/v1/shop/webhook",
        &signed,
        body.as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 401);

    // 2. A buyer asks in the widget; first with a wrong proof (the key itself!).
    let (visitor, conversation) = server.buyer("zh-CN").await;
    state
        .store
        .append_message(&NewMessage {
            conversation_id: conversation,
            sender: SenderKind::Buyer,
            sender_id: None,
            sender_name: None,
            text: format!("卡密没收到，订单号 {ORDER_NO}"),
            attachments: vec![],
            client_id: Some("c-1".into()),
            quick_replies: vec![],
        })
        .await
        .unwrap();
    let verify = |proof: &str| json!({"order_no": ORDER_NO, "proof": proof});
    let path = "/api/v1/widget/orders/verify";
    let (status, answer) = http(addr, "POST", path, Some(&visitor), Some(&verify(PLAIN))).await;
    assert_eq!(status, 403);
    assert!(!answer.to_string().contains(PLAIN));
    let (status, answer) = http(addr, "POST", path, Some(&visitor), Some(&verify(PASSWORD))).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["keys"][0], PLAIN, "the verified buyer gets the key");

    // 3. The bot's re-delivery function.
    let keys = kadesk_desk::shop::verify_and_redeliver(
        &state,
        conversation,
        ORDER_NO,
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
    let (status, list) = server
        .get(
            &format!("/api/v1/orders?conversation_id={conversation}"),
            Some(&agent),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["card_keys"][0], "KDSK-****-****-****-W8RT");
    assert!(!list.to_string().contains(PLAIN));
    let (status, revealed) = server
        .post(
            &format!("/api/v1/orders/{ORDER_NO}/reveal"),
            Some(&supervisor),
            &json!({"conversation_id": conversation}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(revealed["keys"][0], PLAIN);

    // 5. A CSV import with the key on a bad line.
    let (_, admin) = signed_in(&state.store, "admin", Role::Admin, "pw-admin-1").await;
    let csv = format!(
        "order_no,product,email,amount,payment_status,card_keys\nC1,p,a@qq.com,zzz,paid,{PLAIN}\n"
    );
    let admin_auth = bearer(&admin);
    let headers = [
        ("Content-Type", "text/csv"),
        ("Authorization", admin_auth.as_str()),
    ];
    let report = send(
        addr,
        "POST",
        "/api/v1/shop/import",
        &headers,
        csv.as_bytes(),
    )
    .await;
    assert_eq!(report.status, 200);
    assert!(!report.body.to_string().contains(PLAIN));

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
    server.stop().await;
}

/// No byte of the SQLite files under `dir` (database, WAL, journal) holds
/// a secret; the order number is there, so the scan reads the data.
fn assert_no_secret_in_sqlite(dir: &Path) {
    let db_files = files(dir);
    assert!(db_files.iter().any(|p| p.ends_with("kadesk.db")));
    let mut order_seen = false;
    for file in db_files {
        let bytes = std::fs::read(&file).unwrap();
        order_seen |= contains(&bytes, ORDER_NO);
        for secret in secrets() {
            assert!(
                !contains(&bytes, &secret),
                "{secret} is in {}",
                file.display()
            );
        }
    }
    assert!(order_seen, "the order is stored in the database files");
}

/// No column of any row of any table holds a secret: each row is read back
/// as JSON text (`bytea` as hex, so the hex of a secret is looked for too);
/// the order number is there, so the scan reads the data.
async fn assert_no_secret_in_postgres(url: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(tables.iter().any(|(t,)| t == "orders"), "{tables:?}");
    let mut needles = secrets();
    needles.extend(secrets().iter().map(hex::encode));
    let mut order_seen = false;
    for (table,) in &tables {
        let rows: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT row_to_json(t)::text FROM \"{table}\" t"))
                .fetch_all(&mut conn)
                .await
                .unwrap();
        for (row,) in rows {
            order_seen |= row.contains(ORDER_NO);
            for needle in &needles {
                assert!(
                    !row.contains(needle.as_str()),
                    "{needle} is in a row of {table}: {row}"
                );
            }
        }
    }
    assert!(order_seen, "the order is stored in the database");
    conn.close().await.unwrap();
}

/// No file under `dir` holds a secret.
fn assert_no_secret_in_files(dir: &Path) {
    for file in files(dir) {
        let bytes = std::fs::read(&file).unwrap();
        for secret in secrets() {
            assert!(
                !contains(&bytes, &secret),
                "{secret} is in {}",
                file.display()
            );
        }
    }
}
