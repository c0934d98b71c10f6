//! The kadesk bot: multi-turn dialogs that solve order problems, and knowing
//! when to hand a conversation to a person.
//!
//! The crate is pure: no I/O, no async, no clock, no randomness. The server's
//! executor calls [`decide`] with the conversation's stored [`DialogState`],
//! one [`Event`] (a buyer message with its NLU [`kadesk_nlu::Parse`], a
//! button press, a screenshot's facts, or the result of an earlier
//! [`Action`]), the [`Context`] (language, contact, business hours, now, a
//! seed), the [`BotConfig`] and the [`Templates`]; it gets back the actions
//! to perform, in order, and stores the state again.
//!
//! # How the parts fit
//! * [`state`]: the dialog state, serialisable as JSON: the active [`Flow`]
//!   (intent, slots, what it waits for), suspended flows for digressions,
//!   per-turn history, streak counters, verified orders, A/B variants, the
//!   handoff flag and what the bot tried.
//! * [`facts`]: the plain data the bot reasons with (language, order and
//!   screenshot facts, the turn's context, reasons, priority); [`model`]
//!   builds the [`Event`]s and [`Action`]s from it.
//! * [`dialog`]: one event in, actions out. `dialog::events` reads what the
//!   buyer sent, `dialog::flow` starts, digresses and resumes flows,
//!   `dialog::flows::{order, refund, usage, knowledge, screenshot}` are the
//!   flows, `dialog::handoff` hands over and `dialog::render` writes the
//!   replies. Each built-in intent has a flow: order questions fill
//!   the order number from the text or a screenshot, ask for the buyer's
//!   proof before saying anything about the order (an order that does not
//!   exist reads exactly like a wrong proof), then act on the shop's
//!   diagnosis; a buyer without the keys gets them with the proof; refunds are recorded for
//!   agents, never paid out; usage questions get a platform guide; product
//!   and account questions go to the knowledge base. A different question in
//!   the middle of a flow is answered and the bot comes back to the first
//!   ("回到刚才的问题…"); "重新开始" / "start over" clears everything.
//! * [`policy`]: the handoff policy, a pure function configured by
//!   [`BotConfig`], which [`dialog`] runs
//!   first on every buyer event: asking for a person, anger or threats,
//!   negative or not-understood messages in a row, the same problem again and
//!   again, sensitive intents, VIP contacts, paid-but-not-delivered orders;
//!   outside business hours the handoff takes a message. A handoff carries
//!   [`Reason`]s, a [`Priority`] and a [`Summary`]; after it the bot is silent
//!   until [`Event::HandedBack`].
//! * [`templates`]: replies in Chinese and English from a TOML file embedded
//!   in the crate, overridable by operators, with weighted A/B variants that a
//!   conversation keeps.
//! * [`simulate()`]: runs whole conversations against a facts provider, for
//!   `POST /api/v1/bot/simulate` and the scenario tests.
//!
//! ```
//! use kadesk_bot::{decide, BotConfig, Context, DialogState, Event, Templates};
//!
//! let nlu = kadesk_nlu::Nlu::builtin();
//! let (config, templates) = (BotConfig::default(), Templates::builtin());
//! let mut state = DialogState::new();
//! let text = "转人工";
//! let event = Event::Message { text: text.into(), parse: nlu.parse(text, None) };
//! let actions = decide(&mut state, &event, &Context::default(), &config, &templates);
//! assert!(actions.iter().any(|a| a.kind() == "handoff"));
//! assert!(state.handed_off);
//! ```

pub mod config;
pub mod dialog;
pub mod facts;
pub mod model;
pub mod policy;
mod signals;
pub mod simulate;
pub mod state;
pub mod summary;
pub mod templates;

pub use config::{BotConfig, ConfigError, VipHandoff, INTENTS};
pub use dialog::decide;
pub use model::{
    Action, Context, Diagnosis, Event, Lang, OrderFacts, Outcome, Priority, QuickReply, Reason,
    ScreenshotFacts, ScreenshotFlag, ScreenshotKind, Secret,
};
pub use simulate::{simulate, simulate_inputs, HandoffReport, Input, Simulation, TurnReport};
pub use state::{DialogState, Flow, Tried};
pub use summary::{OpenQuestion, OrderSummary, SentimentTrend, Summary, Trend};
pub use templates::{TemplateError, Templates};

/// What stands for hidden proof in a stored message.
pub const HIDDEN: &str = "••••••";

/// The buyer's answer to "prove the order is yours" with the proof blotted
/// out, or `None` when it holds none. One rule for every kind of proof: an
/// e-mail, a phone, a QQ number and a lookup password are all hidden, in
/// whatever words they came. The executor stores this form and gives the bot
/// the original in memory only, so proof never reaches the database (the
/// widget tells the buyer why it shows dots).
pub fn redact_password(raw: &str, parse: &kadesk_nlu::Parse) -> Option<String> {
    use kadesk_nlu::EntityKind as K;
    let chars: Vec<char> = raw.chars().collect();
    let mut spans: Vec<(usize, usize)> = parse
        .entities
        .iter()
        .filter(|e| matches!(e.kind, K::Email | K::Phone | K::Qq))
        .map(|e| (e.start.min(chars.len()), e.end.min(chars.len())))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            continue;
        }
        out.extend(&chars[at..start]);
        out.push_str(HIDDEN);
        at = end;
    }
    out.extend(&chars[at..]);
    let contacts_hidden = out != raw;
    match signals::password(raw, parse) {
        Some(password) if out.contains(&password) => Some(out.replace(&password, HIDDEN)),
        // Read from a normalised form, or inside a detail already hidden.
        Some(_) if !contacts_hidden => Some(HIDDEN.to_owned()),
        _ if contacts_hidden => Some(out),
        _ => None,
    }
}
