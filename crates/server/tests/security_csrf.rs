//! What another site can do with the agent's cookie: nothing. Against a real
//! server on 127.0.0.1: requests signed in by the session cookie that come
//! from a foreign page, or carry a body a form can send, are refused and
//! change nothing; the console's own requests, API clients with a bearer
//! token and the agent socket opened by the console keep working.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{send, signed_in, Reply, TestDb, TestServer};
use kadesk_domain::{Channel, ConversationStatus, Role};
use kadesk_server::{AppState, ServerConfig};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const FOREIGN: &str = "https://shop.example.com";
const CARD: &str = "WZRY-8K2M-Q9PL-77XA";

fn code(reply: &Reply) -> &str {
    reply.body["error"]["code"].as_str().unwrap_or("<none>")
}

/// A server, an admin's session cookie and bearer token (the same session),
/// and one queued conversation nobody has claimed.
struct Desk {
    server: TestServer,
    cookie: String,
    token: String,
    conversation: i64,
    _db: TestDb,
}

impl Desk {
    async fn start(db: TestDb) -> Desk {
        Desk::start_with(db, None).await
    }

    async fn start_with(db: TestDb, public_url: Option<&str>) -> Desk {
        let state = db.state().await;
        let state = match public_url {
            None => state,
            Some(url) => AppState::new(
                state.store.clone(),
                ServerConfig {
                    public_url: Some(url.to_owned()),
                    ..(*state.config).clone()
                },
            ),
        };
        let (_, token) = signed_in(&state.store, "admin", Role::Admin, "pw-admin-1").await;
        let contact = state
            .store
            .create_contact("访客 1", "zh-CN", Channel::Web, None)
            .await
            .unwrap();
        let conversation = state
            .store
            .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
            .await
            .unwrap()
            .id;
        Desk {
            server: TestServer::start_with(state).await,
            cookie: format!("kadesk_session={token}"),
            token,
            conversation,
            _db: db,
        }
    }

    fn own_origin(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn state(&self) -> &AppState {
        &self.server.state
    }

    async fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        send(self.server.addr, "POST", path, headers, body).await
    }

    async fn assignee(&self) -> Option<i64> {
        self.state()
            .store
            .conversation(self.conversation)
            .await
            .unwrap()
            .assignee_id
    }

    async fn status(&self) -> ConversationStatus {
        self.state()
            .store
            .conversation(self.conversation)
            .await
            .unwrap()
            .status
    }

    /// Stores a delivered order with one card key, bought with `email`.
    async fn order(&self, no: &str, email: &str) {
        let input = serde_json::from_value(json!({
            "order_no": no, "product": "王者荣耀 60 点券", "email": email, "amount": "6.00",
            "payment_status": "paid", "delivery_status": "delivered", "card_keys": [CARD]
        }))
        .unwrap();
        self.state().shop.ingest(vec![input]).await.unwrap();
    }

    async fn email_of(&self, no: &str) -> Option<String> {
        self.state()
            .shop
            .find_order(no)
            .await
            .unwrap()
            .unwrap()
            .email
    }

    async fn reveals(&self) -> usize {
        self.state()
            .store
            .audit_entries(100)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "card_key_revealed")
            .count()
    }

    async fn stop(self) {
        self.server.stop().await;
    }
}

#[tokio::test]
async fn a_cookie_signed_text_plain_post_is_refused_and_claims_nothing() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let path = format!("/api/v1/conversations/{}/claim", desk.conversation);
        let own = desk.own_origin();
        // A foreign page's "simple" request, and the same body type from our own page.
        for origin in [FOREIGN, own.as_str()] {
            let reply = desk
                .post(
                    &path,
                    &[
                        ("Cookie", &desk.cookie),
                        ("Origin", origin),
                        ("Content-Type", "text/plain"),
                    ],
                    b"{}",
                )
                .await;
            let expected = if origin == FOREIGN { 403 } else { 415 };
            assert_eq!(reply.status, expected, "from {origin}: {}", reply.body);
        }
        assert_eq!(desk.assignee().await, None, "nobody claimed it");
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_cookie_signed_form_post_is_refused_and_resolves_nothing() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let path = format!("/api/v1/conversations/{}/resolve", desk.conversation);
        let own = desk.own_origin();
        for (origin, expected) in [(FOREIGN, 403), (own.as_str(), 415)] {
            let reply = desk
                .post(
                    &path,
                    &[
                        ("Cookie", &desk.cookie),
                        ("Origin", origin),
                        ("Content-Type", "application/x-www-form-urlencoded"),
                    ],
                    b"a=1",
                )
                .await;
            assert_eq!(reply.status, expected, "from {origin}: {}", reply.body);
        }
        let multipart = desk
            .post(
                &path,
                &[
                    ("Cookie", &desk.cookie),
                    ("Sec-Fetch-Site", "same-origin"),
                    ("Content-Type", "multipart/form-data; boundary=x"),
                ],
                b"--x--\r\n",
            )
            .await;
        assert_eq!(multipart.status, 415, "{}", multipart.body);
        assert_eq!(desk.status().await, ConversationStatus::Queued);
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_cross_origin_json_post_with_the_cookie_reveals_no_card_key() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        desk.order("D20241120X7731", "buyer2024@qq.com").await;
        let path = "/api/v1/orders/D20241120X7731/reveal";
        for foreign in [
            vec![("Origin", FOREIGN)],
            vec![("Origin", "null")],
            vec![("Sec-Fetch-Site", "same-site"), ("Origin", FOREIGN)],
            vec![("Sec-Fetch-Site", "cross-site")],
            // A browser always says where it comes from; silence is refused too.
            vec![],
        ] {
            let mut headers = vec![
                ("Cookie", desk.cookie.as_str()),
                ("Content-Type", "application/json"),
            ];
            headers.extend(foreign.iter().copied());
            let reply = desk.post(path, &headers, b"{}").await;
            assert_eq!(
                (reply.status, code(&reply)),
                (403, "forbidden"),
                "{foreign:?}: {}",
                reply.body
            );
            assert!(
                reply.body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("cross-site"),
                "{}",
                reply.body
            );
            assert!(!reply.body.to_string().contains("8K2M"));
        }
        assert_eq!(desk.reveals().await, 0, "no reveal was made or audited");
        desk.stop().await;
    }
}

#[tokio::test]
async fn the_consoles_own_json_requests_with_the_cookie_work() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        desk.order("D20241120X7731", "buyer2024@qq.com").await;
        let own = desk.own_origin();
        let claim = desk
            .post(
                &format!("/api/v1/conversations/{}/claim", desk.conversation),
                &[
                    ("Cookie", &desk.cookie),
                    ("Origin", &own),
                    ("Content-Type", "application/json"),
                ],
                b"",
            )
            .await;
        assert_eq!(claim.status, 200, "{}", claim.body);
        assert!(desk.assignee().await.is_some());
        let reveal = desk
            .post(
                "/api/v1/orders/D20241120X7731/reveal",
                &[
                    ("Cookie", &desk.cookie),
                    ("Sec-Fetch-Site", "same-origin"),
                    ("Origin", &own),
                    ("Content-Type", "application/json"),
                ],
                b"{}",
            )
            .await;
        assert_eq!(reveal.status, 200, "{}", reveal.body);
        assert_eq!(reveal.body["keys"], json!([CARD]));
        // Reading needs no proof of origin.
        let list = send(
            desk.server.addr,
            "GET",
            "/api/v1/conversations",
            &[("Cookie", &desk.cookie)],
            b"",
        )
        .await;
        assert_eq!(list.status, 200);
        desk.stop().await;
    }
}

#[tokio::test]
async fn the_configured_public_url_is_an_own_origin() {
    for db in TestDb::all().await {
        let desk = Desk::start_with(db, Some("https://desk.example.com/")).await;
        let resolve = desk
            .post(
                &format!("/api/v1/conversations/{}/resolve", desk.conversation),
                &[
                    ("Cookie", &desk.cookie),
                    ("Origin", "https://desk.example.com"),
                    ("Content-Type", "application/json"),
                ],
                b"",
            )
            .await;
        assert_eq!(resolve.status, 200, "{}", resolve.body);
        assert_eq!(desk.status().await, ConversationStatus::Resolved);
        desk.stop().await;
    }
}

#[tokio::test]
async fn bearer_token_clients_need_no_origin_and_no_json() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let auth = format!("Bearer {}", desk.token);
        let claim = desk
            .post(
                &format!("/api/v1/conversations/{}/claim", desk.conversation),
                &[("Authorization", &auth)],
                b"",
            )
            .await;
        assert_eq!(claim.status, 200, "{}", claim.body);
        // A bearer token wins over a cookie sent along, whatever the origin.
        let resolve = desk
            .post(
                &format!("/api/v1/conversations/{}/resolve", desk.conversation),
                &[
                    ("Authorization", &auth),
                    ("Cookie", &desk.cookie),
                    ("Origin", FOREIGN),
                ],
                b"",
            )
            .await;
        assert_eq!(resolve.status, 200, "{}", resolve.body);
        assert_eq!(desk.status().await, ConversationStatus::Resolved);
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_csv_import_with_the_cookie_changes_an_email_only_as_json_from_the_console() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        desk.order("D20241120X7731", "buyer2024@qq.com").await;
        let csv = "order_no,product,email,amount,payment_status\n\
                   D20241120X7731,王者荣耀 60 点券,thief@evil.example,6.00,paid\n";
        let own = desk.own_origin();
        let raw = desk
            .post(
                "/api/v1/shop/import",
                &[
                    ("Cookie", &desk.cookie),
                    ("Origin", &own),
                    ("Content-Type", "text/csv"),
                ],
                csv.as_bytes(),
            )
            .await;
        assert_eq!(raw.status, 415, "{}", raw.body);
        let json_body = json!({ "csv": csv }).to_string();
        let foreign = desk
            .post(
                "/api/v1/shop/import",
                &[
                    ("Cookie", &desk.cookie),
                    ("Origin", FOREIGN),
                    ("Content-Type", "application/json"),
                ],
                json_body.as_bytes(),
            )
            .await;
        assert_eq!(foreign.status, 403, "{}", foreign.body);
        assert_eq!(
            desk.email_of("D20241120X7731").await.as_deref(),
            Some("buyer2024@qq.com"),
            "the order's e-mail is unchanged"
        );

        let console = desk
            .post(
                "/api/v1/shop/import",
                &[
                    ("Cookie", &desk.cookie),
                    ("Origin", &own),
                    ("Content-Type", "application/json"),
                ],
                json_body.as_bytes(),
            )
            .await;
        assert_eq!(console.status, 200, "{}", console.body);
        assert_eq!(console.body["updated"], 1);
        assert_eq!(
            desk.email_of("D20241120X7731").await.as_deref(),
            Some("thief@evil.example")
        );
        desk.stop().await;
    }
}

#[tokio::test]
async fn api_clients_still_import_raw_csv_with_a_bearer_token() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let csv =
            "order_no,product,email,amount,payment_status\nC1,Steam ¥100,a@qq.com,105.00,paid\n";
        let reply = desk
            .post(
                "/api/v1/shop/import",
                &[
                    ("Authorization", &format!("Bearer {}", desk.token)),
                    ("Content-Type", "text/csv"),
                ],
                csv.as_bytes(),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body["created"], 1);
        desk.stop().await;
    }
}

#[tokio::test]
async fn sign_in_from_a_foreign_page_or_as_a_form_is_refused() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let login = br#"{"username":"admin","password":"pw-admin-1"}"#;
        let foreign = desk
            .post(
                "/api/v1/auth/login",
                &[("Origin", FOREIGN), ("Content-Type", "application/json")],
                login,
            )
            .await;
        assert_eq!(foreign.status, 403, "{}", foreign.body);
        assert!(foreign.header("set-cookie").is_none());
        let form = desk
            .post(
                "/api/v1/auth/login",
                &[("Content-Type", "text/plain")],
                login,
            )
            .await;
        assert_eq!(form.status, 415, "{}", form.body);
        assert!(form.header("set-cookie").is_none());

        // The console's page, and a client that is no browser, sign in.
        let own = desk.own_origin();
        for headers in [
            vec![
                ("Origin", own.as_str()),
                ("Content-Type", "application/json"),
            ],
            vec![("Content-Type", "application/json")],
        ] {
            let reply = desk.post("/api/v1/auth/login", &headers, login).await;
            assert_eq!(reply.status, 200, "{headers:?}: {}", reply.body);
            assert!(reply
                .header_values("set-cookie")
                .iter()
                .any(|c| c.starts_with("kadesk_session=")));
        }
        desk.stop().await;
    }
}

#[tokio::test]
async fn the_agent_socket_refuses_a_foreign_origin_and_accepts_the_consoles() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        let open = |origin: Option<&str>| {
            let mut request = format!("ws://{}/api/v1/agent/ws", desk.server.addr)
                .into_client_request()
                .unwrap();
            request
                .headers_mut()
                .insert("cookie", desk.cookie.parse().unwrap());
            if let Some(origin) = origin {
                request
                    .headers_mut()
                    .insert("origin", origin.parse().unwrap());
            }
            tokio_tungstenite::connect_async(request)
        };
        match open(Some(FOREIGN)).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 403)
            }
            other => panic!("a foreign page opened the agent socket: {other:?}"),
        }
        let own = desk.own_origin();
        let (mut console, _) = open(Some(&own)).await.expect("the console's origin");
        console.close(None).await.unwrap();
        let (mut cli, _) = open(None).await.expect("a client that is no browser");
        cli.close(None).await.unwrap();
        desk.stop().await;
    }
}

#[tokio::test]
async fn the_agent_socket_accepts_the_public_url_as_origin() {
    for db in TestDb::all().await {
        let desk = Desk::start_with(db, Some("https://desk.example.com")).await;
        let mut request = format!("ws://{}/api/v1/agent/ws", desk.server.addr)
            .into_client_request()
            .unwrap();
        let headers = request.headers_mut();
        headers.insert("cookie", desk.cookie.parse().unwrap());
        headers.insert("origin", "https://desk.example.com".parse().unwrap());
        let (mut socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("public_url is the console's origin");
        socket.close(None).await.unwrap();
        desk.stop().await;
    }
}

#[tokio::test]
async fn every_answer_says_nosniff_same_origin_referrer_and_loads_nothing() {
    for db in TestDb::all().await {
        let desk = Desk::start(db).await;
        for path in ["/api/v1/conversations", "/api/v1/nope", "/healthz"] {
            let reply = send(
                desk.server.addr,
                "GET",
                path,
                &[("Cookie", &desk.cookie)],
                b"",
            )
            .await;
            assert_eq!(
                reply.header("x-content-type-options").unwrap(),
                "nosniff",
                "{path}"
            );
            assert_eq!(
                reply.header("referrer-policy").unwrap(),
                "same-origin",
                "{path}"
            );
            assert_eq!(
                reply.header("content-security-policy").unwrap(),
                "default-src 'none'; frame-ancestors 'none'",
                "{path}"
            );
        }
        desk.stop().await;
    }
}
