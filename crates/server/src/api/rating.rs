//! The buyer's rating of their conversation, from the widget:
//! `POST /api/v1/widget/conversations/{id}/rating`.

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use kadesk_domain::BuyerConversation;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Visitor;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::AppState;

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget/conversations/{id}/rating", post(rate))
        .route_layer(crate::api::widget_cors())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    /// 1 (bad) to 5 (very good).
    #[schema(minimum = 1, maximum = 5)]
    stars: i64,
    /// Optional words, at most 500 characters.
    #[serde(default)]
    #[schema(max_length = 500)]
    comment: Option<String>,
}

/// Rate a conversation (the buyer's own, once; visitor token as bearer).
#[utoipa::path(post, path = "/api/v1/widget/conversations/{id}/rating", params(("id" = i64, Path, description = "the conversation's id")), request_body = RatingRequest,
    responses((status = 200, body = BuyerConversation), (status = 400), (status = 401), (status = 404), (status = 409)))]
async fn rate(
    State(state): State<AppState>,
    Visitor(contact): Visitor,
    Path(id): Path<i64>,
    Json(req): Json<RatingRequest>,
) -> ApiResult<Json<BuyerConversation>> {
    let stars = u8::try_from(req.stars)
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| ApiError::bad_request(format!("stars is {}: give 1 to 5", req.stars)))?;
    let comment = req
        .comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if let Some(c) = &comment {
        let n = c.chars().count();
        if n > MAX_COMMENT_CHARS {
            return Err(ApiError::bad_request(format!(
                "comment has {n} characters; the limit is {MAX_COMMENT_CHARS}"
            )));
        }
    }
    // Another buyer's conversation looks like one that does not exist.
    let not_yours = || ApiError::not_found(format!("conversation {id} does not exist"));
    let conversation = match state.store.conversation(id).await {
        Ok(c) if c.contact_id == contact.id => c,
        Ok(_) | Err(kadesk_store::StoreError::NotFound { .. }) => return Err(not_yours()),
        Err(e) => return Err(e.into()),
    };
    let conversation = state
        .store
        .rate_conversation(conversation.id, stars, comment.as_deref())
        .await
        .map_err(|e| match e {
            kadesk_store::StoreError::Conflict { .. } => ApiError::new(
                kadesk_domain::ErrorCode::Conflict,
                format!("conversation {id} is already rated"),
            ),
            other => other.into(),
        })?;
    tracing::info!(conversation.id = id, stars, "conversation rated");
    state.hub.conversation(&conversation);
    if let Err(e) = kadesk_desk::bot::rated(&state, id, stars).await {
        tracing::warn!(conversation.id = id, error = %e, "rating not recorded for the bot");
    }
    Ok(Json(state.hub.buyer_view(&conversation)))
}
