//! The facts the bot reasons with: the language it answers in, what the
//! shop and the vision worker found ([`OrderFacts`], [`ScreenshotFacts`]),
//! the [`Context`] of a turn, and the words of its decisions ([`Reason`],
//! [`Priority`], [`Outcome`], [`QuickReply`]). Plain data; [`crate::model`]
//! builds the events and actions from it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The language the bot answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// What the shop knows about one order, with its diagnosis (the server maps
/// the shop crate's result into this). The bot gets it only for an order the
/// buyer proved is theirs ([`Event::Verified`](crate::Event::Verified)).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OrderFacts {
    /// The shop's order number.
    pub order_no: String,
    /// Product name as the shop shows it.
    pub product: String,
    /// Amount paid or due, decimal string (`"30.00"`).
    pub amount: String,
    /// ISO currency (`CNY`).
    pub currency: String,
    /// The shop's payment status (`paid`, `unpaid` …), for the summary.
    pub payment_status: String,
    /// The shop's delivery status (`delivered`, `pending` …), for the summary.
    pub delivery_status: String,
    /// What is going on with the order.
    pub diagnosis: Diagnosis,
    /// The diagnosis in words for the buyer, Chinese.
    pub wording_zh: String,
    /// The diagnosis in words for the buyer, English.
    pub wording_en: String,
    /// Set when the shop says a person must look at it
    /// (`paid_not_delivered`, `abnormal` …).
    pub escalate: Option<String>,
    /// Minutes since payment, when paid.
    pub minutes_since_paid: Option<u32>,
}

impl OrderFacts {
    /// The diagnosis wording in `lang`, falling back to the other language.
    pub fn wording(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.wording_zh, &self.wording_en),
            Lang::En => (&self.wording_en, &self.wording_zh),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    /// The amount as a number, when it parses.
    pub fn amount_value(&self) -> Option<f64> {
        self.amount.trim().parse().ok()
    }
}

/// The shop's diagnosis of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    /// Not paid (yet).
    Unpaid,
    /// Paid and the card keys were delivered.
    Delivered,
    /// Paid, but nothing was delivered: a person must look.
    PaidNotDelivered,
    /// Something is wrong that the shop cannot name.
    Abnormal,
    /// The money went back.
    Refunded,
    /// The order expired unpaid.
    Expired,
    /// Paid, delivery under way.
    Processing,
    /// A code this version does not know.
    #[default]
    #[serde(other)]
    Unknown,
}

impl Diagnosis {
    /// The code (`paid_not_delivered` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Diagnosis::Unpaid => "unpaid",
            Diagnosis::Delivered => "delivered",
            Diagnosis::PaidNotDelivered => "paid_not_delivered",
            Diagnosis::Abnormal => "abnormal",
            Diagnosis::Refunded => "refunded",
            Diagnosis::Expired => "expired",
            Diagnosis::Processing => "processing",
            Diagnosis::Unknown => "unknown",
        }
    }
}

/// What the vision worker read from a screenshot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScreenshotFacts {
    /// What the picture shows.
    pub kind: ScreenshotKind,
    /// Order number read from it.
    pub order_no: Option<String>,
    /// Payment transaction number read from it.
    pub trade_no: Option<String>,
    /// Amount read from it (`"30.00"`).
    pub amount: Option<String>,
    /// Payment status as read (`paid`, `支付成功`, `unpaid` …).
    pub payment_status: Option<String>,
    /// Error code from an error dialog.
    pub error_code: Option<String>,
    /// Error text from an error dialog.
    pub error_message: Option<String>,
    /// Fields expected for this kind that could not be read.
    pub missing: Vec<String>,
    /// What the buyer said the picture shows (the widget's category), when
    /// they chose: the bot asks precisely for what that kind should show.
    pub expected: Option<ScreenshotKind>,
    /// Why the screenshot is suspect (amount or time not matching the
    /// order): the bot never tells the buyer such a payment is fine.
    pub flags: Vec<ScreenshotFlag>,
}

/// A finding that makes a screenshot suspect, worded for the agent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScreenshotFlag {
    /// `receipt_amount_mismatch`, `receipt_time_mismatch`.
    pub code: String,
    pub zh: String,
    pub en: String,
}

impl ScreenshotFacts {
    /// The screenshot says the payment went through.
    pub fn says_paid(&self) -> bool {
        let Some(status) = &self.payment_status else {
            return false;
        };
        let s = status.trim().to_lowercase();
        const PAID: &[&str] = &[
            "paid",
            "success",
            "succeeded",
            "successful",
            "completed",
            "complete",
            "已支付",
            "支付成功",
            "付款成功",
            "交易成功",
            "已付款",
        ];
        PAID.iter().any(|p| s == *p)
    }
}

/// Screenshot kinds, as the vision crate names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScreenshotKind {
    /// The shop's order page.
    OrderPage,
    /// A payment app's receipt.
    PaymentReceipt,
    /// An error message (redeem page, game client …).
    ErrorDialog,
    /// A product page.
    ProductPage,
    /// A chat screenshot.
    Chat,
    /// Anything else.
    #[default]
    #[serde(other)]
    Other,
}

impl ScreenshotKind {
    /// The kind's name (`payment_receipt` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ScreenshotKind::OrderPage => "order_page",
            ScreenshotKind::PaymentReceipt => "payment_receipt",
            ScreenshotKind::ErrorDialog => "error_dialog",
            ScreenshotKind::ProductPage => "product_page",
            ScreenshotKind::Chat => "chat",
            ScreenshotKind::Other => "other",
        }
    }
}

/// What the bot knows about the conversation besides its own state; the
/// server fills it per event. Time and randomness come in here: the bot
/// reads no clock and draws no random numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Context {
    /// The contact's or widget's language, used when a message does not say.
    pub language: Option<Lang>,
    /// A known contact's name: greetings use it.
    pub contact_name: Option<String>,
    /// The contact carries the VIP tag.
    pub vip: bool,
    /// What the contact has spent in the shop, in the shop's currency.
    pub lifetime_spend: f64,
    /// Agents are working now; otherwise a handoff takes a message.
    pub business_hours_open: bool,
    /// When agents are back, as the buyer should read it (`"09:00"`,
    /// `"明天 09:00"`); used in the after-hours reply.
    pub back_at: Option<String>,
    /// Now, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// The conversation's seed for A/B choices (e.g. a hash of its id).
    pub seed: u64,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            language: None,
            contact_name: None,
            vip: false,
            lifetime_spend: 0.0,
            business_hours_open: true,
            back_at: None,
            now_ms: 0,
            seed: 0,
        }
    }
}

/// A button under a bot reply; pressing it sends [`Event::QuickReply`](crate::Event::QuickReply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickReply {
    /// What the button says.
    pub label: String,
    /// What comes back when it is pressed (`order:D2024…`, `human` …).
    pub payload: String,
}

/// A secret the buyer typed (lookup password, or the e-mail/phone used at
/// purchase). `Debug` never shows it; it serialises as the plain string, so
/// never log a serialised [`Action`](crate::Action).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    /// The secret itself, for the check.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How a conversation went, stored per A/B variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The buyer confirmed the bot solved it.
    Solved,
    /// The bot handed the conversation to a person.
    HandedOff,
    /// The buyer rated the conversation.
    Rated {
        /// 1–5.
        stars: u8,
    },
}

/// Why the bot handed a conversation to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The buyer asked for a person.
    HumanRequest,
    /// An angry or threatening message, or negative messages in a row.
    NegativeSentiment,
    /// Messages the bot did not understand, in a row.
    RepeatedFallback,
    /// The same problem came back unresolved too often.
    RepeatedIntent,
    /// Fraud, a complaint, or a refund above the configured amount.
    SensitiveIntent,
    /// A VIP contact.
    Vip,
    /// The order is paid but nothing was delivered.
    PaidNotDelivered,
    /// Outside business hours: a message was taken.
    AfterHours,
    /// The buyer could not prove the order is theirs.
    VerificationFailed,
    /// The shop flagged the order (abnormal, payment dispute, double charge).
    OrderProblem,
    /// The bot ran out of things to try (the buyer says it is not solved,
    /// no order number after several tries).
    Unresolved,
}

impl Reason {
    /// The reason's code (`human_request` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::HumanRequest => "human_request",
            Reason::NegativeSentiment => "negative_sentiment",
            Reason::RepeatedFallback => "repeated_fallback",
            Reason::RepeatedIntent => "repeated_intent",
            Reason::SensitiveIntent => "sensitive_intent",
            Reason::Vip => "vip",
            Reason::PaidNotDelivered => "paid_not_delivered",
            Reason::AfterHours => "after_hours",
            Reason::VerificationFailed => "verification_failed",
            Reason::OrderProblem => "order_problem",
            Reason::Unresolved => "unresolved",
        }
    }
}

pub use kadesk_domain::Priority;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_facts_load_from_the_shop_json_with_unknown_codes() {
        let f: OrderFacts = serde_json::from_str(
            r#"{"order_no":"D1","amount":"30.00","diagnosis":"on_hold","wording_zh":"处理中"}"#,
        )
        .expect("loads");
        assert_eq!(f.diagnosis, Diagnosis::Unknown);
        assert_eq!(f.amount_value(), Some(30.0));
        assert_eq!(
            f.wording(Lang::En),
            "处理中",
            "falls back to the other language"
        );
        let s: ScreenshotFacts =
            serde_json::from_str(r#"{"kind":"meme","payment_status":"支付成功"}"#).expect("loads");
        assert_eq!(s.kind, ScreenshotKind::Other);
        assert!(s.says_paid());
    }
}
