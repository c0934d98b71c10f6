//! Messages: the idempotent append that every sender goes through, and the
//! history reads that reconnecting clients use.

use kadesk_domain::{now_millis, Attachment, Conversation, Message, SenderKind};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::conversations::fetch_conversation;
use crate::{is_unique_violation, parse_col, Result, Store, StoreError};

const MESSAGE_COLUMNS: &str = "id, conversation_id, seq, sender, sender_id, sender_name, text, \
     attachments, client_id, created_at";

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
}

/// What [`Store::append_message`] did.
#[derive(Debug, Clone)]
pub struct AppendOutcome {
    pub message: Message,
    /// The conversation after the message, `None` for a duplicate.
    pub conversation: Option<Conversation>,
    /// True when the client id was seen before and nothing was stored.
    pub duplicate: bool,
}

fn message_from_row(row: &AnyRow) -> Result<Message> {
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
    })
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

impl Store {
    /// Stores a message and advances its conversation, in one transaction.
    ///
    /// A message whose `client_id` was already stored in the conversation is
    /// not stored again: the stored one comes back with `duplicate: true`.
    /// A buyer writing into a resolved conversation reopens it; an agent
    /// writing into an unassigned one claims it.
    pub async fn append_message(&self, new: &NewMessage) -> Result<AppendOutcome> {
        if let Some(found) = self.message_by_client_id(new).await? {
            return Ok(AppendOutcome {
                message: found,
                conversation: None,
                duplicate: true,
            });
        }
        match self.insert_message(new).await {
            Err(StoreError::Database(e)) if is_unique_violation(&e) => {
                // A concurrent retry with the same client id won the race.
                let message = self.message_by_client_id(new).await?.ok_or_else(|| {
                    StoreError::Corrupt("unique violation without a stored message".into())
                })?;
                Ok(AppendOutcome {
                    message,
                    conversation: None,
                    duplicate: true,
                })
            }
            other => other,
        }
    }

    async fn message_by_client_id(&self, new: &NewMessage) -> Result<Option<Message>> {
        let Some(client_id) = &new.client_id else {
            return Ok(None);
        };
        // Read through the writer so a just-committed retry is always seen.
        let row = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_id = $2"
        ))
        .bind(new.conversation_id)
        .bind(client_id)
        .fetch_optional(&self.write)
        .await?;
        row.as_ref().map(message_from_row).transpose()
    }

    async fn insert_message(&self, new: &NewMessage) -> Result<AppendOutcome> {
        let now = now_millis();
        let attachments = serde_json::to_string(&new.attachments)
            .map_err(|e| StoreError::Corrupt(format!("attachments: {e}")))?;
        let mut tx = self.write.begin().await?;
        // Taking the next seq locks the conversation row (PostgreSQL) or the
        // database (SQLite), so seq order is commit order.
        let row = sqlx::query(
            "UPDATE conversations SET last_seq = last_seq + 1, last_message_text = $2, \
             last_message_at = $3, updated_at = $3, \
             status = CASE \
               WHEN $4 = 'buyer' AND status = 'resolved' THEN 'queued' \
               WHEN $4 = 'agent' AND assignee_id IS NULL AND status IN ('queued', 'bot') THEN 'assigned' \
               ELSE status END, \
             assignee_id = CASE \
               WHEN $4 = 'agent' AND assignee_id IS NULL AND status IN ('queued', 'bot') THEN $5 \
               ELSE assignee_id END \
             WHERE id = $1 AND status <> 'closed' RETURNING last_seq",
        )
        .bind(new.conversation_id)
        .bind(preview(new))
        .bind(now)
        .bind(new.sender.as_str())
        .bind(new.sender_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            drop(tx);
            // Either it does not exist or it is closed; say which.
            let conversation = self.conversation(new.conversation_id).await?;
            return Err(StoreError::Closed(conversation.id));
        };
        let seq: i64 = row.try_get("last_seq")?;
        let row = sqlx::query(&format!(
            "INSERT INTO messages (conversation_id, seq, sender, sender_id, sender_name, text, \
             attachments, client_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING {MESSAGE_COLUMNS}"
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
        .fetch_one(&mut *tx)
        .await?;
        let message = message_from_row(&row)?;
        let conversation = fetch_conversation(&mut *tx, new.conversation_id).await?;
        tx.commit().await?;
        Ok(AppendOutcome {
            message,
            conversation: Some(conversation),
            duplicate: false,
        })
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
            "INSERT INTO files (id, name, content_type, size, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&file.id)
        .bind(&file.name)
        .bind(&file.content_type)
        .bind(file.size)
        .bind(now_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A stored file's metadata.
    pub async fn file(&self, id: &str) -> Result<Attachment> {
        let row = sqlx::query("SELECT id, name, content_type, size FROM files WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "file",
                id: id.to_owned(),
            })?;
        let id: String = row.try_get("id")?;
        Ok(Attachment {
            url: Attachment::url_for(&id),
            id,
            name: row.try_get("name")?,
            content_type: row.try_get("content_type")?,
            size: row.try_get("size")?,
        })
    }
}
