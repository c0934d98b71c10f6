//! What agents add to a live conversation for the learning desk: the
//! problem tags they confirmed (the case takes them at resolve), and the
//! annotation layers of the pictures they marked up (kept as data, so a
//! marked-up picture can be reopened and edited).

use kadesk_domain::Millis;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::cases::{from_json, json};
use crate::{Result, Store, StoreError};

/// The tags an agent confirmed on a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedTags {
    /// Taxonomy names; empty when the agent said none apply.
    pub tags: Vec<String>,
    /// The agent who confirmed them.
    pub by: Option<i64>,
    pub updated_at: Millis,
}

/// The layers drawn on a picture, linked to the picture rendered from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The rendered picture (a stored file).
    pub file_id: String,
    /// The picture the layers were drawn on.
    pub source_file_id: String,
    pub conversation_id: i64,
    /// The annotator's document (shapes, colours, text), as the console wrote it.
    pub layers: serde_json::Value,
    pub created_by: i64,
    pub created_at: Millis,
}

fn annotation_from_row(row: &AnyRow) -> Result<Annotation> {
    Ok(Annotation {
        file_id: row.try_get("file_id")?,
        source_file_id: row.try_get("source_file_id")?,
        conversation_id: row.try_get("conversation_id")?,
        layers: from_json(row, "layers")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// The tags confirmed on conversation `id`, if an agent confirmed any.
    pub async fn confirmed_tags(&self, conversation_id: i64) -> Result<Option<ConfirmedTags>> {
        let row = sqlx::query(
            "SELECT tags, confirmed_by, updated_at FROM conversation_tags \
             WHERE conversation_id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|row| {
            Ok(ConfirmedTags {
                tags: from_json(&row, "tags")?,
                by: row.try_get("confirmed_by")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .transpose()
    }

    /// Stores the tags agent `by` confirmed on a conversation (replacing
    /// earlier ones). The names are checked against the taxonomy by the caller.
    pub async fn confirm_tags(
        &self,
        conversation_id: i64,
        tags: &[String],
        by: i64,
        now: Millis,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO conversation_tags (conversation_id, tags, confirmed_by, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (conversation_id) DO UPDATE SET \
             tags = excluded.tags, confirmed_by = excluded.confirmed_by, \
             updated_at = excluded.updated_at",
        )
        .bind(conversation_id)
        .bind(json(&tags)?)
        .bind(by)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Keeps the layers a rendered picture was made from. Saving again for
    /// the same rendered picture replaces them.
    pub async fn save_annotation(&self, a: &Annotation) -> Result<()> {
        sqlx::query(
            "INSERT INTO annotations (file_id, source_file_id, conversation_id, layers, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (file_id) DO UPDATE SET source_file_id = excluded.source_file_id, \
             conversation_id = excluded.conversation_id, layers = excluded.layers, \
             created_by = excluded.created_by, created_at = excluded.created_at",
        )
        .bind(&a.file_id)
        .bind(&a.source_file_id)
        .bind(a.conversation_id)
        .bind(json(&a.layers)?)
        .bind(a.created_by)
        .bind(a.created_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The layers picture `file_id` was rendered from.
    pub async fn annotation(&self, file_id: &str) -> Result<Annotation> {
        let row = sqlx::query(
            "SELECT file_id, source_file_id, conversation_id, layers, created_by, created_at \
             FROM annotations WHERE file_id = $1",
        )
        .bind(file_id)
        .fetch_optional(&self.read)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "annotation",
            id: file_id.to_owned(),
        })?;
        annotation_from_row(&row)
    }
}
