//! Conversations: creation, listing with filters and cursor pagination, and
//! the status changes agents make (claim, assign, resolve, reopen).

use kadesk_domain::{
    now_millis, Channel, Conversation, ConversationStatus, Handoff, Priority, Rating,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::found;
use crate::sql::Sql;
use crate::{parse_col, Result, Store, StoreError};

pub(crate) const CONVERSATION_SELECT: &str = "SELECT c.id, c.contact_id, ct.name AS contact_name, \
     c.status, c.assignee_id, u.display_name AS assignee_name, c.priority, c.channel, \
     c.last_message_text, c.last_message_at, c.last_seq, c.created_at, c.updated_at, \
     c.handoff_reasons, c.handoff_summary, c.rating_stars, c.rating_comment, c.rated_at \
     FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
     LEFT JOIN users u ON u.id = c.assignee_id";

pub(crate) fn conversation_from_row(row: &AnyRow) -> Result<Conversation> {
    let priority: i64 = row.try_get("priority")?;
    Ok(Conversation {
        id: row.try_get("id")?,
        contact_id: row.try_get("contact_id")?,
        contact_name: row.try_get("contact_name")?,
        status: parse_col(row, "status")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        priority: Priority::from_level(priority),
        channel: parse_col(row, "channel")?,
        last_message_text: row.try_get("last_message_text")?,
        last_message_at: row.try_get("last_message_at")?,
        last_seq: row.try_get("last_seq")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        handoff: handoff_from_row(row, priority)?,
        rating: rating_from_row(row)?,
    })
}

/// The handoff stored on a conversation row, if any.
fn handoff_from_row(row: &AnyRow, priority: i64) -> Result<Option<Handoff>> {
    let reasons: Option<String> = row.try_get("handoff_reasons")?;
    let Some(reasons) = reasons else {
        return Ok(None);
    };
    let reasons: Vec<String> = serde_json::from_str(&reasons)
        .map_err(|e| StoreError::Corrupt(format!("handoff_reasons: {e}")))?;
    let summary: Option<String> = row.try_get("handoff_summary")?;
    let summary: serde_json::Value = summary
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(serde_json::Value::Null);
    let text = |key: &str| summary[key].as_str().unwrap_or_default().to_owned();
    Ok(Some(Handoff {
        reasons,
        priority: Priority::from_level(priority),
        summary_zh: text("text_zh"),
        summary_en: text("text_en"),
    }))
}

/// Reads one conversation through any executor (a pool or a transaction).
pub(crate) async fn fetch_conversation<'e, E>(executor: E, id: i64) -> Result<Conversation>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(&format!("{CONVERSATION_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "conversation",
            id: id.to_string(),
        })?;
    conversation_from_row(&row)
}

/// A position in the conversation list: the last item of the previous page.
/// `priority` matters only when the list is ordered by priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub priority: i64,
    pub updated_at: i64,
    pub id: i64,
}

impl Cursor {
    fn after(c: &Conversation) -> Cursor {
        Cursor {
            priority: c.priority.level(),
            updated_at: c.updated_at,
            id: c.id,
        }
    }

    /// The opaque text form given to clients.
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.priority, self.updated_at, self.id)
    }

    /// Reads the text form; `None` when it is not one.
    pub fn decode(text: &str) -> Option<Cursor> {
        let mut parts = text.split('.');
        let cursor = Cursor {
            priority: parts.next()?.parse().ok()?,
            updated_at: parts.next()?.parse().ok()?,
            id: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(cursor)
    }
}

/// Which conversations to list.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    /// Only these statuses; empty means all.
    pub statuses: Vec<ConversationStatus>,
    /// `Some(Some(id))`: assigned to that user; `Some(None)`: unassigned.
    pub assignee: Option<Option<i64>>,
    /// Only this contact's.
    pub contact_id: Option<i64>,
    /// Most urgent first (then most recent activity), as a queue is worked.
    pub by_priority: bool,
}

/// One page of conversations.
#[derive(Debug, Clone)]
pub struct ConversationPage {
    pub items: Vec<Conversation>,
    pub next: Option<Cursor>,
}

impl Store {
    /// Starts a conversation for a contact.
    pub async fn create_conversation(
        &self,
        contact_id: i64,
        channel: Channel,
        status: ConversationStatus,
    ) -> Result<Conversation> {
        let now = now_millis();
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO conversations (contact_id, status, channel, created_at, updated_at, \
             opened_status) VALUES ($1, $2, $3, $4, $4, $2) RETURNING id",
        )
        .bind(contact_id)
        .bind(status.as_str())
        .bind(channel.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        crate::report_facts::conversation_started(&mut tx, contact_id, id, now).await?;
        let conversation = fetch_conversation(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(conversation)
    }

    /// The contact's open conversation (as [`Store::open_conversation_of`]),
    /// or a new one with `status` when there is none; `true` when it was
    /// made now. Concurrent callers for one contact get one conversation:
    /// the contact's row is locked for the transaction first.
    pub async fn open_or_start_conversation(
        &self,
        contact_id: i64,
        channel: Channel,
        status: ConversationStatus,
    ) -> Result<(Conversation, bool)> {
        let now = now_millis();
        let mut tx = self.write.begin().await?;
        // A write to the contact's row: PostgreSQL holds its row lock until
        // commit, SQLite has one writer; a second caller waits here.
        let locked = sqlx::query("UPDATE contacts SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        found(locked.rows_affected(), "contact", contact_id)?;
        let open = sqlx::query(&format!(
            "{CONVERSATION_SELECT} WHERE c.contact_id = $1 AND c.status <> 'closed' \
             ORDER BY c.id DESC LIMIT 1"
        ))
        .bind(contact_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = open {
            let conversation = conversation_from_row(&row)?;
            tx.commit().await?;
            return Ok((conversation, false));
        }
        let row = sqlx::query(
            "INSERT INTO conversations (contact_id, status, channel, created_at, updated_at, \
             opened_status) VALUES ($1, $2, $3, $4, $4, $2) RETURNING id",
        )
        .bind(contact_id)
        .bind(status.as_str())
        .bind(channel.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        crate::report_facts::conversation_started(&mut tx, contact_id, id, now).await?;
        let conversation = fetch_conversation(&mut *tx, id).await?;
        tx.commit().await?;
        Ok((conversation, true))
    }

    /// A conversation by id.
    pub async fn conversation(&self, id: i64) -> Result<Conversation> {
        fetch_conversation(&self.read, id).await
    }

    /// The contact's most recent conversation that is not closed.
    pub async fn open_conversation_of(&self, contact_id: i64) -> Result<Option<Conversation>> {
        let row = sqlx::query(&format!(
            "{CONVERSATION_SELECT} WHERE c.contact_id = $1 AND c.status <> 'closed' \
             ORDER BY c.id DESC LIMIT 1"
        ))
        .bind(contact_id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    /// Conversations matching `filter`, most recent activity first (or most
    /// urgent first with `by_priority`).
    pub async fn conversations(
        &self,
        filter: &ConversationFilter,
        after: Option<Cursor>,
        limit: i64,
    ) -> Result<ConversationPage> {
        let cursor = after.unwrap_or(Cursor {
            priority: i64::MAX,
            updated_at: i64::MAX,
            id: i64::MAX,
        });
        let mut sql = Sql::new(format!("{CONVERSATION_SELECT} WHERE "));
        if filter.by_priority {
            sql.push("(c.priority < ").bind(cursor.priority);
            let priority = sql.last();
            sql.push(" OR (c.priority = ")
                .push_again(&priority)
                .push(" AND ");
        }
        sql.push("(c.updated_at < ").bind(cursor.updated_at);
        let updated_at = sql.last();
        sql.push(" OR (c.updated_at = ")
            .push_again(&updated_at)
            .push(" AND c.id < ")
            .bind(cursor.id)
            .push("))");
        if filter.by_priority {
            sql.push("))");
        }
        if !filter.statuses.is_empty() {
            sql.push(" AND c.status IN (")
                .bind_list(filter.statuses.iter().map(|s| s.as_str()))
                .push(")");
        }
        match filter.assignee {
            Some(Some(id)) => {
                sql.push(" AND c.assignee_id = ").bind(id);
            }
            Some(None) => {
                sql.push(" AND c.assignee_id IS NULL");
            }
            None => {}
        }
        if let Some(contact_id) = filter.contact_id {
            sql.push(" AND c.contact_id = ").bind(contact_id);
        }
        if filter.by_priority {
            sql.push(" ORDER BY c.priority DESC, c.updated_at DESC, c.id DESC");
        } else {
            sql.push(" ORDER BY c.updated_at DESC, c.id DESC");
        }
        sql.push(" LIMIT ").bind(limit + 1);
        let rows = sql.query()?.fetch_all(&self.read).await?;
        let mut items = rows
            .iter()
            .map(conversation_from_row)
            .collect::<Result<Vec<_>>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(usize::try_from(limit).unwrap_or(0));
            items.last().map(Cursor::after)
        } else {
            None
        };
        Ok(ConversationPage { items, next })
    }

    /// Sets who owns a conversation: an agent (`assigned`) or nobody
    /// (`queued`). Resolved and closed conversations are reopened by this.
    pub async fn assign(&self, id: i64, assignee: Option<i64>) -> Result<Conversation> {
        let status = if assignee.is_some() {
            ConversationStatus::Assigned
        } else {
            ConversationStatus::Queued
        };
        let event = if assignee.is_some() {
            "assigned"
        } else {
            "unassigned"
        };
        self.update_status(id, status, Some(assignee), event).await
    }

    /// Marks a conversation resolved, keeping its assignee.
    pub async fn resolve(&self, id: i64) -> Result<Conversation> {
        self.update_status(id, ConversationStatus::Resolved, None, "resolved")
            .await
    }

    /// Reopens a resolved conversation: `assigned` when it has an assignee,
    /// otherwise `queued`.
    pub async fn reopen(&self, id: i64) -> Result<Conversation> {
        let current = self.conversation(id).await?;
        let status = if current.assignee_id.is_some() {
            ConversationStatus::Assigned
        } else {
            ConversationStatus::Queued
        };
        self.update_status(id, status, None, "reopened").await
    }

    /// Changes the status and records `event` (see [`crate::events`]).
    async fn update_status(
        &self,
        id: i64,
        status: ConversationStatus,
        assignee: Option<Option<i64>>,
        event: &str,
    ) -> Result<Conversation> {
        let now = now_millis();
        let resolved_at = (status == ConversationStatus::Resolved).then_some(now);
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE conversations SET status = $1, updated_at = $2, resolved_at = $3, \
             assignee_id = CASE WHEN $4 = 1 THEN $5 ELSE assignee_id END, queued_at = NULL \
             WHERE id = $6",
        )
        .bind(status.as_str())
        .bind(now)
        .bind(resolved_at)
        .bind(i64::from(assignee.is_some()))
        .bind(assignee.flatten())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        found(done.rows_affected(), "conversation", id)?;
        let conversation = fetch_conversation(&mut *tx, id).await?;
        crate::events::record_event(&mut tx, id, now, event, conversation.assignee_id, None)
            .await?;
        tx.commit().await?;
        Ok(conversation)
    }
}

/// The rating stored on a conversation row, if any.
fn rating_from_row(row: &AnyRow) -> Result<Option<Rating>> {
    let stars: Option<i64> = row.try_get("rating_stars")?;
    let Some(stars) = stars else {
        return Ok(None);
    };
    Ok(Some(Rating {
        stars: u8::try_from(stars)
            .map_err(|_| StoreError::Corrupt(format!("rating_stars {stars}")))?,
        comment: row.try_get("rating_comment")?,
        rated_at: row.try_get::<Option<i64>, _>("rated_at")?.unwrap_or(0),
    }))
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let cursor = Cursor {
            priority: 2,
            updated_at: 1_732_100_000_000,
            id: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("abc"), None);
        assert_eq!(Cursor::decode("1.2.x"), None);
        assert_eq!(Cursor::decode("1.2.3.4"), None);
    }
}
