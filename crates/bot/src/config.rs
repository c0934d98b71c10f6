//! The bot's settings: the handoff policy and a few dialog limits. The
//! server loads them from `kadesk.toml` `[bot]` and the admin API.

use kadesk_domain::Intent;
use serde::{Deserialize, Serialize};

/// Built-in intent names (the NLU's), as declared once in
/// [`kadesk_domain::Intent`].
pub const INTENTS: &[&str] = kadesk_domain::Intent::BUILTIN_NAMES;

/// When a VIP contact goes to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VipHandoff {
    /// Never because of being a VIP (other reasons still apply).
    Never,
    /// At the first message about a problem (an order, a card key, a
    /// payment, a refund, an account, a complaint); greetings, usage and
    /// product questions and order status stay with the bot.
    #[default]
    Problems,
    /// At the first message.
    Always,
}

/// Handoff policy and dialog limits. `Default` is the recommended setup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    /// The bot answers conversations at all (the server checks this).
    pub enabled: bool,
    /// Hand off when the buyer asks for a person, in any wording.
    pub human_request: bool,
    /// Hand off at once on a negative message with anger or a threat.
    pub anger_handoff: bool,
    /// Hand off after this many negative messages in a row (0: never).
    pub negative_streak: u32,
    /// Hand off after this many fallback or low-confidence messages in a
    /// row (0: never).
    pub fallback_streak: u32,
    /// An intent below this confidence counts as low-confidence; the bot
    /// asks "did you mean …" instead of acting on it.
    pub low_confidence: f32,
    /// Hand off when the buyer raises the same problem this many times
    /// without it being solved (0: never).
    pub repeated_intent: u32,
    /// Intents handed to a person at once.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub sensitive_intents: Vec<Intent>,
    /// Refund requests above this amount go to a person (after the request
    /// is recorded). Negative: never.
    pub refund_handoff_above: f64,
    /// When VIP contacts go to a person.
    pub vip_handoff: VipHandoff,
    /// A contact who spent at least this much counts as VIP, tag or not
    /// (0: the tag only).
    pub vip_lifetime_spend: f64,
    /// Hand off when the shop diagnoses paid-but-not-delivered.
    pub paid_not_delivered_handoff: bool,
    /// Outside business hours a handoff takes a message: reason
    /// `after_hours`, and the reply says when agents are back.
    pub after_hours_message: bool,
    /// Tries at an order number (wrong, missing, not found) before handing
    /// off.
    pub slot_attempts: u32,
    /// Failed verifications before handing off.
    pub verify_attempts: u32,
    /// Unused since the bot stopped listing orders found by the contact's
    /// e-mail or phone (they prove nothing); accepted so older settings load.
    pub recent_orders_buttons: usize,
    /// Search the knowledge base for product and account questions and for
    /// messages the bot did not understand.
    pub knowledge: bool,
    /// "Did you mean …" buttons for alternatives at least this likely.
    pub suggest_above: f32,
    /// After this many minutes of silence a new message starts afresh
    /// (0: never).
    pub idle_reset_minutes: u32,
    /// Greet known contacts by name.
    pub greet_by_name: bool,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            enabled: true,
            human_request: true,
            anger_handoff: true,
            negative_streak: 2,
            fallback_streak: 2,
            low_confidence: 0.5,
            repeated_intent: 3,
            sensitive_intents: vec![Intent::FraudReport, Intent::Complaint],
            refund_handoff_above: 200.0,
            vip_handoff: VipHandoff::Problems,
            vip_lifetime_spend: 2000.0,
            paid_not_delivered_handoff: true,
            after_hours_message: true,
            slot_attempts: 3,
            verify_attempts: 2,
            recent_orders_buttons: 3,
            knowledge: true,
            suggest_above: 0.15,
            idle_reset_minutes: 60,
            greet_by_name: true,
        }
    }
}

/// A setting out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bot setting `{key}` {problem}")]
pub struct ConfigError {
    /// The key (`low_confidence`).
    pub key: &'static str,
    /// What is wrong and how to fix it.
    pub problem: String,
}

impl BotConfig {
    /// Checks ranges and names; the error names the key and the fix.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (key, v) in [
            ("low_confidence", self.low_confidence),
            ("suggest_above", self.suggest_above),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(ConfigError {
                    key,
                    problem: format!("is {v}: use a number from 0 to 1"),
                });
            }
        }
        for (key, v) in [
            ("refund_handoff_above", self.refund_handoff_above),
            ("vip_lifetime_spend", self.vip_lifetime_spend),
        ] {
            if !v.is_finite() {
                return Err(ConfigError {
                    key,
                    problem: format!("is {v}: use a finite amount"),
                });
            }
        }
        if let Some(bad) = self
            .sensitive_intents
            .iter()
            .find(|i| !valid_intent_name(i.as_str()))
        {
            return Err(ConfigError {
                key: "sensitive_intents",
                problem: format!(
                    "contains {bad:?}: intent names are lower case letters, digits and _"
                ),
            });
        }
        if self.slot_attempts == 0 {
            return Err(ConfigError {
                key: "slot_attempts",
                problem: "is 0: use at least 1".into(),
            });
        }
        if self.verify_attempts == 0 {
            return Err(ConfigError {
                key: "verify_attempts",
                problem: "is 0: use at least 1".into(),
            });
        }
        Ok(())
    }

    /// The contact counts as VIP.
    pub fn is_vip(&self, tagged: bool, lifetime_spend: f64) -> bool {
        tagged || (self.vip_lifetime_spend > 0.0 && lifetime_spend >= self.vip_lifetime_spend)
    }
}

fn valid_intent_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_load_from_toml_keys() {
        BotConfig::default().validate().expect("defaults valid");
        let c: BotConfig = toml::from_str(
            "negative_streak = 3\nvip_handoff = \"always\"\nrefund_handoff_above = 50",
        )
        .expect("parses");
        assert_eq!(c.negative_streak, 3);
        assert_eq!(c.vip_handoff, VipHandoff::Always);
        assert_eq!(c.refund_handoff_above, 50.0);
        assert_eq!(c.fallback_streak, 2, "unset keys keep their default");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let err = toml::from_str::<BotConfig>("negative_streek = 3").expect_err("typo");
        assert!(err.to_string().contains("negative_streek"), "{err}");
        let c = BotConfig {
            low_confidence: 1.5,
            ..BotConfig::default()
        };
        let err = c.validate().expect_err("out of range");
        assert_eq!(err.key, "low_confidence");
        assert!(err.to_string().contains("from 0 to 1"));
    }

    #[test]
    fn lifetime_spend_makes_a_vip() {
        let c = BotConfig::default();
        assert!(c.is_vip(true, 0.0));
        assert!(c.is_vip(false, 2500.0));
        assert!(!c.is_vip(false, 100.0));
    }
}
