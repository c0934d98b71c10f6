//! The two WebSocket endpoints (buyers and agents) and the frame loop they
//! share. The protocol is documented in `docs/protocol.md`.
//!
//! One task per socket: it reads client frames, answers them, and forwards
//! hub events the peer may see. A bad frame is answered with an `error` frame
//! and the socket stays open; frames are size-limited and rate-limited. An
//! agent socket closes (code 4001) as soon as its session ends.

use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message as WsMessage, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use kadesk_domain::{Contact, ErrorCode, Event, SenderKind, User};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::auth::{request_token, session_for_token, visitor_for_token};
use crate::chat::{self, Author, SendInput};
use crate::error::{ApiError, ApiResult, Query};
use crate::hub::Published;
use crate::AppState;

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

/// Frames a client sends.
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

/// Who is on the other end.
#[derive(Debug, Clone)]
enum Peer {
    Buyer {
        contact: Contact,
        conversation_id: i64,
    },
    Agent(User),
}

impl Peer {
    /// The conversation a frame is about: the buyer's own, or the one an agent named.
    fn conversation(&self, named: Option<i64>) -> ApiResult<i64> {
        match (self, named) {
            (
                Peer::Buyer {
                    conversation_id, ..
                },
                None,
            ) => Ok(*conversation_id),
            (
                Peer::Buyer {
                    conversation_id, ..
                },
                Some(id),
            ) if id == *conversation_id => Ok(id),
            (Peer::Buyer { .. }, Some(id)) => Err(ApiError::forbidden(format!(
                "conversation {id} is not yours"
            ))),
            (Peer::Agent(_), Some(id)) => Ok(id),
            (Peer::Agent(_), None) => Err(ApiError::new(
                ErrorCode::InvalidFrame,
                "this frame needs a conversation_id",
            )),
        }
    }

    /// Whether this peer should get an event.
    fn sees(&self, event: &Event) -> bool {
        match (self, event) {
            // Nobody needs their own typing echoed back.
            (Peer::Buyer { .. }, Event::Typing { sender, .. }) => *sender != SenderKind::Buyer,
            (Peer::Agent(user), Event::Typing { sender, name, .. }) => {
                !(*sender == SenderKind::Agent
                    && name.as_deref() == Some(user.display_name.as_str()))
            }
            (Peer::Buyer { .. }, Event::Presence { .. }) => false,
            // Plain card keys go to the verified buyer only, never to agents.
            (Peer::Agent(_), Event::CardKeys { .. }) => false,
            // Screenshot readings (with fraud flags) are for agents only.
            (Peer::Buyer { .. }, Event::Analysis { .. }) => false,
            _ => true,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct BuyerSocketQuery {
    token: String,
    after: Option<i64>,
}

/// `GET /api/v1/widget/ws?token=…&after=…`
pub async fn buyer_socket(
    State(state): State<AppState>,
    Query(query): Query<BuyerSocketQuery>,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    let contact = visitor_for_token(&state, &query.token).await?.0;
    let conversation = crate::api::widget::current_conversation(&state, &contact).await?;
    let peer = Peer::Buyer {
        contact,
        conversation_id: conversation.id,
    };
    Ok(upgrade
        .max_message_size(HARD_FRAME_BYTES)
        .max_frame_size(HARD_FRAME_BYTES)
        .on_upgrade(move |socket| run(state, socket, peer, query.after, None)))
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
    let token = query
        .token
        .or_else(|| request_token(&headers))
        .ok_or_else(ApiError::unauthorized)?;
    let session = session_for_token(&state, &token).await?;
    Ok(upgrade
        .max_message_size(HARD_FRAME_BYTES)
        .max_frame_size(HARD_FRAME_BYTES)
        .on_upgrade(move |socket| {
            let user = session.user;
            let watch = SessionWatch::new(&state, user.id, session.session_id);
            run(state, socket, Peer::Agent(user), None, Some(watch))
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
    ended: tokio::sync::broadcast::Receiver<crate::hub::SessionsEnded>,
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

/// Resolves when the socket's session ended; never for buyers.
async fn session_ended(state: &AppState, watch: &mut Option<SessionWatch>) {
    match watch {
        Some(w) => w.ended(state).await,
        None => std::future::pending().await,
    }
}

/// The socket's writing half, with helpers for our frames.
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

async fn run(
    state: AppState,
    socket: WebSocket,
    peer: Peer,
    after: Option<i64>,
    mut watch: Option<SessionWatch>,
) {
    let (sink, mut stream) = socket.split();
    let mut out = Outbox { sink };
    let mut shutdown = state.shutdown.subscribe();
    // Subscribe before reading history, so nothing falls between the two.
    let mut events = match &peer {
        Peer::Buyer {
            conversation_id, ..
        } => state.hub.subscribe(*conversation_id),
        Peer::Agent(user) => {
            let rx = state.hub.subscribe_all();
            state.hub.agent_connected(user.id, &user.display_name);
            rx
        }
    };
    if let Err(e) = greet(&state, &peer, after, &mut out).await {
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
                            handle_text(&state, &peer, &mut limit, text.as_str(), &mut out).await
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
                        if forward(&peer, &published, &mut out).await.is_err() { break; }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "socket fell behind; closing so it reconnects and catches up");
                        out.close(1013, "fell behind; reconnect and sync").await;
                        break;
                    }
                    Err(RecvError::Closed) => break,
                },
                () = stopped(&mut shutdown) => {
                    out.close(1012, "server restarting").await;
                    break;
                }
                () = session_ended(&state, &mut watch) => {
                    tracing::info!("session ended: closing the agent socket");
                    out.close(CLOSE_SESSION_ENDED, "session ended; sign in again").await;
                    break;
                }
            }
        }
    }
    drop(events);
    match &peer {
        Peer::Buyer {
            conversation_id, ..
        } => state.hub.leave(*conversation_id),
        Peer::Agent(user) => state.hub.agent_disconnected(user.id),
    }
}

/// Whether an agent's session still allows this frame: `send` and `sync`
/// (which store or read conversations) check the database first, so a
/// session ended by another process stops them at once.
async fn still_signed_in(state: &AppState, watch: &Option<SessionWatch>, text: &str) -> bool {
    let Some(watch) = watch else {
        return true;
    };
    #[derive(Deserialize)]
    struct Kind {
        r#type: String,
    }
    // Oversized frames are refused unread by `handle_text`.
    let consequential = text.len() <= MAX_FRAME_BYTES
        && serde_json::from_str::<Kind>(text)
            .is_ok_and(|k| k.r#type == "send" || k.r#type == "sync");
    !consequential || watch.open(state).await
}

/// Resolves once the server starts shutting down.
async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stopping| *stopping).await;
}

/// Sends `hello` and, for a reconnecting buyer, what they missed.
async fn greet(
    state: &AppState,
    peer: &Peer,
    after: Option<i64>,
    out: &mut Outbox,
) -> anyhow::Result<()> {
    match peer {
        Peer::Buyer {
            conversation_id, ..
        } => {
            let conversation = state.store.conversation(*conversation_id).await?;
            out.json(json!({"type": "hello", "conversation": conversation}))
                .await?;
            if let Some(after) = after {
                send_history(state, *conversation_id, after, out).await?;
            }
        }
        Peer::Agent(user) => {
            let online = state.hub.online_agents();
            out.json(json!({"type": "hello", "user": user, "online": online}))
                .await?;
        }
    }
    Ok(())
}

/// Sends every message after `after` as `message` frames.
async fn send_history(
    state: &AppState,
    conversation_id: i64,
    mut after: i64,
    out: &mut Outbox,
) -> anyhow::Result<i64> {
    loop {
        let page = state
            .store
            .messages_after(conversation_id, after, SYNC_PAGE)
            .await?;
        for message in &page {
            after = message.seq;
            out.json(json!({"type": "message", "message": message}))
                .await?;
        }
        if (page.len() as i64) < SYNC_PAGE {
            return Ok(after);
        }
    }
}

async fn forward(
    peer: &Peer,
    published: &Arc<Published>,
    out: &mut Outbox,
) -> Result<(), axum::Error> {
    if peer.sees(&published.event) {
        out.text(published.frame.clone()).await
    } else {
        Ok(())
    }
}

/// Handles one text frame; `Err` only when the socket is gone.
async fn handle_text(
    state: &AppState,
    peer: &Peer,
    limit: &mut RateLimit,
    text: &str,
    out: &mut Outbox,
) -> Result<(), axum::Error> {
    if text.len() > MAX_FRAME_BYTES {
        let err = ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "frame is {} bytes; the limit is {MAX_FRAME_BYTES}",
                text.len()
            ),
        );
        return out.error(&err, None).await;
    }
    if !limit.allow() {
        return out.error(&ApiError::rate_limited(), None).await;
    }
    let frame: ClientFrame = match serde_json::from_str(text) {
        Ok(frame) => frame,
        Err(e) => {
            let err = ApiError::new(ErrorCode::InvalidFrame, format!("invalid frame: {e}"));
            return out.error(&err, None).await;
        }
    };
    match frame {
        ClientFrame::Ping => out.json(json!({"type": "pong"})).await,
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
            let result = match peer.conversation(conversation_id) {
                Ok(id) => {
                    let author = match peer {
                        Peer::Buyer { contact, .. } => Author::Buyer(contact.clone()),
                        Peer::Agent(user) => Author::Agent(user.clone()),
                    };
                    chat::send(state, &author, id, input).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(outcome) => {
                    let sent = out
                        .json(
                            json!({"type": "ack", "client_id": client_id, "message": outcome.message}),
                        )
                        .await;
                    if let (Peer::Buyer { contact, .. }, false) = (peer, outcome.duplicate) {
                        let quick_reply = quick_reply.filter(|p| !p.is_empty() && p.len() <= 256);
                        let live = kadesk_domain::Message {
                            text: typed,
                            ..outcome.message
                        };
                        crate::bot::spawn_on_buyer_message(
                            state,
                            contact.clone(),
                            live,
                            quick_reply,
                        );
                    }
                    sent
                }
                Err(err) => out.error(&err, Some(&client_id)).await,
            }
        }
        ClientFrame::Typing {
            on,
            conversation_id,
        } => match peer.conversation(conversation_id) {
            Ok(id) => {
                let (sender, name) = match peer {
                    Peer::Buyer { .. } => (SenderKind::Buyer, None),
                    Peer::Agent(user) => (SenderKind::Agent, Some(user.display_name.clone())),
                };
                state.hub.publish(Event::Typing {
                    conversation_id: id,
                    sender,
                    name,
                    on,
                });
                Ok(())
            }
            Err(err) => out.error(&err, None).await,
        },
        ClientFrame::Sync {
            after,
            conversation_id,
        } => {
            let id = match peer.conversation(conversation_id) {
                Ok(id) => id,
                Err(err) => return out.error(&err, None).await,
            };
            if let Err(e) = state.store.conversation(id).await {
                return out.error(&e.into(), None).await;
            }
            match send_history(state, id, after.max(0), out).await {
                Ok(last_seq) => {
                    out.json(json!({"type": "synced", "conversation_id": id, "last_seq": last_seq}))
                        .await
                }
                Err(e) => out.error(&ApiError::internal(e), None).await,
            }
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
