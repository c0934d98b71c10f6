//! Reports for supervisors: `GET /api/v1/reports/{overview,channels,agents,
//! views/{view},hours,conversations,experiments}` and their CSV exports. The figures are the desk's
//! (`kadesk_desk::reports`, definitions in docs/reports.md); this module
//! reads the period and filters, checks the role and serialises.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_desk::reports::{
    self, export, BreakdownRow, HeatCell, Metric, Overview, ReportQuery, View,
};
use kadesk_domain::{Channel, Conversation, Role};
use kadesk_store::LabelKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports/overview", get(overview))
        .route("/reports/channels", get(channels))
        .route("/reports/agents", get(agents))
        .route("/reports/views/{view}", get(view))
        .route("/reports/hours", get(hours))
        .route("/reports/conversations", get(conversations))
        .route("/reports/export", get(export_csv))
        .route("/reports/experiments", get(experiments))
        .route("/reports/experiments/{template}/promote", post(promote))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// Start of the period, RFC 3339 (e.g. `2026-11-01T00:00:00+08:00`).
    from: String,
    /// End of the period (excluded), RFC 3339; at most 366 days after `from`.
    to: String,
    /// Only this channel.
    channel: Option<Channel>,
    /// Only conversations assigned to this agent (user id; `0`: the
    /// unassigned ones, the `none` row of the per-agent view).
    agent: Option<i64>,
    /// Only conversations routed to this team (team id; `0`: those never
    /// routed to a team, the `none` row of the per-team view).
    team: Option<i64>,
    /// Only conversations with (`true`) or without (`false`) a screenshot.
    screenshot: Option<bool>,
    /// Only conversations whose case carries this problem tag.
    tag: Option<String>,
    /// Only conversations whose case carries this intent.
    intent: Option<String>,
    /// Only conversations whose case names this product.
    product: Option<String>,
}

fn millis(name: &str, text: &str) -> Result<i64, ApiError> {
    let at: jiff::Timestamp = text.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{name} {text:?} is not an RFC 3339 time such as 2026-11-01T00:00:00+08:00"
        ))
    })?;
    Ok(at.as_millisecond())
}

impl PeriodQuery {
    fn query(&self) -> Result<ReportQuery, ApiError> {
        let labels = [
            (LabelKind::Tag, &self.tag),
            (LabelKind::Intent, &self.intent),
            (LabelKind::Product, &self.product),
        ];
        let mut label = None;
        for (kind, value) in labels {
            if let Some(value) = value {
                if label.is_some() {
                    return Err(ApiError::bad_request(
                        "give at most one of tag, intent and product",
                    ));
                }
                label = Some((kind, value.clone()));
            }
        }
        Ok(ReportQuery {
            from: millis("from", &self.from)?,
            to: millis("to", &self.to)?,
            channel: self.channel.map(|c| c.as_str().to_owned()),
            agent: self.agent,
            team: self.team,
            screenshot: self.screenshot,
            label,
        })
    }
}

/// The overview of a period and of the period of the same length before it
/// (rates are fractions 0–1; times in seconds; docs/reports.md).
#[utoipa::path(get, path = "/api/v1/reports/overview", params(PeriodQuery),
    responses((status = 200, body = Overview), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn overview(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Overview>> {
    agent.require(Role::Supervisor)?;
    Ok(Json(reports::overview(&state, &q.query()?).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Breakdown {
    items: Vec<BreakdownRow>,
}

/// The figures per channel, most conversations first.
#[utoipa::path(get, path = "/api/v1/reports/channels", params(PeriodQuery),
    responses((status = 200, body = Breakdown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn channels(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Breakdown>> {
    breakdown(&state, &agent, &q, View::Channels).await
}

/// The figures per agent (the conversation's assignee; `none`: unassigned).
#[utoipa::path(get, path = "/api/v1/reports/agents", params(PeriodQuery),
    responses((status = 200, body = Breakdown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn agents(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Breakdown>> {
    breakdown(&state, &agent, &q, View::Agents).await
}

/// The figures per group of a view: `channels`, `agents`, `teams` (the team
/// a conversation was routed to; `none`: no team), `tags`, `intents`,
/// `products` (the case memory's labels; a conversation counts under each
/// of its labels), `pictures` (`1`: with a screenshot, `0`: without).
#[utoipa::path(get, path = "/api/v1/reports/views/{view}",
    params(("view" = View, Path, description = "How to split the conversations"), PeriodQuery),
    responses((status = 200, body = Breakdown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn view(
    State(state): State<AppState>,
    agent: Agent,
    Path(view): Path<View>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Breakdown>> {
    breakdown(&state, &agent, &q, view).await
}

async fn breakdown(
    state: &AppState,
    agent: &Agent,
    q: &PeriodQuery,
    view: View,
) -> ApiResult<Json<Breakdown>> {
    agent.require(Role::Supervisor)?;
    let items = reports::breakdown(state, &q.query()?, view).await?;
    Ok(Json(Breakdown { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeatMap {
    /// 7 × 24 cells, weekday 0 = Monday, in the shop's time zone.
    cells: Vec<HeatCell>,
}

/// Conversations started per weekday and hour (the busiest hours).
#[utoipa::path(get, path = "/api/v1/reports/hours", params(PeriodQuery),
    responses((status = 200, body = HeatMap), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn hours(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<HeatMap>> {
    agent.require(Role::Supervisor)?;
    let cells = reports::heatmap(&state, &q.query()?, offset_minutes(&state)).await?;
    Ok(Json(HeatMap { cells }))
}

/// The shop's offset from UTC: the business hours' one, else China's.
fn offset_minutes(state: &AppState) -> i32 {
    state
        .hours_now()
        .as_ref()
        .map_or(8 * 60, |h| h.utc_offset_minutes())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DrillQuery {
    /// The number clicked.
    metric: Metric,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrillDown {
    /// The first `limit` conversations the number counts, oldest first.
    items: Vec<Conversation>,
    /// How many it counts in all.
    total: u64,
}

/// The conversations a number of the report counts (drill-down).
#[utoipa::path(get, path = "/api/v1/reports/conversations", params(PeriodQuery, DrillQuery),
    responses((status = 200, body = DrillDown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn conversations(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
    Query(d): Query<DrillQuery>,
) -> ApiResult<Json<DrillDown>> {
    agent.require(Role::Supervisor)?;
    let limit = usize::try_from(super::page_size(d.limit)?).unwrap_or(50);
    let (items, total) = reports::drill_down(&state, &q.query()?, &d.metric, limit).await?;
    Ok(Json(DrillDown { items, total }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Experiments {
    items: Vec<reports::experiments::Experiment>,
}

/// A/B results per bot template variant, with confidence intervals and a
/// significance test against the first variant.
#[utoipa::path(get, path = "/api/v1/reports/experiments", params(PeriodQuery),
    responses((status = 200, body = Experiments), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn experiments(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Experiments>> {
    agent.require(Role::Supervisor)?;
    let items = reports::experiments::experiments(&state, &q.query()?).await?;
    Ok(Json(Experiments { items }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoteRequest {
    /// The variant that gets every new conversation (usually the winner).
    #[schema(min_length = 1, max_length = 100)]
    variant: String,
}

/// Ends a template's A/B test: the variant gets weight 100, the others 0,
/// for every new conversation (conversations that already got a variant
/// keep it); stored across restarts and audited (`experiment.promote`).
#[utoipa::path(post, path = "/api/v1/reports/experiments/{template}/promote",
    params(("template" = String, Path, description = "The template id, e.g. greeting")),
    request_body = PromoteRequest,
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
async fn promote(
    State(state): State<AppState>,
    agent: Agent,
    Path(template): Path<String>,
    Json(req): Json<PromoteRequest>,
) -> ApiResult<axum::http::StatusCode> {
    agent.require(Role::Supervisor)?;
    reports::promote::promote(&state, &template, req.variant.trim(), agent.0.id).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Which table an export holds.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportTable {
    Overview,
    Channels,
    Agents,
    Teams,
    Tags,
    Intents,
    Products,
    Pictures,
    Hours,
    /// The conversations a metric counts.
    Conversations,
    /// The same, one row per message.
    Messages,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    table: ExportTable,
    /// For `conversations` and `messages`: the number whose conversations
    /// to export (default: all conversations of the period).
    metric: Option<Metric>,
}

/// A report table as CSV (UTF-8 with a byte-order mark). Card keys are
/// never exported: anything that looks like one is masked.
#[utoipa::path(get, path = "/api/v1/reports/export", params(PeriodQuery, ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn export_csv(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
    Query(e): Query<ExportQuery>,
) -> ApiResult<Response> {
    agent.require(Role::Supervisor)?;
    let query = q.query()?;
    let metric = e.metric.unwrap_or(Metric::Conversations);
    let (name, bytes) = match e.table {
        ExportTable::Overview => {
            let o = reports::overview(&state, &query).await?;
            ("overview", export::overview_csv(&o.current, &o.previous)?)
        }
        ExportTable::Hours => (
            "hours",
            export::heatmap_csv(&reports::heatmap(&state, &query, offset_minutes(&state)).await?)?,
        ),
        ExportTable::Conversations => (
            "conversations",
            export::conversations_csv(&state, &query, &metric, false).await?,
        ),
        ExportTable::Messages => (
            "messages",
            export::conversations_csv(&state, &query, &metric, true).await?,
        ),
        table => {
            let v = match table {
                ExportTable::Agents => View::Agents,
                ExportTable::Teams => View::Teams,
                ExportTable::Tags => View::Tags,
                ExportTable::Intents => View::Intents,
                ExportTable::Products => View::Products,
                ExportTable::Pictures => View::Pictures,
                _ => View::Channels,
            };
            (
                v.as_str(),
                export::breakdown_csv(v, &reports::breakdown(&state, &query, v).await?)?,
            )
        }
    };
    tracing::info!(user.id = agent.0.id, table = name, "report exported");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"kadesk-{name}.csv\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
