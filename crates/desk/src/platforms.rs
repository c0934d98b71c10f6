//! The messaging platforms (Telegram, WhatsApp, WeChat…) as the desk itself
//! must know them, whoever calls: each one's reply window (an agent's
//! free-form reply is refused once it has passed, on the socket and the
//! REST call alike), and card keys shown to a platform buyer, queued for
//! their platform sealed, whenever and by whomever they are re-delivered.
//! The adapters and the queue's sending live in `kadesk-channels`, which
//! sets the windows when it starts.

use std::collections::HashMap;
use std::sync::RwLock;

use kadesk_domain::{Channel, ErrorCode, Millis};
use kadesk_shop::PlainKey;
use kadesk_store::NewOutgoing;
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError, DeskResult};

/// Each platform's reply window: how long after the buyer's last message
/// the desk may still write freely (WhatsApp 24 h, WeChat 48 h).
#[derive(Debug, Default)]
pub struct Platforms {
    windows: RwLock<HashMap<Channel, Millis>>,
}

impl Platforms {
    /// Sets (or, with `None`, lifts) `channel`'s reply window.
    pub fn set_reply_window(&self, channel: Channel, window: Option<Millis>) {
        let mut windows = self.windows.write().unwrap_or_else(|p| p.into_inner());
        match window {
            Some(window) => windows.insert(channel, window),
            None => windows.remove(&channel),
        };
    }

    /// `channel`'s reply window, if it has one.
    pub fn reply_window(&self, channel: Channel) -> Option<Millis> {
        self.windows
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&channel)
            .copied()
    }
}

/// Card keys queued for a platform buyer (the `body` of a
/// `channel_outbox` row without a message): sealed with the shop's key,
/// the order number as associated data; `kadesk-channels` opens them just
/// before sending.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename = "keys")]
pub struct SealedKeys {
    pub order_no: String,
    /// The buyer's language tag, for the line above the keys.
    pub lang: String,
    pub sealed: Vec<String>,
}

/// Refuses a free-form message to the buyer of `conversation_id` when its
/// platform's reply window has passed since the buyer last wrote there.
pub async fn check_reply_window(desk: &Desk, conversation_id: i64) -> DeskResult<()> {
    let conversation = desk.store.conversation(conversation_id).await?;
    let Some(window) = desk.platforms.reply_window(conversation.channel) else {
        return Ok(());
    };
    let last = desk
        .store
        .last_buyer_message_at(conversation.contact_id, conversation.channel)
        .await?;
    match last {
        Some(at) if desk.now() - at <= window => Ok(()),
        _ => Err(DeskError::refused(
            ErrorCode::ReplyWindowClosed,
            format!(
                "{} takes free-form replies only within {} hours of the buyer's last message; \
                 send the channel's template instead",
                conversation.channel,
                window / 3_600_000
            ),
        )),
    }
}

/// Queues card keys shown in `conversation_id` for its buyer's platform,
/// sealed (nothing for a widget conversation: its buyer saw them in the
/// key box). Never logs a key.
pub async fn queue_keys(
    desk: &Desk,
    conversation_id: i64,
    order_no: &str,
    keys: &[String],
) -> DeskResult<()> {
    let Some((channel, recipient)) = desk.store.platform_recipient(conversation_id).await? else {
        return Ok(());
    };
    let cipher = desk.shop.cipher();
    let sealed = keys
        .iter()
        .map(|key| cipher.seal(order_no, &PlainKey::new(key.clone())))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| DeskError::internal("card keys could not be sealed"))?;
    let conversation = desk.store.conversation(conversation_id).await?;
    let contact = desk.store.contact(conversation.contact_id).await?;
    let lang = kadesk_domain::Lang::from_tag(&contact.language);
    let body = SealedKeys {
        order_no: order_no.to_owned(),
        lang: lang.tag().to_owned(),
        sealed,
    };
    let row = NewOutgoing {
        channel,
        recipient,
        conversation_id,
        message_id: None,
        part: 0,
        body: serde_json::to_string(&body)?,
    };
    desk.store.enqueue_outgoing(&[row], desk.now()).await?;
    Ok(())
}
