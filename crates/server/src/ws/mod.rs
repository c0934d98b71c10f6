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
//!
//! - [`frames`]: what both sockets share: client frames, size and rate
//!   limits, the writing half.
//! - [`buyer`]: the widget's socket.
//! - [`agent`]: the console's socket.
//!
//! [`BuyerFrame`]: kadesk_domain::BuyerFrame

mod agent;
mod buyer;
mod frames;

pub use agent::{agent_socket, AgentSocketQuery, CLOSE_SESSION_ENDED};
pub use buyer::{
    buyer_socket, BuyerSocketQuery, AUTH_TIMEOUT, CLOSE_AUTH_INVALID, CLOSE_AUTH_TIMEOUT,
    CLOSE_AUTH_UNKNOWN,
};
pub use frames::MAX_FRAME_BYTES;

use crate::AppState;

/// The two sockets' routes (under `/api/v1`).
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/widget/ws", axum::routing::get(buyer_socket))
        .route("/agent/ws", axum::routing::get(agent_socket))
}

/// Resolves once the server starts shutting down.
async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stopping| *stopping).await;
}
