//! Case memory over HTTP: the past cases most like a conversation, the case
//! search, the problem-tag taxonomy, the tags of a live conversation
//! (proposed by kadesk, confirmed by an agent) and the case settings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::Router;
use kadesk_desk::cases::{confirm_tags, tags_of};
use kadesk_desk::settings::CaseSettings;
use kadesk_domain::Role;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

/// Longest problem-tag name.
const MAX_TAG_CHARS: usize = 32;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/similar", get(similar))
        .route("/cases", get(search))
        .route("/problem-tags", get(tags).post(add_tag))
        .route("/problem-tags/{name}", delete(remove_tag))
        .route("/conversations/{id}/tags", get(show_tags).put(put_tags))
        .route("/settings/cases", get(show_settings).put(put_settings))
}

/// A picture of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePictureView {
    file_id: String,
    /// Screenshot kind.
    kind: String,
    /// Perceptual hash, 16 hex digits.
    phash: Option<String>,
    /// The text read from it.
    text: String,
    error_code: Option<String>,
}

/// A solved conversation remembered.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    id: i64,
    conversation_id: i64,
    tags: Vec<String>,
    intents: Vec<String>,
    error_codes: Vec<String>,
    products: Vec<String>,
    pictures: Vec<CasePictureView>,
    /// The replies that solved it (card keys masked), oldest first.
    replies: Vec<String>,
    /// Short summary of the solution.
    summary: String,
    /// `bot` or `agent`.
    solved_by: String,
    /// Resolved again after the buyer reopened it.
    reopened: bool,
    /// The buyer's stars (1–5), when rated.
    rating: Option<i64>,
    /// Milliseconds since the epoch.
    updated_at: i64,
}

impl From<kadesk_store::StoredCase> for CaseView {
    fn from(c: kadesk_store::StoredCase) -> Self {
        CaseView {
            id: c.id,
            conversation_id: c.case.conversation_id,
            tags: c.case.tags,
            intents: c.case.intents,
            error_codes: c.case.error_codes,
            products: c.case.products,
            pictures: c
                .case
                .pictures
                .into_iter()
                .map(|p| CasePictureView {
                    file_id: p.file_id,
                    kind: p.kind,
                    phash: p.phash.map(|h| format!("{h:016x}")),
                    text: p.text,
                    error_code: p.error_code,
                })
                .collect(),
            replies: c.case.replies,
            summary: c.case.summary,
            solved_by: c.case.solved_by,
            reopened: c.reopened,
            rating: c.rating,
            updated_at: c.updated_at,
        }
    }
}

/// How much each signal contributed (each 0–1; null when a side lacked it).
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarityParts {
    error_code: Option<f32>,
    picture: Option<f32>,
    text: Option<f32>,
    intent_product: f32,
}

/// A past case like this conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarCaseView {
    /// 0–1, higher is more alike.
    score: f32,
    parts: SimilarityParts,
    case: CaseView,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// How many (1–20, default 5).
    limit: Option<usize>,
}

/// The past cases most like a conversation (error code, picture hash, text
/// read from pictures and messages, intent + product), best first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/similar",
    params(("id" = i64, Path, description = "the conversation's id"), SimilarQuery),
    responses((status = 200, body = [SimilarCaseView]), (status = 400), (status = 401), (status = 404)))]
async fn similar(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
    Query(q): Query<SimilarQuery>,
) -> ApiResult<Json<Vec<SimilarCaseView>>> {
    let limit = match q.limit {
        None => 5,
        Some(n @ 1..=20) => n,
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "limit {n} is out of range; use 1 to 20"
            )))
        }
    };
    let found = kadesk_desk::cases::similar(&state, id, limit).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|s| SimilarCaseView {
                score: (s.score * 1000.0).round() / 1000.0,
                parts: SimilarityParts {
                    error_code: s.parts.error_code,
                    picture: s.parts.picture,
                    text: s.parts.text,
                    intent_product: s.parts.intent_product,
                },
                case: s.case.into(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseSearch {
    /// Words in the buyer's text, the pictures' text or the summary.
    q: Option<String>,
    error_code: Option<String>,
    product: Option<String>,
    tag: Option<String>,
    /// 1–200, default 50.
    limit: Option<i64>,
}

/// Searches solved cases, most recent first.
#[utoipa::path(get, path = "/api/v1/cases", params(CaseSearch),
    responses((status = 200, body = [CaseView]), (status = 400), (status = 401)))]
async fn search(
    State(state): State<AppState>,
    _agent: Agent,
    Query(s): Query<CaseSearch>,
) -> ApiResult<Json<Vec<CaseView>>> {
    let limit = super::page_size(s.limit)?;
    let cases = state
        .store
        .cases(&kadesk_store::CaseFilter {
            q: s.q,
            error_code: s.error_code,
            product: s.product,
            tag: s.tag,
            limit,
        })
        .await?;
    Ok(Json(cases.into_iter().map(CaseView::from).collect()))
}

/// The problem-tag taxonomy.
#[utoipa::path(get, path = "/api/v1/problem-tags",
    responses((status = 200, body = [String]), (status = 401)))]
async fn tags(State(state): State<AppState>, _agent: Agent) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(state.store.problem_tags().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTag {
    /// 1–32 characters.
    #[schema(min_length = 1, max_length = 32)]
    name: String,
}

/// Adds a problem tag (admins).
#[utoipa::path(post, path = "/api/v1/problem-tags", request_body = NewTag,
    responses((status = 201), (status = 401), (status = 403), (status = 409), (status = 422)))]
async fn add_tag(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<NewTag>,
) -> ApiResult<StatusCode> {
    agent.require(Role::Admin)?;
    let name = req.name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_TAG_CHARS {
        return Err(ApiError::validation(format!(
            "a tag name has 1 to {MAX_TAG_CHARS} characters; this one has {chars}"
        )));
    }
    state.store.add_problem_tag(name, state.now()).await?;
    Ok(StatusCode::CREATED)
}

/// Removes a problem tag (admins); cases keep the names they were given.
#[utoipa::path(delete, path = "/api/v1/problem-tags/{name}",
    params(("name" = String, Path, description = "the tag")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
async fn remove_tag(
    State(state): State<AppState>,
    agent: Agent,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    agent.require(Role::Admin)?;
    state.store.remove_problem_tag(&name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The problem tags of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationTagsView {
    /// What kadesk proposes from the intents, error codes and screenshot kinds.
    proposed: Vec<String>,
    /// What an agent confirmed; null until one did (an empty list: none apply).
    confirmed: Option<Vec<String>>,
    /// The taxonomy to choose from.
    taxonomy: Vec<String>,
    /// Resolving needs a confirmed tag.
    required: bool,
}

/// The tags kadesk proposes for a conversation and those an agent confirmed.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/tags",
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = ConversationTagsView), (status = 401), (status = 404)))]
async fn show_tags(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConversationTagsView>> {
    let t = tags_of(&state, id).await?;
    Ok(Json(ConversationTagsView {
        proposed: t.proposed,
        confirmed: t.confirmed,
        taxonomy: t.taxonomy,
        required: t.required,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TagsConfirmation {
    /// Names of the taxonomy (at most 8); empty: none apply.
    tags: Vec<String>,
}

/// Confirms or corrects a conversation's problem tags (its case, once
/// resolved, takes them).
#[utoipa::path(put, path = "/api/v1/conversations/{id}/tags", request_body = TagsConfirmation,
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = [String]), (status = 401), (status = 404),
        (status = 422, description = "validation: a name is not in the taxonomy, or too many")))]
async fn put_tags(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<TagsConfirmation>,
) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(confirm_tags(&state, agent.0.id, id, &req.tags).await?))
}

/// The case settings.
#[utoipa::path(get, path = "/api/v1/settings/cases",
    responses((status = 200, body = CaseSettings), (status = 401)))]
async fn show_settings(State(state): State<AppState>, _agent: Agent) -> Json<CaseSettings> {
    Json(state.settings.cases())
}

/// Changes the case settings (admins; audited).
#[utoipa::path(put, path = "/api/v1/settings/cases", request_body = CaseSettings,
    responses((status = 200, body = CaseSettings), (status = 400), (status = 401), (status = 403)))]
async fn put_settings(
    State(state): State<AppState>,
    agent: Agent,
    Json(settings): Json<CaseSettings>,
) -> ApiResult<Json<CaseSettings>> {
    agent.require(Role::Admin)?;
    let saved = state
        .settings
        .save_cases(&state.store, settings)
        .await
        .map_err(super::settings::refused)?;
    let detail = serde_json::to_value(saved).map_err(ApiError::internal)?;
    super::settings::audited(
        &state,
        &agent,
        "case_settings_changed",
        "settings:cases",
        detail,
    )
    .await?;
    Ok(Json(saved))
}
