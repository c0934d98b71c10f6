//! The handoff summary: what the bot learned, so the agent does not ask
//! again. Machine-readable fields plus a paragraph in Chinese and English.

use std::fmt::Write as _;

use kadesk_nlu::{EntityKind, SentimentFlag, SentimentLabel};
use serde::{Deserialize, Serialize};

use crate::facts::{Diagnosis, Lang, OrderFacts, Priority, Reason, ScreenshotFacts};
use crate::state::{Awaiting, DialogState, Pending, SeenEntity, Tried};
use crate::templates::Templates;
use kadesk_domain::Intent;

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

/// The buyer's mood in words that agree with each other: calm when no
/// message was negative; otherwise how many were, what showed, and where
/// the mood went when there was more than one message to compare.
fn mood_words(t: &SentimentTrend, zh: bool) -> String {
    if t.negative_messages == 0 {
        return match (t.trend, zh) {
            (Trend::Improving, true) => "情绪：平稳，有所好转".into(),
            (Trend::Improving, false) => "Mood: calm, getting better".into(),
            (_, true) => "情绪：平稳".into(),
            (_, false) => "Mood: calm".into(),
        };
    }
    let flags: Vec<&str> = t.flags.iter().map(|f| flag_words(*f, zh)).collect();
    let compared = t.scores.len() > 1;
    if zh {
        let mut line = format!("情绪：不满，{} 条负面消息", t.negative_messages);
        if !flags.is_empty() {
            let _ = write!(line, "（{}）", flags.join("、"));
        }
        match t.trend {
            Trend::Worsening if compared => line.push_str("，越来越激动"),
            Trend::Improving if compared => line.push_str("，已有所缓和"),
            _ => {}
        }
        line
    } else {
        let mut line = format!(
            "Mood: upset, {} negative message{}",
            t.negative_messages,
            if t.negative_messages == 1 { "" } else { "s" }
        );
        if !flags.is_empty() {
            let _ = write!(line, " ({})", flags.join(", "));
        }
        match t.trend {
            Trend::Worsening if compared => line.push_str(", getting worse"),
            Trend::Improving if compared => line.push_str(", calming down"),
            _ => {}
        }
        line
    }
}

/// Minutes ago in words: "刚刚", "5 分钟前", "3 小时前", "3 天前".
fn ago(minutes: u32, zh: bool) -> String {
    let (n, zh_unit, en_unit) = match minutes {
        0 => {
            return if zh {
                "刚刚".into()
            } else {
                "just now".into()
            }
        }
        m if m < 60 => (m, "分钟", "minute"),
        m if m < 48 * 60 => (m / 60, "小时", "hour"),
        m => (m / (24 * 60), "天", "day"),
    };
    if zh {
        format!("{n} {zh_unit}前")
    } else {
        format!("{n} {en_unit}{} ago", if n == 1 { "" } else { "s" })
    }
}

/// An entity's value as people read it: money with its sign, platforms by
/// name; everything else as the buyer wrote it.
fn entity_value(e: &SeenEntity, zh: bool) -> String {
    match e.kind {
        EntityKind::Amount => amount_words(&e.value, zh),
        EntityKind::Platform => platform_words(&e.value, zh).to_string(),
        _ => e.value.clone(),
    }
}

/// `"300 CNY"` → `"¥300"`.
fn amount_words(value: &str, _zh: bool) -> String {
    match value.trim().rsplit_once(' ') {
        Some((number, code)) if code.chars().all(|c| c.is_ascii_alphabetic()) => {
            kadesk_domain::money_label(number, code)
        }
        _ => value.to_string(),
    }
}

/// A platform id of the NLU (`alipay`) by its name.
fn platform_words(id: &str, zh: bool) -> &str {
    match (id, zh) {
        ("alipay", true) => "支付宝",
        ("alipay", false) => "Alipay",
        ("wechat", true) => "微信",
        ("wechat", false) => "WeChat",
        ("qq_wallet", true) => "QQ 钱包",
        ("qq_wallet", false) => "QQ Wallet",
        ("paypal", _) => "PayPal",
        ("usdt", _) => "USDT",
        ("unionpay", true) => "银联",
        ("unionpay", false) => "UnionPay",
        ("steam", _) => "Steam",
        ("psn", _) => "PlayStation",
        ("xbox", _) => "Xbox",
        ("nintendo", true) => "任天堂",
        ("nintendo", false) => "Nintendo",
        ("app_store", _) => "App Store",
        ("google_play", _) => "Google Play",
        ("epic", _) => "Epic",
        ("taobao", true) => "淘宝",
        ("taobao", false) => "Taobao",
        ("xianyu", true) => "闲鱼",
        ("xianyu", false) => "Xianyu",
        ("jd", true) => "京东",
        ("jd", false) => "JD",
        ("pinduoduo", true) => "拼多多",
        ("pinduoduo", false) => "Pinduoduo",
        ("douyin", true) => "抖音",
        ("douyin", false) => "Douyin",
        ("telegram", _) => "Telegram",
        ("whatsapp", _) => "WhatsApp",
        ("netease", true) => "网易",
        ("netease", false) => "NetEase",
        ("tencent", true) => "腾讯",
        ("tencent", false) => "Tencent",
        (other, _) => other,
    }
}

/// A payment status read from a screenshot (`paid`).
fn payment_words(code: &str, zh: bool) -> String {
    let words = match (code, zh) {
        ("paid", true) => "已付款",
        ("unpaid", true) => "未付款",
        ("failed", true) => "支付失败",
        ("refunded", true) => "已退款",
        ("paid", false) => "paid",
        ("unpaid", false) => "unpaid",
        ("failed", false) => "failed",
        ("refunded", false) => "refunded",
        (other, _) => other,
    };
    words.to_string()
}

/// A screenshot field the reader could not make out (`order_no`).
fn field_words(code: &str, zh: bool) -> &str {
    match (code, zh) {
        ("order_no", true) => "订单号",
        ("trade_no", true) => "交易号",
        ("amount", true) => "金额",
        ("payment_status", true) => "支付状态",
        ("time", true) => "时间",
        ("error_code", true) => "错误码",
        ("error_message", true) => "错误信息",
        ("product", true) => "商品",
        ("order_no", false) => "order number",
        ("trade_no", false) => "transaction number",
        ("payment_status", false) => "payment status",
        ("error_code", false) => "error code",
        ("error_message", false) => "error message",
        (other, _) => other,
    }
}

/// A diagnosis code kept in `Tried` (`paid_not_delivered`) in words.
fn diagnosis_code_words(code: &str, zh: bool) -> &'static str {
    let d = [
        Diagnosis::Unpaid,
        Diagnosis::Delivered,
        Diagnosis::PaidNotDelivered,
        Diagnosis::Abnormal,
        Diagnosis::Refunded,
        Diagnosis::Expired,
        Diagnosis::Processing,
    ]
    .into_iter()
    .find(|d| d.as_str() == code)
    .unwrap_or(Diagnosis::Unknown);
    diagnosis_words(d, zh)
}

fn order_summary(st: &DialogState, o: &OrderFacts) -> OrderSummary {
    OrderSummary {
        order_no: o.order_no.clone(),
        product: o.product.clone(),
        amount: o.amount.clone(),
        currency: o.currency.clone(),
        diagnosis: o.diagnosis,
        payment_status: o.payment_status.clone(),
        delivery_status: o.delivery_status.clone(),
        minutes_since_paid: o.minutes_since_paid,
        verified: st
            .verified
            .iter()
            .any(|v| v.eq_ignore_ascii_case(&o.order_no)),
        redelivered: st.redelivered(&o.order_no),
    }
}

/// The buyer-facing name of an intent (`topic.<intent>` template).
pub(crate) fn topic(templates: &Templates, intent: &Intent, lang: Lang) -> String {
    templates
        .get(&format!("topic.{intent}"))
        .and_then(|t| t.variants.first())
        .map(|v| v.text(lang).to_string())
        .unwrap_or_else(|| intent.as_str().replace('_', " "))
}

fn awaiting_code(a: Awaiting) -> &'static str {
    match a {
        Awaiting::OrderNo => "order_no",
        Awaiting::Proof => "proof",
        Awaiting::RefundReason => "refund_reason",
        Awaiting::Platform => "platform",
        Awaiting::Receipt => "receipt",
        Awaiting::Confirm => "confirm",
    }
}

fn pending_code(p: Pending) -> &'static str {
    match p {
        Pending::Lookup => "lookup",
        Pending::RecentOrders => "recent_orders",
        Pending::Verify => "verify",
        Pending::Redeliver => "redeliver",
        Pending::Knowledge => "knowledge",
    }
}

fn waiting_words(code: &str, zh: bool) -> &str {
    match (code, zh) {
        ("order_no", true) => "买家提供订单号",
        ("proof", true) => "买家提供验证信息",
        ("refund_reason", true) => "买家说明退款原因",
        ("platform", true) => "买家说明平台",
        ("receipt", true) => "买家发送付款截图",
        ("confirm", true) => "买家确认是否解决",
        ("lookup", true) => "订单查询结果",
        ("recent_orders", true) => "最近订单",
        ("verify", true) => "验证结果",
        ("redeliver", true) => "验证与补发结果",
        ("knowledge", true) => "知识库结果",
        ("order_no", false) => "the order number",
        ("proof", false) => "proof of purchase",
        ("refund_reason", false) => "the refund reason",
        ("platform", false) => "the platform",
        ("receipt", false) => "a payment receipt",
        ("confirm", false) => "the buyer to confirm",
        ("lookup", false) => "the order lookup",
        ("recent_orders", false) => "the recent orders",
        ("verify", false) => "verification",
        ("redeliver", false) => "verification and re-delivery",
        ("knowledge", false) => "the knowledge search",
        (other, _) => other,
    }
}

fn reason_words(r: Reason, zh: bool) -> &'static str {
    match (r, zh) {
        (Reason::HumanRequest, true) => "买家要求人工",
        (Reason::NegativeSentiment, true) => "买家情绪激动",
        (Reason::RepeatedFallback, true) => "连续无法理解",
        (Reason::RepeatedIntent, true) => "同一问题多次未解决",
        (Reason::SensitiveIntent, true) => "敏感问题",
        (Reason::Vip, true) => "VIP 客户",
        (Reason::PaidNotDelivered, true) => "已付款未发货",
        (Reason::AfterHours, true) => "非工作时间留言",
        (Reason::VerificationFailed, true) => "身份验证未通过",
        (Reason::OrderProblem, true) => "订单异常",
        (Reason::Unresolved, true) => "机器人未能解决",
        (Reason::HumanRequest, false) => "buyer asked for a person",
        (Reason::NegativeSentiment, false) => "buyer upset",
        (Reason::RepeatedFallback, false) => "bot did not understand twice",
        (Reason::RepeatedIntent, false) => "same problem raised repeatedly",
        (Reason::SensitiveIntent, false) => "sensitive matter",
        (Reason::Vip, false) => "VIP contact",
        (Reason::PaidNotDelivered, false) => "paid but not delivered",
        (Reason::AfterHours, false) => "after hours, message taken",
        (Reason::VerificationFailed, false) => "verification failed",
        (Reason::OrderProblem, false) => "order problem",
        (Reason::Unresolved, false) => "bot could not solve it",
    }
}

fn priority_words(p: Priority, zh: bool) -> &'static str {
    match (p, zh) {
        (Priority::Normal, true) => "普通",
        (Priority::High, true) => "高",
        (Priority::Urgent, true) => "紧急",
        (p, false) => p.as_str(),
    }
}

fn entity_words(k: EntityKind, zh: bool) -> &'static str {
    if !zh {
        return match k {
            EntityKind::OrderNo => "order",
            EntityKind::TradeNo => "trade no",
            EntityKind::Email => "e-mail",
            EntityKind::Phone => "phone",
            EntityKind::Qq => "QQ",
            EntityKind::Amount => "amount",
            EntityKind::ErrorCode => "error",
            EntityKind::CardKey => "card key",
            EntityKind::Product => "product",
            EntityKind::Platform => "platform",
        };
    }
    match k {
        EntityKind::OrderNo => "订单号",
        EntityKind::TradeNo => "交易号",
        EntityKind::Email => "邮箱",
        EntityKind::Phone => "手机",
        EntityKind::Qq => "QQ",
        EntityKind::Amount => "金额",
        EntityKind::ErrorCode => "错误码",
        EntityKind::CardKey => "卡密",
        EntityKind::Product => "商品",
        EntityKind::Platform => "平台",
    }
}

fn diagnosis_words(d: Diagnosis, zh: bool) -> &'static str {
    match (d, zh) {
        (Diagnosis::Unpaid, true) => "未付款",
        (Diagnosis::Delivered, true) => "已发货",
        (Diagnosis::PaidNotDelivered, true) => "已付款未发货",
        (Diagnosis::Abnormal, true) => "订单异常",
        (Diagnosis::Refunded, true) => "已退款",
        (Diagnosis::Expired, true) => "已过期",
        (Diagnosis::Processing, true) => "处理中",
        (Diagnosis::Unknown, true) => "状态未知",
        (Diagnosis::Unpaid, false) => "not paid",
        (Diagnosis::Delivered, false) => "delivered",
        (Diagnosis::PaidNotDelivered, false) => "paid but not delivered",
        (Diagnosis::Abnormal, false) => "order problem",
        (Diagnosis::Refunded, false) => "refunded",
        (Diagnosis::Expired, false) => "expired",
        (Diagnosis::Processing, false) => "being delivered",
        (Diagnosis::Unknown, false) => "status unknown",
    }
}

fn screenshot_words(kind: &str, zh: bool) -> &str {
    if !zh {
        return match kind {
            "order_page" => "order page",
            "payment_receipt" => "payment receipt",
            "error_dialog" => "error message",
            "product_page" => "product page",
            "chat" => "chat",
            _ => "other picture",
        };
    }
    match kind {
        "order_page" => "订单页面",
        "payment_receipt" => "付款凭证",
        "error_dialog" => "报错弹窗",
        "product_page" => "商品页面",
        "chat" => "聊天记录",
        _ => "其他图片",
    }
}

fn flag_words(f: SentimentFlag, zh: bool) -> &'static str {
    match (f, zh) {
        (SentimentFlag::Anger, true) => "愤怒",
        (SentimentFlag::Urgency, true) => "着急",
        (SentimentFlag::Threat, true) => "威胁投诉",
        (SentimentFlag::Profanity, true) => "脏话",
        (SentimentFlag::Anger, false) => "anger",
        (SentimentFlag::Urgency, false) => "urgency",
        (SentimentFlag::Threat, false) => "threat",
        (SentimentFlag::Profanity, false) => "profanity",
    }
}

fn tried_words(t: &Tried, zh: bool) -> String {
    match (t, zh) {
        (Tried::AskedOrderNo, true) => "询问订单号".into(),
        (Tried::AskedOrderNo, false) => "asked for the order number".into(),
        (Tried::OfferedRecentOrders, true) => "列出最近订单".into(),
        (Tried::OfferedRecentOrders, false) => "offered recent orders".into(),
        (Tried::LookedUpOrder { order_no }, true) => format!("查询订单 {order_no}"),
        (Tried::LookedUpOrder { order_no }, false) => format!("looked up {order_no}"),
        (Tried::OrderNotFound { order_no }, true) => format!("订单 {order_no} 未找到"),
        (Tried::OrderNotFound { order_no }, false) => format!("{order_no} not found"),
        (
            Tried::ExplainedDiagnosis {
                order_no,
                diagnosis,
            },
            true,
        ) => {
            format!(
                "说明订单 {order_no} 状态（{}）",
                diagnosis_code_words(diagnosis, true)
            )
        }
        (
            Tried::ExplainedDiagnosis {
                order_no,
                diagnosis,
            },
            false,
        ) => {
            format!(
                "explained {order_no} ({})",
                diagnosis_code_words(diagnosis, false)
            )
        }
        (Tried::Verified { order_no }, true) => format!("买家已验证订单 {order_no}"),
        (Tried::Verified { order_no }, false) => format!("the buyer proved {order_no} is theirs"),
        (Tried::AskedProof { order_no }, true) => format!("要求验证订单 {order_no}"),
        (Tried::AskedProof { order_no }, false) => format!("asked proof for {order_no}"),
        (Tried::VerificationFailed { order_no, locked }, true) => {
            format!(
                "订单 {order_no} 验证失败{}",
                if *locked { "（已锁定）" } else { "" }
            )
        }
        (Tried::VerificationFailed { order_no, locked }, false) => format!(
            "verification failed for {order_no}{}",
            if *locked { " (locked)" } else { "" }
        ),
        (Tried::Redelivered { order_no, keys }, true) => {
            format!("已验证并补发订单 {order_no} 的 {keys} 张卡密")
        }
        (Tried::Redelivered { order_no, keys }, false) => {
            format!("verified and re-delivered {keys} key(s) of {order_no}")
        }
        (Tried::AskedReceipt, true) => "索要付款截图".into(),
        (Tried::AskedReceipt, false) => "asked for a payment receipt".into(),
        (Tried::RecordedRefund { order_no }, true) => format!("登记订单 {order_no} 退款申请"),
        (Tried::RecordedRefund { order_no }, false) => {
            format!("recorded a refund request for {order_no}")
        }
        (Tried::SentGuide { .. }, true) => "发送使用教程".into(),
        (Tried::SentGuide { .. }, false) => "sent a how-to guide".into(),
        (Tried::SearchedKnowledge { query }, true) => format!("搜索知识库「{query}」"),
        (Tried::SearchedKnowledge { query }, false) => {
            format!("searched the knowledge base for “{query}”")
        }
        (Tried::KnowledgeAnswer { title }, true) => format!("回答了知识库文章「{title}」"),
        (Tried::KnowledgeAnswer { title }, false) => format!("answered with article “{title}”"),
        (Tried::SentTips { .. }, true) => "发送自助建议".into(),
        (Tried::SentTips { .. }, false) => "sent self-help tips".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
