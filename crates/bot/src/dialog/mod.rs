//! The policy: one event in, actions out. See the crate documentation for
//! the flows.

use kadesk_domain::{ButtonPayload, Intent};
use kadesk_nlu::{EntityKind, Language, Parse, SentimentFlag, SentimentLabel, FALLBACK};

use crate::config::BotConfig;
use crate::model::{
    Action, Context, Diagnosis, Event, Lang, OrderFacts, Outcome, Priority, QuickReply, Reason,
    ScreenshotFacts, ScreenshotKind, Secret,
};
use crate::signals;
use crate::state::{
    Awaiting, DialogState, Flow, HandoffRecord, Pending, SeenEntity, Slots, Streaks, Tried,
    TurnRecord, TurnSentiment, MAX_SUSPENDED,
};
use crate::summary::{topic, Summary};
use crate::templates::{render, Templates};

mod events;
mod flow;
mod flows;
mod handoff;
mod render;
mod understanding;

/// A message with at most this much besides the answer is only an answer.
const SLOT_ANSWER_MAX_WEIGHT: usize = 6;

/// Guides offered as buttons when the bot asks which platform.
const PLATFORM_BUTTONS: &[&str] = &[
    "steam",
    "app_store",
    "honor_of_kings",
    "tencent_video",
    "windows",
];

/// The intent's flow needs an order ([`Intent::needs_order`]).
fn is_order_flow(intent: &str) -> bool {
    Intent::from_name(intent).needs_order()
}

/// The intent is a problem ([`Intent::is_problem`]).
fn is_problem(intent: &str) -> bool {
    Intent::from_name(intent).is_problem()
}

/// Decides what to do about one event. Pure: the same state, event, context,
/// configuration and templates always give the same actions and new state.
///
/// After a handoff every buyer event (message, button, screenshot) and every
/// late executor result gives no actions, until [`Event::HandedBack`].
/// [`Event::Rated`] is recorded in any case.
pub fn decide(
    state: &mut DialogState,
    event: &Event,
    ctx: &Context,
    config: &BotConfig,
    templates: &Templates,
) -> Vec<Action> {
    let mut bot = Bot {
        st: state,
        ctx,
        cfg: config,
        tpl: templates,
        out: Vec::new(),
        intent: String::new(),
        password: None,
        dont_know: false,
    };
    bot.handle(event);
    bot.out
}

/// A slot value read from a message.
enum Fill {
    Order(String),
    Trade(String),
    Contact(String),
    Password(String),
    Reason(String),
    Guide(String),
}

struct Bot<'a> {
    st: &'a mut DialogState,
    ctx: &'a Context,
    cfg: &'a BotConfig,
    tpl: &'a Templates,
    out: Vec<Action>,
    /// What this event is handled as (for the handoff reply and priority).
    intent: String,
    /// A lookup password from this message; used at once, never stored.
    password: Option<String>,
    /// This message says the buyer cannot find their order number.
    dont_know: bool,
}

type Vars = Vec<(&'static str, String)>;

impl Bot<'_> {
    // ----- events -------------------------------------------------------

    pub(crate) fn handle(&mut self, event: &Event) {
        match event {
            Event::HandedBack => return self.handed_back(),
            Event::Rated { stars } => return self.record_outcome(Outcome::Rated { stars: *stars }),
            _ => {}
        }
        if self.st.handed_off {
            return;
        }
        match event {
            Event::Message { text, parse } => self.on_message(text, parse),
            Event::QuickReply { payload } => self.on_button(payload),
            Event::Screenshot(facts) => self.on_screenshot(facts),
            Event::Verified { order, keys } => self.on_verified(order, *keys),
            Event::VerificationFailed { order_no, locked } => {
                self.on_verification_failed(order_no, *locked)
            }
            Event::KnowledgeAnswer { title, answer } => self.on_knowledge(title, answer),
            Event::KnowledgeNone => self.on_knowledge_none(),
            Event::HandedBack | Event::Rated { .. } => {}
        }
    }

    pub(crate) fn handed_back(&mut self) {
        let st = &mut *self.st;
        st.handed_off = false;
        st.flow = None;
        st.suspended.clear();
        st.streaks = Streaks::default();
        st.offered_solution = false;
    }
}

/// Merges newly read slots into a flow's; true when something new came.
fn merge(into: &mut Slots, from: Slots) -> bool {
    let mut new = false;
    let mut take = |slot: &mut Option<String>, v: Option<String>| {
        if let Some(v) = v {
            if slot.as_ref() != Some(&v) {
                *slot = Some(v);
                new = true;
            }
        }
    };
    take(&mut into.order_no, from.order_no);
    take(&mut into.trade_no, from.trade_no);
    take(&mut into.contact_proof, from.contact_proof);
    take(&mut into.amount, from.amount);
    take(&mut into.reason, from.reason);
    take(&mut into.guide, from.guide);
    take(&mut into.error_code, from.error_code);
    into.double_charge |= from.double_charge;
    into.receipt_paid |= from.receipt_paid;
    if into.query.is_none() {
        into.query = from.query;
    }
    new
}
