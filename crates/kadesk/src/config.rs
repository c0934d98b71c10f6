//! The one typed configuration: defaults in code, then `kadesk.toml` (or the
//! file given with `--config`), then `KADESK_SECTION__KEY` environment
//! variables, then command-line flags. `kadesk.example.toml` documents it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Every setting of a kadesk server.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub server: ServerSection,
    pub database: DatabaseSection,
    pub log: LogSection,
    /// Orders and card keys: secrets, card-key encryption, shop sources.
    pub shop: kadesk_shop::ShopConfig,
    /// The bot: on or off, and its handoff policy (`[bot]`).
    pub bot: kadesk_bot::BotConfig,
    /// When agents work (`[desk]`).
    pub desk: DeskSection,
    /// The screenshot reader (`[vision]`).
    pub vision: VisionSection,
    /// The buyer widget (`[widget]`).
    pub widget: WidgetSection,
    /// Assigning waiting conversations to agents (`[routing]`).
    pub routing: RoutingSection,
    /// The optional language model (`[llm]`, off by default).
    pub llm: kadesk_desk::llm::LlmSettings,
    /// Messaging platforms buyers write from (`[channels.telegram]`…).
    pub channels: kadesk_channels::ChannelsConfig,
}

/// Routing: whether waiting conversations are assigned to free agents, when
/// an idle agent counts as away, and the wait shown to buyers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingSection {
    /// Assign waiting conversations to free agents and show buyers their
    /// place in the queue (the default); off: agents claim by hand and
    /// buyers see no place.
    pub enabled: bool,
    /// Minutes without console activity before an online agent counts as
    /// away; 0: never.
    pub auto_away_minutes: u64,
    /// Expected seconds per place in line while a team resolved nothing in
    /// the last hour.
    pub fallback_wait_secs: u32,
    /// Response-time promises (`[routing.sla]`).
    pub sla: SlaSection,
}

/// Response-time promises per priority, in minutes of business hours
/// (`[routing.sla]`); 0: no promise at that priority.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaSection {
    /// Show due times and escalate missed ones (raise the priority, put a
    /// conversation whose agent is away back in the queue, alert
    /// supervisors).
    pub enabled: bool,
    /// From the start of the wait to a person's first answer.
    pub first_response_minutes: PriorityMinutes,
    /// From the start of the wait to resolved.
    pub resolution_minutes: PriorityMinutes,
}

/// Minutes per priority.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityMinutes {
    pub normal: u32,
    pub high: u32,
    pub urgent: u32,
}

impl PriorityMinutes {
    fn from_secs(p: kadesk_desk::sla::PerPriority) -> PriorityMinutes {
        PriorityMinutes {
            normal: p.normal / 60,
            high: p.high / 60,
            urgent: p.urgent / 60,
        }
    }

    fn secs(self) -> kadesk_desk::sla::PerPriority {
        kadesk_desk::sla::PerPriority {
            normal: self.normal.saturating_mul(60),
            high: self.high.saturating_mul(60),
            urgent: self.urgent.saturating_mul(60),
        }
    }

    fn text(self) -> String {
        format!(
            "normal {} / high {} / urgent {} min",
            self.normal, self.high, self.urgent
        )
    }
}

impl Default for SlaSection {
    fn default() -> Self {
        let d = kadesk_desk::sla::SlaSettings::default();
        SlaSection {
            enabled: d.enabled,
            first_response_minutes: PriorityMinutes::from_secs(d.first_response),
            resolution_minutes: PriorityMinutes::from_secs(d.resolution),
        }
    }
}

impl Default for RoutingSection {
    fn default() -> Self {
        RoutingSection {
            enabled: true,
            auto_away_minutes: 15,
            fallback_wait_secs: 120,
            sla: SlaSection::default(),
        }
    }
}

impl RoutingSection {
    /// The desk's routing settings.
    pub fn settings(&self) -> kadesk_desk::routing::RoutingSettings {
        kadesk_desk::routing::RoutingSettings {
            enabled: self.enabled,
            auto_away_after: (self.auto_away_minutes > 0)
                .then(|| std::time::Duration::from_secs(self.auto_away_minutes * 60)),
            fallback_wait_secs: self.fallback_wait_secs,
            sla: kadesk_desk::sla::SlaSettings {
                enabled: self.sla.enabled,
                first_response: self.sla.first_response_minutes.secs(),
                resolution: self.sla.resolution_minutes.secs(),
            },
            ..Default::default()
        }
    }
}

/// The buyer widget: how many new sessions one address may open (each
/// makes a contact; a buyer who comes back with their token is not counted).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WidgetSection {
    /// New sessions one address may open at once…
    pub sessions_burst: u32,
    /// …and per minute after that.
    pub sessions_per_minute: u32,
}

impl Default for WidgetSection {
    fn default() -> Self {
        WidgetSection {
            sessions_burst: kadesk_server::limits::SESSION_BURST,
            sessions_per_minute: kadesk_server::limits::SESSIONS_PER_MINUTE,
        }
    }
}

/// The screenshot reader: OCR models and its bounded worker pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisionSection {
    /// Read uploaded screenshots (needs the OCR models).
    pub enabled: bool,
    /// Folder with the PP-OCR models; empty means `models` in the data folder.
    pub models_dir: Option<PathBuf>,
    /// Worker threads, each reading one picture at a time (1–16).
    pub workers: usize,
    /// Pictures that may wait for a worker; beyond that uploads get `busy` (0–1000).
    pub queue: usize,
}

impl Default for VisionSection {
    fn default() -> Self {
        VisionSection {
            enabled: true,
            models_dir: None,
            workers: 1,
            queue: 8,
        }
    }
}

/// The desk's working hours.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskSection {
    /// Daily hours agents work, e.g. `09:00-24:00` (may cross midnight,
    /// `21:00-02:00`); empty means always.
    pub hours: Option<String>,
    /// The shop's time zone as an offset from UTC.
    pub utc_offset: String,
}

impl Default for DeskSection {
    fn default() -> Self {
        DeskSection {
            hours: None,
            utc_offset: "+08:00".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerSection {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Folder for the SQLite database, uploaded files and generated keys.
    pub data_dir: PathBuf,
    /// The URL people reach the server at, e.g. `https://desk.example.com`.
    pub public_url: Option<String>,
    /// Reverse proxies (addresses or CIDR blocks) whose `X-Forwarded-For`
    /// names the client; empty: the connecting address is the client.
    pub trusted_proxies: Vec<String>,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            public_url: None,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseSection {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`; empty means
    /// `kadesk.db` in the data folder.
    pub url: Option<String>,
}

impl std::fmt::Debug for DatabaseSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseSection")
            .field("url", &self.url.as_deref().map(kadesk_store::redact_url))
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LogSection {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter, e.g. `info` or `kadesk_server=debug,info`.
    pub level: String,
}

impl Default for LogSection {
    fn default() -> Self {
        LogSection {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

impl Config {
    /// Reads the configuration: defaults, then the file, then the environment.
    /// A missing default file is fine; a missing file named explicitly is not.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                anyhow::bail!("config file {} does not exist", path.display())
            }
            Some(path) => figment = figment.merge(Toml::file(path)),
            None => figment = figment.merge(Toml::file("kadesk.toml")),
        }
        let config: Config = figment
            .merge(
                Env::prefixed("KADESK_")
                    .filter(|key| {
                        let key = key.as_str().to_ascii_lowercase();
                        [
                            "server__",
                            "database__",
                            "log__",
                            "shop__",
                            "bot__",
                            "desk__",
                            "vision__",
                            "widget__",
                            "routing__",
                            "channels__",
                            "llm__",
                        ]
                        .iter()
                        .any(|p| key.starts_with(p))
                    })
                    .split("__"),
            )
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        config
            .bot
            .validate()
            .map_err(|e| anyhow::anyhow!("invalid configuration: [bot] {e}"))?;
        if !(1..=16).contains(&config.vision.workers) || config.vision.queue > 1000 {
            anyhow::bail!(
                "invalid configuration: [vision] workers must be 1 to 16 (got {}) and queue 0 to 1000 (got {})",
                config.vision.workers,
                config.vision.queue
            );
        }
        if let Some(telegram) = &config.channels.telegram {
            telegram
                .validate()
                .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        }
        if let Some(whatsapp) = &config.channels.whatsapp {
            whatsapp
                .validate()
                .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        }
        if config.session_limit().is_none() {
            anyhow::bail!(
                "invalid configuration: [widget] sessions_burst and sessions_per_minute must be at least 1 (got {} and {})",
                config.widget.sessions_burst,
                config.widget.sessions_per_minute
            );
        }
        Ok(config)
    }

    /// New widget sessions per address; `None` when a number is 0.
    pub fn session_limit(&self) -> Option<kadesk_server::limits::SessionLimit> {
        kadesk_server::limits::SessionLimit::per_minute(
            self.widget.sessions_burst,
            self.widget.sessions_per_minute,
        )
    }

    /// The desk's business hours, checked; `None` when agents always work.
    pub fn business_hours(&self) -> anyhow::Result<Option<kadesk_desk::hours::BusinessHours>> {
        match self.desk.hours.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(hours) => kadesk_desk::hours::BusinessHours::parse(hours, &self.desk.utc_offset)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("invalid configuration [desk]: {e}")),
        }
    }

    /// The screenshot reader's settings, with the models folder resolved.
    pub fn vision(&self) -> kadesk_desk::vision::VisionSettings {
        kadesk_desk::vision::VisionSettings {
            enabled: self.vision.enabled,
            models_dir: match &self.vision.models_dir {
                Some(dir) if !dir.as_os_str().is_empty() => dir.clone(),
                _ => self.server.data_dir.join("models"),
            },
            workers: self.vision.workers,
            queue: self.vision.queue,
        }
    }

    /// The database URL, defaulting to SQLite in the data folder.
    /// `[server] trusted_proxies` parsed; a bad entry is named.
    pub fn trusted_proxies(&self) -> anyhow::Result<Vec<ipnet::IpNet>> {
        self.server
            .trusted_proxies
            .iter()
            .map(|entry| {
                let entry = entry.trim();
                entry
                    .parse::<ipnet::IpNet>()
                    .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "[server] trusted_proxies: {entry:?} is neither an address nor a CIDR block \
                             (e.g. \"127.0.0.1\" or \"10.0.0.0/8\")"
                        )
                    })
            })
            .collect()
    }
    /// The settings only this file (or the environment) sets, for the
    /// console's general settings page to show read-only. Never a secret:
    /// no token, key, password or database URL (only which database).
    pub fn file_settings(&self) -> Vec<kadesk_server::api::settings::FileSetting> {
        use kadesk_shop::SourceConfig;
        let on = |b: bool| String::from(if b { "true" } else { "false" });
        let postgres = self.database_url().starts_with("postgres");
        let sources: Vec<&str> = self
            .shop
            .sources
            .iter()
            .map(|s| match s {
                SourceConfig::Dujiaoka(_) => "dujiaoka",
                SourceConfig::AcgFaka(_) => "acg_faka",
                SourceConfig::Http(_) => "http",
            })
            .collect();
        [
            ("server.listen", self.server.listen.to_string()),
            (
                "server.public_url",
                self.server.public_url.clone().unwrap_or_default(),
            ),
            (
                "server.data_dir",
                self.server.data_dir.display().to_string(),
            ),
            (
                "server.trusted_proxies",
                self.server.trusted_proxies.join(", "),
            ),
            (
                "database",
                if postgres { "PostgreSQL" } else { "SQLite" }.to_owned(),
            ),
            ("log.level", self.log.level.clone()),
            ("log.format", self.log.format.clone()),
            ("shop.builtin", on(self.shop.builtin)),
            ("shop.sources", sources.join(", ")),
            ("shop.agents_can_reveal", on(self.shop.agents_can_reveal)),
            (
                "shop.delivery_grace_minutes",
                self.shop.delivery_grace_minutes.to_string(),
            ),
            (
                "shop.manual_delivery_minutes",
                self.shop.manual_delivery_minutes.to_string(),
            ),
            (
                "shop.unpaid_expiry_minutes",
                self.shop.unpaid_expiry_minutes.to_string(),
            ),
            ("vision.enabled", on(self.vision.enabled)),
            ("vision.workers", self.vision.workers.to_string()),
            ("vision.queue", self.vision.queue.to_string()),
            (
                "widget.sessions_burst",
                self.widget.sessions_burst.to_string(),
            ),
            (
                "widget.sessions_per_minute",
                self.widget.sessions_per_minute.to_string(),
            ),
            ("routing.enabled", on(self.routing.enabled)),
            (
                "routing.auto_away_minutes",
                self.routing.auto_away_minutes.to_string(),
            ),
            ("routing.sla.enabled", on(self.routing.sla.enabled)),
            (
                "routing.sla.first_response_minutes",
                self.routing.sla.first_response_minutes.text(),
            ),
            (
                "routing.sla.resolution_minutes",
                self.routing.sla.resolution_minutes.text(),
            ),
        ]
        .into_iter()
        .map(|(key, value)| kadesk_server::api::settings::FileSetting {
            key: key.to_owned(),
            value,
        })
        .collect()
    }

    pub fn database_url(&self) -> String {
        match self.database.url.as_deref() {
            Some(url) if !url.trim().is_empty() => url.to_owned(),
            _ => format!(
                "sqlite://{}",
                self.server.data_dir.join("kadesk.db").display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn channels_come_from_the_file_and_the_environment_and_hide_secrets() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(config.channels.telegram.is_none(), "off unless configured");
            jail.create_file(
                "kadesk.toml",
                "[channels.telegram]\ntoken = \"123:abc\"\nsecret_token = \"s3cret_-x\"\n",
            )?;
            jail.set_env("KADESK_CHANNELS__TELEGRAM__MODE", "polling");
            jail.set_env(
                "KADESK_CHANNELS__TELEGRAM__API_BASE",
                "http://127.0.0.1:9/tg",
            );
            let config = Config::load(None).map_err(|e| e.to_string())?;
            let telegram = config
                .channels
                .telegram
                .clone()
                .ok_or("telegram configured")?;
            assert_eq!(telegram.token, "123:abc");
            assert_eq!(telegram.mode, kadesk_channels::TelegramMode::Polling);
            assert_eq!(telegram.api_base, "http://127.0.0.1:9/tg");
            let shown = format!("{config:?}");
            assert!(
                !shown.contains("123:abc") && !shown.contains("s3cret"),
                "{shown}"
            );
            jail.set_env("KADESK_CHANNELS__TELEGRAM__MODE", "webhook");
            jail.set_env(
                "KADESK_CHANNELS__TELEGRAM__SECRET_TOKEN",
                "no spaces allowed",
            );
            let err = Config::load(None).err().ok_or("a bad secret is refused")?;
            assert!(
                err.to_string().contains("channels.telegram.secret_token"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn whatsapp_comes_from_the_environment_is_checked_and_hides_secrets() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("KADESK_CHANNELS__WHATSAPP__ACCESS_TOKEN", "EAAGtok3n");
            jail.set_env("KADESK_CHANNELS__WHATSAPP__APP_SECRET", "appsecr3t");
            jail.set_env("KADESK_CHANNELS__WHATSAPP__VERIFY_TOKEN", "verif1");
            // All digits: the variable's value arrives as a number.
            jail.set_env(
                "KADESK_CHANNELS__WHATSAPP__PHONE_NUMBER_ID",
                "106540352242922",
            );
            let config = Config::load(None).map_err(|e| e.to_string())?;
            let whatsapp = config.channels.whatsapp.clone().ok_or("configured")?;
            assert_eq!(whatsapp.phone_number_id, "106540352242922");
            assert_eq!(whatsapp.api_base, "https://graph.facebook.com");
            let shown = format!("{config:?}");
            for secret in ["EAAGtok3n", "appsecr3t", "verif1"] {
                assert!(!shown.contains(secret), "{shown}");
            }
            jail.set_env("KADESK_CHANNELS__WHATSAPP__PHONE_NUMBER_ID", "+86 138");
            let err = Config::load(None)
                .err()
                .ok_or("a bad number id is refused")?;
            assert!(
                err.to_string()
                    .contains("channels.whatsapp.phone_number_id"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_folder() {
        let config = Config::default();
        assert_eq!(config.database_url(), "sqlite://./data/kadesk.db");
        assert_eq!(config.server.listen.port(), 8080);
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn file_then_environment_override_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "kadesk.toml",
                "[server]\nlisten = \"0.0.0.0:9000\"\n[database]\nurl = \"postgres://u:pw@h/db\"\n",
            )?;
            jail.set_env("KADESK_SERVER__LISTEN", "127.0.0.1:9100");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.server.listen.port(), 9100);
            assert_eq!(config.database_url(), "postgres://u:pw@h/db");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn widget_session_limit_defaults_and_refuses_zero() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                config.session_limit(),
                Some(kadesk_server::limits::SessionLimit::default())
            );
            jail.set_env("KADESK_WIDGET__SESSIONS_BURST", "500");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.widget.sessions_burst, 500);
            jail.create_file("kadesk.toml", "[widget]\nsessions_per_minute = 0\n")?;
            let err = Config::load(None).expect_err("no refill");
            assert!(err.to_string().contains("[widget]"), "{err}");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn vision_section_defaults_to_the_data_folder_and_checks_the_pool_size() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            let vision = config.vision();
            assert!(vision.enabled);
            assert_eq!(vision.models_dir, PathBuf::from("./data/models"));
            assert_eq!((vision.workers, vision.queue), (1, 8));
            jail.set_env("KADESK_VISION__QUEUE", "2");
            jail.create_file(
                "kadesk.toml",
                "[vision]\nworkers = 2\nmodels_dir = \"/srv/models\"\n",
            )?;
            let config = Config::load(None).map_err(|e| e.to_string())?;
            let vision = config.vision();
            assert_eq!((vision.workers, vision.queue), (2, 2));
            assert_eq!(vision.models_dir, PathBuf::from("/srv/models"));
            jail.create_file("kadesk.toml", "[vision]\nworkers = 0\n")?;
            let err = Config::load(None).expect_err("no workers");
            assert!(err.to_string().contains("[vision] workers"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let section = DatabaseSection {
            url: Some("postgres://kadesk:hunter2@db/kadesk".into()),
        };
        let shown = format!("{section:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn shop_section_reads_sources_and_secrets_from_file_and_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "kadesk.toml",
                "[shop]\nagents_can_reveal = true\ndelivery_grace_minutes = 15\n\
                 [[shop.sources]]\nkind = \"dujiaoka\"\nurl = \"mysql://reader:pw@db/dujiaoka\"\n\
                 [[shop.sources]]\nkind = \"acg_faka\"\nurl = \"mysql://reader:pw@db/acg\"\nprefix = \"shop_\"\n",
            )?;
            jail.set_env("KADESK_SHOP__WEBHOOK_SECRET", "whsec_from_env");
            jail.set_env("KADESK_SHOP__API_KEY", "key_from_env");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                config.shop.webhook_secret.as_deref(),
                Some("whsec_from_env")
            );
            assert_eq!(config.shop.api_key.as_deref(), Some("key_from_env"));
            assert!(config.shop.agents_can_reveal);
            assert_eq!(config.shop.delivery_grace_minutes, 15);
            assert_eq!(config.shop.sources.len(), 2);
            let shown = format!("{config:?}");
            assert!(
                !shown.contains("whsec_from_env") && !shown.contains(":pw@"),
                "{shown}"
            );
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn bot_section_is_read_checked_and_overridable_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(config.bot.enabled, "the bot is on by default");
            jail.create_file("kadesk.toml", "[bot]\nnegative_streak = 3\n")?;
            jail.set_env("KADESK_BOT__ENABLED", "false");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(!config.bot.enabled);
            assert_eq!(config.bot.negative_streak, 3);
            jail.create_file("kadesk.toml", "[bot]\nlow_confidence = 2.0\n")?;
            let err = Config::load(None).expect_err("out of range");
            assert!(err.to_string().contains("low_confidence"), "{err}");
            jail.create_file("kadesk.toml", "[bot]\nhuman_requets = true\n")?;
            let err = Config::load(None).expect_err("typo");
            assert!(err.to_string().contains("human_requets"), "{err}");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn routing_is_on_by_default_and_switched_off_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(config.routing.settings().enabled);
            jail.set_env("KADESK_ROUTING__ENABLED", "false");
            jail.set_env("KADESK_ROUTING__AUTO_AWAY_MINUTES", "0");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(!config.routing.settings().enabled);
            assert_eq!(config.routing.settings().auto_away_after, None);
            assert_eq!(config.routing.settings().sla.first_response.urgent, 120);
            jail.set_env("KADESK_ROUTING__SLA__FIRST_RESPONSE_MINUTES__URGENT", "3");
            jail.set_env("KADESK_ROUTING__SLA__ENABLED", "false");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            let sla = config.routing.settings().sla;
            assert_eq!(sla.first_response.urgent, 180);
            assert_eq!(sla.first_response.normal, 15 * 60, "the rest stay");
            assert!(!sla.enabled);
            Ok(())
        });
    }

    #[test]
    fn a_named_config_file_must_exist() {
        let err = Config::load(Some(Path::new("/nonexistent/kadesk.toml"))).expect_err("missing");
        assert!(err.to_string().contains("does not exist"));
    }
}

#[cfg(test)]
mod desk_tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is figment's choice
    fn business_hours_come_from_the_desk_section_or_the_environment() {
        figment::Jail::expect_with(|jail| {
            assert!(Config::load(None)
                .map_err(|e| e.to_string())?
                .business_hours()
                .map_err(|e| e.to_string())?
                .is_none());
            jail.create_file("kadesk.toml", "[desk]\nhours = \"09:00-24:00\"\n")?;
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert!(config
                .business_hours()
                .map_err(|e| e.to_string())?
                .is_some());
            jail.set_env("KADESK_DESK__HOURS", "nine to five");
            let err = Config::load(None)
                .map_err(|e| e.to_string())?
                .business_hours()
                .expect_err("bad hours");
            assert!(err.to_string().contains("[desk]"), "{err}");
            Ok(())
        });
    }
}
