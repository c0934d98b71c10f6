//! What a buyer sends: a message (understood, checked by the handoff
//! policy, then routed to a flow), a detail for the current flow, or a
//! pressed button.

use super::*;

impl Bot<'_> {
    pub(crate) fn on_message(&mut self, raw: &str, p: &Parse) {
        let now = self.ctx.now_ms;
        self.idle_reset(now);
        self.st.last_message_ms = Some(now);
        self.set_language(p);
        if p.sentiment.flags.contains(&SentimentFlag::Threat) {
            self.st.threat_seen = true;
        }
        let nlu_intent = Intent::from_name(&p.intent.name);
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
            Handled::Restart
        } else if fill.is_some() {
            Handled::Intent(
                self.st
                    .flow
                    .as_ref()
                    .map(|f| f.intent.clone())
                    .unwrap_or_default(),
            )
        } else if info_only {
            match &self.st.flow {
                Some(f) if f.intent.needs_order() || !names_order => {
                    Handled::Intent(f.intent.clone())
                }
                _ if names_order => Handled::Intent(Intent::OrderStatus),
                _ => Handled::Info,
            }
        } else if self.dont_know && awaiting == Some(Awaiting::OrderNo) {
            Handled::DontKnow
        } else if let Some(y) = yes_no {
            if y {
                Handled::Yes
            } else {
                Handled::No
            }
        } else {
            Handled::Intent(nlu_intent.clone())
        };
        self.st.push_turn(TurnRecord {
            at_ms: now,
            source: TurnSource::Text,
            intent: nlu_intent.clone(),
            button: None,
            screenshot: None,
            confidence,
            handled_as: handled_as.as_str().to_string(),
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
        let understood = handled_as.as_str() != nlu_intent.as_str()
            || has_info
            || (nlu_intent != Intent::Fallback && confidence >= self.cfg.low_confidence);
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
            && handled_as.intent().is_some_and(Intent::is_problem)
            && confidence >= self.cfg.low_confidence
        {
            *streaks
                .intents
                .entry(handled_as.as_str().to_string())
                .or_default() += 1;
        }
        self.handled = Some(handled_as.clone());
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
        if handled_as == Handled::DontKnow {
            return self.order_help();
        }
        if let Some(y) = yes_no {
            return self.on_yes_no(y);
        }
        let unsure = nlu_intent == Intent::Fallback || confidence < self.cfg.low_confidence;
        if unsure && names_order {
            // A bare order number: look it up.
            let slots = self.slots_from(raw, p);
            return self.start_or_digress(Intent::OrderStatus, slots);
        }
        if unsure {
            return self.on_not_understood(raw, p);
        }
        self.on_intent(&nlu_intent, Some((raw, p)));
    }

    /// An order number or contact detail without much else: kept for the
    /// flow, which goes on.
    pub(crate) fn on_info(&mut self, raw: &str, p: &Parse) {
        let slots = self.slots_from(raw, p);
        let names_order = slots.order_no.is_some() || slots.trade_no.is_some();
        let in_order_flow = self
            .st
            .flow
            .as_ref()
            .is_some_and(|f| f.intent.needs_order());
        if names_order && !in_order_flow {
            return self.start_or_digress(Intent::OrderStatus, slots);
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
        if new_order && flow.intent.needs_order() {
            flow.awaiting = None;
            return self.advance();
        }
        match flow.awaiting {
            Some(_) => self.reprompt(false),
            None => self.advance(),
        }
    }

    pub(crate) fn on_button(&mut self, payload: &str) {
        let button = ButtonPayload::parse(payload);
        let handled_as = match &button {
            ButtonPayload::Human => Handled::Intent(Intent::HumanAgent),
            ButtonPayload::Intent(intent) => Handled::Intent(intent.clone()),
            ButtonPayload::Resolved | ButtonPayload::Yes => Handled::Yes,
            ButtonPayload::No | ButtonPayload::NotSolved => Handled::No,
            other => Handled::Button(other.head().to_string()),
        };
        self.st.push_turn(TurnRecord {
            at_ms: self.ctx.now_ms,
            source: TurnSource::Button,
            intent: handled_as.intent().cloned().unwrap_or_default(),
            button: Some(button.clone()),
            screenshot: None,
            confidence: 1.0,
            handled_as: handled_as.as_str().to_string(),
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
        let reasons = self.policy(&handled_as, None);
        self.handled = Some(handled_as);
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
            ButtonPayload::Intent(intent) => self.on_intent(&intent, None),
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
                    .is_some_and(|f| f.intent.needs_order());
                if fits {
                    self.apply_fill(Fill::Order(arg));
                    self.advance();
                } else {
                    let slots = Slots {
                        order_no: Some(arg),
                        ..Slots::default()
                    };
                    self.start_flow(Intent::OrderStatus, slots);
                }
            }
            ButtonPayload::Platform(arg) => {
                let guide = format!("guide.{arg}");
                let guide = self.tpl.get(&guide).is_some().then_some(guide);
                let in_usage = self
                    .st
                    .flow
                    .as_ref()
                    .is_some_and(|f| f.intent == Intent::UsageHelp);
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
                    self.start_flow(Intent::UsageHelp, slots);
                }
            }
            ButtonPayload::Reason(arg) => {
                let in_refund = self
                    .st
                    .flow
                    .as_ref()
                    .is_some_and(|f| f.intent == Intent::RefundRequest);
                if in_refund {
                    self.apply_fill(Fill::Reason(arg));
                    self.advance();
                } else {
                    let slots = Slots {
                        reason: Some(arg),
                        ..Slots::default()
                    };
                    self.start_or_digress(Intent::RefundRequest, slots);
                }
            }
            ButtonPayload::Other(_) => self.clarify(Vec::new()),
        }
    }
}
