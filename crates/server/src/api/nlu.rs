//! Understanding messages: parse one, and teach the model new examples or
//! intents at run time.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::Role;
use kadesk_nlu::Parse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;
use kadesk_desk::nlu::TrainSummary;

/// Longest text parsed in one call.
const MAX_PARSE_CHARS: usize = 4000;
/// Most examples added in one call.
const MAX_NEW_EXAMPLES: usize = 2000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/nlu/parse", post(parse))
        .route("/nlu/examples", get(examples).post(add_examples))
        .route("/nlu/retrain", post(retrain))
}

async fn product_names(state: &AppState) -> ApiResult<Vec<String>> {
    Ok(state
        .store
        .products()
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ParseRequest {
    /// At most 4,000 characters.
    #[schema(max_length = 4000)]
    text: String,
}

/// What the model understands of a message: language, intent with
/// alternatives, entities with character offsets, sentiment.
#[utoipa::path(post, path = "/api/v1/nlu/parse", request_body = ParseRequest,
    responses((status = 200, body = Parse), (status = 422)))]
async fn parse(
    State(state): State<AppState>,
    _agent: Agent,
    Json(req): Json<ParseRequest>,
) -> ApiResult<Json<Parse>> {
    let chars = req.text.chars().count();
    if chars > MAX_PARSE_CHARS {
        return Err(ApiError::validation(format!(
            "text has {chars} characters; the limit is {MAX_PARSE_CHARS}"
        )));
    }
    let names = product_names(&state).await?;
    Ok(Json(state.nlu.parse(&req.text, || names).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExamplesFile {
    /// The operator's examples file, `intent<TAB>text` per line.
    text: String,
    /// How many of them the running model learned (null before first use).
    learned: Option<usize>,
}

/// The operator's own examples.
#[utoipa::path(get, path = "/api/v1/nlu/examples", responses((status = 200, body = ExamplesFile), (status = 403)))]
async fn examples(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<ExamplesFile>> {
    agent.require(Role::Supervisor)?;
    Ok(Json(ExamplesFile {
        text: state.nlu.examples_text().await?,
        learned: state.nlu.extra_examples(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewExample {
    /// A built-in intent or a new one (lower-case letters, digits, `_`).
    #[schema(pattern = "^[a-z][a-z0-9_]{0,63}$")]
    intent: String,
    /// 1–500 characters, not all spaces.
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewExamples {
    /// 1 to 2,000 examples.
    #[schema(min_items = 1, max_items = 2000)]
    examples: Vec<NewExample>,
}

/// Teach the model: the examples are kept in the examples file and the model
/// is retrained and swapped in at once.
#[utoipa::path(post, path = "/api/v1/nlu/examples", request_body = NewExamples,
    responses((status = 200, body = TrainSummary), (status = 403), (status = 422)))]
async fn add_examples(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<NewExamples>,
) -> ApiResult<Json<TrainSummary>> {
    agent.require(Role::Admin)?;
    if req.examples.is_empty() || req.examples.len() > MAX_NEW_EXAMPLES {
        return Err(ApiError::validation(format!(
            "give 1 to {MAX_NEW_EXAMPLES} examples, got {}",
            req.examples.len()
        )));
    }
    let mut lines = String::new();
    for example in &req.examples {
        let text = example.text.replace(['\t', '\r', '\n'], " ");
        if text.trim().is_empty() || text.chars().count() > 500 {
            return Err(ApiError::validation(format!(
                "example for {:?} must be 1–500 characters",
                example.intent
            )));
        }
        lines.push_str(&format!("{}\t{}\n", example.intent.trim(), text.trim()));
    }
    let names = product_names(&state).await?;
    let summary = state.nlu.add_examples(&lines, names).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "nlu_examples_added",
            "nlu",
            serde_json::json!({"count": req.examples.len()}),
        )
        .await?;
    Ok(Json(summary))
}

/// Retrain from the examples file (after editing it by hand).
#[utoipa::path(post, path = "/api/v1/nlu/retrain", responses((status = 200, body = TrainSummary), (status = 403), (status = 422)))]
async fn retrain(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<TrainSummary>> {
    agent.require(Role::Admin)?;
    let names = product_names(&state).await?;
    Ok(Json(state.nlu.retrain(names).await?))
}
