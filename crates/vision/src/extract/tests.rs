use super::*;

#[test]
fn amounts_are_plain_two_decimal_strings() {
    assert_eq!(
        parse_amount("¥128", true),
        Some(("128.00".into(), Some("CNY")))
    );
    assert_eq!(
        parse_amount("-1,299.5", false),
        Some(("1299.50".into(), None))
    );
    assert_eq!(
        parse_amount("$12.00 USD", false),
        Some(("12.00".into(), Some("USD")))
    );
    assert_eq!(
        parse_amount("HK$88.00 HKD", false),
        Some(("88.00".into(), Some("HKD")))
    );
    assert_eq!(
        parse_amount("￥21492.50", false),
        Some(("21492.50".into(), Some("CNY")))
    );
    assert_eq!(parse_amount("2024-11-20 15:30", false), None);
    assert_eq!(parse_amount("D20241120X7731", true), None);
    assert_eq!(
        parse_amount("USS9.90", false),
        Some(("9.90".into(), Some("USD"))),
        "US$ misread"
    );
}

#[test]
fn times_are_normalised() {
    assert_eq!(
        parse_time("2025/03/24 03:48:37").as_deref(),
        Some("2025-03-24 03:48:37")
    );
    assert_eq!(
        parse_time("2025-03-2518:45:17").as_deref(),
        Some("2025-03-25 18:45:17")
    );
    assert_eq!(
        parse_time("2024年11月2日 09:05").as_deref(),
        Some("2024-11-02 09:05")
    );
    assert_eq!(
        parse_time("May29,202410:55PM").as_deref(),
        Some("2024-05-29 22:55")
    );
    assert_eq!(
        parse_time("Jan 1, 2025 12:03 AM").as_deref(),
        Some("2025-01-01 00:03")
    );
}

#[test]
fn ids_fix_letter_o_between_digits() {
    assert_eq!(parse_id("2024112O22001").as_deref(), Some("2024112022001"));
    assert_eq!(
        parse_id("D20241120X7731").as_deref(),
        Some("D20241120X7731")
    );
    assert_eq!(parse_id("abc"), None);
    assert_eq!(parse_id("g*****@qq.com"), None);
}

#[test]
fn labels_take_the_longest_match() {
    assert_eq!(match_label("商户订单号").map(|m| m.0), Some(Field::OrderNo));
    assert_eq!(match_label("交易单号").map(|m| m.0), Some(Field::TradeNo));
    assert_eq!(
        match_label("订单号:d123456").map(|m| m.2),
        Some("d123456".to_string())
    );
    assert_eq!(match_label("商品总价").map(|m| m.0), Some(Field::Amount(1)));
}

#[test]
fn status_phrases_tolerate_one_misread_character() {
    assert_eq!(parse_status("交易成功"), Some(PaymentStatus::Paid));
    assert_eq!(parse_status("交易成切"), Some(PaymentStatus::Paid));
    assert_eq!(parse_status("已全额退款"), Some(PaymentStatus::Refunded));
    assert_eq!(parse_status("超时未付款订单将自动关闭"), None);
}

#[test]
fn error_codes_come_after_their_label() {
    assert_eq!(find_error_code("错误代码：E1025").as_deref(), Some("E1025"));
    assert_eq!(
        find_error_code("(Error 0x8007000D)").as_deref(),
        Some("0x8007000D")
    );
    assert_eq!(
        find_error_code("卡密已被使用（错误码：40013）").as_deref(),
        Some("40013")
    );
    assert_eq!(
        find_error_code("This code has already been redeemed."),
        None
    );
    assert_eq!(
        find_error_code("Code: ERR_CARD_USED").as_deref(),
        Some("ERR_CARD_USED")
    );
}

#[test]
fn every_constant_pattern_compiles() {
    for pattern in [
        &AMOUNT,
        &ID,
        &DATETIME,
        &DATETIME_EN,
        &ERROR_CODE,
        &GOODS_META,
        &INLINE_ORDER,
        &INLINE_CODE_SUFFIX,
    ] {
        std::sync::LazyLock::force(pattern);
    }
}
