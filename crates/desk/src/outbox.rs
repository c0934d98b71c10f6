//! The last step of every message the desk writes itself (system notices,
//! bot replies): store it, then publish it with its conversation. Lowest
//! of the desk's modules: [`crate::chat`], [`crate::bot`] and
//! [`crate::lifecycle`] all write through it, and it calls none of them.

use kadesk_domain::{Conversation, Lang, Message, QuickReply, SenderKind};
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

/// `bytes` random bytes in hex.
fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}
