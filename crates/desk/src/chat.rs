//! Sending messages, shared by the sockets and the REST API: validate, store
//! (persist before acknowledge), then publish to live sockets.

use kadesk_domain::{
    limits, Attachment, Channel, Contact, Conversation, ConversationStatus, SenderKind, User,
};
use kadesk_store::{AppendOutcome, NewMessage};

use crate::Desk;
use crate::{DeskError, DeskResult};

/// Who is sending.
#[derive(Debug, Clone)]
pub enum Author {
    Buyer(Contact),
    Agent(User),
}

/// What a client asked to send.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SendInput {
    /// The client's id for this message (1–64 characters), for idempotent retries.
    #[schema(min_length = 1, max_length = 64, pattern = "^[ -~]+$")]
    pub client_id: Option<String>,
    /// At most 4,000 characters; may be empty when there are attachments.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub text: String,
    /// Ids of uploaded files, at most 10.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub attachments: Vec<String>,
}

/// Checks a send request and resolves its attachments.
pub async fn validate(desk: &Desk, input: &SendInput) -> DeskResult<Vec<Attachment>> {
    if let Some(id) = &input.client_id {
        if id.is_empty() || id.len() > limits::MAX_CLIENT_ID_LEN {
            return Err(DeskError::validation(format!(
                "client_id must be 1 to {} characters, got {}",
                limits::MAX_CLIENT_ID_LEN,
                id.len()
            )));
        }
    }
    let chars = input.text.chars().count();
    if chars > limits::MAX_TEXT_CHARS {
        return Err(DeskError::validation(format!(
            "message text has {chars} characters; the limit is {}",
            limits::MAX_TEXT_CHARS
        )));
    }
    if input.text.trim().is_empty() && input.attachments.is_empty() {
        return Err(DeskError::validation(
            "message is empty: give a text or an attachment",
        ));
    }
    if input.attachments.len() > limits::MAX_ATTACHMENTS {
        return Err(DeskError::validation(format!(
            "a message takes at most {} attachments",
            limits::MAX_ATTACHMENTS
        )));
    }
    let mut attachments = Vec::with_capacity(input.attachments.len());
    for id in &input.attachments {
        match desk.store.file(id).await {
            Ok(file) => attachments.push(file),
            Err(kadesk_store::StoreError::NotFound { .. }) => {
                return Err(DeskError::validation(format!(
                    "attachment {id:?} was not uploaded; upload the file first"
                )))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(attachments)
}

/// Stores a message from a buyer or agent, then publishes it.
pub async fn send(
    desk: &Desk,
    author: &Author,
    conversation_id: i64,
    input: SendInput,
) -> DeskResult<AppendOutcome> {
    let attachments = validate(desk, &input).await?;
    let (sender, sender_id, sender_name) = match author {
        Author::Buyer(_) => (SenderKind::Buyer, None, None),
        Author::Agent(user) => (
            SenderKind::Agent,
            Some(user.id),
            Some(user.display_name.clone()),
        ),
    };
    // A card key an agent pasted is stored masked; the buyer gets the plain
    // key in the one-time key box, under a note that follows the reply.
    let (text, pasted) = match author {
        Author::Buyer(_) => (
            redact_proof(desk, conversation_id, &input.text).await?,
            Vec::new(),
        ),
        Author::Agent(user) => {
            crate::platforms::check_reply_window(desk, conversation_id).await?;
            announce_agent(desk, conversation_id, user).await?;
            pasted_keys(&input.text)
        }
    };
    let outcome = desk
        .store
        .append_message(&NewMessage {
            conversation_id,
            sender,
            sender_id,
            sender_name,
            text: text.unwrap_or(input.text),
            attachments,
            client_id: input.client_id,
            quick_replies: Vec::new(),
        })
        .await?;
    if !outcome.duplicate {
        crate::metrics::message_stored(sender);
    }
    if let Some(conversation) = &outcome.conversation {
        if outcome.reopened && conversation.status == ConversationStatus::Queued {
            desk.routing.kick();
        }
        if outcome.reopened && conversation.status == kadesk_domain::ConversationStatus::Bot {
            // Before the bot sees this message: it starts a fresh flow.
            if let Err(e) = crate::bot::reopened(desk, conversation_id).await {
                tracing::warn!(conversation.id = conversation_id, error = %e, "bot desk not reset");
            }
        }
        crate::outbox::publish_stored(desk, &outcome.message, conversation);
    }
    if let (Author::Agent(user), false) = (author, pasted.is_empty()) {
        // A retried send (same client id) shows nothing twice.
        if !outcome.duplicate {
            tracing::info!(
                conversation.id = conversation_id,
                keys = pasted.len(),
                "agent pasted card keys; sent in the key box, stored masked"
            );
            crate::outbox::show_keys(desk, conversation_id, Some(user), None, pasted).await?;
        }
    }
    Ok(outcome)
}

/// Tells the buyer "客服 X 已接入" when agent `user` first answers since the
/// conversation changed hands — not when it was assigned, for the agent may
/// be away. The last message by the bot or an agent decides: one by `user`
/// means they already spoke.
pub(crate) async fn announce_agent(
    desk: &Desk,
    conversation_id: i64,
    user: &User,
) -> DeskResult<()> {
    let recent = desk
        .store
        .messages_before(conversation_id, i64::MAX, 50)
        .await?;
    let last_speaker = recent
        .iter()
        .rev()
        .find(|m| matches!(m.sender, SenderKind::Agent | SenderKind::Bot));
    let spoke =
        last_speaker.is_some_and(|m| m.sender == SenderKind::Agent && m.sender_id == Some(user.id));
    if !spoke {
        let name = user.display_name.clone();
        crate::outbox::post_system(
            desk,
            conversation_id,
            &crate::wording::Notice::AgentJoined { name },
        )
        .await?;
    }
    Ok(())
}

/// Card keys in an agent's reply, found by the NLU's entity reader (rules
/// only, no model: it never fails): the text with each masked (`None` when
/// there is none) and the plain keys.
fn pasted_keys(text: &str) -> (Option<String>, Vec<String>) {
    use std::sync::OnceLock;
    static EXTRACTOR: OnceLock<kadesk_nlu::entities::Extractor> = OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(kadesk_nlu::entities::Extractor::new);
    // Folding keeps one char per char, so the offsets point into `text`.
    let entities = extractor.extract(&kadesk_nlu::text::fold(text), None);
    let chars: Vec<char> = text.chars().collect();
    let mut keys = Vec::new();
    let mut masked = chars.clone();
    for e in entities
        .iter()
        .filter(|e| e.kind == kadesk_nlu::EntityKind::CardKey)
    {
        let Some(plain) = chars.get(e.start..e.end) else {
            continue;
        };
        keys.push(plain.iter().collect::<String>());
        // `value` is the masked key, one char per char of the key.
        for (slot, c) in masked
            .iter_mut()
            .skip(e.start)
            .take(e.end - e.start)
            .zip(e.value.chars())
        {
            *slot = c;
        }
    }
    if keys.is_empty() {
        return (None, keys);
    }
    (Some(masked.into_iter().collect()), keys)
}

/// When the bot waits for proof of purchase, the buyer's message with any
/// lookup password blotted out (what gets stored); `None` otherwise. The bot
/// reads the password from the live message instead (see [`crate::bot`]).
async fn redact_proof(desk: &Desk, conversation_id: i64, text: &str) -> DeskResult<Option<String>> {
    if !desk.bot_config().enabled {
        return Ok(None);
    }
    let Some(json) = desk.store.bot_state(conversation_id).await? else {
        return Ok(None);
    };
    let awaits =
        serde_json::from_str::<kadesk_bot::DialogState>(&json).is_ok_and(|d| d.awaits_proof());
    if !awaits {
        return Ok(None);
    }
    let parse = desk.nlu.parse(text, Vec::new).await?;
    Ok(kadesk_bot::redact_password(text, &parse))
}

pub use crate::outbox::post_system;

/// The buyer's open conversation on `channel`, started (and announced to
/// agents and to the buyer's waiting sockets) when there is none. With the
/// bot on, it answers first; otherwise the conversation queues for agents.
pub async fn start_conversation_on(
    desk: &Desk,
    contact: &Contact,
    channel: Channel,
) -> DeskResult<Conversation> {
    let status = if desk.bot_config().enabled {
        ConversationStatus::Bot
    } else {
        ConversationStatus::Queued
    };
    let (conversation, created) = desk
        .store
        .open_or_start_conversation(contact.id, channel, status)
        .await?;
    if created {
        tracing::info!(conversation.id = conversation.id, "conversation started");
        desk.hub.conversation(&conversation);
        desk.hub.conversation_started(contact.id, conversation.id);
        if conversation.status == ConversationStatus::Queued {
            desk.routing.kick();
        }
    }
    Ok(conversation)
}

/// [`start_conversation_on`] the channel the contact came from.
pub async fn start_conversation(desk: &Desk, contact: &Contact) -> DeskResult<Conversation> {
    start_conversation_on(desk, contact, contact.channel).await
}
