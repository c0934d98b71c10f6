//! Channel adapters: the one boundary between a messaging platform (the web
//! widget, Telegram, WhatsApp, WeChat, e-mail) and the desk.
//!
//! **Inbound**, an adapter turns a platform's payload into an [`Inbound`]:
//! who the buyer is on that platform ([`PlatformIdentity`]: the channel
//! kind and the platform's user id), the text, uploaded attachments and the
//! platform's message id. [`receive`] does the rest for every channel alike:
//! finds or makes the contact for that identity, opens their conversation on
//! the adapter's channel, stores the message (persist before acknowledging)
//! and hands it to the bot. A repeated delivery of the same platform message
//! (webhooks retry) is recognised by its id and stored once.
//!
//! **Outbound**, the desk hands an adapter a stored message; [`render`]
//! fits it to what the platform can show ([`Capabilities`]: buttons,
//! images, the longest text) and the adapter sends the parts with
//! [`Adapter::deliver`].
//!
//! [`web`] is the first adapter: the widget's sockets and REST calls (in
//! `kadesk-server`) carry its frames; its identity is the visitor token.
//!
//! # Adding a channel (Telegram, say)
//! 1. Add `src/telegram.rs` with a `Telegram` struct that implements
//!    [`Adapter`]: `kind()` is `Channel::Telegram`, `capabilities()` what a
//!    Telegram message can carry (inline buttons, photos, 4096 characters),
//!    `deliver()` calls the Bot API's `sendMessage` with the rendered parts.
//!    Its webhook or long-polling loop turns each update into an
//!    [`Inbound`] (`platform_user_id` = the chat id, `platform_message_id`
//!    = the update's message id) and calls [`receive`].
//! 2. Add its settings as a `[channels.telegram]` section (bot token,
//!    webhook secret) of the binary's configuration, and start its webhook
//!    route or polling loop in `kadesk serve`. Today no channel has settings
//!    (the widget is always on), so the first real channel also adds the
//!    `[channels]` section itself and the adapters' start and stop on
//!    shutdown.
//!
//! Nothing else changes: identities, de-duplication, conversations, the bot
//! and the agents' console are the same for every channel.

use std::future::Future;
use std::pin::Pin;

use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::wording::Notice;
use kadesk_desk::{Desk, DeskResult};
use kadesk_domain::{Channel, Contact, Lang, Message, QuickReply};
use kadesk_store::AppendOutcome;
use sha2::{Digest, Sha256};

pub mod web;

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
    /// Pictures inline; without them a picture is sent as a link.
    pub images: bool,
    /// The longest text one platform message may carry, in characters.
    pub max_chars: usize,
}

/// One platform message, rendered within the platform's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// Buttons to show (empty when the platform has none).
    pub buttons: Vec<QuickReply>,
    /// Picture file ids to send inline (empty when the platform shows none).
    pub images: Vec<String>,
}

/// A future an adapter returns from [`Adapter::deliver`].
pub type Delivery<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// Why a platform did not take a message.
#[derive(Debug, thiserror::Error)]
#[error("{channel} delivery failed: {reason}")]
pub struct DeliveryError {
    pub channel: Channel,
    pub reason: String,
}

/// A channel adapter.
pub trait Adapter: Send + Sync {
    /// The channel it serves.
    fn kind(&self) -> Channel;
    /// What its platform can show.
    fn capabilities(&self) -> Capabilities;
    /// Sends rendered parts of a stored message to a buyer.
    fn deliver<'a>(&'a self, to: &'a PlatformIdentity, parts: &'a [Rendered]) -> Delivery<'a>;
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
        text: inbound.text,
        attachments: inbound.attachments,
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
    kadesk_desk::bot::queue_buyer_message(desk, contact, None, outcome.message.clone(), None).await;
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
    if caps.buttons {
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

/// `text` in pieces of at most `max` characters, cut at a line end in the
/// last fifth of a piece when there is one.
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
            if let Some(nl) = (start + max * 4 / 5..end).rev().find(|&i| chars[i] == '\n') {
                end = nl + 1;
            }
        }
        let piece: String = chars[start..end].iter().collect();
        parts.push(piece.trim_end_matches('\n').to_owned());
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
    fn client_ids_fit_the_limit_and_differ_per_channel() {
        let web = client_id_for(Channel::Web, &"x".repeat(500));
        let tg = client_id_for(Channel::Telegram, &"x".repeat(500));
        assert!(web.len() <= kadesk_domain::limits::MAX_CLIENT_ID_LEN);
        assert_ne!(web, tg);
    }
}
