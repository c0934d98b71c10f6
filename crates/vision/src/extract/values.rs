//! Values by type: amounts, ids, times, payment statuses, error codes and
//! platforms, validated so that a label next to the wrong text finds nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

pub(crate) static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)(us\$|hk\$|rmb|cny|usd|eur|hkd|[¥$€£])?\s*([-+])?\s*(us\$|hk\$|[¥$€£])?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(元|usd|cny|rmb|eur|hkd)?",
    )
});

/// An amount in a piece of text: two-decimal string and its currency, if shown.
/// Without a symbol or decimals, only accepted when `labelled`.
pub(crate) fn parse_amount(text: &str, labelled: bool) -> Option<(String, Option<&'static str>)> {
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
pub(crate) fn is_amount_only(text: &str) -> bool {
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

pub(crate) static ID: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"^[A-Za-z0-9][A-Za-z0-9_-]{5,39}$"));

/// An order or transaction number: letters and digits, 6–40 long, with a digit.
/// In mostly-digit numbers, O/o read between digits become 0 and I/l become 1.
pub(crate) fn parse_id(text: &str) -> Option<String> {
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

pub(crate) static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?",
    )
});
pub(crate) static DATETIME_EN: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})\s*,?\s*(\d{4})\s*(?:at)?\s*,?\s*(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([ap]\.?m\.?)?",
    )
});

/// A date and time, normalised to "YYYY-MM-DD HH:MM[:SS]".
pub(crate) fn parse_time(text: &str) -> Option<String> {
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
pub(crate) const STATUS: &[(&str, PaymentStatus)] = &[
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
pub(crate) fn parse_status(key: &str) -> Option<PaymentStatus> {
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

pub(crate) static ERROR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)(?:错误代码|错误码|错误编号|错误号|error\s*code|err\s*code|error|err|code|代码)\s*(?:[:=#]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9])",
    )
});

/// An error code after an error-code label inside one line.
pub(crate) fn find_error_code(text: &str) -> Option<String> {
    let t = normalize(text);
    for cap in ERROR_CODE.captures_iter(&t) {
        if let Some(code) = cap.get(1).and_then(|m| valid_error_code(m.as_str())) {
            return Some(code);
        }
    }
    None
}

pub(crate) fn valid_error_code(code: &str) -> Option<String> {
    let n = code.chars().count();
    let has_digit = code.chars().any(|c| c.is_ascii_digit());
    let shouty = code.contains('_')
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
    ((3..=24).contains(&n) && (has_digit || shouty)).then(|| code.to_string())
}

/// "¥30.00 × 2" under a product name.
pub(crate) static GOODS_META: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"\d+\.\d{2}[×x*]\d+$"));

pub(crate) static INLINE_ORDER: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)(?:订单号|订单编号|单号|order\s*(?:no\.?|number|id|#))\s*(?:[:#]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]{5,39})",
    )
});

pub(crate) fn platform_of(text: &str) -> Option<&'static str> {
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
