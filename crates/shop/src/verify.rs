//! Buyer verification: does this person know the order number *and* the
//! contact used at purchase (or the order's lookup password)? Compared in
//! constant time; failures counted per conversation, per address and per
//! order, each with a lock that grows with every failure beyond the free
//! ones. The answer to a failure never says which part was wrong.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use kadesk_domain::Millis;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

use crate::crypto::CardCipher;
use crate::model::{classify_contact, LookupSecret, ShopOrder};

/// The time, injectable so tests control it.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Unix milliseconds.
    fn now(&self) -> Millis;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        kadesk_domain::now_millis()
    }
}

/// A clock that moves only when told to.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: Millis) -> ManualClock {
        ManualClock(AtomicI64::new(start))
    }

    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn set(&self, at: Millis) {
        self.0.store(at, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Millis {
        self.0.load(Ordering::SeqCst)
    }
}

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

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Millis,
    locked_until: Millis,
}

/// Counts of failed verifications; in memory, per node.
#[derive(Debug)]
pub struct Lockout {
    policy: LockoutPolicy,
    entries: Mutex<HashMap<String, Failures>>,
}

/// The scopes one attempt counts against.
#[derive(Debug, Clone)]
pub struct Scopes {
    keys: Vec<(String, u32)>,
}

/// Most remembered scopes; beyond it the oldest are dropped.
const MAX_ENTRIES: usize = 100_000;

impl Lockout {
    pub fn new(policy: LockoutPolicy) -> Lockout {
        Lockout {
            policy,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn policy(&self) -> &LockoutPolicy {
        &self.policy
    }

    /// The scopes of an attempt.
    pub fn scopes(
        &self,
        conversation_id: Option<i64>,
        ip: Option<IpAddr>,
        order_no: &str,
    ) -> Scopes {
        let mut keys = vec![(
            format!("order:{}", normalize_order_no(order_no)),
            self.policy.per_order,
        )];
        if let Some(id) = conversation_id {
            keys.push((format!("conversation:{id}"), self.policy.per_conversation));
        }
        if let Some(ip) = ip {
            keys.push((format!("ip:{ip}"), self.policy.per_ip));
        }
        Scopes { keys }
    }

    /// `Err(retry_after_ms)` while any scope is locked.
    pub fn check(&self, scopes: &Scopes, now: Millis) -> Result<(), Millis> {
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let wait = scopes
            .keys
            .iter()
            .filter_map(|(key, _)| map.get(key))
            .map(|f| f.locked_until - now)
            .max()
            .unwrap_or(0);
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    /// Records a failure in every scope; returns the longest lock now in force (ms).
    pub fn fail(&self, scopes: &Scopes, now: Millis) -> Millis {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let forget = secs_to_ms(self.policy.forget_after_secs);
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, f| now - f.last < forget && f.locked_until > now - forget);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        let mut longest = 0;
        for (key, free) in &scopes.keys {
            let entry = map.entry(key.clone()).or_insert(Failures {
                count: 0,
                last: now,
                locked_until: 0,
            });
            if now - entry.last >= forget {
                entry.count = 0;
            }
            entry.count += 1;
            entry.last = now;
            if entry.count >= *free {
                let doublings = (entry.count - free).min(30);
                let lock = secs_to_ms(self.policy.base_lock_secs)
                    .saturating_mul(1_i64 << doublings)
                    .min(secs_to_ms(self.policy.max_lock_secs));
                entry.locked_until = now + lock;
                longest = longest.max(lock);
            }
        }
        longest
    }

    /// Forgets the failures of the conversation and the order after a
    /// success (the address keeps its count: one address guessing many
    /// orders stays visible).
    pub fn succeed(&self, scopes: &Scopes) {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in &scopes.keys {
            if !key.starts_with("ip:") {
                map.remove(key);
            }
        }
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
    use std::time::Duration;

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
    fn lock_starts_after_the_free_failures_and_doubles() {
        let clock = ManualClock::new(1_000_000);
        let lockout = Lockout::new(LockoutPolicy::default());
        let scopes = lockout.scopes(Some(7), None, "D1");
        for _ in 0..2 {
            assert_eq!(lockout.fail(&scopes, clock.now()), 0);
            assert!(lockout.check(&scopes, clock.now()).is_ok());
        }
        assert_eq!(lockout.fail(&scopes, clock.now()), 60_000);
        assert_eq!(lockout.check(&scopes, clock.now()), Err(60_000));
        clock.advance(Duration::from_secs(61));
        assert!(lockout.check(&scopes, clock.now()).is_ok());
        assert_eq!(lockout.fail(&scopes, clock.now()), 120_000);
        clock.advance(Duration::from_secs(121));
        assert_eq!(lockout.fail(&scopes, clock.now()), 240_000);
    }

    #[test]
    fn each_scope_locks_on_its_own() {
        let clock = ManualClock::new(0);
        let lockout = Lockout::new(LockoutPolicy::default());
        // One address trying many orders from many conversations.
        let ip: IpAddr = "203.0.113.9".parse().expect("ip");
        for n in 0..10 {
            let scopes = lockout.scopes(Some(n), Some(ip), &format!("D{n}"));
            assert!(lockout.check(&scopes, clock.now()).is_ok(), "attempt {n}");
            lockout.fail(&scopes, clock.now());
        }
        let fresh = lockout.scopes(Some(99), Some(ip), "D99");
        assert!(
            lockout.check(&fresh, clock.now()).is_err(),
            "address is locked"
        );
        let elsewhere = lockout.scopes(Some(99), None, "D99");
        assert!(lockout.check(&elsewhere, clock.now()).is_ok());
    }

    #[test]
    fn success_clears_conversation_and_order_but_not_address() {
        let lockout = Lockout::new(LockoutPolicy::default());
        let ip: IpAddr = "203.0.113.9".parse().expect("ip");
        let scopes = lockout.scopes(Some(1), Some(ip), "D1");
        lockout.fail(&scopes, 0);
        lockout.fail(&scopes, 0);
        lockout.succeed(&scopes);
        let map = lockout.entries.lock().expect("lock");
        assert!(map.contains_key("ip:203.0.113.9"));
        assert!(!map.contains_key("conversation:1"));
        assert!(!map.contains_key("order:D1"));
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_day() {
        let clock = ManualClock::new(0);
        let lockout = Lockout::new(LockoutPolicy::default());
        let scopes = lockout.scopes(Some(1), None, "D1");
        lockout.fail(&scopes, clock.now());
        lockout.fail(&scopes, clock.now());
        clock.advance(Duration::from_secs(25 * 3600));
        assert_eq!(lockout.fail(&scopes, clock.now()), 0, "count started again");
    }
}
