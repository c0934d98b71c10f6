//! The `[shop]` section of kadesk's configuration. Secrets are redacted in
//! `Debug`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnose::DiagnoseConfig;
use crate::sources::http::HttpSourceConfig;
use crate::sources::mysql::MysqlSourceConfig;
use crate::verify::LockoutPolicy;

/// Settings of the shop integration.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShopConfig {
    /// Shared secret of `POST /api/v1/shop/webhook` signatures. Empty: the webhook is off.
    pub webhook_secret: Option<String>,
    /// Bearer key of `POST /api/v1/shop/orders`. Empty: the endpoint is off.
    pub api_key: Option<String>,
    /// The card-key encryption key, 64 hex characters. Empty: read (or
    /// generate at first start) `card_key_file`.
    pub card_key: Option<String>,
    /// Where the generated key is kept; default `<data_dir>/keys/card.key`.
    pub card_key_file: Option<PathBuf>,
    /// Whether agents (not only supervisors and admins) may reveal card keys.
    pub agents_can_reveal: bool,
    /// Whether kadesk's own order store is asked first (orders pushed by
    /// REST, webhook or CSV import, and the demo shop).
    pub builtin: bool,
    /// A paid order not delivered after this many minutes is a delivery failure.
    pub delivery_grace_minutes: i64,
    /// The same for products the shop delivers by hand.
    pub manual_delivery_minutes: i64,
    /// An unpaid order older than this many minutes counts as expired.
    pub unpaid_expiry_minutes: i64,
    /// Failed-verification limits.
    pub lockout: LockoutPolicy,
    /// Other shop systems, asked in this order after the built-in store.
    pub sources: Vec<SourceConfig>,
}

impl Default for ShopConfig {
    fn default() -> Self {
        let diagnose = DiagnoseConfig::default();
        ShopConfig {
            webhook_secret: None,
            api_key: None,
            card_key: None,
            card_key_file: None,
            agents_can_reveal: false,
            builtin: true,
            delivery_grace_minutes: diagnose.delivery_grace_minutes,
            manual_delivery_minutes: diagnose.manual_delivery_minutes,
            unpaid_expiry_minutes: diagnose.unpaid_expiry_minutes,
            lockout: LockoutPolicy::default(),
            sources: Vec::new(),
        }
    }
}

impl ShopConfig {
    /// The diagnosis thresholds.
    pub fn diagnose(&self) -> DiagnoseConfig {
        DiagnoseConfig {
            delivery_grace_minutes: self.delivery_grace_minutes.max(1),
            manual_delivery_minutes: self.manual_delivery_minutes.max(1),
            unpaid_expiry_minutes: self.unpaid_expiry_minutes.max(1),
        }
    }
}

fn shown(secret: &Option<String>) -> &'static str {
    match secret.as_deref().map(str::trim) {
        None | Some("") => "unset",
        Some(_) => "set",
    }
}

impl std::fmt::Debug for ShopConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopConfig")
            .field("webhook_secret", &shown(&self.webhook_secret))
            .field("api_key", &shown(&self.api_key))
            .field("card_key", &shown(&self.card_key))
            .field("card_key_file", &self.card_key_file)
            .field("agents_can_reveal", &self.agents_can_reveal)
            .field("builtin", &self.builtin)
            .field("delivery_grace_minutes", &self.delivery_grace_minutes)
            .field("sources", &self.sources)
            .finish_non_exhaustive()
    }
}

/// One `[[shop.sources]]` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceConfig {
    /// dujiaoka's MySQL database.
    Dujiaoka(MysqlSourceConfig),
    /// acg-faka's MySQL database.
    AcgFaka(MysqlSourceConfig),
    /// A shop's HTTP API.
    Http(Box<HttpSourceConfig>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_whether_secrets_are_set_never_their_value() {
        let config = ShopConfig {
            webhook_secret: Some("whsec_hunter2".into()),
            api_key: Some("key_hunter2".into()),
            card_key: Some("ab".repeat(32)),
            sources: vec![SourceConfig::Dujiaoka(MysqlSourceConfig {
                name: None,
                url: "mysql://reader:hunter2@db/dujiaoka".into(),
                prefix: None,
                time_zone: None,
                currency: None,
                max_connections: None,
            })],
            ..ShopConfig::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("abab"), "{shown}");
        assert!(shown.contains("\"set\""), "{shown}");
    }

    #[test]
    fn sources_are_tagged_by_kind() {
        let config: ShopConfig = serde_json::from_value(serde_json::json!({
            "sources": [
                {"kind": "dujiaoka", "url": "mysql://u@h/d"},
                {"kind": "acg_faka", "url": "mysql://u@h/a", "prefix": "shop_"},
                {"kind": "http", "order_url": "https://s/o/{order_no}"}
            ]
        }))
        .expect("parses");
        assert!(matches!(config.sources[0], SourceConfig::Dujiaoka(_)));
        assert!(
            matches!(&config.sources[1], SourceConfig::AcgFaka(c) if c.prefix.as_deref() == Some("shop_"))
        );
        assert!(matches!(config.sources[2], SourceConfig::Http(_)));
        assert!(config.builtin, "built-in source on by default");
    }
}
