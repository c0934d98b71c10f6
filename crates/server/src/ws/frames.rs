//! What both sockets share: the frames clients send, the size and rate
//! limits they are read under, and the socket's writing half.

use axum::extract::ws::{CloseFrame, Message as WsMessage, Utf8Bytes, WebSocket};
use futures_util::SinkExt;
use kadesk_desk::hub::Published;
use kadesk_domain::{BuyerFrame, ErrorCode};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::error::ApiError;

/// Largest frame answered with an error; larger ones close the socket.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;
/// Hard limit of the WebSocket layer.
pub(super) const HARD_FRAME_BYTES: usize = 1024 * 1024;

/// A socket's read buffer. tungstenite zero-fills the whole buffer before
/// every read attempt, and a socket's task tries a read each time it wakes
/// (for every event it forwards, too): with the default 128 KiB that memset
/// was ~88% of the server's instructions in `kadesk bench chat`. Buyer and agent
/// frames are small; a bigger one is read in several chunks.
pub(super) const READ_BUFFER_BYTES: usize = 1024;
/// Frames a connection may send at once…
const BURST: f64 = 20.0;
/// …and per second after that.
const PER_SECOND: f64 = 10.0;
/// Largest page of messages sent in one go while catching up.
pub(super) const SYNC_PAGE: i64 = 200;

/// Why a socket step failed: the store, or the socket is gone.
#[derive(Debug, thiserror::Error)]
pub(super) enum SocketError {
    #[error(transparent)]
    Store(#[from] kadesk_store::StoreError),
    #[error(transparent)]
    Socket(#[from] axum::Error),
}

/// A token bucket: `BURST` frames at once, refilled at `PER_SECOND`.
#[derive(Debug)]
pub(super) struct RateLimit {
    tokens: f64,
    last: Instant,
}

impl RateLimit {
    pub(super) fn new() -> RateLimit {
        RateLimit {
            tokens: BURST,
            last: Instant::now(),
        }
    }

    pub(super) fn allow(&mut self) -> bool {
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
pub(super) enum ClientFrame {
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
pub(super) enum AuthFrame {
    Auth {
        token: String,
        /// The highest `seq` the client has seen: what it missed follows `hello`.
        #[serde(default)]
        after: Option<i64>,
    },
}

/// Checks a frame's size and the connection's rate, then parses it.
pub(super) fn read_frame<T: serde::de::DeserializeOwned>(
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

/// The socket's writing half.
pub(super) struct Outbox {
    pub(super) sink: futures_util::stream::SplitSink<WebSocket, WsMessage>,
}

impl Outbox {
    pub(super) async fn text(&mut self, frame: impl Into<Utf8Bytes>) -> Result<(), axum::Error> {
        self.sink.send(WsMessage::Text(frame.into())).await
    }

    /// Queues a frame without writing it; [`Outbox::flush`] writes what is queued.
    pub(super) async fn feed(&mut self, frame: impl Into<Utf8Bytes>) -> Result<(), axum::Error> {
        self.sink.feed(WsMessage::Text(frame.into())).await
    }

    /// Writes every queued frame.
    pub(super) async fn flush(&mut self) -> Result<(), axum::Error> {
        self.sink.flush().await
    }

    pub(super) async fn json(&mut self, value: serde_json::Value) -> Result<(), axum::Error> {
        self.text(value.to_string()).await
    }

    pub(super) async fn error(
        &mut self,
        err: &ApiError,
        client_id: Option<&str>,
    ) -> Result<(), axum::Error> {
        let mut frame = json!({"type": "error", "code": err.code, "message": err.message});
        if let Some(id) = client_id {
            frame["client_id"] = json!(id);
        }
        self.json(frame).await
    }

    pub(super) async fn close(&mut self, code: u16, reason: &'static str) {
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
pub(super) struct BuyerOutbox(pub(super) Outbox);

impl BuyerOutbox {
    pub(super) async fn send(&mut self, frame: &BuyerFrame) -> Result<(), axum::Error> {
        match serde_json::to_string(frame) {
            Ok(text) => self.0.text(text).await,
            Err(e) => {
                tracing::error!(error = %e, "buyer frame does not serialise");
                Ok(())
            }
        }
    }

    /// A frame the hub published to the buyer's room (already serialised).
    pub(super) async fn forward(
        &mut self,
        published: &Published<BuyerFrame>,
    ) -> Result<(), axum::Error> {
        self.0.text(published.frame.clone()).await
    }

    pub(super) async fn error(
        &mut self,
        err: &ApiError,
        client_id: Option<&str>,
    ) -> Result<(), axum::Error> {
        self.send(&BuyerFrame::Error {
            code: err.code,
            message: err.message.clone(),
            client_id: client_id.map(str::to_owned),
        })
        .await
    }

    pub(super) async fn close(&mut self, code: u16, reason: &'static str) {
        self.0.close(code, reason).await;
    }
}

/// The writing half the socket loops share: the buyer's, which sends only
/// [`BuyerFrame`]s, and the agent's.
pub(super) trait FrameSink {
    /// An `error` frame.
    async fn error(&mut self, err: &ApiError, client_id: Option<&str>) -> Result<(), axum::Error>;
    /// A close frame with its code and reason.
    async fn close(&mut self, code: u16, reason: &'static str);
}

impl FrameSink for Outbox {
    async fn error(&mut self, err: &ApiError, client_id: Option<&str>) -> Result<(), axum::Error> {
        Outbox::error(self, err, client_id).await
    }
    async fn close(&mut self, code: u16, reason: &'static str) {
        Outbox::close(self, code, reason).await;
    }
}

impl FrameSink for BuyerOutbox {
    async fn error(&mut self, err: &ApiError, client_id: Option<&str>) -> Result<(), axum::Error> {
        BuyerOutbox::error(self, err, client_id).await
    }
    async fn close(&mut self, code: u16, reason: &'static str) {
        BuyerOutbox::close(self, code, reason).await;
    }
}

/// What a socket loop does with one frame it read.
pub(super) enum Incoming {
    /// A text frame to handle.
    Text(Utf8Bytes),
    /// Nothing (a ping; a binary frame, already answered with an error).
    Skip,
    /// The socket closed, failed, or could not be answered: end the loop.
    End,
}

/// Sorts a frame read from the socket.
pub(super) async fn incoming(
    frame: Option<Result<WsMessage, axum::Error>>,
    out: &mut impl FrameSink,
) -> Incoming {
    match frame {
        Some(Ok(WsMessage::Text(text))) => Incoming::Text(text),
        Some(Ok(WsMessage::Binary(_))) => {
            let err = ApiError::new(ErrorCode::InvalidFrame, "send JSON text frames, not binary");
            match out.error(&err, None).await {
                Ok(()) => Incoming::Skip,
                Err(_) => Incoming::End,
            }
        }
        Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => Incoming::Skip,
        Some(Ok(WsMessage::Close(_)) | Err(_)) | None => Incoming::End,
    }
}

/// A live-event receive error ends the loop; a socket that fell behind is
/// first closed with 1013 so it reconnects and catches up from its cursor.
pub(super) async fn events_lost(err: RecvError, out: &mut impl FrameSink) {
    if let RecvError::Lagged(missed) = err {
        tracing::warn!(
            missed,
            "socket fell behind; closing so it reconnects and catches up"
        );
        out.close(1013, "fell behind; reconnect and sync").await;
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
