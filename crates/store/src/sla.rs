//! What the response-time promises (SLAs) read and write: every conversation
//! waiting for or held by a person, with when its clock started and when a
//! person first answered, and the breach of a target, stored once per wait.
//!
//! A clock starts when the conversation last began waiting for a person:
//! its latest `handoff` or `reopened` event, else its creation (opened
//! queued with the bot off). The first agent message at or after that start
//! is its first response. A breach is a `sla_breached` conversation event
//! (detail: the target's wire name) at or after the start, so each target
//! escalates once per wait.

use kadesk_domain::{Millis, Priority, SlaTarget};
use sqlx::Row;

use crate::{found, Result, Store};

/// One open conversation's SLA clock, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClock {
    pub id: i64,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    /// The team whose line it is in (its hours count).
    pub team_id: Option<i64>,
    /// When it began waiting for a person.
    pub started_at: Millis,
    /// The first agent message since then.
    pub first_response_at: Option<Millis>,
    /// Targets already breached (and escalated) in this wait.
    pub breached: Vec<SlaTarget>,
}

const CLOCKS: &str = "SELECT f.*, \
     (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = f.id \
        AND m.sender = 'agent' AND m.created_at >= f.started_at) AS first_response_at, \
     (SELECT COUNT(*) FROM conversation_events e WHERE e.conversation_id = f.id \
        AND e.kind = 'sla_breached' AND e.detail = 'first_response' AND e.at >= f.started_at) \
        AS breached_first, \
     (SELECT COUNT(*) FROM conversation_events e WHERE e.conversation_id = f.id \
        AND e.kind = 'sla_breached' AND e.detail = 'resolution' AND e.at >= f.started_at) \
        AS breached_resolution \
   FROM (SELECT c.id, c.priority, c.assignee_id, c.team_id, \
        COALESCE((SELECT MAX(e.at) FROM conversation_events e WHERE e.conversation_id = c.id \
           AND e.kind IN ('handoff', 'reopened')), c.created_at) AS started_at \
      FROM conversations c WHERE c.status IN ('queued', 'assigned')) f \
   ORDER BY f.id";

impl Store {
    /// The SLA clock of every conversation waiting for or held by a person.
    pub async fn sla_clocks(&self) -> Result<Vec<SlaClock>> {
        let rows = sqlx::query(CLOCKS).fetch_all(&self.read).await?;
        rows.iter()
            .map(|row| {
                let mut breached = Vec::new();
                if row.try_get::<i64, _>("breached_first")? > 0 {
                    breached.push(SlaTarget::FirstResponse);
                }
                if row.try_get::<i64, _>("breached_resolution")? > 0 {
                    breached.push(SlaTarget::Resolution);
                }
                Ok(SlaClock {
                    id: row.try_get("id")?,
                    priority: Priority::from_level(row.try_get("priority")?),
                    assignee_id: row.try_get("assignee_id")?,
                    team_id: row.try_get("team_id")?,
                    started_at: row.try_get("started_at")?,
                    first_response_at: row.try_get("first_response_at")?,
                    breached,
                })
            })
            .collect()
    }

    /// Records that conversation `id` missed `target` at `now`, in one
    /// transaction with its escalation: the priority raised to `raise_to`
    /// (when given), and, with `requeue = Some(since)`, the conversation
    /// taken from its agent and put back in its team's line as waiting since
    /// `since` (its place is kept: the buyer has waited all along).
    /// `NotFound` when it no longer waits for or is held by a person.
    pub async fn record_sla_breach(
        &self,
        id: i64,
        target: SlaTarget,
        now: Millis,
        raise_to: Option<Priority>,
        requeue: Option<Millis>,
    ) -> Result<kadesk_domain::Conversation> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE conversations SET priority = COALESCE($1, priority), updated_at = $2 \
             WHERE id = $3 AND status IN ('queued', 'assigned')",
        )
        .bind(raise_to.map(Priority::level))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        found(done.rows_affected(), "waiting or assigned conversation", id)?;
        crate::events::record_event(
            &mut tx,
            id,
            now,
            "sla_breached",
            None,
            Some(target.as_str()),
        )
        .await?;
        if let Some(since) = requeue {
            let moved = sqlx::query(
                "UPDATE conversations SET status = 'queued', assignee_id = NULL, queued_at = $1 \
                 WHERE id = $2 AND status = 'assigned'",
            )
            .bind(since)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() == 1 {
                crate::events::record_event(&mut tx, id, now, "unassigned", None, None).await?;
            }
        }
        let conversation = crate::conversations::fetch_conversation(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(conversation)
    }
}
