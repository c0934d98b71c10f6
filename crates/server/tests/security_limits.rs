//! Lockouts that hold under bursts: every attempt is counted before the slow
//! part (the order lookup, argon2), in the database, so dozens of requests in
//! flight at once are checked no more often than the limit allows; behind a
//! trusted proxy each client is counted by its own address; an attacker
//! cannot lock a user out of the browser they signed in with; counts survive
//! a restart. Run against a real server on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use common::{http_with, signed_in, Reply, TestDb, TestServer};
use futures_util::future::join_all;
use kadesk_domain::Role;
use kadesk_server::AppState;
use kadesk_shop::{CardCipher, ManualClock, OrderInput, Shop};
use serde_json::{json, Value};

const CARD: &str = "STEAM-4Q7X-LMN2-9ZPA";
const BUYER_EMAIL: &str = "buyer2024@qq.com";

/// 2026-12-01 12:00 UTC: the clock stands still, so no lock runs out mid-test.
const NOW: i64 = 1_764_590_400_000;

/// A server on a clock that stands still, whose state trusts 127.0.0.1 as
/// a reverse proxy, so each test request can say which client it forwards
/// with `X-Forwarded-For`.
async fn behind_proxy(db: &TestDb) -> TestServer {
    let mut state = still(db).await;
    state.config = std::sync::Arc::new(kadesk_server::ServerConfig {
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        ..(*state.config).clone()
    });
    TestServer::start_with(state).await
}

/// A server state on a clock that stands still at [`NOW`].
async fn still(db: &TestDb) -> AppState {
    let state = db.state().await;
    let shop = Shop::new(state.store.clone(), CardCipher::ephemeral())
        .with_clock(Arc::new(ManualClock::new(NOW)));
    state.with_shop(shop)
}

async fn seed_order(server: &TestServer, order_no: &str) {
    let order: OrderInput = serde_json::from_value(json!({
        "order_no": order_no, "product": "Steam 钱包充值卡 100 元",
        "contact": BUYER_EMAIL, "amount": "100.00",
        "payment_status": "paid", "delivery_status": "delivered",
        "created_at": "2026-12-01T10:00:00Z", "card_keys": [CARD]
    }))
    .unwrap();
    server.state.shop.ingest(vec![order]).await.unwrap();
}

/// A new buyer (made in the store, so widget-session limits play no part):
/// their visitor token.
async fn visitor(server: &TestServer, n: usize) -> String {
    common::visitor(&server.state.store, &format!("访客 {n}"))
        .await
        .1
}

async fn verify(
    addr: SocketAddr,
    visitor: &str,
    client: &str,
    order_no: &str,
    proof: &str,
) -> Reply {
    http_with(
        addr,
        "POST",
        "/api/v1/widget/orders/verify",
        &[
            ("Authorization", &format!("Bearer {visitor}")),
            ("X-Forwarded-For", client),
        ],
        Some(&json!({"order_no": order_no, "proof": proof})),
    )
    .await
}

async fn login(
    addr: SocketAddr,
    client: &str,
    username: &str,
    password: &str,
    cookie: Option<&str>,
) -> Reply {
    let mut headers = vec![("X-Forwarded-For", client)];
    if let Some(cookie) = cookie {
        headers.push(("Cookie", cookie));
    }
    http_with(
        addr,
        "POST",
        "/api/v1/auth/login",
        &headers,
        Some(&json!({"username": username, "password": password})),
    )
    .await
}

fn count(answers: &[Reply], status: u16) -> usize {
    answers.iter().filter(|a| a.status == status).count()
}

fn statuses(answers: &[Reply]) -> Vec<u16> {
    answers.iter().map(|a| a.status).collect()
}

#[tokio::test]
async fn a_burst_of_wrong_proofs_for_one_order_is_checked_only_as_often_as_allowed() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        seed_order(&server, "D20261201A0001").await;
        let mut visitors = Vec::new();
        for n in 0..51 {
            visitors.push(visitor(&server, n).await);
        }
        // 50 guesses in flight at once, each from its own visitor and address.
        let answers = join_all(visitors[..50].iter().enumerate().map(|(n, v)| {
            let client = format!("203.0.113.{}", n + 1);
            async move {
                verify(
                    server.addr,
                    v,
                    &client,
                    "D20261201A0001",
                    &format!("guess{n}@qq.com"),
                )
                .await
            }
        }))
        .await;
        // The order allows 5 failures: the 5th sets the lock (and says so), the
        // other 45 find it set and are never checked.
        assert_eq!(
            count(&answers, 403),
            4,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        assert_eq!(
            count(&answers, 429),
            46,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        let now = server.state.now();
        assert_eq!(
            server
                .state
                .store
                .attempt_failures("verify:order:D20261201A0001", now)
                .await
                .unwrap(),
            5,
            "{}",
            db.label
        );
        // The right proof at the end of the burst gets no card key.
        let last = verify(
            server.addr,
            &visitors[50],
            "198.51.100.1",
            "D20261201A0001",
            BUYER_EMAIL,
        )
        .await;
        assert_eq!(last.status, 429, "{}: {}", db.label, last.body);
        assert!(!last.body.to_string().contains(CARD));
        assert!(!last.header_values("retry-after").is_empty());
        let audit = server.state.store.audit_entries(200).await.unwrap();
        assert!(
            !audit.iter().any(|e| e.action == "card_key_redelivered"),
            "{}",
            db.label
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_burst_from_one_address_across_many_orders_is_counted_per_address() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        let mut visitors = Vec::new();
        for n in 0..30 {
            visitors.push(visitor(&server, n).await);
        }
        let answers = join_all(visitors.iter().enumerate().map(|(n, v)| async move {
            verify(
                server.addr,
                v,
                "203.0.113.77",
                &format!("D2026120100{n:02}"),
                BUYER_EMAIL,
            )
            .await
        }))
        .await;
        // 10 per address: nine plain refusals, the tenth locks, twenty never checked.
        assert_eq!(
            count(&answers, 403),
            9,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        assert_eq!(
            count(&answers, 429),
            21,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        // Another buyer behind the same proxy is not affected.
        seed_order(&server, "D20261201B0002").await;
        let other = visitor(&server, 99).await;
        let ok = verify(
            server.addr,
            &other,
            "198.51.100.23",
            "D20261201B0002",
            BUYER_EMAIL,
        )
        .await;
        assert_eq!(ok.status, 200, "{}: {}", db.label, ok.body);
        assert_eq!(ok.body["keys"], json!([CARD]));
        server.stop().await;
    }
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_do_not_change_the_address() {
    for db in TestDb::all().await {
        // No trusted proxies: every request counts against 127.0.0.1, whatever it claims.
        let server = TestServer::start_with(still(&db).await).await;
        let mut answers = Vec::new();
        for n in 0..11 {
            let v = visitor(&server, n).await;
            let claimed = format!("192.0.2.{}", n + 1);
            answers.push(
                verify(
                    server.addr,
                    &v,
                    &claimed,
                    &format!("D2026120199{n:02}"),
                    BUYER_EMAIL,
                )
                .await,
            );
        }
        assert_eq!(
            answers.last().unwrap().status,
            429,
            "{:?}",
            statuses(&answers)
        );
        let now = server.state.now();
        assert_eq!(
            server
                .state
                .store
                .attempt_failures("verify:ip:127.0.0.1", now)
                .await
                .unwrap(),
            10
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_is_checked_only_as_often_as_allowed() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        signed_in(
            &server.state.store,
            "admin",
            Role::Admin,
            "correct horse 8848",
        )
        .await;
        let answers = join_all((0..40).map(|n| async move {
            login(
                server.addr,
                "203.0.113.5",
                "admin",
                &format!("wrong-{n}"),
                None,
            )
            .await
        }))
        .await;
        assert_eq!(
            count(&answers, 401),
            10,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        assert_eq!(
            count(&answers, 429),
            30,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        // The right password from that address waits too.
        let right = login(
            server.addr,
            "203.0.113.5",
            "admin",
            "correct horse 8848",
            None,
        )
        .await;
        assert_eq!(right.status, 429, "{}", db.label);
        assert!(!right.header_values("retry-after").is_empty());
        server.stop().await;
    }
}

/// The `kadesk_device` cookie a successful sign-in set, as `name=value`.
fn device_cookie(answer: &Reply) -> String {
    answer
        .header_values("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("kadesk_device="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_admin_out_of_their_own_browser() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        signed_in(
            &server.state.store,
            "admin",
            Role::Admin,
            "correct horse 8848",
        )
        .await;
        // The admin signed in from their browser once.
        let first = login(
            server.addr,
            "198.51.100.10",
            "admin",
            "correct horse 8848",
            None,
        )
        .await;
        assert_eq!(first.status, 200, "{}", first.body);
        let device = device_cookie(&first);
        // An attacker guesses from 60 addresses at once.
        let answers = join_all((0..60).map(|n| async move {
            let client = format!("203.0.113.{}", n + 1);
            login(server.addr, &client, "admin", &format!("guess-{n}"), None).await
        }))
        .await;
        assert_eq!(
            count(&answers, 401),
            10,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        assert_eq!(
            count(&answers, 429),
            50,
            "{}: {:?}",
            db.label,
            statuses(&answers)
        );
        // A browser that never signed in as admin has to wait…
        let stranger = login(
            server.addr,
            "198.51.100.10",
            "admin",
            "correct horse 8848",
            None,
        )
        .await;
        assert_eq!(stranger.status, 429, "{}", db.label);
        // …the admin's own browser does not.
        let own = login(
            server.addr,
            "198.51.100.10",
            "admin",
            "correct horse 8848",
            Some(&device),
        )
        .await;
        assert_eq!(own.status, 200, "{}: {}", db.label, own.body);
        // A device cookie vouches only for the user it signed in as.
        signed_in(
            &server.state.store,
            "xiaowang",
            Role::Agent,
            "pw-xiaowang-1",
        )
        .await;
        let swapped = login(
            server.addr,
            "203.0.113.200",
            "xiaowang",
            "nope",
            Some(&device),
        )
        .await;
        assert_eq!(swapped.status, 401);
        server.stop().await;
    }
}

#[tokio::test]
async fn sign_in_counts_survive_a_restart() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        signed_in(
            &server.state.store,
            "admin",
            Role::Admin,
            "correct horse 8848",
        )
        .await;
        for n in 0..10 {
            let a = login(
                server.addr,
                "203.0.113.9",
                "admin",
                &format!("wrong-{n}"),
                None,
            )
            .await;
            assert_eq!(a.status, 401);
        }
        server.stop().await;
        let server = behind_proxy(&db).await;
        let a = login(
            server.addr,
            "203.0.113.9",
            "admin",
            "correct horse 8848",
            None,
        )
        .await;
        assert_eq!(a.status, 429, "the lock outlived the process");
        server.stop().await;
    }
}

#[tokio::test]
async fn many_parallel_sign_ins_are_all_answered_and_the_server_keeps_serving() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        let answers = join_all((0..200).map(|n| async move {
            let client = format!("10.{}.{}.{}", n / 65536, (n / 256) % 256, n % 256);
            login(server.addr, &client, &format!("nobody{n}"), "wrong", None).await
        }))
        .await;
        // Each is checked (401) or turned away while the hashing line is full (503).
        assert_eq!(
            count(&answers, 401) + count(&answers, 503),
            200,
            "{:?}",
            statuses(&answers)
        );
        assert!(count(&answers, 401) >= 2);
        for busy in answers.iter().filter(|a| a.status == 503) {
            assert_eq!(busy.body["error"]["code"], "busy");
            assert!(!busy.header_values("retry-after").is_empty());
        }
        let (status, _) = server.get("/healthz", None).await;
        assert_eq!(status, 200);
        // A turned-away attempt was never checked, so it does not count.
        let now = server.state.now();
        let counted: i64 = {
            let mut total = 0;
            for n in 0..200 {
                total += server
                    .state
                    .store
                    .attempt_failures(&format!("login:user:nobody{n}"), now)
                    .await
                    .unwrap();
            }
            total
        };
        assert_eq!(counted as usize, count(&answers, 401));
        server.stop().await;
    }
}

#[tokio::test]
async fn a_user_name_over_64_characters_is_refused_before_anything_else() {
    for db in TestDb::all().await {
        let server = behind_proxy(&db).await;
        let long = "a".repeat(65);
        let a = login(server.addr, "203.0.113.1", &long, "pw", None).await;
        assert_eq!(a.status, 422, "{}", a.body);
        let audit = server.state.store.audit_entries(10).await.unwrap();
        assert!(audit.is_empty(), "{audit:?}");
        let _: Value = a.body;
        server.stop().await;
    }
}
