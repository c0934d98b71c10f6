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
use kadesk_domain::{Contact, Role, User};
use rand::RngCore;
use sha2::{Digest, Sha256};

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

/// Hashes a password with argon2id on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Checks a password against a stored argon2 hash on a blocking thread.
pub async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
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

/// The client's address, when the server knows it (not in router-level tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hash_verifies_only_the_same_password() {
        let hash = hash_password("正确的密码".into()).await.expect("hashes");
        assert!(!hash.contains("正确的密码"));
        assert!(verify_password("正确的密码".into(), hash.clone())
            .await
            .expect("runs"));
        assert!(!verify_password("wrong".into(), hash).await.expect("runs"));
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
