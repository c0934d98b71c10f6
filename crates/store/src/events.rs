//! The conversation events the desk records as they happen, inside the
//! transaction of the change itself: `handoff` (detail: the JSON array of
//! reason codes), `handback`, `assigned`, `unassigned`, `resolved`,
//! `reopened`. Each recomputes the conversation's report facts in the same
//! transaction (see `report_facts`, docs/reports.md).

use sqlx::AnyConnection;

use crate::Result;

/// Records one conversation event inside the caller's transaction, and
/// the conversation's report facts it moves.
pub(crate) async fn record_event(
    conn: &mut AnyConnection,
    conversation_id: i64,
    at: i64,
    kind: &str,
    actor_id: Option<i64>,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO conversation_events (conversation_id, at, kind, actor_id, detail) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(conversation_id)
    .bind(at)
    .bind(kind)
    .bind(actor_id)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    crate::report_facts::recompute(conn, conversation_id).await
}
