//! The usage flow: which platform, then its guide.

use crate::dialog::*;

impl Bot<'_> {
    pub(crate) fn advance_usage(&mut self, from_button: bool) {
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
}
