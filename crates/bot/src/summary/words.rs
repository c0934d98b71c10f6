//! The summary's words: every code, status and value as an agent reads it,
//! in Chinese or English (nothing raw reaches a person).

use std::fmt::Write as _;

use kadesk_nlu::{EntityKind, SentimentFlag};

use super::{OrderSummary, SentimentTrend, Trend};
use crate::facts::{Diagnosis, Lang, OrderFacts, Priority, Reason};
use crate::state::{Awaiting, DialogState, Pending, SeenEntity, Tried};
use crate::templates::Templates;
use kadesk_domain::Intent;

/// The buyer's mood in words that agree with each other: calm when no
/// message was negative; otherwise how many were, what showed, and where
/// the mood went when there was more than one message to compare.
pub(super) fn mood_words(t: &SentimentTrend, zh: bool) -> String {
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
pub(super) fn ago(minutes: u32, zh: bool) -> String {
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
pub(super) fn entity_value(e: &SeenEntity, zh: bool) -> String {
    match e.kind {
        EntityKind::Amount => amount_words(&e.value, zh),
        EntityKind::Platform => platform_words(&e.value, zh).to_string(),
        _ => e.value.clone(),
    }
}

/// `"300 CNY"` → `"¥300"`.
pub(super) fn amount_words(value: &str, _zh: bool) -> String {
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
pub(super) fn payment_words(code: &str, zh: bool) -> String {
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
pub(super) fn field_words(code: &str, zh: bool) -> &str {
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

pub(super) fn order_summary(st: &DialogState, o: &OrderFacts) -> OrderSummary {
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

pub(super) fn awaiting_code(a: Awaiting) -> &'static str {
    match a {
        Awaiting::OrderNo => "order_no",
        Awaiting::Proof => "proof",
        Awaiting::RefundReason => "refund_reason",
        Awaiting::Platform => "platform",
        Awaiting::Receipt => "receipt",
        Awaiting::Confirm => "confirm",
    }
}

pub(super) fn pending_code(p: Pending) -> &'static str {
    match p {
        Pending::Lookup => "lookup",
        Pending::RecentOrders => "recent_orders",
        Pending::Verify => "verify",
        Pending::Redeliver => "redeliver",
        Pending::Knowledge => "knowledge",
    }
}

pub(super) fn waiting_words(code: &str, zh: bool) -> &str {
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

pub(super) fn reason_words(r: Reason, zh: bool) -> &'static str {
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

pub(super) fn priority_words(p: Priority, zh: bool) -> &'static str {
    match (p, zh) {
        (Priority::Normal, true) => "普通",
        (Priority::High, true) => "高",
        (Priority::Urgent, true) => "紧急",
        (p, false) => p.as_str(),
    }
}

pub(super) fn entity_words(k: EntityKind, zh: bool) -> &'static str {
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

pub(super) fn diagnosis_words(d: Diagnosis, zh: bool) -> &'static str {
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

pub(super) fn screenshot_words(kind: &str, zh: bool) -> &str {
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

pub(super) fn tried_words(t: &Tried, zh: bool) -> String {
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
