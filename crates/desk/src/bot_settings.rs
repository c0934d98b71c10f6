//! The bot's handoff policy as it is now. It starts as `[bot]` from
//! `kadesk.toml`; an admin may replace it at run time (`PUT
//! /api/v1/bot/settings`), which is stored in the `settings` table (key
//! `bot`) and wins over the file from then on, across restarts.
//!
//! Readers take a cheap snapshot (`Arc<BotConfig>`) per bot turn, so a turn
//! never sees half of an update and the next turn sees all of it.

use std::sync::{Arc, RwLock};

use kadesk_bot::BotConfig;
use kadesk_store::Store;

/// The settings-table key the bot's policy is stored under.
pub const SETTINGS_KEY: &str = "bot";

/// The live bot configuration and the one from the file.
#[derive(Debug)]
pub struct LiveBotConfig {
    /// `[bot]` from `kadesk.toml`: what "restore defaults" goes back to.
    file: Arc<BotConfig>,
    /// What new bot turns use.
    current: RwLock<Arc<BotConfig>>,
}

impl LiveBotConfig {
    pub fn new(file: BotConfig) -> LiveBotConfig {
        let file = Arc::new(file);
        LiveBotConfig {
            current: RwLock::new(file.clone()),
            file,
        }
    }

    /// The configuration new bot turns use.
    pub fn get(&self) -> Arc<BotConfig> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The configuration from `kadesk.toml`.
    pub fn file(&self) -> Arc<BotConfig> {
        self.file.clone()
    }

    /// Makes `config` the one new turns use (callers validate and store it first).
    pub(crate) fn set(&self, config: BotConfig) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(config);
    }
}

/// Applies the stored settings, if an admin saved any, over the file's.
/// A stored value that no longer loads (a hand-edited row, a key removed in
/// a newer version) is ignored with a warning: the file's settings apply.
pub async fn load(store: &Store, live: &LiveBotConfig) -> kadesk_store::Result<()> {
    let Some(json) = store.setting(SETTINGS_KEY).await? else {
        return Ok(());
    };
    match serde_json::from_str::<BotConfig>(&json)
        .map_err(|e| e.to_string())
        .and_then(|c| c.validate().map(|()| c).map_err(|e| e.to_string()))
    {
        Ok(config) => {
            tracing::info!("bot settings loaded from the database (they override kadesk.toml)");
            live.set(config);
        }
        Err(e) => tracing::warn!(error = %e, "stored bot settings ignored; kadesk.toml applies"),
    }
    Ok(())
}
