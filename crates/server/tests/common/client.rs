//! The one HTTP client of the server tests: a tiny HTTP/1.1 client over
//! loopback TCP (JSON with a bearer token, or raw bytes with exactly the
//! headers a browser or script would send), and [`Api`], the same requests
//! through the router in process (`oneshot`, no socket).

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use kadesk_server::AppState;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

use super::TestDb;

/// The `Authorization` value for a session, API-key or visitor token.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The error code of a JSON error answer.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

/// An answer read by [`send`]: status, headers (lower-case names, in the
/// order sent, repeats kept), JSON body (`null` when not JSON).
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

    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        code(&self.body)
    }
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

/// Sends one HTTP/1.1 request with exactly `headers` (plus Host,
/// Content-Length and Connection) and `body`, as a browser or a script
/// would.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    send_from(None, addr, method, path, headers, body).await
}

/// [`send`] from the loopback address `from`.
pub async fn send_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = connect_from(from, addr).await;
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
    http_with_from(None, addr, method, path, headers, body).await
}

/// [`http_with`] from the loopback address `from`.
pub async fn http_with_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Reply {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    send_from(from, addr, method, path, &all, body.as_bytes()).await
}

/// A JSON request with the bearer `token`: (status, body).
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    http_from(None, addr, method, path, token, body).await
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
    let auth = token.map(bearer);
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    let reply = http_with_from(from, addr, method, path, &headers, body).await;
    (reply.status, reply.body)
}

/// The router called in process: one desk on one database.
pub struct Api {
    pub app: Router,
    pub state: AppState,
    pub db: TestDb,
}

impl Api {
    /// A desk on `db` with the default state (bot off).
    pub async fn new(db: TestDb) -> Api {
        let state = db.state().await;
        Api::with_state(db, state)
    }

    /// A desk on `db` serving `state`.
    pub fn with_state(db: TestDb, state: AppState) -> Api {
        Api {
            app: kadesk_server::router(state.clone()),
            state,
            db,
        }
    }

    /// One desk per database (SQLite, and PostgreSQL when configured).
    pub async fn all() -> Vec<Api> {
        let mut apis = Vec::new();
        for db in TestDb::all().await {
            apis.push(Api::new(db).await);
        }
        apis
    }

    /// Sends `body` with exactly `headers`: (status, headers, raw body).
    pub async fn raw(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let mut req = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let response = self
            .app
            .clone()
            .oneshot(req.body(body.into()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Sends `body` with exactly `headers`: (status, JSON body, headers).
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> (StatusCode, Value, axum::http::HeaderMap) {
        let (status, headers, bytes) = self.raw(method, uri, headers, body).await;
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            headers,
        )
    }

    /// `body` as `content_type`, with the bearer `token` when given.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: impl Into<Body>,
        content_type: &str,
    ) -> (StatusCode, Value, axum::http::HeaderMap) {
        let auth = token.map(bearer);
        let mut headers = vec![("content-type", content_type)];
        if let Some(auth) = &auth {
            headers.push(("authorization", auth.as_str()));
        }
        self.send(method, uri, &headers, body).await
    }

    /// A JSON request with the bearer `token` when given: (status, body).
    pub async fn json(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        let (s, v, _) = self
            .call(method, uri, token, body.to_string(), "application/json")
            .await;
        (s, v)
    }

    pub async fn get(&self, uri: &str, token: Option<&str>) -> (StatusCode, Value) {
        let (s, v, _) = self
            .call(Method::GET, uri, token, Body::empty(), "application/json")
            .await;
        (s, v)
    }

    /// The buyer of conversation `id` writes `text` (through the send path).
    pub async fn buyer_says(&self, id: i64, text: &str) {
        let conversation = self.state.store.conversation(id).await.unwrap();
        let contact = self
            .state
            .store
            .contact(conversation.contact_id)
            .await
            .unwrap();
        kadesk_desk::chat::send(
            &self.state,
            &kadesk_desk::chat::Author::Buyer(contact),
            id,
            kadesk_desk::chat::SendInput {
                text: text.into(),
                ..kadesk_desk::chat::SendInput::default()
            },
        )
        .await
        .unwrap();
    }

    /// A buyer's widget session and their conversation, started as their
    /// first message would start it: (visitor token, conversation id).
    pub async fn buyer(&self) -> (String, i64) {
        let (status, body) = self
            .json(
                Method::POST,
                "/api/v1/widget/session",
                None,
                json!({"language": "zh-CN"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["conversation"], Value::Null, "opening starts none");
        let token = body["visitor_token"].as_str().unwrap().to_owned();
        let conversation = super::start_conversation(&self.state, &token).await;
        (token, conversation)
    }
}

/// POSTs the raw bytes of a file as `content_type`, named `filename`
/// (`X-Filename`, as the console and the widget send it), with the bearer
/// `token`.
pub async fn upload(
    addr: SocketAddr,
    path: &str,
    token: &str,
    bytes: &[u8],
    content_type: &str,
    filename: &str,
) -> Reply {
    let auth = bearer(token);
    let headers = [
        ("Content-Type", content_type),
        ("X-Filename", filename),
        ("Authorization", auth.as_str()),
    ];
    send(addr, "POST", path, &headers, bytes).await
}
