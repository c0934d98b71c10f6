//! Field extraction from OCR lines (no models): each test lays out the lines
//! an OCR pass would return for one kind of screen and checks what is read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_vision::ocr::RotRect;
use kadesk_vision::{extract, Analysis, Kind, Line, PaymentStatus};

/// A line at `[x0, y0, x1, y1]`.
fn l(text: &str, x0: u32, y0: u32, x1: u32, y1: u32) -> Line {
    Line::new(text, [x0, y0, x1, y1])
}

/// Label on the left, value on the right, one row per `step` pixels from `top`.
fn rows(pairs: &[(&str, &str)], top: u32, step: u32) -> Vec<Line> {
    let mut out = Vec::new();
    for (n, (k, v)) in pairs.iter().enumerate() {
        let y = top + n as u32 * step;
        out.push(l(k, 76, y, 76 + 48 * k.chars().count() as u32, y + 60));
        let w = 26 * v.chars().count() as u32;
        out.push(l(v, 1004 - w, y + 2, 1004, y + 58));
    }
    out
}

/// Label above value (stacked layout).
fn stacked(pairs: &[(&str, &str)], top: u32, step: u32) -> Vec<Line> {
    let mut out = Vec::new();
    for (n, (k, v)) in pairs.iter().enumerate() {
        let y = top + n as u32 * step;
        out.push(l(k, 56, y, 56 + 20 * k.chars().count() as u32, y + 34));
        out.push(l(v, 56, y + 38, 56 + 24 * v.chars().count() as u32, y + 80));
    }
    out
}

fn status_bar() -> Vec<Line> {
    vec![l("9:41", 40, 14, 140, 76), l("5G 87%", 716, 14, 1040, 76)]
}

fn run(lines: &[Line]) -> Analysis {
    extract(lines)
}

#[test]
fn chinese_order_page_with_labels_beside_values() {
    let mut lines = status_bar();
    lines.push(l("订单详情", 431, 123, 651, 196));
    lines.push(l("支付成功", 200, 283, 460, 365));
    lines.push(l("卡密已自动发放，请及时查收", 203, 369, 754, 430));
    lines.extend(rows(
        &[
            ("订单编号", "D20241120X7731"),
            ("商品名称", "腾讯视频VIP会员月卡"),
            ("购买数量", "2"),
            ("商品总价", "¥60.00"),
            ("优惠", "-¥5.00"),
            ("实付金额", "¥55.00"),
            ("支付方式", "支付宝"),
            ("下单时间", "2024-11-20 15:30:25"),
        ],
        880,
        120,
    ));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::OrderPage);
    assert_eq!(a.fields.order_no.as_deref(), Some("D20241120X7731"));
    assert_eq!(
        a.fields.amount.as_deref(),
        Some("55.00"),
        "实付 beats 商品总价"
    );
    assert_eq!(a.fields.currency.as_deref(), Some("CNY"));
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(a.fields.product.as_deref(), Some("腾讯视频VIP会员月卡"));
    assert_eq!(a.fields.time.as_deref(), Some("2024-11-20 15:30:25"));
    assert_eq!(a.fields.platform.as_deref(), Some("alipay"));
    assert_eq!(a.fields.trade_no, None);
    assert!(a.missing.is_empty(), "{:?}", a.missing);
}

#[test]
fn shop_order_number_and_provider_trade_number_are_told_apart() {
    let mut lines = vec![
        l("订单详情", 431, 123, 651, 196),
        l("已支付", 200, 283, 400, 365),
    ];
    lines.extend(rows(
        &[
            ("交易号", "2024112022001412345678901234"),
            ("订单号", "202411201530251234"),
            ("订单金额", "¥128.00"),
            ("购买数量", "1"),
        ],
        600,
        120,
    ));
    let a = run(&lines);
    assert_eq!(a.fields.order_no.as_deref(), Some("202411201530251234"));
    assert_eq!(
        a.fields.trade_no.as_deref(),
        Some("2024112022001412345678901234")
    );
}

#[test]
fn a_long_number_wrapped_onto_a_second_line_is_joined() {
    let mut lines = vec![
        l("订单详情", 431, 123, 651, 196),
        l("交易成功", 200, 283, 460, 365),
    ];
    lines.extend(rows(
        &[
            ("订单编号", "20250324034837148844"),
            ("购买数量", "1"),
            ("订单金额", "¥21.50"),
        ],
        880,
        120,
    ));
    lines.push(l("交易号", 76, 1602, 227, 1668));
    lines.push(l("42000446632025032448590881", 272, 1601, 1001, 1656));
    lines.push(l("44", 933, 1656, 1007, 1712));
    lines.extend(rows(&[("订单状态", "交易成功")], 1768, 120));
    let a = run(&lines);
    assert_eq!(
        a.fields.trade_no.as_deref(),
        Some("4200044663202503244859088144")
    );
    assert_eq!(a.fields.order_no.as_deref(), Some("20250324034837148844"));
}

#[test]
fn english_order_page_with_values_below_labels() {
    let mut lines = status_bar();
    lines.push(l("Order details", 292, 100, 552, 146));
    lines.push(l("Pending payment", 158, 225, 470, 280));
    lines.extend(stacked(
        &[
            ("Order number", "K20250131M2218"),
            ("Quantity", "1"),
            ("Total", "$1,299.00"),
            ("Payment method", "PayPal"),
            ("Created", "Jan 31, 2025 11:16 PM"),
        ],
        400,
        110,
    ));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::OrderPage);
    assert_eq!(a.fields.order_no.as_deref(), Some("K20250131M2218"));
    assert_eq!(a.fields.amount.as_deref(), Some("1299.00"));
    assert_eq!(a.fields.currency.as_deref(), Some("USD"));
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Unpaid));
    assert_eq!(a.fields.time.as_deref(), Some("2025-01-31 23:16"));
    assert_eq!(a.fields.platform.as_deref(), Some("paypal"));
}

#[test]
fn alipay_style_receipt_reads_the_big_amount_and_the_merchant_order_number() {
    let mut lines = vec![
        l("账单详情", 431, 123, 651, 196),
        l("乐享发卡网", 430, 520, 650, 580),
        l("-128.00", 390, 600, 690, 700),
        l("交易成功", 450, 720, 630, 770),
    ];
    lines.extend(rows(
        &[
            ("支付时间", "2024-11-20 15:30:25"),
            ("付款方式", "花呗"),
            ("商品说明", "Steam钱包充值卡 100元"),
            ("收款方全称", "乐享发卡网（个体工商户）"),
            ("交易号", "2024112022001412345678901234"),
            ("商家订单号", "D20241120X7731"),
        ],
        840,
        100,
    ));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::PaymentReceipt);
    assert_eq!(a.fields.amount.as_deref(), Some("128.00"));
    assert_eq!(a.fields.currency.as_deref(), Some("CNY"));
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(
        a.fields.trade_no.as_deref(),
        Some("2024112022001412345678901234")
    );
    assert_eq!(
        a.fields.order_no.as_deref(),
        Some("D20241120X7731"),
        "商家订单号 is the shop's number"
    );
    assert_eq!(a.fields.product.as_deref(), Some("Steam钱包充值卡 100元"));
    assert_eq!(a.fields.platform.as_deref(), Some("alipay"));
    assert!(a.missing.is_empty(), "{:?}", a.missing);
}

#[test]
fn wechat_style_refund_receipt() {
    let mut lines = vec![
        l("账单详情", 453, 108, 629, 160),
        l("已全额退款", 425, 470, 662, 531),
        l("星河卡密商城", 427, 577, 662, 630),
        l("-50.00", 364, 654, 721, 745),
    ];
    lines.extend(rows(
        &[
            ("商品", "和平精英UC660"),
            ("商户全称", "星河卡密商城"),
            ("支付时间", "2024-06-25 12:46:07"),
            ("支付方式", "零钱通"),
            ("交易单号", "4200057675202406255571344543"),
            ("商户单号", "8T25RZBR7TQXA6F5"),
        ],
        890,
        100,
    ));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::PaymentReceipt);
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Refunded));
    assert_eq!(a.fields.platform.as_deref(), Some("wechat"));
    assert_eq!(
        a.fields.trade_no.as_deref(),
        Some("4200057675202406255571344543")
    );
    assert_eq!(a.fields.order_no.as_deref(), Some("8T25RZBR7TQXA6F5"));
    assert_eq!(a.fields.amount.as_deref(), Some("50.00"));
}

#[test]
fn paypal_style_receipt_in_english() {
    let mut lines = vec![
        l("PayPal", 98, 81, 228, 125),
        l("You paid PixelKeys", 33, 180, 407, 233),
        l("-$12.00 USD", 36, 256, 429, 321),
        l("Completed", 29, 333, 200, 379),
    ];
    lines.extend(stacked(
        &[
            ("Transaction ID", "LLBWPWAW76CVRCL7P"),
            ("Invoice ID", "202405292255299500246"),
            ("Date", "May 29, 2024 10:55 PM"),
            ("Item", "Xbox Game Pass Ultimate 1 Month"),
            ("Total", "$12.00 USD"),
        ],
        450,
        108,
    ));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::PaymentReceipt);
    assert_eq!(a.fields.trade_no.as_deref(), Some("LLBWPWAW76CVRCL7P"));
    assert_eq!(a.fields.order_no.as_deref(), Some("202405292255299500246"));
    assert_eq!(a.fields.amount.as_deref(), Some("12.00"));
    assert_eq!(a.fields.currency.as_deref(), Some("USD"));
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(a.fields.time.as_deref(), Some("2024-05-29 22:55"));
    assert_eq!(a.fields.platform.as_deref(), Some("paypal"));
}

#[test]
fn error_dialog_reads_code_and_message_and_ignores_the_page_behind() {
    let lines = vec![
        l("充值中心", 342, 84, 502, 142),
        l("充值账号", 56, 231, 176, 277),
        l("52002323381", 79, 308, 285, 348),
        l("10元", 77, 564, 169, 624),
        l("30元", 221, 563, 309, 622),
        l("支付失败", 339, 722, 508, 778),
        l("支付渠道繁忙，请稍后再试", 224, 800, 622, 847),
        l("错误代码：C839", 316, 867, 530, 908),
        l("重试", 229, 978, 311, 1030),
        l("联系客服", 500, 979, 649, 1028),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::ErrorDialog);
    assert_eq!(a.fields.error_code.as_deref(), Some("C839"));
    assert_eq!(
        a.fields.error_message.as_deref(),
        Some("支付渠道繁忙，请稍后再试")
    );
    assert_eq!(
        a.fields.amount, None,
        "the page behind the dialog is not the subject"
    );
    assert_eq!(a.fields.payment_status, None);
    assert!(a.missing.is_empty());
}

#[test]
fn inline_error_code_is_cut_from_the_message() {
    let lines = vec![
        l("Request failed", 123, 702, 399, 753),
        l(
            "Service temporarily unavailable. (error 6641)",
            122,
            776,
            700,
            817,
        ),
        l("Retry", 413, 923, 506, 968),
        l("Got it", 539, 925, 633, 965),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::ErrorDialog);
    assert_eq!(a.fields.error_code.as_deref(), Some("6641"));
    assert_eq!(
        a.fields.error_message.as_deref(),
        Some("Service temporarily unavailable.")
    );
}

#[test]
fn error_code_split_over_two_lines_is_found() {
    let lines = vec![
        l("提卡失败", 112, 666, 267, 716),
        l("库存不足，请联系客服补发（错误码：", 115, 737, 582, 775),
        l("TOP-986)", 112, 780, 243, 818),
        l("我知道了", 498, 873, 619, 914),
    ];
    let a = run(&lines);
    assert_eq!(a.fields.error_code.as_deref(), Some("TOP-986"));
}

#[test]
fn error_dialog_without_a_code_asks_for_it() {
    let lines = vec![
        l("兑换失败", 300, 700, 500, 760),
        l("该兑换码已过期或不存在", 200, 780, 700, 830),
        l("确定", 400, 900, 480, 950),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::ErrorDialog);
    assert_eq!(a.missing, vec!["error_code".to_string()]);
}

#[test]
fn rows_of_a_tilted_photo_still_pair_labels_with_values() {
    let mut lines = vec![
        l("订单详情", 431, 123, 651, 196),
        l("支付成功", 200, 283, 460, 365),
    ];
    lines.extend(rows(
        &[
            ("订单编号", "D20241120X7731"),
            ("购买数量", "1"),
            ("实付金额", "¥30.00"),
            ("下单时间", "2024-11-20 15:30:25"),
        ],
        700,
        110,
    ));
    // Turn the page by 3° around (540, 1000): a right-hand value drifts by ~40 px.
    let a = 3f32.to_radians();
    let (c, s) = (a.cos(), a.sin());
    let tilted: Vec<Line> = lines
        .into_iter()
        .map(|mut line| {
            let (dx, dy) = (line.rect.cx - 540.0, line.rect.cy - 1000.0);
            let rect = RotRect {
                cx: 540.0 + dx * c - dy * s,
                cy: 1000.0 + dx * s + dy * c,
                angle: a,
                ..line.rect
            };
            let b = rect.bounds();
            line.rect = rect;
            line.bbox = b.map(|v| v.max(0.0) as u32);
            line
        })
        .collect();
    let a = run(&tilted);
    assert_eq!(a.fields.order_no.as_deref(), Some("D20241120X7731"));
    assert_eq!(a.fields.amount.as_deref(), Some("30.00"));
    assert_eq!(a.fields.time.as_deref(), Some("2024-11-20 15:30:25"));
}

#[test]
fn product_page_takes_the_current_price_not_the_crossed_out_one() {
    let lines = vec![
        l("商品详情", 300, 89, 490, 134),
        l("¥30.00", 59, 598, 300, 670),
        l("¥35.00", 320, 620, 420, 652),
        l("Xbox Game Pass 3个月", 60, 690, 516, 737),
        l("自动发货", 73, 752, 200, 792),
        l("库存 569", 59, 821, 222, 859),
        l("已售 9170", 661, 814, 786, 852),
        l("商品说明", 64, 1074, 244, 1119),
        l(
            "付款后系统自动发货，卡密将显示在订单页面",
            65,
            1132,
            714,
            1178,
        ),
        l("加入购物车", 239, 1605, 404, 1647),
        l("立即购买", 592, 1601, 726, 1646),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::ProductPage);
    assert_eq!(a.fields.amount.as_deref(), Some("30.00"));
    assert_eq!(a.fields.currency.as_deref(), Some("CNY"));
    assert_eq!(a.fields.product.as_deref(), Some("Xbox Game Pass 3个月"));
    assert_eq!(a.fields.order_no, None);
}

#[test]
fn chat_screenshot_gives_the_order_number_said_in_a_bubble() {
    let lines = vec![
        l("卡密小店客服", 270, 81, 483, 132),
        l("亲，麻烦提供一下订单号，我", 134, 524, 565, 576),
        l("帮您查询", 134, 571, 276, 619),
        l("订单号是：202411232003239", 161, 679, 601, 725),
        l("5", 164, 731, 190, 764),
        l("好的，请稍等", 135, 832, 338, 876),
        l("发送", 634, 1410, 713, 1462),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::Chat);
    assert_eq!(a.fields.order_no.as_deref(), Some("2024112320032395"));
    assert!(a.missing.is_empty());
}

#[test]
fn a_settings_screen_is_other_with_no_fields() {
    let lines = vec![
        l("设置", 480, 90, 600, 140),
        l("通知设置", 60, 300, 220, 350),
        l("清理缓存", 60, 500, 220, 550),
        l("312 MB", 800, 500, 950, 550),
        l("版本 1.2.3", 780, 600, 950, 650),
    ];
    let a = run(&lines);
    assert_eq!(a.kind, Kind::Other);
    assert_eq!(a.fields, Default::default());
}

#[test]
fn order_page_without_an_order_number_says_it_is_missing() {
    let mut lines = vec![
        l("订单详情", 431, 123, 651, 196),
        l("待支付", 200, 283, 400, 365),
    ];
    lines.extend(rows(&[("购买数量", "1"), ("应付金额", "¥9.90")], 600, 110));
    let a = run(&lines);
    assert_eq!(a.kind, Kind::OrderPage);
    assert_eq!(a.fields.payment_status, Some(PaymentStatus::Unpaid));
    assert_eq!(a.missing, vec!["order_no".to_string()]);
}

#[test]
fn no_lines_is_other() {
    let a = run(&[]);
    assert_eq!(a.kind, Kind::Other);
    assert!(a.missing.is_empty());
}
