//! The typed vocabulary: queue priority, order statuses, money, intents and
//! button payloads. Each type is parsed once where it enters (a database
//! row, a JSON body, a pressed button) and keeps the wire form it had when it
//! travelled as a string, so nothing stored or sent changes.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

// Named on the wire (`normal`, `high`, `urgent`, e.g. in a handoff) and
// stored as a level (0, 1, 2) so the queue sorts by it. The doc line below is
// the OpenAPI description; keep it as it is.
/// Queue priority of a handoff.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Everything else.
    #[default]
    Normal,
    /// VIP contacts, paid but not delivered.
    High,
    /// Fraud and threats.
    Urgent,
}

wire_enum!(Priority {
    Normal => "normal",
    High => "high",
    Urgent => "urgent",
});

impl Priority {
    /// The stored level: 0 normal, 1 high, 2 urgent.
    pub fn level(self) -> i64 {
        match self {
            Priority::Normal => 0,
            Priority::High => 1,
            Priority::Urgent => 2,
        }
    }

    /// The priority of a stored level: 2 and up urgent, 1 high, anything
    /// else normal.
    pub fn from_level(level: i64) -> Priority {
        match level {
            l if l >= 2 => Priority::Urgent,
            1 => Priority::High,
            _ => Priority::Normal,
        }
    }
}

impl Priority {
    /// One step more urgent (urgent stays urgent): what a missed
    /// response-time promise raises a conversation to.
    pub fn raised(self) -> Priority {
        match self {
            Priority::Normal => Priority::High,
            Priority::High | Priority::Urgent => Priority::Urgent,
        }
    }
}

/// A response-time promise (SLA) a conversation is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    /// A person's first answer after the buyer began waiting for one.
    FirstResponse,
    /// Resolved after the buyer began waiting for a person.
    Resolution,
}

wire_enum!(SlaTarget {
    FirstResponse => "first_response",
    Resolution => "resolution",
});

/// Serde for a [`Priority`] sent as its level (`0`, `1`, `2`), as the
/// conversation list has always sent it.
pub mod priority_level {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Priority;

    /// Writes the level.
    pub fn serialize<S: Serializer>(p: &Priority, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(p.level() as i32)
    }

    /// Reads a level; out-of-range levels clamp as [`Priority::from_level`] does.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Priority, D::Error> {
        Ok(Priority::from_level(i64::deserialize(d)?))
    }
}

/// Whether the buyer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Waiting for payment.
    Unpaid,
    /// Payment received.
    Paid,
    /// The money went back to the buyer.
    Refunded,
    /// The payment failed; nothing was charged.
    Failed,
    /// Never paid, and the payment window has closed (dujiaoka status -1).
    Expired,
}

wire_enum!(PaymentStatus {
    Unpaid => "unpaid",
    Paid => "paid",
    Refunded => "refunded",
    Failed => "failed",
    Expired => "expired",
});

/// Whether the card keys went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered (yet).
    Pending,
    /// Card keys sent.
    Delivered,
    /// Delivery was tried and failed.
    Failed,
    /// Something is wrong with the order, typically out of card keys.
    Abnormal,
}

wire_enum!(DeliveryStatus {
    Pending => "pending",
    Delivered => "delivered",
    Failed => "failed",
    Abnormal => "abnormal",
});

/// An amount of money in the smallest unit of its currency (fen for CNY).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    /// Smallest units (cents, fen); negative for money going back.
    pub cents: i64,
    /// ISO 4217 code as the shop gives it (`CNY`).
    pub currency: String,
}

impl Money {
    /// `cents` of `currency`.
    pub fn new(cents: i64, currency: impl Into<String>) -> Money {
        Money {
            cents,
            currency: currency.into(),
        }
    }

    /// The amount as a decimal string with two places (`"30.00"`,
    /// `"-0.50"`), without the currency.
    pub fn decimal(&self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// The amount as people read it: `"¥6.00"`, `"$6.00"`, `"6.00 EUR"`.
    /// The one money formatter of the server (the console's `money()` is
    /// its twin).
    pub fn label(&self) -> String {
        money_label(&self.decimal(), &self.currency)
    }

    /// The amount in currency units, for comparisons with thresholds.
    pub fn units(&self) -> f64 {
        self.cents as f64 / 100.0
    }
}

/// `decimal` (`"6.00"`, `"-0.50"`) of `currency` as people read it: `¥`
/// for CNY, `$` for USD, otherwise the code after the number; an empty
/// currency leaves the number alone.
pub fn money_label(decimal: &str, currency: &str) -> String {
    let decimal = decimal.trim();
    let (sign, digits) = match decimal.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", decimal),
    };
    match currency.trim().to_ascii_uppercase().as_str() {
        "CNY" | "RMB" => format!("{sign}¥{digits}"),
        "USD" => format!("{sign}${digits}"),
        "" => decimal.to_string(),
        other => format!("{decimal} {other}"),
    }
}

/// Sums of money kept apart by currency: adding yuan to dollars makes no
/// sense, so a buyer's lifetime spend is one total per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(BTreeMap<String, i64>);

impl Totals {
    /// No money yet.
    pub fn new() -> Totals {
        Totals::default()
    }

    /// Adds `money` to its currency's total.
    pub fn add(&mut self, money: &Money) {
        let total = self.0.entry(money.currency.clone()).or_default();
        *total = total.saturating_add(money.cents);
    }

    /// The total of each currency, by currency code.
    pub fn iter(&self) -> impl Iterator<Item = Money> + '_ {
        self.0
            .iter()
            .map(|(c, cents)| Money::new(*cents, c.clone()))
    }

    /// The largest single-currency total in currency units, 0 when empty.
    pub fn largest_units(&self) -> f64 {
        self.iter().map(|m| m.units()).fold(0.0, f64::max)
    }
}

impl FromIterator<Money> for Totals {
    fn from_iter<I: IntoIterator<Item = Money>>(iter: I) -> Totals {
        let mut totals = Totals::new();
        for m in iter {
            totals.add(&m);
        }
        totals
    }
}

impl<'a> FromIterator<&'a Money> for Totals {
    fn from_iter<I: IntoIterator<Item = &'a Money>>(iter: I) -> Totals {
        let mut totals = Totals::new();
        for m in iter {
            totals.add(m);
        }
        totals
    }
}

/// Declares [`Intent`] with its built-in variants, written once.
macro_rules! intents {
    ($($(#[$doc:meta])* $variant:ident => $name:literal),+ $(,)?) => {
        /// What a buyer wants: one of the built-in intents the bot has a
        /// flow for, or a custom intent an operator trained. Travels as its
        /// name (`order_status`, `fallback`, a custom name).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Intent {
            $($(#[$doc])* $variant,)+
            /// An intent an operator added in the training data.
            Custom(String),
        }

        impl Intent {
            /// Every built-in intent, `fallback` last.
            pub const BUILTIN: &'static [Intent] = &[$(Intent::$variant),+];

            /// The names of the built-in intents, in [`Intent::BUILTIN`] order.
            pub const BUILTIN_NAMES: &'static [&'static str] = &[$($name),+];

            /// The intent called `name` (a custom one when not built in).
            pub fn from_name(name: &str) -> Intent {
                match name {
                    $($name => Intent::$variant,)+
                    other => Intent::Custom(other.to_owned()),
                }
            }

            /// The name on the wire, in training data and in stored state.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Intent::$variant => $name,)+
                    Intent::Custom(name) => name,
                }
            }
        }
    };
}

intents! {
    /// 你好 / hello.
    Greeting => "greeting",
    /// 谢谢 / thanks.
    Thanks => "thanks",
    /// 再见 / bye.
    Goodbye => "goodbye",
    /// Where is my order.
    OrderStatus => "order_status",
    /// Paid, but no card key arrived.
    CardNotReceived => "card_not_received",
    /// The card key does not work.
    CardInvalid => "card_invalid",
    /// A direct recharge did not arrive.
    RechargeFailed => "recharge_failed",
    /// Trouble paying.
    PaymentIssue => "payment_issue",
    /// The buyer wants the money back.
    RefundRequest => "refund_request",
    /// The product is not what was described.
    ProductMismatch => "product_mismatch",
    /// How to redeem or use a product.
    UsageHelp => "usage_help",
    /// Questions about a product before buying.
    ProductInquiry => "product_inquiry",
    /// The buyer asks for a person.
    HumanAgent => "human_agent",
    /// A complaint.
    Complaint => "complaint",
    /// Fraud or a stolen account reported.
    FraudReport => "fraud_report",
    /// Login or account trouble.
    AccountIssue => "account_issue",
    /// Not understood.
    Fallback => "fallback",
}

impl Intent {
    /// One of the built-in intents (not custom).
    pub fn is_builtin(&self) -> bool {
        !matches!(self, Intent::Custom(_))
    }

    /// Flows of these intents need an order.
    pub fn needs_order(&self) -> bool {
        matches!(
            self,
            Intent::OrderStatus
                | Intent::CardNotReceived
                | Intent::CardInvalid
                | Intent::RechargeFailed
                | Intent::PaymentIssue
                | Intent::RefundRequest
                | Intent::ProductMismatch
        )
    }

    /// A problem with an order, a payment or an account (counted for the
    /// VIP policy and the repeated-problem handoff).
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Intent::CardNotReceived
                | Intent::CardInvalid
                | Intent::RechargeFailed
                | Intent::PaymentIssue
                | Intent::RefundRequest
                | Intent::ProductMismatch
                | Intent::AccountIssue
                | Intent::Complaint
                | Intent::FraudReport
        )
    }
}

impl Default for Intent {
    /// Not understood.
    fn default() -> Intent {
        Intent::Fallback
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Intent {
    fn from(name: &str) -> Intent {
        Intent::from_name(name)
    }
}

impl PartialEq<str> for Intent {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Intent {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Intent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Intent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Intent, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Intent::from_name(&name))
    }
}

/// What a bot button sends back when pressed (the `payload` of a quick
/// reply): `human`, `intent:refund_request`, `order:D2024…`, `platform:steam`,
/// `reason:not_working` …
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonPayload {
    /// `human`: talk to a person.
    Human,
    /// `resolved`: the problem is solved.
    Resolved,
    /// `not_solved`: the answer did not help.
    NotSolved,
    /// `yes`.
    Yes,
    /// `no`.
    No,
    /// `ok`: acknowledged.
    Ok,
    /// `restart`: start over.
    Restart,
    /// `dont_know`: the buyer does not know the order number.
    DontKnow,
    /// `intent:<name>`: ask about this intent.
    Intent(Intent),
    /// `order:<order no>`: this order; `order:other` a different one.
    Order(String),
    /// `platform:<guide>`: the platform a product is used on.
    Platform(String),
    /// `reason:<code>`: why a refund is asked for.
    Reason(String),
    /// Anything else (an old button, a typo): the whole payload as sent.
    Other(String),
}

impl ButtonPayload {
    /// Reads a pressed button's payload.
    pub fn parse(payload: &str) -> ButtonPayload {
        let (head, arg) = payload.split_once(':').unwrap_or((payload, ""));
        match head {
            "human" => ButtonPayload::Human,
            "resolved" => ButtonPayload::Resolved,
            "not_solved" => ButtonPayload::NotSolved,
            "yes" => ButtonPayload::Yes,
            "no" => ButtonPayload::No,
            "ok" => ButtonPayload::Ok,
            "restart" => ButtonPayload::Restart,
            "dont_know" => ButtonPayload::DontKnow,
            "intent" => ButtonPayload::Intent(Intent::from_name(arg)),
            "order" => ButtonPayload::Order(arg.to_owned()),
            "platform" => ButtonPayload::Platform(arg.to_owned()),
            "reason" => ButtonPayload::Reason(arg.to_owned()),
            _ => ButtonPayload::Other(payload.to_owned()),
        }
    }
}

impl ButtonPayload {
    /// The kind of button: the payload up to its `:` (`human`, `intent`,
    /// `order` …; for [`ButtonPayload::Other`] whatever came before a `:`).
    pub fn head(&self) -> &str {
        match self {
            ButtonPayload::Human => "human",
            ButtonPayload::Resolved => "resolved",
            ButtonPayload::NotSolved => "not_solved",
            ButtonPayload::Yes => "yes",
            ButtonPayload::No => "no",
            ButtonPayload::Ok => "ok",
            ButtonPayload::Restart => "restart",
            ButtonPayload::DontKnow => "dont_know",
            ButtonPayload::Intent(_) => "intent",
            ButtonPayload::Order(_) => "order",
            ButtonPayload::Platform(_) => "platform",
            ButtonPayload::Reason(_) => "reason",
            ButtonPayload::Other(s) => s.split_once(':').map_or(s.as_str(), |(head, _)| head),
        }
    }
}

impl fmt::Display for ButtonPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ButtonPayload::Human => f.write_str("human"),
            ButtonPayload::Resolved => f.write_str("resolved"),
            ButtonPayload::NotSolved => f.write_str("not_solved"),
            ButtonPayload::Yes => f.write_str("yes"),
            ButtonPayload::No => f.write_str("no"),
            ButtonPayload::Ok => f.write_str("ok"),
            ButtonPayload::Restart => f.write_str("restart"),
            ButtonPayload::DontKnow => f.write_str("dont_know"),
            ButtonPayload::Intent(i) => write!(f, "intent:{i}"),
            ButtonPayload::Order(no) => write!(f, "order:{no}"),
            ButtonPayload::Platform(p) => write!(f, "platform:{p}"),
            ButtonPayload::Reason(r) => write!(f, "reason:{r}"),
            ButtonPayload::Other(s) => f.write_str(s),
        }
    }
}

impl Serialize for ButtonPayload {
    /// As the payload the button sends (`order:D2024…`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ButtonPayload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ButtonPayload, D::Error> {
        let payload = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(ButtonPayload::parse(&payload))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_levels_round_trip_and_clamp() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_level(p.level()), *p);
        }
        assert_eq!(Priority::from_level(7), Priority::Urgent);
        assert_eq!(Priority::from_level(-1), Priority::Normal);
        assert_eq!(
            serde_json::to_value(Priority::Urgent).expect("serialises"),
            "urgent"
        );
        assert!(Priority::Urgent > Priority::High && Priority::High > Priority::Normal);
    }

    #[test]
    fn order_statuses_keep_their_wire_names() {
        assert_eq!(
            "paid".parse::<PaymentStatus>().ok(),
            Some(PaymentStatus::Paid)
        );
        assert_eq!(
            serde_json::to_value(DeliveryStatus::Abnormal).expect("serialises"),
            "abnormal"
        );
        assert!("sent".parse::<DeliveryStatus>().is_err());
    }

    #[test]
    fn money_prints_two_decimals_and_totals_stay_per_currency() {
        assert_eq!(Money::new(3000, "CNY").decimal(), "30.00");
        assert_eq!(Money::new(-50, "CNY").decimal(), "-0.50");
        assert_eq!(Money::new(7, "USD").decimal(), "0.07");
    }

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(Money::new(600, "CNY").label(), "¥6.00");
        assert_eq!(Money::new(-50, "CNY").label(), "-¥0.50");
        assert_eq!(Money::new(600, "USD").label(), "$6.00");
        assert_eq!(Money::new(99, "EUR").label(), "0.99 EUR");
        assert_eq!(money_label("30.00", "cny"), "¥30.00");
        assert_eq!(money_label("30.00", ""), "30.00");
        let totals: Totals = [
            Money::new(150_000, "CNY"),
            Money::new(100_000, "USD"),
            Money::new(60_000, "CNY"),
        ]
        .iter()
        .collect();
        let all: Vec<Money> = totals.iter().collect();
        assert_eq!(
            all,
            vec![Money::new(210_000, "CNY"), Money::new(100_000, "USD")]
        );
        assert_eq!(totals.largest_units(), 2100.0);
    }

    #[test]
    fn intents_travel_as_their_names() {
        assert_eq!(Intent::BUILTIN.len(), Intent::BUILTIN_NAMES.len());
        for (intent, name) in Intent::BUILTIN.iter().zip(Intent::BUILTIN_NAMES) {
            assert_eq!(intent.as_str(), *name);
            assert_eq!(&Intent::from_name(name), intent);
            assert_eq!(serde_json::to_value(intent).expect("serialises"), *name);
        }
        let custom: Intent = serde_json::from_str("\"vip_upgrade\"").expect("parses");
        assert_eq!(custom, Intent::Custom("vip_upgrade".into()));
        assert!(!custom.is_builtin());
        assert!(Intent::RefundRequest.needs_order() && Intent::RefundRequest.is_problem());
        assert!(!Intent::UsageHelp.needs_order());
    }

    #[test]
    fn button_payloads_round_trip() {
        for payload in [
            "human",
            "resolved",
            "not_solved",
            "yes",
            "no",
            "ok",
            "restart",
            "dont_know",
            "intent:refund_request",
            "intent:my_custom",
            "order:D2024",
            "order:other",
            "platform:steam",
            "reason:not_working",
            "whatever",
        ] {
            let parsed = ButtonPayload::parse(payload);
            assert_eq!(parsed.to_string(), payload);
            let json = serde_json::to_value(&parsed).expect("serialises");
            assert_eq!(json, serde_json::json!(payload), "stored as sent");
            let back: ButtonPayload = serde_json::from_value(json).expect("reads back");
            assert_eq!(back, parsed);
            assert_eq!(parsed.head(), payload.split(':').next().unwrap_or_default());
        }
        assert_eq!(
            ButtonPayload::parse("intent:card_invalid"),
            ButtonPayload::Intent(Intent::CardInvalid)
        );
    }
}
