//! Canned replies: shared ones (no owner) and each agent's personal ones,
//! with a shortcut unique among the shared ones and among one agent's own.
//! [`Store::use_canned_reply`] counts a use on the reply and keeps it as an
//! event (`canned_reply_uses`) for reports; events outlive a deleted reply.

use kadesk_domain::{Millis, ReplyLanguage};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::Sql;
use crate::{found, is_unique_violation, parse_col, Result, Store, StoreError};

/// A canned reply as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedReply {
    pub id: i64,
    /// The agent it belongs to; `None`: shared by everyone.
    pub owner_id: Option<i64>,
    /// What the agent types after `/` (`退款`).
    pub shortcut: String,
    pub title: String,
    /// The text, with `{buyer_name}`-style variables.
    pub body: String,
    pub language: ReplyLanguage,
    /// Times agents inserted it.
    pub use_count: i64,
    pub last_used_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// What an editor gives: every field but the id, the owner, the counts and times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedDraft {
    pub shortcut: String,
    pub title: String,
    pub body: String,
    pub language: ReplyLanguage,
}

/// Which canned replies to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CannedFilter {
    /// The shared ones and this agent's own (`None`: only the shared ones).
    pub user_id: Option<i64>,
    /// Only the personal ones of `user_id` (true) or only the shared ones (false).
    pub personal: Option<bool>,
    /// Text in the shortcut, title or body (case-insensitive).
    pub q: Option<String>,
    pub language: Option<ReplyLanguage>,
    pub limit: i64,
}

const COLUMNS: &str = "id, owner_id, shortcut, title, body, language, use_count, last_used_at, \
     created_at, updated_at";

fn from_row(row: &AnyRow) -> Result<CannedReply> {
    Ok(CannedReply {
        id: row.try_get("id")?,
        owner_id: row.try_get("owner_id")?,
        shortcut: row.try_get("shortcut")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        language: parse_col(row, "language")?,
        use_count: row.try_get("use_count")?,
        last_used_at: row.try_get("last_used_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn taken(e: sqlx::Error, shortcut: &str) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict {
            field: "shortcut",
            value: shortcut.to_owned(),
        }
    } else {
        StoreError::Database(e)
    }
}

impl Store {
    /// Canned replies matching `filter`: most used first, then by shortcut.
    pub async fn canned_replies(&self, filter: &CannedFilter) -> Result<Vec<CannedReply>> {
        let mut sql = Sql::new(format!("SELECT {COLUMNS} FROM canned_replies WHERE "));
        match (filter.user_id, filter.personal) {
            (Some(user), Some(true)) => {
                sql.push("owner_id = ").bind(user);
            }
            (Some(user), None) => {
                sql.push("(owner_id IS NULL OR owner_id = ")
                    .bind(user)
                    .push(")");
            }
            (None, Some(true)) => {
                sql.push("1 = 0");
            }
            (_, Some(false) | None) => {
                sql.push("owner_id IS NULL");
            }
        }
        if let Some(language) = filter.language {
            sql.push(" AND language = ")
                .bind(language.as_str().to_owned());
        }
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let pattern = format!(
                "%{}%",
                q.to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            sql.push(" AND (LOWER(shortcut) LIKE ").bind(pattern);
            let p = sql.last();
            sql.push(" ESCAPE '\\' OR LOWER(title) LIKE ")
                .push_again(&p)
                .push(" ESCAPE '\\' OR LOWER(body) LIKE ")
                .push_again(&p)
                .push(" ESCAPE '\\')");
        }
        sql.push(" ORDER BY use_count DESC, shortcut, id LIMIT ")
            .bind(filter.limit);
        let rows = sql.query()?.fetch_all(&self.read).await?;
        rows.iter().map(from_row).collect()
    }

    /// One canned reply.
    pub async fn canned_reply(&self, id: i64) -> Result<CannedReply> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM canned_replies WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(row) => from_row(&row),
            None => Err(StoreError::NotFound {
                what: "canned reply",
                id: id.to_string(),
            }),
        }
    }

    /// Adds a canned reply, shared (`owner_id` `None`) or personal. A
    /// shortcut taken in the same scope is a [`StoreError::Conflict`].
    pub async fn create_canned_reply(
        &self,
        owner_id: Option<i64>,
        draft: &CannedDraft,
        now: Millis,
    ) -> Result<CannedReply> {
        let row = sqlx::query(&format!(
            "INSERT INTO canned_replies (owner_id, shortcut, title, body, language, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {COLUMNS}"
        ))
        .bind(owner_id)
        .bind(&draft.shortcut)
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(draft.language.as_str())
        .bind(now)
        .fetch_one(&self.write)
        .await
        .map_err(|e| taken(e, &draft.shortcut))?;
        from_row(&row)
    }

    /// Replaces a canned reply's text, shortcut and language.
    pub async fn update_canned_reply(
        &self,
        id: i64,
        draft: &CannedDraft,
        now: Millis,
    ) -> Result<CannedReply> {
        let row = sqlx::query(&format!(
            "UPDATE canned_replies SET shortcut = $1, title = $2, body = $3, language = $4, updated_at = $5 \
             WHERE id = $6 RETURNING {COLUMNS}"
        ))
        .bind(&draft.shortcut)
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(draft.language.as_str())
        .bind(now)
        .bind(id)
        .fetch_optional(&self.write)
        .await
        .map_err(|e| taken(e, &draft.shortcut))?;
        match row {
            Some(row) => from_row(&row),
            None => Err(StoreError::NotFound {
                what: "canned reply",
                id: id.to_string(),
            }),
        }
    }

    /// Removes a canned reply (its use events stay).
    pub async fn delete_canned_reply(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM canned_replies WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        found(done.rows_affected(), "canned reply", id)
    }

    /// Counts one use of a canned reply by `user_id` (in `conversation_id`,
    /// when known), in one transaction; answers the reply as counted.
    pub async fn use_canned_reply(
        &self,
        id: i64,
        user_id: i64,
        conversation_id: Option<i64>,
        now: Millis,
    ) -> Result<CannedReply> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE canned_replies SET use_count = use_count + 1, last_used_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        found(done.rows_affected(), "canned reply", id)?;
        sqlx::query(
            "INSERT INTO canned_reply_uses (canned_reply_id, user_id, conversation_id, used_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(user_id)
        .bind(conversation_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM canned_replies WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        from_row(&row)
    }

    /// Uses of canned replies in `[from, to)`: (reply id, uses), most used first.
    pub async fn canned_reply_uses(&self, from: Millis, to: Millis) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT canned_reply_id, COUNT(*) AS uses FROM canned_reply_uses \
             WHERE used_at >= $1 AND used_at < $2 GROUP BY canned_reply_id \
             ORDER BY uses DESC, canned_reply_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("canned_reply_id")?, r.try_get("uses")?)))
            .collect()
    }
}
