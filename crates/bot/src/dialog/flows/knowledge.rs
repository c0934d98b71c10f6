//! Product and account questions: searched in the knowledge base, and what
//! came back (an answer, or nothing).

use crate::dialog::*;

impl Bot<'_> {
    pub(crate) fn on_knowledge(&mut self, title: &str, answer: &str) {
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

    pub(crate) fn on_knowledge_none(&mut self) {
        let Some(flow) = self.st.flow.as_mut() else {
            return self.clarify(Vec::new());
        };
        flow.pending = None;
        let intent = flow.intent.clone();
        match intent {
            Intent::Fallback => {
                let suggestions = std::mem::take(&mut flow.slots.suggestions);
                self.st.flow = None;
                self.clarify(suggestions);
            }
            Intent::AccountIssue => {
                self.tips("account.tips");
                self.offer_confirm();
            }
            Intent::UsageHelp => self.advance_usage(false),
            i if i.needs_order() => self.advance(),
            _ => {
                let buttons = vec![self.human_button(), self.button("no_thanks", "ok")];
                self.say("product.unknown", vec![], buttons);
                self.finish_flow(false);
            }
        }
    }

    pub(crate) fn advance_knowledge(&mut self, intent: &Intent) {
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

    pub(crate) fn search(&mut self, query: String) {
        let short: String = query.chars().take(60).collect();
        self.st
            .push_tried(Tried::SearchedKnowledge { query: short });
        self.out.push(Action::SearchKnowledge { query });
    }
}
