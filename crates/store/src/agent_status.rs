//! Agents' status over time (migration 0023), for the reports' online time:
//! one row per stretch an agent was online or away; offline (no console
//! open) has no row. The desk records a change when it works out a new
//! status (`kadesk_desk::routing::sync_status`) and marks the open stretches
//! as still seen on every sweep, so a stretch a stopped server left open
//! ends where it was last seen ([`Store::end_stale_agent_status`]).

use kadesk_domain::{AgentStatus, Millis};
use sqlx::Row;

use crate::{parse_col, Result, Store};

/// How long agents were online and away in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AgentTime {
    pub user_id: i64,
    /// Milliseconds online (taking new conversations).
    pub online_ms: i64,
    /// Milliseconds away (at the console, taking none).
    pub away_ms: i64,
}

impl Store {
    /// Agent `user_id`'s status is `status` from `at` on (`Offline` ends the
    /// stretch going on and starts none). Ends the open stretch unless it
    /// has the same status, in which case nothing changes; returns whether
    /// something did. A change dated before the open stretch began ends it
    /// where it began.
    pub async fn record_agent_status(
        &self,
        user_id: i64,
        status: AgentStatus,
        at: Millis,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let open = sqlx::query(
            "SELECT status FROM agent_status_spans WHERE user_id = $1 AND ended_at IS NULL",
        )
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
        let open: Vec<AgentStatus> = open
            .iter()
            .map(|r| parse_col(r, "status"))
            .collect::<Result<_>>()?;
        if open.is_empty() && status == AgentStatus::Offline || open == [status] {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE agent_status_spans SET \
             ended_at = CASE WHEN started_at > $1 THEN started_at ELSE $1 END, \
             seen_at = CASE WHEN started_at > $1 THEN started_at ELSE $1 END \
             WHERE user_id = $2 AND ended_at IS NULL",
        )
        .bind(at)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if status != AgentStatus::Offline {
            sqlx::query(
                "INSERT INTO agent_status_spans (user_id, status, started_at, seen_at) \
                 VALUES ($1, $2, $3, $3)",
            )
            .bind(user_id)
            .bind(status.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The open stretches are still going at `at`.
    pub async fn agent_status_seen(&self, at: Millis) -> Result<()> {
        sqlx::query(
            "UPDATE agent_status_spans SET seen_at = $1 WHERE ended_at IS NULL AND seen_at < $1",
        )
        .bind(at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Ends every open stretch where it was last seen: at start-up, before
    /// any agent connects, as no console of a stopped server is open any
    /// more. Returns how many it ended.
    pub async fn end_stale_agent_status(&self) -> Result<u64> {
        let done =
            sqlx::query("UPDATE agent_status_spans SET ended_at = seen_at WHERE ended_at IS NULL")
                .execute(&self.write)
                .await?;
        Ok(done.rows_affected())
    }

    /// Per agent, how long they were online and away within `[from, to)`
    /// (a stretch still open counts up to `now`); agents with neither are
    /// left out.
    pub async fn agent_time(
        &self,
        from: Millis,
        to: Millis,
        now: Millis,
    ) -> Result<Vec<AgentTime>> {
        // Each stretch clipped to the period: min(end, to) - max(start, from).
        let rows = sqlx::query(
            "SELECT user_id, status, CAST(SUM(\
             (CASE WHEN COALESCE(ended_at, $1) < $2 THEN COALESCE(ended_at, $1) ELSE $2 END) \
             - (CASE WHEN started_at > $3 THEN started_at ELSE $3 END)) AS BIGINT) AS ms \
             FROM agent_status_spans \
             WHERE started_at < $2 AND COALESCE(ended_at, $1) > $3 \
             GROUP BY user_id, status ORDER BY user_id",
        )
        .bind(now)
        .bind(to)
        .bind(from)
        .fetch_all(&self.read)
        .await?;
        let mut out: Vec<AgentTime> = Vec::new();
        for row in &rows {
            let user_id: i64 = row.try_get("user_id")?;
            let status: AgentStatus = parse_col(row, "status")?;
            let ms: Option<i64> = row.try_get("ms")?;
            let ms = ms.unwrap_or(0).max(0);
            if out.last().is_none_or(|t| t.user_id != user_id) {
                out.push(AgentTime {
                    user_id,
                    ..AgentTime::default()
                });
            }
            if let Some(t) = out.last_mut() {
                match status {
                    AgentStatus::Online => t.online_ms += ms,
                    AgentStatus::Away => t.away_ms += ms,
                    AgentStatus::Offline => {}
                }
            }
        }
        Ok(out)
    }

    /// Per agent, how many canned replies they inserted within `[from, to)`.
    pub async fn canned_uses_by_agent(&self, from: Millis, to: Millis) -> Result<Vec<(i64, u64)>> {
        let rows = sqlx::query(
            "SELECT user_id, COUNT(*) AS n FROM canned_reply_uses \
             WHERE used_at >= $1 AND used_at < $2 GROUP BY user_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let n: i64 = r.try_get("n")?;
                Ok((r.try_get("user_id")?, u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }
}
