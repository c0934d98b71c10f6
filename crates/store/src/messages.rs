//! Messages: the idempotent append that every sender goes through, and the
//! history reads that reconnecting clients use.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use kadesk_domain::{
    now_millis, Attachment, Conversation, ConversationStatus, Message, QuickReply, SenderKind,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

use crate::conversations::fetch_conversation;
use crate::{is_unique_violation, parse_col, Result, Store, StoreError};

pub(crate) const MESSAGE_COLUMNS: &str =
    "id, conversation_id, seq, sender, sender_id, sender_name, text, \
     attachments, client_id, created_at, meta";

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub conversation_id: i64,
    pub sender: SenderKind,
    /// The agent's user id for agent messages.
    pub sender_id: Option<i64>,
    pub sender_name: Option<String>,
    pub text: String,
    pub attachments: Vec<Attachment>,
    /// The sender's id for the message, unique within the conversation.
    pub client_id: Option<String>,
    /// Buttons under a bot message (empty for others).
    pub quick_replies: Vec<QuickReply>,
}

/// What [`Store::append_message`] did.
#[derive(Debug, Clone)]
pub struct AppendOutcome {
    pub message: Message,
    /// The conversation after the message, `None` for a duplicate.
    pub conversation: Option<Conversation>,
    /// True when the client id was seen before and nothing was stored.
    pub duplicate: bool,
    /// True when this buyer message reopened a resolved conversation.
    pub reopened: bool,
}

pub(crate) fn message_from_row(row: &AnyRow) -> Result<Message> {
    let attachments: String = row.try_get("attachments")?;
    Ok(Message {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        seq: row.try_get("seq")?,
        sender: parse_col(row, "sender")?,
        sender_id: row.try_get("sender_id")?,
        sender_name: row.try_get("sender_name")?,
        text: row.try_get("text")?,
        attachments: serde_json::from_str(&attachments)
            .map_err(|e| StoreError::Corrupt(format!("attachments: {e}")))?,
        client_id: row.try_get("client_id")?,
        created_at: row.try_get("created_at")?,
        quick_replies: quick_replies_of(row.try_get("meta")?)?,
    })
}

/// The `meta` column of a message: `{"quick_replies":[…]}` or NULL.
#[derive(serde::Serialize, serde::Deserialize)]
struct MessageMeta {
    #[serde(default)]
    quick_replies: Vec<QuickReply>,
}

fn quick_replies_of(meta: Option<String>) -> Result<Option<Vec<QuickReply>>> {
    let Some(meta) = meta else { return Ok(None) };
    let meta: MessageMeta =
        serde_json::from_str(&meta).map_err(|e| StoreError::Corrupt(format!("meta: {e}")))?;
    Ok((!meta.quick_replies.is_empty()).then_some(meta.quick_replies))
}

/// Shortens text for the conversation list preview.
fn preview(message: &NewMessage) -> String {
    const MAX: usize = 120;
    if message.text.trim().is_empty() && !message.attachments.is_empty() {
        return "[图片]".to_owned();
    }
    let mut text: String = message.text.chars().take(MAX).collect();
    if message.text.chars().count() > MAX {
        text.push('…');
    }
    text
}

/// Most appends committed in one transaction.
const MAX_BATCH: usize = 128;

/// An append waiting for the writer, with where to send its outcome.
pub(crate) type AppendJob = (NewMessage, oneshot::Sender<Result<AppendOutcome>>);

/// The writer task: takes every waiting append, stores them in one
/// transaction (group commit), then answers each. One commit for many
/// messages is what lets a single SQLite writer keep up with thousands of
/// buyers. If the batch fails as a whole, each append is retried alone so a
/// bad one fails only itself.
///
/// When `stop` is notified ([`Store::stop_writer`]) the queue is closed to new
/// appends, every append already queued is stored and answered, and the
/// task ends.
pub(crate) async fn run_appender(
    pool: AnyPool,
    mut jobs: mpsc::Receiver<AppendJob>,
    reopen_to_bot: Arc<AtomicBool>,
    stop: Arc<tokio::sync::Notify>,
) {
    let mut batch: Vec<AppendJob> = Vec::with_capacity(MAX_BATCH);
    loop {
        tokio::select! {
            n = jobs.recv_many(&mut batch, MAX_BATCH) => {
                if n == 0 {
                    return;
                }
                write_batch(&pool, &mut batch, &reopen_to_bot).await;
            }
            () = stop.notified() => {
                jobs.close();
                while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
                    write_batch(&pool, &mut batch, &reopen_to_bot).await;
                }
                tracing::debug!("message writer stopped");
                return;
            }
        }
    }
}

/// Stores one batch and answers each of its appends.
async fn write_batch(pool: &AnyPool, batch: &mut Vec<AppendJob>, reopen_to_bot: &AtomicBool) {
    let reopen = if reopen_to_bot.load(Ordering::Relaxed) {
        ConversationStatus::Bot
    } else {
        ConversationStatus::Queued
    };
    let messages: Vec<&NewMessage> = batch.iter().map(|(m, _)| m).collect();
    match append_batch(pool, &messages, reopen).await {
        Ok(outcomes) => {
            for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                // The sender may be gone (client disconnected): the message stays stored.
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, size = batch.len(), "batch append failed; retrying one by one");
            for (message, reply) in batch.drain(..) {
                let outcome = match append_batch(pool, &[&message], reopen).await {
                    Ok(mut one) => one
                        .pop()
                        .unwrap_or_else(|| Err(StoreError::Corrupt("empty batch".into()))),
                    Err(StoreError::Database(e)) if is_unique_violation(&e) => {
                        // A concurrent retry with the same client id won the race.
                        duplicate_of(pool, &message).await
                    }
                    Err(e) => Err(e),
                };
                let _ = reply.send(outcome);
            }
        }
    }
}

/// Stores messages in one transaction. The outer error means nothing was
/// stored; an inner error (closed or unknown conversation) fails one message.
async fn append_batch(
    pool: &AnyPool,
    messages: &[&NewMessage],
    reopen: ConversationStatus,
) -> Result<Vec<Result<AppendOutcome>>> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(messages.len());
    for message in messages {
        outcomes.push(match append_in(&mut tx, message, reopen).await {
            Err(StoreError::Database(e)) => return Err(e.into()),
            Err(StoreError::Migrate(e)) => return Err(e.into()),
            other => other,
        });
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn duplicate_of(pool: &AnyPool, new: &NewMessage) -> Result<AppendOutcome> {
    let mut conn = pool.acquire().await?;
    let message = message_by_client_id(&mut conn, new)
        .await?
        .ok_or_else(|| StoreError::Corrupt("unique violation without a stored message".into()))?;
    Ok(AppendOutcome {
        message,
        conversation: None,
        duplicate: true,
        reopened: false,
    })
}

async fn message_by_client_id(
    conn: &mut AnyConnection,
    new: &NewMessage,
) -> Result<Option<Message>> {
    let Some(client_id) = &new.client_id else {
        return Ok(None);
    };
    let row = sqlx::query(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_id = $2"
    ))
    .bind(new.conversation_id)
    .bind(client_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(message_from_row).transpose()
}

/// One append inside a transaction. A buyer message into a resolved
/// conversation reopens it with status `reopen` (`bot`: unassigned, normal
/// priority and no handoff, as at the start; `queued`: as it was).
async fn append_in(
    conn: &mut AnyConnection,
    new: &NewMessage,
    reopen: ConversationStatus,
) -> Result<AppendOutcome> {
    if let Some(found) = message_by_client_id(conn, new).await? {
        return Ok(AppendOutcome {
            message: found,
            conversation: None,
            duplicate: true,
            reopened: false,
        });
    }
    let reopened = new.sender == SenderKind::Buyer
        && sqlx::query("SELECT status FROM conversations WHERE id = $1")
            .bind(new.conversation_id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| row.try_get::<String, _>("status"))
            .transpose()?
            .is_some_and(|status| status == ConversationStatus::Resolved.as_str());
    let now = now_millis();
    let attachments = serde_json::to_string(&new.attachments)
        .map_err(|e| StoreError::Corrupt(format!("attachments: {e}")))?;
    let meta = if new.quick_replies.is_empty() {
        None
    } else {
        let meta = MessageMeta {
            quick_replies: new.quick_replies.clone(),
        };
        Some(serde_json::to_string(&meta).map_err(|e| StoreError::Corrupt(format!("meta: {e}")))?)
    };
    // Taking the next seq locks the conversation row (PostgreSQL) or the
    // database (SQLite), so seq order is commit order.
    // Status is checked again in the update: it locks the row (PostgreSQL).
    let to_bot = reopened && reopen == ConversationStatus::Bot;
    let row = sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, last_message_text = $2, \
         last_message_at = $3, updated_at = $3, \
         status = CASE \
           WHEN $6 = 1 AND status = 'resolved' THEN $7 \
           WHEN $4 = 'agent' AND assignee_id IS NULL AND status IN ('queued', 'bot') THEN 'assigned' \
           ELSE status END, \
         assignee_id = CASE \
           WHEN $8 = 1 AND status = 'resolved' THEN NULL \
           WHEN $4 = 'agent' AND assignee_id IS NULL AND status IN ('queued', 'bot') THEN $5 \
           ELSE assignee_id END, \
         priority = CASE WHEN $8 = 1 AND status = 'resolved' THEN 0 ELSE priority END, \
         handoff_reasons = CASE WHEN $8 = 1 AND status = 'resolved' THEN NULL ELSE handoff_reasons END, \
         handoff_summary = CASE WHEN $8 = 1 AND status = 'resolved' THEN NULL ELSE handoff_summary END \
         WHERE id = $1 AND status <> 'closed' RETURNING last_seq",
    )
    .bind(new.conversation_id)
    .bind(preview(new))
    .bind(now)
    .bind(new.sender.as_str())
    .bind(new.sender_id)
    .bind(i64::from(reopened))
    .bind(reopen.as_str())
    .bind(i64::from(to_bot))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        // Either it does not exist or it is closed; say which.
        let conversation = fetch_conversation(&mut *conn, new.conversation_id).await?;
        return Err(StoreError::Closed(conversation.id));
    };
    let seq: i64 = row.try_get("last_seq")?;
    if reopened {
        crate::events::record_event(&mut *conn, new.conversation_id, now, "reopened", None, None)
            .await?;
    }
    let row = sqlx::query(&format!(
        "INSERT INTO messages (conversation_id, seq, sender, sender_id, sender_name, text, \
         attachments, client_id, created_at, meta) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {MESSAGE_COLUMNS}"
    ))
    .bind(new.conversation_id)
    .bind(seq)
    .bind(new.sender.as_str())
    .bind(new.sender_id)
    .bind(new.sender_name.as_deref())
    .bind(&new.text)
    .bind(attachments)
    .bind(new.client_id.as_deref())
    .bind(now)
    .bind(meta)
    .fetch_one(&mut *conn)
    .await?;
    let message = message_from_row(&row)?;
    // The report facts this message moves: an agent's reply (the first
    // response, how many agents wrote) and a buyer's screenshot.
    if new.sender == SenderKind::Agent {
        crate::report_facts::recompute(&mut *conn, new.conversation_id).await?;
    } else if new.sender == SenderKind::Buyer
        && new
            .attachments
            .iter()
            .any(|a| a.content_type.starts_with("image/"))
    {
        crate::report_facts::screenshot_sent(&mut *conn, new.conversation_id).await?;
    }
    let conversation = fetch_conversation(&mut *conn, new.conversation_id).await?;
    Ok(AppendOutcome {
        message,
        conversation: Some(conversation),
        duplicate: false,
        reopened,
    })
}

impl Store {
    /// Stores a message and advances its conversation, in one transaction.
    ///
    /// A message whose `client_id` was already stored in the conversation is
    /// not stored again: the stored one comes back with `duplicate: true`.
    /// A buyer writing into a resolved conversation reopens it (to the bot
    /// or the queue, see [`Store::set_reopen_to_bot`]); an agent
    /// writing into an unassigned one claims it. When this returns `Ok`, the
    /// message is committed.
    pub async fn append_message(&self, new: &NewMessage) -> Result<AppendOutcome> {
        let (reply, outcome) = oneshot::channel();
        self.appender
            .send((new.clone(), reply))
            .await
            .map_err(|_| StoreError::Corrupt("the message writer has stopped".into()))?;
        outcome
            .await
            .map_err(|_| StoreError::Corrupt("the message writer has stopped".into()))?
    }

    /// Messages with `seq > after`, oldest first, at most `limit`.
    pub async fn messages_after(
        &self,
        conversation_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Message>> {
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2 \
             ORDER BY seq LIMIT $3"
        ))
        .bind(conversation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    /// The `limit` messages just before `seq < before`, oldest first.
    pub async fn messages_before(
        &self,
        conversation_id: i64,
        before: i64,
        limit: i64,
    ) -> Result<Vec<Message>> {
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq < $2 \
             ORDER BY seq DESC LIMIT $3"
        ))
        .bind(conversation_id)
        .bind(before)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        let mut messages = rows
            .iter()
            .map(message_from_row)
            .collect::<Result<Vec<_>>>()?;
        messages.reverse();
        Ok(messages)
    }

    /// How many messages are stored in all.
    pub async fn message_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM messages")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Records a stored file's metadata (idempotent: the id is the content hash).
    pub async fn record_file(&self, file: &Attachment) -> Result<()> {
        sqlx::query(
            "INSERT INTO files (id, name, content_type, size, created_at, width, height, has_thumbnail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&file.id)
        .bind(&file.name)
        .bind(&file.content_type)
        .bind(file.size)
        .bind(now_millis())
        .bind(file.width.map(i64::from))
        .bind(file.height.map(i64::from))
        .bind(i64::from(file.thumbnail_url.is_some()))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A stored file's metadata.
    pub async fn file(&self, id: &str) -> Result<Attachment> {
        let row = sqlx::query(
            "SELECT id, name, content_type, size, width, height, has_thumbnail FROM files WHERE id = $1",
        )
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "file",
                id: id.to_owned(),
            })?;
        let id: String = row.try_get("id")?;
        let size = |col: &str| -> Result<Option<u32>> {
            let v: Option<i64> = row.try_get(col)?;
            Ok(v.and_then(|v| u32::try_from(v).ok()))
        };
        let has_thumbnail: i64 = row.try_get("has_thumbnail")?;
        Ok(Attachment {
            url: Attachment::url_for(&id),
            thumbnail_url: (has_thumbnail != 0).then(|| Attachment::thumbnail_url_for(&id)),
            width: size("width")?,
            height: size("height")?,
            id,
            name: row.try_get("name")?,
            content_type: row.try_get("content_type")?,
            size: row.try_get("size")?,
        })
    }
}
