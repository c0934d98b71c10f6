//! A screenshot the vision worker read: its order number and payment
//! status feed the order flows; a forged-looking receipt goes to a person.

use crate::dialog::*;

impl Bot<'_> {
    pub(crate) fn on_screenshot(&mut self, f: &ScreenshotFacts) {
        self.st.push_turn(TurnRecord {
            at_ms: self.ctx.now_ms,
            source: TurnSource::Screenshot,
            intent: Intent::Fallback,
            button: None,
            screenshot: Some(f.kind),
            confidence: 1.0,
            handled_as: Handled::Screenshot.as_str().to_string(),
            sentiment: None,
            entities: Vec::new(),
        });
        self.st.last_message_ms = Some(self.ctx.now_ms);
        self.st.streaks.fallback = 0;
        self.st.push_screenshot(f.clone());
        self.handled = Some(Handled::Screenshot);
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
            let order_flow = flow.intent.needs_order();
            if new_info && order_flow {
                flow.awaiting = None;
                return self.advance();
            }
            if awaiting == Some(Awaiting::OrderNo) {
                // The picture has a number, but the bot still asks for one:
                // that number did not lead to an order. Say so, rather than
                // asking for the picture it just got.
                if let Some(no) = &f.order_no {
                    let buttons = vec![self.human_button()];
                    return self.say(
                        "screenshot.order_unknown",
                        vec![("order_no", no.clone())],
                        buttons,
                    );
                }
                return self.say("screenshot.no_order", vec![], vec![]);
            }
            if awaiting == Some(Awaiting::Proof) {
                // The same order again while the bot waits for the proof:
                // say again what it needs, not just "thanks".
                if let Some(no) = self.st.flow.as_ref().and_then(|f| f.slots.order_no.clone()) {
                    let buttons = vec![self.human_button()];
                    return self.say("ask.proof.again", vec![("order_no", no)], buttons);
                }
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
                self.start_flow(Intent::OrderStatus, slots)
            }
            ScreenshotKind::OrderPage | ScreenshotKind::PaymentReceipt => {
                self.say("screenshot.no_order", vec![], vec![])
            }
            ScreenshotKind::ErrorDialog => self.start_flow(Intent::CardInvalid, slots),
            ScreenshotKind::ProductPage => self.say("screenshot.product", vec![], vec![]),
            ScreenshotKind::Chat | ScreenshotKind::Other => {
                let menu = self.menu_buttons();
                self.say("screenshot.unclear", vec![], menu)
            }
        }
    }
}
