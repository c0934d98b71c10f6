//! REST resources under `/api/v1`, one module each.

use axum::extract::OriginalUri;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

use crate::error::ApiError;
use crate::AppState;

pub mod annotations;
pub mod assist;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod bot;
pub mod bot_settings;
pub mod canned;
pub mod cases;
pub mod channels;
pub mod contacts;
pub mod conversations;
pub mod files;
pub mod knowledge;
pub mod nlu;
pub mod notes;
pub mod orders;
pub mod rating;
pub mod reports;
pub mod search;
pub mod settings;
pub mod shop;
pub mod sla;
pub mod team;
pub mod users;
pub mod waiting;
pub mod widget;

/// Page sizes: default and largest.
pub(crate) const DEFAULT_LIMIT: i64 = 50;
pub(crate) const MAX_LIMIT: i64 = 200;

/// Clamps a client's page size.
pub(crate) fn page_size(limit: Option<i64>) -> Result<i64, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(format!(
            "limit {n} is out of range; use 1 to {MAX_LIMIT}"
        ))),
    }
}

/// CORS for the endpoints the widget calls from a shop on another domain:
/// any origin, no cookies (the widget sends its visitor token as a header).
pub(crate) fn widget_cors() -> tower_http::cors::CorsLayer {
    use axum::http::{header, HeaderName, Method};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("x-filename"),
        ])
        .max_age(std::time::Duration::from_secs(3600))
}

/// Unknown API paths.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("no API endpoint at {}", uri.path()))
}

/// `GET /healthz`: 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "unavailable"})),
            )
        }
    }
}
