//! The language model's use per UTC day and purpose, added to after every
//! call (one upsert), for the admins' token and cost figures and for the
//! daily budget after a restart. Never any text.

use sqlx::Row;

use crate::{Result, Store};

/// One model call, as counted.
#[derive(Debug, Clone, Copy, Default)]
pub struct LlmCallCount<'a> {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// `grounded_answer`, `suggest_reply`, `handoff_summary`.
    pub purpose: &'a str,
    /// Whether the model gave usable text.
    pub answered: bool,
    pub tokens: i64,
    /// Tokens × the price in fen per million tokens.
    pub cost_micro_fen: i64,
    pub prompt_chars: i64,
    pub latency_ms: i64,
}

/// The sums of one day and purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmUsageRow {
    pub day: i64,
    pub purpose: String,
    pub calls: i64,
    pub answered: i64,
    pub tokens: i64,
    pub cost_micro_fen: i64,
    pub prompt_chars: i64,
    pub latency_ms: i64,
}

impl Store {
    /// Adds one call to its day's sums.
    pub async fn add_llm_call(&self, c: &LlmCallCount<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO llm_usage (day, purpose, calls, answered, tokens, cost_micro_fen, prompt_chars, latency_ms) \
             VALUES ($1, $2, 1, $3, $4, $5, $6, $7) \
             ON CONFLICT (day, purpose) DO UPDATE SET calls = llm_usage.calls + 1, \
             answered = llm_usage.answered + excluded.answered, \
             tokens = llm_usage.tokens + excluded.tokens, \
             cost_micro_fen = llm_usage.cost_micro_fen + excluded.cost_micro_fen, \
             prompt_chars = llm_usage.prompt_chars + excluded.prompt_chars, \
             latency_ms = llm_usage.latency_ms + excluded.latency_ms",
        )
        .bind(c.day)
        .bind(c.purpose)
        .bind(i64::from(c.answered))
        .bind(c.tokens)
        .bind(c.cost_micro_fen)
        .bind(c.prompt_chars)
        .bind(c.latency_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The sums of the days from `from_day` on, newest day first.
    pub async fn llm_usage(&self, from_day: i64) -> Result<Vec<LlmUsageRow>> {
        let rows = sqlx::query(
            "SELECT day, purpose, calls, answered, tokens, cost_micro_fen, prompt_chars, latency_ms \
             FROM llm_usage WHERE day >= $1 ORDER BY day DESC, purpose",
        )
        .bind(from_day)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LlmUsageRow {
                    day: r.try_get("day")?,
                    purpose: r.try_get("purpose")?,
                    calls: r.try_get("calls")?,
                    answered: r.try_get("answered")?,
                    tokens: r.try_get("tokens")?,
                    cost_micro_fen: r.try_get("cost_micro_fen")?,
                    prompt_chars: r.try_get("prompt_chars")?,
                    latency_ms: r.try_get("latency_ms")?,
                })
            })
            .collect()
    }
}
