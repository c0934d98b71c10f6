//! Test support: fresh databases (SQLite always, PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set), a server on 127.0.0.1:0, signed-in
//! agents, the one API client every test file uses ([`client`]: over TCP or
//! through the router in process) and the socket client ([`socket`]).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod client;
mod socket;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

pub use client::*;
use kadesk_domain::{Role, User};
use kadesk_server::{auth, AppState, ServerConfig};
use kadesk_store::Store;
use serde_json::{json, Value};
pub use socket::Socket;
use sqlx::{Connection, Executor};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::MaybeTlsStream;

/// A database made for one test, and the folder for its files.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pub label: &'static str,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        TestDb {
            url: format!("sqlite://{}", dir.path().join("kadesk.db").display()),
            dir,
            label: "sqlite",
        }
    }

    /// A new, empty PostgreSQL database on the server named by
    /// `KADESK_TEST_DATABASE_URL`, or `None` (with a loud note) when unset.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(base) = std::env::var("KADESK_TEST_DATABASE_URL") else {
            eprintln!("NOTE: KADESK_TEST_DATABASE_URL is unset: this test runs on SQLite only");
            return None;
        };
        sqlx::any::install_default_drivers();
        let name = format!("kadesk_t_{}", &auth::new_token()[..12]);
        let mut admin = sqlx::AnyConnection::connect(&base)
            .await
            .expect("KADESK_TEST_DATABASE_URL must be reachable");
        // Drop databases earlier runs left; one still in use refuses, which is fine.
        let stale: Vec<(String,)> =
            sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'kadesk_t_%'")
                .fetch_all(&mut admin)
                .await
                .unwrap_or_default();
        for (old,) in stale {
            let _ = admin.execute(format!("DROP DATABASE {old}").as_str()).await;
        }
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let (prefix, _) = base.rsplit_once('/').expect("url has a database path");
        Some(TestDb {
            url: format!("{prefix}/{name}"),
            dir: tempfile::tempdir().unwrap(),
            label: "postgres",
        })
    }

    /// SQLite, plus PostgreSQL when configured.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite()];
        dbs.extend(TestDb::postgres().await);
        dbs
    }

    pub fn files_dir(&self) -> PathBuf {
        self.dir.path().join("files")
    }

    /// A server state with the bot turned off: conversations start `queued`
    /// and only people answer (what most tests are about).
    pub async fn state(&self) -> AppState {
        self.state_with(false).await
    }

    /// A server state with the bot on, as in production.
    pub async fn bot_state(&self) -> AppState {
        self.state_with(true).await
    }

    async fn state_with(&self, bot: bool) -> AppState {
        let store = Store::connect(&self.url).await.unwrap();
        let bot_config = kadesk_bot::BotConfig {
            enabled: bot,
            ..Default::default()
        };
        AppState::new(
            store,
            ServerConfig {
                public_url: None,
                files_dir: self.files_dir(),
                nlu_examples: self.dir.path().join("nlu").join("examples.tsv"),
                bot: bot_config,
                business_hours: None,
                trusted_proxies: Vec::new(),
                file_settings: Vec::new(),
            },
        )
    }
}

/// Adds a user with a password and returns them with a session token.
pub async fn signed_in(
    store: &Store,
    username: &str,
    role: Role,
    password: &str,
) -> (User, String) {
    let hash = auth::hash_password(password.to_owned()).await.unwrap();
    let user = store
        .create_user(username, username, role, &hash)
        .await
        .unwrap();
    let token = auth::new_token();
    store
        .create_session(
            &auth::token_hash(&token),
            user.id,
            kadesk_domain::now_millis() + 3_600_000,
        )
        .await
        .unwrap();
    (user, token)
}

/// A server running on 127.0.0.1:0.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    pub async fn start(db: &TestDb) -> TestServer {
        TestServer::start_with(db.state().await).await
    }

    /// A server with the bot on.
    pub async fn start_with_bot(db: &TestDb) -> TestServer {
        TestServer::start_with(db.bot_state().await).await
    }

    pub async fn start_with(state: AppState) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(kadesk_server::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            state,
            stop,
            task,
        }
    }

    /// Stops the server gracefully and waits until it has let go of everything.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("server stops within 10 s")
            .unwrap()
            .unwrap();
        self.state.store.close().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs JSON with the minimal client below and returns (status, body).
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        http(self.addr, "POST", path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        http(self.addr, "GET", path, token, None).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        http(self.addr, "PUT", path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        http(self.addr, "PATCH", path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        http(self.addr, "DELETE", path, token, None).await
    }

    /// Signs in through the API as the console does: the whole answer
    /// (the `token` is in the body, the session cookie in the headers).
    pub async fn sign_in(&self, username: &str, password: &str) -> Reply {
        self.sign_in_with(username, password, &[]).await
    }

    /// [`TestServer::sign_in`] with extra headers (`User-Agent`, `Cookie` …).
    pub async fn sign_in_with(
        &self,
        username: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        http_with(
            self.addr,
            "POST",
            "/api/v1/auth/login",
            headers,
            Some(&json!({"username": username, "password": password})),
        )
        .await
    }

    /// The session token of a successful sign-in.
    pub async fn token_of(&self, username: &str, password: &str) -> String {
        let reply = self.sign_in(username, password).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["token"].as_str().unwrap().to_owned()
    }

    /// Opens a widget session the way a buyer's browser does, in
    /// `language`; returns the whole answer (`visitor_token`, `contact`,
    /// and `conversation`: null until the buyer's first message).
    pub async fn widget_session(&self, language: &str) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/widget/session",
                None,
                &serde_json::json!({ "language": language }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// A buyer's widget session whose conversation has started, as the
    /// buyer's first message would start it (the conversation is still
    /// empty): the session answer with `conversation` filled in.
    pub async fn widget_conversation(&self, language: &str) -> Value {
        let mut body = self.widget_session(language).await;
        let token = body["visitor_token"].as_str().unwrap();
        let id = start_conversation(&self.state, token).await;
        let conversation = self.state.store.conversation(id).await.unwrap();
        body["conversation"] =
            serde_json::to_value(kadesk_domain::BuyerConversation::from(&conversation)).unwrap();
        body
    }

    /// Opens the buyer socket and authenticates with the first frame (the
    /// visitor token never goes in the URL); `hello` is the next frame.
    pub async fn buyer_socket(&self, token: &str, after: Option<i64>) -> Socket {
        self.buyer_socket_from(None, token, after).await
    }

    /// [`TestServer::buyer_socket`] from the loopback address `from`.
    pub async fn buyer_socket_from(
        &self,
        from: Option<IpAddr>,
        token: &str,
        after: Option<i64>,
    ) -> Socket {
        let stream = connect_from(from, self.addr).await;
        let (ws, _) = tokio_tungstenite::client_async(
            format!("ws://{}/api/v1/widget/ws", self.addr),
            MaybeTlsStream::Plain(stream),
        )
        .await
        .unwrap();
        let mut socket = Socket { ws };
        socket
            .send(serde_json::json!({"type": "auth", "token": token, "after": after}))
            .await;
        socket
    }

    /// [`TestServer::widget_conversation`] in `language`: (visitor token,
    /// conversation id).
    pub async fn buyer(&self, language: &str) -> (String, i64) {
        let body = self.widget_conversation(language).await;
        (
            body["visitor_token"].as_str().unwrap().to_owned(),
            body["conversation"]["id"].as_i64().unwrap(),
        )
    }

    /// An agent's socket signed in with `token`, past its `hello`.
    pub async fn agent_socket(&self, token: &str) -> Socket {
        let mut socket = self
            .socket(&format!("/api/v1/agent/ws?token={token}"))
            .await;
        let hello = socket.next().await;
        assert_eq!(hello["type"], "hello", "{hello}");
        socket
    }

    pub async fn socket(&self, path_and_query: &str) -> Socket {
        let (ws, _) =
            tokio_tungstenite::connect_async(format!("ws://{}{path_and_query}", self.addr))
                .await
                .unwrap();
        Socket { ws }
    }
}

/// Starts the conversation of the buyer with visitor `token`, as their
/// first message would (it stays empty); its id.
pub async fn start_conversation(state: &AppState, token: &str) -> i64 {
    let contact = state
        .store
        .visitor(&auth::token_hash(token))
        .await
        .unwrap()
        .unwrap();
    kadesk_server::api::widget::start_conversation(state, &contact)
        .await
        .unwrap()
        .id
}

/// A buyer known by a visitor token (no widget session, no conversation).
pub async fn visitor(store: &Store, name: &str) -> (kadesk_domain::Contact, String) {
    let token = auth::new_token();
    let contact = store
        .create_contact(
            name,
            "zh-CN",
            kadesk_domain::Channel::Web,
            Some(&auth::token_hash(&token)),
        )
        .await
        .unwrap();
    (contact, token)
}
