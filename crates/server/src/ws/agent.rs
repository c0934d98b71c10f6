//! The console's socket: an agent's session, the agents' event stream out,
//! and the agent's messages, typing and catching-up in.

use std::sync::Arc;

use axum::extract::ws::{WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::hub::Published;
use kadesk_domain::{ErrorCode, Event, SenderKind, User};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::frames::{
    events_lost, incoming, read_frame, ClientFrame, Incoming, Outbox, RateLimit, HARD_FRAME_BYTES,
    MAX_FRAME_BYTES, READ_BUFFER_BYTES, SYNC_PAGE,
};
use super::stopped;
use crate::auth::{request_token, session_for_token};
use crate::error::{ApiError, ApiResult, Query};
use crate::AppState;

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
        .read_buffer_size(READ_BUFFER_BYTES)
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

async fn run_agent(state: AppState, socket: WebSocket, user: User, mut watch: SessionWatch) {
    let (sink, mut stream) = socket.split();
    let mut out = Outbox { sink };
    let mut shutdown = state.shutdown.subscribe();
    let mut events = state.hub.subscribe_all();
    state.hub.agent_connected(user.id, &user.display_name);
    // An agent coming online may take waiting conversations.
    state.routing.touch(user.id, state.now());
    record_status(&state, user.id).await;
    state.routing.kick();
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
                frame = stream.next() => match incoming(frame, &mut out).await {
                    Incoming::Text(text) => {
                        if !still_signed_in(&state, &watch, text.as_str()).await {
                            out.close(CLOSE_SESSION_ENDED, "session ended; sign in again").await;
                            break;
                        }
                        if handle_agent_text(&state, &user, &mut limit, text.as_str(), &mut out).await.is_err() { break; }
                    }
                    Incoming::Skip => {}
                    Incoming::End => break,
                },
                event = events.recv() => match event {
                    Ok(published) => match forward_waiting(&user, &published, &mut events, &mut out).await {
                        Ok(None) => {}
                        Ok(Some(missed)) => {
                            events_lost(RecvError::Lagged(missed), &mut out).await;
                            break;
                        }
                        Err(_) => break,
                    },
                    Err(lost) => {
                        events_lost(lost, &mut out).await;
                        break;
                    }
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
    record_status(&state, user.id).await;
    state.routing.kick();
}

/// Records the agent's status if it changed (the reports' online time); a
/// database error is logged, the socket carries on.
async fn record_status(state: &AppState, user_id: i64) {
    if let Err(e) = kadesk_desk::routing::sync_status(state, user_id).await {
        tracing::warn!(error = %e, "agent status not recorded");
    }
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

/// Most events written to an agent socket with one flush.
const FORWARD_BATCH: usize = 64;

/// Forwards `first` and the events already waiting behind it (up to
/// [`FORWARD_BATCH`]) with one flush: under load the socket gets several
/// frames per write instead of one write (a system call) per frame; every
/// agent socket gets every event, so that is 20 writes per event with 20
/// agents watching. Same frames, same order. `Ok(Some(missed))` when the
/// socket fell behind the hub.
async fn forward_waiting(
    user: &User,
    first: &Arc<Published<Event>>,
    events: &mut tokio::sync::broadcast::Receiver<Arc<Published<Event>>>,
    out: &mut Outbox,
) -> Result<Option<u64>, axum::Error> {
    use tokio::sync::broadcast::error::TryRecvError;
    feed_to_agent(user, first, out).await?;
    let mut lagged = None;
    for _ in 1..FORWARD_BATCH {
        match events.try_recv() {
            Ok(next) => feed_to_agent(user, &next, out).await?,
            Err(TryRecvError::Lagged(missed)) => {
                lagged = Some(missed);
                break;
            }
            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
        }
    }
    out.flush().await?;
    Ok(lagged)
}

/// Queues an agent event on the socket (written at the next flush), except
/// the agent's own typing.
async fn feed_to_agent(
    user: &User,
    published: &Arc<Published<Event>>,
    out: &mut Outbox,
) -> Result<(), axum::Error> {
    if is_own_typing(user, published) {
        Ok(())
    } else {
        out.feed(published.frame.clone()).await
    }
}

/// Whether the event is the agent's own typing (not sent back to them).
fn is_own_typing(user: &User, published: &Published<Event>) -> bool {
    matches!(
        &published.event,
        Event::Typing { sender: SenderKind::Agent, name, .. }
            if name.as_deref() == Some(user.display_name.as_str())
    )
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
    if !matches!(frame, ClientFrame::Ping) {
        // Anything but a ping is the agent at work (see auto-away).
        if state.routing.touch(user.id, state.now()) {
            record_status(state, user.id).await;
        }
    }
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
