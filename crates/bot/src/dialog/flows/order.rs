//! The order flows (`order_status`, `card_not_received`, `card_invalid`,
//! `recharge_failed`, `payment_issue`, `product_mismatch`): fill the order
//! number, ask for proof, verify, then act on the shop's diagnosis; a
//! buyer without the keys gets them again.

use crate::dialog::*;

impl Bot<'_> {
    /// The buyer proved the order is theirs: from now on the bot may tell
    /// them everything about it.
    pub(crate) fn on_verified(&mut self, facts: &OrderFacts, keys: usize) {
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
            Some(flow) if flow.pending.is_some() || flow.intent.needs_order() => {
                let asked = flow.pending == Some(Pending::Redeliver);
                flow.pending = None;
                flow.awaiting = None;
                flow.slots.order_no = Some(no.clone());
                flow.slots.trade_no = None;
                asked
            }
            _ => {
                self.park_current();
                let mut flow = Flow::new(Intent::OrderStatus, self.ctx.now_ms);
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
            // The keys are the answer: no diagnosis between the key box and
            // "did you get them?" (a delivered order's wording offers to
            // re-send what was just sent).
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

    pub(crate) fn on_verification_failed(&mut self, order_no: &str, locked: bool) {
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

    pub(crate) fn advance_order(&mut self) {
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        let knowledge_first = matches!(flow.intent, Intent::CardInvalid | Intent::RechargeFailed)
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
        if named && flow.intent == Intent::PaymentIssue && flow.slots.double_charge {
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
    pub(crate) fn verify_step(&mut self, order_no: String, by_trade_no: bool) {
        let Some(flow) = self.st.flow.as_mut() else {
            return;
        };
        let proof = self
            .password
            .take()
            .or_else(|| flow.slots.contact_proof.clone());
        if let Some(proof) = proof {
            // The buyer who says the keys never came gets them with the proof.
            let redeliver = flow.intent == Intent::CardNotReceived
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

    pub(crate) fn ask_order_no(&mut self, retry: bool) {
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
    pub(crate) fn order_help(&mut self) {
        if self.st.flow.is_none() {
            self.st.flow = Some(Flow::new(Intent::OrderStatus, self.ctx.now_ms));
        }
        if let Some(flow) = self.st.flow.as_mut() {
            flow.awaiting = Some(Awaiting::OrderNo);
        }
        self.say("ask.order_no.help", vec![], vec![self.human_button()]);
    }

    pub(crate) fn order_vars(&self, o: &OrderFacts) -> Vars {
        let lang = self.lang();
        vec![
            ("order_no", o.order_no.clone()),
            ("product", o.product.clone()),
            ("price", kadesk_domain::money_label(&o.amount, &o.currency)),
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
    pub(crate) fn explain(&mut self, facts: &OrderFacts) {
        let no = &facts.order_no;
        let d = facts.diagnosis;
        let explained = self.st.tried.iter().any(|t| {
            matches!(t, Tried::ExplainedDiagnosis { order_no, diagnosis }
                if order_no == no && diagnosis == d.as_str())
        });
        if !explained {
            // The shop's wording names the order itself: saying "订单 D1（…）："
            // before it would name it twice.
            let named = facts.wording(self.lang()).contains(no.as_str());
            let id = if named {
                "order.status"
            } else {
                "order.status.unnamed"
            };
            self.say(id, self.order_vars(facts), vec![]);
            self.st.push_tried(Tried::ExplainedDiagnosis {
                order_no: no.clone(),
                diagnosis: d.as_str().to_string(),
            });
        }
    }

    /// What to do once the flow's order is verified.
    pub(crate) fn next_step(&mut self, facts: &OrderFacts) {
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
            if intent == Intent::RefundRequest {
                self.record_refund(facts, &slots);
            }
            if self.cfg.paid_not_delivered_handoff {
                return self.handoff(vec![Reason::PaidNotDelivered]);
            }
            self.say("card.processing", vars, vec![self.human_button()]);
            return self.finish_flow(false);
        }
        if d == Diagnosis::Abnormal || escalate.is_some() {
            if intent == Intent::RefundRequest {
                self.record_refund(facts, &slots);
            }
            return self.handoff(vec![Reason::OrderProblem]);
        }
        let unpaid = matches!(d, Diagnosis::Unpaid | Diagnosis::Expired);
        if unpaid && slots.receipt_paid {
            return self.handoff(vec![Reason::OrderProblem]);
        }
        match (&intent, d) {
            (Intent::RefundRequest, Diagnosis::Unpaid | Diagnosis::Expired) => {
                self.say("refund.unpaid", vars, vec![]);
                self.finish_flow(true);
            }
            (_, Diagnosis::Refunded) => {
                self.say("order.refunded", vars, vec![]);
                self.finish_flow(true);
            }
            (Intent::RefundRequest, _) => self.refund_step(facts, &slots),
            (Intent::OrderStatus, Diagnosis::Delivered) => {
                let buttons = vec![
                    self.intent_button(Intent::CardNotReceived),
                    self.intent_button(Intent::CardInvalid),
                    self.button("resolved", "resolved"),
                ];
                self.say("order.delivered", vars, buttons);
                self.finish_flow(true);
            }
            (
                Intent::OrderStatus
                | Intent::CardNotReceived
                | Intent::CardInvalid
                | Intent::ProductMismatch,
                Diagnosis::Processing,
            ) => {
                self.say(
                    "card.processing",
                    vars,
                    vec![self.button("ok", "ok"), self.human_button()],
                );
                self.finish_flow(true);
            }
            (Intent::OrderStatus, _) if unpaid => {
                self.say("order.unpaid", vars, vec![]);
                self.finish_flow(true);
            }
            (Intent::CardNotReceived, Diagnosis::Delivered) => self.redeliver_step(facts, &slots),
            (Intent::CardInvalid, Diagnosis::Delivered) => {
                self.tips_with_vars("card.invalid_tips", vars);
                let guide = signals::find_guide(self.tpl, &facts.product, &[]);
                if let Some(g) = guide {
                    self.say(&g, vec![], vec![]);
                    self.st.push_tried(Tried::SentGuide { guide: g });
                }
                self.offer_confirm();
            }
            (Intent::RechargeFailed, Diagnosis::Delivered) => {
                self.tips_with_vars("recharge.done", vars);
                self.offer_confirm();
            }
            (Intent::RechargeFailed, Diagnosis::Processing) => {
                self.say("recharge.processing", vars, vec![self.button("ok", "ok")]);
                self.finish_flow(true);
            }
            (Intent::PaymentIssue, Diagnosis::Delivered | Diagnosis::Processing) => {
                if slots.double_charge {
                    return self.handoff(vec![Reason::OrderProblem]);
                }
                self.say("payment.ok", vars, vec![]);
                self.offer_confirm();
            }
            (Intent::ProductMismatch, Diagnosis::Delivered) => {
                let buttons = vec![
                    self.button(
                        "refund",
                        &ButtonPayload::Intent(Intent::RefundRequest).to_string(),
                    ),
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

    pub(crate) fn redeliver_step(&mut self, facts: &OrderFacts, slots: &Slots) {
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
}
