//! The handoff summary: what the bot learned, so the agent does not ask
//! again. Machine-readable fields plus a paragraph in Chinese and English.

use std::fmt::Write as _;

use kadesk_nlu::{SentimentFlag, SentimentLabel};
use serde::{Deserialize, Serialize};

use crate::facts::{Diagnosis, Lang, OrderFacts, Priority, Reason, ScreenshotFacts};
use crate::state::{DialogState, SeenEntity, Tried};
use crate::templates::Templates;
use kadesk_domain::Intent;

mod words;
pub(crate) use words::topic;
use words::{
    ago, amount_words, awaiting_code, diagnosis_words, entity_value, entity_words, field_words,
    mood_words, order_summary, payment_words, pending_code, priority_words, reason_words,
    screenshot_words, tried_words, waiting_words,
};

/// What the agent gets with a handoff.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Summary {
    /// Why, most important first.
    pub reasons: Vec<Reason>,
    /// Queue priority.
    pub priority: Priority,
    /// The buyer's language.
    pub language: Lang,
    /// Intents the buyer raised, in order of first appearance.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub intents: Vec<Intent>,
    /// Entities mentioned, each once (card keys masked).
    pub entities: Vec<SeenEntity>,
    /// Orders verified in the conversation, with the shop's diagnosis (the
    /// executor adds the orders the buyer named but did not prove).
    pub orders: Vec<OrderSummary>,
    /// What screenshots showed.
    pub screenshots: Vec<ScreenshotFacts>,
    /// How the buyer's mood went.
    pub sentiment: SentimentTrend,
    /// What the bot already tried, oldest first.
    pub tried: Vec<Tried>,
    /// What the bot was in the middle of, if anything.
    pub open: Option<OpenQuestion>,
    /// One paragraph for agents, Chinese.
    pub text_zh: String,
    /// One paragraph for agents, English.
    pub text_en: String,
}

/// The flow the bot was in when it handed off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenQuestion {
    /// The intent (`card_not_received`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub intent: Intent,
    /// What it waited for: `order_no`, `proof`, `refund_reason`,
    /// `platform`, `receipt`, `confirm` (from the buyer) or `verify`,
    /// `redeliver`, `knowledge` (from the executor).
    pub waiting_for: Option<String>,
}

/// One order in the summary.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OrderSummary {
    /// The order.
    pub order_no: String,
    /// Product.
    pub product: String,
    /// Amount (`"30.00"`).
    pub amount: String,
    /// Currency.
    pub currency: String,
    /// Diagnosis code.
    pub diagnosis: Diagnosis,
    /// Payment status.
    pub payment_status: String,
    /// Delivery status.
    pub delivery_status: String,
    /// Minutes since payment.
    pub minutes_since_paid: Option<u32>,
    /// The buyer proved it is theirs.
    pub verified: bool,
    /// The bot re-delivered its keys.
    pub redelivered: bool,
}

/// The buyer's mood over the conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SentimentTrend {
    /// Score of each typed message, oldest first.
    pub scores: Vec<f32>,
    /// Negative messages.
    pub negative_messages: u32,
    /// Lowest score.
    pub lowest: f32,
    /// Flags raised in any message.
    pub flags: Vec<SentimentFlag>,
    /// `improving`, `steady` or `worsening` (last against first).
    pub trend: Trend,
}

/// Direction of the mood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Better at the end.
    Improving,
    /// About the same.
    #[default]
    Steady,
    /// Worse at the end.
    Worsening,
}

impl Summary {
    /// Builds the summary of a conversation at handoff.
    pub fn build(
        st: &DialogState,
        reasons: &[Reason],
        priority: Priority,
        lang: Lang,
        templates: &Templates,
    ) -> Summary {
        let mut intents: Vec<Intent> = Vec::new();
        let mut entities: Vec<SeenEntity> = Vec::new();
        let mut scores = Vec::new();
        let mut flags: Vec<SentimentFlag> = Vec::new();
        let mut negative = 0;
        for t in &st.turns {
            let handled = Intent::from_name(&t.handled_as);
            if handled.is_builtin() && handled != Intent::Fallback && !intents.contains(&handled) {
                intents.push(handled);
            }
            for e in &t.entities {
                if !entities.contains(e) {
                    entities.push(e.clone());
                }
            }
            if let Some(s) = &t.sentiment {
                // `+ 0.0` turns -0.0 into 0.0.
                scores.push(s.score + 0.0);
                if s.label == SentimentLabel::Negative {
                    negative += 1;
                }
                for f in &s.flags {
                    if !flags.contains(f) {
                        flags.push(*f);
                    }
                }
            }
        }
        flags.sort();
        let trend = match (scores.first(), scores.last()) {
            (Some(a), Some(b)) if scores.len() > 1 && b - a <= -0.3 => Trend::Worsening,
            (Some(a), Some(b)) if scores.len() > 1 && b - a >= 0.3 => Trend::Improving,
            _ => Trend::Steady,
        };
        let lowest = scores.iter().copied().fold(0.0f32, f32::min);
        let orders = st
            .orders
            .iter()
            .map(|o| order_summary(st, o))
            .collect::<Vec<_>>();
        let open = st.flow.as_ref().map(|f| OpenQuestion {
            intent: f.intent.clone(),
            waiting_for: match (f.awaiting, f.pending) {
                (Some(a), _) => Some(awaiting_code(a).to_string()),
                (None, Some(p)) => Some(pending_code(p).to_string()),
                (None, None) => None,
            },
        });
        let mut s = Summary {
            reasons: reasons.to_vec(),
            priority,
            language: lang,
            intents,
            entities,
            orders,
            screenshots: st.screenshots.clone(),
            sentiment: SentimentTrend {
                scores,
                negative_messages: negative,
                lowest,
                flags,
                trend,
            },
            tried: st.tried.clone(),
            open,
            text_zh: String::new(),
            text_en: String::new(),
        };
        s.text_zh = s.render(Lang::Zh, templates);
        s.text_en = s.render(Lang::En, templates);
        s
    }

    /// Adds an order the buyer named but did not prove is theirs — looked up
    /// by the executor for the agent, never told to the buyer — and renders
    /// the paragraphs again. An order already in the summary is left as is.
    pub fn add_unverified_order(&mut self, facts: &OrderFacts, templates: &Templates) {
        let known = self
            .orders
            .iter()
            .any(|o| o.order_no.eq_ignore_ascii_case(&facts.order_no));
        if known {
            return;
        }
        self.orders.push(OrderSummary {
            order_no: facts.order_no.clone(),
            product: facts.product.clone(),
            amount: facts.amount.clone(),
            currency: facts.currency.clone(),
            diagnosis: facts.diagnosis,
            payment_status: facts.payment_status.clone(),
            delivery_status: facts.delivery_status.clone(),
            minutes_since_paid: facts.minutes_since_paid,
            verified: false,
            redelivered: false,
        });
        self.text_zh = self.render(Lang::Zh, templates);
        self.text_en = self.render(Lang::En, templates);
    }

    /// The paragraph for agents in `lang`.
    pub fn render(&self, lang: Lang, templates: &Templates) -> String {
        let zh = lang == Lang::Zh;
        let sep = if zh { "；" } else { "; " };
        let stop = if zh { "。" } else { ". " };
        let mut out = String::new();
        let reasons: Vec<&str> = self.reasons.iter().map(|r| reason_words(*r, zh)).collect();
        let _ = write!(
            out,
            "{}{}{}{}",
            if zh {
                "转人工原因："
            } else {
                "Handed off: "
            },
            reasons.join(if zh { "、" } else { ", " }),
            if zh {
                format!("（优先级：{}）", priority_words(self.priority, zh))
            } else {
                format!(" (priority {})", priority_words(self.priority, zh))
            },
            stop
        );
        if !self.intents.is_empty() {
            let topics: Vec<String> = self
                .intents
                .iter()
                .map(|i| topic(templates, i, lang))
                .collect();
            let _ = write!(
                out,
                "{}{}{}",
                if zh {
                    "买家问题："
                } else {
                    "Buyer asked about: "
                },
                topics.join(" → "),
                stop
            );
        }
        if !self.entities.is_empty() {
            let ents: Vec<String> = self
                .entities
                .iter()
                .map(|e| format!("{} {}", entity_words(e.kind, zh), entity_value(e, zh)))
                .collect();
            let _ = write!(
                out,
                "{}{}{}",
                if zh { "提到：" } else { "Mentioned: " },
                ents.join(if zh { "，" } else { ", " }),
                stop
            );
        }
        for o in &self.orders {
            let mut line = if zh {
                format!(
                    "订单 {}：{}，{}，{}",
                    o.order_no,
                    o.product,
                    kadesk_domain::money_label(&o.amount, &o.currency),
                    diagnosis_words(o.diagnosis, zh)
                )
            } else {
                format!(
                    "Order {}: {}, {}, {}",
                    o.order_no,
                    o.product,
                    kadesk_domain::money_label(&o.amount, &o.currency),
                    diagnosis_words(o.diagnosis, zh)
                )
            };
            if let Some(m) = o.minutes_since_paid {
                let _ = if zh {
                    write!(line, "，{}付款", ago(m, zh))
                } else {
                    write!(line, ", paid {}", ago(m, zh))
                };
            }
            if o.redelivered {
                line.push_str(if zh {
                    "，已验证并补发"
                } else {
                    ", verified and re-delivered"
                });
            } else if o.verified {
                line.push_str(if zh { "，已验证" } else { ", verified" });
            } else {
                line.push_str(if zh {
                    "，买家未验证（未告知买家）"
                } else {
                    ", not verified (not told to the buyer)"
                });
            }
            out.push_str(&line);
            out.push_str(stop);
        }
        for s in &self.screenshots {
            let mut parts = vec![screenshot_words(s.kind.as_str(), zh).to_string()];
            let mut field = |label_zh: &str, label_en: &str, v: &Option<String>| {
                if let Some(v) = v {
                    parts.push(format!("{} {v}", if zh { label_zh } else { label_en }));
                }
            };
            field("订单号", "order", &s.order_no);
            field("交易号", "trade no", &s.trade_no);
            field(
                "金额",
                "amount",
                &s.amount.as_deref().map(|a| amount_words(a, zh)),
            );
            field(
                "支付状态",
                "payment",
                &s.payment_status.as_deref().map(|p| payment_words(p, zh)),
            );
            field("错误码", "error", &s.error_code);
            field("错误信息", "message", &s.error_message);
            if !s.missing.is_empty() {
                parts.push(format!(
                    "{}{}",
                    if zh { "未识别：" } else { "unreadable: " },
                    s.missing
                        .iter()
                        .map(|f| field_words(f, zh))
                        .collect::<Vec<_>>()
                        .join(if zh { "、" } else { ", " })
                ));
            }
            for flag in &s.flags {
                parts.push(format!(
                    "{}{}",
                    if zh { "可疑：" } else { "suspect: " },
                    if zh { &flag.zh } else { &flag.en }
                ));
            }
            let _ = write!(
                out,
                "{}{}{}",
                if zh { "截图：" } else { "Screenshot: " },
                parts.join(if zh { "，" } else { ", " }),
                stop
            );
        }
        let t = &self.sentiment;
        if !t.scores.is_empty() {
            let _ = write!(out, "{}{}", mood_words(t, zh), stop);
        }
        if !self.tried.is_empty() {
            let tried: Vec<String> = self.tried.iter().map(|x| tried_words(x, zh)).collect();
            let _ = write!(
                out,
                "{}{}{}",
                if zh {
                    "机器人已做："
                } else {
                    "Bot already: "
                },
                tried.join(sep),
                stop
            );
        }
        if let Some(open) = &self.open {
            let mut line = topic(templates, &open.intent, lang);
            if let Some(w) = &open.waiting_for {
                let _ = if zh {
                    write!(line, "，等待{}", waiting_words(w, zh))
                } else {
                    write!(line, ", waiting for {}", waiting_words(w, zh))
                };
            }
            let _ = write!(
                out,
                "{}{}{}",
                if zh { "进行中：" } else { "Open: " },
                line,
                stop
            );
        }
        out.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kadesk_nlu::EntityKind;

    /// The words an agent must never read in a summary: codes, ISO money,
    /// minute counts in the thousands.
    const RAW: &[&str] = &[
        "paid_not_delivered",
        "（delivered）",
        "alipay",
        "CNY",
        "order_page",
        "order_no",
        "4324",
        "tips.card",
    ];

    fn angry_buyer_summary() -> Summary {
        Summary {
            reasons: vec![Reason::NegativeSentiment],
            priority: Priority::High,
            language: Lang::Zh,
            entities: vec![
                SeenEntity {
                    kind: EntityKind::Platform,
                    value: "alipay".into(),
                },
                SeenEntity {
                    kind: EntityKind::Amount,
                    value: "300 CNY".into(),
                },
            ],
            orders: vec![OrderSummary {
                order_no: "D1".into(),
                product: "王者荣耀 60 点券".into(),
                amount: "6.00".into(),
                currency: "CNY".into(),
                diagnosis: Diagnosis::PaidNotDelivered,
                payment_status: "paid".into(),
                delivery_status: "pending".into(),
                minutes_since_paid: Some(4324),
                verified: true,
                redelivered: false,
            }],
            screenshots: vec![ScreenshotFacts {
                payment_status: Some("unpaid".into()),
                missing: vec!["order_no".into()],
                ..ScreenshotFacts::default()
            }],
            sentiment: SentimentTrend {
                scores: vec![-0.8],
                negative_messages: 1,
                lowest: -0.8,
                flags: vec![SentimentFlag::Anger, SentimentFlag::Threat],
                trend: Trend::Steady,
            },
            tried: vec![
                Tried::ExplainedDiagnosis {
                    order_no: "D1".into(),
                    diagnosis: "delivered".into(),
                },
                Tried::SentTips {
                    template: "tips.card_invalid".into(),
                },
            ],
            ..Summary::default()
        }
    }

    #[test]
    fn summary_shows_no_raw_codes_in_either_language() {
        let s = angry_buyer_summary();
        let t = Templates::builtin();
        for lang in [Lang::Zh, Lang::En] {
            let text = s.render(lang, &t);
            for raw in RAW {
                assert!(!text.contains(raw), "{raw:?} in {text}");
            }
        }
        // English words are the English wording; in Chinese they are raw.
        let zh_text = s.render(Lang::Zh, &t);
        for raw in ["delivered)", "unpaid"] {
            assert!(!zh_text.contains(raw), "{raw:?} in {zh_text}");
        }
        let zh = s.render(Lang::Zh, &t);
        assert!(zh.contains("¥6.00"), "{zh}");
        assert!(zh.contains("3 天前付款"), "{zh}");
        assert!(zh.contains("平台 支付宝"), "{zh}");
        assert!(zh.contains("金额 ¥300"), "{zh}");
        assert!(zh.contains("说明订单 D1 状态（已发货）"), "{zh}");
        let en = s.render(Lang::En, &t);
        assert!(en.contains("¥6.00"), "{en}");
        assert!(en.contains("paid 3 days ago"), "{en}");
        assert!(en.contains("paid but not delivered"), "{en}");
    }

    #[test]
    fn an_angry_buyer_is_not_called_calm() {
        let s = angry_buyer_summary();
        let zh = s.render(Lang::Zh, &Templates::builtin());
        assert!(!zh.contains("平稳"), "{zh}");
        assert!(
            zh.contains("情绪：不满，1 条负面消息（愤怒、威胁投诉）"),
            "{zh}"
        );
        let mut calm = s.clone();
        calm.sentiment = SentimentTrend {
            scores: vec![0.1, 0.2],
            ..SentimentTrend::default()
        };
        assert!(calm
            .render(Lang::Zh, &Templates::builtin())
            .contains("情绪：平稳"));
        let mut worse = s;
        worse.sentiment.scores = vec![0.0, -0.8];
        worse.sentiment.trend = Trend::Worsening;
        let zh = worse.render(Lang::Zh, &Templates::builtin());
        assert!(zh.contains("越来越激动"), "{zh}");
    }

    #[test]
    fn minutes_read_as_people_say_them() {
        assert_eq!(ago(0, true), "刚刚");
        assert_eq!(ago(5, true), "5 分钟前");
        assert_eq!(ago(130, true), "2 小时前");
        assert_eq!(ago(4324, true), "3 天前");
        assert_eq!(ago(1, false), "1 minute ago");
        assert_eq!(ago(4324, false), "3 days ago");
    }
}
