//! The widget's socket: authenticated by its first frame, it joins the
//! buyer's conversation (or waits for it to start) and relays the buyer's
//! messages to the desk and the room's frames back.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::stream::SplitStream;
use futures_util::StreamExt;
use kadesk_channels::web::WebWidget;
use kadesk_channels::Adapter;
use kadesk_desk::chat::{self, SendInput};
use kadesk_desk::hub::Published;
use kadesk_domain::{BuyerFrame, BuyerMessage, Contact, ErrorCode, SenderKind};
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};

use super::frames::{
    events_lost, incoming, read_frame, AuthFrame, BuyerOutbox, ClientFrame, Incoming, Outbox,
    RateLimit, SocketError, HARD_FRAME_BYTES, READ_BUFFER_BYTES, SYNC_PAGE,
};
use super::stopped;
use crate::auth::{visitor_for_token, ClientIp};
use crate::error::{ApiError, ApiResult, Query};
use crate::AppState;

/// How long a buyer socket may take to send its `auth` frame.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Close code: the first frame was not a valid `auth` frame.
pub const CLOSE_AUTH_INVALID: u16 = 4400;
/// Close code: the visitor token is unknown (start a new widget session).
pub const CLOSE_AUTH_UNKNOWN: u16 = 4401;
/// Close code: no `auth` frame within [`AUTH_TIMEOUT`].
pub const CLOSE_AUTH_TIMEOUT: u16 = 4408;

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
        .read_buffer_size(READ_BUFFER_BYTES)
        .on_upgrade(move |socket| async move {
            run_buyer(state, socket, ip).await;
            drop(open);
        }))
}

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
                frame = stream.next() => match incoming(frame, &mut out).await {
                    Incoming::Text(text) => {
                        if buyer.handle_text(&mut limit, text.as_str(), &mut out).await.is_err() { break; }
                    }
                    Incoming::Skip => {}
                    Incoming::End => break,
                },
                event = next_in_room(&mut buyer.room) => match event {
                    Ok(published) => {
                        if out.forward(&published).await.is_err() { break; }
                    }
                    Err(lost) => {
                        events_lost(lost, &mut out).await;
                        break;
                    }
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
    async fn greet(
        &mut self,
        after: Option<i64>,
        out: &mut BuyerOutbox,
    ) -> Result<(), SocketError> {
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
            conversation: conversation.as_ref().map(|c| self.state.hub.buyer_view(c)),
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
    async fn join(
        &mut self,
        conversation_id: i64,
        out: &mut BuyerOutbox,
    ) -> Result<(), SocketError> {
        if self.room.is_some() {
            return Ok(());
        }
        self.enter(conversation_id);
        let conversation = self.state.store.conversation(conversation_id).await?;
        out.send(&BuyerFrame::Conversation {
            conversation: self.state.hub.buyer_view(&conversation),
        })
        .await?;
        send_history(&self.state, conversation_id, 0, out).await?;
        Ok(())
    }

    /// Joins the contact's open conversation, if there is one.
    async fn join_open(&mut self, out: &mut BuyerOutbox) -> Result<(), SocketError> {
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
                let sent = kadesk_channels::web::send(
                    &self.state,
                    &self.contact,
                    self.ip,
                    id,
                    input,
                    quick_reply,
                )
                .await;
                match sent {
                    Ok((outcome, turn)) => {
                        let acked = out
                            .send(&BuyerFrame::Ack {
                                client_id,
                                message: BuyerMessage::from(&outcome.message),
                            })
                            .await;
                        turn.start().await;
                        acked
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
) -> Result<i64, SocketError> {
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
