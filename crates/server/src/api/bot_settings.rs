//! The bot's settings at run time: `GET /api/v1/bot/settings` (supervisors
//! and admins), `PUT` (admins: the whole policy, validated, stored, applied
//! to the next bot turn, audited) and `DELETE` (admins: back to
//! `kadesk.toml`).

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use kadesk_bot::BotConfig;
use kadesk_domain::Role;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;
use kadesk_desk::bot_settings::SETTINGS_KEY;

pub fn router() -> Router<AppState> {
    Router::new().route("/bot/settings", get(show).put(update).delete(restore))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BotSettings {
    /// The policy new bot turns use.
    settings: BotConfig,
    /// Where `settings` come from.
    source: SettingsSource,
    /// What `kadesk.toml` says (what `DELETE` goes back to).
    file: BotConfig,
}

/// Where the bot's settings in force come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingsSource {
    /// An admin's saved settings override `kadesk.toml`.
    Stored,
    /// `kadesk.toml` (or the built-in defaults) apply.
    File,
}

async fn current(state: &AppState) -> ApiResult<BotSettings> {
    let stored = state.store.setting(SETTINGS_KEY).await?.is_some();
    Ok(BotSettings {
        settings: (*state.bot_config()).clone(),
        source: if stored {
            SettingsSource::Stored
        } else {
            SettingsSource::File
        },
        file: (*state.bot_config.file()).clone(),
    })
}

/// The bot's handoff policy now.
#[utoipa::path(get, path = "/api/v1/bot/settings",
    responses((status = 200, body = BotSettings), (status = 401), (status = 403)))]
async fn show(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<BotSettings>> {
    agent.require(Role::Supervisor)?;
    Ok(Json(current(&state).await?))
}

/// Replace the bot's handoff policy (every key; a missing key takes its
/// built-in default, an unknown key is refused).
#[utoipa::path(put, path = "/api/v1/bot/settings", request_body = BotConfig,
    responses((status = 200, body = BotSettings), (status = 400), (status = 403)))]
async fn update(
    State(state): State<AppState>,
    agent: Agent,
    Json(config): Json<BotConfig>,
) -> ApiResult<Json<BotSettings>> {
    agent.require(Role::Admin)?;
    config
        .validate()
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let json = serde_json::to_value(&config).map_err(ApiError::internal)?;
    state
        .store
        .set_setting(SETTINGS_KEY, &json.to_string())
        .await?;
    state.set_bot_config(config);
    // The settings hold no secret: the whole new policy goes to the log.
    state
        .store
        .audit(
            Some(agent.0.id),
            "bot_settings_changed",
            "settings:bot",
            json,
        )
        .await?;
    tracing::info!(user.id = agent.0.id, "bot settings changed");
    Ok(Json(current(&state).await?))
}

/// Forget the saved settings: `kadesk.toml` (or the defaults) apply again.
#[utoipa::path(delete, path = "/api/v1/bot/settings",
    responses((status = 200, body = BotSettings), (status = 403)))]
async fn restore(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<BotSettings>> {
    agent.require(Role::Admin)?;
    state.store.delete_setting(SETTINGS_KEY).await?;
    let file = (*state.bot_config.file()).clone();
    state.set_bot_config(file);
    state
        .store
        .audit(
            Some(agent.0.id),
            "bot_settings_restored",
            "settings:bot",
            serde_json::json!({}),
        )
        .await?;
    tracing::info!(user.id = agent.0.id, "bot settings restored to kadesk.toml");
    Ok(Json(current(&state).await?))
}
