//! The widget's session: who the buyer is and which conversation is theirs.

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use kadesk_domain::{Channel, Contact, Conversation, ConversationStatus, Message};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{new_token, token_hash};
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

/// Messages handed to a widget when it opens.
const HISTORY: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget/session", post(session))
        .route_layer(crate::api::widget_cors())
        .route("/widget/ws", axum::routing::get(crate::ws::buyer_socket))
        .route("/agent/ws", axum::routing::get(crate::ws::agent_socket))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// The token this browser got before, if any.
    visitor_token: Option<String>,
    /// The buyer's UI language, e.g. `zh-CN` or `en`.
    language: Option<String>,
    /// The page the widget is on.
    page: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    visitor_token: String,
    contact: Contact,
    conversation: Conversation,
    /// The latest messages, oldest first.
    messages: Vec<Message>,
}

/// The buyer's current conversation, started if there is none open.
pub async fn current_conversation(state: &AppState, contact: &Contact) -> ApiResult<Conversation> {
    if let Some(open) = state.store.open_conversation_of(contact.id).await? {
        return Ok(open);
    }
    // With the bot on, it answers first; otherwise the queue.
    let status = if state.bot_config().enabled {
        ConversationStatus::Bot
    } else {
        ConversationStatus::Queued
    };
    let conversation = state
        .store
        .create_conversation(contact.id, Channel::Web, status)
        .await?;
    tracing::info!(conversation.id = conversation.id, "conversation started");
    state.hub.publish(kadesk_domain::Event::Conversation {
        conversation: conversation.clone(),
    });
    Ok(conversation)
}

fn language_of(requested: Option<&str>) -> &'static str {
    match requested {
        Some(lang) if lang.to_ascii_lowercase().starts_with("en") => "en",
        _ => "zh-CN",
    }
}

/// Start or resume a buyer's widget session.
#[utoipa::path(post, path = "/api/v1/widget/session", request_body = SessionRequest,
    responses((status = 200, body = SessionResponse), (status = 400)))]
async fn session(
    State(state): State<AppState>,
    Json(req): Json<SessionRequest>,
) -> ApiResult<Json<SessionResponse>> {
    if req.page.as_ref().is_some_and(|p| p.len() > 2048) {
        return Err(ApiError::validation("page URL is longer than 2048 bytes"));
    }
    let known = match req.visitor_token.as_deref() {
        Some(token) if !token.is_empty() => state
            .store
            .touch_visitor(&token_hash(token))
            .await?
            .map(|c| (token.to_owned(), c)),
        _ => None,
    };
    let (visitor_token, contact) = match known {
        Some(found) => found,
        None => {
            let token = new_token();
            let language = language_of(req.language.as_deref());
            let label = if language == "en" {
                "Visitor"
            } else {
                "访客"
            };
            let name = format!("{label} {}", &token[..4].to_uppercase());
            let contact = state
                .store
                .create_contact(&name, language, Channel::Web, Some(&token_hash(&token)))
                .await?;
            (token, contact)
        }
    };
    let conversation = current_conversation(&state, &contact).await?;
    let messages = state
        .store
        .messages_before(conversation.id, conversation.last_seq + 1, HISTORY)
        .await?;
    Ok(Json(SessionResponse {
        visitor_token,
        contact,
        conversation,
        messages,
    }))
}
