//! Handing a conversation to a person: the reasons from
//! [`crate::policy`], the reply, the priority and the summary; and the
//! outcomes recorded per A/B variant.

use super::*;

impl Bot<'_> {
    /// The intent this event is handled as, if it is one.
    fn handled_intent(&self) -> Option<&Intent> {
        self.handled.as_ref().and_then(Handled::intent)
    }

    /// The contact is a VIP (tagged, or spent enough).
    pub(crate) fn is_vip(&self) -> bool {
        self.cfg.is_vip(self.ctx.vip, self.ctx.lifetime_spend)
    }

    /// The handoff reasons for this turn ([`crate::policy::handoff_reasons`]).
    pub(crate) fn policy(&self, handled: &Handled, p: Option<&Parse>) -> Vec<Reason> {
        let intent = handled.policy_intent();
        crate::policy::handoff_reasons(self.st, self.ctx, self.cfg, &intent, p)
    }

    /// A refund request handed off at once is still recorded when its order
    /// is known.
    pub(crate) fn before_handoff(&mut self, handled: &Handled, raw: &str, p: &Parse) {
        if handled.intent() != Some(&Intent::RefundRequest) {
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

    pub(crate) fn handoff(&mut self, mut reasons: Vec<Reason>) {
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
        let fraud = self.handled_intent() == Some(&Intent::FraudReport)
            || self
                .st
                .turns
                .iter()
                .any(|t| Intent::from_name(&t.handled_as) == Intent::FraudReport);
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

    pub(crate) fn handoff_template(&self, reasons: &[Reason], fraud: bool) -> &'static str {
        let has = |r: Reason| reasons.contains(&r);
        if has(Reason::SensitiveIntent) {
            if fraud {
                return "handoff.fraud";
            }
            match self.handled_intent() {
                Some(Intent::Complaint) => return "handoff.complaint",
                Some(Intent::RefundRequest) => return "handoff.refund",
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

    pub(crate) fn record_outcome(&mut self, outcome: Outcome) {
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
}
