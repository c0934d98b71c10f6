//! What the policy knows about a conversation: the buyer, their lifetime
//! spend, the shop's products and the orders the conversation named.

use kadesk_bot::{Context, OrderFacts};
use kadesk_domain::Contact;
use kadesk_shop::ShopOrder;

use super::{contact_key, known_name, lang_of, seed_of};
use crate::Desk;

/// What the contact paid for in the shop: the largest per-currency total,
/// in that currency's units (currencies are never added together; see
/// [`crate::cache`]). 0 when the shop cannot say.
async fn lifetime_spend(desk: &Desk, contact: &Contact) -> f64 {
    let Some(key) = contact_key(contact) else {
        return 0.0;
    };
    desk.shop_cache
        .lifetime_spend(desk, key)
        .await
        .largest_units()
}

pub(super) async fn context(
    desk: &Desk,
    conversation_id: i64,
    contact: &Contact,
    config: &kadesk_bot::BotConfig,
) -> Context {
    let vip = contact.is_tagged_vip();
    // Only needed when the tag does not already decide it.
    let lifetime_spend = if !vip && config.vip_lifetime_spend > 0.0 {
        lifetime_spend(desk, contact).await
    } else {
        0.0
    };
    let now = desk.now();
    let hours = desk.hours_now().map(|h| h.schedule());
    let lang = match lang_of(contact) {
        kadesk_bot::Lang::Zh => kadesk_domain::Lang::Zh,
        kadesk_bot::Lang::En => kadesk_domain::Lang::En,
    };
    Context {
        language: Some(lang_of(contact)),
        contact_name: known_name(contact),
        business_hours_open: hours.as_ref().is_none_or(|h| h.is_open(now)),
        back_at: hours.map(|h| h.back_at(now, lang)),
        now_ms: now,
        seed: seed_of(conversation_id),
        vip,
        lifetime_spend,
    }
}

/// The shop's order and diagnosis in the bot's terms.
pub fn order_facts(desk: &Desk, order: &ShopOrder) -> OrderFacts {
    use kadesk_bot::Diagnosis as D;
    use kadesk_shop::diagnose::Finding as F;
    let diagnosis = desk.shop.diagnose(order);
    let now = desk.shop.now();
    OrderFacts {
        order_no: order.order_no.clone(),
        product: order.product_name.clone(),
        amount: kadesk_domain::Money::new(order.amount_cents, order.currency.clone()).decimal(),
        currency: order.currency.clone(),
        payment_status: order.payment_status.as_str().to_owned(),
        delivery_status: order.delivery_status.as_str().to_owned(),
        diagnosis: match diagnosis.finding {
            F::Unpaid | F::PaymentFailed => D::Unpaid,
            F::Expired => D::Expired,
            F::DeliveryPending => D::Processing,
            F::Delivered => D::Delivered,
            F::NotDelivered => D::PaidNotDelivered,
            F::Abnormal => D::Abnormal,
            F::Refunded => D::Refunded,
        },
        wording_zh: diagnosis.zh.clone(),
        wording_en: diagnosis.en.clone(),
        escalate: diagnosis.escalate.map(|e| e.as_str().to_owned()),
        minutes_since_paid: order
            .paid_at
            .map(|at| u32::try_from((now - at).max(0) / 60_000).unwrap_or(u32::MAX)),
    }
}

/// Most orders named in a conversation looked up for an agent's summary.
const MAX_NAMED_ORDERS: usize = 5;

/// Puts the orders the buyer named (typed or on a screenshot) but did not
/// prove into the handoff summary, so the agent sees them at once. The
/// summary is for agents only; the bot said nothing about these orders.
pub(super) async fn add_named_orders(desk: &Desk, summary: &mut kadesk_bot::Summary) {
    use kadesk_nlu::EntityKind;
    let mut named: Vec<(String, bool)> = Vec::new();
    let typed = summary.entities.iter().filter_map(|e| match e.kind {
        EntityKind::OrderNo => Some((e.value.clone(), false)),
        EntityKind::TradeNo => Some((e.value.clone(), true)),
        _ => None,
    });
    let read = summary.screenshots.iter().flat_map(|f| {
        f.order_no
            .iter()
            .map(|n| (n.clone(), false))
            .chain(f.trade_no.iter().map(|t| (t.clone(), true)))
    });
    for key in typed.chain(read) {
        if !named.contains(&key) && named.len() < MAX_NAMED_ORDERS {
            named.push(key);
        }
    }
    for (number, by_trade) in named {
        let found = if by_trade {
            desk.shop.find_order_by_trade_no(&number).await
        } else {
            desk.shop.find_order(&number).await
        };
        if let Ok(Some(order)) = found {
            summary.add_unverified_order(&order_facts(desk, &order), &desk.bot.templates());
        }
    }
}
