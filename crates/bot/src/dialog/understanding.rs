//! Reading a message for the dialog: its language, whether it answers the
//! question the bot asked, and the slots it fills.

use super::*;

impl Bot<'_> {
    /// Follows the buyer's language, but not on a message the NLU could not
    /// place ("asdfgh" is not English).
    pub(crate) fn set_language(&mut self, p: &Parse) {
        if Intent::from_name(&p.intent.name) == Intent::Fallback {
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

    pub(crate) fn lang(&self) -> Lang {
        self.st.language.or(self.ctx.language).unwrap_or_default()
    }

    pub(crate) fn awaiting(&self) -> Option<Awaiting> {
        self.st.flow.as_ref().and_then(|f| f.awaiting)
    }

    /// The message answers what the active flow asked for.
    pub(crate) fn slot_answer(&self, raw: &str, p: &Parse) -> Option<Fill> {
        let flow = self.st.flow.as_ref()?;
        let awaiting = flow.awaiting?;
        let first = |k: EntityKind| p.values(k).next().map(str::to_string);
        let nlu_intent = Intent::from_name(&p.intent.name);
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
                let free = matches!(nlu_intent, Intent::Fallback | Intent::RefundRequest)
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
        let same = nlu_intent == flow.intent
            || nlu_intent == Intent::Fallback
            || p.intent.confidence < self.cfg.low_confidence
            || (awaiting == Awaiting::OrderNo && nlu_intent == Intent::OrderStatus)
            || matches!(fill, Fill::Password(_));
        (same || signals::residual_weight(p) <= SLOT_ANSWER_MAX_WEIGHT).then_some(fill)
    }

    pub(crate) fn apply_fill(&mut self, fill: Fill) {
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

    pub(crate) fn slots_from(&self, raw: &str, p: &Parse) -> Slots {
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
}
