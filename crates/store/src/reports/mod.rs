//! What reports read: the facts kept on each conversation as it changes
//! (`report_facts`, migration 0021), added up per view in SQL (`views`); one row of
//! facts per conversation for tests and tools; and a bulk import of whole
//! histories with their own times (benchmarks, demo data, tests).
//! The definitions are in `docs/reports.md`.

use kadesk_domain::{Conversation, SenderKind};
use sqlx::Row;

mod views;

pub use views::{GroupFacts, LabelKind, OpenWindow, ReportGroup};

use crate::conversations::{conversation_from_row, CONVERSATION_SELECT};
use crate::sql::Sql;
use crate::{Result, Store};

/// Which conversations a report covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportScope {
    /// Created at or after (Unix ms).
    pub from: i64,
    /// Created before (Unix ms).
    pub to: i64,
    /// Only this channel (its wire name).
    pub channel: Option<String>,
    /// Only conversations this agent is assigned to (`0`: unassigned ones).
    pub agent: Option<i64>,
    /// Only conversations routed to this team (`0`: never routed to one).
    pub team: Option<i64>,
    /// Only conversations with (`true`) or without a screenshot.
    pub screenshot: Option<bool>,
    /// Only conversations with this label of the case memory.
    pub label: Option<(LabelKind, String)>,
}

/// What happened to one conversation, as reports need it (times Unix ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationFacts {
    pub id: i64,
    pub contact_id: i64,
    pub channel: String,
    pub created_at: i64,
    /// Opened with the bot (`opened_status` `bot`, or unknown).
    pub bot: bool,
    pub assignee_id: Option<i64>,
    /// The first handoff and its reason codes.
    pub handoff_at: Option<i64>,
    pub handoff_reasons: Vec<String>,
    /// When it started waiting for a person (docs/reports.md).
    pub wait_start: Option<i64>,
    /// The first agent message at or after `wait_start`.
    pub first_response_at: Option<i64>,
    pub first_resolved_at: Option<i64>,
    pub last_resolved_at: Option<i64>,
    /// Resolved or closed now.
    pub resolved_now: bool,
    pub first_reopened_at: Option<i64>,
    /// The contact's next conversation created at or after the first resolve.
    pub next_contact_at: Option<i64>,
    /// Distinct agents who wrote in it.
    pub agents: i64,
    pub rating_stars: Option<i64>,
    /// A buyer sent a picture; one was read automatically.
    pub screenshot: bool,
    pub screenshot_read: bool,
}

/// One conversation of an imported history ([`Store::import_histories`]).
#[derive(Debug, Clone)]
pub struct History {
    pub contact_id: i64,
    pub channel: String,
    /// `bot` or `queued`.
    pub opened_status: String,
    /// The status now.
    pub status: String,
    pub assignee_id: Option<i64>,
    pub created_at: i64,
    pub rating_stars: Option<i64>,
    pub messages: Vec<HistoryMessage>,
    pub events: Vec<HistoryEvent>,
    /// The team it was routed to.
    pub team_id: Option<i64>,
    /// Its case's labels (problem tags, intents, products).
    pub labels: Vec<(LabelKind, String)>,
}

/// One message of an imported history.
#[derive(Debug, Clone)]
pub struct HistoryMessage {
    pub sender: SenderKind,
    pub sender_id: Option<i64>,
    pub text: String,
    pub at: i64,
}

/// One event of an imported history (`kind` as in the module doc).
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    pub kind: String,
    pub at: i64,
    pub actor_id: Option<i64>,
    /// For a handoff: its reason codes.
    pub reasons: Vec<String>,
}

/// Rows per multi-row INSERT (well under both backends' argument limits).
const IMPORT_ROWS: usize = 500;

const FACTS: &str = "SELECT c.id, c.contact_id, c.channel, c.created_at, c.status, \
     c.assignee_id, c.rating_stars, COALESCE(c.opened_status, 'bot') AS opened, \
     c.rf_handoff_at, c.rf_handoff_reasons, c.rf_wait_start, c.rf_first_response_at, \
     c.rf_first_resolved_at, c.rf_last_resolved_at, c.rf_first_reopened_at, \
     c.rf_next_contact_at, c.rf_agents, c.rf_screenshot, c.rf_screenshot_read";

impl Store {
    /// One row of facts per conversation in the scope, oldest first (for
    /// tests and tools: a view adds them up with [`Store::report_groups`]).
    pub async fn report_facts(&self, scope: &ReportScope) -> Result<Vec<ConversationFacts>> {
        let mut sql = Sql::new(FACTS);
        views::from_scope(&mut sql, scope, ReportGroup::All);
        sql.push(" ORDER BY c.created_at, c.id");
        let rows = sql.query()?.fetch_all(&self.read).await?;
        rows.iter().map(facts_from_row).collect()
    }

    /// Conversations waiting in the queue for a person, and how long the
    /// one waiting longest has waited at `now` (ms; 0 when none waits).
    pub async fn queue_stats(&self, now: i64) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(COALESCE((SELECT MAX(e.at) FROM conversation_events e \
             WHERE e.conversation_id = c.id AND e.kind IN ('handoff', 'unassigned', 'reopened')), \
             c.created_at)) AS oldest FROM conversations c WHERE c.status = 'queued'",
        )
        .fetch_one(&self.read)
        .await?;
        let n: i64 = row.try_get("n")?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        Ok((n, oldest.map_or(0, |t| (now - t).max(0))))
    }

    /// The conversations with these ids, in the order given (unknown ids
    /// are left out).
    pub async fn conversations_by_ids(&self, ids: &[i64]) -> Result<Vec<Conversation>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IMPORT_ROWS) {
            let mut sql = Sql::new(format!("{CONVERSATION_SELECT} WHERE c.id IN ("));
            sql.bind_list(chunk.iter().copied()).push(")");
            let rows = sql.query()?.fetch_all(&self.read).await?;
            let mut found = rows
                .iter()
                .map(conversation_from_row)
                .collect::<Result<Vec<_>>>()?;
            found.sort_by_key(|c| chunk.iter().position(|id| *id == c.id));
            out.extend(found);
        }
        Ok(out)
    }

    /// Stores whole conversation histories with their own times, bypassing
    /// the live path (no hub, no bot): for benchmarks, demo data and tests
    /// that need a known past. Returns the new conversations' ids.
    pub async fn import_histories(&self, histories: &[History]) -> Result<Vec<i64>> {
        let mut tx = self.write.begin().await?;
        let mut ids = Vec::with_capacity(histories.len());
        for h in histories {
            let last = h.messages.iter().max_by_key(|m| m.at);
            let updated = h
                .messages
                .iter()
                .map(|m| m.at)
                .chain(h.events.iter().map(|e| e.at))
                .max()
                .unwrap_or(h.created_at);
            let resolved_at = matches!(h.status.as_str(), "resolved" | "closed")
                .then(|| {
                    h.events
                        .iter()
                        .filter(|e| e.kind == "resolved")
                        .map(|e| e.at)
                        .max()
                })
                .flatten();
            let row = sqlx::query(
                "INSERT INTO conversations (contact_id, status, assignee_id, channel, \
                 last_message_text, last_message_at, last_seq, created_at, updated_at, \
                 resolved_at, rating_stars, rated_at, opened_status, team_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(h.contact_id)
            .bind(h.status.as_str())
            .bind(h.assignee_id)
            .bind(h.channel.as_str())
            .bind(last.map(|m| m.text.clone()))
            .bind(last.map(|m| m.at))
            .bind(i64::try_from(h.messages.len()).unwrap_or(i64::MAX))
            .bind(h.created_at)
            .bind(updated)
            .bind(resolved_at)
            .bind(h.rating_stars)
            .bind(h.rating_stars.map(|_| updated))
            .bind(h.opened_status.as_str())
            .bind(h.team_id)
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = row.try_get("id")?;
            ids.push(id);
        }
        // Messages and events in multi-row INSERTs.
        let messages: Vec<(i64, i64, &HistoryMessage)> = histories
            .iter()
            .zip(&ids)
            .flat_map(|(h, id)| {
                h.messages
                    .iter()
                    .zip(1_i64..)
                    .map(move |(m, seq)| (*id, seq, m))
            })
            .collect();
        for chunk in messages.chunks(IMPORT_ROWS) {
            let mut sql = Sql::new(
                "INSERT INTO messages (conversation_id, seq, sender, sender_id, text, created_at) VALUES ",
            );
            for (i, (id, seq, m)) in chunk.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" })
                    .bind(*id)
                    .push(", ")
                    .bind(*seq)
                    .push(", ")
                    .bind(m.sender.as_str())
                    .push(", ")
                    .bind(m.sender_id)
                    .push(", ")
                    .bind(m.text.clone())
                    .push(", ")
                    .bind(m.at)
                    .push(")");
            }
            sql.query()?.execute(&mut *tx).await?;
        }
        let events: Vec<(i64, &HistoryEvent)> = histories
            .iter()
            .zip(&ids)
            .flat_map(|(h, id)| h.events.iter().map(move |e| (*id, e)))
            .collect();
        for chunk in events.chunks(IMPORT_ROWS) {
            let mut sql = Sql::new(
                "INSERT INTO conversation_events (conversation_id, at, kind, actor_id, detail) VALUES ",
            );
            for (i, (id, e)) in chunk.iter().enumerate() {
                let detail = (e.kind == "handoff")
                    .then(|| serde_json::to_string(&e.reasons).unwrap_or_else(|_| "[]".into()));
                sql.push(if i == 0 { "(" } else { ", (" })
                    .bind(*id)
                    .push(", ")
                    .bind(e.at)
                    .push(", ")
                    .bind(e.kind.clone())
                    .push(", ")
                    .bind(e.actor_id)
                    .push(", ")
                    .bind(detail)
                    .push(")");
            }
            sql.query()?.execute(&mut *tx).await?;
        }
        let labels: Vec<(i64, &str, &str)> = histories
            .iter()
            .zip(&ids)
            .flat_map(|(h, id)| {
                h.labels
                    .iter()
                    .map(move |(k, l)| (*id, k.as_str(), l.as_str()))
            })
            .collect();
        for chunk in labels.chunks(IMPORT_ROWS) {
            let mut sql =
                Sql::new("INSERT INTO conversation_labels (conversation_id, kind, label) VALUES ");
            for (i, (id, kind, label)) in chunk.iter().enumerate() {
                sql.push(if i == 0 { "(" } else { ", (" })
                    .bind(*id)
                    .push(", ")
                    .bind((*kind).to_owned())
                    .push(", ")
                    .bind((*label).to_owned())
                    .push(")");
            }
            sql.query()?.execute(&mut *tx).await?;
        }
        // The facts of the new conversations, and of the same buyers' other
        // ones (a new conversation may be a return for an earlier one).
        let mut contacts: Vec<i64> = histories.iter().map(|h| h.contact_id).collect();
        contacts.sort_unstable();
        contacts.dedup();
        for chunk in contacts.chunks(IMPORT_ROWS) {
            let mut sql = Sql::new(format!(
                "{} WHERE contact_id IN (",
                crate::report_facts::RECOMPUTE
            ));
            sql.bind_list(chunk.iter().copied()).push(")");
            sql.query()?.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }
}

fn facts_from_row(row: &sqlx::any::AnyRow) -> Result<ConversationFacts> {
    let status: String = row.try_get("status")?;
    let opened: String = row.try_get("opened")?;
    let reasons: Option<String> = row.try_get("rf_handoff_reasons")?;
    let handoff_reasons = reasons
        .as_deref()
        .and_then(|r| serde_json::from_str::<Vec<String>>(r).ok())
        .unwrap_or_default();
    Ok(ConversationFacts {
        id: row.try_get("id")?,
        contact_id: row.try_get("contact_id")?,
        channel: row.try_get("channel")?,
        created_at: row.try_get("created_at")?,
        bot: opened != "queued",
        assignee_id: row.try_get("assignee_id")?,
        handoff_at: row.try_get("rf_handoff_at")?,
        handoff_reasons,
        wait_start: row.try_get("rf_wait_start")?,
        first_response_at: row.try_get("rf_first_response_at")?,
        first_resolved_at: row.try_get("rf_first_resolved_at")?,
        last_resolved_at: row.try_get("rf_last_resolved_at")?,
        resolved_now: matches!(status.as_str(), "resolved" | "closed"),
        first_reopened_at: row.try_get("rf_first_reopened_at")?,
        next_contact_at: row.try_get("rf_next_contact_at")?,
        agents: row.try_get("rf_agents")?,
        rating_stars: row.try_get("rating_stars")?,
        screenshot: row.try_get::<i64, _>("rf_screenshot")? != 0,
        screenshot_read: row.try_get::<i64, _>("rf_screenshot_read")? != 0,
    })
}
