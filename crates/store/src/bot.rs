//! The bot's storage: dialog state per conversation, handoffs (status,
//! priority, reasons, summary), refund requests for agents and A/B outcomes.

use kadesk_domain::{now_millis, Conversation, Priority};
use serde::Serialize;
use sqlx::Row;

use crate::conversations::fetch_conversation;
use crate::{Result, Store, StoreError};

/// A refund request the bot recorded for agents (never paid out by the bot).
#[derive(Debug, Clone, Serialize)]
pub struct RefundRequest {
    pub id: i64,
    pub conversation_id: i64,
    pub order_no: String,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub reason: String,
    pub status: String,
    pub created_at: i64,
}

/// How one conversation went with one A/B template variant.
#[derive(Debug, Clone, Serialize)]
pub struct BotOutcome {
    pub conversation_id: i64,
    pub template_id: String,
    pub variant: String,
    /// `solved`, `handed_off` or `rated`.
    pub outcome: String,
    pub stars: Option<i64>,
    pub created_at: i64,
}

impl Store {
    /// The bot's stored dialog state (JSON) for a conversation.
    pub async fn bot_state(&self, conversation_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT state FROM bot_states WHERE conversation_id = $1")
            .bind(conversation_id)
            .fetch_optional(&self.write)
            .await?;
        Ok(row.map(|r| r.try_get("state")).transpose()?)
    }

    /// Stores the bot's dialog state (JSON) for a conversation.
    pub async fn set_bot_state(&self, conversation_id: i64, state: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO bot_states (conversation_id, state, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (conversation_id) DO UPDATE SET state = $2, updated_at = $3",
        )
        .bind(conversation_id)
        .bind(state)
        .bind(now_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Puts a conversation in the queue for a person: status `queued`, no
    /// assignee, the priority level (`Priority::level`; levels above
    /// urgent are stored as urgent), the reasons (codes) and the summary (JSON).
    pub async fn hand_off(
        &self,
        conversation_id: i64,
        reasons: &[&str],
        priority: i64,
        summary: &serde_json::Value,
    ) -> Result<Conversation> {
        let reasons = serde_json::to_string(reasons)
            .map_err(|e| StoreError::Corrupt(format!("reasons: {e}")))?;
        self.set_handoff(
            conversation_id,
            "queued",
            Priority::from_level(priority).level(),
            Some(reasons),
            Some(summary.to_string()),
        )
        .await
    }

    /// Gives a conversation back to the bot: status `bot`, no assignee,
    /// normal priority, handoff details cleared.
    pub async fn hand_back(&self, conversation_id: i64) -> Result<Conversation> {
        self.set_handoff(conversation_id, "bot", Priority::Normal.level(), None, None)
            .await
    }

    async fn set_handoff(
        &self,
        id: i64,
        status: &str,
        priority: i64,
        reasons: Option<String>,
        summary: Option<String>,
    ) -> Result<Conversation> {
        let now = now_millis();
        let event = if reasons.is_some() {
            "handoff"
        } else {
            "handback"
        };
        let detail = reasons.clone();
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE conversations SET status = $1, priority = $2, handoff_reasons = $3, \
             handoff_summary = $4, assignee_id = NULL, updated_at = $5, queued_at = NULL \
             WHERE id = $6 AND status <> 'closed'",
        )
        .bind(status)
        .bind(priority)
        .bind(reasons)
        .bind(summary)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let conversation = fetch_conversation(&mut *tx, id).await?;
            return Err(StoreError::Closed(conversation.id));
        }
        let conversation = fetch_conversation(&mut *tx, id).await?;
        crate::events::record_event(&mut tx, id, now, event, None, detail.as_deref()).await?;
        tx.commit().await?;
        Ok(conversation)
    }

    /// Records a refund request for agents to review.
    pub async fn record_refund_request(
        &self,
        conversation_id: i64,
        order_no: &str,
        amount: Option<&str>,
        currency: Option<&str>,
        reason: &str,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO refund_requests (conversation_id, order_no, amount, currency, reason, \
             status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id",
        )
        .bind(conversation_id)
        .bind(order_no)
        .bind(amount)
        .bind(currency)
        .bind(reason)
        .bind(now_millis())
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// A conversation's refund requests, oldest first.
    pub async fn refund_requests(&self, conversation_id: i64) -> Result<Vec<RefundRequest>> {
        let rows = sqlx::query(
            "SELECT id, conversation_id, order_no, amount, currency, reason, status, created_at \
             FROM refund_requests WHERE conversation_id = $1 ORDER BY id",
        )
        .bind(conversation_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RefundRequest {
                    id: r.try_get("id")?,
                    conversation_id: r.try_get("conversation_id")?,
                    order_no: r.try_get("order_no")?,
                    amount: r.try_get("amount")?,
                    currency: r.try_get("currency")?,
                    reason: r.try_get("reason")?,
                    status: r.try_get("status")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Records how a conversation went with an A/B template variant.
    pub async fn record_bot_outcome(
        &self,
        conversation_id: i64,
        template_id: &str,
        variant: &str,
        outcome: &str,
        stars: Option<i64>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO bot_outcomes (conversation_id, template_id, variant, outcome, stars, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(conversation_id)
        .bind(template_id)
        .bind(variant)
        .bind(outcome)
        .bind(stars)
        .bind(now_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A conversation's recorded outcomes, oldest first.
    pub async fn bot_outcomes(&self, conversation_id: i64) -> Result<Vec<BotOutcome>> {
        let rows = sqlx::query(
            "SELECT conversation_id, template_id, variant, outcome, stars, created_at \
             FROM bot_outcomes WHERE conversation_id = $1 ORDER BY id",
        )
        .bind(conversation_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BotOutcome {
                    conversation_id: r.try_get("conversation_id")?,
                    template_id: r.try_get("template_id")?,
                    variant: r.try_get("variant")?,
                    outcome: r.try_get("outcome")?,
                    stars: r.try_get("stars")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}
