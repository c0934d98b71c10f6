//! The policy: one event in, actions out. See the crate documentation for
//! the flows.

use kadesk_domain::{ButtonPayload, Intent};
use kadesk_nlu::{EntityKind, Language, Parse, SentimentFlag, SentimentLabel};

use crate::config::BotConfig;
use crate::model::{
    Action, Context, Diagnosis, Event, Lang, OrderFacts, Outcome, Priority, QuickReply, Reason,
    ScreenshotFacts, ScreenshotKind, Secret,
};
use crate::signals;
use crate::state::{
    Awaiting, DialogState, Flow, HandoffRecord, Pending, SeenEntity, Slots, Streaks, Tried,
    TurnRecord, TurnSentiment, TurnSource, MAX_SUSPENDED,
};
use crate::summary::{topic, Summary};
use crate::templates::{render, Templates};

mod events;
mod flow;
mod flows;
mod handoff;
mod render;
mod understanding;

/// The guide that says where card keys are shown; asked about a known order
/// it becomes verification and re-delivery instead.
const FIND_KEY_GUIDE: &str = "guide.find_key";

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

/// What the bot treats one buyer event as: an intent, or something that
/// is not one (a restart, a yes …). Its name is the turn's `handled_as`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Handled {
    /// An intent served.
    Intent(Intent),
    /// The buyer starts over.
    Restart,
    /// An order number or contact with nothing else, outside an order flow.
    Info,
    /// The buyer cannot find the order number the bot asked for.
    DontKnow,
    /// Yes (or a resolved button).
    Yes,
    /// No (or a not-solved button).
    No,
    /// A screenshot.
    Screenshot,
    /// Another button (`ok`, `order`, `platform`, `reason` …).
    Button(String),
}

impl Handled {
    /// The name recorded as the turn's `handled_as`.
    fn as_str(&self) -> &str {
        match self {
            Handled::Intent(intent) => intent.as_str(),
            Handled::Restart => "restart",
            Handled::Info => "info",
            Handled::DontKnow => "dont_know",
            Handled::Yes => "yes",
            Handled::No => "no",
            Handled::Screenshot => "screenshot",
            Handled::Button(head) => head,
        }
    }

    /// The intent the handoff policy judges: the intent served, or one
    /// named like what the event was handled as.
    fn policy_intent(&self) -> Intent {
        match self {
            Handled::Intent(intent) => intent.clone(),
            other => Intent::from_name(other.as_str()),
        }
    }

    /// The intent served, if any.
    fn intent(&self) -> Option<&Intent> {
        match self {
            Handled::Intent(intent) => Some(intent),
            _ => None,
        }
    }
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
        handled: None,
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
    handled: Option<Handled>,
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
            Event::Message { text, parse } => {
                // An explicit request for a person is one, whatever else the
                // message says ("…太慢了，转人工").
                if signals::asks_for_person(text)
                    && parse.intent.name != Intent::HumanAgent.as_str()
                {
                    let mut parse = parse.clone();
                    parse.intent = kadesk_nlu::IntentScore {
                        name: Intent::HumanAgent.as_str().to_owned(),
                        confidence: 1.0,
                    };
                    self.on_message(text, &parse)
                } else {
                    self.on_message(text, parse)
                }
            }
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
