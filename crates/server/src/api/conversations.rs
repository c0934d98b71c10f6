//! Conversations for agents: list, read, reply, claim, assign, resolve, reopen.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{Conversation, ConversationStatus, Message};
use kadesk_store::{ConversationFilter, Cursor};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::page_size;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::lifecycle;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list))
        .route("/conversations/{id}", get(show))
        .route("/conversations/{id}/messages", get(messages).post(reply))
        .route("/conversations/{id}/claim", post(claim))
        .route("/conversations/{id}/assign", post(assign))
        .route("/conversations/{id}/resolve", post(resolve))
        .route("/conversations/{id}/reopen", post(reopen))
        .route("/conversations/{id}/handback", post(handback))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Comma-separated statuses: bot, queued, assigned, resolved, closed.
    status: Option<String>,
    /// `me`, `unassigned`, or a user id.
    assignee: Option<String>,
    contact_id: Option<i64>,
    /// `activity` (default: most recent first) or `priority` (most urgent first).
    order: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationList {
    items: Vec<Conversation>,
    next_cursor: Option<String>,
}

/// Conversations, newest activity first.
#[utoipa::path(get, path = "/api/v1/conversations", params(ListQuery),
    responses((status = 200, body = ConversationList), (status = 400), (status = 401)))]
async fn list(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ConversationList>> {
    let by_priority = match q.order.as_deref() {
        None | Some("") | Some("activity") => false,
        Some("priority") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "order {other:?} is not activity or priority"
            )))
        }
    };
    let mut filter = ConversationFilter {
        contact_id: q.contact_id,
        by_priority,
        ..ConversationFilter::default()
    };
    for name in q
        .status
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let status: ConversationStatus = name
            .parse()
            .map_err(|e| ApiError::bad_request(format!("{e}")))?;
        filter.statuses.push(status);
    }
    filter.assignee = match q.assignee.as_deref() {
        None | Some("") | Some("all") => None,
        Some("me") => Some(Some(agent.0.id)),
        Some("unassigned") => Some(None),
        Some(id) => Some(Some(id.parse().map_err(|_| {
            ApiError::bad_request(format!(
                "assignee {id:?} is not me, unassigned or a user id"
            ))
        })?)),
    };
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(text) => Some(Cursor::decode(text).ok_or_else(|| {
            ApiError::bad_request(format!("cursor {text:?} is not one we gave out"))
        })?),
    };
    let page = state
        .store
        .conversations(&filter, after, page_size(q.limit)?)
        .await?;
    Ok(Json(ConversationList {
        items: page.items,
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// One conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = Conversation), (status = 404)))]
async fn show(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(state.store.conversation(id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagesQuery {
    /// Messages with a larger seq, oldest first.
    after: Option<i64>,
    /// The page of messages just before this seq, oldest first.
    before: Option<i64>,
    /// Page size, 1 to 200 (default 100).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageList {
    items: Vec<Message>,
    /// More messages exist beyond this page (in the direction asked).
    has_more: bool,
}

/// Messages of a conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", params(("id" = i64, Path, description = "the conversation's id"), MessagesQuery),
    responses((status = 200, body = MessageList), (status = 404)))]
async fn messages(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
    Query(q): Query<MessagesQuery>,
) -> ApiResult<Json<MessageList>> {
    let limit = page_size(q.limit.or(Some(100)))?;
    let conversation = state.store.conversation(id).await?;
    let mut items = match (q.after, q.before) {
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give after or before, not both")),
        (Some(after), None) => state.store.messages_after(id, after, limit + 1).await?,
        (None, before) => {
            let before = before.unwrap_or(conversation.last_seq + 1);
            state.store.messages_before(id, before, limit + 1).await?
        }
    };
    let has_more = items.len() as i64 > limit;
    if has_more {
        if q.after.is_some() {
            items.pop();
        } else {
            items.remove(0);
        }
    }
    Ok(Json(MessageList { items, has_more }))
}

/// Reply as the signed-in agent (claims an unassigned conversation).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", params(("id" = i64, Path, description = "the conversation's id")), request_body = SendInput,
    responses((status = 201, body = Message), (status = 200, body = Message, description = "this client_id was sent before: the stored message, nothing sent again"), (status = 422), (status = 404)))]
async fn reply(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(input): Json<SendInput>,
) -> ApiResult<(StatusCode, Json<Message>)> {
    let outcome = chat::send(&state, &Author::Agent(agent.0), id, input).await?;
    let status = if outcome.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(outcome.message)))
}

/// Take a conversation: it is assigned to the caller.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/claim", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = Conversation), (status = 404)))]
async fn claim(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Conversation>> {
    assign_to(&state, &agent, id, Some(agent.0.id)).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignRequest {
    /// The agent to assign, or null to put the conversation back in the queue.
    user_id: Option<i64>,
}

/// Assign a conversation to an agent, or back to the queue.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/assign", params(("id" = i64, Path, description = "the conversation's id")), request_body = AssignRequest,
    responses((status = 200, body = Conversation), (status = 404), (status = 422)))]
async fn assign(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<AssignRequest>,
) -> ApiResult<Json<Conversation>> {
    assign_to(&state, &agent, id, req.user_id).await
}

async fn assign_to(
    state: &AppState,
    agent: &Agent,
    id: i64,
    assignee: Option<i64>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(
        lifecycle::assign(state, agent.0.id, id, assignee).await?,
    ))
}

/// Mark a conversation resolved.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/resolve", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = Conversation), (status = 404)))]
async fn resolve(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(lifecycle::resolve(&state, agent.0.id, id).await?))
}

/// Reopen a resolved conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/reopen", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = Conversation), (status = 404)))]
async fn reopen(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(lifecycle::reopen(&state, id).await?))
}

/// Hand a conversation back to the bot: status `bot`, unassigned, handoff
/// details cleared; the bot takes up the dialog where it stopped.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/handback", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = Conversation), (status = 404), (status = 409)))]
async fn handback(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(lifecycle::hand_back(&state, agent.0.id, id).await?))
}
