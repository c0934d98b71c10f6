//! Signed webhooks from the shop:
//! `X-Kadesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
//!
//! A request is accepted when one `v1` matches (several are allowed, for
//! rotating the secret), `t` is within five minutes of our clock, and the
//! same signature was not accepted before (a replay). Each delivery, retries
//! included, must be signed afresh.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::Mac;

use crate::crypto::hmac_sha256;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "x-kadesk-signature";
/// Largest accepted clock difference, in seconds.
pub const TOLERANCE_SECS: i64 = 300;
/// Largest webhook body.
pub const MAX_WEBHOOK_BODY: usize = 256 * 1024;

/// Why a webhook was refused. [`WebhookError::code`] is the stable code sent
/// to the shop.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error(
        "the webhook is not set up: set [shop] webhook_secret (or KADESK_SHOP__WEBHOOK_SECRET)"
    )]
    NotConfigured,
    #[error("the X-Kadesk-Signature header is missing; sign the request as described in docs/protocol.md")]
    MissingSignature,
    #[error("the X-Kadesk-Signature header is malformed; expected t=<unix seconds>,v1=<64 hex characters>")]
    Malformed,
    #[error("the signature does not match the body; sign \"<t>.<raw body>\" with HMAC-SHA256 and the shared secret")]
    BadSignature,
    #[error("the signature timestamp is {skew_secs} s away from the server clock; the limit is 300 s (check the shop's clock)")]
    Stale { skew_secs: i64 },
    #[error("this signature was already used; sign every delivery, retries included, with a fresh timestamp")]
    Replayed,
}

impl WebhookError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::NotConfigured => "unavailable",
            WebhookError::MissingSignature => "signature_missing",
            WebhookError::Malformed => "signature_malformed",
            WebhookError::BadSignature => "signature_invalid",
            WebhookError::Stale { .. } => "signature_expired",
            WebhookError::Replayed => "signature_replayed",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::NotConfigured => 503,
            _ => 401,
        }
    }
}

/// The header value for `body` signed at `t` (for shops, tests and the CLI).
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(mac(secret, t, body)))
}

fn mac(secret: &str, t: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = hmac_sha256(secret.as_bytes());
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// A verified signature: what the replay guard remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignatureId {
    pub t: i64,
    pub v1: [u8; 32],
}

/// Checks a signature header against the raw body at `now_secs`.
pub fn verify(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
    now_secs: i64,
) -> Result<SignatureId, WebhookError> {
    let header = header.ok_or(WebhookError::MissingSignature)?;
    let mut t = None;
    let mut candidates: Vec<[u8; 32]> = Vec::new();
    for part in header.split(',') {
        let (name, value) = part.trim().split_once('=').ok_or(WebhookError::Malformed)?;
        match name.trim() {
            "t" => {
                t = Some(
                    value
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| WebhookError::Malformed)?,
                )
            }
            "v1" => {
                let bytes = hex::decode(value.trim()).map_err(|_| WebhookError::Malformed)?;
                candidates.push(bytes.try_into().map_err(|_| WebhookError::Malformed)?);
            }
            _ => {} // other schemes are ignored
        }
    }
    let t = t.ok_or(WebhookError::Malformed)?;
    if candidates.is_empty() || candidates.len() > 8 {
        return Err(WebhookError::Malformed);
    }
    let mut found = None;
    for candidate in &candidates {
        let mut check = hmac_sha256(secret.as_bytes());
        check.update(t.to_string().as_bytes());
        check.update(b".");
        check.update(body);
        // verify_slice compares in constant time.
        if check.verify_slice(candidate).is_ok() {
            found = Some(*candidate);
        }
    }
    let v1 = found.ok_or(WebhookError::BadSignature)?;
    let skew = (now_secs - t).abs();
    if skew > TOLERANCE_SECS {
        return Err(WebhookError::Stale { skew_secs: skew });
    }
    Ok(SignatureId { t, v1 })
}

/// Remembers accepted signatures while their timestamp is within tolerance,
/// so the same signed request is taken once.
#[derive(Debug, Default)]
pub struct ReplayGuard {
    seen: Mutex<HashMap<[u8; 32], i64>>,
}

/// Most remembered signatures.
const MAX_SEEN: usize = 200_000;

impl ReplayGuard {
    /// Records `id`; `Err(Replayed)` when it was recorded before.
    pub fn admit(&self, id: SignatureId, now_secs: i64) -> Result<(), WebhookError> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= MAX_SEEN {
            // Older than the tolerance: a replay of those fails as stale anyway.
            seen.retain(|_, t| (now_secs - *t).abs() <= TOLERANCE_SECS);
            if seen.len() >= MAX_SEEN {
                return Err(WebhookError::Replayed);
            }
        }
        if seen.insert(id.v1, id.t).is_some() {
            return Err(WebhookError::Replayed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test";
    const NOW: i64 = 1_732_100_000;

    #[test]
    fn a_fresh_signature_of_the_exact_body_passes_once() {
        let body = br#"{"order":{"order_no":"D1"}}"#;
        let header = sign(SECRET, NOW - 10, body);
        let id = verify(SECRET, Some(&header), body, NOW).expect("valid");
        let guard = ReplayGuard::default();
        guard.admit(id, NOW).expect("first time");
        assert_eq!(guard.admit(id, NOW), Err(WebhookError::Replayed));
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let body = b"{}";
        let good = sign(SECRET, NOW, body);
        let cases: Vec<(Option<String>, &[u8], WebhookError)> = vec![
            (None, body, WebhookError::MissingSignature),
            (Some("garbage".into()), body, WebhookError::Malformed),
            (Some(format!("t={NOW}")), body, WebhookError::Malformed),
            (
                Some(format!("t={NOW},v1=zz")),
                body,
                WebhookError::Malformed,
            ),
            (Some(good.clone()), b"{ }", WebhookError::BadSignature),
            (
                Some(sign("other", NOW, body)),
                body,
                WebhookError::BadSignature,
            ),
            (
                Some(sign(SECRET, NOW - 301, body)),
                body,
                WebhookError::Stale { skew_secs: 301 },
            ),
            (
                Some(sign(SECRET, NOW + 400, body)),
                body,
                WebhookError::Stale { skew_secs: 400 },
            ),
        ];
        for (header, body, expected) in cases {
            assert_eq!(
                verify(SECRET, header.as_deref(), body, NOW).map(|_| ()),
                Err(expected.clone()),
                "{header:?}"
            );
            assert_eq!(expected.status(), 401);
        }
    }

    #[test]
    fn any_of_several_v1_values_may_match_for_secret_rotation() {
        let body = b"{}";
        let old = sign("old-secret", NOW, body);
        let new = sign(SECRET, NOW, body);
        let v1_new = new.split_once("v1=").map(|(_, v)| v).unwrap_or_default();
        let header = format!("{old},v1={v1_new}");
        assert!(verify(SECRET, Some(&header), body, NOW).is_ok());
    }
}
