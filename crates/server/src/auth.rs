//! Who is asking: agents by session (cookie or bearer token), buyers by the
//! visitor token their widget keeps. Tokens are random 256-bit values; only
//! their SHA-256 is stored. Passwords are hashed with argon2 off the async
//! runtime.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
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

/// Password hashing for the server on its own few threads, one per core:
/// each argon2 run takes 19 MiB and a core for about 50 ms, so running more
/// at once only piles up memory (and every extra thread keeps its own
/// allocator arena full of freed hash memory). A bounded line of jobs waits
/// for a thread; beyond it the answer is `busy` at once. The threads end
/// when the last handle is dropped.
#[derive(Debug)]
pub struct Passwords {
    jobs: std::sync::mpsc::SyncSender<Job>,
    /// Jobs refused since the last warning (the warning is rate-limited).
    refused: AtomicUsize,
    last_warning: std::sync::Mutex<Option<std::time::Instant>>,
}

type Job = Box<dyn FnOnce() + Send>;

impl Default for Passwords {
    fn default() -> Passwords {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Passwords::new(cores, cores * 8)
    }
}

impl Passwords {
    /// `threads` hashing threads and a line of `queue` waiting jobs.
    pub fn new(threads: usize, queue: usize) -> Passwords {
        let (jobs, line) = std::sync::mpsc::sync_channel::<Job>(queue);
        let line = std::sync::Arc::new(std::sync::Mutex::new(line));
        for n in 0..threads.max(1) {
            let line = line.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || loop {
                    // One thread takes the next job; the lock is not held while it runs.
                    let job = match line.lock() {
                        Ok(line) => line.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return, // every handle is gone
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Passwords {
            jobs,
            refused: AtomicUsize::new(0),
            last_warning: std::sync::Mutex::new(None),
        }
    }

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
        self.submit(work)?
            .await
            .map_err(|_| ApiError::internal("password hashing thread is gone"))
    }

    /// Puts `work` in line (atomically, before any waiting) or refuses it
    /// with `busy` when the line is full; the answer comes on the receiver.
    fn submit<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<tokio::sync::oneshot::Receiver<T>, ApiError> {
        let (done, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        if self.jobs.try_send(job).is_err() {
            self.warn_refused();
            return Err(ApiError::new(
                kadesk_domain::ErrorCode::Busy,
                "the server is busy checking other sign-ins; try again in a few seconds",
            )
            .retry_after(2));
        }
        Ok(answer)
    }

    /// Warns that hashing is saturated, at most every ten seconds (a flood
    /// must not become a flood of log lines).
    fn warn_refused(&self) {
        let refused = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
        let mut last = self
            .last_warning
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let due = last.is_none_or(|at| at.elapsed() >= std::time::Duration::from_secs(10));
        if due {
            *last = Some(std::time::Instant::now());
            self.refused.store(0, Ordering::Relaxed);
            tracing::warn!(refused, "password hashing is saturated; refusing sign-ins");
        }
    }
}

thread_local! {
    /// The argon2 working memory of this thread, reused by every hash it
    /// computes. (Allocating 19 MiB per hash left each freed buffer
    /// resident: the server grew by 19 MiB per sign-in.)
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs argon2 with `params` into `out`, in this thread's reused memory.
fn argon2_into(
    algorithm: argon2::Algorithm,
    version: argon2::Version,
    params: argon2::Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> argon2::Result<()> {
    let blocks = params.block_count();
    let hasher = Argon2::new(algorithm, version, params);
    ARGON2_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        hasher.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.as_salt().decode_b64(&mut salt_bytes)?;
    let params = argon2::Params::default();
    let mut out = [0u8; argon2::Params::DEFAULT_OUTPUT_LEN];
    argon2_into(
        argon2::Algorithm::default(),
        argon2::Version::default(),
        params.clone(),
        password.as_bytes(),
        salt_raw,
        &mut out,
    )?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::default().ident(),
        version: Some(argon2::Version::default().into()),
        params: argon2::password_hash::ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(argon2::password_hash::Output::new(&out)?),
    };
    Ok(hash.to_string())
}

fn verify_now(password: &str, hash: &str) -> bool {
    let check = || -> Result<bool, argon2::password_hash::Error> {
        let parsed = PasswordHash::new(hash)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Ok(false);
        };
        let algorithm = argon2::Algorithm::try_from(parsed.algorithm)?;
        let version = match parsed.version {
            Some(v) => argon2::Version::try_from(v)?,
            None => argon2::Version::default(),
        };
        let params = argon2::Params::try_from(&parsed)?;
        let mut salt_bytes = [0u8; 64];
        let salt_raw = salt.decode_b64(&mut salt_bytes)?;
        let mut out = vec![0u8; expected.len()];
        argon2_into(
            algorithm,
            version,
            params,
            password.as_bytes(),
            salt_raw,
            &mut out,
        )?;
        // `Output` compares in constant time.
        Ok(argon2::password_hash::Output::new(&out)? == expected)
    };
    check().unwrap_or(false)
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
    bearer_token(headers).or_else(|| session_cookie(headers))
}

/// The token in `Authorization: Bearer`, which a page on another site cannot send.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .map(|token| token.trim().to_owned())
}

/// The console's session cookie, which the browser sends by itself (see
/// [`crate::guard`] for what that allows).
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
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
    Ok(Agent(session_for_token(state, token).await?.user))
}

/// How stale a session's "last used" may get before a request refreshes it
/// (a write per request would be wasteful).
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

/// A signed-in console user and the session they use (its public id): for
/// the endpoints that list and end sessions, and the agent socket.
#[derive(Debug, Clone)]
pub struct AgentSession {
    pub user: User,
    /// The public id of the session making the request.
    pub session_id: String,
}

impl AgentSession {
    /// Refuses unless the user's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        Agent(self.user.clone()).require(role)
    }
}

impl FromRequestParts<AppState> for AgentSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<AgentSession, ApiError> {
        let token = request_token(&parts.headers).ok_or_else(|| {
            tracing::debug!("no session token in request");
            ApiError::unauthorized()
        })?;
        session_for_token(state, &token).await
    }
}

/// The open session of a token (unexpired, its user enabled), noting its use.
pub async fn session_for_token(state: &AppState, token: &str) -> Result<AgentSession, ApiError> {
    let Some(active) = state.store.session(&token_hash(token)).await? else {
        tracing::debug!("session token unknown, expired, revoked or of a disabled user");
        return Err(ApiError::unauthorized());
    };
    let now = kadesk_domain::now_millis();
    let seen = active
        .session
        .last_used_at
        .unwrap_or(active.session.created_at);
    if now - seen > TOUCH_EVERY_MS {
        if let Err(e) = state.store.touch_session(&active.session.id).await {
            tracing::warn!(error = %e, "could not note the session's use");
        }
    }
    Ok(AgentSession {
        user: active.user,
        session_id: active.session.id,
    })
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

    #[test]
    fn hashes_read_like_the_argon2_crate_s_and_verify_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_now("卡密客服 2026").expect("hashes");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(Argon2::default()
            .verify_password("卡密客服 2026".as_bytes(), &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"old password", &salt)
            .expect("hashes")
            .to_string();
        assert!(verify_now("old password", &theirs));
        assert!(!verify_now("old passwore", &theirs));
        assert!(!verify_now("old password", "not a hash"));
    }

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
    async fn hashing_turns_callers_away_once_its_line_is_full() {
        let passwords = Passwords::new(1, 2);
        // Hold the only thread until told to go on.
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let blocked = passwords
            .submit(move || {
                let _ = started.send(());
                let _ = hold.recv();
            })
            .expect("the thread is free");
        running.await.expect("the thread took the first job");
        // Two jobs fit in line; the third is refused before it waits.
        let first = passwords.submit(|| 1).expect("room in line");
        let second = passwords.submit(|| 2).expect("room in line");
        let refused = passwords.submit(|| 3).expect_err("the line is full");
        assert_eq!(refused.code, kadesk_domain::ErrorCode::Busy);
        assert_eq!(refused.retry_after_secs, Some(2));
        release.send(()).expect("release");
        blocked.await.expect("ran");
        assert_eq!(first.await.expect("ran"), 1);
        assert_eq!(second.await.expect("ran"), 2);
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
