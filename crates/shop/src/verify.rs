//! Buyer verification: does this person know the order number *and* the
//! contact used at purchase (or the order's lookup password)? Compared in
//! constant time; failures counted per conversation, per address and per
//! order, each with a lock that grows with every failure beyond the free
//! ones. The answer to a failure never says which part was wrong.

use std::net::IpAddr;

use kadesk_domain::Millis;
use kadesk_store::{Charge, LimitScope, OnSuccess, Store, StoreError};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

use crate::crypto::CardCipher;
use crate::model::{classify_contact, LookupSecret, ShopOrder};

pub use kadesk_domain::{Clock, ManualClock, SystemClock};

/// How many failures each scope gets before it is locked, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LockoutPolicy {
    /// Failures allowed per conversation before it is locked.
    pub per_conversation: u32,
    /// Failures allowed per order number (from anywhere).
    pub per_order: u32,
    /// Failures allowed per client address (many buyers may share one).
    pub per_ip: u32,
    /// The first lock, in seconds; each further failure doubles it.
    pub base_lock_secs: u64,
    /// The longest lock, in seconds.
    pub max_lock_secs: u64,
    /// Failures are forgotten this many seconds after the last one.
    pub forget_after_secs: u64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            per_conversation: 3,
            per_order: 5,
            per_ip: 10,
            base_lock_secs: 60,
            max_lock_secs: 24 * 3600,
            forget_after_secs: 24 * 3600,
        }
    }
}

/// Buyer verification's lockout: every attempt is charged to its scopes
/// in the database before the order is looked up (see
/// `kadesk_store::Store::charge_attempt`), so parallel guesses cannot slip
/// past the limit, and every process and restart sees the same counts.
#[derive(Debug, Clone)]
pub struct Lockout {
    policy: LockoutPolicy,
}

/// The scopes one attempt counts against.
#[derive(Debug, Clone)]
pub struct Scopes {
    scopes: Vec<LimitScope>,
}

impl Lockout {
    pub fn new(policy: LockoutPolicy) -> Lockout {
        Lockout { policy }
    }

    pub fn policy(&self) -> &LockoutPolicy {
        &self.policy
    }

    fn scope(&self, key: String, free: u32, on_success: OnSuccess) -> LimitScope {
        LimitScope {
            key,
            free,
            base_lock_ms: secs_to_ms(self.policy.base_lock_secs),
            max_lock_ms: secs_to_ms(self.policy.max_lock_secs),
            forget_after_ms: secs_to_ms(self.policy.forget_after_secs),
            on_success,
        }
    }

    /// The scopes of an attempt: the order always, the conversation and the
    /// client address when known. A success clears the order's and the
    /// conversation's failures; the address only gets its charge back (one
    /// address guessing many orders stays visible).
    pub fn scopes(
        &self,
        conversation_id: Option<i64>,
        ip: Option<IpAddr>,
        order_no: &str,
    ) -> Scopes {
        let mut scopes = vec![self.scope(
            format!("verify:order:{}", normalize_order_no(order_no)),
            self.policy.per_order,
            OnSuccess::Clear,
        )];
        if let Some(id) = conversation_id {
            scopes.push(self.scope(
                format!("verify:conversation:{id}"),
                self.policy.per_conversation,
                OnSuccess::Clear,
            ));
        }
        if let Some(ip) = ip {
            scopes.push(self.scope(
                format!("verify:ip:{}", ip_key(ip)),
                self.policy.per_ip,
                OnSuccess::Refund,
            ));
        }
        Scopes { scopes }
    }

    /// Counts the attempt before anything is looked up. `Ok(lock_ms)`: go
    /// ahead; should the attempt fail, a lock of `lock_ms` (0: none) is
    /// already in force. `Err(Locked)` while a scope is locked (then nothing
    /// is counted).
    pub async fn charge(
        &self,
        store: &Store,
        scopes: &Scopes,
        now: Millis,
    ) -> Result<Millis, LockError> {
        match store.charge_attempt(&scopes.scopes, now).await? {
            Charge::Allowed { lock_ms } => Ok(lock_ms),
            Charge::Locked { retry_after_ms } => Err(LockError::Locked(retry_after_ms)),
        }
    }

    /// The attempt proved the order: forget the conversation's and the
    /// order's failures, give the address its charge back.
    pub async fn succeed(&self, store: &Store, scopes: &Scopes) -> Result<(), StoreError> {
        store.settle_success(&scopes.scopes).await
    }
}

/// Why an attempt may not go ahead.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// A scope is locked for this many more milliseconds.
    #[error("locked for {0} ms")]
    Locked(Millis),
    /// The counters could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An address as a counter key: IPv6 clients are counted by their /64, the
/// block one subscriber usually gets, so hopping addresses inside it does
/// not reset the count.
pub fn ip_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn secs_to_ms(secs: u64) -> Millis {
    i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX)
}

/// Order numbers are compared without case and surrounding space.
pub fn normalize_order_no(order_no: &str) -> String {
    order_no.trim().to_ascii_uppercase()
}

/// Whether `proof` is the order's contact (e-mail, phone, QQ, as given at
/// purchase) or its lookup password. Every candidate is compared, each as a
/// SHA-256 digest in constant time, so neither the time nor the answer says
/// which one matched or how close a guess was.
pub fn proof_matches(order: &ShopOrder, proof: &str, cipher: &CardCipher) -> bool {
    let digest = |s: &str| -> [u8; 32] { Sha256::digest(s.as_bytes()).into() };
    let proof = proof.trim();
    let folded = proof.to_lowercase();
    let (p_email, p_phone, p_qq) = classify_contact(proof);
    let mut candidates: Vec<(String, String)> = Vec::new();
    let mut add = |stored: Option<&str>, given: Option<&str>| {
        if let (Some(stored), Some(given)) = (stored, given) {
            let stored = stored.trim().to_lowercase();
            if !stored.is_empty() {
                candidates.push((stored, given.to_owned()));
            }
        }
    };
    add(order.email.as_deref(), p_email.as_deref().or(Some(&folded)));
    add(order.phone.as_deref(), p_phone.as_deref().or(Some(&folded)));
    add(order.qq.as_deref(), p_qq.as_deref().or(Some(&folded)));
    add(Some(&order.contact), Some(&folded));
    let mut matched = Choice::from(0);
    for (stored, given) in &candidates {
        matched |= digest(stored).ct_eq(&digest(given));
    }
    let password = match &order.lookup {
        LookupSecret::None => None,
        LookupSecret::Plain(secret) => Some(digest(secret.expose().trim())),
        LookupSecret::Hashed(hash) => Some(digest(hash)),
    };
    let given_password = match &order.lookup {
        LookupSecret::Hashed(_) => digest(&cipher.lookup_hash(&order.order_no, proof)),
        _ => digest(proof),
    };
    if let Some(password) = password {
        if !proof.is_empty() {
            matched |= password.ct_eq(&given_password);
        }
    }
    !proof.is_empty() && bool::from(matched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeliveryStatus, PaymentStatus, Secret};

    fn order(lookup: LookupSecret) -> ShopOrder {
        ShopOrder {
            source: "builtin".into(),
            order_no: "D1".into(),
            trade_no: None,
            product_name: "p".into(),
            contact: "QQ 1234567890".into(),
            email: Some("buyer@qq.com".into()),
            phone: Some("13800138000".into()),
            qq: Some("1234567890".into()),
            quantity: 1,
            amount_cents: 1,
            currency: "CNY".into(),
            payment_status: PaymentStatus::Paid,
            delivery_status: DeliveryStatus::Delivered,
            manual_delivery: false,
            created_at: 0,
            paid_at: None,
            delivered_at: None,
            card_keys: vec![],
            has_lookup_password: false,
            source_ref: None,
            lookup,
        }
    }

    #[test]
    fn contact_in_any_written_form_or_the_password_proves_the_order() {
        let cipher = CardCipher::ephemeral();
        let hashed = order(LookupSecret::Hashed(cipher.lookup_hash("D1", "s3cret")));
        for good in [
            "buyer@qq.com",
            " BUYER@QQ.COM ",
            "138 0013 8000",
            "+8613800138000",
            "1234567890",
            "QQ 1234567890",
            "s3cret",
        ] {
            assert!(proof_matches(&hashed, good, &cipher), "{good}");
        }
        for bad in ["", "buyer@163.com", "13800138001", "S3CRET", "s3cre", "D1"] {
            assert!(!proof_matches(&hashed, bad, &cipher), "{bad}");
        }
        let plain = order(LookupSecret::Plain(Secret::new("abc123")));
        assert!(proof_matches(&plain, "abc123", &cipher));
        assert!(!proof_matches(&plain, "abc12", &cipher));
    }

    #[test]
    fn addresses_are_counted_by_ipv4_or_by_ipv6_slash_64() {
        let key = |s: &str| ip_key(s.parse().expect("ip"));
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:bbbb::7"), key("2001:db8:1:2:aaaa::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }
}
