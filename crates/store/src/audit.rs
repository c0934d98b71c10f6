//! The audit log: who did what sensitive thing, when. Details are JSON and
//! must never hold a secret (password, token, card key).

use kadesk_domain::now_millis;
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store};

/// One audit-log entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: serde_json::Value,
}

impl Store {
    /// Records a sensitive action.
    pub async fn audit(
        &self,
        actor_id: Option<i64>,
        action: &str,
        target: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(now_millis())
        .bind(actor_id)
        .bind(action)
        .bind(target)
        .bind(detail.to_string())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Audit entries matching `filter`, newest first, at most `limit`.
    pub async fn audit_search(&self, filter: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, action, target, detail FROM audit_log \
             WHERE ($1 IS NULL OR actor_id = $1) AND ($2 IS NULL OR action = $2) \
             AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4) \
             AND ($5 IS NULL OR id < $5) \
             ORDER BY id DESC LIMIT $6",
        )
        .bind(filter.actor_id)
        .bind(filter.action.as_deref())
        .bind(filter.since)
        .bind(filter.until)
        .bind(filter.before_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The actions found in the audit log, for a filter's choices.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>("action").map_err(Into::into))
            .collect()
    }

    /// The newest audit entries, newest first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, action, target, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    let detail: String = row.try_get("detail")?;
    Ok(AuditEntry {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor_id: row.try_get("actor_id")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
    })
}

/// Which audit entries to read; `None` leaves a criterion out.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Who did it.
    pub actor_id: Option<i64>,
    /// What (`card_key_revealed` …).
    pub action: Option<String>,
    /// From this time (Unix ms, inclusive).
    pub since: Option<i64>,
    /// Until this time (Unix ms, exclusive).
    pub until: Option<i64>,
    /// Older than this entry (the next page).
    pub before_id: Option<i64>,
}
