//! Whole conversations without storage: for `POST /api/v1/bot/simulate`, the
//! admin test chat and the scenario tests.

use std::collections::VecDeque;

use kadesk_nlu::Nlu;
use serde::Serialize;

use crate::config::BotConfig;
use crate::dialog::decide;
use crate::model::{Action, Context, Event, Priority, Reason, ScreenshotFacts};
use crate::state::DialogState;
use crate::templates::Templates;

/// Most events one input may cause (the input and the executor's answers).
const MAX_EVENTS_PER_TURN: usize = 16;

/// One buyer-side input of a simulated conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A typed message.
    Text(String),
    /// A quick-reply button press (its payload).
    Button(String),
    /// A screenshot, as the vision worker would read it.
    Screenshot(ScreenshotFacts),
    /// An agent hands the conversation back.
    HandBack,
    /// The buyer rates the conversation.
    Rate(u8),
    /// The conversation was resolved and the buyer writes again: the
    /// server starts a fresh flow ([`DialogState::reopen`]).
    Reopen,
}

impl Input {
    /// Reads one line of a simulated conversation. Plain text is a message;
    /// a few commands stand for what is not typed:
    ///
    /// * `/button PAYLOAD` — a quick-reply press (`/button order:D2024…`)
    /// * `/screenshot {JSON}` — a screenshot's facts
    ///   (`/screenshot {"kind":"payment_receipt","trade_no":"4200…"}`)
    /// * `/handback` — an agent hands the conversation back
    /// * `/rate N` — the buyer gives N stars
    /// * `/reopen` — the conversation was resolved; the buyer writes again
    ///
    /// A command that does not parse is sent as text.
    pub fn from_line(line: &str) -> Input {
        let t = line.trim();
        if let Some(p) = t.strip_prefix("/button ") {
            return Input::Button(p.trim().to_string());
        }
        if let Some(j) = t.strip_prefix("/screenshot ") {
            if let Ok(f) = serde_json::from_str::<ScreenshotFacts>(j) {
                return Input::Screenshot(f);
            }
        }
        if t == "/handback" {
            return Input::HandBack;
        }
        if t == "/reopen" {
            return Input::Reopen;
        }
        if let Some(n) = t.strip_prefix("/rate ") {
            if let Ok(n) = n.trim().parse() {
                return Input::Rate(n);
            }
        }
        Input::Text(line.to_string())
    }

    fn label(&self) -> String {
        match self {
            Input::Text(t) => t.clone(),
            Input::Button(p) => format!("/button {p}"),
            Input::Screenshot(f) => format!("/screenshot {}", f.kind.as_str()),
            Input::HandBack => "/handback".into(),
            Input::Rate(n) => format!("/rate {n}"),
            Input::Reopen => "/reopen".into(),
        }
    }
}

/// What happened in one simulated turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnReport {
    /// The input as given (card keys masked for typed messages).
    pub input: String,
    /// The NLU's intent for a typed message.
    pub intent: Option<String>,
    /// Its confidence.
    pub confidence: Option<f32>,
    /// What the bot treated the input as (`card_not_received`, `yes`,
    /// `restart`, `human_agent` for the human button …).
    pub handled_as: Option<String>,
    /// Texts of the bot's replies, in order.
    pub replies: Vec<String>,
    /// All actions, the executor's answers already fed back.
    pub actions: Vec<Action>,
    /// The handoff of this turn, if any.
    pub handoff: Option<HandoffReport>,
}

/// Reasons and priority of a handoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffReport {
    /// Why.
    pub reasons: Vec<Reason>,
    /// Queue priority.
    pub priority: Priority,
}

/// A finished simulation: the turns and the final state.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// One report per input.
    pub turns: Vec<TurnReport>,
    /// The dialog state after the last input.
    pub state: DialogState,
}

/// Runs a conversation: each line through [`Input::from_line`], the NLU and
/// [`decide`]; every action is offered to `facts`, whose answer (an order
/// lookup from fixture orders, a knowledge search …) is fed back as the next
/// event. The clock advances one minute per line from `ctx.now_ms`.
pub fn simulate(
    messages: &[String],
    nlu: &Nlu,
    ctx: &Context,
    config: &BotConfig,
    templates: &Templates,
    facts: &dyn Fn(&Action) -> Option<Event>,
) -> Vec<TurnReport> {
    let inputs: Vec<Input> = messages.iter().map(|m| Input::from_line(m)).collect();
    simulate_inputs(&inputs, nlu, ctx, config, templates, facts).turns
}

/// [`simulate`] with inputs already read, returning the final state too.
pub fn simulate_inputs(
    inputs: &[Input],
    nlu: &Nlu,
    ctx: &Context,
    config: &BotConfig,
    templates: &Templates,
    facts: &dyn Fn(&Action) -> Option<Event>,
) -> Simulation {
    let mut state = DialogState::new();
    let mut turns = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let ctx = Context {
            now_ms: ctx.now_ms + 60_000 * i as i64,
            ..ctx.clone()
        };
        let (event, mut report) = match input {
            Input::Text(text) => {
                let parse = nlu.parse(text, None);
                let report = TurnReport {
                    input: parse.text.clone(),
                    intent: Some(parse.intent.name.clone()),
                    confidence: Some(parse.intent.confidence),
                    ..empty_report(input)
                };
                let event = Event::Message {
                    text: text.clone(),
                    parse,
                };
                (event, report)
            }
            Input::Button(p) => (
                Event::QuickReply { payload: p.clone() },
                empty_report(input),
            ),
            Input::Screenshot(f) => (Event::Screenshot(f.clone()), empty_report(input)),
            Input::HandBack => (Event::HandedBack, empty_report(input)),
            Input::Rate(n) => (Event::Rated { stars: *n }, empty_report(input)),
            Input::Reopen => {
                state.reopen();
                turns.push(empty_report(input));
                continue;
            }
        };
        let turns_before = state.turns.len();
        let mut queue = VecDeque::from([event]);
        let mut handled = 0;
        while let Some(ev) = queue.pop_front() {
            handled += 1;
            if handled > MAX_EVENTS_PER_TURN {
                break;
            }
            let actions = decide(&mut state, &ev, &ctx, config, templates);
            for a in &actions {
                if let Some(answer) = facts(a) {
                    queue.push_back(answer);
                }
            }
            report.actions.extend(actions);
        }
        if state.turns.len() > turns_before {
            report.handled_as = state.turns.last().map(|t| t.handled_as.clone());
        }
        for a in &report.actions {
            match a {
                Action::Reply { text, .. } => report.replies.push(text.clone()),
                Action::Handoff {
                    reasons, priority, ..
                } => {
                    report.handoff = Some(HandoffReport {
                        reasons: reasons.clone(),
                        priority: *priority,
                    })
                }
                _ => {}
            }
        }
        turns.push(report);
    }
    Simulation { turns, state }
}

fn empty_report(input: &Input) -> TurnReport {
    TurnReport {
        input: input.label(),
        intent: None,
        confidence: None,
        handled_as: None,
        replies: Vec::new(),
        actions: Vec::new(),
        handoff: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_become_inputs() {
        assert_eq!(
            Input::from_line("/button human"),
            Input::Button("human".into())
        );
        assert_eq!(Input::from_line("/handback"), Input::HandBack);
        assert_eq!(Input::from_line("/rate 5"), Input::Rate(5));
        assert_eq!(Input::from_line("/reopen"), Input::Reopen);
        let Input::Screenshot(f) =
            Input::from_line(r#"/screenshot {"kind":"payment_receipt","trade_no":"42"}"#)
        else {
            panic!("screenshot expected");
        };
        assert_eq!(f.trade_no.as_deref(), Some("42"));
        assert_eq!(
            Input::from_line("/screenshot nope"),
            Input::Text("/screenshot nope".into())
        );
        assert_eq!(Input::from_line("你好"), Input::Text("你好".into()));
    }
}
