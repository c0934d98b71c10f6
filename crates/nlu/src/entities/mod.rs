//! Entity extraction with character offsets.
//!
//! Entities are found in the folded text (see [`crate::text::fold`]), which has
//! one char per char of the buyer's text, so `start..end` are offsets in the
//! original message counted in Unicode scalar values (Rust `char`s), end
//! exclusive.
//!
//! Identifiers (order numbers, trade numbers, card keys, QQ numbers, error
//! codes) are alphanumeric runs classified by shape and by the words right
//! before them: `订单号：D20241120X7731`, `交易号 2024…`, `卡密 ABCD-…`,
//! `QQ 12345678`, `错误代码 40013`. Without such words the shape decides:
//! 14–24 digits is an order number, 25–32 digits a payment provider's trade
//! number, a letter prefix followed by a date-like digit run an order number,
//! dash-grouped or random-looking letter+digit strings a card key.
//!
//! Card keys are never echoed: their `value` is masked (see [`mask_secret`]).

use regex::Regex;
use serde::{Deserialize, Serialize};

mod catalogue;

pub use catalogue::Catalogue;
use catalogue::*;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// The shop's order number (`20241120153012345678`, `D20241120X7731`).
    OrderNo,
    /// A payment provider's transaction number (Alipay, WeChat Pay, PayPal).
    TradeNo,
    /// An e-mail address.
    Email,
    /// A phone number, Chinese mobile or international (`+…`).
    Phone,
    /// A QQ number (only when the message says it is one).
    Qq,
    /// A sum of money: value `"<number> <ISO code>"`, e.g. `"99.5 CNY"`.
    Amount,
    /// An error code from a dialog (`E003`, `0x80040154`, `ERR_4021`).
    ErrorCode,
    /// Something that looks like a card key or password; value masked.
    CardKey,
    /// A product of the shop's catalogue; value is the catalogue name.
    Product,
    /// A payment or game platform; value is a stable id (`alipay`, `steam`).
    Platform,
}

impl EntityKind {
    /// The kind as serialised (`order_no`, `card_key` …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::OrderNo => "order_no",
            EntityKind::TradeNo => "trade_no",
            EntityKind::Email => "email",
            EntityKind::Phone => "phone",
            EntityKind::Qq => "qq",
            EntityKind::Amount => "amount",
            EntityKind::ErrorCode => "error_code",
            EntityKind::CardKey => "card_key",
            EntityKind::Product => "product",
            EntityKind::Platform => "platform",
        }
    }
}

/// One entity found in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entity {
    /// What it is.
    pub kind: EntityKind,
    /// Normalised value: width-folded identifier, `"100 CNY"`, catalogue
    /// name, platform id; for `card_key` the masked key.
    pub value: String,
    /// First character, counted in Unicode scalar values from 0.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Masks a secret so that it can be shown and logged: every letter and digit
/// becomes `*` except the last four when the secret has at least twelve;
/// separators stay, so the length and shape are kept.
pub fn mask_secret(secret: &str) -> String {
    let alnum = secret.chars().filter(|c| c.is_alphanumeric()).count();
    let keep_from = if alnum >= 12 { alnum - 4 } else { alnum };
    let mut seen = 0;
    secret
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen > keep_from {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

/// Which words before an identifier say what it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    Order,
    Trade,
    Card,
    Qq,
    Error,
    Phone,
}

const CONTEXT_WORDS: &[(&str, Context)] = &[
    ("订单号码", Context::Order),
    ("订单编号", Context::Order),
    ("订单号", Context::Order),
    ("订单", Context::Order),
    ("单号", Context::Order),
    ("单子", Context::Order),
    ("定单", Context::Order),
    ("查单", Context::Order),
    ("编号", Context::Order),
    ("order number", Context::Order),
    ("order no", Context::Order),
    ("order id", Context::Order),
    ("order", Context::Order),
    ("支付宝交易号", Context::Trade),
    ("微信支付单号", Context::Trade),
    ("交易单号", Context::Trade),
    ("交易号", Context::Trade),
    ("流水号", Context::Trade),
    ("支付单号", Context::Trade),
    ("商户单号", Context::Trade),
    ("转账单号", Context::Trade),
    ("transaction id", Context::Trade),
    ("transaction no", Context::Trade),
    ("transaction", Context::Trade),
    ("trade no", Context::Trade),
    ("txn", Context::Trade),
    ("txid", Context::Trade),
    ("卡密", Context::Card),
    ("卡蜜", Context::Card),
    ("卡米", Context::Card),
    ("密码", Context::Card),
    ("卡号", Context::Card),
    ("激活码", Context::Card),
    ("兑换码", Context::Card),
    ("兑换吗", Context::Card),
    ("充值码", Context::Card),
    ("序列号", Context::Card),
    ("密钥", Context::Card),
    ("cdkey", Context::Card),
    ("cdk", Context::Card),
    ("key", Context::Card),
    ("code", Context::Card),
    ("pin", Context::Card),
    ("serial", Context::Card),
    ("password", Context::Card),
    ("qq号码", Context::Qq),
    ("qq号", Context::Qq),
    ("qq", Context::Qq),
    ("扣扣", Context::Qq),
    ("企鹅号", Context::Qq),
    ("错误代码", Context::Error),
    ("错误码", Context::Error),
    ("错误号", Context::Error),
    ("报错代码", Context::Error),
    ("报错", Context::Error),
    ("错误", Context::Error),
    ("代码", Context::Error),
    ("状态码", Context::Error),
    ("error code", Context::Error),
    ("error", Context::Error),
    ("err", Context::Error),
    ("手机号码", Context::Phone),
    ("手机号", Context::Phone),
    ("手机", Context::Phone),
    ("电话", Context::Phone),
    ("phone", Context::Phone),
    ("tel", Context::Phone),
    ("mobile", Context::Phone),
    ("whatsapp", Context::Phone),
];

/// The context word right before byte `start` of `text`, skipping
/// separators (`:`, `#`, `是`, spaces …); the longest word wins.
fn context_before(text: &str, start: usize) -> Option<Context> {
    let head = &text[..start];
    let trimmed = head.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '#' | '=' | '"' | '\'' | '(' | '[' | '.' | '-' | ',' | '是' | '为' | '：'
            )
    });
    // Only the tail matters; lower-case it once.
    let tail_start = trimmed
        .char_indices()
        .rev()
        .nth(15)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let tail = trimmed[tail_start..].to_ascii_lowercase();
    let mut best: Option<(usize, Context)> = None;
    for (word, ctx) in CONTEXT_WORDS {
        if tail.ends_with(word) {
            // An ASCII keyword must start a word ("border" is not "order").
            if word.is_ascii() {
                let before = tail[..tail.len() - word.len()].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    continue;
                }
            }
            if best.is_none_or(|(len, _)| word.len() > len) {
                best = Some((word.len(), *ctx));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Platforms: (alias as typed, lower case; stable id).
const PLATFORMS: &[(&str, &str)] = &[
    ("支付宝", "alipay"),
    ("alipay", "alipay"),
    ("zfb", "alipay"),
    ("微信支付", "wechat"),
    ("微信", "wechat"),
    ("wechat pay", "wechat"),
    ("wechat", "wechat"),
    ("weixin", "wechat"),
    ("vx", "wechat"),
    ("qq钱包", "qq_wallet"),
    ("paypal", "paypal"),
    ("usdt", "usdt"),
    ("银联", "unionpay"),
    ("云闪付", "unionpay"),
    ("steam", "steam"),
    ("psn", "psn"),
    ("playstation", "psn"),
    ("ps4", "psn"),
    ("ps5", "psn"),
    ("xbox", "xbox"),
    ("nintendo", "nintendo"),
    ("eshop", "nintendo"),
    ("任天堂", "nintendo"),
    ("app store", "app_store"),
    ("appstore", "app_store"),
    ("苹果商店", "app_store"),
    ("itunes", "app_store"),
    ("苹果礼品卡", "app_store"),
    ("apple id", "app_store"),
    ("google play", "google_play"),
    ("谷歌商店", "google_play"),
    ("谷歌礼品卡", "google_play"),
    ("epic", "epic"),
    ("淘宝", "taobao"),
    ("闲鱼", "xianyu"),
    ("京东", "jd"),
    ("拼多多", "pinduoduo"),
    ("抖音", "douyin"),
    ("telegram", "telegram"),
    ("电报", "telegram"),
    ("whatsapp", "whatsapp"),
    ("网易", "netease"),
    ("腾讯", "tencent"),
];

/// Finds entities. Built once (compiles a few regexes) and shared.
pub struct Extractor {
    email: Regex,
    cn_mobile: Regex,
    intl_phone: Regex,
    run: Regex,
    order_shape: Regex,
    error_shape: Regex,
    amount: Regex,
    zh_amount: Regex,
    platform: Regex,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Extractor")
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

fn compile(pattern: &str) -> Regex {
    crate::table_regex(pattern, "entity pattern")
}

/// Byte offsets and char offsets of one text.
struct Offsets {
    /// Char index for every byte offset (valid at char boundaries).
    char_at: Vec<u32>,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let mut char_at = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for slot in &mut char_at[i..i + c.len_utf8()] {
                *slot = n;
            }
            n += 1;
        }
        char_at[text.len()] = n;
        Offsets { char_at }
    }
    fn char(&self, byte: usize) -> usize {
        self.char_at[byte] as usize
    }
}

/// Found spans, in byte offsets, kept free of overlaps.
#[derive(Default)]
struct Found {
    spans: Vec<(usize, usize, EntityKind, String)>,
}

impl Found {
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.spans.iter().any(|&(s, e, _, _)| start < e && s < end)
    }
    fn push(&mut self, start: usize, end: usize, kind: EntityKind, value: String) -> bool {
        if self.overlaps(start, end) {
            return false;
        }
        self.spans.push((start, end, kind, value));
        true
    }
}

fn char_before(text: &str, byte: usize) -> Option<char> {
    text[..byte].chars().next_back()
}

fn char_after(text: &str, byte: usize) -> Option<char> {
    text[byte..].chars().next()
}

/// Number of letter↔digit switches: random keys switch often, words and
/// model names ("iPhone15ProMax") seldom.
fn transitions(s: &str) -> usize {
    let mut n = 0;
    let mut last: Option<bool> = None;
    for c in s.chars().filter(|c| c.is_ascii_alphanumeric()) {
        let d = c.is_ascii_digit();
        if last.is_some_and(|l| l != d) {
            n += 1;
        }
        last = Some(d);
    }
    n
}

fn looks_like_grouped_key(run: &str) -> bool {
    let groups: Vec<&str> = run.split(['-', '_']).collect();
    if groups.len() < 3 || groups.iter().any(|g| g.len() < 3 || g.len() > 8) {
        return false;
    }
    let alnum: usize = groups.iter().map(|g| g.len()).sum();
    let has_letter = run.chars().any(|c| c.is_ascii_alphabetic());
    alnum >= 12 && (has_letter || groups.len() >= 4)
}

fn looks_like_random_key(run: &str) -> bool {
    let letters = run.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let digits = run.chars().filter(|c| c.is_ascii_digit()).count();
    letters + digits >= 12 && letters >= 2 && digits >= 2 && transitions(run) >= 3
}

/// Parses Chinese numerals as buyers write amounts: 五十, 两百, 一百五, 三千.
fn parse_zh_number(s: &str) -> Option<u64> {
    fn digit(c: char) -> Option<u64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let mut total = 0u64; // completed 万 groups
    let mut section = 0u64; // below 万
    let mut current: Option<u64> = None;
    let mut last_unit = 1u64;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if d == 0 {
                // 一百零五: the digit after 零 counts as units.
                last_unit = 1;
            } else {
                current = Some(d);
            }
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section += current.take().unwrap_or(0);
            total = (total + section.max(1)) * 10_000;
            section = 0;
            last_unit = 10_000;
        } else {
            section += current.take().unwrap_or(1) * unit;
            last_unit = unit;
        }
    }
    if let Some(d) = current {
        // 一百五 = 150, 一千五 = 1500, 两万五 = 25000: a bare last digit
        // counts in the unit below the last one.
        section += if last_unit > 1 {
            d * (last_unit / 10)
        } else {
            d
        };
    }
    let v = total + section;
    (v > 0).then_some(v)
}

fn currency_code(unit: &str) -> &'static str {
    match unit.to_ascii_lowercase().as_str() {
        "¥" | "rmb" | "cny" | "元" | "块" | "块钱" | "yuan" | "人民币" => "CNY",
        "$" | "us$" | "usd" | "美元" | "美金" | "刀" | "dollar" | "dollars" | "bucks" => "USD",
        "€" | "eur" | "euro" | "euros" | "欧元" => "EUR",
        "£" | "gbp" | "英镑" => "GBP",
        "hk$" | "hkd" | "港币" | "港元" => "HKD",
        "usdt" => "USDT",
        _ => "CNY",
    }
}

impl Extractor {
    /// Compiles the patterns.
    pub fn new() -> Self {
        let mut aliases: Vec<&str> = PLATFORMS.iter().map(|(a, _)| *a).collect();
        aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let platform = format!(
            "(?i){}",
            aliases
                .iter()
                .map(|a| regex::escape(a).replace(' ', r"\s?"))
                .collect::<Vec<_>>()
                .join("|")
        );
        let number = r"\d{1,9}(?:,\d{3})*(?:\.\d{1,2})?";
        Extractor {
            email: compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
            cn_mobile: compile(r"(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}"),
            intl_phone: compile(r"\+\d{1,3}(?:[\s-]?\d+){1,5}"),
            run: compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"),
            order_shape: compile(r"^[A-Za-z]{1,4}[-_]?\d{8,}(?:[-_]?[A-Za-z0-9]+)*$"),
            error_shape: compile(r"^(?:(?i:e|err|error)[-_]?\d{2,6}|0[xX][0-9A-Fa-f]{4,8})$"),
            amount: compile(&format!(
                r"(?i)(?P<pre>us\$|hk\$|\$|¥|€|£|rmb|cny|usd|eur|hkd)\s?(?P<n1>{number})|(?P<n2>{number})\s?(?P<suf>块钱|块|元|人民币|美元|美金|刀|港币|港元|欧元|英镑|rmb|cny|usdt|usd|eur|euros?|hkd|gbp|dollars?|bucks|yuan)"
            )),
            zh_amount: compile(
                r"(?P<n>[零〇一二两三四五六七八九十百千万]+)(?P<suf>块钱|块|元|美元|美金|刀)",
            ),
            platform: compile(&platform),
        }
    }

    /// Entities of `folded` text (see [`crate::text::fold`]), sorted by start.
    pub fn extract(&self, folded: &str, catalogue: Option<&Catalogue>) -> Vec<Entity> {
        let mut found = Found::default();
        self.emails(folded, &mut found);
        self.phones(folded, &mut found);
        self.runs(folded, &mut found);
        self.amounts(folded, &mut found);
        if let Some(catalogue) = catalogue {
            products(folded, catalogue, &mut found);
        }
        self.platforms(folded, &mut found);
        let offsets = Offsets::new(folded);
        let mut entities: Vec<Entity> = found
            .spans
            .into_iter()
            .map(|(s, e, kind, value)| Entity {
                kind,
                value,
                start: offsets.char(s),
                end: offsets.char(e),
            })
            .collect();
        entities.sort_by_key(|e| (e.start, e.end));
        entities
    }

    fn emails(&self, text: &str, found: &mut Found) {
        for m in self.email.find_iter(text) {
            found.push(
                m.start(),
                m.end(),
                EntityKind::Email,
                m.as_str().to_string(),
            );
        }
    }

    fn phones(&self, text: &str, found: &mut Found) {
        let digit_edge = |s: usize, e: usize| {
            char_before(text, s).is_some_and(|c| c.is_ascii_alphanumeric())
                || char_after(text, e).is_some_and(|c| c.is_ascii_alphanumeric())
        };
        for re in [&self.cn_mobile, &self.intl_phone] {
            for m in re.find_iter(text) {
                if digit_edge(m.start(), m.end()) {
                    continue;
                }
                let value: String = m
                    .as_str()
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                let digits = value.chars().filter(char::is_ascii_digit).count();
                if (8..=15).contains(&digits) {
                    found.push(m.start(), m.end(), EntityKind::Phone, value);
                }
            }
        }
    }

    fn runs(&self, text: &str, found: &mut Found) {
        for m in self.run.find_iter(text) {
            if found.overlaps(m.start(), m.end()) {
                continue;
            }
            let run = m.as_str();
            if let Some(kind) = self.classify_run(run, context_before(text, m.start())) {
                let value = if kind == EntityKind::CardKey {
                    mask_secret(run)
                } else {
                    run.to_string()
                };
                found.push(m.start(), m.end(), kind, value);
            }
        }
    }

    fn classify_run(&self, run: &str, ctx: Option<Context>) -> Option<EntityKind> {
        let n = run.len();
        let digits = run.bytes().filter(u8::is_ascii_digit).count();
        let letters = run.bytes().filter(u8::is_ascii_alphabetic).count();
        let digits_only = letters == 0 && digits == n;
        match ctx {
            Some(Context::Trade) if n >= 10 && digits >= 8 => return Some(EntityKind::TradeNo),
            // A key or password has a digit, or is a long upper-case code;
            // "key expired", "code please" are words.
            Some(Context::Card)
                if n >= 6
                    && (digits > 0 || (n >= 10 && run.bytes().all(|b| b.is_ascii_uppercase()))) =>
            {
                return Some(EntityKind::CardKey)
            }
            Some(Context::Qq) if digits_only && (5..=11).contains(&n) && !run.starts_with('0') => {
                return Some(EntityKind::Qq)
            }
            Some(Context::Error) if digits > 0 && n <= 12 => return Some(EntityKind::ErrorCode),
            Some(Context::Phone) if digits_only && (7..=15).contains(&n) => {
                return Some(EntityKind::Phone)
            }
            Some(Context::Order) if n >= 6 && digits >= 4 => return Some(EntityKind::OrderNo),
            _ => {}
        }
        if self.error_shape.is_match(run) {
            return Some(EntityKind::ErrorCode);
        }
        if digits_only {
            return match n {
                14..=24 => Some(EntityKind::OrderNo),
                25..=32 => Some(EntityKind::TradeNo),
                _ => None,
            };
        }
        if self.order_shape.is_match(run) && digits >= 10 {
            return Some(EntityKind::OrderNo);
        }
        if looks_like_grouped_key(run) || looks_like_random_key(run) {
            return Some(EntityKind::CardKey);
        }
        None
    }

    fn amounts(&self, text: &str, found: &mut Found) {
        for caps in self.amount.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            let (num, unit) = match (caps.name("n1"), caps.name("pre"), caps.name("n2")) {
                (Some(n), Some(p), _) => (n.as_str(), p.as_str()),
                (_, _, Some(n)) => (n.as_str(), caps.name("suf").map_or("", |s| s.as_str())),
                _ => continue,
            };
            let before = char_before(text, m.start());
            let after = char_after(text, m.end());
            let unit_is_word = unit.chars().all(|c| c.is_ascii_alphabetic());
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
                || after.is_some_and(|c| c.is_ascii_digit())
                || (unit_is_word && after.is_some_and(|c| c.is_ascii_alphabetic()))
            {
                continue;
            }
            let value = format!("{} {}", num.replace(',', ""), currency_code(unit));
            found.push(m.start(), m.end(), EntityKind::Amount, value);
        }
        for caps in self.zh_amount.captures_iter(text) {
            let (Some(m), Some(n), Some(suf)) = (caps.get(0), caps.name("n"), caps.name("suf"))
            else {
                continue;
            };
            if let Some(v) = parse_zh_number(n.as_str()) {
                let value = format!("{v} {}", currency_code(suf.as_str()));
                found.push(m.start(), m.end(), EntityKind::Amount, value);
            }
        }
    }

    fn platforms(&self, text: &str, found: &mut Found) {
        for m in self.platform.find_iter(text) {
            let s = m.as_str();
            if s.is_ascii()
                && (char_before(text, m.start()).is_some_and(|c| c.is_ascii_alphanumeric())
                    || char_after(text, m.end()).is_some_and(|c| c.is_ascii_alphanumeric()))
            {
                continue;
            }
            let key: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            let id = PLATFORMS
                .iter()
                .find(|(alias, _)| alias.replace(' ', "") == key)
                .map(|(_, id)| *id);
            if let Some(id) = id {
                found.push(m.start(), m.end(), EntityKind::Platform, id.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests;
