//! The platform channels' HTTP side: each configured channel's webhook
//! (`GET|POST /api/v1/channels/{name}/webhook`, answered by its adapter in
//! `kadesk-channels`: the platform's own verification, no kadesk
//! credentials) and, for agents, what was sent to a conversation's
//! platform and what failed with the platform's error.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{Channel, Millis};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::{AppState, MAX_JSON_BODY};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/channels/{name}/webhook",
            get(webhook_get).post(webhook_post),
        )
        .route("/conversations/{id}/deliveries", get(deliveries))
        .route("/conversations/{id}/template", post(send_template))
}

/// A platform's verification request (WhatsApp's `hub.challenge`,
/// WeChat's URL check), answered by the channel's adapter.
#[utoipa::path(get, path = "/api/v1/channels/{name}/webhook",
    params(("name" = String, Path, description = "the channel: telegram, whatsapp, wechat")),
    responses((status = 200, description = "the platform's expected answer"),
        (status = 401, description = "the platform's signature or secret is wrong"),
        (status = 403, description = "the verification token is wrong"),
        (status = 404, description = "no such channel is configured"),
        (status = 405, description = "the channel takes no GET")))]
async fn webhook_get(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    dispatch(&state, &name, request).await
}

/// A platform's update (a buyer's message, a button press), answered by
/// the channel's adapter after it is stored; a wrong secret or signature
/// is refused with 401 and stores nothing, a repeated update is stored once.
#[utoipa::path(post, path = "/api/v1/channels/{name}/webhook",
    params(("name" = String, Path, description = "the channel: telegram, whatsapp, wechat")),
    request_body(content = String, description = "the platform's payload (JSON or XML)"),
    responses((status = 200, description = "taken"),
        (status = 401, description = "the platform's signature or secret is wrong"),
        (status = 404, description = "no such channel is configured"),
        (status = 413),
        (status = 503, description = "not stored now; the platform retries")))]
async fn webhook_post(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    dispatch(&state, &name, request).await
}

async fn dispatch(state: &AppState, name: &str, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_JSON_BODY).await {
        Ok(body) => body,
        Err(_) => {
            return ApiError::new(
                kadesk_domain::ErrorCode::PayloadTooLarge,
                "the webhook body is too large",
            )
            .into_response()
        }
    };
    let request = http_request(parts, body);
    match state.channels.webhook(name, request).await {
        Some(answer) => {
            let (parts, body) = answer.into_parts();
            (parts.status, parts.headers, body).into_response()
        }
        None => ApiError::not_found(format!(
            "no channel {name:?} takes webhooks here; configure [channels.{name}]"
        ))
        .into_response(),
    }
}

fn http_request(parts: axum::http::request::Parts, body: Bytes) -> kadesk_channels::WebhookRequest {
    axum::http::Request::from_parts(parts, body)
}

/// Where a message to a platform stands.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Sent,
    Failed,
}

/// One platform message sent (or to be sent) to a conversation's buyer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub channel: Channel,
    /// The stored message it renders; absent for re-delivered card keys.
    pub message_id: Option<i64>,
    pub status: DeliveryState,
    pub attempts: i64,
    /// The platform's last error, if any.
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    /// Newest first, at most 100.
    items: Vec<DeliveryView>,
}

/// What was sent to a conversation's platform (Telegram…), newest first:
/// pending, sent, or failed with the platform's error.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/deliveries",
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = DeliveryList), (status = 404)))]
async fn deliveries(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<DeliveryList>> {
    state.store.conversation(id).await?;
    let items = state
        .store
        .deliveries(id, 100)
        .await?
        .into_iter()
        .map(|d| DeliveryView {
            id: d.id,
            channel: d.channel,
            message_id: d.message_id,
            status: match d.status {
                kadesk_store::DeliveryStatus::Pending => DeliveryState::Pending,
                kadesk_store::DeliveryStatus::Sent => DeliveryState::Sent,
                kadesk_store::DeliveryStatus::Failed => DeliveryState::Failed,
            },
            attempts: d.attempts,
            last_error: d.last_error,
            created_at: d.created_at,
            sent_at: d.sent_at,
        })
        .collect();
    Ok(Json(DeliveryList { items }))
}

/// Sends the channel's configured template to the conversation's buyer
/// (what WhatsApp and WeChat take once the buyer's reply window has
/// passed and a free-form reply is refused with `reply_window_closed`).
/// Queued: its state shows in the conversation's deliveries.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/template",
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 202, description = "queued for the platform"),
        (status = 404), (status = 422, description = "the channel has no template configured")))]
async fn send_template(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<axum::http::StatusCode> {
    state.channels.send_template(id).await?;
    tracing::info!(
        conversation.id = id,
        user.id = agent.0.id,
        "channel template queued"
    );
    Ok(axum::http::StatusCode::ACCEPTED)
}
