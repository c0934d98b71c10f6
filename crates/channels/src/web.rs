//! The web widget: the first channel adapter. Its frames travel over the
//! widget's socket and REST calls, served by `kadesk-server` (`ws.rs`,
//! `api/widget.rs`), which hand a buyer's message to [`send`]. A widget
//! buyer is known by their visitor token, not a platform user id, so the
//! server finds the contact itself and the conversation is opened on
//! [`WebWidget::kind`]; outbound messages reach the widget through the
//! desk's hub, which every buyer socket listens to, so nothing is queued.

use std::net::IpAddr;

use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::{Desk, DeskResult};
use kadesk_domain::{limits, Channel, Contact, Message};
use kadesk_store::AppendOutcome;

use crate::{Adapter, Capabilities, Delivery, PlatformIdentity, Rendered};

/// The web chat widget.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebWidget;

/// What the widget shows: buttons, pictures and the desk's longest text.
pub const CAPABILITIES: Capabilities = Capabilities {
    buttons: true,
    max_buttons: usize::MAX,
    images: true,
    max_chars: limits::MAX_TEXT_CHARS,
};

impl Adapter for WebWidget {
    fn kind(&self) -> Channel {
        Channel::Web
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    /// Nothing to send: the hub already published the stored message to the
    /// buyer's sockets.
    fn deliver<'a>(&'a self, _to: &'a PlatformIdentity, _part: &'a Rendered) -> Delivery<'a> {
        Box::pin(async { Ok(()) })
    }
}

/// A widget buyer's message into their conversation: stored (persist
/// before acknowledging; a retried `client_id` returns the stored one).
/// The caller acknowledges it, then starts the returned [`BotTurn`], which
/// hands a new message to the bot with the text as typed (the store may
/// keep it redacted) and the pressed button's payload.
pub async fn send(
    desk: &Desk,
    contact: &Contact,
    ip: Option<IpAddr>,
    conversation_id: i64,
    input: SendInput,
    quick_reply: Option<String>,
) -> DeskResult<(AppendOutcome, BotTurn)> {
    let typed = input.text.clone();
    let outcome = chat::send(
        desk,
        &Author::Buyer(contact.clone()),
        conversation_id,
        input,
    )
    .await?;
    let turn = (!outcome.duplicate).then(|| Turn {
        desk: desk.clone(),
        contact: contact.clone(),
        ip,
        message: Message {
            text: typed,
            ..outcome.message.clone()
        },
        quick_reply: quick_reply.filter(|p| !p.is_empty() && p.len() <= 256),
    });
    Ok((outcome, BotTurn(turn)))
}

/// The bot's turn after a widget buyer's message (none for a repeat).
#[derive(Debug)]
#[must_use = "start the bot's turn after acknowledging the message"]
pub struct BotTurn(Option<Turn>);

#[derive(Debug)]
struct Turn {
    desk: Desk,
    contact: Contact,
    ip: Option<IpAddr>,
    message: Message,
    quick_reply: Option<String>,
}

impl BotTurn {
    /// Hands the message to the bot.
    pub async fn start(self) {
        if let Some(t) = self.0 {
            kadesk_desk::bot::queue_buyer_message(
                &t.desk,
                t.contact,
                t.ip,
                t.message,
                t.quick_reply,
            )
            .await;
        }
    }
}
