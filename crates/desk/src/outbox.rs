//! The last step of every message the desk writes itself (system notices,
//! bot replies): store it, then publish it with its conversation. Lowest
//! of the desk's modules: [`crate::chat`], [`crate::bot`] and
//! [`crate::lifecycle`] all write through it, and it calls none of them.

use kadesk_domain::{
    BuyerFrame, Conversation, Lang, Message, PlainKeys, QuickReply, SenderKind, User,
};
use kadesk_store::NewMessage;

use crate::wording::Notice;
use crate::{Desk, DeskResult};

/// Publishes a freshly stored message and its conversation.
pub fn publish_stored(desk: &Desk, message: &Message, conversation: &Conversation) {
    desk.hub.message(message);
    desk.hub.conversation(conversation);
}

/// The language of the buyer of a conversation.
pub async fn buyer_lang(desk: &Desk, conversation_id: i64) -> DeskResult<Lang> {
    let conversation = desk.store.conversation(conversation_id).await?;
    let contact = desk.store.contact(conversation.contact_id).await?;
    Ok(Lang::from_tag(&contact.language))
}

/// Stores and publishes a system notice, worded in the buyer's language.
pub async fn post_system(desk: &Desk, conversation_id: i64, notice: &Notice) -> DeskResult<()> {
    let lang = buyer_lang(desk, conversation_id).await?;
    let outcome = desk
        .store
        .append_message(&NewMessage {
            conversation_id,
            sender: SenderKind::System,
            sender_id: None,
            sender_name: None,
            text: notice.text(lang),
            attachments: Vec::new(),
            client_id: None,
            quick_replies: Vec::new(),
        })
        .await?;
    crate::metrics::message_stored(SenderKind::System);
    if let Some(conversation) = &outcome.conversation {
        publish_stored(desk, &outcome.message, conversation);
    }
    Ok(())
}

/// Stores and publishes a bot message.
pub async fn post_bot(
    desk: &Desk,
    conversation_id: i64,
    text: String,
    quick_replies: Vec<QuickReply>,
) -> DeskResult<()> {
    let outcome = desk
        .store
        .append_message(&NewMessage {
            conversation_id,
            sender: SenderKind::Bot,
            sender_id: None,
            sender_name: None,
            text,
            attachments: Vec::new(),
            // Unique, so clients that key messages by client id keep them apart.
            client_id: Some(format!("bot-{}", random_hex(10))),
            quick_replies,
        })
        .await?;
    crate::metrics::message_stored(SenderKind::Bot);
    desk.hub.message(&outcome.message);
    if let Some(conversation) = outcome.conversation {
        desk.hub.conversation(&conversation);
    }
    Ok(())
}

/// Shows card keys to the buyer of a conversation, once: stores and
/// publishes a note (by the bot, or by the agent `by`) whose text names the
/// order but holds no key, then sends the plain keys to the buyer's room
/// only, in a [`BuyerFrame::CardKeys`] naming that note. The note's
/// `client_id` starts with [`KEYS_NOTE_PREFIX`], so a widget that no longer
/// holds the keys (after a reload) knows to say they were shown once.
/// Nothing plain is stored, logged or sent to agents.
pub async fn show_keys(
    desk: &Desk,
    conversation_id: i64,
    by: Option<&User>,
    order_no: Option<&str>,
    keys: Vec<String>,
) -> DeskResult<Message> {
    let lang = buyer_lang(desk, conversation_id).await?;
    let count = keys.len();
    let text = match order_no {
        Some(no) => Notice::KeysShown {
            order_no: no.to_owned(),
            count,
        },
        None => Notice::KeysPasted { count },
    }
    .text(lang);
    let (sender, sender_id, sender_name) = match by {
        Some(user) => (
            SenderKind::Agent,
            Some(user.id),
            Some(user.display_name.clone()),
        ),
        None => (SenderKind::Bot, None, None),
    };
    let outcome = desk
        .store
        .append_message(&NewMessage {
            conversation_id,
            sender,
            sender_id,
            sender_name,
            text,
            attachments: Vec::new(),
            client_id: Some(format!("{KEYS_NOTE_PREFIX}{}", random_hex(10))),
            quick_replies: Vec::new(),
        })
        .await?;
    desk.hub.message(&outcome.message);
    if let Some(conversation) = &outcome.conversation {
        desk.hub.conversation(conversation);
    }
    // A platform buyer (Telegram, WhatsApp…) gets them through the
    // channel's queue, sealed until sent, whenever they are shown.
    if let Err(e) =
        crate::platforms::queue_keys(desk, conversation_id, order_no.unwrap_or_default(), &keys)
            .await
    {
        tracing::error!(conversation.id = conversation_id, error = %e, "card keys not queued for the platform");
    }
    desk.hub.publish_to_buyers(
        conversation_id,
        BuyerFrame::CardKeys {
            conversation_id,
            message_id: outcome.message.id,
            order_no: order_no.unwrap_or_default().to_owned(),
            keys: PlainKeys(keys),
        },
    );
    Ok(outcome.message)
}

/// How the `client_id` of a card-key note starts.
pub const KEYS_NOTE_PREFIX: &str = "keys-";

/// `bytes` random bytes in hex.
fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}
