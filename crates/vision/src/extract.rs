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

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::ocr::Line;

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

// ---------------------------------------------------------------- text helpers

/// Full-width forms to ASCII, Chinese punctuation to its ASCII cousin.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            '￥' => '¥',
            '。' => '.',
            '【' => '[',
            '】' => ']',
            '—' | '–' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Normalised, lower-case, without whitespace: the form labels are matched in.
pub fn compact(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Levenshtein distance on chars (short strings only).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

// ---------------------------------------------------------------- layout

/// A line in de-skewed page coordinates.
#[derive(Debug, Clone)]
struct Item {
    /// Text as read (trimmed).
    raw: String,
    /// [`normalize`]d text.
    text: String,
    /// [`compact`] text.
    key: String,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    cy: f32,
    h: f32,
}

/// De-skewed items sorted top to bottom, and the height of the text block.
fn layout(lines: &[Line]) -> (Vec<Item>, f32) {
    // The page's skew: the median angle of clearly horizontal, long boxes.
    let mut angles: Vec<f32> = lines
        .iter()
        .filter(|l| l.rect.w > 2.5 * l.rect.h)
        .map(|l| l.rect.angle)
        .collect();
    angles.sort_by(|a, b| a.total_cmp(b));
    let skew = angles.get(angles.len() / 2).copied().unwrap_or(0.0);
    let (c, s) = (skew.cos(), skew.sin());
    let mut items: Vec<Item> = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let r = &l.rect;
            // Rotate the centre by -skew; sizes are the box's own (already upright) ones.
            let x = r.cx * c + r.cy * s;
            let y = -r.cx * s + r.cy * c;
            let (w, h) = if (r.angle - skew).abs() < 0.05 {
                (r.w, r.h)
            } else {
                (
                    (l.bbox[2] - l.bbox[0]) as f32,
                    (l.bbox[3] - l.bbox[1]) as f32,
                )
            };
            let raw = l.text.trim().to_string();
            Item {
                text: normalize(&raw),
                key: compact(&raw),
                raw,
                x0: x - w / 2.0,
                x1: x + w / 2.0,
                y0: y - h / 2.0,
                y1: y + h / 2.0,
                cy: y,
                h: h.max(1.0),
            }
        })
        .collect();
    items.sort_by(|a, b| a.cy.total_cmp(&b.cy));
    let top = items.iter().map(|i| i.y0).fold(f32::MAX, f32::min);
    let bottom = items.iter().map(|i| i.y1).fold(0f32, f32::max);
    let height = if items.is_empty() { 0.0 } else { bottom - top };
    (items, height.max(1.0))
}

fn same_row(a: &Item, b: &Item) -> bool {
    (a.cy - b.cy).abs() < 0.45 * a.h.max(b.h)
}

/// Items to the right of `i` on its row, nearest first.
fn right_of(items: &[Item], i: usize) -> Vec<usize> {
    let a = &items[i];
    let mut v: Vec<usize> = (0..items.len())
        .filter(|&j| j != i && same_row(a, &items[j]) && items[j].x0 > a.x1 - 0.5 * a.h)
        .collect();
    v.sort_by(|&p, &q| items[p].x0.total_cmp(&items[q].x0));
    v
}

/// The item just below `i`, left-aligned with it or overlapping it, close enough to belong to it.
fn below(items: &[Item], i: usize) -> Option<usize> {
    let a = &items[i];
    (0..items.len())
        .filter(|&j| {
            let b = &items[j];
            j != i
                && b.cy > a.cy
                && !same_row(a, b)
                && b.y0 - a.y1 < 1.3 * a.h.max(b.h * 0.7)
                && ((b.x0 - a.x0).abs() < 1.5 * a.h || (b.x0 < a.x1 && b.x1 > a.x0))
        })
        .min_by(|&p, &q| items[p].y0.total_cmp(&items[q].y0))
}

// ---------------------------------------------------------------- labels

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
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
const LABELS: &[(&str, Field)] = &[
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
fn match_label(key: &str) -> Option<(Field, &'static str, String)> {
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

// ---------------------------------------------------------------- values

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(us\$|hk\$|rmb|cny|usd|eur|hkd|[¥$€£])?\s*([-+])?\s*(us\$|hk\$|[¥$€£])?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(元|usd|cny|rmb|eur|hkd)?",
    )
    .unwrap_or_else(|e| panic!("amount regex: {e}"))
});

/// An amount in a piece of text: two-decimal string and its currency, if shown.
/// Without a symbol or decimals, only accepted when `labelled`.
fn parse_amount(text: &str, labelled: bool) -> Option<(String, Option<&'static str>)> {
    let t = normalize(text);
    // "US$" is often read as "USS".
    let t = match t.find("USS") {
        Some(p) if t[p + 3..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}US${}", &t[..p], &t[p + 3..])
        }
        _ => t,
    };
    for cap in AMOUNT.captures_iter(&t) {
        let whole = cap.get(0)?;
        // Not part of a longer number or word (order numbers, times, dates).
        let before = t[..whole.start()].chars().next_back();
        let after = t[whole.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == ':')
            || after.is_some_and(|c| c.is_ascii_digit() || c == ':' || c == '/' || c == '-')
        {
            continue;
        }
        let symbol = cap
            .get(1)
            .or(cap.get(3))
            .or(cap.get(6))
            .map(|m| m.as_str().to_lowercase());
        let int = cap.get(4)?.as_str().replace(',', "");
        let frac = cap.get(5).map(|m| m.as_str());
        if symbol.is_none() && frac.is_none() && !labelled {
            continue;
        }
        if int.len() > 9 || (symbol.is_none() && frac.is_none() && int.len() > 6) {
            continue;
        }
        let frac = match frac {
            Some(f) if f.len() == 1 => format!("{f}0"),
            Some(f) => f.to_string(),
            None => "00".to_string(),
        };
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let currency = symbol.as_deref().and_then(|s| match s {
            "¥" | "元" | "rmb" | "cny" => Some("CNY"),
            "$" | "us$" | "usd" => Some("USD"),
            "hk$" | "hkd" => Some("HKD"),
            "€" | "eur" => Some("EUR"),
            "£" => Some("GBP"),
            _ => None,
        });
        // "US$"/"HK$" before the sign and "USD" after the number both count.
        let currency = currency.or_else(|| {
            let lower = t.to_lowercase();
            if lower.contains("usd") {
                Some("USD")
            } else if lower.contains("hkd") || lower.contains("hk$") {
                Some("HKD")
            } else if lower.contains("eur") {
                Some("EUR")
            } else {
                None
            }
        });
        return Some((format!("{int}.{frac}"), currency));
    }
    None
}

/// Text that is just an amount ("¥30.00", "-128.00", "$12.00 USD").
fn is_amount_only(text: &str) -> bool {
    let t = compact(text);
    let rest: String = t
        .chars()
        .filter(|c| {
            !c.is_ascii_digit() && !matches!(c, '.' | ',' | '-' | '+' | '¥' | '$' | '€' | '£')
        })
        .collect();
    parse_amount(text, true).is_some()
        && (rest.is_empty()
            || ["usd", "cny", "rmb", "元", "us", "hk", "hkd", "eur"].contains(&rest.as_str()))
}

static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_-]{5,39}$").unwrap_or_else(|e| panic!("id regex: {e}"))
});

/// An order or transaction number: letters and digits, 6–40 long, with a digit.
/// In mostly-digit numbers, O/o read between digits become 0 and I/l become 1.
fn parse_id(text: &str) -> Option<String> {
    let t: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_start_matches([':', '#', '.'])
        .trim_end_matches(['.', ','])
        .to_string();
    let t = t
        .strip_prefix("No.")
        .or_else(|| t.strip_prefix("NO."))
        .unwrap_or(&t)
        .to_string();
    if !ID.is_match(&t) {
        return None;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    if digits * 4 >= chars.len() * 3 {
        let fixed: String = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let digit_left = i > 0 && chars[i - 1].is_ascii_digit();
                let digit_right = chars.get(i + 1).is_some_and(char::is_ascii_digit);
                match c {
                    'O' | 'o' if digit_left && digit_right => '0',
                    'I' | 'l' | '|' if digit_left && digit_right => '1',
                    _ => c,
                }
            })
            .collect();
        return Some(fixed);
    }
    Some(t)
}

static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?")
        .unwrap_or_else(|e| panic!("datetime regex: {e}"))
});
static DATETIME_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})\s*,?\s*(\d{4})\s*(?:at)?\s*,?\s*(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([ap]\.?m\.?)?")
        .unwrap_or_else(|e| panic!("datetime regex: {e}"))
});

/// A date and time, normalised to "YYYY-MM-DD HH:MM[:SS]".
fn parse_time(text: &str) -> Option<String> {
    let t = normalize(text);
    let num = |s: Option<regex::Match<'_>>| s.and_then(|m| m.as_str().parse::<u32>().ok());
    let build = |y: u32, mo: u32, d: u32, h: u32, mi: u32, s: Option<u32>| {
        if !(1..=12).contains(&mo)
            || !(1..=31).contains(&d)
            || h > 23
            || mi > 59
            || s.is_some_and(|s| s > 59)
        {
            return None;
        }
        Some(match s {
            Some(s) => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            None => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}"),
        })
    };
    if let Some(c) = DATETIME.captures(&t) {
        return build(
            num(c.get(1))?,
            num(c.get(2))?,
            num(c.get(3))?,
            num(c.get(4))?,
            num(c.get(5))?,
            num(c.get(6)),
        );
    }
    if let Some(c) = DATETIME_EN.captures(&t) {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let m = c.get(1)?.as_str().to_lowercase();
        let mo = MONTHS.iter().position(|x| *x == m)? as u32 + 1;
        let mut h = num(c.get(4))?;
        if let Some(ap) = c.get(7) {
            let pm = ap.as_str().to_lowercase().starts_with('p');
            if h == 12 {
                h = 0;
            }
            if pm {
                h += 12;
            }
        }
        return build(
            num(c.get(3))?,
            mo,
            num(c.get(2))?,
            h,
            num(c.get(5))?,
            num(c.get(6)),
        );
    }
    None
}

/// Status phrases in compact form.
const STATUS: &[(&str, PaymentStatus)] = &[
    ("支付成功", PaymentStatus::Paid),
    ("交易成功", PaymentStatus::Paid),
    ("付款成功", PaymentStatus::Paid),
    ("已支付", PaymentStatus::Paid),
    ("已付款", PaymentStatus::Paid),
    ("已完成", PaymentStatus::Paid),
    ("交易完成", PaymentStatus::Paid),
    ("订单完成", PaymentStatus::Paid),
    ("已发货", PaymentStatus::Paid),
    ("paid", PaymentStatus::Paid),
    ("completed", PaymentStatus::Paid),
    ("complete", PaymentStatus::Paid),
    ("paymentsuccessful", PaymentStatus::Paid),
    ("paymentsent", PaymentStatus::Paid),
    ("paymentcomplete", PaymentStatus::Paid),
    ("paymentreceived", PaymentStatus::Paid),
    ("succeeded", PaymentStatus::Paid),
    ("待支付", PaymentStatus::Unpaid),
    ("待付款", PaymentStatus::Unpaid),
    ("等待支付", PaymentStatus::Unpaid),
    ("等待付款", PaymentStatus::Unpaid),
    ("未支付", PaymentStatus::Unpaid),
    ("未付款", PaymentStatus::Unpaid),
    ("pending", PaymentStatus::Unpaid),
    ("pendingpayment", PaymentStatus::Unpaid),
    ("awaitingpayment", PaymentStatus::Unpaid),
    ("unpaid", PaymentStatus::Unpaid),
    ("notpaid", PaymentStatus::Unpaid),
    ("支付失败", PaymentStatus::Failed),
    ("付款失败", PaymentStatus::Failed),
    ("交易失败", PaymentStatus::Failed),
    ("订单失败", PaymentStatus::Failed),
    ("交易关闭", PaymentStatus::Failed),
    ("订单关闭", PaymentStatus::Failed),
    ("已关闭", PaymentStatus::Failed),
    ("failed", PaymentStatus::Failed),
    ("paymentfailed", PaymentStatus::Failed),
    ("declined", PaymentStatus::Failed),
    ("paymentdeclined", PaymentStatus::Failed),
    ("已退款", PaymentStatus::Refunded),
    ("退款成功", PaymentStatus::Refunded),
    ("已全额退款", PaymentStatus::Refunded),
    ("全额退款", PaymentStatus::Refunded),
    ("部分退款", PaymentStatus::Refunded),
    ("refunded", PaymentStatus::Refunded),
    ("refundcompleted", PaymentStatus::Refunded),
];

/// A status phrase making up (nearly) the whole of a compact line.
fn parse_status(key: &str) -> Option<PaymentStatus> {
    let key = key.trim_matches(|c: char| !c.is_alphanumeric() && !is_cjk(c));
    if let Some(&(_, s)) = STATUS.iter().find(|(p, _)| *p == key) {
        return Some(s);
    }
    // One misread character in a phrase of four or more, when only one phrase is that close.
    let n = key.chars().count();
    let close: Vec<PaymentStatus> = STATUS
        .iter()
        .filter(|(p, _)| p.chars().count() >= 4 && p.chars().count().abs_diff(n) <= 1)
        .filter(|(p, _)| edit_distance(p, key) == 1)
        .map(|&(_, s)| s)
        .collect();
    match close.as_slice() {
        [s] => Some(*s),
        [s, rest @ ..] if rest.iter().all(|r| r == s) => Some(*s),
        _ => None,
    }
}

static ERROR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:错误代码|错误码|错误编号|错误号|error\s*code|err\s*code|error|err|code|代码)\s*(?:[:=#]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9])")
        .unwrap_or_else(|e| panic!("error code regex: {e}"))
});

/// An error code after an error-code label inside one line.
fn find_error_code(text: &str) -> Option<String> {
    let t = normalize(text);
    for cap in ERROR_CODE.captures_iter(&t) {
        if let Some(code) = cap.get(1).and_then(|m| valid_error_code(m.as_str())) {
            return Some(code);
        }
    }
    None
}

fn valid_error_code(code: &str) -> Option<String> {
    let n = code.chars().count();
    let has_digit = code.chars().any(|c| c.is_ascii_digit());
    let shouty = code.contains('_')
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    ((3..=24).contains(&n) && (has_digit || shouty)).then(|| code.to_string())
}

/// "¥30.00 × 2" under a product name.
static GOODS_META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+\.\d{2}[×x*]\d+$").unwrap_or_else(|e| panic!("goods regex: {e}"))
});

static INLINE_ORDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:订单号|订单编号|单号|order\s*(?:no\.?|number|id|#))\s*(?:[:#]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]{5,39})")
        .unwrap_or_else(|e| panic!("order regex: {e}"))
});

fn platform_of(text: &str) -> Option<&'static str> {
    let k = compact(text);
    if k.contains("支付宝") || k.contains("alipay") || k.contains("花呗") || k.contains("余额宝")
    {
        Some("alipay")
    } else if k.contains("微信") || k.contains("wechat") || k.starts_with("零钱") {
        Some("wechat")
    } else if k.contains("paypal") {
        Some("paypal")
    } else if k.contains("qq钱包") {
        Some("qq")
    } else if k.contains("云闪付") || k.contains("unionpay") || k.contains("银联") {
        Some("unionpay")
    } else {
        None
    }
}

// ---------------------------------------------------------------- kind

fn has_line(items: &[Item], keys: &[&str]) -> bool {
    items
        .iter()
        .any(|i| keys.contains(&i.key.trim_end_matches(['.', '!', '。'])))
}

fn has_prefix(items: &[Item], keys: &[&str]) -> bool {
    items
        .iter()
        .any(|i| keys.iter().any(|k| i.key.starts_with(k)))
}

const ERROR_WORDS: &[&str] = &[
    "失败",
    "错误",
    "异常",
    "出错",
    "无效",
    "failed",
    "error",
    "wentwrong",
    "oops",
    "unable",
    "invalid",
    "declined",
    "denied",
];
const BUTTONS: &[&str] = &[
    "确定",
    "取消",
    "重试",
    "我知道了",
    "知道了",
    "联系客服",
    "关闭",
    "好的",
    "ok",
    "cancel",
    "retry",
    "gotit",
    "close",
    "tryagain",
    "contactsupport",
    "dismiss",
];

fn is_error_title(i: &Item) -> bool {
    let n = i.key.chars().count();
    n <= 24 && ERROR_WORDS.iter().any(|w| i.key.contains(w))
}

fn classify(items: &[Item], height: f32, has_error_code: bool) -> Kind {
    let mut score = [0f32; 6];
    let idx = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(5);

    // Error dialog: a code, a short title with an error word, dialog buttons.
    if has_error_code {
        score[idx(Kind::ErrorDialog)] += 3.0;
    }
    if items.iter().any(is_error_title) {
        score[idx(Kind::ErrorDialog)] += 2.0;
    }
    if has_line(items, BUTTONS) {
        score[idx(Kind::ErrorDialog)] += 0.5;
    }

    // Payment receipt: the labels payment apps print.
    const RECEIPT_STRONG: &[&str] = &[
        "账单详情",
        "支付详情",
        "交易详情",
        "收款方全称",
        "收款方",
        "商户全称",
        "交易单号",
        "商户单号",
        "商家订单号",
        "商户订单号",
        "支付宝交易号",
        "账单分类",
        "paidwith",
        "fundingsource",
        "invoiceid",
        "sentto",
        "paymentsent",
    ];
    let receipt_hits = RECEIPT_STRONG
        .iter()
        .filter(|k| has_prefix(items, &[**k]))
        .count();
    score[idx(Kind::PaymentReceipt)] += 2.0 * receipt_hits.min(3) as f32;
    if has_prefix(items, &["youpaid", "paymentto", "yousent"]) {
        score[idx(Kind::PaymentReceipt)] += 3.0;
    }
    if has_line(items, &["paypal"]) {
        score[idx(Kind::PaymentReceipt)] += 2.0;
    }

    // Order page: the shop's order detail.
    if has_line(
        items,
        &[
            "订单详情",
            "订单信息",
            "查询订单",
            "订单查询",
            "orderdetails",
            "order",
            "orderdetail",
        ],
    ) {
        score[idx(Kind::OrderPage)] += 3.0;
    }
    if has_prefix(items, &["购买数量", "quantity", "数量"]) {
        score[idx(Kind::OrderPage)] += 2.0;
    }
    if has_prefix(
        items,
        &["复制订单号", "copyorder", "卡密信息", "yourcardkey", "卡密"],
    ) {
        score[idx(Kind::OrderPage)] += 2.0;
    }
    if has_prefix(
        items,
        &["订单号", "订单编号", "orderno", "ordernumber", "orderid"],
    ) {
        score[idx(Kind::OrderPage)] += 1.0;
    }

    // Product page: buy buttons, stock, sales.
    if has_prefix(items, &["立即购买", "buynow", "马上购买"]) {
        score[idx(Kind::ProductPage)] += 3.0;
    }
    if has_prefix(items, &["加入购物车", "addtocart"]) {
        score[idx(Kind::ProductPage)] += 2.0;
    }
    if has_prefix(items, &["库存", "instock"]) {
        score[idx(Kind::ProductPage)] += 2.0;
    }
    if has_prefix(items, &["已售", "销量"]) || items.iter().any(|i| i.key.ends_with("sold")) {
        score[idx(Kind::ProductPage)] += 1.0;
    }

    // Chat: a send button at the bottom, bubbles.
    let top = items.iter().map(|i| i.y0).fold(f32::MAX, f32::min);
    if items
        .iter()
        .any(|i| (i.key == "发送" || i.key == "send") && i.cy - top > 0.8 * height)
    {
        score[idx(Kind::Chat)] += 4.0;
    }

    let (best, &best_score) = score
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap_or((5, &0.0));
    if best_score < 2.0 {
        Kind::Other
    } else {
        Kind::ALL[best]
    }
}

// ---------------------------------------------------------------- extraction

/// An amount and its currency, when shown.
type Amount = (String, Option<&'static str>);

/// A value found for a label, with the item it came from.
struct Found<T> {
    value: T,
    item: usize,
}

/// The text after its first `n` non-space characters, separators trimmed.
fn after_chars(text: &str, n: usize) -> String {
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
fn value_candidates(items: &[Item], i: usize, rest: &str) -> Vec<(String, usize)> {
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
fn continuation(items: &[Item], j: usize) -> Option<usize> {
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

/// Reads the fields and the kind from OCR lines.
pub fn extract(lines: &[Line]) -> Analysis {
    let (items, height) = layout(lines);

    let mut order_no: Option<Found<String>> = None;
    let mut trade_no: Option<Found<String>> = None;
    let mut amount: Option<(u8, Found<Amount>)> = None;
    let mut status: Option<PaymentStatus> = None;
    let mut product: Option<String> = None;
    let mut time: Option<String> = None;
    let mut platform: Option<&'static str> = None;
    let mut error_code: Option<String> = None;

    for i in 0..items.len() {
        let Some((field, _label, rest)) = match_label(&items[i].key) else {
            continue;
        };
        let candidates = value_candidates(&items, i, &rest);
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
                        if let Some(k) = continuation(&items, *j) {
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

    // Unlabelled error codes: "(错误码 40013)", "Error code: PAY-502" inside a line.
    if error_code.is_none() {
        error_code = items.iter().find_map(|i| find_error_code(&i.text));
    }
    // "…（错误码：" at the end of one line, "TOP-986)" at the start of the next.
    if error_code.is_none() {
        error_code = items.windows(2).find_map(|w| {
            let joined = format!("{}{}", w[0].text, w[1].text);
            find_error_code(&joined).filter(|_| find_error_code(&w[1].text).is_none())
        });
    }
    let kind = classify(&items, height, error_code.is_some());

    // A status phrase standing alone (the big "支付成功" of a receipt), largest first.
    if status.is_none() {
        let mut found: Vec<(&Item, PaymentStatus)> = items
            .iter()
            .filter_map(|i| parse_status(&i.key).map(|s| (i, s)))
            .collect();
        found.sort_by(|a, b| b.0.h.total_cmp(&a.0.h));
        status = found.first().map(|(_, s)| *s);
    }

    // An amount without a label: the largest one with a symbol, sign or decimals.
    if amount.is_none() {
        let mut found: Vec<(usize, (String, Option<&'static str>))> = items
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.key.contains('×') && !i.key.contains('*'))
            .filter_map(|(n, i)| parse_amount(&i.text, false).map(|v| (n, v)))
            .collect();
        found.sort_by(|a, b| items[b.0].h.total_cmp(&items[a.0].h));
        if let Some((n, v)) = found.into_iter().next() {
            amount = Some((0, Found { value: v, item: n }));
        }
    }

    if time.is_none() {
        time = items.iter().find_map(|i| parse_time(&i.text));
    }

    // Receipt apps recognised by their wording.
    if platform.is_none() {
        platform = receipt_platform(&items);
    }

    // Order number said in a chat or in passing: "订单号是 D2024…".
    if order_no.is_none() {
        order_no = items.iter().enumerate().find_map(|(n, i)| {
            INLINE_ORDER
                .captures(&i.text)
                .and_then(|c| c.get(1))
                .and_then(|m| parse_id(m.as_str()))
                .map(|mut value| {
                    if let Some(k) = continuation(&items, n) {
                        value.extend(items[k].raw.chars().filter(|c| !c.is_whitespace()));
                    }
                    Found { value, item: n }
                })
        });
    }

    // The product of an order page without a 商品名称 row: the lines just above "¥30.00 × 2".
    if product.is_none() && kind == Kind::OrderPage {
        product = items.iter().enumerate().find_map(|(n, i)| {
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
        });
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
        let cjk = items
            .iter()
            .flat_map(|i| i.raw.chars())
            .filter(|c| is_cjk(*c))
            .count();
        if matches!(platform, Some("alipay" | "wechat" | "qq" | "unionpay")) || cjk > 20 {
            currency = Some("CNY".to_string());
        }
    }

    let mut fields = Fields {
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
    };
    // Keep what each kind of screen can really tell.
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

fn receipt_platform(items: &[Item]) -> Option<&'static str> {
    if has_line(items, &["paypal"]) {
        return Some("paypal");
    }
    if let Some(p) = items.iter().find_map(|i| {
        if i.key.contains("支付宝") || i.key.contains("花呗") || i.key.contains("余额宝") {
            Some("alipay")
        } else {
            None
        }
    }) {
        return Some(p);
    }
    let alipay = has_prefix(items, &["商家订单号", "收款方全称", "账单分类"])
        || (has_prefix(items, &["交易号"]) && has_prefix(items, &["商户订单号"]));
    let wechat = has_prefix(items, &["交易单号"]) && has_prefix(items, &["商户单号", "商户全称"]);
    match (alipay, wechat) {
        (true, false) => Some("alipay"),
        (false, true) => Some("wechat"),
        _ => None,
    }
}

/// On a product page, the title: the first substantial line below the price.
fn product_title(items: &[Item], price: Option<usize>) -> Option<String> {
    let p = price?;
    let price_item = &items[p];
    items
        .iter()
        .filter(|i| i.y0 >= price_item.y1 - 2.0 && i.key.chars().count() >= 4)
        .filter(|i| !is_amount_only(&i.text))
        .min_by(|a, b| a.y0.total_cmp(&b.y0))
        .map(|i| i.raw.clone())
}

/// Joins wrapped lines: no space after Chinese, one space after Latin text.
fn join_lines(parts: &[&Item]) -> String {
    let mut out = String::new();
    for p in parts {
        let ends_cjk = out.chars().last().is_some_and(is_cjk);
        if !out.is_empty() && !ends_cjk {
            out.push(' ');
        }
        out.push_str(p.raw.trim());
    }
    out
}

static INLINE_CODE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[]?\s*(?:错误代码|错误码|error\s*code|error|code)\s*[:=#]?\s*[A-Za-z0-9_-]+\s*[)\]]?\s*$")
        .unwrap_or_else(|e| panic!("suffix regex: {e}"))
});

/// The message of an error dialog: the lines under its title, up to the
/// code line or the buttons, without an inline "(错误码：…)".
fn error_message(items: &[Item]) -> Option<String> {
    let title = items
        .iter()
        .position(|i| is_error_title(i) && i.key.chars().count() <= 20)?;
    let t = &items[title];
    let mut parts: Vec<&Item> = Vec::new();
    let mut last_y = t.y1;
    for (n, i) in items.iter().enumerate() {
        if n <= title || i.y0 < t.y1 - 0.3 * t.h {
            continue;
        }
        if i.y0 - last_y > 2.2 * t.h.max(i.h) {
            break;
        }
        let is_code_line = find_error_code(&i.text).is_some()
            && INLINE_CODE_SUFFIX
                .find(&i.text)
                .is_some_and(|m| m.start() == 0);
        if is_code_line || BUTTONS.contains(&i.key.as_str()) {
            break;
        }
        parts.push(i);
        last_y = i.y1;
    }
    if parts.is_empty() {
        return None;
    }
    let msg = join_lines(&parts);
    let cleaned = INLINE_CODE_SUFFIX.replace(&normalize(&msg), "").to_string();
    // Keep the message as read when nothing was cut, so Chinese punctuation stays.
    let out = if cleaned == normalize(&msg) {
        msg
    } else {
        cleaned
    };
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
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
}
