//! Attempt counters for lockouts, shared by every process on the database
//! and kept across restarts.
//!
//! An attempt (a buyer's proof of purchase, a sign-in) is **charged before
//! the slow part runs** — before the order lookup, before argon2 — in one
//! transaction over every scope it counts against. A scope whose lock is in
//! force refuses the attempt and nothing is counted; otherwise each scope's
//! failure count grows by one, and a scope that reaches its free failures is
//! locked right then. So a burst of parallel guesses is checked at most as
//! many times as the limit allows, however many arrive at once: the attempts
//! beyond it find the lock already set.
//!
//! When the attempt turns out to be good, [`Store::settle_success`] gives the
//! charge back: scopes of the thing proven (a conversation, an order, a user)
//! are cleared; scopes of a crowd (an address) only get their one charge
//! back. Rows expire once their lock has run out and their failures are
//! forgotten; expired rows are deleted now and then, never wholesale.

use std::sync::atomic::Ordering;

use kadesk_domain::Millis;
use sqlx::Row;

use crate::{Backend, Result, Store};

/// How often expired counters are swept.
const PURGE_EVERY_MS: Millis = 60_000;

/// What a good attempt does to a scope it was charged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSuccess {
    /// Forget the scope's failures (the person proved who they are).
    Clear,
    /// Take back this attempt's charge only (others behind the same address
    /// may still be guessing).
    Refund,
}

/// One counter an attempt is charged to, with its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitScope {
    /// What is counted, e.g. `verify:order:D123`.
    pub key: String,
    /// Failures allowed; the one that reaches this count locks the scope.
    pub free: u32,
    /// The first lock; each further failure doubles it.
    pub base_lock_ms: Millis,
    /// The longest lock.
    pub max_lock_ms: Millis,
    /// Failures are forgotten this long after the last one.
    pub forget_after_ms: Millis,
    pub on_success: OnSuccess,
}

impl LimitScope {
    /// The lock after `failures` failures (none below `free`).
    fn lock_for(&self, failures: i64) -> Millis {
        let over = failures - i64::from(self.free);
        if over < 0 {
            return 0;
        }
        let doublings = u32::try_from(over.min(30)).unwrap_or(30);
        self.base_lock_ms
            .max(0)
            .saturating_mul(1_i64 << doublings)
            .min(self.max_lock_ms.max(0))
    }
}

/// The answer to [`Store::charge_attempt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// Counted; go ahead. Should the attempt fail, a lock of `lock_ms`
    /// (0: none) is already in force: it was set with the count.
    Allowed { lock_ms: Millis },
    /// A scope is locked for this much longer; nothing was counted.
    Locked { retry_after_ms: Millis },
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    failures: i64,
    last_at: Millis,
    locked_until: Millis,
}

impl Store {
    /// Counts one attempt against every scope, atomically, unless one of
    /// them is locked. Call it before the slow part; report the outcome
    /// with [`Store::settle_success`] (a failure needs nothing more: it was
    /// counted here).
    pub async fn charge_attempt(&self, scopes: &[LimitScope], now: Millis) -> Result<Charge> {
        self.purge_expired_limits(now).await?;
        let mut scopes: Vec<&LimitScope> = scopes.iter().collect();
        // One lock order for every transaction, so two never wait on each other.
        scopes.sort_by(|a, b| a.key.cmp(&b.key));
        scopes.dedup_by(|a, b| a.key == b.key);
        let mut tx = self.write.begin().await?;
        let mut counters = Vec::with_capacity(scopes.len());
        for scope in &scopes {
            sqlx::query(
                "INSERT INTO attempt_limits (scope, failures, last_at, locked_until, expires_at) \
                 VALUES ($1, 0, $2, 0, $2) ON CONFLICT (scope) DO NOTHING",
            )
            .bind(&scope.key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let lock = match self.backend {
                Backend::Postgres => " FOR UPDATE",
                // SQLite has one writer connection: the transaction is alone.
                Backend::Sqlite => "",
            };
            let row = sqlx::query(&format!(
                "SELECT failures, last_at, locked_until FROM attempt_limits WHERE scope = $1{lock}"
            ))
            .bind(&scope.key)
            .fetch_one(&mut *tx)
            .await?;
            let mut counter = Counter {
                failures: row.try_get("failures")?,
                last_at: row.try_get("last_at")?,
                locked_until: row.try_get("locked_until")?,
            };
            if now - counter.last_at >= scope.forget_after_ms && counter.locked_until <= now {
                counter.failures = 0;
            }
            counters.push(counter);
        }
        let wait = counters
            .iter()
            .map(|c| c.locked_until - now)
            .max()
            .unwrap_or(0);
        if wait > 0 {
            tx.commit().await?;
            return Ok(Charge::Locked {
                retry_after_ms: wait,
            });
        }
        let mut longest = 0;
        for (scope, counter) in scopes.iter().zip(&counters) {
            let failures = counter.failures + 1;
            let lock = scope.lock_for(failures);
            longest = longest.max(lock);
            let locked_until = if lock > 0 { now + lock } else { 0 };
            sqlx::query(
                "UPDATE attempt_limits SET failures = $1, last_at = $2, locked_until = $3, \
                 expires_at = $4 WHERE scope = $5",
            )
            .bind(failures)
            .bind(now)
            .bind(locked_until)
            .bind((now + scope.forget_after_ms).max(locked_until))
            .bind(&scope.key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Charge::Allowed { lock_ms: longest })
    }

    /// Gives back the charge of an attempt that proved good: scopes marked
    /// [`OnSuccess::Clear`] forget their failures, [`OnSuccess::Refund`]
    /// ones lose this one charge (and their lock, when that brings them
    /// under their free failures).
    pub async fn settle_success(&self, scopes: &[LimitScope]) -> Result<()> {
        self.give_back(scopes, false).await
    }

    /// Gives back the charge of an attempt that never ran (the server was
    /// too busy to check it): every scope loses this one charge.
    pub async fn refund_attempt(&self, scopes: &[LimitScope]) -> Result<()> {
        self.give_back(scopes, true).await
    }

    async fn give_back(&self, scopes: &[LimitScope], refund_only: bool) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for scope in scopes {
            if scope.on_success == OnSuccess::Clear && !refund_only {
                sqlx::query("DELETE FROM attempt_limits WHERE scope = $1")
                    .bind(&scope.key)
                    .execute(&mut *tx)
                    .await?;
            } else {
                sqlx::query(
                    "UPDATE attempt_limits SET failures = failures - 1, \
                     locked_until = CASE WHEN failures - 1 < $1 THEN 0 ELSE locked_until END \
                     WHERE scope = $2 AND failures > 0",
                )
                .bind(i64::from(scope.free))
                .bind(&scope.key)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Failures counted in a scope now (0 when none or forgotten), for
    /// status pages and tests.
    pub async fn attempt_failures(&self, key: &str, now: Millis) -> Result<i64> {
        let row =
            sqlx::query("SELECT failures FROM attempt_limits WHERE scope = $1 AND expires_at > $2")
                .bind(key)
                .bind(now)
                .fetch_optional(&self.read)
                .await?;
        Ok(match row {
            Some(row) => row.try_get("failures")?,
            None => 0,
        })
    }

    /// Deletes counters whose lock ran out and whose failures are
    /// forgotten, at most once a minute.
    async fn purge_expired_limits(&self, now: Millis) -> Result<()> {
        let last = self.last_limit_purge.load(Ordering::Relaxed);
        if now - last < PURGE_EVERY_MS
            || self
                .last_limit_purge
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return Ok(());
        }
        sqlx::query("DELETE FROM attempt_limits WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.write)
            .await?;
        sqlx::query("DELETE FROM login_devices WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Remembers a browser that signed in as `user_id` (by the hash of its
    /// device token) until `expires_at`.
    pub async fn remember_login_device(
        &self,
        token_hash: &str,
        user_id: i64,
        now: Millis,
        expires_at: Millis,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO login_devices (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO UPDATE SET \
             user_id = excluded.user_id, expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Whether the device token hash belongs to a browser that signed in as
    /// the user named `username` and has not expired.
    pub async fn login_device_knows(
        &self,
        token_hash: &str,
        username: &str,
        now: Millis,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS known FROM login_devices d JOIN users u ON u.id = d.user_id \
             WHERE d.token_hash = $1 AND u.username = $2 AND d.expires_at > $3",
        )
        .bind(token_hash)
        .bind(username)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(free: u32) -> LimitScope {
        LimitScope {
            key: "k".into(),
            free,
            base_lock_ms: 60_000,
            max_lock_ms: 3_600_000,
            forget_after_ms: 86_400_000,
            on_success: OnSuccess::Clear,
        }
    }

    #[test]
    fn the_lock_starts_at_the_free_count_and_doubles_to_the_cap() {
        let s = scope(3);
        assert_eq!(s.lock_for(2), 0);
        assert_eq!(s.lock_for(3), 60_000);
        assert_eq!(s.lock_for(4), 120_000);
        assert_eq!(s.lock_for(5), 240_000);
        assert_eq!(s.lock_for(40), 3_600_000);
    }
}
