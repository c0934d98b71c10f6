//! Reports for supervisors: `GET /api/v1/reports/{overview,channels,agents,
//! hours,conversations}` and their CSV exports. The figures are the desk's
//! (`kadesk_desk::reports`, definitions in docs/reports.md); this module
//! reads the period and filters, checks the role and serialises.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use kadesk_desk::reports::{self, export, BreakdownRow, HeatCell, Metric, Overview, ReportQuery};
use kadesk_domain::{Channel, Conversation, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Query};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports/overview", get(overview))
        .route("/reports/channels", get(channels))
        .route("/reports/agents", get(agents))
        .route("/reports/hours", get(hours))
        .route("/reports/conversations", get(conversations))
        .route("/reports/export", get(export_csv))
        .route("/reports/experiments", get(experiments))
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
    /// Only conversations assigned to this agent (user id).
    agent: Option<i64>,
}

fn millis(name: &str, text: &str) -> Result<i64, ApiError> {
    let at: jiff::Timestamp = text.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{name} {text:?} is not an RFC 3339 time such as 2026-11-01T00:00:00+08:00"
        ))
    })?;
    Ok(at.as_millisecond())
}

fn report_query(
    from: &str,
    to: &str,
    channel: Option<Channel>,
    agent: Option<i64>,
) -> Result<ReportQuery, ApiError> {
    Ok(ReportQuery {
        from: millis("from", from)?,
        to: millis("to", to)?,
        channel: channel.map(|c| c.as_str().to_owned()),
        agent,
    })
}

impl PeriodQuery {
    fn query(&self) -> Result<ReportQuery, ApiError> {
        report_query(&self.from, &self.to, self.channel, self.agent)
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
    agent.require(Role::Supervisor)?;
    let items = reports::breakdown(&state, &q.query()?, false).await?;
    Ok(Json(Breakdown { items }))
}

/// The figures per agent (the conversation's assignee; `none`: unassigned).
#[utoipa::path(get, path = "/api/v1/reports/agents", params(PeriodQuery),
    responses((status = 200, body = Breakdown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn agents(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Breakdown>> {
    agent.require(Role::Supervisor)?;
    let items = reports::breakdown(&state, &q.query()?, true).await?;
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
    /// Start of the period, RFC 3339.
    from: String,
    /// End of the period (excluded), RFC 3339.
    to: String,
    /// Only this channel.
    channel: Option<Channel>,
    /// Only conversations assigned to this agent (user id).
    agent: Option<i64>,
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
#[utoipa::path(get, path = "/api/v1/reports/conversations", params(DrillQuery),
    responses((status = 200, body = DrillDown), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn conversations(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<DrillQuery>,
) -> ApiResult<Json<DrillDown>> {
    agent.require(Role::Supervisor)?;
    let limit = usize::try_from(super::page_size(q.limit)?).unwrap_or(50);
    let (items, total) = reports::drill_down(
        &state,
        &report_query(&q.from, &q.to, q.channel, q.agent)?,
        &q.metric,
        limit,
    )
    .await?;
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

/// Which table an export holds.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportTable {
    Overview,
    Channels,
    Agents,
    Hours,
    /// The conversations a metric counts.
    Conversations,
    /// The same, one row per message.
    Messages,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Start of the period, RFC 3339.
    from: String,
    /// End of the period (excluded), RFC 3339.
    to: String,
    /// Only this channel.
    channel: Option<Channel>,
    /// Only conversations assigned to this agent (user id).
    agent: Option<i64>,
    table: ExportTable,
    /// For `conversations` and `messages`: the number whose conversations
    /// to export (default: all conversations of the period).
    metric: Option<Metric>,
}

/// A report table as CSV (UTF-8 with a byte-order mark). Card keys are
/// never exported: anything that looks like one is masked.
#[utoipa::path(get, path = "/api/v1/reports/export", params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400), (status = 401), (status = 403), (status = 422)))]
async fn export_csv(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    agent.require(Role::Supervisor)?;
    let query = report_query(&q.from, &q.to, q.channel, q.agent)?;
    let metric = q.metric.clone().unwrap_or(Metric::Conversations);
    let (name, bytes) = match q.table {
        ExportTable::Overview => {
            let o = reports::overview(&state, &query).await?;
            ("overview", export::overview_csv(&o.current, &o.previous)?)
        }
        ExportTable::Channels => (
            "channels",
            export::breakdown_csv(&reports::breakdown(&state, &query, false).await?)?,
        ),
        ExportTable::Agents => (
            "agents",
            export::breakdown_csv(&reports::breakdown(&state, &query, true).await?)?,
        ),
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
