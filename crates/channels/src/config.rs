//! The `[channels]` section of `kadesk.toml`: one sub-section per platform
//! channel, absent (off) unless configured. Every key can be set with a
//! `KADESK_CHANNELS__<CHANNEL>__<KEY>` variable. Secrets never show in
//! `Debug`.

use serde::{Deserialize, Serialize};

/// Every platform channel's settings (the web widget needs none).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelsConfig {
    /// The Telegram bot (`[channels.telegram]`).
    pub telegram: Option<TelegramConfig>,
}

/// How a Telegram bot receives updates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TelegramMode {
    /// Telegram posts to `/api/v1/channels/telegram/webhook` (needs a
    /// public HTTPS URL).
    #[default]
    Webhook,
    /// kadesk asks with `getUpdates` (no public URL needed).
    Polling,
}

/// `[channels.telegram]`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramConfig {
    /// The bot token from @BotFather.
    pub token: String,
    /// The webhook's secret (1–256 of `A-Za-z0-9_-`): Telegram sends it in
    /// `X-Telegram-Bot-Api-Secret-Token`; a request without it is refused.
    pub secret_token: String,
    /// `webhook` or `polling`.
    pub mode: TelegramMode,
    /// The Bot API's address (a mirror or proxy, or a test's stand-in).
    pub api_base: String,
    /// In webhook mode, the public URL of the webhook: set with
    /// `setWebhook` at start-up when given.
    pub webhook_url: Option<String>,
    /// Seconds one `getUpdates` long poll waits (polling mode, 0–50).
    pub poll_timeout: u64,
}

impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            token: String::new(),
            secret_token: String::new(),
            mode: TelegramMode::Webhook,
            api_base: "https://api.telegram.org".into(),
            webhook_url: None,
            poll_timeout: 25,
        }
    }
}

impl std::fmt::Debug for TelegramConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("token", &redacted(&self.token))
            .field("secret_token", &redacted(&self.secret_token))
            .field("mode", &self.mode)
            .field("api_base", &self.api_base)
            .field("webhook_url", &self.webhook_url)
            .field("poll_timeout", &self.poll_timeout)
            .finish()
    }
}

fn redacted(secret: &str) -> &'static str {
    if secret.is_empty() {
        ""
    } else {
        "<redacted>"
    }
}

/// A channel setting that cannot work.
#[derive(Debug, thiserror::Error)]
#[error("channels.{channel}.{key}: {problem}")]
pub struct ConfigError {
    pub channel: &'static str,
    pub key: &'static str,
    pub problem: String,
}

impl TelegramConfig {
    /// Checks the settings; the error names the key to fix.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key, problem: &str| ConfigError {
            channel: "telegram",
            key,
            problem: problem.to_owned(),
        };
        if self.token.trim().is_empty() || self.token.contains(['/', '?', '#', ' ']) {
            return Err(bad(
                "token",
                "set the bot token from @BotFather (KADESK_CHANNELS__TELEGRAM__TOKEN)",
            ));
        }
        let secret_ok = (1..=256).contains(&self.secret_token.len())
            && self
                .secret_token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if self.mode == TelegramMode::Webhook && !secret_ok {
            return Err(bad(
                "secret_token",
                "webhook mode needs a secret of 1 to 256 characters A-Z a-z 0-9 _ - \
                 (KADESK_CHANNELS__TELEGRAM__SECRET_TOKEN)",
            ));
        }
        if !(self.api_base.starts_with("http://") || self.api_base.starts_with("https://")) {
            return Err(bad("api_base", "give an http:// or https:// address"));
        }
        if self.poll_timeout > 50 {
            return Err(bad("poll_timeout", "give 0 to 50 seconds"));
        }
        Ok(())
    }
}
