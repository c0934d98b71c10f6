//! A conversation's life after it starts, as agents drive it: assign
//! (claim), resolve, reopen, hand back to the bot. Each stores the change,
//! audits what needs auditing, publishes the conversation and tells the
//! buyer in their language. The bot's own handoff is in [`crate::bot`].

use kadesk_domain::{Conversation, ErrorCode};

use crate::outbox::post_system;
use crate::wording::Notice;
use crate::{Desk, DeskError, DeskResult};

/// Assigns conversation `id` to `assignee` (or back to the queue with
/// `None`), on behalf of user `by`. The buyer is told nothing yet: they hear
/// "客服 X 已接入" when X first answers ([`crate::chat::send`]), for an
/// assigned agent may be away.
pub async fn assign(
    desk: &Desk,
    by: i64,
    id: i64,
    assignee: Option<i64>,
) -> DeskResult<Conversation> {
    let before = desk.store.conversation(id).await?;
    if let Some(user_id) = assignee {
        desk.store.user(user_id).await.map_err(|_| {
            DeskError::validation(format!(
                "user {user_id} does not exist; pick an agent from /api/v1/users"
            ))
        })?;
    }
    let conversation = desk.store.assign(id, assignee).await?;
    desk.store
        .audit(
            Some(by),
            "conversation_assigned",
            &format!("conversation:{id}"),
            serde_json::json!({"from": before.assignee_id, "to": assignee}),
        )
        .await?;
    tracing::info!(conversation.id = id, assignee = ?assignee, "assigned");
    // Someone's load changed, or the conversation joined or left the queue.
    desk.routing.kick();
    desk.hub.conversation(&conversation);
    Ok(conversation)
}

/// Marks conversation `id` resolved on behalf of user `by`. With the
/// `tags_required` case setting on, an agent must first confirm at least one
/// problem tag ([`crate::cases::confirm_tags`]); otherwise `tags_required`.
pub async fn resolve(desk: &Desk, by: i64, id: i64) -> DeskResult<Conversation> {
    if desk.settings.cases().tags_required {
        desk.store.conversation(id).await?;
        let confirmed = desk.store.confirmed_tags(id).await?;
        if confirmed.is_none_or(|c| c.tags.is_empty()) {
            return Err(DeskError::refused(
                ErrorCode::TagsRequired,
                "this conversation needs a problem tag before it is resolved; \
                 confirm one (PUT /api/v1/conversations/{id}/tags) and resolve again",
            ));
        }
    }
    desk.store.resolve(id).await?;
    crate::cases::record_quietly(desk, id).await;
    // The notice publishes the resolved conversation.
    post_system(desk, id, &Notice::Resolved).await?;
    tracing::info!(conversation.id = id, user.id = by, "resolved");
    // The agent freed capacity: the queue drains.
    desk.routing.kick();
    Ok(desk.store.conversation(id).await?)
}

/// Reopens a resolved conversation.
pub async fn reopen(desk: &Desk, id: i64) -> DeskResult<Conversation> {
    let conversation = desk.store.reopen(id).await?;
    desk.hub.conversation(&conversation);
    desk.routing.kick();
    Ok(conversation)
}

/// Hands conversation `id` back to the bot on behalf of user `by`: status
/// `bot`, unassigned, handoff details cleared; the bot takes up the dialog
/// where it stopped. Refused with `conflict` while the bot is off.
pub async fn hand_back(desk: &Desk, by: i64, id: i64) -> DeskResult<Conversation> {
    if !desk.bot_config().enabled {
        return Err(DeskError::refused(
            ErrorCode::Conflict,
            "the bot is turned off (bot setting `enabled` is false)",
        ));
    }
    let conversation = desk.store.hand_back(id).await?;
    desk.store
        .audit(
            Some(by),
            "conversation_handed_back",
            &format!("conversation:{id}"),
            serde_json::json!({}),
        )
        .await?;
    tracing::info!(conversation.id = id, user.id = by, "handed back to the bot");
    desk.routing.kick();
    desk.hub.conversation(&conversation);
    post_system(desk, id, &Notice::BotBack).await?;
    if let Err(e) = crate::bot::handed_back(desk, id).await {
        tracing::warn!(conversation.id = id, error = %e, "bot did not take the conversation back");
    }
    Ok(desk.store.conversation(id).await?)
}
