//! A shop with its own HTTP API: a URL template per question and a mapping
//! from the answer's JSON fields to an order's fields. With no mapping the
//! answer is read in kadesk's own order format (the fields of
//! `POST /api/v1/shop/orders`).
//!
//! ```toml
//! [[shop.sources]]
//! kind = "http"
//! name = "myshop"
//! order_url = "https://shop.example.com/api/order?no={order_no}"
//! contact_url = "https://shop.example.com/api/orders?contact={contact}"
//! headers = { Authorization = "Bearer …" }
//! [shop.sources.fields]
//! order = "data"           # where the order is in order_url's answer
//! list = "data.items"      # where the orders are in contact_url's answer
//! order_no = "order_sn"
//! product = "goods.name"
//! status = "status"        # one status field, mapped below
//! card_keys = "info"       # a string (one key per line) or an array
//! [shop.sources.status_map]
//! "1" = "unpaid"
//! "4" = "paid/delivered"
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ConfigError, StatusError};
use crate::ingest::{
    parse_offset, parse_time, parse_units, valid_lookup_value, valid_order_no, MAX_CONTACT_CHARS,
    MAX_TRADE_NO_CHARS,
};
use crate::model::{
    classify_contact, parse_status, ContactQuery, DeliveryStatus, LookupSecret, PaymentStatus,
    PlainKey, Secret, ShopOrder,
};
use crate::sources::{BoxFuture, ShopSource, SourceError};

/// Largest answer read from a shop's API.
const MAX_BODY: usize = 1024 * 1024;

/// `[[shop.sources]]` entry of kind `http`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSourceConfig {
    /// Shown to agents; default `http`.
    #[serde(default)]
    pub name: Option<String>,
    /// URL of one order; `{order_no}` is replaced (URL-encoded). Only valid
    /// order numbers (1–64 letters, digits, `-`, `_`) are looked up.
    pub order_url: String,
    /// URL of a contact's orders; `{contact}` is replaced (URL-encoded; at
    /// most 200 characters, never `.` or `..`). Optional.
    #[serde(default)]
    pub contact_url: Option<String>,
    /// URL of the order paid with a payment number; `{trade_no}` is
    /// replaced; answered like `order_url`. Optional.
    #[serde(default)]
    pub trade_url: Option<String>,
    /// Extra request headers, e.g. an API token.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Seconds to wait for an answer; default 5.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Where each field is in the answer (dotted paths).
    #[serde(default)]
    pub fields: FieldMap,
    /// Values of the `status` field (or of `payment_status`) →
    /// `"<payment>[/<delivery>]"`, e.g. `"4" = "paid/delivered"`.
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
    /// UTC offset of times without one; default `+08:00`.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Currency when the answer has none; default `CNY`.
    #[serde(default)]
    pub currency: Option<String>,
}

impl std::fmt::Debug for HttpSourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hide_query = |u: &str| match u.split_once('?') {
            Some((base, _)) => format!("{base}?…"),
            None => u.to_owned(),
        };
        f.debug_struct("HttpSourceConfig")
            .field("name", &self.name)
            .field("order_url", &hide_query(&self.order_url))
            .field("contact_url", &self.contact_url.as_deref().map(hide_query))
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Dotted paths of an order's fields in the shop's JSON. Defaults are
/// kadesk's own field names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldMap {
    /// Where the order object is in `order_url`'s answer; empty: the whole answer.
    pub order: String,
    /// Where the array is in `contact_url`'s answer; empty: the whole answer.
    pub list: String,
    pub order_no: String,
    pub trade_no: String,
    pub product: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub qq: String,
    pub lookup_password: String,
    pub quantity: String,
    /// In currency units (`"30.00"`).
    pub amount: String,
    /// In the smallest unit.
    pub amount_cents: String,
    pub currency: String,
    /// One combined status, mapped through `status_map`.
    pub status: String,
    pub payment_status: String,
    pub delivery_status: String,
    pub manual_delivery: String,
    pub created_at: String,
    pub paid_at: String,
    pub delivered_at: String,
    pub card_keys: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        let s = |v: &str| v.to_owned();
        FieldMap {
            order: String::new(),
            list: String::new(),
            order_no: s("order_no"),
            trade_no: s("trade_no"),
            product: s("product"),
            contact: s("contact"),
            email: s("email"),
            phone: s("phone"),
            qq: s("qq"),
            lookup_password: s("lookup_password"),
            quantity: s("quantity"),
            amount: s("amount"),
            amount_cents: s("amount_cents"),
            currency: s("currency"),
            status: String::new(),
            payment_status: s("payment_status"),
            delivery_status: s("delivery_status"),
            manual_delivery: s("manual_delivery"),
            created_at: s("created_at"),
            paid_at: s("paid_at"),
            delivered_at: s("delivered_at"),
            card_keys: s("card_keys"),
        }
    }
}

/// A shop's HTTP API.
#[derive(Debug)]
pub struct HttpShop {
    name: String,
    config: HttpSourceConfig,
    client: reqwest::Client,
    offset_ms: i64,
}

/// The value at a dotted path (`data.items.0.name`); empty path: the value.
pub fn at_path<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, part| match v {
        Value::Object(map) => map.get(part),
        Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A scalar as text (`"4"` and `4` read the same); null and empty are none.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Everything but the unreserved characters of RFC 3986 (`A-Z a-z 0-9 - _ . ~`).
const URL_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Replaces `{name}` in a URL template with the URL-encoded value.
pub fn fill_template(template: &str, name: &str, value: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(value, URL_VALUE).to_string();
    template.replace(&format!("{{{name}}}"), &encoded)
}

impl HttpShop {
    pub fn new(config: HttpSourceConfig) -> Result<HttpShop, ConfigError> {
        let name = config.name.clone().unwrap_or_else(|| "http".into());
        let bad = |message: String| ConfigError::Source {
            source_name: name.clone(),
            message,
        };
        if !config.order_url.contains("{order_no}") {
            return Err(bad("order_url must contain {order_no}".into()));
        }
        if let Some(url) = &config.contact_url {
            if !url.contains("{contact}") {
                return Err(bad("contact_url must contain {contact}".into()));
            }
        }
        let offset_ms = match config.time_zone.as_deref() {
            None => 8 * 3600 * 1000,
            Some(tz) => parse_offset(tz)
                .ok_or_else(|| bad(format!("time_zone {tz:?} must be a UTC offset like +08:00")))?,
        };
        let mut headers = reqwest::header::HeaderMap::new();
        for (key, value) in &config.headers {
            let key = reqwest::header::HeaderName::from_bytes(key.as_bytes())
                .map_err(|_| bad(format!("header name {key:?} is not valid")))?;
            let mut value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| bad(format!("the value of header {key} is not valid")))?;
            value.set_sensitive(true);
            headers.insert(key, value);
        }
        let timeout = Duration::from_secs(config.timeout_secs.unwrap_or(5).clamp(1, 60));
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("kadesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| bad(format!("cannot build the HTTP client: {e}")))?;
        Ok(HttpShop {
            name,
            config,
            client,
            offset_ms,
        })
    }

    fn http_error(&self, message: String) -> SourceError {
        SourceError::Http {
            source_name: self.name.clone(),
            message,
        }
    }

    fn mapping_error(&self, message: String) -> SourceError {
        SourceError::Mapping {
            source_name: self.name.clone(),
            message,
        }
    }

    /// GETs a URL; `None` on 404. The body is bounded; errors never carry
    /// the URL (it may hold a token) or the body (it may hold card keys).
    async fn get(&self, url: &str) -> Result<Option<Value>, SourceError> {
        let mut response = self
            .client
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| self.http_error(format!("request failed: {}", e.without_url())))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(self.http_error(format!("the shop answered HTTP {status}")));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            self.http_error(format!("reading the answer failed: {}", e.without_url()))
        })? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(self.http_error("the answer is larger than 1 MiB".into()));
            }
            body.extend_from_slice(&chunk);
        }
        let value: Value = serde_json::from_slice(&body).map_err(|e| {
            self.mapping_error(format!(
                "the answer is not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        Ok(Some(value))
    }

    fn field<'v>(&self, order: &'v Value, path: &str) -> Option<&'v Value> {
        if path.is_empty() {
            None
        } else {
            at_path(order, path)
        }
    }

    fn time(&self, value: Option<&Value>) -> Option<i64> {
        let raw = text(value)?;
        let parsed = parse_time(&raw)?;
        let has_offset = raw.ends_with(['Z', 'z'])
            || raw.get(10..).is_some_and(|rest| rest.contains(['+', '-']));
        let numeric = raw.chars().all(|c| c.is_ascii_digit());
        if has_offset || numeric {
            Some(parsed)
        } else {
            Some(parsed + 8 * 3600 * 1000 - self.offset_ms)
        }
    }

    fn statuses(
        &self,
        order: &Value,
    ) -> Result<(PaymentStatus, Option<DeliveryStatus>), StatusError> {
        let f = &self.config.fields;
        let combined = if f.status.is_empty() {
            None
        } else {
            text(self.field(order, &f.status))
        };
        let payment_raw = text(self.field(order, &f.payment_status));
        let key = combined.clone().or_else(|| payment_raw.clone());
        if let Some(mapped) = key.as_ref().and_then(|k| self.config.status_map.get(k)) {
            let (payment, delivery) = match mapped.split_once('/') {
                Some((p, d)) => (p, Some(d)),
                None => (mapped.as_str(), None),
            };
            let payment: PaymentStatus = parse_status(payment)?;
            let delivery = delivery.map(parse_status::<DeliveryStatus>).transpose()?;
            let delivery = match delivery {
                Some(d) => Some(d),
                None => text(self.field(order, &f.delivery_status))
                    .map(|d| parse_status::<DeliveryStatus>(&d))
                    .transpose()?,
            };
            return Ok((payment, delivery));
        }
        let payment = match (combined, payment_raw) {
            (Some(value), _) if !f.status.is_empty() => return Err(StatusError::NotMapped(value)),
            (_, Some(p)) => parse_status::<PaymentStatus>(&p)?,
            _ => return Err(StatusError::Missing(f.payment_status.clone())),
        };
        let delivery = text(self.field(order, &f.delivery_status))
            .map(|d| parse_status::<DeliveryStatus>(&d))
            .transpose()?;
        Ok((payment, delivery))
    }

    fn keys_of(&self, order: &Value) -> Vec<PlainKey> {
        match self.field(order, &self.config.fields.card_keys) {
            Some(Value::String(s)) => crate::model::split_keys(s),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| text(Some(v)))
                .map(PlainKey::new)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Reads one order object through the field mapping.
    pub fn map_order(&self, order: &Value) -> Result<ShopOrder, SourceError> {
        let f = &self.config.fields;
        let get = |path: &str| text(self.field(order, path));
        let order_no = get(&f.order_no)
            .ok_or_else(|| self.mapping_error(format!("no order number at {:?}", f.order_no)))?;
        let (payment_status, delivery) = self
            .statuses(order)
            .map_err(|e| self.mapping_error(format!("order {order_no}: {e}")))?;
        let keys = self.keys_of(order);
        let delivery_status = delivery.unwrap_or(if keys.is_empty() {
            DeliveryStatus::Pending
        } else {
            DeliveryStatus::Delivered
        });
        let contact = get(&f.contact);
        let (c_email, c_phone, c_qq) = contact.as_deref().map(classify_contact).unwrap_or_default();
        let email = get(&f.email).map(|e| e.to_lowercase()).or(c_email);
        let phone = get(&f.phone).or(c_phone);
        let qq = get(&f.qq).or(c_qq);
        let contact = contact
            .or_else(|| email.clone())
            .or_else(|| phone.clone())
            .or_else(|| qq.clone())
            .unwrap_or_default();
        let amount_cents = match get(&f.amount_cents).and_then(|c| c.parse::<i64>().ok()) {
            Some(c) => c,
            None => get(&f.amount).and_then(|a| parse_units(&a)).unwrap_or(0),
        };
        let created_at = self.time(self.field(order, &f.created_at)).unwrap_or(0);
        let paid_at = self.time(self.field(order, &f.paid_at));
        let password = get(&f.lookup_password);
        Ok(ShopOrder {
            source: self.name.clone(),
            trade_no: get(&f.trade_no),
            product_name: get(&f.product).unwrap_or_default(),
            contact,
            email,
            phone,
            qq,
            quantity: get(&f.quantity)
                .and_then(|q| q.parse::<i64>().ok())
                .unwrap_or(1)
                .max(1),
            amount_cents,
            currency: get(&f.currency)
                .or_else(|| self.config.currency.clone())
                .unwrap_or_else(|| "CNY".into()),
            payment_status,
            delivery_status,
            manual_delivery: get(&f.manual_delivery)
                .is_some_and(|m| matches!(m.as_str(), "true" | "1" | "yes")),
            created_at,
            paid_at: paid_at.or((payment_status == PaymentStatus::Paid).then_some(created_at)),
            delivered_at: self.time(self.field(order, &f.delivered_at)),
            card_keys: keys.iter().map(PlainKey::masked).collect(),
            has_lookup_password: password.is_some(),
            lookup: password.map_or(LookupSecret::None, |p| LookupSecret::Plain(Secret::new(p))),
            source_ref: None,
            order_no,
        })
    }

    async fn order_json(&self, order_no: &str) -> Result<Option<Value>, SourceError> {
        let order_no = order_no.trim();
        // Only what can be an order number goes into the URL: `..` or
        // `a/b` would reach another endpoint of the shop's API.
        if !valid_order_no(order_no) {
            return Ok(None);
        }
        let url = fill_template(&self.config.order_url, "order_no", order_no);
        self.one_order(&url).await
    }

    async fn one_order(&self, url: &str) -> Result<Option<Value>, SourceError> {
        let Some(answer) = self.get(url).await? else {
            return Ok(None);
        };
        match at_path(&answer, &self.config.fields.order) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => Ok(items.first().cloned()),
            Some(order) => Ok(Some(order.clone())),
        }
    }
}

impl ShopSource for HttpShop {
    fn name(&self) -> &str {
        &self.name
    }

    fn order<'a>(
        &'a self,
        order_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            match self.order_json(order_no).await? {
                Some(order) => Ok(Some(self.map_order(&order)?)),
                None => Ok(None),
            }
        })
    }

    fn order_by_trade_no<'a>(
        &'a self,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<Option<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let Some(template) = &self.config.trade_url else {
                return Ok(None);
            };
            let trade_no = trade_no.trim();
            if !valid_lookup_value(trade_no, MAX_TRADE_NO_CHARS) {
                return Ok(None);
            }
            let url = fill_template(template, "trade_no", trade_no);
            match self.one_order(&url).await? {
                Some(order) => Ok(Some(self.map_order(&order)?)),
                None => Ok(None),
            }
        })
    }

    fn orders_by_contact<'a>(
        &'a self,
        contact: &'a ContactQuery,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<ShopOrder>, SourceError>> {
        Box::pin(async move {
            let Some(template) = &self.config.contact_url else {
                return Ok(Vec::new());
            };
            if !valid_lookup_value(&contact.raw, MAX_CONTACT_CHARS) {
                return Ok(Vec::new());
            }
            let url = fill_template(template, "contact", &contact.raw);
            let Some(answer) = self.get(&url).await? else {
                return Ok(Vec::new());
            };
            let items = match at_path(&answer, &self.config.fields.list) {
                Some(Value::Array(items)) => items.clone(),
                None | Some(Value::Null) => Vec::new(),
                Some(_) => {
                    return Err(self.mapping_error(format!(
                        "no array at {:?} in the contact answer",
                        self.config.fields.list
                    )))
                }
            };
            let mut orders = items
                .iter()
                .take(limit)
                .map(|o| self.map_order(o))
                .collect::<Result<Vec<_>, _>>()?;
            orders.sort_by_key(|o| std::cmp::Reverse(o.created_at));
            Ok(orders)
        })
    }

    fn card_keys<'a>(
        &'a self,
        order: &'a ShopOrder,
    ) -> BoxFuture<'a, Result<Vec<PlainKey>, SourceError>> {
        Box::pin(async move {
            Ok(match self.order_json(&order.order_no).await? {
                Some(json) => self.keys_of(&json),
                None => Vec::new(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_reach_into_objects_and_arrays() {
        let v = serde_json::json!({"data": {"items": [{"name": "a"}, {"name": "b"}]}});
        assert_eq!(at_path(&v, "data.items.1.name"), Some(&Value::from("b")));
        assert_eq!(at_path(&v, "data.nope"), None);
        assert_eq!(at_path(&v, ""), Some(&v));
    }

    #[test]
    fn templates_encode_their_values() {
        assert_eq!(
            fill_template("https://s/x?c={contact}", "contact", "a b@qq.com&x=1"),
            "https://s/x?c=a%20b%40qq.com%26x%3D1"
        );
    }

    #[test]
    fn a_dujiaoka_like_answer_maps_through_fields_and_status_map() {
        let config: HttpSourceConfig = serde_json::from_value(serde_json::json!({
            "name": "myshop",
            "order_url": "http://127.0.0.1:1/o/{order_no}",
            "fields": {"order": "data", "order_no": "order_sn", "product": "title",
                       "contact": "email", "amount": "actual_price", "status": "status",
                       "created_at": "created_at", "card_keys": "info",
                       "lookup_password": "search_pwd"},
            "status_map": {"1": "unpaid", "4": "paid/delivered", "6": "paid/abnormal"}
        }))
        .expect("config");
        let shop = HttpShop::new(config).expect("source");
        let answer = serde_json::json!({"data": {
            "order_sn": "KX7Q2M9PL4ZR8T3B", "title": "Steam ¥100", "email": "A@QQ.com",
            "actual_price": "105.00", "status": 4, "created_at": "2024-11-20 22:32:00",
            "info": "AAAA-BBBB-CCCC-DDDD\nEEEE-FFFF-GGGG-HHHH", "search_pwd": "pw"}});
        let order = shop
            .map_order(at_path(&answer, "data").expect("data"))
            .expect("maps");
        assert_eq!(order.order_no, "KX7Q2M9PL4ZR8T3B");
        assert_eq!(order.payment_status, PaymentStatus::Paid);
        assert_eq!(order.delivery_status, DeliveryStatus::Delivered);
        assert_eq!(order.email.as_deref(), Some("a@qq.com"));
        assert_eq!(order.amount_cents, 10_500);
        assert_eq!(order.created_at, 1_732_113_120_000);
        assert_eq!(
            order.card_keys,
            ["AAAA-****-****-DDDD", "EEEE-****-****-HHHH"]
        );
        assert!(order.has_lookup_password);
    }

    #[test]
    fn an_unmapped_status_is_a_clear_error() {
        let config: HttpSourceConfig = serde_json::from_value(serde_json::json!({
            "order_url": "http://127.0.0.1:1/o/{order_no}",
            "fields": {"status": "s"}, "status_map": {"1": "unpaid"}
        }))
        .expect("config");
        let shop = HttpShop::new(config).expect("source");
        let err = shop
            .map_order(&serde_json::json!({"order_no": "D1", "s": 9}))
            .expect_err("unmapped");
        assert!(
            err.to_string().contains("\"9\" is not in status_map"),
            "{err}"
        );
    }

    #[test]
    fn debug_hides_header_values_and_query_strings() {
        let config: HttpSourceConfig = serde_json::from_value(serde_json::json!({
            "order_url": "http://s/o/{order_no}?key=TOPSECRET",
            "headers": {"Authorization": "Bearer TOPSECRET"}
        }))
        .expect("config");
        let shown = format!("{config:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }
}
