//! What an order looks like to kadesk, whichever shop system it came from,
//! and the wrappers that keep secrets (card keys, lookup passwords) out of
//! logs: their `Debug` never shows the value and they have no `Display`.

use kadesk_domain::Millis;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use zeroize::Zeroize;

pub use kadesk_domain::{DeliveryStatus, PaymentStatus};

/// Reads an order status as operators write it (any case, spaces around).
pub fn parse_status<T>(text: &str) -> Result<T, kadesk_domain::UnknownName>
where
    T: std::str::FromStr<Err = kadesk_domain::UnknownName>,
{
    text.trim().to_ascii_lowercase().parse()
}

/// One order, normalised from any source.
#[derive(Clone, PartialEq, Serialize, ToSchema)]
pub struct ShopOrder {
    /// Name of the source that knows this order (`builtin`, or a configured name).
    pub source: String,
    pub order_no: String,
    /// The payment provider's number.
    pub trade_no: Option<String>,
    pub product_name: String,
    /// The contact given at purchase, as entered.
    pub contact: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub qq: Option<String>,
    pub quantity: i64,
    /// In the smallest unit of the currency (fen for CNY).
    pub amount_cents: i64,
    pub currency: String,
    pub payment_status: PaymentStatus,
    pub delivery_status: DeliveryStatus,
    /// The shop delivers this product by hand (no automatic card keys).
    pub manual_delivery: bool,
    pub created_at: Millis,
    pub paid_at: Option<Millis>,
    pub delivered_at: Option<Millis>,
    /// The delivered card keys, masked (`ABCD-****-****-WXYZ`).
    pub card_keys: Vec<String>,
    /// The buyer set a lookup password for this order.
    pub has_lookup_password: bool,
    /// How the source finds this order again (its row id); never sent.
    #[serde(skip)]
    pub source_ref: Option<i64>,
    /// What verification compares a lookup password with; never sent.
    #[serde(skip)]
    pub lookup: LookupSecret,
}

impl std::fmt::Debug for ShopOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopOrder")
            .field("source", &self.source)
            .field("order_no", &self.order_no)
            .field("payment_status", &self.payment_status)
            .field("delivery_status", &self.delivery_status)
            .field("card_keys", &self.card_keys.len())
            .finish_non_exhaustive()
    }
}

/// How an order's lookup password is known.
#[derive(Clone, Default, PartialEq)]
pub enum LookupSecret {
    /// The order has none.
    #[default]
    None,
    /// The source keeps it in plain text (dujiaoka, acg-faka).
    Plain(Secret),
    /// The built-in store keeps a keyed hash (see [`crate::CardCipher::lookup_hash`]).
    Hashed(String),
}

impl std::fmt::Debug for LookupSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LookupSecret::None => "None",
            LookupSecret::Plain(_) => "Plain(***)",
            LookupSecret::Hashed(_) => "Hashed(***)",
        })
    }
}

/// A secret string (password, API key): hidden in `Debug`, wiped on drop.
/// Deserialises from a string or a number, and a value of another type is
/// refused without being echoed in the error.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Secret(String);

/// Reads a secret scalar without ever putting its value into an error.
pub(crate) fn secret_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(serde::de::Error::custom(
            "a card key or password must be a string",
        )),
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        secret_text(d).map(Secret)
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for comparing or using it. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// A card key in plain text. It exists only in memory on its way to a
/// verified buyer or an agent allowed to see it: `Debug` hides it, there is
/// no `Display`, and the memory is wiped on drop. It serialises as the plain
/// string, for the one response that carries it.
#[derive(Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = String)]
pub struct PlainKey(String);

impl PlainKey {
    pub fn new(value: impl Into<String>) -> PlainKey {
        PlainKey(value.into())
    }

    /// The plain key. Never log it or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form safe to show and store, e.g. `ABCD-****-****-WXYZ`.
    pub fn masked(&self) -> String {
        crate::mask_key(&self.0)
    }
}

impl std::fmt::Debug for PlainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlainKey({})", crate::mask_key(&self.0))
    }
}

impl Drop for PlainKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Splits a delivered-keys text (one key per line, as dujiaoka and acg-faka
/// store it) into keys.
pub fn split_keys(text: &str) -> Vec<PlainKey> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PlainKey::new)
        .collect()
}

/// A buyer's contact in the forms sources store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactQuery {
    /// As given, trimmed.
    pub raw: String,
    /// Lower-case e-mail when the contact is one.
    pub email: Option<String>,
    /// Digits of a mainland mobile number (11 digits, no +86).
    pub phone: Option<String>,
    /// A QQ number (5–11 digits), also from `12345@qq.com`.
    pub qq: Option<String>,
}

impl ContactQuery {
    /// Reads a contact: e-mail, phone number or QQ number.
    pub fn parse(text: &str) -> ContactQuery {
        let raw = text.trim().to_owned();
        let (email, phone, qq) = classify_contact(&raw);
        ContactQuery {
            raw,
            email,
            phone,
            qq,
        }
    }

    /// Every form worth searching for, most specific first, without repeats.
    pub fn values(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for v in [&self.email, &self.phone, &self.qq]
            .into_iter()
            .flatten()
            .chain(std::iter::once(&self.raw))
        {
            if !v.is_empty() && !out.contains(v) {
                out.push(v.clone());
            }
        }
        out
    }
}

/// Splits a contact into (email, phone, qq).
pub fn classify_contact(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    let text = text.trim();
    if text.contains('@') {
        let email = text.to_lowercase();
        let qq = email
            .strip_suffix("@qq.com")
            .filter(|local| is_qq(local))
            .map(str::to_owned);
        return (Some(email), None, qq);
    }
    let lower = text.to_lowercase();
    let qq_prefixed = lower
        .strip_prefix("qq")
        .map(|rest| rest.trim_start_matches([':', '：', ' ', '号']).trim());
    if let Some(rest) = qq_prefixed {
        if is_qq(rest) {
            return (None, None, Some(rest.to_owned()));
        }
    }
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    if digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit()) {
        return (None, Some(digits.to_owned()), None);
    }
    if is_qq(digits) {
        return (None, None, Some(digits.to_owned()));
    }
    (None, None, None)
}

fn is_qq(s: &str) -> bool {
    (5..=11).contains(&s.len()) && !s.starts_with('0') && s.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_classified() {
        let cases = [
            ("Buyer@QQ.com", (Some("buyer@qq.com"), None, None)),
            (
                "88886666@qq.com",
                (Some("88886666@qq.com"), None, Some("88886666")),
            ),
            ("138 0013 8000", (None, Some("13800138000"), None)),
            ("+86 139-1234-5678", (None, Some("13912345678"), None)),
            ("QQ 1234567890", (None, None, Some("1234567890"))),
            ("qq：55667788", (None, None, Some("55667788"))),
            ("55667788", (None, None, Some("55667788"))),
            ("微信 abc", (None, None, None)),
        ];
        for (input, (email, phone, qq)) in cases {
            let got = classify_contact(input);
            assert_eq!(
                got,
                (
                    email.map(str::to_owned),
                    phone.map(str::to_owned),
                    qq.map(str::to_owned)
                ),
                "{input}"
            );
        }
    }

    #[test]
    fn secrets_and_keys_never_show_in_debug() {
        let key = PlainKey::new("ABCD-EFGH-IJKL-MNOP");
        let shown = format!("{key:?}");
        assert!(!shown.contains("EFGH"), "{shown}");
        let secret = Secret::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(
            serde_json::to_string(&key).ok(),
            Some("\"ABCD-EFGH-IJKL-MNOP\"".into())
        );
    }

    #[test]
    fn numeric_secrets_are_read_and_bad_ones_are_not_echoed() {
        let key: PlainKey = serde_json::from_str("12345678901234").expect("number");
        assert_eq!(key.expose(), "12345678901234");
        let pw: Secret = serde_json::from_str("123456").expect("number");
        assert_eq!(pw.expose(), "123456");
        let err = serde_json::from_str::<PlainKey>("[\"SECRET-KEY\"]")
            .expect_err("not a scalar")
            .to_string();
        assert!(!err.contains("SECRET"), "{err}");
    }

    #[test]
    fn statuses_parse_their_names_only() {
        for s in PaymentStatus::ALL {
            assert_eq!(parse_status::<PaymentStatus>(s.as_str()).ok(), Some(*s));
        }
        assert_eq!(
            parse_status::<PaymentStatus>(" Paid ").ok(),
            Some(PaymentStatus::Paid)
        );
        let err = parse_status::<DeliveryStatus>("done")
            .expect_err("not a status")
            .to_string();
        assert!(err.contains("delivered"), "{err}");
    }
}
