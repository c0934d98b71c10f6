//! Per-address limits on anonymous work that leaves rows behind: a new
//! widget session makes a contact, so an address gets a burst of them and
//! then a steady trickle (a keyed GCRA limiter from `governor`). A refused
//! request is answered `429 rate_limited` with `Retry-After` before anything
//! is stored.
//!
//! Addresses are keyed as the client's address; IPv6 by its /64 prefix (one
//! subscriber's network, which hands out addresses freely). Requests whose
//! address is unknown share one key.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// New widget sessions an address may open at once, by default.
pub const SESSION_BURST: u32 = 20;
/// …and per minute after that (one every six seconds).
pub const SESSIONS_PER_MINUTE: u32 = 10;
/// Forget idle addresses after this many checks.
const SWEEP_EVERY: u64 = 1024;

/// How many new widget sessions one address may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimit {
    /// Sessions allowed at once.
    pub burst: NonZeroU32,
    /// One more is allowed after each such interval.
    pub refill_every: Duration,
}

impl Default for SessionLimit {
    fn default() -> SessionLimit {
        SessionLimit {
            burst: NonZeroU32::MIN.saturating_add(SESSION_BURST - 1),
            refill_every: Duration::from_secs(60) / SESSIONS_PER_MINUTE,
        }
    }
}

impl SessionLimit {
    /// `burst` at once and `per_minute` after that; `None` when either is 0.
    pub fn per_minute(burst: u32, per_minute: u32) -> Option<SessionLimit> {
        Some(SessionLimit {
            burst: NonZeroU32::new(burst)?,
            refill_every: Duration::from_secs(60) / NonZeroU32::new(per_minute)?.get(),
        })
    }
}

/// A limiter keyed by client address.
#[derive(Debug)]
pub struct AddressLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Checks so far, to sweep idle addresses now and then.
    checks: AtomicU64,
}

impl Default for AddressLimiter {
    fn default() -> AddressLimiter {
        AddressLimiter::new(SessionLimit::default())
    }
}

impl AddressLimiter {
    pub fn new(limit: SessionLimit) -> AddressLimiter {
        let quota = Quota::with_period(limit.refill_every)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(limit.burst);
        AddressLimiter {
            limiter: RateLimiter::keyed(quota),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request from `ip`: `Ok`, or how long to wait when the
    /// address has used up its allowance (nothing is counted then).
    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&key(ip))
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The key of an address: IPv4 as is, IPv6 by its /64 network.
fn key(ip: Option<IpAddr>) -> IpAddr {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V6(v6)) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        Some(v4) => v4,
        None => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

/// Whole seconds to announce in `Retry-After` (at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(burst: u32) -> AddressLimiter {
        AddressLimiter::new(SessionLimit {
            burst: NonZeroU32::new(burst).expect("not zero"),
            refill_every: Duration::from_secs(3600),
        })
    }

    #[test]
    fn an_address_gets_its_burst_then_waits() {
        let limiter = slow(3);
        let ip = Some("203.0.113.7".parse().expect("address"));
        for _ in 0..3 {
            assert!(limiter.check(ip).is_ok());
        }
        let wait = limiter.check(ip).expect_err("burst spent");
        assert!(wait > Duration::from_secs(3000), "{wait:?}");
        assert!(limiter
            .check(Some("203.0.113.8".parse().expect("address")))
            .is_ok());
    }

    #[test]
    fn ipv6_addresses_of_one_network_share_a_key() {
        let limiter = slow(1);
        assert!(limiter
            .check(Some("2001:db8:1:2::1".parse().expect("a")))
            .is_ok());
        assert!(limiter
            .check(Some("2001:db8:1:2:ffff::9".parse().expect("b")))
            .is_err());
        assert!(limiter
            .check(Some("2001:db8:1:3::1".parse().expect("c")))
            .is_ok());
    }

    #[test]
    fn ipv4_mapped_addresses_count_as_ipv4() {
        let limiter = slow(1);
        assert!(limiter
            .check(Some("198.51.100.1".parse().expect("a")))
            .is_ok());
        assert!(limiter
            .check(Some("::ffff:198.51.100.1".parse().expect("b")))
            .is_err());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(5001)), 6);
        assert_eq!(retry_after_secs(Duration::from_secs(6)), 6);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }

    #[test]
    fn zero_limits_are_refused() {
        assert!(SessionLimit::per_minute(0, 10).is_none());
        assert!(SessionLimit::per_minute(20, 0).is_none());
        assert_eq!(
            SessionLimit::per_minute(SESSION_BURST, SESSIONS_PER_MINUTE),
            Some(SessionLimit::default())
        );
    }
}
