//! Signing in and out of the console.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{now_millis, User};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::OnceCell;
use utoipa::ToSchema;

use crate::auth::{
    hash_password, new_token, request_token, token_hash, verify_password, Agent, ClientIp,
    SESSION_COOKIE,
};
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

/// How long a console session lasts.
const SESSION_DAYS: i64 = 30;
/// Failed sign-ins allowed per user name or address within [`WINDOW`].
const MAX_FAILURES: u32 = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
}

/// Counts failed sign-ins per user name and per address, and refuses more
/// attempts once either has failed too often recently.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    fn keys(username: &str, ip: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![format!("user:{}", username.to_lowercase())];
        if let Some(ip) = ip {
            keys.push(format!("ip:{ip}"));
        }
        keys
    }

    fn blocked(&self, username: &str, ip: Option<IpAddr>) -> bool {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        Self::keys(username, ip).iter().any(|key| {
            map.get(key)
                .is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < WINDOW)
        })
    }

    fn failed(&self, username: &str, ip: Option<IpAddr>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(username, ip) {
            let entry = map.entry(key).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= WINDOW {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("user:{}", username.to_lowercase()));
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    user: User,
    /// Bearer token; the same value is set as the `kadesk_session` cookie.
    token: String,
}

/// A hash to verify against when the user does not exist, so a wrong user
/// name takes as long as a wrong password.
static DUMMY_HASH: OnceCell<String> = OnceCell::const_new();

/// Sign in.
#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, description = "wrong user name or password")))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    if state.logins.blocked(&req.username, ip) {
        return Err(ApiError::new(
            kadesk_domain::ErrorCode::RateLimited,
            "too many failed sign-ins; wait 15 minutes and try again",
        ));
    }
    let found = state.store.user_for_login(&req.username).await?;
    let hash = match &found {
        Some(u) => u.password_hash.clone(),
        None => DUMMY_HASH
            .get_or_try_init(|| hash_password(new_token()))
            .await?
            .clone(),
    };
    let valid = verify_password(req.password, hash).await?;
    let user = match found {
        Some(found) if valid => found.user,
        _ => {
            state.logins.failed(&req.username, ip);
            tracing::info!(user = %req.username, "sign-in refused");
            state
                .store
                .audit(
                    None,
                    "login_failed",
                    &format!("user:{}", req.username),
                    json!({"ip": ip}),
                )
                .await?;
            return Err(ApiError::new(
                kadesk_domain::ErrorCode::Unauthorized,
                "wrong user name or password",
            ));
        }
    };
    state.logins.succeeded(&req.username);
    let token = new_token();
    let expires = now_millis() + SESSION_DAYS * 24 * 3600 * 1000;
    state
        .store
        .create_session_from(
            &token_hash(&token),
            user.id,
            expires,
            &crate::api::users::session_origin(ip, &headers),
        )
        .await?;
    state
        .store
        .audit(
            Some(user.id),
            "login",
            &format!("user:{}", user.id),
            json!({"ip": ip}),
        )
        .await?;
    tracing::info!(user.id = user.id, "signed in");
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 24 * 3600,
        if state.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = Json(LoginResponse { user, token }).into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// Sign out: the session ends and the cookie is cleared.
#[utoipa::path(post, path = "/api/v1/auth/logout", responses((status = 204)))]
async fn logout(
    State(state): State<AppState>,
    agent: Agent,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = request_token(&headers) {
        let hash = token_hash(&token);
        let open = state.store.session(&hash).await?;
        state.store.delete_session(&hash).await?;
        // Its agent sockets close too.
        if let Some(open) = open {
            state
                .hub
                .end_sessions(crate::hub::SessionsEnded::One(open.session.id));
        }
    }
    state
        .store
        .audit(
            Some(agent.0.id),
            "logout",
            &format!("user:{}", agent.0.id),
            json!({}),
        )
        .await?;
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&clear).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", responses((status = 200, body = User), (status = 401)))]
async fn me(agent: Agent) -> Json<User> {
    Json(agent.0)
}
