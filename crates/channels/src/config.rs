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
    /// The WhatsApp Business number (`[channels.whatsapp]`).
    pub whatsapp: Option<WhatsappConfig>,
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

/// `[channels.whatsapp]`: a number on the WhatsApp Cloud API.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WhatsappConfig {
    /// The system user's access token (sent as a bearer token).
    pub access_token: String,
    /// The Meta app's secret: every webhook POST is signed with it
    /// (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// The token typed into the webhook's settings in the Meta app; Meta
    /// echoes it when it checks the URL.
    #[serde(deserialize_with = "string_or_number")]
    pub verify_token: String,
    /// The business number's id (not the number itself; digits, which an
    /// environment variable gives as a number).
    #[serde(deserialize_with = "string_or_number")]
    pub phone_number_id: String,
    /// The Graph API's address (a proxy, or a test's stand-in).
    pub api_base: String,
    /// The Graph API version in the path.
    pub api_version: String,
    /// An approved message template agents may send once the 24-hour
    /// window has passed (its name), if any.
    pub template: Option<String>,
    /// The template's language code (`zh_CN`, `en_US`).
    pub template_language: String,
}

impl Default for WhatsappConfig {
    fn default() -> Self {
        WhatsappConfig {
            access_token: String::new(),
            app_secret: String::new(),
            verify_token: String::new(),
            phone_number_id: String::new(),
            api_base: "https://graph.facebook.com".into(),
            api_version: "v21.0".into(),
            template: None,
            template_language: "zh_CN".into(),
        }
    }
}

impl std::fmt::Debug for WhatsappConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappConfig")
            .field("access_token", &redacted(&self.access_token))
            .field("app_secret", &redacted(&self.app_secret))
            .field("verify_token", &redacted(&self.verify_token))
            .field("phone_number_id", &self.phone_number_id)
            .field("api_base", &self.api_base)
            .field("api_version", &self.api_version)
            .field("template", &self.template)
            .field("template_language", &self.template_language)
            .finish()
    }
}

impl WhatsappConfig {
    /// Checks the settings; the error names the key to fix.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key, problem: &str| ConfigError {
            channel: "whatsapp",
            key,
            problem: problem.to_owned(),
        };
        let plain = |v: &str| !v.trim().is_empty() && !v.contains(['/', '?', '#', ' ', '&']);
        if !plain(&self.access_token) {
            return Err(bad(
                "access_token",
                "set the access token (KADESK_CHANNELS__WHATSAPP__ACCESS_TOKEN)",
            ));
        }
        if self.app_secret.trim().is_empty() {
            return Err(bad(
                "app_secret",
                "set the Meta app's secret; webhooks are checked with it \
                 (KADESK_CHANNELS__WHATSAPP__APP_SECRET)",
            ));
        }
        if self.verify_token.trim().is_empty() {
            return Err(bad(
                "verify_token",
                "set the verify token you typed into the webhook settings \
                 (KADESK_CHANNELS__WHATSAPP__VERIFY_TOKEN)",
            ));
        }
        if !self.phone_number_id.chars().all(|c| c.is_ascii_digit())
            || self.phone_number_id.is_empty()
        {
            return Err(bad(
                "phone_number_id",
                "give the phone number id (digits) from the WhatsApp Manager",
            ));
        }
        if !(self.api_base.starts_with("http://") || self.api_base.starts_with("https://")) {
            return Err(bad("api_base", "give an http:// or https:// address"));
        }
        if !plain(&self.api_version) {
            return Err(bad("api_version", "give a version such as v21.0"));
        }
        if self.template.as_deref().is_some_and(|t| !plain(t)) {
            return Err(bad("template", "give the approved template's name"));
        }
        Ok(())
    }
}

/// A string setting that may be all digits: an environment variable's
/// value then arrives as a number.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(u64),
    }
    Ok(match Either::deserialize(d)? {
        Either::Text(s) => s,
        Either::Number(n) => n.to_string(),
    })
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
