//! Run-time settings (`kadesk_desk::settings`): the console's general
//! settings page and widget page read and save them here; the buyer widget
//! reads its look when it loads.
//!
//! - `GET /api/v1/settings/general` (admins): business hours and time zone
//!   in force, where they come from, `kadesk.toml`'s values, and the
//!   file-only settings (read-only, never a secret).
//! - `PUT` (admins: validated, stored, applied at once, audited) and
//!   `DELETE` (admins: back to `kadesk.toml`).
//! - `GET`/`PUT /api/v1/settings/widget` (admins): the widget's look.
//! - `GET /api/v1/widget/config` (anyone, any origin): the same, for the
//!   widget on a shop's page.
//!
//! A refused value answers 422 `validation` with a message that starts with
//! the field's name (`privacy_url: …`).

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use kadesk_desk::settings::{GeneralSettings, SaveError, WidgetSettings};
use kadesk_domain::Role;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::bot_settings::SettingsSource;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/settings/general",
            get(show_general)
                .put(update_general)
                .delete(restore_general),
        )
        .route("/settings/widget", get(show_widget).put(update_widget))
        .merge(
            Router::new()
                .route("/widget/config", get(widget_config))
                .route_layer(crate::api::widget_cors()),
        )
}

/// A setting only `kadesk.toml` (or the environment) sets, shown read-only.
/// Secrets (tokens, passwords, keys, the database URL) are never listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FileSetting {
    /// `section.key` as in `kadesk.toml`, e.g. `server.listen`.
    pub key: String,
    /// The value in force, as text (`true`/`false` for switches).
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GeneralSettingsView {
    /// The settings in force.
    settings: GeneralSettings,
    /// Where `settings` come from.
    source: SettingsSource,
    /// What `kadesk.toml` says (what `DELETE` goes back to).
    file: GeneralSettings,
    /// Settings that change only in `kadesk.toml` (and a restart).
    file_only: Vec<FileSetting>,
}

fn general_view(state: &AppState) -> GeneralSettingsView {
    let file = GeneralSettings::from_hours(state.desk.business_hours.as_ref());
    let (settings, source) = match state.settings.general() {
        Some(saved) => (saved, SettingsSource::Stored),
        None => (file.clone(), SettingsSource::File),
    };
    GeneralSettingsView {
        settings,
        source,
        file,
        file_only: state.config.file_settings.clone(),
    }
}

pub(crate) fn refused(e: SaveError) -> ApiError {
    match e {
        SaveError::Invalid(e) => ApiError::validation(e.to_string()),
        SaveError::Store(e) => e.into(),
        SaveError::Encode(e) => ApiError::internal(e),
    }
}

/// The general settings: business hours and time zone, and what only
/// `kadesk.toml` sets.
#[utoipa::path(get, path = "/api/v1/settings/general",
    responses((status = 200, body = GeneralSettingsView), (status = 401), (status = 403)))]
async fn show_general(
    State(state): State<AppState>,
    agent: Agent,
) -> ApiResult<Json<GeneralSettingsView>> {
    agent.require(Role::Admin)?;
    Ok(Json(general_view(&state)))
}

/// Replace the general settings; they apply to the next bot turn.
#[utoipa::path(put, path = "/api/v1/settings/general", request_body = GeneralSettings,
    responses((status = 200, body = GeneralSettingsView), (status = 400), (status = 401), (status = 403),
        (status = 422, description = "validation: a field is wrong; the message starts with its name")))]
async fn update_general(
    State(state): State<AppState>,
    agent: Agent,
    Json(settings): Json<GeneralSettings>,
) -> ApiResult<Json<GeneralSettingsView>> {
    agent.require(Role::Admin)?;
    let saved = state
        .settings
        .save_general(&state.store, settings)
        .await
        .map_err(refused)?;
    let detail = serde_json::to_value(&saved).map_err(ApiError::internal)?;
    audited(
        &state,
        &agent,
        "general_settings_changed",
        "settings:general",
        detail,
    )
    .await?;
    Ok(Json(general_view(&state)))
}

/// Forget the saved general settings: `kadesk.toml` applies again.
#[utoipa::path(delete, path = "/api/v1/settings/general",
    responses((status = 200, body = GeneralSettingsView), (status = 401), (status = 403)))]
async fn restore_general(
    State(state): State<AppState>,
    agent: Agent,
) -> ApiResult<Json<GeneralSettingsView>> {
    agent.require(Role::Admin)?;
    state
        .settings
        .restore_general(&state.store)
        .await
        .map_err(refused)?;
    let detail = serde_json::json!({});
    audited(
        &state,
        &agent,
        "general_settings_restored",
        "settings:general",
        detail,
    )
    .await?;
    Ok(Json(general_view(&state)))
}

/// The widget's look and place as saved.
#[utoipa::path(get, path = "/api/v1/settings/widget",
    responses((status = 200, body = WidgetSettings), (status = 401), (status = 403)))]
async fn show_widget(
    State(state): State<AppState>,
    agent: Agent,
) -> ApiResult<Json<WidgetSettings>> {
    agent.require(Role::Admin)?;
    Ok(Json((*state.settings.widget()).clone()))
}

/// Replace the widget's settings; widgets pick them up when they next load.
#[utoipa::path(put, path = "/api/v1/settings/widget", request_body = WidgetSettings,
    responses((status = 200, body = WidgetSettings), (status = 400), (status = 401), (status = 403),
        (status = 422, description = "validation: a field is wrong; the message starts with its name")))]
async fn update_widget(
    State(state): State<AppState>,
    agent: Agent,
    Json(settings): Json<WidgetSettings>,
) -> ApiResult<Json<WidgetSettings>> {
    agent.require(Role::Admin)?;
    let saved = state
        .settings
        .save_widget(&state.store, settings)
        .await
        .map_err(refused)?;
    let detail = serde_json::to_value(&saved).map_err(ApiError::internal)?;
    audited(
        &state,
        &agent,
        "widget_settings_changed",
        "settings:widget",
        detail,
    )
    .await?;
    Ok(Json(saved))
}

/// The widget's look and place, read by the widget when it loads on a
/// shop's page (any origin, no credentials). Attributes on the embed line
/// win over these.
#[utoipa::path(get, path = "/api/v1/widget/config",
    responses((status = 200, body = WidgetSettings)))]
async fn widget_config(State(state): State<AppState>) -> Response {
    let settings = (*state.settings.widget()).clone();
    // Asked again on every page load: a change in the console shows at once.
    ([(CACHE_CONTROL, "no-cache")], axum::Json(settings)).into_response()
}

/// Records an admin's settings change in the audit log (and the log).
pub(crate) async fn audited(
    state: &AppState,
    agent: &Agent,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> ApiResult<()> {
    state
        .store
        .audit(Some(agent.0.id), action, target, detail)
        .await?;
    tracing::info!(user.id = agent.0.id, action, "settings changed");
    Ok(())
}
