//! Field extraction from OCR lines: what kind of screen it is, and the order
//! number, amount, payment status, error code… it shows.
//!
//! The extraction is layout-aware and needs no model: lines are de-skewed
//! (a tilted photo's rows become rows again), grouped into rows, and each
//! known label (订单号, 实付金额, Transaction ID, …) takes its value from the
//! same OCR line ("订单号：D2024…"), from the right on the same row, or from
//! the line below it (stacked layouts). Values are validated by type, so a
//! label next to the wrong text finds nothing rather than something wrong.
//!
//! The shop's order number (`order_no`: 订单号, 商户单号/商家订单号 on a
//! payment receipt — the merchant's number *is* the shop's order number) is
//! kept apart from the payment provider's number (`trade_no`: 交易号,
//! 交易单号, 支付宝交易号, Transaction ID) by their labels.
//!
//! The parts: [`text`] normalises, [`layout`] places the lines, [`labels`]
//! names the fields, [`values`] reads them, [`classify`] weighs the cues for
//! the kind of screen, and [`screen`] reads what some screens say besides.

use serde::{Deserialize, Serialize};

use crate::ocr::Line;

mod classify;
mod labels;
mod layout;
mod screen;
mod text;
mod values;

use classify::*;
use labels::*;
use layout::*;
use screen::*;
use text::*;
pub use text::{compact, normalize};
use values::*;

/// What a screenshot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OrderPage,
    PaymentReceipt,
    ErrorDialog,
    ProductPage,
    Chat,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::OrderPage,
        Kind::PaymentReceipt,
        Kind::ErrorDialog,
        Kind::ProductPage,
        Kind::Chat,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OrderPage => "order_page",
            Kind::PaymentReceipt => "payment_receipt",
            Kind::ErrorDialog => "error_dialog",
            Kind::ProductPage => "product_page",
            Kind::Chat => "chat",
            Kind::Other => "other",
        }
    }

    /// Fields a screenshot of this kind must show to be useful; the bot asks
    /// for another screenshot when one is missing.
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            Kind::OrderPage => &["order_no", "amount", "payment_status"],
            Kind::PaymentReceipt => &["trade_no", "amount", "payment_status", "time"],
            Kind::ErrorDialog => &["error_code", "error_message"],
            Kind::ProductPage => &["product", "amount"],
            Kind::Chat | Kind::Other => &[],
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an order or payment went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Paid,
    Unpaid,
    Failed,
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "paid",
            PaymentStatus::Unpaid => "unpaid",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
        }
    }
}

/// The fields read from a screenshot; `None` when not shown or not readable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    /// The shop's order number (订单号; 商户单号 on a receipt).
    pub order_no: Option<String>,
    /// The payment provider's transaction number (交易号, Transaction ID).
    pub trade_no: Option<String>,
    /// Plain decimal with two decimals, no sign or symbol: "128.00".
    pub amount: Option<String>,
    /// ISO 4217 code: CNY, USD, EUR, HKD…
    pub currency: Option<String>,
    pub payment_status: Option<PaymentStatus>,
    pub product: Option<String>,
    /// "YYYY-MM-DD HH:MM:SS", or "YYYY-MM-DD HH:MM" when no seconds are shown.
    pub time: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// Payment platform: alipay, wechat, paypal, qq, unionpay.
    pub platform: Option<String>,
}

impl Fields {
    /// Field names in the order of the JSON report.
    pub const NAMES: [&'static str; 10] = [
        "order_no",
        "trade_no",
        "amount",
        "currency",
        "payment_status",
        "product",
        "time",
        "error_code",
        "error_message",
        "platform",
    ];

    /// A field's value by name, as a string.
    pub fn get(&self, name: &str) -> Option<String> {
        match name {
            "order_no" => self.order_no.clone(),
            "trade_no" => self.trade_no.clone(),
            "amount" => self.amount.clone(),
            "currency" => self.currency.clone(),
            "payment_status" => self.payment_status.map(|s| s.as_str().to_string()),
            "product" => self.product.clone(),
            "time" => self.time.clone(),
            "error_code" => self.error_code.clone(),
            "error_message" => self.error_message.clone(),
            "platform" => self.platform.clone(),
            _ => None,
        }
    }
}

/// What a screenshot shows: its kind, the fields read, and the fields its
/// kind requires that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub kind: Kind,
    pub fields: Fields,
    pub missing: Vec<String>,
}

/// An amount and its currency, when shown.
pub(crate) type Amount = (String, Option<&'static str>);

/// A value found for a label, with the item it came from.
pub(crate) struct Found<T> {
    pub(crate) value: T,
    pub(crate) item: usize,
}

/// The text after its first `n` non-space characters, separators trimmed.
pub(crate) fn after_chars(text: &str, n: usize) -> String {
    let mut seen = 0;
    for (pos, c) in text.char_indices() {
        if seen == n {
            return text[pos..]
                .trim()
                .trim_start_matches([':', '：', '.', '#', '-'])
                .trim()
                .to_string();
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    String::new()
}

/// Candidate value texts for the label at `i`: the rest of its own line,
/// then what is to its right, then what is below it.
pub(crate) fn value_candidates(items: &[Item], i: usize, rest: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    if !rest.is_empty() {
        // The value part of "订单号：D2024…" as read (case and spacing kept).
        let label_chars = items[i].key.chars().count() - rest.chars().count();
        out.push((after_chars(&items[i].text, label_chars), i));
    }
    let right = right_of(items, i);
    for &j in &right {
        out.push((items[j].text.clone(), j));
    }
    if right.is_empty() {
        if let Some(j) = below(items, i) {
            if match_label(&items[j].key).is_none() {
                out.push((items[j].text.clone(), j));
            }
        }
    }
    out
}

/// A value that wrapped onto the next line (long numbers in a narrow column):
/// the short alphanumeric item right under `j`, aligned with it, with no label on its row.
pub(crate) fn continuation(items: &[Item], j: usize) -> Option<usize> {
    let a = &items[j];
    (0..items.len()).find(|&k| {
        let b = &items[k];
        k != j
            && b.y0 > a.cy
            && b.y0 - a.y1 < 0.6 * a.h
            && ((b.x1 - a.x1).abs() < a.h || (b.x0 - a.x0).abs() < a.h)
            && b.x1 - b.x0 < a.x1 - a.x0
            && b.key.chars().all(|c| c.is_ascii_alphanumeric())
            && !items
                .iter()
                .any(|o| same_row(o, b) && match_label(&o.key).is_some())
    })
}

/// The fields read next to their labels ("订单号：D2024…").
#[derive(Default)]
struct Labelled {
    order_no: Option<Found<String>>,
    trade_no: Option<Found<String>>,
    /// With the label's priority (a "实付款" beats a "商品总价").
    amount: Option<(u8, Found<Amount>)>,
    status: Option<PaymentStatus>,
    product: Option<String>,
    time: Option<String>,
    platform: Option<&'static str>,
    error_code: Option<String>,
}

/// Reads the value of every label found, the first of each field (the
/// best-priority one for amounts).
fn labelled(items: &[Item]) -> Labelled {
    let Labelled {
        mut order_no,
        mut trade_no,
        mut amount,
        mut status,
        mut product,
        mut time,
        mut platform,
        mut error_code,
    } = Labelled::default();
    for i in 0..items.len() {
        let Some((field, _label, rest)) = match_label(&items[i].key) else {
            continue;
        };
        let candidates = value_candidates(items, i, &rest);
        match field {
            Field::OrderNo | Field::TradeNo => {
                let slot = if field == Field::OrderNo {
                    &mut order_no
                } else {
                    &mut trade_no
                };
                if slot.is_some() {
                    continue;
                }
                for (text, j) in &candidates {
                    if let Some(mut id) = parse_id(text) {
                        if let Some(k) = continuation(items, *j) {
                            id.extend(items[k].raw.chars().filter(|c| !c.is_whitespace()));
                        }
                        *slot = Some(Found {
                            value: id,
                            item: *j,
                        });
                        break;
                    }
                }
            }
            Field::Amount(p) => {
                if amount.as_ref().is_some_and(|(q, _)| *q >= p) {
                    continue;
                }
                for (text, j) in &candidates {
                    if let Some(v) = parse_amount(text, true) {
                        amount = Some((p, Found { value: v, item: *j }));
                        break;
                    }
                }
            }
            Field::Status => {
                if status.is_none() {
                    status = candidates
                        .iter()
                        .find_map(|(t, _)| parse_status(&compact(t)));
                }
            }
            Field::Product => {
                // "商品详情" is a page title, not a label: a same-line value needs a colon.
                let own_value_ok = items[i].text.contains(':');
                if product.is_none() {
                    product = candidates
                        .iter()
                        .filter(|(_, j)| *j != i || own_value_ok)
                        .find(|(t, _)| t.chars().count() >= 2 && !is_amount_only(t))
                        .map(|(t, j)| {
                            if *j == i {
                                t.clone()
                            } else {
                                items[*j].raw.clone()
                            }
                        });
                }
            }
            Field::Time => {
                if time.is_none() {
                    time = candidates.iter().find_map(|(t, _)| parse_time(t));
                }
            }
            Field::PayMethod => {
                if platform.is_none() {
                    platform = candidates.first().and_then(|(t, _)| platform_of(t));
                }
            }
            Field::ErrorCode => {
                if error_code.is_none() {
                    error_code = candidates.iter().find_map(|(t, _)| {
                        let t = normalize(t);
                        let token = t.split_whitespace().next().unwrap_or("");
                        valid_error_code(token.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                    });
                }
            }
        }
    }

    Labelled {
        order_no,
        trade_no,
        amount,
        status,
        product,
        time,
        platform,
        error_code,
    }
}

/// An error code without a label: "(错误码 40013)", "Error code: PAY-502"
/// inside a line, or split over two lines ("…（错误码：" / "TOP-986)").
fn unlabelled_error_code(items: &[Item]) -> Option<String> {
    items
        .iter()
        .find_map(|i| find_error_code(&i.text))
        .or_else(|| {
            items.windows(2).find_map(|w| {
                let joined = format!("{}{}", w[0].text, w[1].text);
                find_error_code(&joined).filter(|_| find_error_code(&w[1].text).is_none())
            })
        })
}

/// A status phrase standing alone (the big "支付成功" of a receipt),
/// largest first.
fn standalone_status(items: &[Item]) -> Option<PaymentStatus> {
    let mut found: Vec<(&Item, PaymentStatus)> = items
        .iter()
        .filter_map(|i| parse_status(&i.key).map(|s| (i, s)))
        .collect();
    found.sort_by(|a, b| b.0.h.total_cmp(&a.0.h));
    found.first().map(|(_, s)| *s)
}

/// An amount without a label: the largest one with a symbol, sign or
/// decimals.
fn unlabelled_amount(items: &[Item]) -> Option<Found<Amount>> {
    let mut found: Vec<(usize, Amount)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.key.contains('×') && !i.key.contains('*'))
        .filter_map(|(n, i)| parse_amount(&i.text, false).map(|v| (n, v)))
        .collect();
    found.sort_by(|a, b| items[b.0].h.total_cmp(&items[a.0].h));
    found
        .into_iter()
        .next()
        .map(|(n, v)| Found { value: v, item: n })
}

/// An order number said in a chat or in passing: "订单号是 D2024…".
fn inline_order_no(items: &[Item]) -> Option<Found<String>> {
    items.iter().enumerate().find_map(|(n, i)| {
        INLINE_ORDER
            .captures(&i.text)
            .and_then(|c| c.get(1))
            .and_then(|m| parse_id(m.as_str()))
            .map(|mut value| {
                if let Some(k) = continuation(items, n) {
                    value.extend(items[k].raw.chars().filter(|c| !c.is_whitespace()));
                }
                Found { value, item: n }
            })
    })
}

/// The product of an order page without a 商品名称 row: the lines just
/// above "¥30.00 × 2".
fn product_above_meta(items: &[Item]) -> Option<String> {
    items.iter().enumerate().find_map(|(n, i)| {
        let meta = GOODS_META.is_match(&i.key);
        if !meta {
            return None;
        }
        let mut parts: Vec<&Item> = Vec::new();
        let mut bottom = i.y0;
        for k in (0..n).rev() {
            let p = &items[k];
            if p.y1 > bottom + 2.0 || (p.x0 - i.x0).abs() > 1.5 * i.h {
                continue;
            }
            if bottom - p.y1 > 1.2 * p.h || parts.len() == 3 {
                break;
            }
            parts.push(p);
            bottom = p.y0;
        }
        parts.reverse();
        (!parts.is_empty()).then(|| join_lines(&parts))
    })
}

/// The currency of an amount shown without one: yuan on Chinese payment
/// apps and on mostly Chinese screens.
fn implied_currency(items: &[Item], platform: Option<&str>) -> Option<String> {
    let cjk = items
        .iter()
        .flat_map(|i| i.raw.chars())
        .filter(|c| is_cjk(*c))
        .count();
    (matches!(platform, Some("alipay" | "wechat" | "qq" | "unionpay")) || cjk > 20)
        .then(|| "CNY".to_string())
}

/// Keeps what each kind of screen can really tell.
fn keep_for_kind(fields: Fields, kind: Kind) -> Fields {
    let mut fields = fields;
    match kind {
        Kind::OrderPage | Kind::PaymentReceipt => {
            fields.error_code = None;
            fields.error_message = None;
        }
        Kind::ErrorDialog => {
            fields.amount = None;
            fields.currency = None;
            fields.payment_status = None;
            fields.product = None;
            fields.time = None;
        }
        Kind::ProductPage => {
            fields = Fields {
                product: fields.product,
                amount: fields.amount,
                currency: fields.currency,
                ..Fields::default()
            };
        }
        Kind::Chat => {
            fields = Fields {
                order_no: fields.order_no,
                ..Fields::default()
            };
        }
        Kind::Other => fields = Fields::default(),
    }
    fields
}

/// Reads the fields and the kind from OCR lines: values next to their
/// labels first, then what unlabelled lines show, then only what the kind
/// of screen can tell.
pub fn extract(lines: &[Line]) -> Analysis {
    let (items, height) = layout(lines);
    let Labelled {
        mut order_no,
        trade_no,
        mut amount,
        mut status,
        mut product,
        mut time,
        mut platform,
        mut error_code,
    } = labelled(&items);

    if error_code.is_none() {
        error_code = unlabelled_error_code(&items);
    }
    let kind = classify(&items, height, error_code.is_some());
    if status.is_none() {
        status = standalone_status(&items);
    }
    if amount.is_none() {
        amount = unlabelled_amount(&items).map(|f| (0, f));
    }
    if time.is_none() {
        time = items.iter().find_map(|i| parse_time(&i.text));
    }
    // Receipt apps recognised by their wording.
    if platform.is_none() {
        platform = receipt_platform(&items);
    }
    if order_no.is_none() {
        order_no = inline_order_no(&items);
    }
    if product.is_none() && kind == Kind::OrderPage {
        product = product_above_meta(&items);
    }
    // A product page's title beats its "商品说明" (description) heading.
    if kind == Kind::ProductPage {
        if let Some(title) = product_title(&items, amount.as_ref().map(|(_, f)| f.item)) {
            product = Some(title);
        }
    }

    let error_message = if kind == Kind::ErrorDialog {
        error_message(&items)
    } else {
        None
    };
    let (amount_value, mut currency) = match &amount {
        Some((_, f)) => (Some(f.value.0.clone()), f.value.1.map(str::to_string)),
        None => (None, None),
    };
    if amount_value.is_some() && currency.is_none() {
        currency = implied_currency(&items, platform);
    }

    let fields = keep_for_kind(
        Fields {
            order_no: order_no.map(|f| f.value),
            trade_no: trade_no.map(|f| f.value),
            amount: amount_value,
            currency,
            payment_status: status,
            product: product.map(|p| p.trim().to_string()),
            time,
            error_code,
            error_message,
            platform: platform.map(str::to_string),
        },
        kind,
    );
    let missing = kind
        .required_fields()
        .iter()
        .filter(|f| fields.get(f).is_none())
        .map(|f| f.to_string())
        .collect();
    Analysis {
        kind,
        fields,
        missing,
    }
}

#[cfg(test)]
mod tests;
