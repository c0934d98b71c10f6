//! Console users and their sessions. Passwords arrive already hashed (the
//! server hashes with argon2 off the async runtime); session tokens are stored
//! only as their SHA-256. Each session also has a short random public id that
//! names it in listings and revocations, so neither the token nor its hash
//! ever leaves the server.
//!
//! A disabled user cannot sign in and has no sessions: disabling, enabling
//! and setting a password end every session of the user in the same
//! transaction.

use kadesk_domain::{now_millis, Role, User};
use rand::Rng;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::found;
use crate::{is_unique_violation, parse_col, Result, Store, StoreError};

const USER_COLUMNS: &str = "id, username, display_name, role, created_at, disabled_at";

/// Columns of a session listing (never the token hash).
const SESSION_COLUMNS: &str =
    "public_id, user_id, created_at, last_used_at, expires_at, ip, user_agent";

/// A user together with the hash of their password, for signing in.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub password_hash: String,
}

/// Where a session was opened from, as the sign-in request said.
#[derive(Debug, Clone, Default)]
pub struct SessionOrigin {
    /// The client's address.
    pub ip: Option<String>,
    /// The browser's `User-Agent`, shortened.
    pub user_agent: Option<String>,
}

/// A console session as listings show it: never the token or its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session's public id (16 hex characters).
    pub id: String,
    /// Whose session it is.
    pub user_id: i64,
    /// When it was opened (sign-in).
    pub created_at: i64,
    /// When it was last used, to within a few minutes (`None`: not since sign-in).
    pub last_used_at: Option<i64>,
    /// When it ends by itself.
    pub expires_at: i64,
    /// The address it was opened from.
    pub ip: Option<String>,
    /// The browser it was opened with.
    pub user_agent: Option<String>,
}

/// The session behind a token, with its user.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub user: User,
    pub session: SessionInfo,
}

fn user_from_row(row: &AnyRow) -> Result<User> {
    let disabled_at: Option<i64> = row.try_get("disabled_at")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: parse_col(row, "role")?,
        created_at: row.try_get("created_at")?,
        disabled: disabled_at.is_some(),
    })
}

fn session_from_row(row: &AnyRow) -> Result<SessionInfo> {
    Ok(SessionInfo {
        id: row.try_get("public_id")?,
        user_id: row.try_get("user_id")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        expires_at: row.try_get("expires_at")?,
        ip: row.try_get("ip")?,
        user_agent: row.try_get("user_agent")?,
    })
}

/// A new public session id: 64 random bits as 16 hex characters.
fn new_public_id() -> String {
    format!("{:016x}", rand::thread_rng().gen::<u64>())
}

impl Store {
    /// Adds a user. A taken user name is a [`StoreError::Conflict`] naming it.
    pub async fn create_user(
        &self,
        username: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User> {
        let row = sqlx::query(&format!(
            "INSERT INTO users (username, display_name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {USER_COLUMNS}"
        ))
        .bind(username)
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now_millis())
        .fetch_one(&self.write)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict {
                    field: "username",
                    value: username.to_owned(),
                }
            } else {
                e.into()
            }
        })?;
        user_from_row(&row)
    }

    /// Replaces a user's password hash and ends every session of the user
    /// (one transaction); answers how many sessions ended.
    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        found(done.rows_affected(), "user", user_id)?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(ended)
    }

    /// Gives a user another role (takes effect on their next request).
    pub async fn set_user_role(&self, user_id: i64, role: kadesk_domain::Role) -> Result<User> {
        let row = sqlx::query(&format!(
            "UPDATE users SET role = $1 WHERE id = $2 RETURNING {USER_COLUMNS}"
        ))
        .bind(role.as_str())
        .bind(user_id)
        .fetch_optional(&self.write)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "user",
            id: user_id.to_string(),
        })?;
        user_from_row(&row)
    }

    /// Disables a user (they cannot sign in) or enables them again. Both
    /// end every session of the user in the same transaction; answers the
    /// user and how many sessions ended.
    pub async fn set_user_disabled(&self, user_id: i64, disabled: bool) -> Result<(User, u64)> {
        let mut tx = self.write.begin().await?;
        // Keep the first disabling time when disabled twice.
        let row = sqlx::query(&format!(
            "UPDATE users SET disabled_at = CASE WHEN $1 = 1 THEN COALESCE(disabled_at, $2) END \
             WHERE id = $3 RETURNING {USER_COLUMNS}"
        ))
        .bind(i64::from(disabled))
        .bind(now_millis())
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "user",
            id: user_id.to_string(),
        })?;
        let user = user_from_row(&row)?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok((user, ended))
    }

    /// An enabled user with their password hash, by user name. A disabled
    /// user is not returned: to sign-in they do not exist.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<SessionUser>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users \
             WHERE username = $1 AND disabled_at IS NULL"
        ))
        .bind(username)
        .fetch_optional(&self.read)
        .await?;
        row.map(|row| {
            Ok(SessionUser {
                user: user_from_row(&row)?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// A user by user name, disabled or not.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// A user by id.
    pub async fn user(&self, id: i64) -> Result<User> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "user",
                id: id.to_string(),
            })?;
        user_from_row(&row)
    }

    /// Every user, by id.
    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// How many users exist.
    pub async fn user_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Stores a new session under the hash of its token; answers its public id.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: i64,
    ) -> Result<String> {
        self.create_session_from(token_hash, user_id, expires_at, &SessionOrigin::default())
            .await
    }

    /// Stores a new session, with where it was opened from; answers its
    /// public id.
    pub async fn create_session_from(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: i64,
        origin: &SessionOrigin,
    ) -> Result<String> {
        let public_id = new_public_id();
        sqlx::query(
            "INSERT INTO sessions (token_hash, public_id, user_id, created_at, expires_at, ip, user_agent) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_hash)
        .bind(&public_id)
        .bind(user_id)
        .bind(now_millis())
        .bind(expires_at)
        .bind(origin.ip.as_deref())
        .bind(origin.user_agent.as_deref())
        .execute(&self.write)
        .await?;
        Ok(public_id)
    }

    /// The user of an unexpired session of an enabled user.
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<User>> {
        Ok(self.session(token_hash).await?.map(|s| s.user))
    }

    /// The unexpired session behind a token hash, with its (enabled) user.
    pub async fn session(&self, token_hash: &str) -> Result<Option<ActiveSession>> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.role, u.created_at, u.disabled_at, \
                    s.public_id, s.user_id, s.created_at AS session_created_at, s.last_used_at, \
                    s.expires_at, s.ip, s.user_agent \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(ActiveSession {
            user: user_from_row(&row)?,
            session: SessionInfo {
                id: row.try_get("public_id")?,
                user_id: row.try_get("user_id")?,
                created_at: row.try_get("session_created_at")?,
                last_used_at: row.try_get("last_used_at")?,
                expires_at: row.try_get("expires_at")?,
                ip: row.try_get("ip")?,
                user_agent: row.try_get("user_agent")?,
            },
        }))
    }

    /// Whether the session with this public id is still open (unexpired,
    /// its user enabled).
    pub async fn session_open(&self, public_id: &str) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS one FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.public_id = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(public_id)
        .bind(now_millis())
        .fetch_optional(&self.read)
        .await?;
        Ok(row.is_some())
    }

    /// Notes that a session was used now.
    pub async fn touch_session(&self, public_id: &str) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE public_id = $2")
            .bind(now_millis())
            .bind(public_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// A user's unexpired sessions, newest first.
    pub async fn user_sessions(&self, user_id: i64) -> Result<Vec<SessionInfo>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, public_id"
        ))
        .bind(user_id)
        .bind(now_millis())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(session_from_row).collect()
    }

    /// Ends one session of a user by its public id; false when the user
    /// has no such session.
    pub async fn delete_user_session(&self, user_id: i64, public_id: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id = $2")
            .bind(user_id)
            .bind(public_id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of a user but `keep` (a public id); answers how
    /// many ended.
    pub async fn delete_user_sessions(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        let done = match keep {
            Some(keep) => {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id <> $2")
                    .bind(user_id)
                    .bind(keep)
                    .execute(&self.write)
                    .await?
            }
            None => {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&self.write)
                    .await?
            }
        };
        Ok(done.rows_affected())
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
