//! The flow machinery shared by every intent: starting, digressing and
//! resuming flows, clarifying, confirming, resolving and starting over.

use super::*;

impl Bot<'_> {
    pub(crate) fn idle_reset(&mut self, now: i64) {
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

    pub(crate) fn restart(&mut self) {
        let st = &mut *self.st;
        st.flow = None;
        st.suspended.clear();
        st.streaks = Streaks::default();
        st.offered_solution = false;
        st.current_order = None;
        let menu = self.menu_buttons();
        self.say("restart", vec![], menu);
    }

    pub(crate) fn on_intent(&mut self, intent: &Intent, msg: Option<(&str, &Parse)>) {
        match intent {
            Intent::Greeting => self.greet(),
            Intent::Thanks => {
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
            Intent::Goodbye => {
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
            Intent::HumanAgent => self.say("human.unavailable", vec![], vec![]),
            Intent::Complaint | Intent::FraudReport => {
                let id = format!("{intent}.noted");
                self.say(&id, vec![], vec![self.human_button()]);
            }
            _ => {
                let slots = match msg {
                    Some((raw, p)) => self.slots_from(raw, p),
                    None => Slots::default(),
                };
                self.start_or_digress(intent.clone(), slots);
            }
        }
    }

    pub(crate) fn greet(&mut self) {
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
    pub(crate) fn on_not_understood(&mut self, raw: &str, p: &Parse) {
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
        let mut suggestions: Vec<Intent> = Vec::new();
        let nlu_intent = Intent::from_name(&p.intent.name);
        if nlu_intent != Intent::Fallback {
            suggestions.push(nlu_intent);
        }
        for alt in &p.alternatives {
            let alt_intent = Intent::from_name(&alt.name);
            let useful = !matches!(
                alt_intent,
                Intent::Greeting | Intent::Thanks | Intent::Goodbye
            );
            if useful && alt.confidence >= self.cfg.suggest_above && suggestions.len() < 3 {
                suggestions.push(alt_intent);
            }
        }
        if self.cfg.knowledge && signals::content_weight(raw) >= 4 {
            self.park_current();
            let mut flow = Flow::new(Intent::Fallback, self.ctx.now_ms);
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

    pub(crate) fn clarify(&mut self, suggestions: Vec<Intent>) {
        if suggestions.is_empty() {
            let menu = self.menu_buttons();
            return self.say("fallback.clarify", vec![], menu);
        }
        let lang = self.lang();
        let mut buttons: Vec<QuickReply> = suggestions
            .iter()
            .map(|i| QuickReply {
                label: topic(self.tpl, i, lang),
                payload: ButtonPayload::Intent(i.clone()).to_string(),
            })
            .collect();
        buttons.push(self.human_button());
        self.say("fallback.suggest", vec![], buttons);
    }

    pub(crate) fn on_yes_no(&mut self, yes: bool) {
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

    pub(crate) fn resolve(&mut self, reply: &str) {
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
    pub(crate) fn park_current(&mut self) {
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

    pub(crate) fn start_or_digress(&mut self, intent: Intent, mut slots: Slots) {
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
            if intent.needs_order() && cur.intent.needs_order() {
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

    pub(crate) fn start_flow(&mut self, mut intent: Intent, mut slots: Slots) {
        if self.asks_where_the_key_is(&intent, &slots) {
            // "卡密在哪里" about an order the conversation is about: the buyer
            // does not have the keys, so the bot verifies and re-delivers
            // them instead of explaining where keys are shown.
            intent = Intent::CardNotReceived;
        }
        if intent.needs_order() && slots.order_no.is_none() && slots.trade_no.is_none() {
            slots.order_no = self.st.current_order.clone();
        }
        self.park_current();
        let mut flow = Flow::new(intent, self.ctx.now_ms);
        flow.slots = slots;
        self.st.flow = Some(flow);
        self.advance();
    }

    /// A usage question that asks where the card key is ("卡密在哪里",
    /// "where is my code"), with an order named in the message or already
    /// the conversation's order.
    fn asks_where_the_key_is(&self, intent: &Intent, slots: &Slots) -> bool {
        *intent == Intent::UsageHelp
            && slots.guide.as_deref() == Some(FIND_KEY_GUIDE)
            && (slots.order_no.is_some() || self.st.current_order.is_some())
    }

    pub(crate) fn advance(&mut self) {
        let Some(intent) = self.st.flow.as_ref().map(|f| f.intent.clone()) else {
            return;
        };
        match intent {
            i if i.needs_order() => self.advance_order(),
            Intent::UsageHelp => self.advance_usage(false),
            Intent::Fallback => self.finish_flow(false),
            _ => self.advance_knowledge(&intent),
        }
    }

    pub(crate) fn tips(&mut self, id: &str) {
        self.tips_with_vars(id, vec![]);
    }

    pub(crate) fn tips_with_vars(&mut self, id: &str, vars: Vars) {
        self.say(id, vars, vec![]);
        self.st.push_tried(Tried::SentTips {
            template: id.to_string(),
        });
    }

    /// Asks whether it worked, or goes back to a suspended flow.
    pub(crate) fn offer_confirm(&mut self) {
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

    pub(crate) fn finish_flow(&mut self, offered: bool) {
        self.st.flow = None;
        self.st.offered_solution |= offered;
        if !self.st.suspended.is_empty() {
            self.resume_suspended();
        }
    }

    pub(crate) fn resume_suspended(&mut self) {
        if let Some(prev) = self.st.suspended.pop() {
            self.st.flow = Some(prev);
            self.resume_flow(true);
        }
    }

    /// Asks again for what the flow waits on; `announce` wraps it in "back
    /// to your earlier question".
    pub(crate) fn resume_flow(&mut self, announce: bool) {
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

    pub(crate) fn reprompt(&mut self, retry: bool) {
        let awaiting = self.awaiting();
        if let Some((id, vars, buttons)) = self.prompt_for(awaiting, retry) {
            self.say(id, vars, buttons);
        }
    }
}
