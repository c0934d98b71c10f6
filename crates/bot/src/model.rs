//! The data that crosses the bot's boundary: what comes in ([`Event`], with
//! the [`Context`], [`OrderFacts`] and [`ScreenshotFacts`] of
//! [`crate::facts`]) and what goes out ([`Action`], [`Reason`], [`Priority`]).

use kadesk_nlu::Parse;
use serde::{Deserialize, Serialize};

pub use crate::facts::{
    Context, Diagnosis, Lang, OrderFacts, Outcome, Priority, QuickReply, Reason, ScreenshotFacts,
    ScreenshotFlag, ScreenshotKind, Secret,
};
use crate::summary::Summary;

/// Something that happened in a conversation the bot owns: a buyer message,
/// a button press, a screenshot read by the vision worker, or the result of
/// an [`Action`] the executor performed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The buyer wrote something. `text` is the message as typed (the bot
    /// reads a lookup password from it when it asked for one, and never
    /// stores it); `parse` is what the NLU made of it.
    Message {
        /// The raw text.
        text: String,
        /// `Nlu::parse` of the text.
        parse: Parse,
    },
    /// The buyer pressed a quick-reply button; `payload` is the button's.
    QuickReply {
        /// The payload of the [`QuickReply`] pressed.
        payload: String,
    },
    /// The buyer sent a picture and the vision worker read it.
    Screenshot(ScreenshotFacts),
    /// Answer to [`Action::VerifyOrder`]: the proof matched. `order` is what
    /// the shop knows (the bot may now tell the buyer everything about it);
    /// `keys` card keys were shown to the buyer again (0 unless re-delivery
    /// was asked for and the order is paid and delivered).
    Verified {
        /// The order, with its diagnosis.
        order: OrderFacts,
        /// How many card keys were re-delivered.
        keys: usize,
    },
    /// Answer to [`Action::VerifyOrder`]: no order with that number fits
    /// that proof. The same answer whether the order does not exist or the
    /// proof was wrong, so the buyer learns neither; `locked` when no more
    /// tries are allowed for now.
    VerificationFailed {
        /// What the buyer gave (order or trade number).
        order_no: String,
        /// No more tries allowed.
        locked: bool,
    },
    /// Answer to [`Action::SearchKnowledge`]: the best article.
    KnowledgeAnswer {
        /// Article title.
        title: String,
        /// The answer text, shown to the buyer as is.
        answer: String,
    },
    /// Answer to [`Action::SearchKnowledge`]: nothing relevant.
    KnowledgeNone,
    /// An agent handed the conversation back to the bot.
    HandedBack,
    /// The buyer rated the conversation (1–5 stars).
    Rated {
        /// Stars, 1–5.
        stars: u8,
    },
}

/// What the executor should do. Performed in order; the results of lookups,
/// verification and knowledge searches come back as [`Event`]s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Send a bot message.
    Reply {
        /// The text, rendered in the conversation's language.
        text: String,
        /// Buttons to show under it (may be empty).
        quick_replies: Vec<QuickReply>,
        /// Which template it came from (`ask.order_no`).
        template_id: String,
        /// The A/B variant used, when the template has several.
        variant: Option<String>,
    },
    /// Check `proof` (the e-mail, phone or QQ given at purchase, or the
    /// order's lookup password) against the order, with the shop's lockout,
    /// and answer [`Event::Verified`] or [`Event::VerificationFailed`] — the
    /// same failure whether the order exists or not. This is the only way the
    /// bot learns anything about an order: until the buyer is verified it
    /// says nothing about one (not even whether it exists).
    VerifyOrder {
        /// The order number, or the payment's trade number when `by_trade_no`.
        order_no: String,
        /// `order_no` is a payment transaction number.
        by_trade_no: bool,
        /// What the buyer gave.
        proof: Secret,
        /// Show the card keys of a paid, delivered order again.
        redeliver: bool,
    },
    /// Store a refund request for agents to review. Never refunds.
    RecordRefundRequest {
        /// The order.
        order_no: String,
        /// Amount of the order, when known (`"30.00"`).
        amount: Option<String>,
        /// Currency of the amount.
        currency: Option<String>,
        /// Why, in the buyer's words or a reason code (`card_invalid`,
        /// `wrong_item`, `not_received`, `changed_mind`, `other`).
        reason: String,
    },
    /// Search the knowledge base: [`Event::KnowledgeAnswer`] or
    /// [`Event::KnowledgeNone`].
    SearchKnowledge {
        /// Query text (card keys masked).
        query: String,
    },
    /// Put the conversation in the queue for a person. The bot stays silent
    /// in it until [`Event::HandedBack`].
    Handoff {
        /// Why, most important first.
        reasons: Vec<Reason>,
        /// Queue priority.
        priority: Priority,
        /// What the bot learned, for the agent.
        summary: Box<Summary>,
    },
    /// The buyer confirmed the problem is solved: mark the conversation
    /// resolved.
    Resolve,
    /// Store an outcome for an A/B template variant this conversation used.
    RecordOutcome {
        /// The template.
        template_id: String,
        /// The variant this conversation got.
        variant: String,
        /// What happened.
        outcome: Outcome,
    },
}

impl Action {
    /// The action's type name as serialised (`reply`, `lookup_order` …).
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Reply { .. } => "reply",
            Action::VerifyOrder { .. } => "verify_order",
            Action::RecordRefundRequest { .. } => "record_refund_request",
            Action::SearchKnowledge { .. } => "search_knowledge",
            Action::Handoff { .. } => "handoff",
            Action::Resolve => "resolve",
            Action::RecordOutcome { .. } => "record_outcome",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_serialise_with_a_type_tag_and_hide_secrets_in_debug() {
        let a = Action::VerifyOrder {
            order_no: "D1".into(),
            by_trade_no: false,
            proof: Secret("pw123456".into()),
            redeliver: true,
        };
        let json = serde_json::to_value(&a).expect("serialises");
        assert_eq!(json["type"], "verify_order");
        assert_eq!(a.kind(), "verify_order");
        assert!(!format!("{a:?}").contains("pw123456"));
        let r = serde_json::to_value(Reason::PaidNotDelivered).expect("serialises");
        assert_eq!(r, "paid_not_delivered");
        assert!(Priority::Urgent > Priority::High && Priority::High > Priority::Normal);
    }
}
