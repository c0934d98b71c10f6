//! The labels a screen prints (订单号, 实付金额, Transaction ID …) and the
//! field each names.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    OrderNo,
    TradeNo,
    Amount(u8),
    Status,
    Product,
    Time,
    PayMethod,
    ErrorCode,
}

/// Labels in compact form. Longer labels are tried first.
pub(crate) const LABELS: &[(&str, Field)] = &[
    ("订单号", Field::OrderNo),
    ("订单编号", Field::OrderNo),
    ("订单号码", Field::OrderNo),
    ("订单id", Field::OrderNo),
    ("商户订单号", Field::OrderNo),
    ("商家订单号", Field::OrderNo),
    ("商户单号", Field::OrderNo),
    ("商家单号", Field::OrderNo),
    ("orderno.", Field::OrderNo),
    ("orderno", Field::OrderNo),
    ("ordernumber", Field::OrderNo),
    ("orderid", Field::OrderNo),
    ("order#", Field::OrderNo),
    ("invoiceid", Field::OrderNo),
    ("invoiceno.", Field::OrderNo),
    ("merchantorderno.", Field::OrderNo),
    ("merchantorderno", Field::OrderNo),
    ("交易号", Field::TradeNo),
    ("支付宝交易号", Field::TradeNo),
    ("交易单号", Field::TradeNo),
    ("支付交易号", Field::TradeNo),
    ("支付单号", Field::TradeNo),
    ("支付流水号", Field::TradeNo),
    ("交易流水号", Field::TradeNo),
    ("流水号", Field::TradeNo),
    ("微信支付单号", Field::TradeNo),
    ("transactionid", Field::TradeNo),
    ("transactionno.", Field::TradeNo),
    ("paymentid", Field::TradeNo),
    ("实付金额", Field::Amount(3)),
    ("实付款", Field::Amount(3)),
    ("实付", Field::Amount(3)),
    ("实际支付", Field::Amount(3)),
    ("付款金额", Field::Amount(3)),
    ("支付金额", Field::Amount(3)),
    ("amountpaid", Field::Amount(3)),
    ("totalpaid", Field::Amount(3)),
    ("订单金额", Field::Amount(2)),
    ("应付金额", Field::Amount(2)),
    ("待付金额", Field::Amount(2)),
    ("订单总额", Field::Amount(2)),
    ("合计", Field::Amount(2)),
    ("总计", Field::Amount(2)),
    ("总额", Field::Amount(2)),
    ("金额", Field::Amount(2)),
    ("total", Field::Amount(2)),
    ("ordertotal", Field::Amount(2)),
    ("grandtotal", Field::Amount(2)),
    ("amount", Field::Amount(2)),
    ("商品总价", Field::Amount(1)),
    ("subtotal", Field::Amount(1)),
    ("订单状态", Field::Status),
    ("支付状态", Field::Status),
    ("交易状态", Field::Status),
    ("当前状态", Field::Status),
    ("状态", Field::Status),
    ("status", Field::Status),
    ("paymentstatus", Field::Status),
    ("商品名称", Field::Product),
    ("商品说明", Field::Product),
    ("商品名", Field::Product),
    ("商品", Field::Product),
    ("item", Field::Product),
    ("product", Field::Product),
    ("productname", Field::Product),
    ("下单时间", Field::Time),
    ("创建时间", Field::Time),
    ("支付时间", Field::Time),
    ("付款时间", Field::Time),
    ("交易时间", Field::Time),
    ("订单时间", Field::Time),
    ("完成时间", Field::Time),
    ("date", Field::Time),
    ("created", Field::Time),
    ("ordertime", Field::Time),
    ("time", Field::Time),
    ("paymentdate", Field::Time),
    ("datepaid", Field::Time),
    ("支付方式", Field::PayMethod),
    ("付款方式", Field::PayMethod),
    ("支付渠道", Field::PayMethod),
    ("paymentmethod", Field::PayMethod),
    ("paidwith", Field::PayMethod),
    ("fundingsource", Field::PayMethod),
    ("错误代码", Field::ErrorCode),
    ("错误码", Field::ErrorCode),
    ("错误编号", Field::ErrorCode),
    ("errorcode", Field::ErrorCode),
];

/// Finds a label at the start of a compact line. Returns the field and the
/// rest of the line (its value, when the label and value were read as one line).
pub(crate) fn match_label(key: &str) -> Option<(Field, &'static str, String)> {
    let mut best: Option<(Field, &'static str, String)> = None;
    for &(label, field) in LABELS {
        let rest = if let Some(rest) = key.strip_prefix(label) {
            rest
        } else if key.chars().count() == label.chars().count()
            && label.chars().count() >= 4
            && edit_distance(key, label) == 1
        {
            // A label alone on its line with one misread character.
            ""
        } else {
            continue;
        };
        let rest = rest
            .trim_start_matches(['是', '为'])
            .trim_start_matches([':', '：', '.', '#', '-', ' ']);
        if best.as_ref().is_none_or(|(_, l, _)| label.len() > l.len()) {
            best = Some((field, label, rest.to_string()));
        }
    }
    best
}
