//! Console users.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use kadesk_domain::{Role, User};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

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

pub fn router() -> Router<AppState> {
    Router::new().route("/users", get(list).post(create))
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
    username: String,
    display_name: String,
    role: Role,
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
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::validation(format!(
            "password must be at least {MIN_PASSWORD_CHARS} characters"
        )));
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
