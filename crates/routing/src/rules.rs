//! Routing rules: ordered conditions on what is known about a handed-off
//! conversation, each naming the team it goes to, optionally a new priority
//! and the skills its agent needs. The first enabled rule whose conditions
//! all hold decides; with none, the conversation waits for any agent.

use kadesk_domain::{Channel, Priority};
use serde::{Deserialize, Serialize};

/// What must hold for a rule to apply. Every non-empty list must match one
/// of its values; an empty list and `vip: null` match anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    /// Intent names (`refund_request`, `recharge_failed`…).
    pub intents: Vec<String>,
    /// Words found in a product's name or category (case-insensitive).
    pub products: Vec<String>,
    /// Language tags; `en` matches `en-US`.
    pub languages: Vec<String>,
    pub channels: Vec<Channel>,
    /// Handoff reason codes (`human_requested`, `verification_failed`…).
    pub reasons: Vec<String>,
    pub priorities: Vec<Priority>,
    /// `true`: VIP buyers only; `false`: everyone else.
    pub vip: Option<bool>,
    /// Contact tags (case-insensitive).
    pub tags: Vec<String>,
}

/// One routing rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// What people call it (`退款走售后`).
    pub name: String,
    /// A disabled rule is skipped.
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub when: Conditions,
    /// The team the conversation goes to; `null`: any agent.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// The priority it gets; `null`: unchanged.
    #[serde(default)]
    pub set_priority: Option<Priority>,
    /// Skills its agent needs.
    #[serde(default)]
    pub skills: Vec<String>,
}

fn yes() -> bool {
    true
}

/// What is known about a conversation when it is routed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The intents the buyer raised.
    pub intents: Vec<String>,
    /// Names and categories of the products involved.
    pub products: Vec<String>,
    /// The buyer's language tag.
    pub language: String,
    pub channel: Option<Channel>,
    /// Handoff reason codes.
    pub reasons: Vec<String>,
    pub priority: Priority,
    pub vip: bool,
    pub tags: Vec<String>,
}

/// Where a conversation goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    pub team: Option<i64>,
    pub priority: Priority,
    pub skills: Vec<String>,
    /// The index of the rule that decided, if any did.
    pub rule: Option<usize>,
}

impl Conditions {
    /// Whether every condition holds for `facts`.
    pub fn hold(&self, facts: &Facts) -> bool {
        let any = |list: &[String], pred: &dyn Fn(&str) -> bool| {
            list.is_empty() || list.iter().any(|v| pred(v))
        };
        any(&self.intents, &|v| facts.intents.iter().any(|i| i == v))
            && any(&self.products, &|v| {
                let v = v.to_lowercase();
                facts.products.iter().any(|p| p.to_lowercase().contains(&v))
            })
            && any(&self.languages, &|v| language_matches(v, &facts.language))
            && (self.channels.is_empty()
                || facts.channel.is_some_and(|c| self.channels.contains(&c)))
            && any(&self.reasons, &|v| facts.reasons.iter().any(|r| r == v))
            && (self.priorities.is_empty() || self.priorities.contains(&facts.priority))
            && self.vip.is_none_or(|vip| vip == facts.vip)
            && any(&self.tags, &|v| {
                facts
                    .tags
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(v) || t == v)
            })
    }
}

/// `en` matches `en`, `en-US` and `EN-gb`; `zh-CN` only `zh-CN`.
fn language_matches(rule: &str, tag: &str) -> bool {
    let (rule, tag) = (rule.to_ascii_lowercase(), tag.to_ascii_lowercase());
    tag == rule || tag.starts_with(&format!("{rule}-"))
}

/// Where `facts` go by the first enabled rule that matches.
pub fn route(rules: &[Rule], facts: &Facts) -> Route {
    match rules
        .iter()
        .enumerate()
        .find(|(_, r)| r.enabled && r.when.hold(facts))
    {
        Some((index, rule)) => Route {
            team: rule.team_id,
            priority: rule.set_priority.unwrap_or(facts.priority),
            skills: rule.skills.clone(),
            rule: Some(index),
        },
        None => Route {
            priority: facts.priority,
            ..Route::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, when: Conditions, team: i64) -> Rule {
        Rule {
            name: name.into(),
            enabled: true,
            when,
            team_id: Some(team),
            set_priority: None,
            skills: vec![],
        }
    }

    #[test]
    fn the_first_matching_rule_decides() {
        let rules = [
            rule(
                "vip",
                Conditions {
                    vip: Some(true),
                    ..Conditions::default()
                },
                3,
            ),
            rule(
                "refunds",
                Conditions {
                    intents: vec!["refund_request".into()],
                    ..Conditions::default()
                },
                1,
            ),
        ];
        let mut facts = Facts {
            intents: vec!["refund_request".into()],
            language: "zh-CN".into(),
            ..Facts::default()
        };
        assert_eq!(route(&rules, &facts).team, Some(1));
        facts.vip = true;
        assert_eq!(route(&rules, &facts).rule, Some(0));
        facts.intents.clear();
        facts.vip = false;
        assert_eq!(route(&rules, &facts), Route::default());
    }

    #[test]
    fn conditions_match_languages_products_and_tags_loosely() {
        let when = Conditions {
            languages: vec!["en".into()],
            products: vec!["steam".into()],
            tags: vec!["VIP".into()],
            ..Conditions::default()
        };
        let facts = Facts {
            language: "en-US".into(),
            products: vec!["Steam 钱包 100".into()],
            tags: vec!["vip".into()],
            ..Facts::default()
        };
        assert!(when.hold(&facts));
        assert!(!when.hold(&Facts {
            language: "english".into(),
            ..facts
        }));
    }

    #[test]
    fn a_rule_may_raise_the_priority_and_ask_for_skills() {
        let mut r = rule("fraud", Conditions::default(), 2);
        r.set_priority = Some(Priority::Urgent);
        r.skills = vec!["risk".into()];
        let routed = route(&[r], &Facts::default());
        assert_eq!(routed.priority, Priority::Urgent);
        assert_eq!(routed.skills, ["risk"]);
    }

    #[test]
    fn rules_read_from_json_with_defaults() {
        let r: Rule = serde_json::from_value(serde_json::json!({
            "name": "英文", "when": {"languages": ["en"]}, "skills": ["en"]
        }))
        .expect("reads");
        assert!(r.enabled && r.team_id.is_none());
        assert!(
            serde_json::from_value::<Rule>(serde_json::json!({"name": "x", "oops": 1})).is_err()
        );
    }
}
