//! Internal notes: agents' notes in a conversation's thread, stored apart
//! from messages (nothing that reads messages for a buyer can see one).

use kadesk_domain::{Millis, Note};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Result, Store, StoreError};

const COLUMNS: &str = "n.id, n.conversation_id, n.author_id, u.display_name AS author_name, \
     n.text, n.mentions, n.created_at";

fn from_row(row: &AnyRow) -> Result<Note> {
    let mentions: String = row.try_get("mentions")?;
    Ok(Note {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        text: row.try_get("text")?,
        mentions: serde_json::from_str(&mentions)
            .map_err(|e| StoreError::Corrupt(format!("notes.mentions: {e}")))?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Adds a note by `author_id` to a conversation (which must exist).
    pub async fn add_note(
        &self,
        conversation_id: i64,
        author_id: i64,
        text: &str,
        mentions: &[i64],
        now: Millis,
    ) -> Result<Note> {
        let mentions = serde_json::to_string(mentions)
            .map_err(|e| StoreError::Corrupt(format!("mentions: {e}")))?;
        let mut tx = self.write.begin().await?;
        let exists = sqlx::query("SELECT id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                what: "conversation",
                id: conversation_id.to_string(),
            });
        }
        let id: i64 = sqlx::query(
            "INSERT INTO notes (conversation_id, author_id, text, mentions, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(conversation_id)
        .bind(author_id)
        .bind(text)
        .bind(&mentions)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM notes n JOIN users u ON u.id = n.author_id WHERE n.id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        from_row(&row)
    }

    /// A conversation's notes, oldest first (at most `limit`, the newest ones).
    pub async fn notes(&self, conversation_id: i64, limit: i64) -> Result<Vec<Note>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM notes n JOIN users u ON u.id = n.author_id \
             WHERE n.conversation_id = $1 ORDER BY n.id DESC LIMIT $2"
        ))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        let mut notes = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        notes.reverse();
        Ok(notes)
    }
}
