//! Who is asking: agents by session (cookie or bearer token), buyers by the
//! visitor token their widget keeps. Tokens are random 256-bit values; only
//! their SHA-256 is stored. Passwords are hashed with argon2 off the async
//! runtime.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;
use kadesk_domain::{Contact, Role, User};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;
use crate::AppState;

/// Name of the console's session cookie.
pub const SESSION_COOKIE: &str = "kadesk_session";

/// A new random token, 64 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored in place of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Password hashing for the server, at most one argon2 run per core at a
/// time: each takes 19 MiB and a core for about 50 ms, so running more at
/// once only piles up memory. A bounded line waits for a turn; beyond it the
/// answer is `busy` at once.
#[derive(Debug)]
pub struct Passwords {
    gate: Gate,
}

impl Default for Passwords {
    fn default() -> Passwords {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Passwords {
            gate: Gate::new(cores, cores * 8),
        }
    }
}

impl Passwords {
    /// Hashes a password with argon2id.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash_now(&password))
            .await?
            .map_err(ApiError::internal)
    }

    /// Checks a password against a stored argon2 hash.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        self.run(move || verify_now(&password, &hash)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let Some(_permit) = self.gate.enter().await else {
            tracing::warn!("password hashing is saturated; refusing a request");
            return Err(ApiError::new(
                kadesk_domain::ErrorCode::Busy,
                "the server is busy checking other sign-ins; try again in a few seconds",
            )
            .retry_after(2));
        };
        tokio::task::spawn_blocking(work)
            .await
            .map_err(ApiError::internal)
    }
}

/// A semaphore with a bounded line: at most `queue` callers wait for one of
/// its permits; the next one is turned away at once.
#[derive(Debug)]
pub struct Gate {
    permits: Semaphore,
    waiting: AtomicUsize,
    queue: usize,
}

impl Gate {
    pub fn new(permits: usize, queue: usize) -> Gate {
        Gate {
            permits: Semaphore::new(permits),
            waiting: AtomicUsize::new(0),
            queue,
        }
    }

    /// A permit, waiting in line if there is room in it; `None` when the
    /// line is full (counted before waiting, so a burst cannot overfill it).
    pub async fn enter(&self) -> Option<SemaphorePermit<'_>> {
        if let Ok(permit) = self.permits.try_acquire() {
            return Some(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let permit = self.permits.acquire().await.ok();
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit
    }
}

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
}

fn verify_now(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Hashes a password with argon2id on a blocking thread, outside the
/// server's [`Passwords`] gate (for the command line and start-up).
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// The bearer token of a request, from `Authorization: Bearer` or the session cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        if let Some(token) = value.strip_prefix("Bearer ") {
            return Some(token.trim().to_owned());
        }
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// A signed-in console user. Rejects with 401 when there is no valid session.
#[derive(Debug, Clone)]
pub struct Agent(pub User);

impl Agent {
    /// Refuses unless the user's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.0.role >= role {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this needs the {role} role; you are {}",
                self.0.role
            )))
        }
    }
}

impl FromRequestParts<AppState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Agent, ApiError> {
        let token = request_token(&parts.headers).ok_or_else(|| {
            tracing::debug!("no session token in request");
            ApiError::unauthorized()
        })?;
        agent_for_token(state, &token).await
    }
}

/// The user of a session token.
pub async fn agent_for_token(state: &AppState, token: &str) -> Result<Agent, ApiError> {
    match state.store.session_user(&token_hash(token)).await? {
        Some(user) => Ok(Agent(user)),
        None => {
            tracing::debug!("session token unknown or expired");
            Err(ApiError::unauthorized())
        }
    }
}

/// A buyer identified by the visitor token in `Authorization: Bearer`.
#[derive(Debug, Clone)]
pub struct Visitor(pub Contact);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, ApiError> {
        let token = request_token(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        visitor_for_token(state, &token).await
    }
}

/// The buyer of a visitor token.
pub async fn visitor_for_token(state: &AppState, token: &str) -> Result<Visitor, ApiError> {
    match state.store.visitor(&token_hash(token)).await? {
        Some(contact) => Ok(Visitor(contact)),
        None => Err(ApiError::new(
            kadesk_domain::ErrorCode::Unauthorized,
            "unknown visitor token; start a new widget session",
        )),
    }
}

/// The client's address, when the server knows it (not in router-level
/// tests). Behind a reverse proxy listed in `[server] trusted_proxies` it is
/// read from `X-Forwarded-For` (or `X-Real-IP`); from anyone else those
/// headers are ignored, so a client cannot choose the address it is counted by.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientIp, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientIp(peer.map(|peer| {
            client_address(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

/// The address a request came from: the peer, or — when the peer is a
/// trusted proxy — the right-most address in `X-Forwarded-For` that is not
/// itself a trusted proxy (entries further left are the client's own claims).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&unmapped(*ip)));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|hop| !hop.is_empty())
        .collect();
    if forwarded.is_empty() {
        return headers
            .get("x-real-ip")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_hop)
            .unwrap_or(peer);
    }
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if is_trusted(&ip) => client = ip,
            Some(ip) => return ip,
            // Junk where an address should be: the last address vouched for stands.
            None => return client,
        }
    }
    client
}

/// One address of a forwarding header: `203.0.113.9`, `2001:db8::1`,
/// `203.0.113.9:4711` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .map(unmapped)
}

/// IPv4 addresses written as IPv6 (`::ffff:1.2.3.4`) as plain IPv4.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hash_verifies_only_the_same_password() {
        let passwords = Passwords::default();
        let hash = passwords.hash("正确的密码".into()).await.expect("hashes");
        assert!(!hash.contains("正确的密码"));
        assert!(passwords
            .verify("正确的密码".into(), hash.clone())
            .await
            .expect("runs"));
        assert!(!passwords.verify("wrong".into(), hash).await.expect("runs"));
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("net")).collect()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().expect("header"));
        headers
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let peer: IpAddr = "198.51.100.7".parse().expect("ip");
        let got = client_address(peer, &forwarded("1.2.3.4"), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, peer);
        assert_eq!(client_address(peer, &forwarded("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8", "127.0.0.1/32"]);
        let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
        // The client claimed 6.6.6.6 itself; the proxies saw 203.0.113.9.
        let headers = forwarded("6.6.6.6, 203.0.113.9, 10.1.2.3");
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.9".parse::<IpAddr>().expect("ip")
        );
        let mut real = HeaderMap::new();
        real.insert("x-real-ip", "203.0.113.10".parse().expect("header"));
        assert_eq!(
            client_address(proxy, &real, &trusted),
            "203.0.113.10".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
        assert_eq!(
            client_address(proxy, &forwarded("junk, 10.0.0.5"), &trusted),
            "10.0.0.5".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(
            client_address(proxy, &forwarded("[2001:db8::1]:4711"), &trusted),
            "2001:db8::1".parse::<IpAddr>().expect("ip")
        );
    }

    #[tokio::test]
    async fn a_gate_turns_callers_away_once_its_line_is_full() {
        let gate = std::sync::Arc::new(Gate::new(1, 2));
        let held = gate.enter().await.expect("free permit");
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let gate = gate.clone();
                tokio::spawn(async move { gate.enter().await.is_some() })
            })
            .collect();
        while gate.waiting.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        assert!(gate.enter().await.is_none(), "third in line is refused");
        drop(held);
        for waiter in waiters {
            assert!(waiter.await.expect("joins"), "those in line get their turn");
        }
    }

    #[test]
    fn tokens_are_random_and_hashes_hide_them() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
