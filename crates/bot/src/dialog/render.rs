//! Rendering replies: templates with their variables, prompts for the
//! awaited slot, and the buttons under a reply.

use super::*;

impl Bot<'_> {
    pub(crate) fn prompt_for(
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

    pub(crate) fn common_vars(&self, vars: &mut Vars) {
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
    pub(crate) fn render_template(&mut self, id: &str, mut vars: Vars) -> (String, Option<String>) {
        self.common_vars(&mut vars);
        let lang = self.lang();
        match self.tpl.choose(id, self.ctx.seed, &mut self.st.variants) {
            Some((v, name)) => (render(v.text(lang), &vars).trim().to_string(), name),
            None => (format!("[missing template {id}]"), None),
        }
    }

    pub(crate) fn text(&mut self, id: &str, vars: &Vars) -> String {
        self.render_template(id, vars.clone()).0
    }

    pub(crate) fn say(&mut self, id: &str, vars: Vars, quick_replies: Vec<QuickReply>) {
        let (text, variant) = self.render_template(id, vars);
        self.out.push(Action::Reply {
            text,
            quick_replies,
            template_id: id.to_string(),
            variant,
        });
    }

    /// Adds buttons to the last reply of this turn.
    pub(crate) fn attach_buttons(&mut self, buttons: Vec<QuickReply>) {
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
    pub(crate) fn label(&self, id: &str) -> String {
        self.tpl
            .get(id)
            .and_then(|t| t.variants.first())
            .map(|v| v.text(self.lang()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    pub(crate) fn button(&self, key: &str, payload: &str) -> QuickReply {
        QuickReply {
            label: self.label(&format!("button.{key}")),
            payload: payload.to_string(),
        }
    }

    /// A button that starts the flow of `intent`, labelled
    /// `button.<intent>`.
    pub(crate) fn intent_button(&self, intent: Intent) -> QuickReply {
        let payload = ButtonPayload::Intent(intent.clone()).to_string();
        self.button(intent.as_str(), &payload)
    }

    pub(crate) fn human_button(&self) -> QuickReply {
        self.button("human", "human")
    }

    pub(crate) fn confirm_buttons(&self) -> Vec<QuickReply> {
        vec![
            self.button("resolved", "resolved"),
            self.button("not_solved", "not_solved"),
        ]
    }

    pub(crate) fn menu_buttons(&self) -> Vec<QuickReply> {
        vec![
            self.intent_button(Intent::CardNotReceived),
            self.intent_button(Intent::OrderStatus),
            self.intent_button(Intent::CardInvalid),
            self.intent_button(Intent::UsageHelp),
            self.human_button(),
        ]
    }

    pub(crate) fn reason_buttons(&self) -> Vec<QuickReply> {
        ["card_invalid", "not_received", "wrong_item", "other"]
            .iter()
            .map(|r| self.button(&format!("reason.{r}"), &format!("reason:{r}")))
            .collect()
    }

    pub(crate) fn platform_buttons(&self) -> Vec<QuickReply> {
        let mut b: Vec<QuickReply> = PLATFORM_BUTTONS
            .iter()
            .filter(|p| self.tpl.get(&format!("guide.{p}")).is_some())
            .map(|p| self.button(&format!("guide.{p}"), &format!("platform:{p}")))
            .collect();
        b.push(self.button("guide.other", "platform:other"));
        b
    }
}
