//! Marked-up pictures (`kadesk_desk::annotations`): the console uploads the
//! rendered picture like any agent upload, then keeps the layers it was
//! drawn from here, so the agent can reopen it on the original and edit.
//!
//! - `PUT /api/v1/files/{id}/annotation` (agents): the layers of rendered
//!   picture `id`, with the picture they were drawn on.
//! - `GET /api/v1/files/{id}/annotation` (agents): the same back; 404 for a
//!   picture that was not drawn in the console.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiResult, Json, Path};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/files/{id}/annotation", get(show).put(save))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnnotationInput {
    /// The picture the layers were drawn on (a stored file's id).
    source_file_id: String,
    /// The conversation it was drawn for.
    conversation_id: i64,
    /// The annotator's document: a JSON object (at most 256 KiB).
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    layers: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnotationView {
    /// The rendered picture.
    file_id: String,
    source_file_id: String,
    conversation_id: i64,
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    layers: serde_json::Value,
    /// The agent who drew it.
    created_by: i64,
    /// Milliseconds since the epoch.
    created_at: i64,
}

impl From<kadesk_store::Annotation> for AnnotationView {
    fn from(a: kadesk_store::Annotation) -> Self {
        AnnotationView {
            file_id: a.file_id,
            source_file_id: a.source_file_id,
            conversation_id: a.conversation_id,
            layers: a.layers,
            created_by: a.created_by,
            created_at: a.created_at,
        }
    }
}

/// The layers a marked-up picture was rendered from.
#[utoipa::path(get, path = "/api/v1/files/{id}/annotation",
    params(("id" = String, Path, description = "the rendered picture's file id")),
    responses((status = 200, body = AnnotationView), (status = 401), (status = 404)))]
async fn show(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<String>,
) -> ApiResult<Json<AnnotationView>> {
    Ok(Json(state.store.annotation(&id).await?.into()))
}

/// Keeps the layers picture `id` was rendered from (replacing earlier ones).
#[utoipa::path(put, path = "/api/v1/files/{id}/annotation", request_body = AnnotationInput,
    params(("id" = String, Path, description = "the rendered picture's file id")),
    responses((status = 200, body = AnnotationView), (status = 400), (status = 401), (status = 404),
        (status = 422, description = "validation: layers are not an object, or too large")))]
async fn save(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<String>,
    Json(req): Json<AnnotationInput>,
) -> ApiResult<Json<AnnotationView>> {
    let saved = kadesk_desk::annotations::save(
        &state,
        agent.0.id,
        &id,
        &req.source_file_id,
        req.conversation_id,
        req.layers,
    )
    .await?;
    Ok(Json(saved.into()))
}
