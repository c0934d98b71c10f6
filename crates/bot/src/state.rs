//! Per-conversation dialog state, stored by the server as JSON between
//! events. Every field has a default, so state written by an older version
//! still loads.

use std::collections::BTreeMap;

use kadesk_domain::{ButtonPayload, Intent};
use kadesk_nlu::{EntityKind, Sentiment, SentimentFlag, SentimentLabel};
use serde::{Deserialize, Serialize};

use crate::facts::{Lang, OrderFacts, Priority, Reason, ScreenshotFacts, ScreenshotKind};

/// Most turns kept in the history (older ones are dropped).
pub const MAX_TURNS: usize = 60;
/// Most entries kept in [`DialogState::tried`].
pub const MAX_TRIED: usize = 40;
/// Most orders and screenshots kept.
pub const MAX_FACTS: usize = 12;
/// Deepest stack of suspended flows.
pub const MAX_SUSPENDED: usize = 3;

/// Everything the bot remembers about one conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DialogState {
    /// Language of the last message that told (replies use it).
    pub language: Option<Lang>,
    /// The flow being worked on.
    pub flow: Option<Flow>,
    /// Flows interrupted by a digression, most recent last; the bot returns
    /// to them when the digression is done.
    pub suspended: Vec<Flow>,
    /// What each buyer turn was understood as (bounded, oldest dropped).
    pub turns: Vec<TurnRecord>,
    /// Counters for the handoff policy.
    pub streaks: Streaks,
    /// Orders the buyer proved are theirs in this conversation, with their
    /// diagnosis (the facts come with the proof; state written by older
    /// versions may hold unverified ones, which [`DialogState::verified_order`]
    /// skips).
    pub orders: Vec<OrderFacts>,
    /// The order the conversation is about (the last one verified).
    pub current_order: Option<String>,
    /// Orders the buyer proved are theirs.
    pub verified: Vec<String>,
    /// Screenshots read in this conversation.
    pub screenshots: Vec<ScreenshotFacts>,
    /// A/B variant chosen per template (a conversation keeps its variant).
    pub variants: BTreeMap<String, String>,
    /// Outcomes already recorded (`solved`, `handed_off`), so each is
    /// recorded once.
    pub outcomes: Vec<String>,
    /// What the bot already tried, oldest first (for the agent's summary).
    pub tried: Vec<Tried>,
    /// The bot offered a solution the buyer has not rejected (a thank-you
    /// or goodbye after it counts as solved).
    pub offered_solution: bool,
    /// A person owns the conversation; the bot stays silent until handed
    /// back.
    pub handed_off: bool,
    /// The last handoff, if any.
    pub handoff: Option<HandoffRecord>,
    /// A threat was made in this conversation (urgent priority).
    pub threat_seen: bool,
    /// When the last buyer message came (ms since the epoch).
    pub last_message_ms: Option<i64>,
    /// The bot has greeted the buyer.
    pub greeted: bool,
}

impl DialogState {
    /// A fresh state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Facts of an order seen in this conversation.
    pub fn order(&self, order_no: &str) -> Option<&OrderFacts> {
        self.orders
            .iter()
            .find(|o| o.order_no.eq_ignore_ascii_case(order_no))
    }

    /// Facts of an order the buyer proved is theirs in this conversation:
    /// the only facts the bot may tell the buyer.
    pub fn verified_order(&self, order_no: &str) -> Option<&OrderFacts> {
        let proved = self
            .verified
            .iter()
            .any(|v| v.eq_ignore_ascii_case(order_no));
        if proved {
            self.order(order_no)
        } else {
            None
        }
    }

    /// Remembers an order's facts (replacing older facts of the same order).
    pub(crate) fn remember_order(&mut self, facts: &OrderFacts) {
        self.orders
            .retain(|o| !o.order_no.eq_ignore_ascii_case(&facts.order_no));
        self.orders.push(facts.clone());
        if self.orders.len() > MAX_FACTS {
            self.orders.remove(0);
        }
    }

    pub(crate) fn push_turn(&mut self, turn: TurnRecord) {
        self.turns.push(turn);
        if self.turns.len() > MAX_TURNS {
            let extra = self.turns.len() - MAX_TURNS;
            self.turns.drain(..extra);
        }
    }

    pub(crate) fn push_tried(&mut self, tried: Tried) {
        if self.tried.last() == Some(&tried) {
            return;
        }
        self.tried.push(tried);
        if self.tried.len() > MAX_TRIED {
            self.tried.remove(0);
        }
    }

    pub(crate) fn push_screenshot(&mut self, facts: ScreenshotFacts) {
        self.screenshots.push(facts);
        if self.screenshots.len() > MAX_FACTS {
            self.screenshots.remove(0);
        }
    }

    /// The bot already re-delivered this order in this conversation.
    pub fn redelivered(&self, order_no: &str) -> bool {
        self.tried.iter().any(|t| {
            matches!(t, Tried::Redelivered { order_no: o, .. } if o.eq_ignore_ascii_case(order_no))
        })
    }

    /// The bot asked the buyer for proof of purchase and waits for it, so the
    /// next message may hold a lookup password.
    pub fn awaits_proof(&self) -> bool {
        self.flow
            .as_ref()
            .is_some_and(|f| f.awaiting == Some(Awaiting::Proof))
    }

    /// The buyer wrote into a resolved conversation: the old flow, streaks
    /// and handoff are over and outcomes may be recorded again, while what
    /// was learned (orders, proofs, screenshots, what was tried, the last
    /// handoff) stays for the next summary.
    pub fn reopen(&mut self) {
        self.flow = None;
        self.suspended.clear();
        self.streaks = Streaks::default();
        self.offered_solution = false;
        self.handed_off = false;
        self.outcomes.clear();
    }

    /// The flow with this intent is active or suspended.
    pub fn has_flow(&self, intent: &Intent) -> bool {
        self.flow
            .iter()
            .chain(&self.suspended)
            .any(|f| f.intent == *intent)
    }
}

/// One piece of work: an intent being served, with its slots.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Flow {
    /// The intent served (`card_not_received` …).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub intent: Intent,
    /// What is known so far.
    pub slots: Slots,
    /// What the bot asked the buyer for and waits on.
    pub awaiting: Option<Awaiting>,
    /// What the bot asked the executor for and waits on.
    pub pending: Option<Pending>,
    /// Tries at the awaited slot (wrong or missing answers, orders not found).
    pub attempts: u32,
    /// Failed verifications.
    pub verify_failures: u32,
    /// The bot already searched the knowledge base for this flow.
    pub searched_knowledge: bool,
    /// When the flow started (ms since the epoch).
    pub started_ms: i64,
}

impl Flow {
    pub(crate) fn new(intent: Intent, now_ms: i64) -> Self {
        Flow {
            intent,
            started_ms: now_ms,
            ..Flow::default()
        }
    }
}

/// Slot values of a flow. Lookup passwords are never stored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Slots {
    /// The order.
    pub order_no: Option<String>,
    /// A payment transaction number (to find the order).
    pub trade_no: Option<String>,
    /// E-mail, phone or QQ the buyer gave (proof of the order).
    pub contact_proof: Option<String>,
    /// Amount the buyer mentioned (`"300 CNY"`).
    pub amount: Option<String>,
    /// Refund reason (code or the buyer's words).
    pub reason: Option<String>,
    /// Usage guide template (`guide.steam`).
    pub guide: Option<String>,
    /// Error code the buyer mentioned or a screenshot showed.
    pub error_code: Option<String>,
    /// The buyer's words that started the flow (masked), for knowledge
    /// searches.
    pub query: Option<String>,
    /// A payment receipt screenshot says the payment went through.
    pub receipt_paid: bool,
    /// The buyer says they were charged twice.
    pub double_charge: bool,
    /// Best other intents when the bot was unsure, for buttons.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub suggestions: Vec<Intent>,
}

/// What the bot waits for from the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Awaiting {
    /// An order number (typed, a button, or a screenshot).
    OrderNo,
    /// Proof of purchase, before anything is said about the order or its
    /// card keys are re-delivered.
    Proof,
    /// Why the buyer wants a refund.
    RefundReason,
    /// Which platform or product a usage question is about.
    Platform,
    /// A payment receipt screenshot.
    Receipt,
    /// Whether the offered solution worked.
    Confirm,
}

impl Awaiting {
    /// A real slot (not only a yes/no confirmation).
    pub fn is_slot(self) -> bool {
        !matches!(self, Awaiting::Confirm)
    }
}

/// What the bot waits for from the executor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Pending {
    /// An order lookup (older versions; state written then still loads).
    Lookup,
    /// The contact's recent orders (older versions; state written then still loads).
    RecentOrders,
    /// Verification of the buyer's proof.
    Verify,
    /// Verification, then re-delivery of the card keys.
    Redeliver,
    /// A knowledge search.
    Knowledge,
}

/// One buyer turn as understood.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TurnRecord {
    /// When (ms since the epoch).
    pub at_ms: i64,
    /// What the buyer did.
    pub source: TurnSource,
    /// The NLU's intent for a typed message; for a button the intent it
    /// asks about, `fallback` when it names none; `fallback` for a picture.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub intent: Intent,
    /// The button pressed, for a button turn.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub button: Option<ButtonPayload>,
    /// What the picture shows, for a screenshot turn.
    pub screenshot: Option<ScreenshotKind>,
    /// Its confidence.
    pub confidence: f32,
    /// What the bot treated it as (`card_not_received` for an order number
    /// typed while that flow asked for it; `yes`, `no`, `restart` …).
    pub handled_as: String,
    /// Sentiment, for typed messages.
    pub sentiment: Option<TurnSentiment>,
    /// Entities mentioned (card keys masked by the NLU).
    pub entities: Vec<SeenEntity>,
}

/// What the buyer did in one turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TurnSource {
    /// Typed a message.
    #[default]
    Text,
    /// Pressed a button.
    Button,
    /// Sent a picture.
    Screenshot,
}

/// Sentiment of one turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnSentiment {
    /// negative / neutral / positive.
    pub label: SentimentLabel,
    /// −1 … 1.
    pub score: f32,
    /// anger, urgency, threat, profanity.
    pub flags: Vec<SentimentFlag>,
}

impl From<&Sentiment> for TurnSentiment {
    fn from(s: &Sentiment) -> Self {
        TurnSentiment {
            label: s.label,
            score: s.score,
            flags: s.flags.clone(),
        }
    }
}

/// An entity the buyer mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeenEntity {
    /// order_no, email, card_key …
    pub kind: EntityKind,
    /// The value (card keys masked).
    pub value: String,
}

/// Counters the handoff policy reads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Streaks {
    /// Negative messages in a row.
    pub negative: u32,
    /// Fallback or low-confidence messages in a row.
    pub fallback: u32,
    /// Per intent: how often the buyer raised it since the last solved
    /// problem.
    pub intents: BTreeMap<String, u32>,
}

/// The last handoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffRecord {
    /// Why.
    pub reasons: Vec<Reason>,
    /// Queue priority.
    pub priority: Priority,
    /// When (ms since the epoch).
    pub at_ms: i64,
}

/// Something the bot did for the buyer, for the agent's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tried {
    /// Asked for the order number.
    AskedOrderNo,
    /// Offered the contact's recent orders as buttons (older versions).
    OfferedRecentOrders,
    /// Looked the order up (older versions).
    LookedUpOrder {
        /// The order (or trade number).
        order_no: String,
    },
    /// The order was not found (older versions).
    OrderNotFound {
        /// What was looked up.
        order_no: String,
    },
    /// The buyer proved the order is theirs.
    Verified {
        /// The order.
        order_no: String,
    },
    /// Explained the shop's diagnosis.
    ExplainedDiagnosis {
        /// The order.
        order_no: String,
        /// The diagnosis code.
        diagnosis: String,
    },
    /// Asked for proof of purchase.
    AskedProof {
        /// The order.
        order_no: String,
    },
    /// Verification failed (no such order, or the wrong proof).
    VerificationFailed {
        /// The order (or trade number) the buyer gave.
        order_no: String,
        /// No more tries allowed.
        locked: bool,
    },
    /// Re-delivered the card keys after verification.
    Redelivered {
        /// The order.
        order_no: String,
        /// How many keys.
        keys: usize,
    },
    /// Asked for a payment receipt.
    AskedReceipt,
    /// Recorded a refund request.
    RecordedRefund {
        /// The order.
        order_no: String,
    },
    /// Sent a usage guide.
    SentGuide {
        /// The guide template (`guide.steam`).
        guide: String,
    },
    /// Searched the knowledge base.
    SearchedKnowledge {
        /// The query (shortened).
        query: String,
    },
    /// Answered from the knowledge base.
    KnowledgeAnswer {
        /// The article.
        title: String,
    },
    /// Sent self-help tips (`card.invalid_tips` …).
    SentTips {
        /// The template.
        template: String,
    },
}

/// Whether a sentiment label is negative.
pub(crate) fn is_negative(label: SentimentLabel) -> bool {
    label == SentimentLabel::Negative
}
