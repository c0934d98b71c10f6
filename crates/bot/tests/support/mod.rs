//! Shared test support: the NLU (built once per test binary), the scenario
//! file format, a fixture shop that answers the bot's lookups.
#![allow(clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use kadesk_bot::{
    Action, BotConfig, Context, Diagnosis, Event, OrderFacts, Priority, Reason, ScreenshotFacts,
};
use kadesk_nlu::Nlu;
use serde::Deserialize;

/// The built-in NLU, trained once for the whole test binary.
pub fn nlu() -> &'static Nlu {
    static NLU: OnceLock<Nlu> = OnceLock::new();
    NLU.get_or_init(Nlu::builtin)
}

/// One conversation scenario (a YAML file under `scenarios/`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What it shows.
    pub name: String,
    /// Context overrides (contact, VIP, business hours …).
    #[serde(default)]
    pub context: Option<Context>,
    /// Bot configuration overrides.
    #[serde(default)]
    pub config: Option<BotConfig>,
    /// Template overrides (TOML).
    #[serde(default)]
    pub templates: Option<String>,
    /// Orders the fixture shop knows.
    #[serde(default)]
    pub orders: Vec<FixtureOrder>,
    /// Knowledge-base articles.
    #[serde(default)]
    pub knowledge: Vec<Article>,
    /// The conversation.
    pub turns: Vec<Turn>,
}

/// An order of the fixture shop.
#[derive(Debug, Clone, Deserialize)]
pub struct FixtureOrder {
    /// The facts (wording filled from the diagnosis when not given).
    #[serde(flatten)]
    pub facts: OrderFacts,
    /// Payment transaction number.
    #[serde(default)]
    pub trade_no: Option<String>,
    /// Proofs that verify (e-mail, phone, QQ, lookup password); default
    /// `buyer@example.com`.
    #[serde(default = "buyer_email")]
    pub proof: Vec<String>,
    /// Card keys re-delivered.
    #[serde(default = "one")]
    pub keys: usize,
    /// Failed verifications after which the order is locked.
    #[serde(default = "three")]
    pub lock_after: u32,
}

fn buyer_email() -> Vec<String> {
    vec!["buyer@example.com".into()]
}

fn one() -> usize {
    1
}

fn three() -> u32 {
    3
}

/// A knowledge-base article found when the query contains one of `match`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Words that find it (case-insensitive substrings of the query).
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    /// Title.
    pub title: String,
    /// Answer.
    pub answer: String,
}

/// One buyer turn and what must happen.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    /// A typed message.
    pub buyer: Option<String>,
    /// A button press (payload).
    pub button: Option<String>,
    /// A screenshot's facts.
    pub screenshot: Option<ScreenshotFacts>,
    /// An agent hands the conversation back.
    #[serde(default)]
    pub handback: bool,
    /// The buyer writes into the resolved conversation (before the next turn's message).
    #[serde(default)]
    pub reopen: bool,
    /// The NLU intent expected.
    pub intent: Option<String>,
    /// What the bot must treat it as.
    pub handled_as: Option<String>,
    /// Action types that must occur, in this order (others may be between).
    #[serde(default)]
    pub actions: Vec<String>,
    /// Action types that must not occur.
    #[serde(default)]
    pub not_actions: Vec<String>,
    /// Patterns each matched by some reply: substring (case-insensitive) or
    /// `/regex/`.
    #[serde(default)]
    pub reply: OneOrMany,
    /// Patterns no reply may match.
    #[serde(default)]
    pub not_reply: OneOrMany,
    /// Template ids that must have been used.
    #[serde(default)]
    pub templates: Vec<String>,
    /// Quick-reply payloads that must be offered (prefix match).
    #[serde(default)]
    pub buttons: Vec<String>,
    /// No actions at all.
    #[serde(default)]
    pub silent: bool,
    /// A handoff must happen with these reasons (all present) and priority.
    pub handoff: Option<ExpectHandoff>,
    /// No handoff may happen.
    #[serde(default)]
    pub no_handoff: bool,
}

/// Expected handoff.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectHandoff {
    /// Reasons that must be present.
    pub reasons: Vec<Reason>,
    /// The priority, when given.
    pub priority: Option<Priority>,
}

/// One pattern or a list.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// None given.
    #[default]
    None,
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The patterns.
    pub fn list(&self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Whether `text` matches a pattern: `/regex/` or a case-insensitive
/// substring.
pub fn matches(pattern: &str, text: &str) -> bool {
    if pattern.len() > 2 && pattern.starts_with('/') && pattern.ends_with('/') {
        let re =
            regex::Regex::new(&pattern[1..pattern.len() - 1]).expect("valid regex in scenario");
        return re.is_match(text);
    }
    text.to_lowercase().contains(&pattern.to_lowercase())
}

/// Default wording for a diagnosis, as the shop crate would give it.
pub fn wording(d: Diagnosis) -> (&'static str, &'static str) {
    match d {
        Diagnosis::Unpaid => ("订单未付款", "The order is not paid."),
        Diagnosis::Delivered => (
            "已付款，卡密已自动发放",
            "Paid; the card keys were delivered.",
        ),
        Diagnosis::PaidNotDelivered => (
            "已付款，但卡密未发放",
            "Paid, but the card keys were not delivered.",
        ),
        Diagnosis::Abnormal => ("订单状态异常", "Something is wrong with this order."),
        Diagnosis::Refunded => ("订单已退款", "The order was refunded."),
        Diagnosis::Expired => ("订单已过期关闭", "The order expired unpaid."),
        Diagnosis::Processing => ("已付款，正在发货", "Paid; delivery is under way."),
        Diagnosis::Unknown => ("状态未知", "Unknown status."),
    }
}

/// The fixture shop: answers verification (as the real shop does: the same
/// failure for an unknown order and a wrong proof) and knowledge searches.
pub struct FixtureShop {
    orders: Vec<FixtureOrder>,
    knowledge: Vec<Article>,
    failures: RefCell<BTreeMap<String, u32>>,
}

impl FixtureShop {
    /// A shop with these orders and articles.
    pub fn new(orders: &[FixtureOrder], knowledge: &[Article]) -> Self {
        let orders = orders
            .iter()
            .cloned()
            .map(|mut o| {
                // As the shop's diagnosis does, the wording names the order.
                let (zh, en) = wording(o.facts.diagnosis);
                let (no, product) = (&o.facts.order_no, &o.facts.product);
                if o.facts.wording_zh.is_empty() {
                    o.facts.wording_zh = format!("订单 {no}（{product}）：{zh}");
                }
                if o.facts.wording_en.is_empty() {
                    o.facts.wording_en = format!("Order {no} ({product}): {en}");
                }
                if o.facts.currency.is_empty() {
                    o.facts.currency = "CNY".into();
                }
                o
            })
            .collect();
        FixtureShop {
            orders,
            knowledge: knowledge.to_vec(),
            failures: RefCell::new(BTreeMap::new()),
        }
    }

    fn find(&self, no: &str) -> Option<&FixtureOrder> {
        self.orders
            .iter()
            .find(|o| o.facts.order_no.eq_ignore_ascii_case(no))
    }

    /// The executor's answer to an action, if it has one.
    pub fn answer(&self, action: &Action) -> Option<Event> {
        match action {
            Action::VerifyOrder {
                order_no,
                by_trade_no,
                proof,
                redeliver,
            } => {
                let found = if *by_trade_no {
                    self.orders
                        .iter()
                        .find(|o| o.trade_no.as_deref() == Some(order_no.as_str()))
                } else {
                    self.find(order_no)
                };
                let matched = found.filter(|o| {
                    o.proof
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(proof.expose().trim()))
                });
                if let Some(o) = matched {
                    let delivered = o.facts.diagnosis == Diagnosis::Delivered;
                    return Some(Event::Verified {
                        order: o.facts.clone(),
                        keys: if *redeliver && delivered { o.keys } else { 0 },
                    });
                }
                // Counted per number given, found or not, like the shop.
                let lock_after = found.map_or(3, |o| o.lock_after);
                let mut failures = self.failures.borrow_mut();
                let n = failures.entry(order_no.to_uppercase()).or_default();
                *n += 1;
                Some(Event::VerificationFailed {
                    order_no: order_no.clone(),
                    locked: *n >= lock_after,
                })
            }
            Action::SearchKnowledge { query } => {
                let q = query.to_lowercase();
                Some(
                    match self
                        .knowledge
                        .iter()
                        .find(|a| a.matches.iter().any(|m| q.contains(&m.to_lowercase())))
                    {
                        Some(a) => Event::KnowledgeAnswer {
                            title: a.title.clone(),
                            answer: a.answer.clone(),
                        },
                        None => Event::KnowledgeNone,
                    },
                )
            }
            _ => None,
        }
    }
}

/// A delivered fixture order.
pub fn delivered(order_no: &str, product: &str, amount: &str) -> FixtureOrder {
    FixtureOrder {
        facts: OrderFacts {
            order_no: order_no.into(),
            product: product.into(),
            amount: amount.into(),
            currency: "CNY".into(),
            payment_status: "paid".into(),
            delivery_status: "delivered".into(),
            diagnosis: Diagnosis::Delivered,
            minutes_since_paid: Some(30),
            ..OrderFacts::default()
        },
        trade_no: None,
        proof: vec!["buyer@example.com".into()],
        keys: 1,
        lock_after: 3,
    }
}
