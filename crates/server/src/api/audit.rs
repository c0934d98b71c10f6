//! The audit log for admins: who did what sensitive thing (revealed or
//! re-sent card keys, disabled a user, signed sessions out…), filtered by
//! who, what and when, newest first.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use kadesk_domain::{Millis, Role};
use kadesk_store::AuditFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Query};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Who: a user id.
    actor_id: Option<i64>,
    /// What: an action name (`card_key_revealed` …).
    #[param(max_length = 64)]
    action: Option<String>,
    /// From (Unix ms, inclusive).
    since: Option<Millis>,
    /// Until (Unix ms, exclusive).
    until: Option<Millis>,
    /// The next page: entries older than this id.
    before: Option<i64>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    items: Vec<AuditItem>,
    /// Every action name in the log, for the filter.
    actions: Vec<String>,
    /// Pass as `before` for the next page; absent on the last.
    next_before: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    id: i64,
    at: Millis,
    actor_id: Option<i64>,
    action: String,
    /// What it was done to (`order:D1`, `user:3`, `conversation:42`).
    target: String,
    /// Details (never a secret).
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    detail: serde_json::Value,
}

/// Audit-log entries, newest first, for admins.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery),
    responses((status = 200, body = AuditList), (status = 400), (status = 401), (status = 403)))]
async fn list(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<AuditList>> {
    agent.require(Role::Admin)?;
    let limit = crate::api::page_size(q.limit)?;
    let action = q
        .action
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    if action.as_ref().is_some_and(|a| a.chars().count() > 64) {
        return Err(ApiError::bad_request(
            "`action` has more than 64 characters",
        ));
    }
    let filter = AuditFilter {
        actor_id: q.actor_id,
        action,
        since: q.since,
        until: q.until,
        before_id: q.before,
    };
    let entries = state.store.audit_search(&filter, limit).await?;
    let next_before = if entries.len() as i64 == limit {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(Json(AuditList {
        items: entries
            .into_iter()
            .map(|e| AuditItem {
                id: e.id,
                at: e.at,
                actor_id: e.actor_id,
                action: e.action,
                target: e.target,
                detail: e.detail,
            })
            .collect(),
        actions: state.store.audit_actions().await?,
        next_before,
    }))
}
