//! Orders coming in from the shop (REST batch, signed webhook, CSV import):
//! the input shape, its validation, and the CSV reader. Saving is
//! [`crate::Shop::ingest`].

use kadesk_domain::Millis;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::error::{CsvError, OrderError};
use crate::model::{classify_contact, DeliveryStatus, PaymentStatus, PlainKey, Secret};

/// Most orders in one request.
pub const MAX_BATCH: usize = 1000;
/// Most card keys on one order.
pub const MAX_KEYS: usize = 1000;
/// Longest card key, in characters.
pub const MAX_KEY_CHARS: usize = 2000;

/// An order as the shop sends it.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    /// The shop's order number: 1–64 letters, digits, `-` or `_`.
    pub order_no: String,
    /// The payment provider's number.
    #[serde(default)]
    pub trade_no: Option<String>,
    /// The product's name.
    pub product: String,
    /// The contact the buyer gave (e-mail, phone or QQ); sorted into the
    /// fields below when those are not given.
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub qq: Option<String>,
    /// The order's lookup password, if the buyer set one. Stored as a keyed hash.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub lookup_password: Option<Secret>,
    #[serde(default = "one")]
    pub quantity: i64,
    /// The amount in the smallest unit (fen); or give `amount`.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// The amount in currency units, e.g. `"30.00"` or `30`.
    #[serde(default, deserialize_with = "amount_units")]
    #[schema(value_type = Option<String>)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    pub payment_status: PaymentStatus,
    #[serde(default)]
    pub delivery_status: Option<DeliveryStatus>,
    /// The shop delivers this product by hand.
    #[serde(default)]
    pub manual_delivery: bool,
    /// Unix seconds or milliseconds, RFC 3339, or `YYYY-MM-DD HH:MM:SS`
    /// (China time unless an offset is given). Default: now.
    #[serde(default, deserialize_with = "time")]
    #[schema(value_type = Option<String>)]
    pub created_at: Option<Millis>,
    #[serde(default, deserialize_with = "time")]
    #[schema(value_type = Option<String>)]
    pub paid_at: Option<Millis>,
    #[serde(default, deserialize_with = "time")]
    #[schema(value_type = Option<String>)]
    pub delivered_at: Option<Millis>,
    /// The delivered card keys in plain text; sealed before they are stored.
    /// Leave out to keep the keys already stored.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub card_keys: Option<Vec<PlainKey>>,
}

impl std::fmt::Debug for OrderInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrderInput")
            .field("order_no", &self.order_no)
            .field("payment_status", &self.payment_status)
            .field("delivery_status", &self.delivery_status)
            .field("card_keys", &self.card_keys.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

impl<'de> Deserialize<'de> for PlainKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PlainKey, D::Error> {
        crate::model::secret_text(d).map(PlainKey::new)
    }
}

fn one() -> i64 {
    1
}

/// A valid order, ready to store.
#[derive(Clone)]
pub struct ValidOrder {
    pub order_no: String,
    pub trade_no: Option<String>,
    pub product: String,
    pub contact: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub qq: Option<String>,
    pub lookup_password: Option<Secret>,
    pub quantity: i64,
    pub amount_cents: i64,
    pub currency: String,
    pub payment_status: PaymentStatus,
    pub delivery_status: DeliveryStatus,
    pub manual_delivery: bool,
    pub created_at: Millis,
    pub paid_at: Option<Millis>,
    pub delivered_at: Option<Millis>,
    pub card_keys: Option<Vec<PlainKey>>,
}

impl std::fmt::Debug for ValidOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidOrder")
            .field("order_no", &self.order_no)
            .finish_non_exhaustive()
    }
}

/// Longest contact (e-mail, phone, QQ or other) accepted.
pub const MAX_CONTACT_CHARS: usize = 200;
/// Longest payment number accepted.
pub const MAX_TRADE_NO_CHARS: usize = 128;

/// Whether `order_no` is a shop order number: 1 to 64 ASCII letters,
/// digits, `-` or `_` (nothing that could mean something in a URL or a path).
pub fn valid_order_no(order_no: &str) -> bool {
    !order_no.is_empty()
        && order_no.len() <= 64
        && order_no
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether a contact or payment number may be looked up in a shop: 1 to
/// `max` characters, no control characters, and not only dots (`.` and
/// `..` would climb a URL path even when percent-encoded).
pub fn valid_lookup_value(value: &str, max: usize) -> bool {
    !value.is_empty()
        && value.chars().count() <= max
        && !value.chars().any(char::is_control)
        && !value.chars().all(|c| c == '.')
}

fn clean(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn too_long(field: &'static str, value: &Option<String>, max: usize) -> Result<(), OrderError> {
    match value {
        Some(v) if v.chars().count() > max => Err(OrderError::TooLong { field, max }),
        _ => Ok(()),
    }
}

impl OrderInput {
    /// Checks the order; the error names the field and what to send instead.
    pub fn validate(self, now: Millis) -> Result<ValidOrder, OrderError> {
        let order_no = self.order_no.trim().to_owned();
        if !valid_order_no(&order_no) {
            return Err(OrderError::OrderNo(order_no));
        }
        let product = self.product.trim().to_owned();
        if product.is_empty() || product.chars().count() > 200 {
            return Err(OrderError::Product);
        }
        let contact = clean(self.contact.as_deref());
        let (c_email, c_phone, c_qq) = contact.as_deref().map(classify_contact).unwrap_or_default();
        let email = clean(self.email.as_deref())
            .map(|e| e.to_lowercase())
            .or(c_email);
        if let Some(e) = &email {
            if !e.contains('@') {
                return Err(OrderError::Email(e.clone()));
            }
        }
        let phone = clean(self.phone.as_deref())
            .map(|p| classify_contact(&p).1.unwrap_or(p))
            .or(c_phone);
        let qq = clean(self.qq.as_deref())
            .or(c_qq)
            .or_else(|| email.as_deref().and_then(|e| classify_contact(e).2));
        too_long("contact", &contact, MAX_CONTACT_CHARS)?;
        too_long("email", &email, MAX_CONTACT_CHARS)?;
        too_long("phone", &phone, 40)?;
        too_long("qq", &qq, 20)?;
        let contact = contact
            .or_else(|| email.clone())
            .or_else(|| phone.clone())
            .or_else(|| qq.clone())
            .ok_or(OrderError::NoContact)?;
        let trade_no = clean(self.trade_no.as_deref());
        too_long("trade_no", &trade_no, MAX_TRADE_NO_CHARS)?;
        if !(1..=100_000).contains(&self.quantity) {
            return Err(OrderError::Quantity(self.quantity));
        }
        let amount_cents = match (self.amount_cents, self.amount) {
            (Some(c), None) | (None, Some(c)) => c,
            (Some(_), Some(_)) => return Err(OrderError::TwoAmounts),
            (None, None) => return Err(OrderError::NoAmount),
        };
        if amount_cents < 0 {
            return Err(OrderError::NegativeAmount(amount_cents));
        }
        let currency = clean(self.currency.as_deref())
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_else(|| "CNY".into());
        if currency.len() > 8 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(OrderError::Currency(currency));
        }
        let lookup_password = self.lookup_password.filter(|p| !p.is_empty());
        if lookup_password
            .as_ref()
            .is_some_and(|p| p.expose().chars().count() > 200)
        {
            return Err(OrderError::TooLong {
                field: "lookup_password",
                max: 200,
            });
        }
        let card_keys = match self.card_keys {
            None => None,
            Some(keys) => {
                if keys.len() > MAX_KEYS {
                    return Err(OrderError::TooManyKeys(MAX_KEYS));
                }
                let mut kept = Vec::with_capacity(keys.len());
                for (i, key) in keys.into_iter().enumerate() {
                    let trimmed = key.expose().trim();
                    if trimmed.is_empty() {
                        return Err(OrderError::EmptyKey(i));
                    }
                    if trimmed.chars().count() > MAX_KEY_CHARS {
                        return Err(OrderError::KeyTooLong {
                            index: i,
                            max: MAX_KEY_CHARS,
                        });
                    }
                    kept.push(PlainKey::new(trimmed));
                }
                Some(kept)
            }
        };
        let delivery_status =
            self.delivery_status
                .unwrap_or(if card_keys.as_ref().is_some_and(|k| !k.is_empty()) {
                    DeliveryStatus::Delivered
                } else {
                    DeliveryStatus::Pending
                });
        let created_at = self.created_at.unwrap_or(now);
        let paid_at = self.paid_at.or_else(|| {
            (self.payment_status == PaymentStatus::Paid
                || self.payment_status == PaymentStatus::Refunded)
                .then_some(created_at)
        });
        let delivered_at = self.delivered_at.or_else(|| {
            (delivery_status == DeliveryStatus::Delivered).then_some(paid_at.unwrap_or(created_at))
        });
        Ok(ValidOrder {
            order_no,
            trade_no,
            product,
            contact,
            email,
            phone,
            qq,
            lookup_password,
            quantity: self.quantity,
            amount_cents,
            currency,
            payment_status: self.payment_status,
            delivery_status,
            manual_delivery: self.manual_delivery,
            created_at,
            paid_at,
            delivered_at,
            card_keys,
        })
    }
}

/// Reads an amount in currency units (`"30.00"`, `30`, `30.5`) as cents.
fn amount_units<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => parse_units(&s).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!("amount {s:?} is not a number like 30.00"))
        }),
        Some(serde_json::Value::Number(n)) => {
            parse_units(&n.to_string()).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!("amount {n} is not a number like 30.00"))
            })
        }
        Some(other) => Err(serde::de::Error::custom(format!(
            "amount must be a number or a string like \"30.00\", not {other}"
        ))),
    }
}

/// `"30"`, `"30.5"`, `"30.50"`, `"¥30.50"` → 3050.
pub fn parse_units(text: &str) -> Option<i64> {
    let t = text
        .trim()
        .trim_start_matches(['¥', '$', '￥'])
        .replace(',', "");
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 && !frac[2..].chars().all(|c| c == '0') {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut cents: i64 = whole.parse::<i64>().ok()?.checked_mul(100)?;
    let frac2: String = frac.chars().chain("00".chars()).take(2).collect();
    cents = cents.checked_add(frac2.parse::<i64>().ok()?)?;
    Some(if neg { -cents } else { cents })
}

fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .map(|n| Some(unix_to_millis(n)))
            .ok_or_else(|| serde::de::Error::custom(format!("time {n} is not a whole number"))),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => parse_time(&s).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "time {s:?} is not unix seconds, RFC 3339 or YYYY-MM-DD HH:MM:SS"
            ))
        }),
        Some(other) => Err(serde::de::Error::custom(format!(
            "time must be a number or a string, not {other}"
        ))),
    }
}

/// Unix seconds or milliseconds (told apart by size) as milliseconds.
fn unix_to_millis(n: i64) -> Millis {
    if n.abs() < 100_000_000_000 {
        n * 1000
    } else {
        n
    }
}

/// China Standard Time, the default for times without an offset.
const CST_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// Reads unix seconds/millis, RFC 3339 (`2024-11-20T14:32:00+08:00`, `…Z`)
/// or `2024-11-20 14:32:00` / `2024/11/20 14:32` (China time).
pub fn parse_time(text: &str) -> Option<Millis> {
    let t = text.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse::<i64>().ok().map(unix_to_millis);
    }
    let t = t.replace('/', "-");
    let (date, rest) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t.as_str(), ""),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Split off an offset: Z, +hh:mm, -hh:mm.
    let (clock, offset_ms) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, off) = rest.split_at(i);
        (c, parse_offset(off)?)
    } else {
        (rest, CST_OFFSET_MS)
    };
    let mut hms = clock.split(':');
    let h: i64 = hms
        .next()
        .filter(|s| !s.is_empty())
        .map_or(Some(0), |s| s.parse().ok())?;
    let mi: i64 = hms.next().map_or(Some(0), |s| s.parse().ok())?;
    let sec_text = hms.next().unwrap_or("0");
    let sec: f64 = sec_text.parse().ok()?;
    if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0.0..61.0).contains(&sec) {
        return None;
    }
    // The calendar check: 2024-02-31 is no date (it does not roll into March).
    let date = jiff::civil::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    let midnight = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp()
        .as_millisecond();
    #[allow(clippy::cast_possible_truncation)]
    let millis = midnight + (h * 3600 + mi * 60) * 1000 + (sec * 1000.0) as i64;
    Some(millis - offset_ms)
}

/// Parses `+08:00`, `-05:30`, `+0800`, `Z`, `UTC` into milliseconds east of
/// UTC (at most 14 hours).
pub fn parse_offset(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    let sign = match t.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits = t[1..].replace(':', "");
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if m >= 60 {
        return None;
    }
    let offset = jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()?;
    (h <= 14).then_some(i64::from(offset.seconds()) * 1000)
}

/// One bad CSV line.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct LineError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub message: String,
}

/// The orders of a CSV file, and its bad lines.
pub struct CsvOrders {
    pub orders: Vec<(u64, OrderInput)>,
    pub errors: Vec<LineError>,
}

/// The columns a CSV file may have; `order_no`, `product`, a contact,
/// `amount` (or `amount_cents`) and `payment_status` are required.
pub const CSV_COLUMNS: &[&str] = &[
    "order_no",
    "trade_no",
    "product",
    "contact",
    "email",
    "phone",
    "qq",
    "lookup_password",
    "quantity",
    "amount",
    "amount_cents",
    "currency",
    "payment_status",
    "delivery_status",
    "manual_delivery",
    "created_at",
    "paid_at",
    "delivered_at",
    "card_keys",
];

/// Most lines in one CSV import.
pub const MAX_CSV_LINES: usize = 100_000;

/// Reads orders from CSV with a header line (UTF-8, optional BOM). Several
/// card keys go in one `card_keys` cell, one per line or separated by `|`.
/// Bad lines are reported with their number and skipped.
pub fn read_csv(data: &[u8]) -> Result<CsvOrders, CsvError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| CsvError::Header(e.to_string()))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for name in &names {
        if !CSV_COLUMNS.contains(&name.as_str()) {
            return Err(CsvError::UnknownColumn {
                name: name.clone(),
                columns: CSV_COLUMNS.join(", "),
            });
        }
    }
    for required in ["order_no", "product", "payment_status"] {
        if !names.iter().any(|n| n == required) {
            return Err(CsvError::MissingColumn(required));
        }
    }
    let mut out = CsvOrders {
        orders: Vec::new(),
        errors: Vec::new(),
    };
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_CSV_LINES {
            return Err(CsvError::TooManyLines(MAX_CSV_LINES));
        }
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i as u64 + 2, |p| p.line());
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(LineError {
                    line,
                    message: csv_error_text(&e),
                });
                continue;
            }
        };
        let mut object = serde_json::Map::new();
        for (name, value) in names.iter().zip(record.iter()) {
            if value.is_empty() {
                continue;
            }
            let json = match name.as_str() {
                "quantity" | "amount_cents" => match value.parse::<i64>() {
                    Ok(n) => serde_json::Value::from(n),
                    Err(_) => serde_json::Value::from(value),
                },
                "manual_delivery" => serde_json::Value::Bool(matches!(
                    value.to_ascii_lowercase().as_str(),
                    "1" | "true" | "yes" | "y" | "是"
                )),
                "card_keys" => serde_json::Value::Array(
                    value
                        .split(['\n', '|'])
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(serde_json::Value::from)
                        .collect(),
                ),
                _ => serde_json::Value::from(value),
            };
            object.insert(name.clone(), json);
        }
        match serde_json::from_value::<OrderInput>(serde_json::Value::Object(object)) {
            Ok(order) => out.orders.push((line, order)),
            Err(e) => out.errors.push(LineError {
                line,
                message: e.to_string(),
            }),
        }
    }
    Ok(out)
}

/// A CSV error without the record's content (it may hold card keys).
fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("has {len} fields; the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8; save the file as UTF-8".into(),
        _ => "cannot be read as CSV".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_are_not_in_the_calendar_are_refused() {
        assert_eq!(parse_time("2024-02-31"), None, "February has no 31st");
        assert_eq!(parse_time("2024-02-31 10:00:00"), None);
        assert_eq!(parse_time("2023-02-29"), None, "2023 is not a leap year");
        assert_eq!(parse_time("2024-04-31T00:00:00Z"), None);
        assert_eq!(
            parse_time("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000),
            "2024 is a leap year"
        );
    }

    #[test]
    fn times_in_every_accepted_form() {
        let utc = 1_732_113_120_000; // 2024-11-20 14:32:00 UTC
        assert_eq!(parse_time("2024-11-20T14:32:00Z"), Some(utc));
        assert_eq!(parse_time("2024-11-20T22:32:00+08:00"), Some(utc));
        assert_eq!(
            parse_time("2024-11-20 22:32:00"),
            Some(utc),
            "China time by default"
        );
        assert_eq!(parse_time("2024/11/20 22:32"), Some(utc));
        assert_eq!(parse_time("1732113120"), Some(utc));
        assert_eq!(parse_time("1732113120000"), Some(utc));
        assert_eq!(parse_time("2024-13-01"), None);
        assert_eq!(parse_time("2024-11-20T22:32:00+0800"), Some(utc));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn amounts_in_units_become_cents() {
        assert_eq!(parse_units("30"), Some(3000));
        assert_eq!(parse_units("30.5"), Some(3050));
        assert_eq!(parse_units("¥1,030.05"), Some(103_005));
        assert_eq!(parse_units("0.001"), None);
        assert_eq!(parse_units("abc"), None);
    }

    fn input(json: serde_json::Value) -> OrderInput {
        serde_json::from_value(json).expect("parses")
    }

    #[test]
    fn contact_is_sorted_into_email_phone_qq() {
        let o = input(serde_json::json!({
            "order_no": "D1", "product": "p", "contact": "88886666@qq.com",
            "amount": "6.00", "payment_status": "paid", "card_keys": ["K-1"]
        }))
        .validate(1000)
        .expect("valid");
        assert_eq!(o.email.as_deref(), Some("88886666@qq.com"));
        assert_eq!(o.qq.as_deref(), Some("88886666"));
        assert_eq!(o.amount_cents, 600);
        assert_eq!(
            o.delivery_status,
            DeliveryStatus::Delivered,
            "keys imply delivery"
        );
        assert_eq!(o.paid_at, Some(1000));
    }

    #[test]
    fn validation_names_the_field() {
        let base = serde_json::json!({
            "order_no": "D1", "product": "p", "email": "a@b.c",
            "amount_cents": 1, "payment_status": "paid"
        });
        let cases = [
            ("order_no", serde_json::json!("has space"), "order_no"),
            ("email", serde_json::json!("nope"), "email"),
            ("quantity", serde_json::json!(0), "quantity"),
            ("amount", serde_json::json!("1.00"), "not both"),
        ];
        for (field, value, expected) in cases {
            let mut json = base.clone();
            json[field] = value;
            let err = input(json).validate(0).expect_err(field).to_string();
            assert!(err.contains(expected), "{field}: {err}");
        }
        let mut json = base.clone();
        json.as_object_mut().map(|o| o.remove("email"));
        let err = input(json).validate(0).expect_err("no contact").to_string();
        assert!(err.contains("contact"), "{err}");
    }

    #[test]
    fn unknown_fields_and_statuses_are_refused() {
        let err = serde_json::from_value::<OrderInput>(serde_json::json!({
            "order_no": "D1", "product": "p", "payment_status": "done"
        }))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("unknown variant"), "{err}");
    }

    #[test]
    fn csv_lines_become_orders_and_bad_lines_are_reported_without_their_content() {
        let csv = "\u{feff}order_no,product,email,amount,payment_status,delivery_status,card_keys,created_at\n\
                   D1,王者荣耀 60 点券,a@qq.com,6.00,paid,delivered,AAAA-1111|BBBB-2222,2024-11-20 14:00:00\n\
                   D2,Steam ¥100,b@qq.com,105,unpaid,,,\n\
                   D3,x,c@qq.com,1.00,weird,,SECRET-KEY,\n\
                   D4,too,few\n";
        let read = read_csv(csv.as_bytes()).expect("reads");
        assert_eq!(read.orders.len(), 2);
        let keys = read.orders[0].1.card_keys.as_ref().map(Vec::len);
        assert_eq!(keys, Some(2));
        assert_eq!(read.errors.len(), 2);
        assert_eq!(read.errors[0].line, 4);
        assert!(
            read.errors[0].message.contains("weird"),
            "{}",
            read.errors[0].message
        );
        assert!(!read.errors.iter().any(|e| e.message.contains("SECRET-KEY")));
        assert_eq!(read.errors[1].line, 5);
    }

    #[test]
    fn csv_with_an_unknown_column_is_refused_whole() {
        let err = read_csv(b"order_no,colour\nD1,red\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn debug_of_an_input_hides_keys_and_password() {
        let o = input(serde_json::json!({
            "order_no": "D1", "product": "p", "email": "a@b.c", "amount_cents": 1,
            "payment_status": "paid", "card_keys": ["TOPSECRET-1"], "lookup_password": "pw123"
        }));
        let shown = format!("{o:?}");
        assert!(
            !shown.contains("TOPSECRET") && !shown.contains("pw123"),
            "{shown}"
        );
    }
}
