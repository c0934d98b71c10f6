//! Channel adapters: the one boundary between a messaging platform (the web
//! widget, Telegram, WhatsApp, WeChat, e-mail) and the desk.
//!
//! **Inbound**, an adapter turns a platform's payload into an [`Inbound`]:
//! who the buyer is on that platform ([`PlatformIdentity`]: the channel
//! kind and the platform's user id), the text, uploaded attachments, a
//! pressed button and the platform's message id, and hands it to
//! [`Intake::receive`] (which calls [`receive`]): finds or makes the contact
//! for that identity, opens their conversation on the adapter's channel,
//! stores the message (persist before acknowledging) and hands it to the
//! bot. A repeated delivery of the same platform message (webhooks retry)
//! is recognised by its id and stored once.
//!
//! **Outbound**, [`Channels`] collects every message the desk writes into a
//! platform conversation (bot replies, agents' answers, notices) by a
//! stored cursor, [`render`]s it to what the platform can show
//! ([`Capabilities`]), queues the parts in the database (`channel_outbox`)
//! and sends them in order per buyer through [`Adapter::deliver`], within
//! the platform's rate ([`Rate`]), retrying with back-off while the
//! platform is down; a part that still fails is kept as failed with the
//! platform's error for the agents. Card keys the bot or an agent
//! re-delivers (never stored in messages) are queued by the desk, sealed
//! with the shop's key, whenever they are shown
//! (`kadesk_desk::platforms::queue_keys`).
//!
//! **Webhooks and loops**: the server mounts
//! `/api/v1/channels/{name}/webhook` and hands each request to
//! [`Channels::webhook`], which calls the adapter's [`Adapter::webhook`]
//! with plain `http` types; an adapter that polls (Telegram's
//! `getUpdates`) runs its [`Adapter::run`] loop, started by
//! [`Channels::start`] and stopped by the desk's shutdown signal.
//!
//! [`web`] is the widget: its sockets and REST calls live in
//! `kadesk-server`, its identity is the visitor token, and the hub delivers
//! to it, so it needs no queue. [`telegram`] is the Telegram Bot API,
//! [`whatsapp`] the WhatsApp Cloud API.
//!
//! A platform that takes free-form messages only for a while after the
//! buyer's last one (WhatsApp 24 h) says so in [`Adapter::reply_window`]:
//! [`Channels`] hands the window to the desk, which refuses an agent's
//! reply after it (`reply_window_closed`), and the agent may send the
//! channel's [`Adapter::template`] instead ([`Channels::send_template`]).
//!
//! # Adding a channel (e-mail, say)
//! 1. Add `src/email.rs` with a struct implementing [`Adapter`]: its
//!    `kind()`, `capabilities()`, `rate()`, `deliver()` (one rendered part
//!    to the platform's send API; say whether a failure is worth retrying),
//!    and `webhook()` (check the signature, turn the payload into
//!    [`Inbound`]s and call [`Intake::receive`]).
//! 2. Add its settings as a field of [`ChannelsConfig`] (`[channels.email]`)
//!    and build it in [`Channels::new`].
//!
//! Nothing else changes: the webhook route, the outbound queue, identities,
//! de-duplication, conversations, the bot and the agents' console are the
//! same for every channel.

use std::future::Future;
use std::pin::Pin;

use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::wording::Notice;
use kadesk_desk::{Desk, DeskResult};
use kadesk_domain::{Channel, Contact, Lang, Message, Millis, QuickReply};
use kadesk_store::AppendOutcome;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod config;
mod intake;
mod outbox;
mod platform_api;
mod runtime;
pub mod telegram;
pub mod web;
pub mod whatsapp;

pub use config::{ChannelsConfig, ConfigError, TelegramConfig, TelegramMode, WhatsappConfig};
pub use intake::Intake;
pub use runtime::Channels;

/// Who a buyer is on a platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformIdentity {
    /// The platform.
    pub channel: Channel,
    /// The platform's id for the buyer (a chat id, a phone number, an
    /// address); unique within the channel.
    pub platform_user_id: String,
}

/// A buyer's message as an adapter received it.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// Who sent it.
    pub from: PlatformIdentity,
    /// The name the platform shows for the buyer, if any.
    pub display_name: Option<String>,
    /// The buyer's language tag as the platform reports it, if any.
    pub language: Option<String>,
    /// The text (may be empty when there are attachments).
    pub text: String,
    /// Ids of files already uploaded to the desk's file store.
    pub attachments: Vec<String>,
    /// The payload of the bot's button the buyer pressed, if this is a press.
    pub quick_reply: Option<String>,
    /// The platform's id for this message: a second delivery with the same
    /// id is recognised and not stored again.
    pub platform_message_id: String,
}

/// What [`receive`] did with an inbound message.
#[derive(Debug)]
pub enum Received {
    /// Stored now (and handed to the bot).
    Stored(Box<AppendOutcome>),
    /// The same platform message was stored before, as this message id.
    Duplicate { message_id: i64 },
}

/// What a platform can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Buttons under a message (quick replies); without them the choices
    /// are listed as numbered lines.
    pub buttons: bool,
    /// The most buttons one message may carry; beyond that the choices are
    /// listed as numbered lines.
    pub max_buttons: usize,
    /// Pictures inline; without them a picture is sent as a link.
    pub images: bool,
    /// The longest text one platform message may carry, in characters.
    pub max_chars: usize,
}

/// How fast a platform takes messages: a bucket per buyer and one for the
/// whole channel, each `burst` deep and refilled at `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Messages per second to one buyer, on average.
    pub per_recipient: f64,
    /// Messages one buyer may get at once.
    pub recipient_burst: f64,
    /// Messages per second for the whole channel.
    pub overall: f64,
}

/// One platform message, rendered within the platform's limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub text: String,
    /// Buttons to show (empty when the platform has none).
    #[serde(default)]
    pub buttons: Vec<QuickReply>,
    /// Picture file ids to send inline (empty when the platform shows none).
    #[serde(default)]
    pub images: Vec<String>,
}

/// A boxed future, as adapters return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A future an adapter returns from [`Adapter::deliver`].
pub type Delivery<'a> = BoxFuture<'a, Result<(), DeliveryError>>;

/// A webhook request as the server hands it to an adapter.
pub type WebhookRequest = http::Request<bytes::Bytes>;

/// An adapter's answer to a webhook request.
pub type WebhookResponse = http::Response<bytes::Bytes>;

/// Why a platform did not take a message.
#[derive(Debug, thiserror::Error)]
#[error("{channel} delivery failed: {reason}")]
pub struct DeliveryError {
    pub channel: Channel,
    /// The platform's error as it gave it (never a token or a card key).
    pub reason: String,
    /// Worth trying again later (the platform is down or rate-limits);
    /// false when the platform refused the message itself.
    pub retryable: bool,
}

/// A channel adapter.
pub trait Adapter: Send + Sync {
    /// The channel it serves.
    fn kind(&self) -> Channel;
    /// What its platform can show.
    fn capabilities(&self) -> Capabilities;
    /// How fast its platform takes messages.
    fn rate(&self) -> Rate {
        Rate {
            per_recipient: 1.0,
            recipient_burst: 3.0,
            overall: 30.0,
        }
    }
    /// How long after a buyer's last message the platform takes free-form
    /// messages to them (WhatsApp 24 h); `None`: always.
    fn reply_window(&self) -> Option<Millis> {
        None
    }
    /// The configured template that may be sent once the reply window has
    /// passed (its name), if any.
    fn template(&self) -> Option<&str> {
        None
    }
    /// Sends one rendered part of a stored message to a buyer.
    fn deliver<'a>(&'a self, to: &'a PlatformIdentity, part: &'a Rendered) -> Delivery<'a>;
    /// Sends the template `name` to a buyer.
    fn deliver_template<'a>(&'a self, _to: &'a PlatformIdentity, _name: &'a str) -> Delivery<'a> {
        let channel = self.kind();
        Box::pin(async move {
            Err(DeliveryError {
                channel,
                reason: "the channel sends no templates".into(),
                retryable: false,
            })
        })
    }
    /// Answers a request to `/api/v1/channels/{name}/webhook`; `None`: the
    /// channel takes no webhooks.
    fn webhook<'a>(
        &'a self,
        _intake: &'a Intake,
        _request: WebhookRequest,
    ) -> Option<BoxFuture<'a, WebhookResponse>> {
        None
    }
    /// A background loop (polling the platform), run until the desk stops
    /// ([`Intake::stopped`]); `None`: the channel has none.
    fn run<'a>(&'a self, _intake: &'a Intake) -> Option<BoxFuture<'a, ()>> {
        None
    }
}

/// What a queued platform message holds (the `body` of `channel_outbox`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum OutBody {
    /// A rendered part of a stored message.
    Part(Rendered),
    /// Card keys the bot or an agent re-delivered, sealed with the shop's
    /// key (with the order number as associated data); opened just before
    /// sending. Written by the desk (`kadesk_desk::platforms::SealedKeys`).
    Keys {
        order_no: String,
        lang: String,
        sealed: Vec<String>,
    },
    /// The channel's template, which an agent sent once the reply window
    /// had passed.
    Template { name: String },
}

/// An empty answer with `code`.
pub(crate) fn status(code: http::StatusCode) -> WebhookResponse {
    let mut response = http::Response::new(bytes::Bytes::new());
    *response.status_mut() = code;
    response
}

/// A request's query parameters, decoded (the last of a repeated name).
pub(crate) fn query_params(uri: &http::Uri) -> std::collections::HashMap<String, String> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    uri.query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Stores a buyer's message from any channel: the contact for the
/// platform identity (made on first contact), their open conversation on
/// that channel, the message (once per platform message id), then the bot.
pub async fn receive(desk: &Desk, inbound: Inbound) -> DeskResult<Received> {
    let channel = inbound.from.channel;
    if let Some(message_id) = desk
        .store
        .channel_message(channel, &inbound.platform_message_id)
        .await?
    {
        return Ok(Received::Duplicate { message_id });
    }
    let contact = contact_for(desk, &inbound).await?;
    let conversation = chat::start_conversation_on(desk, &contact, channel).await?;
    let input = SendInput {
        client_id: Some(client_id_for(channel, &inbound.platform_message_id)),
        text: inbound.text.clone(),
        attachments: inbound.attachments.clone(),
    };
    let outcome = chat::send(
        desk,
        &Author::Buyer(contact.clone()),
        conversation.id,
        input,
    )
    .await?;
    desk.store
        .record_channel_message(channel, &inbound.platform_message_id, outcome.message.id)
        .await?;
    if outcome.duplicate {
        return Ok(Received::Duplicate {
            message_id: outcome.message.id,
        });
    }
    // The bot reads the text as the buyer typed it; the store may keep it
    // redacted (a lookup password given as proof never reaches the database).
    let live = Message {
        text: inbound.text,
        ..outcome.message.clone()
    };
    kadesk_desk::bot::queue_buyer_message(desk, contact, None, live, inbound.quick_reply).await;
    Ok(Received::Stored(Box::new(outcome)))
}

/// The contact a platform identity belongs to, made on first contact.
async fn contact_for(desk: &Desk, inbound: &Inbound) -> DeskResult<Contact> {
    let from = &inbound.from;
    if let Some(contact) = desk
        .store
        .contact_for_identity(from.channel, &from.platform_user_id)
        .await?
    {
        return Ok(contact);
    }
    let lang = Lang::from_tag(inbound.language.as_deref().unwrap_or_default());
    let name = match inbound.display_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.chars().take(64).collect(),
        _ => Notice::Visitor {
            code: short_code(&from.platform_user_id),
        }
        .text(lang),
    };
    let made = desk
        .store
        .create_contact(&name, lang.tag(), from.channel, None)
        .await?;
    let owner = desk
        .store
        .link_identity(from.channel, &from.platform_user_id, made.id)
        .await?;
    // Another delivery linked the identity first: use its contact.
    Ok(desk.store.contact(owner).await?)
}

/// A client id for a platform message (within the desk's 64-character limit).
fn client_id_for(channel: Channel, platform_message_id: &str) -> String {
    let digest = Sha256::digest(format!("{channel}:{platform_message_id}").as_bytes());
    format!("{channel}-{}", &hex::encode(digest)[..40])
}

/// Four characters naming a buyer who gave no name.
fn short_code(platform_user_id: &str) -> String {
    hex::encode(Sha256::digest(platform_user_id.as_bytes()))[..4].to_uppercase()
}

/// Fits a stored message to a platform: text split at `max_chars` (at a
/// line end when one is near), buttons kept or listed as numbered lines,
/// pictures kept or given as file links.
pub fn render(message: &Message, caps: &Capabilities) -> Vec<Rendered> {
    let mut text = message.text.clone();
    let mut images = Vec::new();
    for file in &message.attachments {
        if caps.images {
            images.push(file.id.clone());
        } else {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!("/api/v1/files/{}", file.id));
        }
    }
    let replies = message.quick_replies.clone().unwrap_or_default();
    let mut buttons = Vec::new();
    if caps.buttons && replies.len() <= caps.max_buttons {
        buttons = replies;
    } else {
        for (n, reply) in replies.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", n + 1, reply.label));
        }
    }
    let chunks = split(&text, caps.max_chars.max(1));
    let last = chunks.len().saturating_sub(1);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, text)| Rendered {
            text,
            // Buttons under the last part, pictures with the first.
            buttons: if i == last {
                std::mem::take(&mut buttons)
            } else {
                Vec::new()
            },
            images: if i == 0 {
                std::mem::take(&mut images)
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// `text` in pieces of at most `max` characters, each cut where a reader
/// would pause: at a line end in the last fifth of a piece, else after a
/// sentence's end (。！？.!?) in its second half, else at a space there,
/// else at the limit.
fn split(text: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return vec![text.to_owned()];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + max).min(chars.len());
        if end < chars.len() {
            let find = |from: usize, pred: &dyn Fn(char) -> bool| {
                (from..end).rev().find(|&i| pred(chars[i])).map(|i| i + 1)
            };
            end = find(start + max * 4 / 5, &|c| c == '\n')
                .or_else(|| find(start + max / 2, &|c| "。！？!?；;".contains(c)))
                .or_else(|| {
                    find(start + max / 2, &|c| c == '.')
                        .filter(|&i| chars.get(i).is_none_or(|n| n.is_whitespace()))
                })
                .or_else(|| find(start + max / 2, &char::is_whitespace))
                .unwrap_or(end);
        }
        let piece: String = chars[start..end].iter().collect();
        let piece = piece.trim();
        if !piece.is_empty() {
            parts.push(piece.to_owned());
        }
        start = end;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_split_within_the_limit() {
        let text = format!("{}\n{}", "a".repeat(90), "b".repeat(50));
        let parts = split(&text, 100);
        assert_eq!(parts, vec!["a".repeat(90), "b".repeat(50)]);
        let parts = split(&"长".repeat(250), 100);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= 100));
    }

    #[test]
    fn long_text_is_split_after_a_sentence() {
        let first = format!("{}。", "卡".repeat(70));
        let text = format!("{first}{}", "密".repeat(60));
        let parts = split(&text, 100);
        assert_eq!(parts, vec![first, "密".repeat(60)]);
        let text = format!("{}. {}", "a".repeat(70), "b".repeat(60));
        let parts = split(&text, 100);
        assert_eq!(parts, vec![format!("{}.", "a".repeat(70)), "b".repeat(60)]);
    }

    #[test]
    fn keys_the_desk_queues_read_as_the_queues_keys() {
        let desk_body = kadesk_desk::platforms::SealedKeys {
            order_no: "D1".into(),
            lang: "zh-CN".into(),
            sealed: vec!["s1".into()],
        };
        let body: OutBody =
            serde_json::from_str(&serde_json::to_string(&desk_body).unwrap()).unwrap();
        assert!(
            matches!(body, OutBody::Keys { ref order_no, ref sealed, .. } if order_no == "D1" && sealed == &["s1"])
        );
    }

    #[test]
    fn client_ids_fit_the_limit_and_differ_per_channel() {
        let web = client_id_for(Channel::Web, &"x".repeat(500));
        let tg = client_id_for(Channel::Telegram, &"x".repeat(500));
        assert!(web.len() <= kadesk_domain::limits::MAX_CLIENT_ID_LEN);
        assert_ne!(web, tg);
    }
}
