//! What is going on with an order, in words a buyer understands: a pure
//! function of the order and the time, used by the bot to answer and by
//! agents in the contact panel.

use kadesk_domain::Millis;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{DeliveryStatus, PaymentStatus, ShopOrder};

/// Thresholds of the diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnoseConfig {
    /// A paid automatic order not delivered after this many minutes is a
    /// delivery failure (escalated as `paid_not_delivered`).
    pub delivery_grace_minutes: i64,
    /// The same for orders the shop delivers by hand.
    pub manual_delivery_minutes: i64,
    /// An unpaid order older than this is treated as expired.
    pub unpaid_expiry_minutes: i64,
}

impl Default for DiagnoseConfig {
    fn default() -> Self {
        DiagnoseConfig {
            delivery_grace_minutes: 10,
            manual_delivery_minutes: 120,
            unpaid_expiry_minutes: 30,
        }
    }
}

/// The kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// Not paid yet; the payment window is open.
    Unpaid,
    /// The payment failed.
    PaymentFailed,
    /// Not paid in time; the order is closed.
    Expired,
    /// Paid, delivery still within its normal time.
    DeliveryPending,
    /// Paid and delivered.
    Delivered,
    /// Paid but not delivered in time, or delivery failed.
    NotDelivered,
    /// Paid, but the shop could not deliver (out of card keys or another fault).
    Abnormal,
    /// The money went back.
    Refunded,
}

/// Why a conversation should go to a human.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EscalationReason {
    /// Paid, and no card key after the grace time (or delivery failed).
    PaidNotDelivered,
    /// The order is abnormal (typically out of stock) and needs a person.
    OrderAbnormal,
}

impl EscalationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationReason::PaidNotDelivered => "paid_not_delivered",
            EscalationReason::OrderAbnormal => "order_abnormal",
        }
    }
}

/// A finding with its wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Diagnosis {
    pub finding: Finding,
    /// What to tell the buyer, in Chinese.
    pub zh: String,
    /// What to tell the buyer, in English.
    pub en: String,
    /// Hand the conversation to a human, for this reason.
    pub escalate: Option<EscalationReason>,
    /// The card keys can be sent again once the buyer is verified.
    pub offer_redelivery: bool,
}

impl Diagnosis {
    /// The wording for a language tag (`zh…` → Chinese, anything else English).
    pub fn text(&self, language: &str) -> &str {
        if language.starts_with("zh") {
            &self.zh
        } else {
            &self.en
        }
    }
}

fn money(cents: i64, currency: &str) -> String {
    kadesk_domain::Money::new(cents, currency).label()
}

/// A duration in whole minutes as (zh, en) words.
fn span(minutes: i64) -> (String, String) {
    let minutes = minutes.max(0);
    if minutes < 60 {
        let en = if minutes == 1 {
            "1 minute".into()
        } else {
            format!("{minutes} minutes")
        };
        (format!("{minutes} 分钟"), en)
    } else if minutes < 48 * 60 {
        let h = minutes / 60;
        (
            format!("{h} 小时"),
            if h == 1 {
                "1 hour".into()
            } else {
                format!("{h} hours")
            },
        )
    } else {
        let d = minutes / (24 * 60);
        (format!("{d} 天"), format!("{d} days"))
    }
}

/// Where the card keys were sent, masked for the buyer's eyes.
fn sent_to(order: &ShopOrder) -> Option<String> {
    order.email.as_deref().map(mask_email)
}

fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Explains an order at `now`.
pub fn diagnose(order: &ShopOrder, now: Millis, config: &DiagnoseConfig) -> Diagnosis {
    let no = &order.order_no;
    let product = &order.product_name;
    let amount = money(order.amount_cents, &order.currency);
    let minutes_since = |t: Millis| (now - t).max(0) / 60_000;
    let unpaid_expired = order.payment_status == PaymentStatus::Unpaid
        && minutes_since(order.created_at) > config.unpaid_expiry_minutes;
    let mut d = match order.payment_status {
        PaymentStatus::Refunded => Diagnosis {
            finding: Finding::Refunded,
            zh: format!(
                "订单 {no}（{product}）已退款，{amount} 会按原支付方式退回，通常 1–3 个工作日到账；该订单的卡密已失效。"
            ),
            en: format!(
                "Order {no} ({product}) was refunded. {amount} goes back to the original payment method, usually within 1–3 business days; the order's card keys are no longer valid."
            ),
            escalate: None,
            offer_redelivery: false,
        },
        PaymentStatus::Failed => Diagnosis {
            finding: Finding::PaymentFailed,
            zh: format!(
                "订单 {no} 支付失败，没有扣款（如已扣款，会由支付平台自动退回）。您可以重新下单并完成付款。"
            ),
            en: format!(
                "The payment for order {no} failed and nothing was charged (if money was taken, the payment provider returns it automatically). You can place the order again and pay."
            ),
            escalate: None,
            offer_redelivery: false,
        },
        PaymentStatus::Expired => expired(no, config),
        PaymentStatus::Unpaid if unpaid_expired => expired(no, config),
        PaymentStatus::Unpaid => Diagnosis {
            finding: Finding::Unpaid,
            zh: format!(
                "订单 {no}（{product}，{amount}）还没有收到付款。请在订单页面点击“去支付”完成付款；如果您已经付款，支付结果可能有 1–2 分钟延迟，请稍后刷新，仍未更新请把付款截图或交易单号发给我们核实。"
            ),
            en: format!(
                "We have not received the payment for order {no} ({product}, {amount}) yet. Please finish paying on the order page. If you already paid, the result can take 1–2 minutes to arrive; refresh a little later, and if it still shows unpaid, send us a screenshot or the transaction number of the payment."
            ),
            escalate: None,
            offer_redelivery: false,
        },
        PaymentStatus::Paid => paid(order, now, config),
    };
    if d.finding != Finding::Delivered {
        d.offer_redelivery = false;
    }
    d
}

fn expired(no: &str, config: &DiagnoseConfig) -> Diagnosis {
    let (zh_span, en_span) = span(config.unpaid_expiry_minutes);
    Diagnosis {
        finding: Finding::Expired,
        zh: format!(
            "订单 {no} 没有在 {zh_span} 内完成付款，已自动关闭。请重新下单；如果您其实已经付款，请把付款截图或交易单号发给我们，我们为您核实。"
        ),
        en: format!(
            "Order {no} was not paid within {en_span} and has been closed. Please place a new order. If you did pay, send us a screenshot or the transaction number and we will check it."
        ),
        escalate: None,
        offer_redelivery: false,
    }
}

fn paid(order: &ShopOrder, now: Millis, config: &DiagnoseConfig) -> Diagnosis {
    let no = &order.order_no;
    let product = &order.product_name;
    let paid_at = order.paid_at.unwrap_or(order.created_at);
    let waited = (now - paid_at).max(0) / 60_000;
    let (zh_waited, en_waited) = span(waited);
    match order.delivery_status {
        DeliveryStatus::Delivered => {
            let (zh_to, en_to) = match sent_to(order) {
                Some(to) => (format!("，并已发送到下单邮箱 {to}"), format!(" and sent to {to}")),
                None => (String::new(), String::new()),
            };
            let keys = order.card_keys.len().max(1);
            Diagnosis {
                finding: Finding::Delivered,
                zh: format!(
                    "订单 {no}（{product}）已付款并已发货，共 {keys} 个卡密{zh_to}。您也可以在订单查询页输入订单号查看。没收到的话请检查垃圾邮件；验证订单后我们可以在这里为您重新发送卡密。"
                ),
                en: format!(
                    "Order {no} ({product}) is paid and delivered: {keys} card key(s){en_to}. You can also see them on the order lookup page with the order number. If you cannot find them, check your spam folder; once you verify the order we can send the card keys here again."
                ),
                escalate: None,
                offer_redelivery: true,
            }
        }
        DeliveryStatus::Abnormal => Diagnosis {
            finding: Finding::Abnormal,
            zh: format!(
                "订单 {no}（{product}）已付款，但发货出现异常（通常是库存不足），系统没能自动发卡。非常抱歉！已为您转接人工客服，补货后会尽快为您发货，也可以为您办理退款。"
            ),
            en: format!(
                "Order {no} ({product}) is paid, but delivery ran into a problem (usually the product is out of stock), so no card key went out automatically. We are sorry! A human agent is taking over: we will deliver as soon as stock is back, or refund you if you prefer."
            ),
            escalate: Some(EscalationReason::OrderAbnormal),
            offer_redelivery: false,
        },
        DeliveryStatus::Failed => not_delivered(no, product, &zh_waited, &en_waited),
        DeliveryStatus::Pending => {
            let limit = if order.manual_delivery {
                config.manual_delivery_minutes
            } else {
                config.delivery_grace_minutes
            };
            if waited < limit {
                let (zh_limit, en_limit) = span(limit);
                if order.manual_delivery {
                    Diagnosis {
                        finding: Finding::DeliveryPending,
                        zh: format!(
                            "订单 {no}（{product}）已付款，这是人工发货的商品，一般在 {zh_limit} 内处理完成，请耐心等待，处理后会通知您。"
                        ),
                        en: format!(
                            "Order {no} ({product}) is paid. This product is delivered by hand, usually within {en_limit}; we will let you know when it is done."
                        ),
                        escalate: None,
                        offer_redelivery: false,
                    }
                } else {
                    Diagnosis {
                        finding: Finding::DeliveryPending,
                        zh: format!(
                            "订单 {no}（{product}）的付款已收到（{zh_waited}前），卡密正在发放，通常 1–2 分钟内完成。请稍后刷新订单页；超过 {zh_limit} 仍未收到请告诉我们。"
                        ),
                        en: format!(
                            "The payment for order {no} ({product}) arrived {en_waited} ago and the card keys are on their way, usually within 1–2 minutes. Refresh the order page shortly; if nothing arrives within {en_limit}, tell us."
                        ),
                        escalate: None,
                        offer_redelivery: false,
                    }
                }
            } else {
                not_delivered(no, product, &zh_waited, &en_waited)
            }
        }
    }
}

fn not_delivered(no: &str, product: &str, zh_waited: &str, en_waited: &str) -> Diagnosis {
    Diagnosis {
        finding: Finding::NotDelivered,
        zh: format!(
            "订单 {no}（{product}）已付款 {zh_waited}，但卡密还没有发出，这是发货故障。非常抱歉给您带来麻烦！已为您转接人工客服优先处理。"
        ),
        en: format!(
            "Order {no} ({product}) was paid {en_waited} ago but the card keys have not gone out: delivery failed. We are very sorry! A human agent is taking over with priority."
        ),
        escalate: Some(EscalationReason::PaidNotDelivered),
        offer_redelivery: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LookupSecret;

    const MIN: i64 = 60_000;
    const NOW: i64 = 1_732_100_000_000;

    fn order(payment: PaymentStatus, delivery: DeliveryStatus, paid_minutes_ago: i64) -> ShopOrder {
        ShopOrder {
            source: "builtin".into(),
            order_no: "D20241120X7731".into(),
            trade_no: None,
            product_name: "王者荣耀 60 点券".into(),
            contact: "buyer2024@qq.com".into(),
            email: Some("buyer2024@qq.com".into()),
            phone: None,
            qq: Some("buyer2024".into()),
            quantity: 1,
            amount_cents: 600,
            currency: "CNY".into(),
            payment_status: payment,
            delivery_status: delivery,
            manual_delivery: false,
            created_at: NOW - (paid_minutes_ago + 1) * MIN,
            paid_at: (payment == PaymentStatus::Paid).then_some(NOW - paid_minutes_ago * MIN),
            delivered_at: None,
            card_keys: vec!["WZRY-****-****-77XA".into()],
            has_lookup_password: false,
            source_ref: None,
            lookup: LookupSecret::None,
        }
    }

    #[test]
    fn each_state_gets_its_finding_and_escalation() {
        use DeliveryStatus as D;
        use PaymentStatus as P;
        let cases = [
            (P::Unpaid, D::Pending, 5, Finding::Unpaid, None),
            (P::Unpaid, D::Pending, 120, Finding::Expired, None),
            (P::Expired, D::Pending, 1, Finding::Expired, None),
            (P::Failed, D::Pending, 1, Finding::PaymentFailed, None),
            (P::Refunded, D::Pending, 1, Finding::Refunded, None),
            (P::Paid, D::Delivered, 60, Finding::Delivered, None),
            (P::Paid, D::Pending, 3, Finding::DeliveryPending, None),
            (
                P::Paid,
                D::Pending,
                11,
                Finding::NotDelivered,
                Some(EscalationReason::PaidNotDelivered),
            ),
            (
                P::Paid,
                D::Failed,
                1,
                Finding::NotDelivered,
                Some(EscalationReason::PaidNotDelivered),
            ),
            (
                P::Paid,
                D::Abnormal,
                1,
                Finding::Abnormal,
                Some(EscalationReason::OrderAbnormal),
            ),
        ];
        for (payment, delivery, minutes, finding, escalate) in cases {
            let d = diagnose(
                &order(payment, delivery, minutes),
                NOW,
                &DiagnoseConfig::default(),
            );
            assert_eq!(d.finding, finding, "{payment} {delivery} {minutes} min");
            assert_eq!(d.escalate, escalate, "{payment} {delivery} {minutes} min");
            assert_eq!(d.offer_redelivery, finding == Finding::Delivered);
            assert!(d.zh.contains("D20241120X7731"), "{}", d.zh);
            assert!(d.en.contains("D20241120X7731"), "{}", d.en);
        }
    }

    #[test]
    fn delivered_wording_masks_the_email_and_offers_redelivery() {
        let d = diagnose(
            &order(PaymentStatus::Paid, DeliveryStatus::Delivered, 30),
            NOW,
            &DiagnoseConfig::default(),
        );
        assert!(d.zh.contains("b***@qq.com"), "{}", d.zh);
        assert!(!d.zh.contains("buyer2024@"), "{}", d.zh);
        assert!(d.en.contains("send the card keys here again"), "{}", d.en);
        assert_eq!(d.text("zh-CN"), d.zh);
        assert_eq!(d.text("en"), d.en);
    }

    #[test]
    fn manual_orders_get_longer_before_escalating() {
        let mut o = order(PaymentStatus::Paid, DeliveryStatus::Pending, 30);
        o.manual_delivery = true;
        let config = DiagnoseConfig::default();
        assert_eq!(diagnose(&o, NOW, &config).finding, Finding::DeliveryPending);
        o.paid_at = Some(NOW - 200 * MIN);
        let d = diagnose(&o, NOW, &config);
        assert_eq!(d.escalate, Some(EscalationReason::PaidNotDelivered));
        assert!(d.zh.contains("3 小时"), "{}", d.zh);
    }

    #[test]
    fn the_grace_time_is_configurable() {
        let o = order(PaymentStatus::Paid, DeliveryStatus::Pending, 4);
        let strict = DiagnoseConfig {
            delivery_grace_minutes: 3,
            ..DiagnoseConfig::default()
        };
        assert_eq!(diagnose(&o, NOW, &strict).finding, Finding::NotDelivered);
        assert_eq!(
            diagnose(&o, NOW, &DiagnoseConfig::default()).finding,
            Finding::DeliveryPending
        );
    }

    #[test]
    fn money_is_written_per_currency() {
        assert_eq!(money(600, "CNY"), "¥6.00");
        assert_eq!(money(10_550, "USD"), "$105.50");
        assert_eq!(money(99, "EUR"), "0.99 EUR");
    }
}
