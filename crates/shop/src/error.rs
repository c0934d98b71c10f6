//! The shop's configuration error: which setting is wrong and why. Kept
//! apart from [`crate::config`] so the sources can report it without
//! importing the configuration module that names them.

/// A shop setting that cannot be used. The message names the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The card-key encryption key (`shop.card_key` or `shop.card_key_file`).
    #[error("shop.card_key: {0}")]
    CardKey(#[from] crate::crypto::KeyError),
    /// One `[[shop.sources]]` entry; the message names its bad setting
    /// (`url`, `prefix`, `time_zone`, `order_url` …).
    #[error("shop.sources: source {source_name}: {message}")]
    Source {
        /// The source's name (configured, or its kind's default).
        source_name: String,
        /// What is wrong, starting with the setting.
        message: String,
    },
    /// Two sources with one name.
    #[error("shop.sources: two shop sources are named {0:?}; give each a distinct name")]
    DuplicateName(String),
    /// Neither the built-in source nor another one.
    #[error("shop: no shop source: turn [shop] builtin on or add [[shop.sources]]")]
    NoSource,
}
