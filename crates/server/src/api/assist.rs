//! The agent's help from the optional language model: a suggested reply for
//! the open conversation (a draft the agent edits; nothing is sent), the
//! model-written handoff summary of a long conversation, and the model's
//! token use and cost per day for admins.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use kadesk_desk::assist;
use kadesk_domain::{Millis, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

/// Most days of use shown at once.
const MAX_DAYS: i64 = 90;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/suggest", post(suggest))
        .route("/conversations/{id}/model-summary", post(model_summary))
        .route("/llm/usage", get(usage))
}

/// An article a draft is grounded in.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroundingArticle {
    id: i64,
    title: String,
}

/// A suggested reply: a draft for the agent to edit, never sent by itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    /// The draft; null when nothing retrieved could ground one.
    draft: Option<String>,
    /// `model` (the language model wrote it from the articles and cases),
    /// `article` (the article's text as it stands) or `case` (a similar
    /// solved case's solution); null with no draft.
    #[schema(value_type = Option<String>)]
    source: Option<&'static str>,
    /// The articles it is grounded in.
    articles: Vec<GroundingArticle>,
    /// The conversations of the solved cases it is grounded in.
    case_conversations: Vec<i64>,
    /// Whether the language model is on.
    model_enabled: bool,
    /// How the model call ended (`answered`, `no_answer`, `timeout`,
    /// `error`, `budget_spent`); null when the model was not asked.
    #[schema(value_type = Option<String>)]
    model_outcome: Option<&'static str>,
}

/// A draft reply for the open conversation from the retrieved articles and
/// similar solved cases: written by the language model when it is on, else
/// the article or the case as they stand. Each model call is audited.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/suggest",
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = SuggestionView), (status = 401), (status = 404)))]
async fn suggest(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<SuggestionView>> {
    let s = assist::suggest_reply(&state, agent.0.id, id).await?;
    Ok(Json(SuggestionView {
        draft: s.draft,
        source: s.source.map(|s| s.as_str()),
        articles: s
            .articles
            .into_iter()
            .map(|(id, title)| GroundingArticle { id, title })
            .collect(),
        case_conversations: s.case_conversations,
        model_enabled: state.llm.enabled(),
        model_outcome: s.model_outcome.map(|o| o.as_str()),
    }))
}

/// A model-written handoff summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelSummaryView {
    /// `ready`, `off` (no language model), `short` (the conversation is
    /// short; the rule-based summary says it all) or `failed` (timeout,
    /// error, spent budget: the rule-based summary stands).
    #[schema(value_type = String)]
    status: &'static str,
    /// The summary when `ready`.
    text: Option<String>,
    /// Messages with text a conversation needs for a model summary.
    long_from: usize,
}

/// The language model's summary of a long conversation for the agent taking
/// it over, beside the rule-based one; kept until the next message.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/model-summary",
    params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = ModelSummaryView), (status = 401), (status = 404)))]
async fn model_summary(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<ModelSummaryView>> {
    let s = assist::model_summary(&state, agent.0.id, id).await?;
    Ok(Json(ModelSummaryView {
        status: s.status.as_str(),
        text: s.text,
        long_from: assist::LONG_CONVERSATION,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageQuery {
    /// Days back from today (1–90, default 30).
    #[param(minimum = 1, maximum = 90)]
    days: Option<i64>,
}

/// One purpose's use on one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct PurposeUsage {
    /// `grounded_answer` (the bot), `suggest_reply`, `handoff_summary`.
    purpose: String,
    calls: i64,
    /// Calls that gave text.
    answered: i64,
    tokens: i64,
    /// Cost in millionths of a fen (tokens × the price per million).
    cost_micro_fen: i64,
    /// Characters of the prompts sent.
    prompt_chars: i64,
    /// Mean latency of a call.
    avg_latency_ms: i64,
}

/// One UTC day's use.
#[derive(Debug, Serialize, ToSchema)]
pub struct DayUsage {
    /// The start of the day (UTC), ms since the epoch.
    day: Millis,
    calls: i64,
    answered: i64,
    tokens: i64,
    cost_micro_fen: i64,
    purposes: Vec<PurposeUsage>,
}

/// The language model's settings (never the key) and use per day.
#[derive(Debug, Serialize, ToSchema)]
pub struct LlmUsageView {
    enabled: bool,
    model: String,
    daily_token_budget: u64,
    price_fen_per_million_tokens: u64,
    /// Tokens counted today against the budget (calls in flight included).
    tokens_today: u64,
    /// Days with use, newest first.
    days: Vec<DayUsage>,
}

/// The language model's token use and cost per day (admins).
#[utoipa::path(get, path = "/api/v1/llm/usage", params(UsageQuery),
    responses((status = 200, body = LlmUsageView), (status = 400), (status = 401), (status = 403)))]
async fn usage(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<UsageQuery>,
) -> ApiResult<Json<LlmUsageView>> {
    agent.require(Role::Admin)?;
    let days = match q.days {
        None => 30,
        Some(n @ 1..=MAX_DAYS) => n,
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "days {n} is out of range; use 1 to {MAX_DAYS}"
            )))
        }
    };
    let today = kadesk_desk::llm::day_of(state.now());
    let rows = state.store.llm_usage(today - days + 1).await?;
    let mut out: Vec<DayUsage> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|d| d.day != r.day * 86_400_000) {
            out.push(DayUsage {
                day: r.day * 86_400_000,
                calls: 0,
                answered: 0,
                tokens: 0,
                cost_micro_fen: 0,
                purposes: Vec::new(),
            });
        }
        let Some(day) = out.last_mut() else { continue };
        day.calls += r.calls;
        day.answered += r.answered;
        day.tokens += r.tokens;
        day.cost_micro_fen += r.cost_micro_fen;
        day.purposes.push(PurposeUsage {
            avg_latency_ms: if r.calls > 0 {
                r.latency_ms / r.calls
            } else {
                0
            },
            purpose: r.purpose,
            calls: r.calls,
            answered: r.answered,
            tokens: r.tokens,
            cost_micro_fen: r.cost_micro_fen,
            prompt_chars: r.prompt_chars,
        });
    }
    let settings = state.llm.settings();
    Ok(Json(LlmUsageView {
        enabled: state.llm.enabled(),
        model: settings.model.clone(),
        daily_token_budget: settings.daily_token_budget,
        price_fen_per_million_tokens: settings.price_fen_per_million_tokens,
        tokens_today: state.llm.usage_today().tokens,
        days: out,
    }))
}
