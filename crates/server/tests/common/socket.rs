//! WebSocket clients: the buyer's and the agent's sockets, speaking JSON
//! frames.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client socket speaking JSON frames.
pub struct Socket {
    pub(crate) ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
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
