//! The two WebSocket endpoints (buyers and agents) and the frame handling
//! they share. The protocol is documented in `docs/protocol.md`.
//!
//! One task per socket: it reads client frames, answers them, and forwards
//! hub events. A buyer socket writes nothing but [`BuyerFrame`]s (the buyer
//! view types) and listens only to its own conversation's room; an agent
//! socket gets the agents' event stream. A bad frame is answered with an
//! `error` frame and the socket stays open; frames are size-limited and
//! rate-limited.
//!
//! A buyer socket is authenticated by its first frame (`auth`, carrying the
//! visitor token), never by its URL, so the token stays out of proxy and
//! access logs. A buyer without a conversation gets `hello` with none; their
//! first `send` starts it, and a conversation started elsewhere (another
//! tab, a picture) is joined as soon as it starts. An agent socket closes
//! (code 4001) as soon as its session ends.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::stream::SplitStream;
use futures_util::{SinkExt, StreamExt};
use kadesk_domain::{
    BuyerConversation, BuyerFrame, BuyerMessage, Contact, ErrorCode, Event, SenderKind, User,
};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;

use crate::auth::{request_token, session_for_token, visitor_for_token, ClientIp};
use crate::error::{ApiError, ApiResult, Query};
use crate::AppState;
use kadesk_channels::web::WebWidget;
use kadesk_channels::Adapter;
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::hub::Published;

/// The two sockets' routes (under `/api/v1`).
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/widget/ws", axum::routing::get(buyer_socket))
        .route("/agent/ws", axum::routing::get(agent_socket))
}

/// Largest frame answered with an error; larger ones close the socket.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;
/// Hard limit of the WebSocket layer.
const HARD_FRAME_BYTES: usize = 1024 * 1024;
/// Frames a connection may send at once…
const BURST: f64 = 20.0;
/// …and per second after that.
const PER_SECOND: f64 = 10.0;
/// Largest page of messages sent in one go while catching up.
const SYNC_PAGE: i64 = 200;
/// How long a buyer socket may take to send its `auth` frame.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Close code: the first frame was not a valid `auth` frame.
pub const CLOSE_AUTH_INVALID: u16 = 4400;
/// Close code: the visitor token is unknown (start a new widget session).
pub const CLOSE_AUTH_UNKNOWN: u16 = 4401;
/// Close code: no `auth` frame within [`AUTH_TIMEOUT`].
pub const CLOSE_AUTH_TIMEOUT: u16 = 4408;

/// A token bucket: `BURST` frames at once, refilled at `PER_SECOND`.
#[derive(Debug)]
struct RateLimit {
    tokens: f64,
    last: Instant,
}

impl RateLimit {
    fn new() -> RateLimit {
        RateLimit {
            tokens: BURST,
            last: Instant::now(),
        }
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * PER_SECOND;
        self.tokens = (self.tokens + refill).min(BURST);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Frames a client sends once connected (and, for buyers, authenticated).
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Send {
        client_id: Option<String>,
        #[serde(default)]
        text: String,
        #[serde(default)]
        attachments: Vec<String>,
        conversation_id: Option<i64>,
        /// The payload of the bot's quick-reply button pressed (buyers only).
        #[serde(default)]
        quick_reply: Option<String>,
    },
    Typing {
        on: bool,
        conversation_id: Option<i64>,
    },
    Sync {
        after: i64,
        conversation_id: Option<i64>,
    },
    Ping,
}

/// A buyer socket's first frame. No `Debug`: it carries the token.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum AuthFrame {
    Auth {
        token: String,
        /// The highest `seq` the client has seen: what it missed follows `hello`.
        #[serde(default)]
        after: Option<i64>,
    },
}

/// Checks a frame's size and the connection's rate, then parses it.
fn read_frame<T: serde::de::DeserializeOwned>(
    limit: &mut RateLimit,
    text: &str,
) -> Result<T, ApiError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "frame is {} bytes; the limit is {MAX_FRAME_BYTES}",
                text.len()
            ),
        ));
    }
    if !limit.allow() {
        return Err(ApiError::rate_limited());
    }
    serde_json::from_str(text)
        .map_err(|e| ApiError::new(ErrorCode::InvalidFrame, format!("invalid frame: {e}")))
}

#[derive(Debug, Deserialize)]
pub struct BuyerSocketQuery {
    /// Refused: the token goes in the `auth` frame.
    token: Option<String>,
}

/// `GET /api/v1/widget/ws`, then `{"type":"auth","token":…,"after":…}` as
/// the first frame.
pub async fn buyer_socket(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<BuyerSocketQuery>,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    if query.token.is_some() {
        return Err(ApiError::bad_request(
            "the visitor token does not belong in the URL: connect to /api/v1/widget/ws \
             and send {\"type\":\"auth\",\"token\":…} as the first frame",
        ));
    }
    let open = state.sockets.open();
    Ok(upgrade
        .max_message_size(HARD_FRAME_BYTES)
        .max_frame_size(HARD_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            run_buyer(state, socket, ip).await;
            drop(open);
        }))
}

#[derive(Debug, Deserialize)]
pub struct AgentSocketQuery {
    token: Option<String>,
}

/// `GET /api/v1/agent/ws` (session cookie, bearer token or `?token=`)
pub async fn agent_socket(
    State(state): State<AppState>,
    Query(query): Query<AgentSocketQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    crate::guard::socket_origin(&state, &headers)?;
    let token = query
        .token
        .or_else(|| request_token(&headers))
        .ok_or_else(ApiError::unauthorized)?;
    let session = session_for_token(&state, &token).await?;
    let open = state.sockets.open();
    Ok(upgrade
        .max_message_size(HARD_FRAME_BYTES)
        .max_frame_size(HARD_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            let user = session.user;
            let watch = SessionWatch::new(&state, user.id, session.session_id);
            run_agent(state, socket, user, watch).await;
            drop(open);
        }))
}

/// How often an agent socket checks that its session is still open, for
/// sessions ended by another process (the CLI, another node).
const SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(60);
/// Close code sent when the socket's session ended (revoked, user disabled,
/// new password): the client must sign in again.
pub const CLOSE_SESSION_ENDED: u16 = 4001;

/// An agent socket's session: closed at once when this node ends it, and
/// checked in the database now and then and before each `send` and `sync`.
struct SessionWatch {
    user_id: i64,
    session_id: String,
    ended: tokio::sync::broadcast::Receiver<kadesk_desk::hub::SessionsEnded>,
    check: tokio::time::Interval,
}

impl SessionWatch {
    fn new(state: &AppState, user_id: i64, session_id: String) -> SessionWatch {
        // The session was checked just now; the first check is a period away.
        let first = tokio::time::Instant::now() + SESSION_CHECK;
        let mut check = tokio::time::interval_at(first, SESSION_CHECK);
        check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        SessionWatch {
            user_id,
            session_id,
            ended: state.hub.subscribe_ended(),
            check,
        }
    }

    /// Resolves when the session has ended. Cancel-safe: the socket's loop
    /// drops and recreates it whenever another branch wins.
    async fn ended(&mut self, state: &AppState) {
        loop {
            tokio::select! {
                ended = self.ended.recv() => match ended {
                    Ok(e) if e.covers(self.user_id, &self.session_id) => return,
                    Ok(_) => {}
                    // Missed some: ask the database.
                    Err(RecvError::Lagged(_)) => if !self.open(state).await { return },
                    Err(RecvError::Closed) => std::future::pending::<()>().await,
                },
                _ = self.check.tick() => if !self.open(state).await { return },
            }
        }
    }

    /// Whether the session is still open (a database error counts as open:
    /// requests will tell).
    async fn open(&self, state: &AppState) -> bool {
        state
            .store
            .session_open(&self.session_id)
            .await
            .unwrap_or(true)
    }
}

/// The socket's writing half.
struct Outbox {
    sink: futures_util::stream::SplitSink<WebSocket, WsMessage>,
}

impl Outbox {
    async fn text(&mut self, frame: impl Into<Utf8Bytes>) -> Result<(), axum::Error> {
        self.sink.send(WsMessage::Text(frame.into())).await
    }

    async fn json(&mut self, value: serde_json::Value) -> Result<(), axum::Error> {
        self.text(value.to_string()).await
    }

    async fn error(&mut self, err: &ApiError, client_id: Option<&str>) -> Result<(), axum::Error> {
        let mut frame = json!({"type": "error", "code": err.code, "message": err.message});
        if let Some(id) = client_id {
            frame["client_id"] = json!(id);
        }
        self.json(frame).await
    }

    async fn close(&mut self, code: u16, reason: &'static str) {
        let _ = self
            .sink
            .send(WsMessage::Close(Some(CloseFrame {
                code,
                reason: reason.into(),
            })))
            .await;
    }
}

/// The writing half of a buyer's socket: it sends [`BuyerFrame`]s and
/// nothing else.
struct BuyerOutbox(Outbox);

impl BuyerOutbox {
    async fn send(&mut self, frame: &BuyerFrame) -> Result<(), axum::Error> {
        match serde_json::to_string(frame) {
            Ok(text) => self.0.text(text).await,
            Err(e) => {
                tracing::error!(error = %e, "buyer frame does not serialise");
                Ok(())
            }
        }
    }

    /// A frame the hub published to the buyer's room (already serialised).
    async fn forward(&mut self, published: &Published<BuyerFrame>) -> Result<(), axum::Error> {
        self.0.text(published.frame.clone()).await
    }

    async fn error(&mut self, err: &ApiError, client_id: Option<&str>) -> Result<(), axum::Error> {
        self.send(&BuyerFrame::Error {
            code: err.code,
            message: err.message.clone(),
            client_id: client_id.map(str::to_owned),
        })
        .await
    }

    async fn close(&mut self, code: u16, reason: &'static str) {
        self.0.close(code, reason).await;
    }
}

/// Resolves once the server starts shutting down.
async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stopping| *stopping).await;
}

// ---- buyers --------------------------------------------------------------------

/// A buyer's room: the conversation and its frames.
type Room = (i64, broadcast::Receiver<Arc<Published<BuyerFrame>>>);

/// One buyer socket's state.
struct BuyerSocket {
    state: AppState,
    contact: Contact,
    /// The address the socket came from, for the bot's verification limits.
    ip: Option<IpAddr>,
    /// The conversation the socket is in; `None` until the buyer has one.
    room: Option<Room>,
    /// While there is no room: told when the contact's conversation starts.
    waiting: Option<broadcast::Receiver<i64>>,
}

async fn run_buyer(state: AppState, socket: WebSocket, ip: Option<IpAddr>) {
    let (sink, mut stream) = socket.split();
    let mut out = BuyerOutbox(Outbox { sink });
    let mut shutdown = state.shutdown.subscribe();
    let auth = tokio::select! {
        auth = authenticate(&state, &mut stream, &mut out) => auth,
        () = stopped(&mut shutdown) => {
            out.close(1012, "server restarting").await;
            None
        }
    };
    let Some((contact, after)) = auth else {
        return;
    };
    let mut buyer = BuyerSocket {
        state,
        contact,
        ip,
        room: None,
        waiting: None,
    };
    if let Err(e) = buyer.greet(after, &mut out).await {
        tracing::debug!(error = %e, "socket closed during greeting");
    } else {
        let mut limit = RateLimit::new();
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    let Some(Ok(frame)) = incoming else { break };
                    let keep = match frame {
                        WsMessage::Text(text) => buyer.handle_text(&mut limit, text.as_str(), &mut out).await,
                        WsMessage::Binary(_) => {
                            let err = ApiError::new(ErrorCode::InvalidFrame, "send JSON text frames, not binary");
                            out.error(&err, None).await
                        }
                        WsMessage::Close(_) => break,
                        WsMessage::Ping(_) | WsMessage::Pong(_) => Ok(()),
                    };
                    if keep.is_err() { break; }
                }
                event = next_in_room(&mut buyer.room) => match event {
                    Ok(published) => {
                        if out.forward(&published).await.is_err() { break; }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "socket fell behind; closing so it reconnects and catches up");
                        out.close(1013, "fell behind; reconnect and sync").await;
                        break;
                    }
                    Err(RecvError::Closed) => break,
                },
                started = next_started(&mut buyer.waiting) => {
                    let joined = match started {
                        Ok(id) => buyer.join(id, &mut out).await,
                        // Missed the id: look it up.
                        Err(RecvError::Lagged(_)) => buyer.join_open(&mut out).await,
                        Err(RecvError::Closed) => {
                            buyer.waiting = None;
                            Ok(())
                        }
                    };
                    if let Err(e) = joined {
                        tracing::debug!(error = %e, "socket closed while joining a conversation");
                        break;
                    }
                }
                () = stopped(&mut shutdown) => {
                    out.close(1012, "server restarting").await;
                    break;
                }
            }
        }
    }
    buyer.leave();
}

/// Reads the `auth` frame: the contact and the `after` cursor, or `None`
/// once the socket has been closed with the reason.
async fn authenticate(
    state: &AppState,
    stream: &mut SplitStream<WebSocket>,
    out: &mut BuyerOutbox,
) -> Option<(Contact, Option<i64>)> {
    let first = tokio::time::timeout(AUTH_TIMEOUT, async {
        loop {
            match stream.next().await {
                Some(Ok(WsMessage::Text(text))) => return Some(text),
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => continue,
                _ => return None,
            }
        }
    })
    .await;
    let text = match first {
        Ok(Some(text)) => text,
        Ok(None) => {
            out.close(CLOSE_AUTH_INVALID, "send an auth frame first")
                .await;
            return None;
        }
        Err(_) => {
            let err = ApiError::new(
                ErrorCode::Unauthorized,
                "no auth frame: send {\"type\":\"auth\",\"token\":…} first",
            );
            let _ = out.error(&err, None).await;
            out.close(CLOSE_AUTH_TIMEOUT, "no auth frame in time").await;
            return None;
        }
    };
    let (token, after) = match read_frame::<AuthFrame>(&mut RateLimit::new(), text.as_str()) {
        Ok(AuthFrame::Auth { token, after }) => (token, after),
        Err(_) => {
            let err = ApiError::new(
                ErrorCode::InvalidFrame,
                "the first frame must be {\"type\":\"auth\",\"token\":\"<visitor token>\",\"after\":<seq>}",
            );
            let _ = out.error(&err, None).await;
            out.close(CLOSE_AUTH_INVALID, "the first frame must be auth")
                .await;
            return None;
        }
    };
    match visitor_for_token(state, &token).await {
        Ok(visitor) => Some((visitor.0, after)),
        Err(err) => {
            let _ = out.error(&err, None).await;
            let (code, reason) = if err.code == ErrorCode::Unauthorized {
                (CLOSE_AUTH_UNKNOWN, "unknown visitor token")
            } else {
                (1011, "server error")
            };
            out.close(code, reason).await;
            None
        }
    }
}

/// The next frame of the buyer's room; never, while there is none.
async fn next_in_room(room: &mut Option<Room>) -> Result<Arc<Published<BuyerFrame>>, RecvError> {
    match room {
        Some((_, rx)) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// The id of the conversation that started; never, while not waiting.
async fn next_started(waiting: &mut Option<broadcast::Receiver<i64>>) -> Result<i64, RecvError> {
    match waiting {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

impl BuyerSocket {
    /// The conversation the socket is in.
    fn conversation_id(&self) -> Option<i64> {
        self.room.as_ref().map(|(id, _)| *id)
    }

    /// Sends `hello` (with the open conversation, if any) and, for a
    /// reconnecting buyer, what they missed.
    async fn greet(&mut self, after: Option<i64>, out: &mut BuyerOutbox) -> anyhow::Result<()> {
        // Wait first, then look: a conversation starting in between is not missed.
        self.waiting = Some(self.state.hub.await_conversation(self.contact.id));
        let conversation = match self
            .state
            .store
            .open_conversation_of(self.contact.id)
            .await?
        {
            Some(open) => {
                // Into the room before reading, so nothing falls in between.
                self.enter(open.id);
                Some(self.state.store.conversation(open.id).await?)
            }
            None => None,
        };
        out.send(&BuyerFrame::Hello {
            conversation: conversation.as_ref().map(BuyerConversation::from),
        })
        .await?;
        if let (Some(conversation), Some(after)) = (&conversation, after) {
            send_history(&self.state, conversation.id, after, out).await?;
        }
        Ok(())
    }

    /// Subscribes to a conversation's room and stops waiting.
    fn enter(&mut self, conversation_id: i64) {
        self.room = Some((conversation_id, self.state.hub.subscribe(conversation_id)));
        if self.waiting.take().is_some() {
            self.state.hub.stop_waiting(self.contact.id);
        }
    }

    /// Joins a conversation that started after `hello`: the buyer is sent it
    /// and its messages so far.
    async fn join(&mut self, conversation_id: i64, out: &mut BuyerOutbox) -> anyhow::Result<()> {
        if self.room.is_some() {
            return Ok(());
        }
        self.enter(conversation_id);
        let conversation = self.state.store.conversation(conversation_id).await?;
        out.send(&BuyerFrame::Conversation {
            conversation: BuyerConversation::from(&conversation),
        })
        .await?;
        send_history(&self.state, conversation_id, 0, out).await?;
        Ok(())
    }

    /// Joins the contact's open conversation, if there is one.
    async fn join_open(&mut self, out: &mut BuyerOutbox) -> anyhow::Result<()> {
        match self
            .state
            .store
            .open_conversation_of(self.contact.id)
            .await?
        {
            Some(open) => self.join(open.id, out).await,
            None => Ok(()),
        }
    }

    /// Leaves the room or stops waiting.
    fn leave(&mut self) {
        if let Some((id, rx)) = self.room.take() {
            drop(rx);
            self.state.hub.leave(id);
        }
        if self.waiting.take().is_some() {
            self.state.hub.stop_waiting(self.contact.id);
        }
    }

    /// Refuses a conversation the frame names that is not the buyer's.
    fn check_named(&self, named: Option<i64>, own: i64) -> Result<(), ApiError> {
        match named {
            Some(id) if id != own => Err(ApiError::forbidden(format!(
                "conversation {id} is not yours"
            ))),
            _ => Ok(()),
        }
    }

    /// Handles one text frame; `Err` only when the socket is gone.
    async fn handle_text(
        &mut self,
        limit: &mut RateLimit,
        text: &str,
        out: &mut BuyerOutbox,
    ) -> Result<(), axum::Error> {
        let frame = match read_frame::<ClientFrame>(limit, text) {
            Ok(frame) => frame,
            Err(err) => return out.error(&err, None).await,
        };
        match frame {
            ClientFrame::Ping => out.send(&BuyerFrame::Pong).await,
            ClientFrame::Send {
                client_id,
                text,
                attachments,
                conversation_id,
                quick_reply,
            } => {
                let Some(client_id) = client_id else {
                    let err = ApiError::new(ErrorCode::InvalidFrame, "send needs a client_id");
                    return out.error(&err, None).await;
                };
                // The bot reads the text as typed; the store may keep it redacted
                // (a lookup password given as proof never reaches the database).
                let typed = text.clone();
                let input = SendInput {
                    client_id: Some(client_id.clone()),
                    text,
                    attachments,
                };
                let id = match self
                    .conversation_for_send(conversation_id, &input, out)
                    .await
                {
                    Ok(id) => id,
                    Err(err) => return out.error(&err, Some(&client_id)).await,
                };
                let author = Author::Buyer(self.contact.clone());
                match chat::send(&self.state, &author, id, input).await {
                    Ok(outcome) => {
                        let sent = out
                            .send(&BuyerFrame::Ack {
                                client_id,
                                message: BuyerMessage::from(&outcome.message),
                            })
                            .await;
                        if !outcome.duplicate {
                            let quick_reply =
                                quick_reply.filter(|p| !p.is_empty() && p.len() <= 256);
                            let live = kadesk_domain::Message {
                                text: typed,
                                ..outcome.message
                            };
                            kadesk_desk::bot::queue_buyer_message(
                                &self.state,
                                self.contact.clone(),
                                self.ip,
                                live,
                                quick_reply,
                            )
                            .await;
                        }
                        sent
                    }
                    Err(err) => out.error(&ApiError::from(err), Some(&client_id)).await,
                }
            }
            ClientFrame::Typing {
                on,
                conversation_id,
            } => match self.conversation_id() {
                Some(id) => match self.check_named(conversation_id, id) {
                    Ok(()) => {
                        self.state.hub.typing(id, SenderKind::Buyer, None, on);
                        Ok(())
                    }
                    Err(err) => out.error(&err, None).await,
                },
                // Nobody to tell before the first message.
                None => Ok(()),
            },
            ClientFrame::Sync {
                after,
                conversation_id,
            } => {
                let Some(id) = self.conversation_id() else {
                    let err = ApiError::not_found(
                        "you have no conversation yet; your first message starts one",
                    );
                    return out.error(&err, None).await;
                };
                if let Err(err) = self.check_named(conversation_id, id) {
                    return out.error(&err, None).await;
                }
                match send_history(&self.state, id, after.max(0), out).await {
                    Ok(last_seq) => {
                        out.send(&BuyerFrame::Synced {
                            conversation_id: id,
                            last_seq,
                        })
                        .await
                    }
                    Err(e) => out.error(&ApiError::internal(e), None).await,
                }
            }
        }
    }

    /// The conversation a `send` goes to: the socket's own, or (on the
    /// buyer's first message) the one it starts. `named` is the one the
    /// frame names, if any: it must be the buyer's.
    async fn conversation_for_send(
        &mut self,
        named: Option<i64>,
        input: &SendInput,
        out: &mut BuyerOutbox,
    ) -> ApiResult<i64> {
        if self.room.is_none() && named.is_some() {
            // Perhaps one started elsewhere (another tab) a moment ago.
            self.join_open(out).await.map_err(ApiError::internal)?;
        }
        if let Some(id) = self.conversation_id() {
            self.check_named(named, id)?;
            return Ok(id);
        }
        if let Some(id) = named {
            return Err(ApiError::forbidden(format!(
                "conversation {id} is not yours"
            )));
        }
        // A message that would be refused starts nothing.
        chat::validate(&self.state, input).await?;
        let conversation =
            kadesk_desk::chat::start_conversation_on(&self.state, &self.contact, WebWidget.kind())
                .await?;
        self.join(conversation.id, out)
            .await
            .map_err(ApiError::internal)?;
        Ok(conversation.id)
    }
}

/// Sends every message of a buyer's conversation after `after` as `message` frames.
async fn send_history(
    state: &AppState,
    conversation_id: i64,
    mut after: i64,
    out: &mut BuyerOutbox,
) -> anyhow::Result<i64> {
    loop {
        let page = state
            .store
            .messages_after(conversation_id, after, SYNC_PAGE)
            .await?;
        for message in &page {
            after = message.seq;
            out.send(&BuyerFrame::Message {
                message: BuyerMessage::from(message),
            })
            .await?;
        }
        if (page.len() as i64) < SYNC_PAGE {
            return Ok(after);
        }
    }
}

// ---- agents --------------------------------------------------------------------

async fn run_agent(state: AppState, socket: WebSocket, user: User, mut watch: SessionWatch) {
    let (sink, mut stream) = socket.split();
    let mut out = Outbox { sink };
    let mut shutdown = state.shutdown.subscribe();
    let mut events = state.hub.subscribe_all();
    state.hub.agent_connected(user.id, &user.display_name);
    let online = state.hub.online_agents();
    if let Err(e) = out
        .json(json!({"type": "hello", "user": user, "online": online}))
        .await
    {
        tracing::debug!(error = %e, "socket closed during greeting");
    } else {
        let mut limit = RateLimit::new();
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    let Some(Ok(frame)) = incoming else { break };
                    let keep = match frame {
                        WsMessage::Text(text) => {
                            if !still_signed_in(&state, &watch, text.as_str()).await {
                                out.close(CLOSE_SESSION_ENDED, "session ended; sign in again").await;
                                break;
                            }
                            handle_agent_text(&state, &user, &mut limit, text.as_str(), &mut out).await
                        }
                        WsMessage::Binary(_) => {
                            let err = ApiError::new(ErrorCode::InvalidFrame, "send JSON text frames, not binary");
                            out.error(&err, None).await
                        }
                        WsMessage::Close(_) => break,
                        WsMessage::Ping(_) | WsMessage::Pong(_) => Ok(()),
                    };
                    if keep.is_err() { break; }
                }
                event = events.recv() => match event {
                    Ok(published) => {
                        if forward_to_agent(&user, &published, &mut out).await.is_err() { break; }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "socket fell behind; closing so it reconnects and catches up");
                        out.close(1013, "fell behind; reconnect and sync").await;
                        break;
                    }
                    Err(RecvError::Closed) => break,
                },
                () = watch.ended(&state) => {
                    tracing::info!("session ended: closing the agent socket");
                    out.close(CLOSE_SESSION_ENDED, "session ended; sign in again").await;
                    break;
                }
                () = stopped(&mut shutdown) => {
                    out.close(1012, "server restarting").await;
                    break;
                }
            }
        }
    }
    drop(events);
    state.hub.agent_disconnected(user.id);
}

/// Whether an agent's session still allows this frame: `send` and `sync`
/// (which store or read conversations) check the database first, so a
/// session ended by another process stops them at once.
async fn still_signed_in(state: &AppState, watch: &SessionWatch, text: &str) -> bool {
    #[derive(Deserialize)]
    struct Kind {
        r#type: String,
    }
    // Oversized frames are refused unread by `handle_agent_text`.
    let consequential = text.len() <= MAX_FRAME_BYTES
        && serde_json::from_str::<Kind>(text)
            .is_ok_and(|k| k.r#type == "send" || k.r#type == "sync");
    !consequential || watch.open(state).await
}

/// Forwards an agent event, except the agent's own typing.
async fn forward_to_agent(
    user: &User,
    published: &Arc<Published<Event>>,
    out: &mut Outbox,
) -> Result<(), axum::Error> {
    let own_typing = matches!(
        &published.event,
        Event::Typing { sender: SenderKind::Agent, name, .. }
            if name.as_deref() == Some(user.display_name.as_str())
    );
    if own_typing {
        Ok(())
    } else {
        out.text(published.frame.clone()).await
    }
}

/// Handles one text frame of an agent; `Err` only when the socket is gone.
async fn handle_agent_text(
    state: &AppState,
    user: &User,
    limit: &mut RateLimit,
    text: &str,
    out: &mut Outbox,
) -> Result<(), axum::Error> {
    let frame = match read_frame::<ClientFrame>(limit, text) {
        Ok(frame) => frame,
        Err(err) => return out.error(&err, None).await,
    };
    let needs_id = || {
        ApiError::new(
            ErrorCode::InvalidFrame,
            "this frame needs a conversation_id",
        )
    };
    match frame {
        ClientFrame::Ping => out.json(json!({"type": "pong"})).await,
        ClientFrame::Send {
            client_id,
            text,
            attachments,
            conversation_id,
            quick_reply: _,
        } => {
            let Some(client_id) = client_id else {
                let err = ApiError::new(ErrorCode::InvalidFrame, "send needs a client_id");
                return out.error(&err, None).await;
            };
            let Some(id) = conversation_id else {
                return out.error(&needs_id(), Some(&client_id)).await;
            };
            let input = SendInput {
                client_id: Some(client_id.clone()),
                text,
                attachments,
            };
            match chat::send(state, &Author::Agent(user.clone()), id, input).await {
                Ok(outcome) => {
                    out.json(
                        json!({"type": "ack", "client_id": client_id, "message": outcome.message}),
                    )
                    .await
                }
                Err(err) => out.error(&ApiError::from(err), Some(&client_id)).await,
            }
        }
        ClientFrame::Typing {
            on,
            conversation_id,
        } => match conversation_id {
            Some(id) => {
                state
                    .hub
                    .typing(id, SenderKind::Agent, Some(user.display_name.clone()), on);
                Ok(())
            }
            None => out.error(&needs_id(), None).await,
        },
        ClientFrame::Sync {
            after,
            conversation_id,
        } => {
            let Some(id) = conversation_id else {
                return out.error(&needs_id(), None).await;
            };
            if let Err(e) = state.store.conversation(id).await {
                return out.error(&e.into(), None).await;
            }
            let mut after = after.max(0);
            loop {
                let page = match state.store.messages_after(id, after, SYNC_PAGE).await {
                    Ok(page) => page,
                    Err(e) => return out.error(&ApiError::internal(e), None).await,
                };
                for message in &page {
                    after = message.seq;
                    out.json(json!({"type": "message", "message": message}))
                        .await?;
                }
                if (page.len() as i64) < SYNC_PAGE {
                    break;
                }
            }
            out.json(json!({"type": "synced", "conversation_id": id, "last_seq": after}))
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn rate_limit_allows_a_burst_then_ten_a_second() {
        let mut limit = RateLimit::new();
        for _ in 0..20 {
            assert!(limit.allow());
        }
        assert!(!limit.allow(), "burst spent");
        tokio::time::advance(Duration::from_millis(100)).await;
        assert!(limit.allow(), "one token back after 100 ms");
        assert!(!limit.allow());
    }

    #[test]
    fn unknown_frame_types_do_not_parse() {
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"explode"}"#).is_err());
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"ping"}"#).is_ok());
    }
}
