//! A buyer's right to their data (GDPR / PIPL): everything kadesk keeps of
//! one contact, and erasing it.
//!
//! Erasing keeps the conversations themselves (their times, status, team,
//! rating stars and report facts), so every report's figures stay as they
//! were; what the buyer wrote or sent, what was written about them and how
//! to reach them goes: message texts and attachments, screenshot readings,
//! annotations, case memory, internal notes, the bot's state, refund
//! reasons, platform ids and queued platform messages, the contact's name,
//! e-mail, phone and tags, and their widget token. Pictures nobody else's
//! conversation shows are listed for the caller to delete from the file
//! store. The shop's own order records are the shop's, and stay.

use std::collections::BTreeSet;

use kadesk_domain::{Contact, Conversation, Message};
use sqlx::Row;

use crate::{Backend, Result, Store};

/// One conversation of a contact, with every message.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportedConversation {
    pub conversation: Conversation,
    pub messages: Vec<Message>,
}

/// What erasing a contact removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub conversations: usize,
    pub messages: u64,
    /// Stored pictures no other conversation shows: the caller deletes
    /// them from the file store.
    pub orphaned_files: Vec<String>,
}

/// The file ids in an `attachments` JSON array.
fn attachment_ids(json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<serde_json::Value>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_owned))
        .collect()
}

impl Store {
    /// Every conversation of contact `id` with its messages, oldest first.
    pub async fn contact_history(&self, id: i64) -> Result<Vec<ExportedConversation>> {
        let ids: Vec<i64> =
            sqlx::query("SELECT id FROM conversations WHERE contact_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for conversation_id in ids {
            let conversation = self.conversation(conversation_id).await?;
            let mut messages = Vec::new();
            let mut after = 0;
            loop {
                let page = self.messages_after(conversation_id, after, 500).await?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                messages.extend(page);
            }
            out.push(ExportedConversation {
                conversation,
                messages,
            });
        }
        Ok(out)
    }

    /// The contact `id` and their history (see [`Store::contact_history`]).
    pub async fn contact_export(&self, id: i64) -> Result<(Contact, Vec<ExportedConversation>)> {
        Ok((self.contact(id).await?, self.contact_history(id).await?))
    }

    /// Erases what kadesk keeps of contact `id` (see the module doc), in one
    /// transaction. `NotFound` when there is no such contact.
    pub async fn erase_contact(&self, id: i64, erased_name: &str) -> Result<Erased> {
        self.contact(id).await?;
        let mut tx = self.write.begin().await?;
        let conversations: Vec<i64> =
            sqlx::query("SELECT id FROM conversations WHERE contact_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
        let mut files = BTreeSet::new();
        let mut erased = Erased {
            conversations: conversations.len(),
            ..Erased::default()
        };
        for &c in &conversations {
            for row in sqlx::query("SELECT attachments FROM messages WHERE conversation_id = $1")
                .bind(c)
                .fetch_all(&mut *tx)
                .await?
            {
                let json: Option<String> = row.try_get("attachments")?;
                files.extend(attachment_ids(json.as_deref().unwrap_or("[]")));
            }
            for row in sqlx::query(
                "SELECT file_id FROM image_analyses WHERE conversation_id = $1 \
                 UNION SELECT file_id FROM annotations WHERE conversation_id = $1 \
                 UNION SELECT source_file_id FROM annotations WHERE conversation_id = $1",
            )
            .bind(c)
            .fetch_all(&mut *tx)
            .await?
            {
                if let Some(file) = row.try_get::<Option<String>, _>(0)? {
                    files.insert(file);
                }
            }
            sqlx::query(
                "DELETE FROM channel_messages WHERE message_id IN \
                 (SELECT id FROM messages WHERE conversation_id = $1)",
            )
            .bind(c)
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query(
                "UPDATE messages SET text = '', attachments = '[]', meta = NULL, client_id = NULL, \
                 sender_name = CASE WHEN sender = 'buyer' THEN NULL ELSE sender_name END \
                 WHERE conversation_id = $1",
            )
            .bind(c)
            .execute(&mut *tx)
            .await?;
            erased.messages += done.rows_affected();
            for statement in [
                "DELETE FROM image_analyses WHERE conversation_id = $1",
                "DELETE FROM annotations WHERE conversation_id = $1",
                "DELETE FROM cases WHERE conversation_id = $1",
                "DELETE FROM notes WHERE conversation_id = $1",
                "DELETE FROM bot_states WHERE conversation_id = $1",
                "DELETE FROM channel_outbox WHERE conversation_id = $1",
                "UPDATE refund_requests SET reason = '' WHERE conversation_id = $1",
                "UPDATE conversations SET last_message_text = NULL, handoff_summary = NULL, \
                 rating_comment = NULL WHERE id = $1",
            ] {
                sqlx::query(statement).bind(c).execute(&mut *tx).await?;
            }
        }
        sqlx::query("DELETE FROM channel_identities WHERE contact_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE contacts SET name = $1, email = NULL, phone = NULL, \
             visitor_token_hash = NULL, tags = '[]' WHERE id = $2",
        )
        .bind(erased_name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // A picture another conversation still shows stays.
        for file in files {
            let pattern = format!("%{file}%");
            let row = sqlx::query(
                "SELECT (SELECT COUNT(*) FROM messages WHERE attachments LIKE $1) \
                 + (SELECT COUNT(*) FROM annotations WHERE file_id = $2 OR source_file_id = $2) \
                 + (SELECT COUNT(*) FROM image_analyses WHERE file_id = $2) AS uses",
            )
            .bind(&pattern)
            .bind(&file)
            .fetch_one(&mut *tx)
            .await?;
            if row.try_get::<i64, _>("uses")? == 0 {
                sqlx::query("DELETE FROM files WHERE id = $1")
                    .bind(&file)
                    .execute(&mut *tx)
                    .await?;
                erased.orphaned_files.push(file);
            }
        }
        tx.commit().await?;
        if self.backend == Backend::Sqlite {
            // The search indexes drop the old words at once, not at their
            // next merge.
            for table in ["message_search", "contact_search"] {
                sqlx::query(&format!("INSERT INTO {table}({table}) VALUES ('optimize')"))
                    .execute(&self.write)
                    .await?;
            }
        }
        Ok(erased)
    }
}
