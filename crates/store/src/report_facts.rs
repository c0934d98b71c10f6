//! Keeping the report facts of each conversation (read by `reports`) (the `rf_*` columns of
//! migration 0021, and its `conversation_labels`), inside the transaction of
//! the change that moves them:
//!
//! - a conversation event (handoff, resolve, reopen, …) and an agent's
//!   message recompute the conversation's facts from its events and messages
//!   ([`recompute`]: a few index look-ups, the same statement migration 0021
//!   filled them with);
//! - a new conversation is the buyer's return for their earlier resolved
//!   ones ([`conversation_started`]);
//! - a buyer's picture and its reading set the screenshot flags;
//! - a case's tags, intents and products become labels ([`set_labels`]),
//!   and the buyer's conversations are recomputed: a shared tag or intent
//!   makes a later conversation the return about the same problem.

use sqlx::AnyConnection;

use crate::Result;

/// Recomputes every event- and message-derived fact of the conversations
/// the appended `WHERE` selects (migration 0021 runs the same statement).
pub(crate) const RECOMPUTE: &str = include_str!("report_facts.sql");

/// Recomputes conversation `id`'s facts inside the caller's transaction.
pub(crate) async fn recompute(conn: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query(&format!("{RECOMPUTE} WHERE id = $1"))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Conversation `id` of `contact_id` started at `at`: it is the buyer's next
/// conversation for each earlier one resolved at or before `at` that has no
/// earlier next one.
pub(crate) async fn conversation_started(
    conn: &mut AnyConnection,
    contact_id: i64,
    id: i64,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET rf_next_contact_at = $1 \
         WHERE contact_id = $2 AND id <> $3 AND rf_first_resolved_at IS NOT NULL \
         AND rf_first_resolved_at <= $1 \
         AND (rf_next_contact_at IS NULL OR rf_next_contact_at > $1)",
    )
    .bind(at)
    .bind(contact_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A buyer sent a picture in conversation `id`.
pub(crate) async fn screenshot_sent(conn: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query("UPDATE conversations SET rf_screenshot = 1 WHERE id = $1 AND rf_screenshot = 0")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A picture of conversation `id` was read automatically.
pub(crate) async fn screenshot_read(conn: &mut AnyConnection, id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE conversations SET rf_screenshot_read = 1 WHERE id = $1 AND rf_screenshot_read = 0",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces conversation `id`'s labels of `kind` (`tag`, `intent`,
/// `product`) with `labels` (blank ones and repeats left out).
pub(crate) async fn set_labels(
    conn: &mut AnyConnection,
    id: i64,
    kind: &str,
    labels: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM conversation_labels WHERE conversation_id = $1 AND kind = $2")
        .bind(id)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    for label in labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if !seen.insert(label) {
            continue;
        }
        sqlx::query(
            "INSERT INTO conversation_labels (conversation_id, kind, label) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(kind)
        .bind(label)
        .execute(&mut *conn)
        .await?;
    }
    // A shared label makes one of the buyer's conversations the return
    // "about the same problem" of an earlier one: theirs are recomputed.
    sqlx::query(&format!(
        "{RECOMPUTE} WHERE contact_id = (SELECT contact_id FROM conversations WHERE id = $1)"
    ))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
