//! The policy: one event in, actions out. See the crate documentation for
//! the flows.

use kadesk_domain::{ButtonPayload, Intent};
use kadesk_nlu::{EntityKind, Language, Parse, SentimentFlag, SentimentLabel, FALLBACK};

use crate::config::{BotConfig, VipHandoff};
use crate::model::{
    Action, Context, Diagnosis, Event, Lang, OrderFacts, Outcome, Priority, QuickReply, Reason,
    ScreenshotFacts, ScreenshotKind, Secret,
};
use crate::signals;
use crate::state::{
    is_negative, Awaiting, DialogState, Flow, HandoffRecord, Pending, SeenEntity, Slots, Streaks,
    Tried, TurnRecord, TurnSentiment, MAX_SUSPENDED,
};
use crate::summary::{topic, Summary};
use crate::templates::{render, Templates};

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

    fn handle(&mut self, event: &Event) {
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

    fn handed_back(&mut self) {
        let st = &mut *self.st;
        st.handed_off = false;
        st.flow = None;
        st.suspended.clear();
        st.streaks = Streaks::default();
        st.offered_solution = false;
    }

    fn on_message(&mut self, raw: &str, p: &Parse) {
        let now = self.ctx.now_ms;
        self.idle_reset(now);
        self.st.last_message_ms = Some(now);
        self.set_language(p);
        if p.sentiment.flags.contains(&SentimentFlag::Threat) {
            self.st.threat_seen = true;
        }
        let nlu_intent = p.intent.name.as_str();
        let confidence = p.intent.confidence;
        let restart = signals::is_restart(raw);
        let fill = if restart {
            None
        } else {
            self.slot_answer(raw, p)
        };
        let awaiting = self.awaiting();
        self.dont_know = fill.is_none() && signals::dont_know_order(raw);
        let yes_no = if restart || fill.is_some() {
            None
        } else {
            signals::yes_no(raw)
        };
        let has_info = [
            EntityKind::OrderNo,
            EntityKind::TradeNo,
            EntityKind::Email,
            EntityKind::Phone,
            EntityKind::Qq,
        ]
        .iter()
        .any(|k| p.values(*k).next().is_some());
        let names_order = p.values(EntityKind::OrderNo).next().is_some()
            || p.values(EntityKind::TradeNo).next().is_some();
        // An order number or contact with next to nothing else is
        // information for the flow, whatever intent the NLU guessed ("我的QQ
        // 是 12345678" is not a fraud report).
        let info_only = !restart
            && fill.is_none()
            && has_info
            && signals::residual_weight(p) <= SLOT_ANSWER_MAX_WEIGHT;
        let handled_as = if restart {
            "restart".to_string()
        } else if fill.is_some() {
            self.st
                .flow
                .as_ref()
                .map(|f| f.intent.clone())
                .unwrap_or_default()
        } else if info_only {
            match &self.st.flow {
                Some(f) if is_order_flow(&f.intent) || !names_order => f.intent.clone(),
                _ if names_order => "order_status".to_string(),
                _ => "info".to_string(),
            }
        } else if self.dont_know && awaiting == Some(Awaiting::OrderNo) {
            "dont_know".to_string()
        } else if let Some(y) = yes_no {
            if y { "yes" } else { "no" }.to_string()
        } else {
            nlu_intent.to_string()
        };
        self.st.push_turn(TurnRecord {
            at_ms: now,
            source: "text".into(),
            intent: nlu_intent.to_string(),
            confidence,
            handled_as: handled_as.clone(),
            sentiment: Some(TurnSentiment::from(&p.sentiment)),
            entities: p
                .entities
                .iter()
                .map(|e| SeenEntity {
                    kind: e.kind,
                    value: e.value.clone(),
                })
                .collect(),
        });
        // Streaks.
        let understood = handled_as != nlu_intent
            || has_info
            || (nlu_intent != FALLBACK && confidence >= self.cfg.low_confidence);
        let streaks = &mut self.st.streaks;
        if p.sentiment.label == SentimentLabel::Negative {
            streaks.negative += 1;
        } else {
            streaks.negative = 0;
        }
        if understood {
            streaks.fallback = 0;
        } else {
            streaks.fallback += 1;
        }
        if fill.is_none()
            && !info_only
            && is_problem(&handled_as)
            && confidence >= self.cfg.low_confidence
        {
            *streaks.intents.entry(handled_as.clone()).or_default() += 1;
        }
        self.intent = handled_as.clone();
        // Handoff policy first.
        let reasons = self.policy(&handled_as, Some(p));
        if !reasons.is_empty() {
            self.before_handoff(&handled_as, raw, p);
            return self.handoff(reasons);
        }
        if restart {
            return self.restart();
        }
        if let Some(fill) = fill {
            self.apply_fill(fill);
            return self.advance();
        }
        if info_only {
            return self.on_info(raw, p);
        }
        if handled_as == "dont_know" {
            return self.order_help();
        }
        if let Some(y) = yes_no {
            return self.on_yes_no(y);
        }
        let unsure = nlu_intent == FALLBACK || confidence < self.cfg.low_confidence;
        if unsure && names_order {
            // A bare order number: look it up.
            let slots = self.slots_from(raw, p);
            return self.start_or_digress("order_status", slots);
        }
        if unsure {
            return self.on_not_understood(raw, p);
        }
        self.on_intent(nlu_intent, Some((raw, p)));
    }

    /// An order number or contact detail without much else: kept for the
    /// flow, which goes on.
    fn on_info(&mut self, raw: &str, p: &Parse) {
        let slots = self.slots_from(raw, p);
        let names_order = slots.order_no.is_some() || slots.trade_no.is_some();
        let in_order_flow = self
            .st
            .flow
            .as_ref()
            .is_some_and(|f| is_order_flow(&f.intent));
        if names_order && !in_order_flow {
            return self.start_or_digress("order_status", slots);
        }
        let Some(flow) = self.st.flow.as_mut() else {
            let menu = self.menu_buttons();
            return self.say("ack.info", vec![], menu);
        };
        let new_order = (slots.order_no.is_some() && slots.order_no != flow.slots.order_no)
            || (slots.trade_no.is_some() && slots.trade_no != flow.slots.trade_no);
        merge(&mut flow.slots, slots);
        if flow.pending.is_some() {
            // The executor's answer is on its way; the detail is kept.
            return;
        }
        if new_order && is_order_flow(&flow.intent) {
            flow.awaiting = None;
            return self.advance();
        }
        match flow.awaiting {
            Some(_) => self.reprompt(false),
            None => self.advance(),
        }
    }

    fn on_button(&mut self, payload: &str) {
        let button = ButtonPayload::parse(payload);
        let handled_as = match &button {
            ButtonPayload::Human => Intent::HumanAgent.to_string(),
            ButtonPayload::Intent(intent) => intent.to_string(),
            ButtonPayload::Resolved | ButtonPayload::Yes => "yes".into(),
            ButtonPayload::No | ButtonPayload::NotSolved => "no".into(),
            other => other.head().to_string(),
        };
        self.st.push_turn(TurnRecord {
            at_ms: self.ctx.now_ms,
            source: "button".into(),
            intent: payload.to_string(),
            confidence: 1.0,
            handled_as: handled_as.clone(),
            sentiment: None,
            entities: Vec::new(),
        });
        self.st.last_message_ms = Some(self.ctx.now_ms);
        self.st.streaks.fallback = 0;
        self.st.streaks.negative = 0;
        if let ButtonPayload::Intent(intent) = &button {
            if intent.is_problem() {
                *self
                    .st
                    .streaks
                    .intents
                    .entry(intent.to_string())
                    .or_default() += 1;
            }
        }
        self.intent = handled_as.clone();
        let reasons = self.policy(&handled_as, None);
        if !reasons.is_empty() {
            return self.handoff(reasons);
        }
        match button {
            ButtonPayload::Human => self.say("human.unavailable", vec![], vec![]),
            ButtonPayload::Resolved | ButtonPayload::Yes => {
                if self.awaiting() == Some(Awaiting::Confirm) || button == ButtonPayload::Resolved {
                    self.resolve("resolved");
                } else {
                    self.on_yes_no(true);
                }
            }
            ButtonPayload::NotSolved => self.handoff(vec![Reason::Unresolved]),
            ButtonPayload::No => self.on_yes_no(false),
            ButtonPayload::Ok => self.say("ack", vec![], vec![]),
            ButtonPayload::Restart => self.restart(),
            ButtonPayload::DontKnow => self.order_help(),
            ButtonPayload::Intent(intent)
                if intent == Intent::Fallback || intent.as_str().is_empty() =>
            {
                self.clarify(Vec::new())
            }
            ButtonPayload::Intent(intent) => self.on_intent(intent.as_str(), None),
            ButtonPayload::Order(arg) if arg == "other" => {
                if let Some(f) = self.st.flow.as_mut() {
                    f.awaiting = Some(Awaiting::OrderNo);
                }
                self.say("ask.order_no.typed", vec![], vec![]);
            }
            ButtonPayload::Order(arg) => {
                let fits = self
                    .st
                    .flow
                    .as_ref()
                    .is_some_and(|f| is_order_flow(&f.intent));
                if fits {
                    self.apply_fill(Fill::Order(arg));
                    self.advance();
                } else {
                    let slots = Slots {
                        order_no: Some(arg),
                        ..Slots::default()
                    };
                    self.start_flow("order_status", slots);
                }
            }
            ButtonPayload::Platform(arg) => {
                let guide = format!("guide.{arg}");
                let guide = self.tpl.get(&guide).is_some().then_some(guide);
                let in_usage = self
                    .st
                    .flow
                    .as_ref()
                    .is_some_and(|f| f.intent == "usage_help");
                if in_usage {
                    if let Some(f) = self.st.flow.as_mut() {
                        f.slots.guide = guide;
                        f.awaiting = None;
                    }
                    self.advance_usage(true);
                } else {
                    let slots = Slots {
                        guide,
                        ..Slots::default()
                    };
                    self.start_flow("usage_help", slots);
                }
            }
            ButtonPayload::Reason(arg) => {
                let in_refund = self
                    .st
                    .flow
                    .as_ref()
                    .is_some_and(|f| f.intent == "refund_request");
                if in_refund {
                    self.apply_fill(Fill::Reason(arg));
                    self.advance();
                } else {
                    let slots = Slots {
                        reason: Some(arg),
                        ..Slots::default()
                    };
                    self.start_or_digress("refund_request", slots);
                }
            }
            ButtonPayload::Other(_) => self.clarify(Vec::new()),
        }
    }

    fn on_screenshot(&mut self, f: &ScreenshotFacts) {
        self.st.push_turn(TurnRecord {
            at_ms: self.ctx.now_ms,
            source: "screenshot".into(),
            intent: format!("screenshot:{}", f.kind.as_str()),
            confidence: 1.0,
            handled_as: "screenshot".into(),
            sentiment: None,
            entities: Vec::new(),
        });
        self.st.last_message_ms = Some(self.ctx.now_ms);
        self.st.streaks.fallback = 0;
        self.st.push_screenshot(f.clone());
        self.intent = "screenshot".into();
        // A receipt that does not fit its order: a person checks it, and the
        // bot says nothing about the payment being fine. Before the buyer
        // proved an order is theirs the flag is kept for later: handing off
        // now would tell them the order named exists; the proof the bot asks
        // for next hands off once it matches (`on_verified`).
        if !f.flags.is_empty() && !self.st.verified.is_empty() {
            return self.handoff(vec![Reason::OrderProblem]);
        }
        // The buyer sent it as their order page, but no number was read: ask
        // precisely for the page that shows it.
        if f.expected == Some(ScreenshotKind::OrderPage)
            && f.order_no.is_none()
            && f.trade_no.is_none()
        {
            if let Some(flow) = self.st.flow.as_mut() {
                flow.attempts += 1;
            }
            return self.say("screenshot.order_no_missing", vec![], vec![]);
        }
        let paid = f.kind == ScreenshotKind::PaymentReceipt && f.says_paid();
        let awaiting = self.awaiting();
        if let Some(flow) = self.st.flow.as_mut() {
            flow.slots.receipt_paid |= paid;
            if awaiting == Some(Awaiting::Receipt) {
                if paid {
                    return self.handoff(vec![Reason::OrderProblem]);
                }
                if let Some(flow) = self.st.flow.as_mut() {
                    flow.attempts += 1;
                }
                return self.say("screenshot.not_paid", vec![], vec![self.human_button()]);
            }
            if awaiting == Some(Awaiting::Confirm) && f.kind == ScreenshotKind::ErrorDialog {
                return self.handoff(vec![Reason::Unresolved]);
            }
            let mut new_info = false;
            if flow.slots.order_no.is_none() && flow.slots.trade_no.is_none() {
                if let Some(no) = &f.order_no {
                    flow.slots.order_no = Some(no.clone());
                    new_info = true;
                } else if let Some(t) = &f.trade_no {
                    flow.slots.trade_no = Some(t.clone());
                    new_info = true;
                }
            }
            if flow.slots.error_code.is_none() {
                if let Some(code) = &f.error_code {
                    flow.slots.error_code = Some(code.clone());
                    new_info = true;
                }
            }
            let order_flow = is_order_flow(&flow.intent);
            if new_info && order_flow {
                flow.awaiting = None;
                return self.advance();
            }
            if awaiting == Some(Awaiting::OrderNo) {
                return self.say("screenshot.no_order", vec![], vec![]);
            }
            return self.say("screenshot.thanks", vec![], vec![]);
        }
        let slots = Slots {
            order_no: f.order_no.clone(),
            trade_no: f.trade_no.clone(),
            error_code: f.error_code.clone(),
            query: f.error_message.clone(),
            receipt_paid: paid,
            ..Slots::default()
        };
        match f.kind {
            ScreenshotKind::OrderPage | ScreenshotKind::PaymentReceipt
                if slots.order_no.is_some() || slots.trade_no.is_some() =>
            {
                self.start_flow("order_status", slots)
            }
            ScreenshotKind::OrderPage | ScreenshotKind::PaymentReceipt => {
                self.say("screenshot.no_order", vec![], vec![])
            }
            ScreenshotKind::ErrorDialog => self.start_flow("card_invalid", slots),
            ScreenshotKind::ProductPage => self.say("screenshot.product", vec![], vec![]),
            ScreenshotKind::Chat | ScreenshotKind::Other => {
                let menu = self.menu_buttons();
                self.say("screenshot.unclear", vec![], menu)
            }
        }
    }

    /// The buyer proved the order is theirs: from now on the bot may tell
    /// them everything about it.
    fn on_verified(&mut self, facts: &OrderFacts, keys: usize) {
        let no = facts.order_no.clone();
        self.st.remember_order(facts);
        if !self.st.verified.iter().any(|v| v.eq_ignore_ascii_case(&no)) {
            self.st.verified.push(no.clone());
        }
        self.st.current_order = Some(no.clone());
        self.st.push_tried(Tried::Verified {
            order_no: no.clone(),
        });
        let asked_keys = match self.st.flow.as_mut() {
            Some(flow) if flow.pending.is_some() || is_order_flow(&flow.intent) => {
                let asked = flow.pending == Some(Pending::Redeliver);
                flow.pending = None;
                flow.awaiting = None;
                flow.slots.order_no = Some(no.clone());
                flow.slots.trade_no = None;
                asked
            }
            _ => {
                self.park_current();
                let mut flow = Flow::new("order_status", self.ctx.now_ms);
                flow.slots.order_no = Some(no.clone());
                self.st.flow = Some(flow);
                false
            }
        };
        // A suspect screenshot sent before the proof: a person checks it.
        if self.st.screenshots.iter().any(|f| !f.flags.is_empty()) {
            return self.handoff(vec![Reason::OrderProblem]);
        }
        if keys > 0 {
            self.explain(facts);
            self.st.push_tried(Tried::Redelivered {
                order_no: no.clone(),
                keys,
            });
            self.say(
                "card.redelivered",
                vec![("order_no", no), ("keys", keys.to_string())],
                vec![],
            );
            return self.offer_confirm();
        }
        if asked_keys && facts.diagnosis == Diagnosis::Delivered {
            // Delivered, yet no key could be shown again: a person looks.
            self.explain(facts);
            return self.handoff(vec![Reason::Unresolved]);
        }
        self.next_step(facts);
    }

    fn on_verification_failed(&mut self, order_no: &str, locked: bool) {
        self.st.push_tried(Tried::VerificationFailed {
            order_no: order_no.to_string(),
            locked,
        });
        let failures = match self.st.flow.as_mut() {
            Some(flow) => {
                flow.pending = None;
                flow.verify_failures += 1;
                flow.verify_failures
            }
            None => self.cfg.verify_attempts,
        };
        if locked || failures >= self.cfg.verify_attempts {
            return self.handoff(vec![Reason::VerificationFailed]);
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::Proof);
        }
        // The same words and buttons whether the order does not exist or the
        // proof was wrong.
        self.say(
            "ask.proof.retry",
            vec![("order_no", order_no.into())],
            vec![self.human_button()],
        );
    }

    fn on_knowledge(&mut self, title: &str, answer: &str) {
        self.st.push_tried(Tried::KnowledgeAnswer {
            title: title.to_string(),
        });
        if let Some(flow) = self.st.flow.as_mut() {
            flow.pending = None;
        }
        self.say(
            "knowledge.answer",
            vec![("title", title.into()), ("answer", answer.into())],
            vec![],
        );
        if self.st.flow.is_some() {
            self.offer_confirm();
        }
    }

    fn on_knowledge_none(&mut self) {
        let Some(flow) = self.st.flow.as_mut() else {
            return self.clarify(Vec::new());
        };
        flow.pending = None;
        let intent = flow.intent.clone();
        match intent.as_str() {
            "fallback" => {
                let suggestions = std::mem::take(&mut flow.slots.suggestions);
                self.st.flow = None;
                self.clarify(suggestions);
            }
            "account_issue" => {
                self.tips("account.tips");
                self.offer_confirm();
            }
            "usage_help" => self.advance_usage(false),
            i if is_order_flow(i) => self.advance(),
            _ => {
                let buttons = vec![self.human_button(), self.button("no_thanks", "ok")];
                self.say("product.unknown", vec![], buttons);
                self.finish_flow(false);
            }
        }
    }

    // ----- understanding ------------------------------------------------

    /// Follows the buyer's language, but not on a message the NLU could not
    /// place ("asdfgh" is not English).
    fn set_language(&mut self, p: &Parse) {
        if p.intent.name == FALLBACK {
            return;
        }
        let lang = match p.language {
            Language::Zh => Some(Lang::Zh),
            Language::En => Some(Lang::En),
            Language::Mixed => Some(Lang::Zh).filter(|_| p.text.chars().any(signals::is_cjk)),
            Language::Unknown => None,
        };
        if let Some(l) = lang {
            self.st.language = Some(l);
        }
    }

    fn lang(&self) -> Lang {
        self.st.language.or(self.ctx.language).unwrap_or_default()
    }

    fn awaiting(&self) -> Option<Awaiting> {
        self.st.flow.as_ref().and_then(|f| f.awaiting)
    }

    /// The message answers what the active flow asked for.
    fn slot_answer(&self, raw: &str, p: &Parse) -> Option<Fill> {
        let flow = self.st.flow.as_ref()?;
        let awaiting = flow.awaiting?;
        let first = |k: EntityKind| p.values(k).next().map(str::to_string);
        if awaiting == Awaiting::RefundReason {
            // A reason names a problem, so the NLU's intent says nothing here.
            if let Some(code) = signals::refund_reason(raw) {
                return Some(Fill::Reason(code.to_string()));
            }
        }
        let fill = match awaiting {
            Awaiting::OrderNo | Awaiting::Receipt => first(EntityKind::OrderNo)
                .map(Fill::Order)
                .or_else(|| first(EntityKind::TradeNo).map(Fill::Trade)),
            Awaiting::Proof => signals::contact_proof(p)
                .map(Fill::Contact)
                .or_else(|| signals::password(raw, p).map(Fill::Password)),
            Awaiting::RefundReason => {
                let free = p.intent.name == FALLBACK
                    || p.intent.name == "refund_request"
                    || p.intent.confidence < self.cfg.low_confidence;
                (free && signals::yes_no(raw).is_none())
                    .then(|| Fill::Reason(p.text.chars().take(200).collect()))
            }
            Awaiting::Platform => {
                let platforms: Vec<&str> = p.values(EntityKind::Platform).collect();
                signals::find_guide(self.tpl, &p.text, &platforms).map(Fill::Guide)
            }
            Awaiting::Confirm => None,
        }?;
        let same = p.intent.name == flow.intent
            || p.intent.name == FALLBACK
            || p.intent.confidence < self.cfg.low_confidence
            || (awaiting == Awaiting::OrderNo && p.intent.name == "order_status")
            || matches!(fill, Fill::Password(_));
        (same || signals::residual_weight(p) <= SLOT_ANSWER_MAX_WEIGHT).then_some(fill)
    }

    fn apply_fill(&mut self, fill: Fill) {
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        flow.awaiting = None;
        match fill {
            Fill::Order(no) => {
                flow.slots.order_no = Some(no);
                flow.slots.trade_no = None;
            }
            Fill::Trade(t) => {
                flow.slots.order_no = None;
                flow.slots.trade_no = Some(t);
            }
            Fill::Contact(c) => flow.slots.contact_proof = Some(c),
            Fill::Password(p) => self.password = Some(p),
            Fill::Reason(r) => flow.slots.reason = Some(r),
            Fill::Guide(g) => flow.slots.guide = Some(g),
        }
    }

    fn slots_from(&self, raw: &str, p: &Parse) -> Slots {
        let first = |k: EntityKind| p.values(k).next().map(str::to_string);
        let platforms: Vec<&str> = p.values(EntityKind::Platform).collect();
        Slots {
            order_no: first(EntityKind::OrderNo),
            trade_no: first(EntityKind::TradeNo),
            contact_proof: signals::contact_proof(p),
            amount: first(EntityKind::Amount),
            reason: signals::refund_reason(raw).map(str::to_string),
            guide: signals::find_guide(self.tpl, &p.text, &platforms),
            error_code: first(EntityKind::ErrorCode),
            query: Some(p.text.chars().take(200).collect()),
            receipt_paid: false,
            double_charge: signals::double_charge(raw),
            suggestions: Vec::new(),
        }
    }

    // ----- handoff policy -----------------------------------------------

    fn is_vip(&self) -> bool {
        self.cfg.is_vip(self.ctx.vip, self.ctx.lifetime_spend)
    }

    fn policy(&self, intent: &str, p: Option<&Parse>) -> Vec<Reason> {
        let cfg = self.cfg;
        let mut r = Vec::new();
        if intent == "human_agent" && cfg.human_request {
            r.push(Reason::HumanRequest);
        }
        if let Some(p) = p {
            let s = &p.sentiment;
            let heated =
                s.flags.contains(&SentimentFlag::Anger) || s.flags.contains(&SentimentFlag::Threat);
            if cfg.anger_handoff && is_negative(s.label) && heated {
                r.push(Reason::NegativeSentiment);
            }
        }
        if cfg.negative_streak > 0 && self.st.streaks.negative >= cfg.negative_streak {
            r.push(Reason::NegativeSentiment);
        }
        if cfg.fallback_streak > 0 && self.st.streaks.fallback >= cfg.fallback_streak {
            r.push(Reason::RepeatedFallback);
        }
        let raised = self.st.streaks.intents.get(intent).copied().unwrap_or(0);
        if cfg.repeated_intent > 0 && raised >= cfg.repeated_intent {
            r.push(Reason::RepeatedIntent);
        }
        if cfg.sensitive_intents.iter().any(|i| i == intent) {
            r.push(Reason::SensitiveIntent);
        }
        if intent == "refund_request" && cfg.refund_handoff_above >= 0.0 {
            let above = p.is_some_and(|p| {
                p.values(EntityKind::Amount)
                    .filter_map(signals::amount_value)
                    .any(|a| a > cfg.refund_handoff_above)
            });
            if above {
                r.push(Reason::SensitiveIntent);
            }
        }
        let vip = match cfg.vip_handoff {
            VipHandoff::Never => false,
            VipHandoff::Problems => is_problem(intent),
            VipHandoff::Always => true,
        };
        if vip && self.is_vip() {
            r.push(Reason::Vip);
        }
        r.dedup();
        r
    }

    /// A refund request handed off at once is still recorded when its order
    /// is known.
    fn before_handoff(&mut self, intent: &str, raw: &str, p: &Parse) {
        if intent != "refund_request" {
            return;
        }
        let order_no = p
            .values(EntityKind::OrderNo)
            .next()
            .map(str::to_string)
            .or_else(|| self.st.flow.as_ref().and_then(|f| f.slots.order_no.clone()))
            .or_else(|| self.st.current_order.clone());
        let Some(order_no) = order_no else {
            return;
        };
        let (amount, currency) = match p.values(EntityKind::Amount).next() {
            Some(a) => {
                let mut it = a.split_whitespace();
                (it.next().map(str::to_string), it.next().map(str::to_string))
            }
            None => match self.st.order(&order_no) {
                Some(o) => (Some(o.amount.clone()), Some(o.currency.clone())),
                None => (None, None),
            },
        };
        let reason = signals::refund_reason(raw)
            .map(str::to_string)
            .unwrap_or_else(|| p.text.chars().take(200).collect());
        self.out.push(Action::RecordRefundRequest {
            order_no: order_no.clone(),
            amount,
            currency,
            reason,
        });
        self.st.push_tried(Tried::RecordedRefund { order_no });
    }

    fn handoff(&mut self, mut reasons: Vec<Reason>) {
        if self.is_vip() && !reasons.contains(&Reason::Vip) {
            reasons.push(Reason::Vip);
        }
        let after_hours = !self.ctx.business_hours_open && self.cfg.after_hours_message;
        if after_hours {
            reasons.push(Reason::AfterHours);
        }
        let mut seen = Vec::new();
        reasons.retain(|r| {
            let new = !seen.contains(r);
            seen.push(*r);
            new
        });
        let fraud = self.intent == "fraud_report"
            || self.st.turns.iter().any(|t| t.handled_as == "fraud_report");
        let priority = if self.st.threat_seen || fraud {
            Priority::Urgent
        } else if reasons.contains(&Reason::Vip) || reasons.contains(&Reason::PaidNotDelivered) {
            Priority::High
        } else {
            Priority::Normal
        };
        let id = if after_hours {
            if self.ctx.back_at.is_some() {
                "handoff.after_hours"
            } else {
                "handoff.after_hours.later"
            }
        } else {
            self.handoff_template(&reasons, fraud)
        };
        self.say(id, vec![], vec![]);
        let summary = Box::new(Summary::build(
            self.st,
            &reasons,
            priority,
            self.lang(),
            self.tpl,
        ));
        self.out.push(Action::Handoff {
            reasons: reasons.clone(),
            priority,
            summary,
        });
        self.record_outcome(Outcome::HandedOff);
        let st = &mut *self.st;
        st.handed_off = true;
        st.handoff = Some(HandoffRecord {
            reasons,
            priority,
            at_ms: self.ctx.now_ms,
        });
        st.flow = None;
        st.suspended.clear();
        st.offered_solution = false;
    }

    fn handoff_template(&self, reasons: &[Reason], fraud: bool) -> &'static str {
        let has = |r: Reason| reasons.contains(&r);
        if has(Reason::SensitiveIntent) {
            if fraud {
                return "handoff.fraud";
            }
            match self.intent.as_str() {
                "complaint" => return "handoff.complaint",
                "refund_request" => return "handoff.refund",
                _ => {}
            }
        }
        if has(Reason::PaidNotDelivered) {
            "handoff.paid_not_delivered"
        } else if has(Reason::NegativeSentiment) {
            "handoff.negative"
        } else if has(Reason::VerificationFailed) {
            "handoff.verification"
        } else if has(Reason::OrderProblem) {
            "handoff.order_problem"
        } else if has(Reason::HumanRequest) {
            "handoff.human"
        } else if has(Reason::Vip) {
            "handoff.vip"
        } else if has(Reason::SensitiveIntent) {
            "handoff.sensitive"
        } else {
            "handoff.stuck"
        }
    }

    fn record_outcome(&mut self, outcome: Outcome) {
        let key = match outcome {
            Outcome::Solved => Some("solved"),
            Outcome::HandedOff => Some("handed_off"),
            Outcome::Rated { .. } => None,
        };
        if let Some(k) = key {
            if self.st.outcomes.iter().any(|o| o == k) {
                return;
            }
            self.st.outcomes.push(k.to_string());
        }
        for (template_id, variant) in &self.st.variants {
            self.out.push(Action::RecordOutcome {
                template_id: template_id.clone(),
                variant: variant.clone(),
                outcome,
            });
        }
    }

    // ----- dialog -------------------------------------------------------

    fn idle_reset(&mut self, now: i64) {
        let idle = i64::from(self.cfg.idle_reset_minutes) * 60_000;
        let stale = self
            .st
            .last_message_ms
            .is_some_and(|last| idle > 0 && now - last > idle);
        if stale {
            let st = &mut *self.st;
            st.flow = None;
            st.suspended.clear();
            st.streaks = Streaks::default();
            st.offered_solution = false;
            st.current_order = None;
        }
    }

    fn restart(&mut self) {
        let st = &mut *self.st;
        st.flow = None;
        st.suspended.clear();
        st.streaks = Streaks::default();
        st.offered_solution = false;
        st.current_order = None;
        let menu = self.menu_buttons();
        self.say("restart", vec![], menu);
    }

    fn on_intent(&mut self, intent: &str, msg: Option<(&str, &Parse)>) {
        match intent {
            "greeting" => self.greet(),
            "thanks" => {
                if self.awaiting() == Some(Awaiting::Confirm)
                    || (self.st.flow.is_none() && self.st.offered_solution)
                {
                    self.resolve("resolved.thanks");
                } else if self.awaiting().is_some_and(Awaiting::is_slot) {
                    self.say("thanks.short", vec![], vec![]);
                    self.reprompt(false);
                } else {
                    self.say("thanks", vec![], vec![]);
                }
            }
            "goodbye" => {
                let solved = self.awaiting() == Some(Awaiting::Confirm) || self.st.offered_solution;
                self.st.flow = None;
                self.st.suspended.clear();
                if solved {
                    self.out.push(Action::Resolve);
                    self.record_outcome(Outcome::Solved);
                    self.st.offered_solution = false;
                    self.st.streaks.intents.clear();
                }
                self.say("goodbye", vec![], vec![]);
            }
            "human_agent" => self.say("human.unavailable", vec![], vec![]),
            "complaint" | "fraud_report" => {
                let id = format!("{intent}.noted");
                self.say(&id, vec![], vec![self.human_button()]);
            }
            _ => {
                let slots = match msg {
                    Some((raw, p)) => self.slots_from(raw, p),
                    None => Slots::default(),
                };
                self.start_or_digress(intent, slots);
            }
        }
    }

    fn greet(&mut self) {
        if self.awaiting().is_some_and(Awaiting::is_slot) {
            self.say("greeting.short", vec![], vec![]);
            return self.reprompt(false);
        }
        self.st.greeted = true;
        let menu = self.menu_buttons();
        let named = self.cfg.greet_by_name && self.ctx.contact_name.is_some();
        let id = if named { "greeting.named" } else { "greeting" };
        self.say(id, vec![], menu);
    }

    /// A message the bot did not understand (fallback or low confidence).
    fn on_not_understood(&mut self, raw: &str, p: &Parse) {
        match self.awaiting() {
            Some(a) if a.is_slot() => {
                if a == Awaiting::OrderNo && self.dont_know {
                    return self.order_help();
                }
                let attempts = match self.st.flow.as_mut() {
                    Some(f) => {
                        f.attempts += 1;
                        f.attempts
                    }
                    None => 0,
                };
                if attempts >= self.cfg.slot_attempts {
                    return self.handoff(vec![Reason::Unresolved]);
                }
                return self.reprompt(true);
            }
            Some(_) => {
                let buttons = self.confirm_buttons();
                return self.say("confirm.question", vec![], buttons);
            }
            None => {}
        }
        let mut suggestions: Vec<String> = Vec::new();
        if p.intent.name != FALLBACK {
            suggestions.push(p.intent.name.clone());
        }
        for alt in &p.alternatives {
            let useful = !matches!(alt.name.as_str(), "greeting" | "thanks" | "goodbye");
            if useful && alt.confidence >= self.cfg.suggest_above && suggestions.len() < 3 {
                suggestions.push(alt.name.clone());
            }
        }
        if self.cfg.knowledge && signals::content_weight(raw) >= 4 {
            self.park_current();
            let mut flow = Flow::new("fallback", self.ctx.now_ms);
            flow.slots.suggestions = suggestions;
            flow.pending = Some(Pending::Knowledge);
            flow.searched_knowledge = true;
            self.st.flow = Some(flow);
            let query: String = p.text.chars().take(200).collect();
            self.search(query);
            return;
        }
        self.clarify(suggestions);
    }

    fn clarify(&mut self, suggestions: Vec<String>) {
        if suggestions.is_empty() {
            let menu = self.menu_buttons();
            return self.say("fallback.clarify", vec![], menu);
        }
        let lang = self.lang();
        let mut buttons: Vec<QuickReply> = suggestions
            .iter()
            .map(|i| QuickReply {
                label: topic(self.tpl, i, lang),
                payload: format!("intent:{i}"),
            })
            .collect();
        buttons.push(self.human_button());
        self.say("fallback.suggest", vec![], buttons);
    }

    fn on_yes_no(&mut self, yes: bool) {
        match self.awaiting() {
            Some(Awaiting::Confirm) if yes => self.resolve("resolved"),
            Some(Awaiting::Confirm) => self.handoff(vec![Reason::Unresolved]),
            Some(Awaiting::OrderNo) if !yes => self.order_help(),
            Some(_) => self.reprompt(false),
            None if yes => self.say("ack", vec![], vec![]),
            None => {
                let menu = self.menu_buttons();
                self.say("ack.no", vec![], menu);
            }
        }
    }

    fn resolve(&mut self, reply: &str) {
        self.st.flow = None;
        self.st.offered_solution = false;
        self.st.streaks.intents.clear();
        self.say(reply, vec![], vec![]);
        if self.st.suspended.is_empty() {
            self.out.push(Action::Resolve);
            self.record_outcome(Outcome::Solved);
        } else {
            self.resume_suspended();
        }
    }

    /// Puts the active flow aside when it still needs something from the
    /// buyer; drops it otherwise.
    fn park_current(&mut self) {
        if let Some(cur) = self.st.flow.take() {
            let open = cur.awaiting.is_some_and(Awaiting::is_slot);
            if open {
                self.st.suspended.push(cur);
                if self.st.suspended.len() > MAX_SUSPENDED {
                    self.st.suspended.remove(0);
                }
            }
        }
    }

    fn start_or_digress(&mut self, intent: &str, mut slots: Slots) {
        // Back to a suspended flow with the same intent.
        if let Some(i) = self.st.suspended.iter().rposition(|f| f.intent == intent) {
            let mut back = self.st.suspended.remove(i);
            let new = merge(&mut back.slots, slots);
            self.park_current();
            self.st.flow = Some(back);
            return if new {
                self.advance()
            } else {
                self.resume_flow(true)
            };
        }
        if let Some(cur) = self.st.flow.as_mut() {
            if cur.intent == intent {
                let new = merge(&mut cur.slots, slots);
                let open = cur.awaiting.is_some_and(Awaiting::is_slot);
                if !new && cur.awaiting == Some(Awaiting::Confirm) {
                    // The same problem again right after the bot's answer:
                    // it did not help.
                    return self.handoff(vec![Reason::Unresolved]);
                }
                if new || !open {
                    cur.awaiting = None;
                    return self.advance();
                }
                cur.attempts += 1;
                if cur.attempts >= self.cfg.slot_attempts {
                    return self.handoff(vec![Reason::Unresolved]);
                }
                return self.reprompt(true);
            }
            // Within the order flows the buyer changes the question about
            // the same order: switch and keep what is known.
            if is_order_flow(intent) && is_order_flow(&cur.intent) {
                let old = std::mem::take(&mut cur.slots);
                if slots.order_no.is_none() && slots.trade_no.is_none() {
                    slots.order_no = old.order_no;
                    slots.trade_no = old.trade_no;
                }
                if slots.contact_proof.is_none() {
                    slots.contact_proof = old.contact_proof;
                }
                slots.receipt_paid |= old.receipt_paid;
                self.st.flow = None;
            }
        }
        self.start_flow(intent, slots);
    }

    fn start_flow(&mut self, intent: &str, mut slots: Slots) {
        if is_order_flow(intent) && slots.order_no.is_none() && slots.trade_no.is_none() {
            slots.order_no = self.st.current_order.clone();
        }
        self.park_current();
        let mut flow = Flow::new(intent, self.ctx.now_ms);
        flow.slots = slots;
        self.st.flow = Some(flow);
        self.advance();
    }

    fn advance(&mut self) {
        let Some(intent) = self.st.flow.as_ref().map(|f| f.intent.clone()) else {
            return;
        };
        match intent.as_str() {
            i if is_order_flow(i) => self.advance_order(),
            "usage_help" => self.advance_usage(false),
            "fallback" => self.finish_flow(false),
            _ => self.advance_knowledge(&intent),
        }
    }

    fn advance_order(&mut self) {
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        let knowledge_first = matches!(flow.intent.as_str(), "card_invalid" | "recharge_failed")
            && self.cfg.knowledge
            && !flow.searched_knowledge
            && flow.slots.error_code.is_some();
        if knowledge_first {
            flow.searched_knowledge = true;
            flow.pending = Some(Pending::Knowledge);
            let query = format!(
                "{} {}",
                flow.slots.error_code.clone().unwrap_or_default(),
                flow.slots.query.clone().unwrap_or_default()
            );
            return self.search(query.trim().to_string());
        }
        // A double charge with an order (or trade) number goes to a person
        // whatever the order: that tells the buyer nothing about it.
        let named = flow.slots.order_no.is_some() || flow.slots.trade_no.is_some();
        if named && flow.intent == "payment_issue" && flow.slots.double_charge {
            return self.handoff(vec![Reason::OrderProblem]);
        }
        if let Some(no) = flow.slots.order_no.clone() {
            if let Some(facts) = self.st.verified_order(&no).cloned() {
                return self.next_step(&facts);
            }
            return self.verify_step(no, false);
        }
        if let Some(trade_no) = flow.slots.trade_no.clone() {
            return self.verify_step(trade_no, true);
        }
        self.ask_order_no(false);
    }

    /// An order (or payment trade) number the buyer has not proved is
    /// theirs: nothing is said about it — not whether it exists — until the
    /// proof matches. With a proof at hand it is checked; otherwise the bot
    /// asks for one, in the same words for every number.
    fn verify_step(&mut self, order_no: String, by_trade_no: bool) {
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        let proof = self
            .password
            .take()
            .or_else(|| flow.slots.contact_proof.clone());
        if let Some(proof) = proof {
            // The buyer who says the keys never came gets them with the proof.
            let redeliver = flow.intent == "card_not_received"
                && !self.st.screenshots.iter().any(|f| !f.flags.is_empty());
            let Some(flow) = self.st.flow.as_mut() else {
                return;
            };
            flow.pending = Some(if redeliver {
                Pending::Redeliver
            } else {
                Pending::Verify
            });
            flow.awaiting = None;
            self.out.push(Action::VerifyOrder {
                order_no,
                by_trade_no,
                proof: Secret(proof),
                redeliver,
            });
            return;
        }
        flow.awaiting = Some(Awaiting::Proof);
        self.st.push_tried(Tried::AskedProof {
            order_no: order_no.clone(),
        });
        self.say("ask.proof.order", vec![("order_no", order_no)], vec![]);
    }

    fn ask_order_no(&mut self, retry: bool) {
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::OrderNo);
        }
        self.st.push_tried(Tried::AskedOrderNo);
        let id = if self.dont_know {
            "ask.order_no.help"
        } else if retry {
            "ask.order_no.retry"
        } else {
            "ask.order_no"
        };
        let buttons = vec![self.button("dont_know", "dont_know")];
        self.say(id, vec![], buttons);
    }

    /// The buyer cannot find the order number. Orders found by the
    /// contact's e-mail or phone are never listed: those prove nothing.
    fn order_help(&mut self) {
        if self.st.flow.is_none() {
            self.st.flow = Some(Flow::new("order_status", self.ctx.now_ms));
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::OrderNo);
        }
        self.say("ask.order_no.help", vec![], vec![self.human_button()]);
    }

    fn order_vars(&self, o: &OrderFacts) -> Vars {
        let lang = self.lang();
        vec![
            ("order_no", o.order_no.clone()),
            ("product", o.product.clone()),
            ("amount", o.amount.clone()),
            ("currency", o.currency.clone()),
            ("diagnosis", o.wording(lang).to_string()),
            (
                "minutes",
                o.minutes_since_paid
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| self.label("minutes.unknown")),
            ),
        ]
    }

    /// Tells the buyer the shop's diagnosis of a verified order, once.
    fn explain(&mut self, facts: &OrderFacts) {
        let no = &facts.order_no;
        let d = facts.diagnosis;
        let explained = self.st.tried.iter().any(|t| {
            matches!(t, Tried::ExplainedDiagnosis { order_no, diagnosis }
                if order_no == no && diagnosis == d.as_str())
        });
        if !explained {
            self.say("order.status", self.order_vars(facts), vec![]);
            self.st.push_tried(Tried::ExplainedDiagnosis {
                order_no: no.clone(),
                diagnosis: d.as_str().to_string(),
            });
        }
    }

    /// What to do once the flow's order is verified.
    fn next_step(&mut self, facts: &OrderFacts) {
        let Some(flow) = self.st.flow.as_ref() else {
            return;
        };
        let intent = flow.intent.clone();
        let slots = flow.slots.clone();
        let d = facts.diagnosis;
        let vars = self.order_vars(facts);
        self.explain(facts);
        let escalate = facts.escalate.as_deref();
        if d == Diagnosis::PaidNotDelivered || escalate == Some("paid_not_delivered") {
            if intent == "refund_request" {
                self.record_refund(facts, &slots);
            }
            if self.cfg.paid_not_delivered_handoff {
                return self.handoff(vec![Reason::PaidNotDelivered]);
            }
            self.say("card.processing", vars, vec![self.human_button()]);
            return self.finish_flow(false);
        }
        if d == Diagnosis::Abnormal || escalate.is_some() {
            if intent == "refund_request" {
                self.record_refund(facts, &slots);
            }
            return self.handoff(vec![Reason::OrderProblem]);
        }
        let unpaid = matches!(d, Diagnosis::Unpaid | Diagnosis::Expired);
        if unpaid && slots.receipt_paid {
            return self.handoff(vec![Reason::OrderProblem]);
        }
        match (intent.as_str(), d) {
            ("refund_request", Diagnosis::Unpaid | Diagnosis::Expired) => {
                self.say("refund.unpaid", vars, vec![]);
                self.finish_flow(true);
            }
            (_, Diagnosis::Refunded) => {
                self.say("order.refunded", vars, vec![]);
                self.finish_flow(true);
            }
            ("refund_request", _) => self.refund_step(facts, &slots),
            ("order_status", Diagnosis::Delivered) => {
                let buttons = vec![
                    self.button("card_not_received", "intent:card_not_received"),
                    self.button("card_invalid", "intent:card_invalid"),
                    self.button("resolved", "resolved"),
                ];
                self.say("order.delivered", vars, buttons);
                self.finish_flow(true);
            }
            (
                "order_status" | "card_not_received" | "card_invalid" | "product_mismatch",
                Diagnosis::Processing,
            ) => {
                self.say(
                    "card.processing",
                    vars,
                    vec![self.button("ok", "ok"), self.human_button()],
                );
                self.finish_flow(true);
            }
            ("order_status", _) if unpaid => {
                self.say("order.unpaid", vars, vec![]);
                self.finish_flow(true);
            }
            ("card_not_received", Diagnosis::Delivered) => self.redeliver_step(facts, &slots),
            ("card_invalid", Diagnosis::Delivered) => {
                self.tips_with_vars("card.invalid_tips", vars);
                let guide = signals::find_guide(self.tpl, &facts.product, &[]);
                if let Some(g) = guide {
                    self.say(&g, vec![], vec![]);
                    self.st.push_tried(Tried::SentGuide { guide: g });
                }
                self.offer_confirm();
            }
            ("recharge_failed", Diagnosis::Delivered) => {
                self.tips_with_vars("recharge.done", vars);
                self.offer_confirm();
            }
            ("recharge_failed", Diagnosis::Processing) => {
                self.say("recharge.processing", vars, vec![self.button("ok", "ok")]);
                self.finish_flow(true);
            }
            ("payment_issue", Diagnosis::Delivered | Diagnosis::Processing) => {
                if slots.double_charge {
                    return self.handoff(vec![Reason::OrderProblem]);
                }
                self.say("payment.ok", vars, vec![]);
                self.offer_confirm();
            }
            ("product_mismatch", Diagnosis::Delivered) => {
                let buttons = vec![
                    self.button("refund", "intent:refund_request"),
                    self.human_button(),
                    self.button("resolved", "resolved"),
                ];
                self.say("mismatch.check", vars, buttons);
                self.finish_flow(true);
            }
            (_, Diagnosis::Unpaid | Diagnosis::Expired) => {
                if let Some(flow) = self.st.flow.as_mut() {
                    flow.awaiting = Some(Awaiting::Receipt);
                }
                self.st.push_tried(Tried::AskedReceipt);
                self.say("ask.receipt", vars, vec![self.human_button()]);
            }
            _ => {
                self.say("order.unknown", vars, vec![self.human_button()]);
                self.finish_flow(false);
            }
        }
    }

    fn redeliver_step(&mut self, facts: &OrderFacts, slots: &Slots) {
        let no = facts.order_no.clone();
        if self.st.redelivered(&no) {
            self.say("card.already_redelivered", self.order_vars(facts), vec![]);
            return self.handoff(vec![Reason::Unresolved]);
        }
        let proof = self.password.take().or_else(|| slots.contact_proof.clone());
        if let Some(proof) = proof {
            if let Some(flow) = self.st.flow.as_mut() {
                flow.pending = Some(Pending::Redeliver);
                flow.awaiting = None;
            }
            self.out.push(Action::VerifyOrder {
                order_no: no,
                by_trade_no: false,
                proof: Secret(proof),
                redeliver: true,
            });
            return;
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::Proof);
        }
        self.st.push_tried(Tried::AskedProof {
            order_no: no.clone(),
        });
        self.say("ask.proof", vec![("order_no", no)], vec![]);
    }

    fn refund_step(&mut self, facts: &OrderFacts, slots: &Slots) {
        let amount = facts.amount_value().unwrap_or(0.0);
        let limit = self.cfg.refund_handoff_above;
        if limit >= 0.0 && amount > limit {
            self.record_refund(facts, slots);
            self.intent = "refund_request".into();
            return self.handoff(vec![Reason::SensitiveIntent]);
        }
        if slots.reason.is_none() {
            if let Some(flow) = self.st.flow.as_mut() {
                flow.awaiting = Some(Awaiting::RefundReason);
            }
            let buttons = self.reason_buttons();
            return self.say("ask.refund_reason", vec![], buttons);
        }
        self.record_refund(facts, slots);
        self.say("refund.recorded", self.order_vars(facts), vec![]);
        self.finish_flow(true);
    }

    fn record_refund(&mut self, facts: &OrderFacts, slots: &Slots) {
        let already = self.st.tried.iter().any(
            |t| matches!(t, Tried::RecordedRefund { order_no } if order_no == &facts.order_no),
        );
        if already {
            return;
        }
        self.out.push(Action::RecordRefundRequest {
            order_no: facts.order_no.clone(),
            amount: Some(facts.amount.clone()).filter(|a| !a.is_empty()),
            currency: Some(facts.currency.clone()).filter(|c| !c.is_empty()),
            reason: slots.reason.clone().unwrap_or_else(|| "other".into()),
        });
        self.st.push_tried(Tried::RecordedRefund {
            order_no: facts.order_no.clone(),
        });
    }

    fn advance_usage(&mut self, from_button: bool) {
        let Some(flow) = self.st.flow.as_ref() else {
            return;
        };
        // The shop's own articles come first: they know its products better
        // than the built-in guides, which follow when no article fits.
        if let (true, false, false, Some(q)) = (
            self.cfg.knowledge,
            flow.searched_knowledge,
            from_button,
            flow.slots.query.clone(),
        ) {
            if let Some(flow) = self.st.flow.as_mut() {
                flow.searched_knowledge = true;
                flow.pending = Some(Pending::Knowledge);
            }
            return self.search(q);
        }
        let mut guide = flow.slots.guide.clone();
        if guide.is_none() && !from_button {
            guide = self
                .st
                .current_order
                .as_deref()
                .and_then(|no| self.st.verified_order(no))
                .and_then(|o| signals::find_guide(self.tpl, &o.product, &[]));
        }
        if let Some(g) = guide {
            self.say(&g, vec![], vec![]);
            self.st.push_tried(Tried::SentGuide { guide: g });
            return self.offer_confirm();
        }
        let asked = flow.awaiting == Some(Awaiting::Platform) || from_button;
        let query = flow.slots.query.clone();
        if asked {
            if let (true, Some(q), false) = (self.cfg.knowledge, query, flow.searched_knowledge) {
                if let Some(flow) = self.st.flow.as_mut() {
                    flow.searched_knowledge = true;
                    flow.pending = Some(Pending::Knowledge);
                    flow.awaiting = None;
                }
                return self.search(q);
            }
            self.say("guide.generic", vec![], vec![]);
            self.st.push_tried(Tried::SentGuide {
                guide: "guide.generic".into(),
            });
            return self.offer_confirm();
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::Platform);
        }
        let buttons = self.platform_buttons();
        self.say("ask.platform", vec![], buttons);
    }

    fn advance_knowledge(&mut self, intent: &str) {
        let answer = format!("answer.{intent}");
        if self.tpl.get(&answer).is_some() {
            self.say(&answer, vec![], vec![]);
            return self.offer_confirm();
        }
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        if self.cfg.knowledge && !flow.searched_knowledge {
            if let Some(q) = flow.slots.query.clone() {
                flow.searched_knowledge = true;
                flow.pending = Some(Pending::Knowledge);
                return self.search(q);
            }
        }
        self.on_knowledge_none();
    }

    fn search(&mut self, query: String) {
        let short: String = query.chars().take(60).collect();
        self.st
            .push_tried(Tried::SearchedKnowledge { query: short });
        self.out.push(Action::SearchKnowledge { query });
    }

    fn tips(&mut self, id: &str) {
        self.tips_with_vars(id, vec![]);
    }

    fn tips_with_vars(&mut self, id: &str, vars: Vars) {
        self.say(id, vars, vec![]);
        self.st.push_tried(Tried::SentTips {
            template: id.to_string(),
        });
    }

    /// Asks whether it worked, or goes back to a suspended flow.
    fn offer_confirm(&mut self) {
        if !self.st.suspended.is_empty() {
            return self.finish_flow(true);
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::Confirm);
        }
        self.st.offered_solution = true;
        let buttons = self.confirm_buttons();
        self.attach_buttons(buttons);
    }

    fn finish_flow(&mut self, offered: bool) {
        self.st.flow = None;
        self.st.offered_solution |= offered;
        if !self.st.suspended.is_empty() {
            self.resume_suspended();
        }
    }

    fn resume_suspended(&mut self) {
        if let Some(prev) = self.st.suspended.pop() {
            self.st.flow = Some(prev);
            self.resume_flow(true);
        }
    }

    /// Asks again for what the flow waits on; `announce` wraps it in "back
    /// to your earlier question".
    fn resume_flow(&mut self, announce: bool) {
        let Some(flow) = self.st.flow.as_ref() else {
            return;
        };
        let Some((id, vars, buttons)) = self.prompt_for(flow.awaiting, false) else {
            return self.advance();
        };
        if !announce {
            return self.say(id, vars, buttons);
        }
        let topic = topic(self.tpl, &flow.intent, self.lang());
        let prompt = self.text(id, &vars);
        self.say(
            "resume",
            vec![("topic", topic), ("prompt", prompt)],
            buttons,
        );
    }

    fn reprompt(&mut self, retry: bool) {
        let awaiting = self.awaiting();
        if let Some((id, vars, buttons)) = self.prompt_for(awaiting, retry) {
            self.say(id, vars, buttons);
        }
    }

    fn prompt_for(
        &self,
        awaiting: Option<Awaiting>,
        retry: bool,
    ) -> Option<(&'static str, Vars, Vec<QuickReply>)> {
        let slots = self.st.flow.as_ref().map(|f| &f.slots);
        let order_no = slots
            .and_then(|s| s.order_no.clone().or_else(|| s.trade_no.clone()))
            .unwrap_or_default();
        // Before the proof the bot asks for it to say anything about the
        // order; after, only to show the card keys again.
        let proved = self.st.verified_order(&order_no).is_some();
        Some(match awaiting? {
            Awaiting::OrderNo => (
                if retry {
                    "ask.order_no.retry"
                } else {
                    "ask.order_no"
                },
                vec![],
                vec![self.button("dont_know", "dont_know")],
            ),
            Awaiting::Proof => (
                if retry {
                    "ask.proof.again"
                } else if proved {
                    "ask.proof"
                } else {
                    "ask.proof.order"
                },
                vec![("order_no", order_no)],
                vec![],
            ),
            Awaiting::RefundReason => ("ask.refund_reason", vec![], self.reason_buttons()),
            Awaiting::Platform => ("ask.platform", vec![], self.platform_buttons()),
            Awaiting::Receipt => (
                "ask.receipt",
                vec![("order_no", order_no)],
                vec![self.human_button()],
            ),
            Awaiting::Confirm => ("confirm.question", vec![], self.confirm_buttons()),
        })
    }

    // ----- replies ------------------------------------------------------

    fn common_vars(&self, vars: &mut Vars) {
        if !vars.iter().any(|(k, _)| *k == "name") {
            let name = match (&self.ctx.contact_name, self.cfg.greet_by_name) {
                (Some(n), true) => n.clone(),
                _ => self.label("name.default"),
            };
            vars.push(("name", name));
        }
        if let Some(b) = &self.ctx.back_at {
            vars.push(("back_at", b.clone()));
        }
    }

    /// Renders a template (choosing and remembering its variant).
    fn render_template(&mut self, id: &str, mut vars: Vars) -> (String, Option<String>) {
        self.common_vars(&mut vars);
        let lang = self.lang();
        match self.tpl.choose(id, self.ctx.seed, &mut self.st.variants) {
            Some((v, name)) => (render(v.text(lang), &vars).trim().to_string(), name),
            None => (format!("[missing template {id}]"), None),
        }
    }

    fn text(&mut self, id: &str, vars: &Vars) -> String {
        self.render_template(id, vars.clone()).0
    }

    fn say(&mut self, id: &str, vars: Vars, quick_replies: Vec<QuickReply>) {
        let (text, variant) = self.render_template(id, vars);
        self.out.push(Action::Reply {
            text,
            quick_replies,
            template_id: id.to_string(),
            variant,
        });
    }

    /// Adds buttons to the last reply of this turn.
    fn attach_buttons(&mut self, buttons: Vec<QuickReply>) {
        let last = self.out.iter_mut().rev().find_map(|a| match a {
            Action::Reply { quick_replies, .. } => Some(quick_replies),
            _ => None,
        });
        if let Some(q) = last {
            for b in buttons {
                if !q.iter().any(|x| x.payload == b.payload) {
                    q.push(b);
                }
            }
        }
    }

    /// A label template's text in the conversation's language (first
    /// variant; labels are not A/B tested).
    fn label(&self, id: &str) -> String {
        self.tpl
            .get(id)
            .and_then(|t| t.variants.first())
            .map(|v| v.text(self.lang()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    fn button(&self, key: &str, payload: &str) -> QuickReply {
        QuickReply {
            label: self.label(&format!("button.{key}")),
            payload: payload.to_string(),
        }
    }

    fn human_button(&self) -> QuickReply {
        self.button("human", "human")
    }

    fn confirm_buttons(&self) -> Vec<QuickReply> {
        vec![
            self.button("resolved", "resolved"),
            self.button("not_solved", "not_solved"),
        ]
    }

    fn menu_buttons(&self) -> Vec<QuickReply> {
        vec![
            self.button("card_not_received", "intent:card_not_received"),
            self.button("order_status", "intent:order_status"),
            self.button("card_invalid", "intent:card_invalid"),
            self.button("usage_help", "intent:usage_help"),
            self.human_button(),
        ]
    }

    fn reason_buttons(&self) -> Vec<QuickReply> {
        ["card_invalid", "not_received", "wrong_item", "other"]
            .iter()
            .map(|r| self.button(&format!("reason.{r}"), &format!("reason:{r}")))
            .collect()
    }

    fn platform_buttons(&self) -> Vec<QuickReply> {
        let mut b: Vec<QuickReply> = PLATFORM_BUTTONS
            .iter()
            .filter(|p| self.tpl.get(&format!("guide.{p}")).is_some())
            .map(|p| self.button(&format!("guide.{p}"), &format!("platform:{p}")))
            .collect();
        b.push(self.button("guide.other", "platform:other"));
        b
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
