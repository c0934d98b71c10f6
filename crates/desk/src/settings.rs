//! Settings an admin changes from the console while kadesk runs, stored in
//! the `settings` table and winning over `kadesk.toml` from then on, across
//! restarts:
//!
//! - [`GeneralSettings`] (key `general`): the desk's business hours and the
//!   shop's time zone. Bot turns and reports read them through
//!   [`crate::Desk::hours_now`].
//! - [`WidgetSettings`] (key `widget`): the buyer widget's look and place
//!   and the shop's privacy link, served to every widget when it loads, so a
//!   change shows on the shop's pages without editing the embed line.
//! - [`CaseSettings`] (key `cases`): whether an agent must confirm a problem
//!   tag before resolving ([`crate::lifecycle::resolve`] reads it).
//!
//! Everything else stays in `kadesk.toml` (it needs a restart). Nothing here
//! is secret. Each type validates itself and names the bad field
//! ([`SettingsError::field`]) so the console can put the message under it.

use std::sync::{Arc, RwLock};

use kadesk_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::hours::BusinessHours;

/// The settings-table key of [`GeneralSettings`].
pub const GENERAL_KEY: &str = "general";
/// The settings-table key of [`WidgetSettings`].
pub const WIDGET_KEY: &str = "widget";
/// The settings-table key of [`CaseSettings`].
pub const CASES_KEY: &str = "cases";

/// How the learning desk asks agents for problem tags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseSettings {
    /// A conversation is resolved only once an agent confirmed at least one
    /// problem tag on it (off by default).
    #[serde(default)]
    pub tags_required: bool,
}

/// A setting that does not validate: which field and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SettingsError {
    /// The field's name as in the JSON, e.g. `privacy_url`.
    pub field: &'static str,
    /// What is wrong and what a good value looks like.
    pub message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        field,
        message: message.into(),
    }
}

/// The desk's settings that are safe to change at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneralSettings {
    /// When agents work, `HH:MM-HH:MM` in the shop's time zone (may cross
    /// midnight, `21:00-02:00`); empty: always. Outside them the bot takes a
    /// message and tells the buyer when agents are back.
    #[serde(default)]
    #[schema(
        max_length = 11,
        pattern = "^(|[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])$"
    )]
    pub hours: String,
    /// The shop's offset from UTC, `+08:00` or `-05:00`.
    #[schema(max_length = 6, pattern = "^[+-][01][0-9]:[0-5][0-9]$")]
    pub utc_offset: String,
}

impl GeneralSettings {
    /// The settings `hours` stand for (`None`: always open).
    pub fn from_hours(hours: Option<&BusinessHours>) -> GeneralSettings {
        GeneralSettings {
            hours: hours.map(BusinessHours::hours_text).unwrap_or_default(),
            utc_offset: hours
                .map(BusinessHours::utc_offset_text)
                .unwrap_or_else(|| "+08:00".into()),
        }
    }

    /// Checks every field; the business hours they describe.
    pub fn validate(&self) -> Result<Option<BusinessHours>, SettingsError> {
        let offset = self.utc_offset.trim();
        // A valid offset alone: parse it with any hours.
        BusinessHours::parse("00:00-24:00", offset).map_err(|_| {
            bad(
                "utc_offset",
                format!(
                    "{:?} is not a UTC offset; write it like +08:00 or -05:00",
                    self.utc_offset
                ),
            )
        })?;
        let hours = self.hours.trim();
        if hours.is_empty() {
            return Ok(None);
        }
        BusinessHours::parse(hours, offset).map(Some).map_err(|_| {
            bad(
                "hours",
                format!(
                    "{:?} is not a time range; write it like 09:00-24:00 (or leave it empty for always)",
                    self.hours
                ),
            )
        })
    }
}

/// Which side of the page the widget's button sits on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WidgetPosition {
    /// Bottom right.
    #[default]
    Right,
    /// Bottom left.
    Left,
}

/// The widget's language when the shop fixes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum WidgetLang {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// The buyer widget's look and place, as the console's widget page sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WidgetSettings {
    /// The widget's colour, `#rrggbb`; `null`: kadesk blue.
    #[serde(default)]
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    pub color: Option<String>,
    /// The button's side.
    #[serde(default)]
    pub position: WidgetPosition,
    /// The chat window's title (1–40 characters); `null`: "在线客服" /
    /// "Customer service".
    #[serde(default)]
    #[schema(max_length = 40)]
    pub title: Option<String>,
    /// The widget's language; `null`: the buyer's browser decides.
    #[serde(default)]
    pub lang: Option<WidgetLang>,
    /// The button's distance from the bottom edge in px (0–400); `null`:
    /// the default (higher on phones, clear of a shop's buy bar).
    #[serde(default)]
    #[schema(maximum = 400)]
    pub offset_bottom: Option<u16>,
    /// The button's distance from the side edge in px (0–400).
    #[serde(default)]
    #[schema(maximum = 400)]
    pub offset_side: Option<u16>,
    /// The shop's privacy policy (an `http://` or `https://` URL, at most
    /// 500 characters), linked at the bottom of the chat window.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub privacy_url: Option<String>,
}

/// Largest offset from an edge, in px.
pub const MAX_OFFSET: u16 = 400;
/// Longest widget title, in characters.
pub const MAX_TITLE: usize = 40;
/// Longest privacy link, in characters.
pub const MAX_URL: usize = 500;

impl WidgetSettings {
    /// The same settings with blank strings as `null` and text trimmed.
    pub fn normalized(mut self) -> WidgetSettings {
        let clean = |v: Option<String>| {
            v.map(|s| s.trim().to_owned())
                .filter(|s: &String| !s.is_empty())
        };
        self.color = clean(self.color).map(|c| c.to_ascii_lowercase());
        self.title = clean(self.title);
        self.privacy_url = clean(self.privacy_url);
        self
    }

    /// Checks every field (of normalized settings).
    pub fn validate(&self) -> Result<(), SettingsError> {
        if let Some(color) = &self.color {
            let hex = color.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(bad(
                    "color",
                    format!("{color:?} is not a colour; write it like #1677ff"),
                ));
            }
        }
        if let Some(title) = &self.title {
            let n = title.chars().count();
            if n > MAX_TITLE {
                return Err(bad(
                    "title",
                    format!("the title has {n} characters; at most {MAX_TITLE}"),
                ));
            }
            if title.chars().any(char::is_control) {
                return Err(bad("title", "the title may not hold control characters"));
            }
        }
        for (field, v) in [
            ("offset_bottom", self.offset_bottom),
            ("offset_side", self.offset_side),
        ] {
            if v.is_some_and(|v| v > MAX_OFFSET) {
                return Err(bad(
                    field,
                    format!(
                        "{} px is too far from the edge; use 0 to {MAX_OFFSET}",
                        v.unwrap_or(0)
                    ),
                ));
            }
        }
        if let Some(url) = &self.privacy_url {
            let n = url.chars().count();
            if n > MAX_URL {
                return Err(bad(
                    "privacy_url",
                    format!("the link has {n} characters; at most {MAX_URL}"),
                ));
            }
            let lower = url.to_ascii_lowercase();
            let rest = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            let host_ok = rest.is_some_and(|r| {
                let host = r.split(['/', '?', '#']).next().unwrap_or("");
                !host.is_empty()
            });
            if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(bad(
                    "privacy_url",
                    format!("{url:?} is not a web link; it must start with http:// or https:// and have no spaces"),
                ));
            }
        }
        Ok(())
    }
}

/// The general settings an admin saved, with the hours they describe.
#[derive(Debug, Clone)]
struct SavedGeneral {
    settings: GeneralSettings,
    hours: Option<BusinessHours>,
}

/// The run-time settings now; cheap snapshots for readers.
#[derive(Debug, Default)]
pub struct LiveSettings {
    /// What an admin saved (`None`: `kadesk.toml` applies).
    general: RwLock<Option<Arc<SavedGeneral>>>,
    /// The widget's settings (defaults until an admin saves some).
    widget: RwLock<Arc<WidgetSettings>>,
    /// The case settings (defaults until an admin saves some).
    cases: RwLock<CaseSettings>,
}

impl LiveSettings {
    /// The saved general settings, if any.
    pub fn general(&self) -> Option<GeneralSettings> {
        self.read_general().map(|g| g.settings.clone())
    }

    /// The business hours saved at run time: `None` when nothing was saved,
    /// `Some(None)` for "always open".
    pub fn hours(&self) -> Option<Option<BusinessHours>> {
        self.read_general().map(|g| g.hours)
    }

    fn read_general(&self) -> Option<Arc<SavedGeneral>> {
        self.general
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The widget's settings now.
    pub fn widget(&self) -> Arc<WidgetSettings> {
        self.widget
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The case settings now.
    pub fn cases(&self) -> CaseSettings {
        *self.cases.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores and applies new case settings.
    pub async fn save_cases(
        &self,
        store: &Store,
        settings: CaseSettings,
    ) -> Result<CaseSettings, SaveError> {
        let json = serde_json::to_string(&settings).map_err(SaveError::Encode)?;
        store.set_setting(CASES_KEY, &json).await?;
        *self.cases.write().unwrap_or_else(|p| p.into_inner()) = settings;
        Ok(settings)
    }

    fn put_general(&self, saved: Option<SavedGeneral>) {
        *self.general.write().unwrap_or_else(|p| p.into_inner()) = saved.map(Arc::new);
    }

    fn put_widget(&self, widget: WidgetSettings) {
        *self.widget.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(widget);
    }

    /// Validates, stores and applies new general settings.
    pub async fn save_general(
        &self,
        store: &Store,
        settings: GeneralSettings,
    ) -> Result<GeneralSettings, SaveError> {
        let settings = GeneralSettings {
            hours: settings.hours.trim().to_owned(),
            utc_offset: settings.utc_offset.trim().to_owned(),
        };
        let hours = settings.validate()?;
        let json = serde_json::to_string(&settings).map_err(SaveError::Encode)?;
        store.set_setting(GENERAL_KEY, &json).await?;
        self.put_general(Some(SavedGeneral {
            settings: settings.clone(),
            hours,
        }));
        Ok(settings)
    }

    /// Forgets the saved general settings: `kadesk.toml` applies again.
    pub async fn restore_general(&self, store: &Store) -> Result<(), SaveError> {
        store.delete_setting(GENERAL_KEY).await?;
        self.put_general(None);
        Ok(())
    }

    /// Validates, stores and applies new widget settings.
    pub async fn save_widget(
        &self,
        store: &Store,
        settings: WidgetSettings,
    ) -> Result<WidgetSettings, SaveError> {
        let settings = settings.normalized();
        settings.validate()?;
        let json = serde_json::to_string(&settings).map_err(SaveError::Encode)?;
        store.set_setting(WIDGET_KEY, &json).await?;
        self.put_widget(settings.clone());
        Ok(settings)
    }

    /// Applies what an admin saved before, over `kadesk.toml`. A stored
    /// value that no longer loads is ignored with a warning.
    pub async fn load(&self, store: &Store) -> kadesk_store::Result<()> {
        if let Some(json) = store.setting(GENERAL_KEY).await? {
            match serde_json::from_str::<GeneralSettings>(&json)
                .map_err(|e| e.to_string())
                .and_then(|s| s.validate().map(|h| (s, h)).map_err(|e| e.to_string()))
            {
                Ok((settings, hours)) => self.put_general(Some(SavedGeneral { settings, hours })),
                Err(e) => {
                    tracing::warn!(error = %e, "stored general settings ignored; kadesk.toml applies")
                }
            }
        }
        if let Some(json) = store.setting(WIDGET_KEY).await? {
            match serde_json::from_str::<WidgetSettings>(&json)
                .map_err(|e| e.to_string())
                .and_then(|s| {
                    let s = s.normalized();
                    s.validate().map(|()| s).map_err(|e| e.to_string())
                }) {
                Ok(settings) => self.put_widget(settings),
                Err(e) => {
                    tracing::warn!(error = %e, "stored widget settings ignored; defaults apply")
                }
            }
        }
        if let Some(json) = store.setting(CASES_KEY).await? {
            match serde_json::from_str::<CaseSettings>(&json) {
                Ok(settings) => *self.cases.write().unwrap_or_else(|p| p.into_inner()) = settings,
                Err(e) => {
                    tracing::warn!(error = %e, "stored case settings ignored; defaults apply")
                }
            }
        }
        Ok(())
    }
}

/// Why settings were not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A field does not validate.
    #[error(transparent)]
    Invalid(#[from] SettingsError),
    /// The database refused.
    #[error(transparent)]
    Store(#[from] kadesk_store::StoreError),
    /// The settings did not encode (never expected).
    #[error("settings did not encode: {0}")]
    Encode(serde_json::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change to the default widget settings.
    type Change = fn(&mut WidgetSettings);

    fn widget(f: impl FnOnce(&mut WidgetSettings)) -> Result<(), SettingsError> {
        let mut w = WidgetSettings::default();
        f(&mut w);
        w.normalized().validate()
    }

    #[test]
    fn widget_fields_are_checked_and_named() {
        let cases: &[(&str, Change, Option<&str>)] = &[
            ("default", |_| {}, None),
            ("hex colour", |w| w.color = Some("#1A2b3C".into()), None),
            (
                "colour name",
                |w| w.color = Some("red".into()),
                Some("color"),
            ),
            (
                "short hex",
                |w| w.color = Some("#fff".into()),
                Some("color"),
            ),
            (
                "css injection",
                |w| w.color = Some("#000000;x".into()),
                Some("color"),
            ),
            ("blank title is none", |w| w.title = Some("  ".into()), None),
            (
                "long title",
                |w| w.title = Some("客".repeat(41)),
                Some("title"),
            ),
            ("40-char title", |w| w.title = Some("客".repeat(40)), None),
            ("offset 400", |w| w.offset_bottom = Some(400), None),
            (
                "offset 401",
                |w| w.offset_side = Some(401),
                Some("offset_side"),
            ),
            (
                "https link",
                |w| w.privacy_url = Some("https://shop.example.com/privacy".into()),
                None,
            ),
            (
                "http link",
                |w| w.privacy_url = Some("HTTP://shop.example.com".into()),
                None,
            ),
            (
                "javascript link",
                |w| w.privacy_url = Some("javascript:alert(1)".into()),
                Some("privacy_url"),
            ),
            (
                "no host",
                |w| w.privacy_url = Some("https:///x".into()),
                Some("privacy_url"),
            ),
            (
                "space",
                |w| w.privacy_url = Some("https://a b".into()),
                Some("privacy_url"),
            ),
            (
                "long link",
                |w| w.privacy_url = Some(format!("https://a.cn/{}", "x".repeat(500))),
                Some("privacy_url"),
            ),
        ];
        for (name, set, field) in cases {
            let got = widget(set).err().map(|e| e.field);
            assert_eq!(got, *field, "{name}");
        }
    }

    #[test]
    fn general_hours_and_offset_are_checked_and_named() {
        let g = |hours: &str, off: &str| {
            GeneralSettings {
                hours: hours.into(),
                utc_offset: off.into(),
            }
            .validate()
            .map(|h| h.is_some())
            .map_err(|e| e.field)
        };
        assert_eq!(g("", "+08:00"), Ok(false));
        assert_eq!(g("09:00-24:00", "+08:00"), Ok(true));
        assert_eq!(g("21:00-02:00", "-05:00"), Ok(true));
        assert_eq!(g("9-5", "+08:00"), Err("hours"));
        assert_eq!(g("09:00-24:00", "CST"), Err("utc_offset"));
        assert_eq!(g("", "+15:00"), Err("utc_offset"));
    }

    #[test]
    fn general_settings_round_trip_through_the_hours() {
        let hours = BusinessHours::parse("21:30-02:00", "-05:30").ok();
        let g = GeneralSettings::from_hours(hours.as_ref());
        assert_eq!(g.hours, "21:30-02:00");
        assert_eq!(g.utc_offset, "-05:30");
        assert_eq!(g.validate(), Ok(hours));
        assert_eq!(GeneralSettings::from_hours(None).hours, "");
    }
}
