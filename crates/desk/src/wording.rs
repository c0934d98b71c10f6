//! Everything the desk itself says to buyers, in both languages, in one
//! table. (The bot's replies are its own table, `crates/bot/templates.toml`,
//! which operators may edit; these are the desk's fixed notices.)
//!
//! Add a notice as a variant of [`Notice`] with its zh-CN and en text in
//! [`Notice::text`]; callers pass the buyer's [`Lang`], parsed once.

use kadesk_domain::Lang;

/// A notice the desk sends or answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An agent (named) joined the conversation.
    AgentJoined { name: String },
    /// An agent marked the conversation resolved.
    Resolved,
    /// An agent handed the conversation back to the bot.
    BotBack,
    /// The note over re-delivered card keys: the plain keys go to the
    /// buyer's window only, in a box under this note; the stored text has
    /// none of them.
    KeysShown { order_no: String, count: usize },
    /// The note over card keys an agent pasted into a reply (stored masked
    /// there; the plain keys go to the key box under this note).
    KeysPasted { count: usize },
    /// The heading over card keys sent to a platform channel (the keys
    /// follow, one a line, added by the channel: never part of a notice).
    KeysFollow { order_no: String },
    /// The team a waiting buyer was routed to is off (outside its hours)
    /// until `back_*` (as [`crate::schedule::Schedule::back_at`] says it).
    TeamOff {
        team: String,
        back_zh: String,
        back_en: String,
    },
    /// The widget's name for a visitor who gave none.
    Visitor { code: String },
    /// Too many pictures are being processed (said in both languages: the
    /// uploader's language is not known yet).
    PicturesBusy,
}

impl Notice {
    /// The notice in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Notice::AgentJoined { name }, Lang::Zh) => format!("客服 {name} 已接入，正在为您服务"),
            (Notice::AgentJoined { name }, Lang::En) => format!("{name} joined the conversation"),
            (Notice::Resolved, Lang::Zh) => "本次会话已解决。如还有问题，直接留言即可继续。".into(),
            (Notice::Resolved, Lang::En) => {
                "This conversation is marked as resolved. Write again any time to continue.".into()
            }
            (Notice::BotBack, Lang::Zh) => "智能助手已回到会话，继续为您服务。".into(),
            (Notice::BotBack, Lang::En) => "The assistant is back in this conversation.".into(),
            (Notice::KeysShown { order_no, count }, Lang::Zh) => {
                format!("订单 {order_no} 的 {count} 张卡密如下，只显示这一次，请立即复制保存：")
            }
            (Notice::KeysShown { order_no, count }, Lang::En) => format!(
                "The {count} card key(s) of order {order_no}, shown this once only; copy them now:"
            ),
            (Notice::KeysFollow { order_no }, Lang::Zh) => {
                format!("订单 {order_no} 的卡密（请及时复制保存）：")
            }
            (Notice::KeysFollow { order_no }, Lang::En) => {
                format!("The card keys of order {order_no} (copy them now):")
            }
            (Notice::KeysPasted { count }, Lang::Zh) => {
                format!("客服发来的 {count} 个卡密如下，只显示这一次，请立即复制保存：")
            }
            (Notice::KeysPasted { count }, Lang::En) => format!(
                "The {count} card key(s) from the agent, shown this once only; copy them now:"
            ),
            (Notice::TeamOff { team, back_zh, .. }, Lang::Zh) => format!(
                "{team}的客服现在休息，{back_zh} 上班。请留下联系方式和您的问题，上班后按排队顺序第一时间处理，不必一直守在这里。"
            ),
            (Notice::TeamOff { team, back_en, .. }, Lang::En) => format!(
                "The {team} team is off now and back at {back_en}. Leave your contact details and your question: you keep your place and we take it up first thing, so there is no need to wait here."
            ),
            (Notice::Visitor { code }, Lang::Zh) => format!("访客 {code}"),
            (Notice::Visitor { code }, Lang::En) => format!("Visitor {code}"),
            (Notice::PicturesBusy, _) => {
                "图片处理繁忙，请稍后再试 / busy processing pictures, try again in a few seconds"
                    .into()
            }
        }
    }

    /// Whether `name` is one the widget generated ([`Notice::Visitor`]) in
    /// either language, rather than one a buyer or agent gave.
    pub fn is_generated_visitor_name(name: &str) -> bool {
        [Lang::Zh, Lang::En].into_iter().any(|lang| {
            let prefix = Notice::Visitor {
                code: String::new(),
            }
            .text(lang);
            name.starts_with(&prefix)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_both_languages_and_they_differ() {
        let all = [
            Notice::AgentJoined { name: "A".into() },
            Notice::Resolved,
            Notice::BotBack,
            Notice::KeysShown {
                order_no: "N1".into(),
                count: 2,
            },
            Notice::KeysPasted { count: 1 },
            Notice::Visitor {
                code: "AB12".into(),
            },
        ];
        for notice in all {
            let (zh, en) = (notice.text(Lang::Zh), notice.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{notice:?}");
            assert_ne!(zh, en, "{notice:?}");
        }
    }

    #[test]
    fn generated_visitor_names_are_recognised_in_both_languages() {
        assert!(Notice::is_generated_visitor_name("访客 AB12"));
        assert!(Notice::is_generated_visitor_name("Visitor AB12"));
        assert!(!Notice::is_generated_visitor_name("Alice"));
    }
}
