//! Signing in and out of the console.

use std::net::IpAddr;

use axum::extract::State;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::User;
use kadesk_store::{Charge, LimitScope, OnSuccess};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::OnceCell;
use utoipa::ToSchema;

use crate::auth::{new_token, request_token, token_hash, Agent, ClientIp, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

/// How long a console session lasts.
const SESSION_DAYS: i64 = 30;
/// How long a browser that signed in is remembered as the user's device.
const DEVICE_DAYS: i64 = 180;
/// Name of the cookie that marks a browser that signed in before.
pub const DEVICE_COOKIE: &str = "kadesk_device";
/// Longest user name accepted at sign-in (longer ones cannot exist).
pub const MAX_USERNAME_CHARS: usize = 64;

const MINUTE_MS: i64 = 60_000;

/// The counters a sign-in attempt is charged to before its password is
/// checked (see `kadesk_store::Store::charge_attempt`):
///
/// - the address: 30 failures, then a lock of 1 minute doubling up to an
///   hour — one address trying many names;
/// - the user name *from that address*: 10 failures in 15 minutes, then a
///   lock of 1 minute doubling up to an hour;
/// - the user name from browsers that never signed in as that user: after
///   10 failures, a delay of 2 seconds doubling up to 5 minutes between
///   attempts — many addresses guessing one password.
///   A browser that signed in as the user before (it carries the device
///   cookie) is counted on its own instead, with 10 failures, so an attacker
///   elsewhere can slow strangers down but never lock the user out of their
///   own browser.
fn login_scopes(username: &str, ip: Option<IpAddr>, known_device: Option<&str>) -> Vec<LimitScope> {
    let name = username.to_lowercase();
    let scope = |key: String, free: u32, base: i64, max: i64, forget: i64, on_success| LimitScope {
        key,
        free,
        base_lock_ms: base,
        max_lock_ms: max,
        forget_after_ms: forget,
        on_success,
    };
    let mut scopes = Vec::with_capacity(3);
    if let Some(ip) = ip {
        let ip = kadesk_shop::verify::ip_key(ip);
        scopes.push(scope(
            format!("login:ip:{ip}"),
            30,
            MINUTE_MS,
            60 * MINUTE_MS,
            60 * MINUTE_MS,
            OnSuccess::Refund,
        ));
        scopes.push(scope(
            format!("login:user-ip:{name}|{ip}"),
            10,
            MINUTE_MS,
            60 * MINUTE_MS,
            15 * MINUTE_MS,
            OnSuccess::Clear,
        ));
    }
    match known_device {
        Some(device) => scopes.push(scope(
            format!("login:device:{device}"),
            10,
            MINUTE_MS,
            60 * MINUTE_MS,
            15 * MINUTE_MS,
            OnSuccess::Clear,
        )),
        None => scopes.push(scope(
            format!("login:user:{name}"),
            10,
            2_000,
            5 * MINUTE_MS,
            60 * MINUTE_MS,
            OnSuccess::Clear,
        )),
    }
    scopes
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
}

/// The value of cookie `name`, if the request carries it.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
}

impl LoginRequest {
    /// Refuses a user name no user can have before it is looked up, hashed,
    /// counted, logged or audited (it would otherwise fill all of them).
    fn check(&self) -> ApiResult<()> {
        crate::api::users::check_user_name_length(&self.username)
    }
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

/// Sign in. Attempts are counted before the password is checked (per
/// address, per user name and address, and per user name from unknown
/// browsers); over the limit the answer is 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
        (status = 401, description = "wrong user name or password"),
        (status = 415, description = "unsupported_media_type: sign-in takes JSON only"),
        (status = 422, description = "user name longer than 64 characters"),
        (status = 429, description = "too many failed sign-ins; see Retry-After"),
        (status = 503, description = "busy checking other sign-ins; see Retry-After")))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    // Before anything is looked up, hashed, counted or logged.
    req.check()?;
    let now = state.now();
    let device = match cookie(&headers, DEVICE_COOKIE) {
        Some(token) if token.len() == 64 => {
            let hash = token_hash(token);
            state
                .store
                .login_device_knows(&hash, &req.username, now)
                .await?
                .then_some(hash)
        }
        _ => None,
    };
    let scopes = login_scopes(&req.username, ip, device.as_deref());
    if let Charge::Locked { retry_after_ms } = state.store.charge_attempt(&scopes, now).await? {
        let secs = u64::try_from((retry_after_ms + 999) / 1000).unwrap_or(1);
        tracing::info!(
            retry_after_secs = secs,
            "sign-in refused: too many failures"
        );
        return Err(ApiError::new(
            kadesk_domain::ErrorCode::RateLimited,
            format!("too many failed sign-ins; try again in {}", wait_text(secs)),
        )
        .retry_after(secs));
    }
    let checked = async {
        let found = state.store.user_for_login(&req.username).await?;
        let hash = match &found {
            Some(u) => u.password_hash.clone(),
            None => DUMMY_HASH
                .get_or_try_init(|| state.passwords.hash(new_token()))
                .await?
                .clone(),
        };
        let valid = state.passwords.verify(req.password, hash).await?;
        Ok::<_, ApiError>((found, valid))
    }
    .await;
    let (found, valid) = match checked {
        Ok(checked) => checked,
        Err(e) => {
            // Never checked (busy, or the database failed): it does not count.
            state.store.refund_attempt(&scopes).await?;
            return Err(e);
        }
    };
    let user = match found {
        Some(found) if valid => found.user,
        _ => {
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
    state.store.settle_success(&scopes).await?;
    let token = new_token();
    let expires = now + SESSION_DAYS * 24 * 3600 * 1000;
    state
        .store
        .create_session_from(
            &token_hash(&token),
            user.id,
            expires,
            &crate::api::users::session_origin(ip, &headers),
        )
        .await?;
    // This browser is now one of the user's own (see `login_scopes`).
    let device_token = match cookie(&headers, DEVICE_COOKIE) {
        Some(token) if token.len() == 64 => token.to_owned(),
        _ => new_token(),
    };
    state
        .store
        .remember_login_device(
            &token_hash(&device_token),
            user.id,
            now,
            now + DEVICE_DAYS * 24 * 3600 * 1000,
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
    let secure = if state.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let session_cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        SESSION_DAYS * 24 * 3600,
    );
    let device_cookie = format!(
        "{DEVICE_COOKIE}={device_token}; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        DEVICE_DAYS * 24 * 3600,
    );
    let mut response = Json(LoginResponse { user, token }).into_response();
    for cookie in [session_cookie, device_cookie] {
        response.headers_mut().append(
            SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
        );
    }
    Ok(response)
}

/// A wait in words for an error message: "40 seconds", "3 minutes".
fn wait_text(secs: u64) -> String {
    if secs < 120 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", secs.div_ceil(60))
    }
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
                .end_sessions(kadesk_desk::hub::SessionsEnded::One(open.session.id));
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
