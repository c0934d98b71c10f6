//! What a reading is compared with: the shop's order it names (a receipt
//! whose amount or time does not fit the order is suspect) and earlier
//! uploads (the same receipt sent again this week, maybe by someone else).

use kadesk_domain::{AnalysisFlag, Millis, ScreenshotFields, SeenBefore};
use kadesk_shop::ShopOrder;
use kadesk_vision::similarity::Fingerprint;

use crate::{Desk, DeskResult};

/// "Seen before" looks this far back.
pub const SEEN_WINDOW_MS: Millis = 7 * 24 * 3600 * 1000;
/// …and at most at this many readings, however busy the desk is.
pub const SEEN_MAX_ROWS: i64 = 5000;
/// A receipt may be timed this long before the order was created (clocks differ).
const BEFORE_ORDER_SLACK_MS: Millis = 10 * 60 * 1000;
/// A payment shown this long after the order was paid is not that payment.
const AFTER_PAYMENT_LIMIT_MS: Millis = 24 * 3600 * 1000;

/// Money in the shop's format: `198.50`.
fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// The order a screenshot names, found by order number or else by trade number.
async fn named_order(desk: &Desk, fields: &ScreenshotFields) -> Option<ShopOrder> {
    if let Some(no) = &fields.order_no {
        if let Ok(Some(order)) = desk.shop.find_order(no).await {
            return Some(order);
        }
    }
    if let Some(no) = &fields.trade_no {
        if let Ok(Some(order)) = desk.shop.find_order_by_trade_no(no).await {
            return Some(order);
        }
    }
    None
}

/// Flags on a receipt or order page whose amount or time does not fit the
/// order it names. Nothing is flagged when no order is named or found.
pub async fn receipt_flags(desk: &Desk, fields: &ScreenshotFields) -> Vec<AnalysisFlag> {
    match named_order(desk, fields).await {
        Some(order) => compare(fields, &order),
        None => Vec::new(),
    }
}

/// The comparison itself, pure.
pub fn compare(fields: &ScreenshotFields, order: &ShopOrder) -> Vec<AnalysisFlag> {
    let mut flags = Vec::new();
    let shown = fields
        .amount
        .as_deref()
        .and_then(kadesk_shop::ingest::parse_units);
    if let Some(shown) = shown {
        if shown != order.amount_cents {
            let (s, o) = (yuan(shown), yuan(order.amount_cents));
            flags.push(AnalysisFlag {
                code: "receipt_amount_mismatch".into(),
                zh: format!("截图金额 {s} 与订单 {} 的金额 {o} 不符", order.order_no),
                en: format!(
                    "the screenshot shows {s}, but order {} is for {o}",
                    order.order_no
                ),
            });
        }
    }
    // Times on screenshots are the shop's local (China) time, as the shop reads them.
    let shown = fields
        .time
        .as_deref()
        .and_then(kadesk_shop::ingest::parse_time);
    if let Some(at) = shown {
        let t = fields.time.as_deref().unwrap_or_default();
        if at < order.created_at - BEFORE_ORDER_SLACK_MS {
            flags.push(AnalysisFlag {
                code: "receipt_time_mismatch".into(),
                zh: format!("截图时间 {t} 早于订单 {} 的下单时间", order.order_no),
                en: format!(
                    "the screenshot is timed {t}, before order {} was placed",
                    order.order_no
                ),
            });
        } else if order
            .paid_at
            .is_some_and(|paid| at > paid + AFTER_PAYMENT_LIMIT_MS)
        {
            flags.push(AnalysisFlag {
                code: "receipt_time_mismatch".into(),
                zh: format!(
                    "截图时间 {t} 比订单 {} 的付款时间晚一天以上",
                    order.order_no
                ),
                en: format!(
                    "the screenshot is timed {t}, more than a day after order {} was paid",
                    order.order_no
                ),
            });
        }
    }
    flags
}

/// Earlier readings of the last week that match this one (same picture or
/// same text), not counting the message itself; `None` when there are none.
pub async fn seen_before(
    desk: &Desk,
    fingerprint: Fingerprint,
    message_id: i64,
    now: Millis,
) -> DeskResult<Option<SeenBefore>> {
    let recent = desk
        .store
        .recent_fingerprints(now - SEEN_WINDOW_MS, SEEN_MAX_ROWS)
        .await?;
    let mut matches: Vec<_> = recent
        .iter()
        .filter(|r| r.message_id != message_id)
        .filter(|r| {
            fingerprint.matches(&Fingerprint {
                phash: r.phash,
                text: r.text_fingerprint,
            })
        })
        .collect();
    if matches.is_empty() {
        return Ok(None);
    }
    matches.sort_by_key(|r| r.created_at);
    let mut conversations: Vec<i64> = Vec::new();
    for m in &matches {
        if !conversations.contains(&m.conversation_id) && conversations.len() < 20 {
            conversations.push(m.conversation_id);
        }
    }
    Ok(Some(SeenBefore {
        count: i64::try_from(matches.len()).unwrap_or(i64::MAX),
        conversations,
        first_at: matches[0].created_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(amount_cents: i64, created: &str, paid: Option<&str>) -> ShopOrder {
        let at = |t: &str| kadesk_shop::ingest::parse_time(t).expect("time");
        ShopOrder {
            source: "builtin".into(),
            order_no: "20240413182149883".into(),
            trade_no: None,
            product_name: "王者荣耀 点券 600".into(),
            contact: "buyer@example.com".into(),
            email: Some("buyer@example.com".into()),
            phone: None,
            qq: None,
            quantity: 1,
            amount_cents,
            currency: "CNY".into(),
            payment_status: kadesk_shop::model::PaymentStatus::Paid,
            delivery_status: kadesk_shop::model::DeliveryStatus::Delivered,
            manual_delivery: false,
            created_at: at(created),
            paid_at: paid.map(at),
            delivered_at: None,
            card_keys: Vec::new(),
            has_lookup_password: false,
            source_ref: None,
            lookup: kadesk_shop::model::LookupSecret::None,
        }
    }

    fn receipt(amount: &str, time: &str) -> ScreenshotFields {
        ScreenshotFields {
            order_no: Some("20240413182149883".into()),
            amount: Some(amount.into()),
            time: Some(time.into()),
            ..ScreenshotFields::default()
        }
    }

    fn codes(flags: &[AnalysisFlag]) -> Vec<&str> {
        flags.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn a_receipt_matching_the_order_is_not_flagged() {
        let o = order(19850, "2024-04-13 18:20:00", Some("2024-04-13 18:21:00"));
        assert!(compare(&receipt("198.50", "2024-04-13 18:21:49"), &o).is_empty());
    }

    #[test]
    fn a_different_amount_is_flagged_naming_both_amounts() {
        let o = order(9850, "2024-04-13 18:20:00", Some("2024-04-13 18:21:00"));
        let flags = compare(&receipt("198.50", "2024-04-13 18:21:49"), &o);
        assert_eq!(codes(&flags), ["receipt_amount_mismatch"]);
        assert!(flags[0].zh.contains("198.50") && flags[0].zh.contains("98.50"));
    }

    #[test]
    fn a_receipt_before_the_order_or_days_after_payment_is_flagged() {
        let o = order(19850, "2024-04-14 09:00:00", Some("2024-04-14 09:01:00"));
        let before = compare(&receipt("198.50", "2024-04-13 18:21:49"), &o);
        assert_eq!(codes(&before), ["receipt_time_mismatch"]);
        let o = order(19850, "2024-04-10 09:00:00", Some("2024-04-10 09:01:00"));
        let after = compare(&receipt("198.50", "2024-04-13 18:21:49"), &o);
        assert_eq!(codes(&after), ["receipt_time_mismatch"]);
    }
}
