//! Test support: fresh databases (SQLite always, PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set), a server on 127.0.0.1:0, signed-in
//! agents, and socket helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use kadesk_domain::{Role, User};
use kadesk_server::{auth, AppState, ServerConfig};
use kadesk_store::Store;
use serde_json::Value;
use sqlx::{Connection, Executor};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

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
        let bot_config = kadesk_server::kadesk_bot::BotConfig {
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
        let contact = self
            .state
            .store
            .visitor(&auth::token_hash(token))
            .await
            .unwrap()
            .unwrap();
        let conversation = kadesk_server::api::widget::start_conversation(&self.state, &contact)
            .await
            .unwrap();
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

    pub async fn socket(&self, path_and_query: &str) -> Socket {
        let (ws, _) =
            tokio_tungstenite::connect_async(format!("ws://{}{path_and_query}", self.addr))
                .await
                .unwrap();
        Socket { ws }
    }
}

/// A tiny HTTP/1.1 client, enough for JSON on loopback.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    http_from(None, addr, method, path, token, body).await
}

/// A TCP connection to `addr`, from the loopback address `from` when given
/// (127.0.0.2, 127.0.0.3 …: other clients as the server sees them).
pub async fn connect_from(from: Option<IpAddr>, addr: SocketAddr) -> TcpStream {
    match from {
        None => TcpStream::connect(addr).await.unwrap(),
        Some(local) => {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(SocketAddr::new(local, 0)).unwrap();
            socket.connect(addr).await.unwrap()
        }
    }
}

/// [`http`] from the loopback address `from`.
pub async fn http_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = connect_from(from, addr).await;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{auth}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// A client socket speaking JSON frames.
pub struct Socket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        self.ws
            .send(WsMessage::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws
            .send(WsMessage::Text(text.to_owned().into()))
            .await
            .unwrap();
    }

    /// The next JSON frame, failing after 5 s.
    pub async fn next(&mut self) -> Value {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("a frame within 5 s")
                .expect("socket open")
                .expect("frame reads");
            match frame {
                WsMessage::Text(text) => return serde_json::from_str(&text).unwrap(),
                WsMessage::Close(close) => panic!("socket closed: {close:?}"),
                _ => continue,
            }
        }
    }

    /// Skips frames until one of type `kind` arrives.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.next().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }

    /// Skips frames until `pred` holds, failing after `limit` (for work
    /// slower than a round trip, like reading a screenshot in a debug build).
    pub async fn until_within(&mut self, limit: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        tokio::time::timeout(limit, async {
            loop {
                let frame = self
                    .ws
                    .next()
                    .await
                    .expect("socket open")
                    .expect("frame reads");
                if let WsMessage::Text(text) = frame {
                    let frame: Value = serde_json::from_str(&text).unwrap();
                    if pred(&frame) {
                        return frame;
                    }
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no matching frame within {limit:?}"))
    }

    /// Skips frames until the server closes the socket; its close code
    /// (`None` when it closed without one).
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(15), self.ws.next())
                .await
                .expect("closed within 15 s");
            match frame {
                Some(Ok(WsMessage::Close(close))) => return close.map(|c| u16::from(c.code)),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// Skips frames until `pred` holds.
    pub async fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let frame = self.next().await;
            if pred(&frame) {
                return frame;
            }
        }
    }
}

/// An answer read by [`send`]: status, headers (lower-case names, in the
/// order sent, repeats kept), JSON body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Reply {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }

    /// Every value of header `name` (lower case), e.g. each `set-cookie`.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Sends one HTTP/1.1 request with exactly `headers` (plus Host,
/// Content-Length and Connection) and `body`, as a browser or a script
/// would; for tests about headers the JSON helpers above set themselves.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

/// A JSON request with extra headers (e.g. `X-Forwarded-For`, `Cookie`).
pub async fn http_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Reply {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    send(addr, method, path, &all, body.as_bytes()).await
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
