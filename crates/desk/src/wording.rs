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
    /// The bot put the conversation in the queue for an agent.
    HandedOff,
    /// An agent (named) joined the conversation.
    AgentJoined { name: String },
    /// An agent marked the conversation resolved.
    Resolved,
    /// An agent handed the conversation back to the bot.
    BotBack,
    /// The bot re-delivered an order's card keys (shown masked here; the
    /// plain keys go to the buyer's window only).
    KeysShown {
        order_no: String,
        masked: Vec<String>,
    },
    /// The heading over card keys sent to a platform channel (the keys
    /// follow, one a line, added by the channel: never part of a notice).
    KeysFollow { order_no: String },
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
            (Notice::HandedOff, Lang::Zh) => {
                "已为您转接人工客服，请稍候，客服接入后会尽快回复您。".into()
            }
            (Notice::HandedOff, Lang::En) => {
                "You are in the queue for a human agent; they will reply as soon as they join."
                    .into()
            }
            (Notice::AgentJoined { name }, Lang::Zh) => format!("客服 {name} 已接入，正在为您服务"),
            (Notice::AgentJoined { name }, Lang::En) => format!("{name} joined the conversation"),
            (Notice::Resolved, Lang::Zh) => {
                "本次会话已解决。如还有问题，直接留言即可继续。".into()
            }
            (Notice::Resolved, Lang::En) => {
                "This conversation is marked as resolved. Write again any time to continue.".into()
            }
            (Notice::BotBack, Lang::Zh) => "智能助手已回到会话，继续为您服务。".into(),
            (Notice::BotBack, Lang::En) => "The assistant is back in this conversation.".into(),
            (Notice::KeysFollow { order_no }, Lang::Zh) => {
                format!("订单 {order_no} 的卡密（请及时复制保存）：")
            }
            (Notice::KeysFollow { order_no }, Lang::En) => {
                format!("The card keys of order {order_no} (copy them now):")
            }
            (Notice::KeysShown { order_no, masked }, Lang::Zh) => format!(
                "订单 {order_no} 的卡密已显示在聊天窗口（仅本次显示，请及时复制保存）：{}",
                masked.join("，")
            ),
            (Notice::KeysShown { order_no, masked }, Lang::En) => format!(
                "The card keys of order {order_no} are shown in the chat window (this time only; copy them now): {}",
                masked.join(", ")
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
            Notice::HandedOff,
            Notice::AgentJoined { name: "A".into() },
            Notice::Resolved,
            Notice::BotBack,
            Notice::KeysShown {
                order_no: "N1".into(),
                masked: vec!["ab**".into()],
            },
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
