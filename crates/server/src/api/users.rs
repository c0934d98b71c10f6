//! Console users and their sessions. Everyone signed in sees the team;
//! admins add users, disable and enable them, set their passwords and end
//! their sessions. Each user lists and ends their own sessions. Disabling a
//! user or setting their password ends all their sessions, and their open
//! agent sockets close at once. Listings name a session by a short public
//! id, never by its token or the token's hash.

use std::net::IpAddr;

use axum::extract::State;
use axum::http::header::USER_AGENT;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post, put};
use axum::Router;
use kadesk_domain::{ErrorCode, Millis, Role, User};
use kadesk_store::{SessionInfo, SessionOrigin};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::{Agent, AgentSession};
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::AppState;
use kadesk_desk::hub::SessionsEnded;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest user name looked at: anything longer is refused before it is
/// looked up, hashed, counted, logged or audited.
pub const MAX_USER_NAME_CHARS: usize = 64;

/// Refuses a user name longer than [`MAX_USER_NAME_CHARS`] without quoting it.
pub fn check_user_name_length(username: &str) -> Result<(), ApiError> {
    // Bytes bound characters from above: a long name is refused without counting it.
    if username.len() > MAX_USER_NAME_CHARS && username.chars().count() > MAX_USER_NAME_CHARS {
        return Err(ApiError::validation(format!(
            "the user name is longer than {MAX_USER_NAME_CHARS} characters"
        )));
    }
    Ok(())
}

/// Longest user agent kept with a session, in characters.
const MAX_USER_AGENT_CHARS: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
        .route("/users/{id}/password", put(set_password))
        .route("/users/{id}/role", put(set_role))
        .route("/users/{id}/sessions", get(sessions).delete(end_sessions))
        .route("/users/{id}/sessions/{session_id}", delete(end_session))
}

/// Where a sign-in came from, for the session it opens: the client's
/// address and its `User-Agent` (shortened, control characters dropped).
pub fn session_origin(ip: Option<IpAddr>, headers: &HeaderMap) -> SessionOrigin {
    let user_agent = headers
        .get(USER_AGENT)
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_USER_AGENT_CHARS)
                .collect::<String>()
        })
        .filter(|ua| !ua.trim().is_empty());
    SessionOrigin {
        ip: ip.map(|ip| ip.to_string()),
        user_agent,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    items: Vec<User>,
    /// Ids of users with an open console.
    online: Vec<i64>,
}

/// Every user, and who is online.
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = UserList)))]
async fn list(State(state): State<AppState>, _agent: Agent) -> ApiResult<Json<UserList>> {
    Ok(Json(UserList {
        items: state.store.users().await?,
        online: state.hub.online_agents(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 1–40 letters, digits, dots, dashes or underscores.
    #[schema(min_length = 1, max_length = 40, pattern = "^[A-Za-z0-9._-]+$")]
    username: String,
    /// 1–60 characters, not all spaces.
    #[schema(min_length = 1, max_length = 60, pattern = "\\S")]
    display_name: String,
    role: Role,
    /// 8–200 characters.
    #[schema(min_length = 8, max_length = 200)]
    password: String,
}

/// Checks a new user's fields; shared with the CLI.
pub fn validate_new_user(
    username: &str,
    display_name: &str,
    password: &str,
) -> Result<(), ApiError> {
    check_user_name_length(username)?;
    let valid_name = !username.is_empty()
        && username.len() <= 40
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !valid_name {
        return Err(ApiError::validation(format!(
            "username {username:?} must be 1–40 letters, digits, dots, dashes or underscores"
        )));
    }
    if display_name.trim().is_empty() || display_name.chars().count() > 60 {
        return Err(ApiError::validation("display_name must be 1–60 characters"));
    }
    validate_password(password)
}

/// Checks a new password's length; shared with the CLI.
pub fn validate_password(password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(ApiError::validation(format!(
            "password must be at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if n > 200 {
        return Err(ApiError::validation(
            "password must be at most 200 characters",
        ));
    }
    Ok(())
}

/// Add a user (admins only).
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUser,
    responses((status = 201, body = User), (status = 403), (status = 409), (status = 422)))]
async fn create(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<NewUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    agent.require(Role::Admin)?;
    validate_new_user(&req.username, &req.display_name, &req.password)?;
    let hash = state.passwords.hash(req.password).await?;
    let user = state
        .store
        .create_user(&req.username, req.display_name.trim(), req.role, &hash)
        .await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "user_created",
            &format!("user:{}", user.id),
            json!({"role": user.role}),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Disable a user (admins only): they cannot sign in, every session of
/// theirs ends and their open consoles are disconnected. Admins cannot
/// disable themselves.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = User), (status = 403), (status = 404), (status = 409)))]
async fn disable(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<User>> {
    agent.require(Role::Admin)?;
    if agent.0.id == id {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "you cannot disable yourself; ask another admin, or use `kadesk user disable`",
        ));
    }
    let (user, ended) = state.store.set_user_disabled(id, true).await?;
    state.hub.end_sessions(SessionsEnded::AllOf(id));
    state
        .store
        .audit(
            Some(agent.0.id),
            "user_disabled",
            &format!("user:{id}"),
            json!({"via": "api", "sessions_ended": ended}),
        )
        .await?;
    tracing::info!(
        user.id = id,
        by = agent.0.id,
        sessions_ended = ended,
        "user disabled"
    );
    Ok(Json(user))
}

/// Enable a disabled user again (admins only); they sign in afresh.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = User), (status = 403), (status = 404)))]
async fn enable(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<User>> {
    agent.require(Role::Admin)?;
    let (user, _) = state.store.set_user_disabled(id, false).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "user_enabled",
            &format!("user:{id}"),
            json!({"via": "api"}),
        )
        .await?;
    tracing::info!(user.id = id, by = agent.0.id, "user enabled");
    Ok(Json(user))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRole {
    role: Role,
}

/// Give a user another role (admins only). Admins cannot change their own
/// role (so there is always an admin); the change applies to the user's
/// next request.
#[utoipa::path(put, path = "/api/v1/users/{id}/role", request_body = NewRole,
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = User), (status = 400), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn set_role(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<NewRole>,
) -> ApiResult<Json<User>> {
    agent.require(Role::Admin)?;
    if agent.0.id == id {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "you cannot change your own role; ask another admin",
        ));
    }
    let before = state.store.user(id).await?;
    let user = state.store.set_user_role(id, req.role).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "user_role_changed",
            &format!("user:{id}"),
            json!({"from": before.role.as_str(), "to": req.role.as_str()}),
        )
        .await?;
    tracing::info!(
        user.id = id,
        by = agent.0.id,
        role = req.role.as_str(),
        "user role changed"
    );
    Ok(Json(user))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    /// 8–200 characters.
    #[schema(min_length = 8, max_length = 200)]
    password: String,
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewPassword").finish_non_exhaustive()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EndedSessions {
    /// How many sessions ended.
    ended: u64,
}

/// Set a user's password (admins only). Every session of the user ends,
/// the caller's own included when they set their own.
#[utoipa::path(put, path = "/api/v1/users/{id}/password", request_body = NewPassword,
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = EndedSessions), (status = 403), (status = 404), (status = 422)))]
async fn set_password(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<NewPassword>,
) -> ApiResult<Json<EndedSessions>> {
    agent.require(Role::Admin)?;
    validate_password(&req.password)?;
    // Unknown users are a 404 before the slow hash.
    state.store.user(id).await?;
    let hash = state.passwords.hash(req.password).await?;
    let ended = state.store.set_password(id, &hash).await?;
    state.hub.end_sessions(SessionsEnded::AllOf(id));
    state
        .store
        .audit(
            Some(agent.0.id),
            "password_reset",
            &format!("user:{id}"),
            json!({"via": "api", "sessions_ended": ended}),
        )
        .await?;
    tracing::info!(
        user.id = id,
        by = agent.0.id,
        sessions_ended = ended,
        "password set"
    );
    Ok(Json(EndedSessions { ended }))
}

/// A console session as listed: never its token or the token's hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// The session's public id (16 hex characters).
    id: String,
    /// When it was opened (sign-in).
    created_at: Millis,
    /// When it was last used, to within five minutes.
    last_used_at: Option<Millis>,
    /// When it ends by itself.
    expires_at: Millis,
    /// The address it was opened from.
    ip: Option<String>,
    /// The browser it was opened with.
    user_agent: Option<String>,
    /// This is the session making the request.
    current: bool,
}

impl SessionView {
    fn new(s: SessionInfo, current: &str) -> SessionView {
        SessionView {
            current: s.id == current,
            id: s.id,
            created_at: s.created_at,
            last_used_at: s.last_used_at,
            expires_at: s.expires_at,
            ip: s.ip,
            user_agent: s.user_agent,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    /// Open sessions, newest first.
    items: Vec<SessionView>,
}

/// Refuses unless the caller is the user or an admin.
fn may_manage(caller: &AgentSession, user_id: i64) -> Result<(), ApiError> {
    if caller.user.id == user_id {
        return Ok(());
    }
    caller.require(Role::Admin).map_err(|_| {
        ApiError::forbidden("only admins manage other users' sessions; you may manage your own")
    })
}

/// A user's open sessions (admins: anyone's; everyone: their own).
#[utoipa::path(get, path = "/api/v1/users/{id}/sessions",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = SessionList), (status = 403), (status = 404)))]
async fn sessions(
    State(state): State<AppState>,
    caller: AgentSession,
    Path(id): Path<i64>,
) -> ApiResult<Json<SessionList>> {
    may_manage(&caller, id)?;
    state.store.user(id).await?;
    let items = state
        .store
        .user_sessions(id)
        .await?
        .into_iter()
        .map(|s| SessionView::new(s, &caller.session_id))
        .collect();
    Ok(Json(SessionList { items }))
}

/// End every session of a user but the caller's own (admins: anyone's;
/// everyone: their own other sessions). Their open consoles disconnect.
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions",
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = EndedSessions), (status = 403), (status = 404)))]
async fn end_sessions(
    State(state): State<AppState>,
    caller: AgentSession,
    Path(id): Path<i64>,
) -> ApiResult<Json<EndedSessions>> {
    may_manage(&caller, id)?;
    state.store.user(id).await?;
    let keep = (caller.user.id == id).then_some(caller.session_id.as_str());
    let ended = state.store.delete_user_sessions(id, keep).await?;
    state.hub.end_sessions(match keep {
        Some(keep) => SessionsEnded::AllBut(id, keep.to_owned()),
        None => SessionsEnded::AllOf(id),
    });
    state
        .store
        .audit(
            Some(caller.user.id),
            "sessions_revoked",
            &format!("user:{id}"),
            json!({"ended": ended, "kept_own": keep.is_some()}),
        )
        .await?;
    tracing::info!(user.id = id, by = caller.user.id, ended, "sessions ended");
    Ok(Json(EndedSessions { ended }))
}

/// End one session of a user (admins: anyone's; everyone: their own).
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions/{session_id}",
    params(("id" = i64, Path, description = "user id"),
           ("session_id" = String, Path, description = "the session's public id")),
    responses((status = 204), (status = 403), (status = 404)))]
async fn end_session(
    State(state): State<AppState>,
    caller: AgentSession,
    Path((id, session_id)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    may_manage(&caller, id)?;
    if !state.store.delete_user_session(id, &session_id).await? {
        return Err(ApiError::not_found(format!(
            "user {id} has no open session {session_id:?}; list them with GET /api/v1/users/{id}/sessions"
        )));
    }
    state
        .hub
        .end_sessions(SessionsEnded::One(session_id.clone()));
    state
        .store
        .audit(
            Some(caller.user.id),
            "session_revoked",
            &format!("user:{id}"),
            json!({"session": session_id}),
        )
        .await?;
    tracing::info!(user.id = id, by = caller.user.id, "session ended");
    Ok(StatusCode::NO_CONTENT)
}
