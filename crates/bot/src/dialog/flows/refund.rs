//! The refund flow: the reason is asked, the request recorded for agents
//! (never paid out by the bot).

use crate::dialog::*;

impl Bot<'_> {
    pub(crate) fn refund_step(&mut self, facts: &OrderFacts, slots: &Slots) {
        let amount = facts.amount_value().unwrap_or(0.0);
        let limit = self.cfg.refund_handoff_above;
        if limit >= 0.0 && amount > limit {
            self.record_refund(facts, slots);
            self.handled = Some(Handled::Intent(Intent::RefundRequest));
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

    pub(crate) fn record_refund(&mut self, facts: &OrderFacts, slots: &Slots) {
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
}
