//! What some screens say besides labelled fields: the receipt's platform,
//! a product page's title, an error dialog's message.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

pub(crate) fn receipt_platform(items: &[Item]) -> Option<&'static str> {
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
pub(crate) fn product_title(items: &[Item], price: Option<usize>) -> Option<String> {
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
pub(crate) fn join_lines(parts: &[&Item]) -> String {
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

pub(crate) static INLINE_CODE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(
        r"(?i)\s*[(\[]?\s*(?:错误代码|错误码|error\s*code|error|code)\s*[:=#]?\s*[A-Za-z0-9_-]+\s*[)\]]?\s*$",
    )
});

/// The message of an error dialog: the lines under its title, up to the
/// code line or the buttons, without an inline "(错误码：…)".
pub(crate) fn error_message(items: &[Item]) -> Option<String> {
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
