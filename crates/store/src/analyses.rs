//! Screenshot readings: one row per analysed upload, read back with a
//! conversation's history, and the recent fingerprints "seen before" compares
//! against.

use kadesk_domain::{ImageAnalysis, Millis, SeenBefore};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, conversation_id, message_id, file_id, status, category, kind, fields, \
     missing, lines, width, height, flags, seen_before, error, elapsed_ms, created_at";

/// A reading to store; `analysis.id` and `created_at` are set by the store.
#[derive(Debug, Clone)]
pub struct NewAnalysis {
    pub analysis: ImageAnalysis,
    /// Perceptual hash and text fingerprint (64-bit), when the picture was read.
    pub phash: Option<u64>,
    pub text_fingerprint: Option<u64>,
}

/// A stored reading's fingerprints, for "seen before".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredFingerprint {
    pub conversation_id: i64,
    pub message_id: i64,
    pub created_at: Millis,
    pub phash: u64,
    pub text_fingerprint: u64,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T> {
    let raw: String = row.try_get(col)?;
    serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

fn analysis_from_row(row: &AnyRow) -> Result<ImageAnalysis> {
    let category: Option<String> = row.try_get("category")?;
    let seen_before: Option<String> = row.try_get("seen_before")?;
    let size = |col: &str| -> Result<u32> {
        let v: i64 = row.try_get(col)?;
        u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("column {col}: {v}")))
    };
    Ok(ImageAnalysis {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        message_id: row.try_get("message_id")?,
        file_id: row.try_get("file_id")?,
        status: row.try_get("status")?,
        category: category
            .map(|c| c.parse())
            .transpose()
            .map_err(|e: kadesk_domain::UnknownName| StoreError::Corrupt(e.to_string()))?,
        kind: row.try_get("kind")?,
        fields: from_json(row, "fields")?,
        missing: from_json(row, "missing")?,
        lines: from_json(row, "lines")?,
        width: size("width")?,
        height: size("height")?,
        flags: from_json(row, "flags")?,
        seen_before: seen_before
            .map(|s| serde_json::from_str::<SeenBefore>(&s))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("column seen_before: {e}")))?,
        error: row.try_get("error")?,
        elapsed_ms: row.try_get("elapsed_ms")?,
        created_at: row.try_get("created_at")?,
    })
}

/// 64-bit hashes are kept in signed 64-bit columns, bit for bit.
fn to_col(hash: Option<u64>) -> Option<i64> {
    hash.map(|h| h as i64)
}

impl Store {
    /// Stores a reading and returns it with its id; a picture read marks
    /// its conversation's screenshot as read automatically (report facts).
    pub async fn insert_analysis(&self, new: &NewAnalysis) -> Result<ImageAnalysis> {
        let a = &new.analysis;
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO image_analyses (conversation_id, message_id, file_id, status, category, \
             kind, fields, missing, lines, width, height, phash, text_fingerprint, flags, \
             seen_before, error, elapsed_ms, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        )
        .bind(a.conversation_id)
        .bind(a.message_id)
        .bind(&a.file_id)
        .bind(&a.status)
        .bind(a.category.map(|c| c.as_str()))
        .bind(&a.kind)
        .bind(json(&a.fields)?)
        .bind(json(&a.missing)?)
        .bind(json(&a.lines)?)
        .bind(i64::from(a.width))
        .bind(i64::from(a.height))
        .bind(to_col(new.phash))
        .bind(to_col(new.text_fingerprint))
        .bind(json(&a.flags)?)
        .bind(a.seen_before.as_ref().map(json).transpose()?)
        .bind(&a.error)
        .bind(a.elapsed_ms)
        .bind(a.created_at)
        .fetch_one(&mut *tx)
        .await?;
        if a.status == "done" {
            crate::report_facts::screenshot_read(&mut tx, a.conversation_id).await?;
        }
        tx.commit().await?;
        Ok(ImageAnalysis {
            id: row.try_get("id")?,
            ..a.clone()
        })
    }

    /// A conversation's readings, oldest first (at most `limit`).
    pub async fn analyses_of(
        &self,
        conversation_id: i64,
        limit: i64,
    ) -> Result<Vec<ImageAnalysis>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM image_analyses WHERE conversation_id = $1 ORDER BY id LIMIT $2"
        ))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(analysis_from_row).collect()
    }

    /// Fingerprints of the readings stored since `since`, newest first, at
    /// most `limit` (keeps "seen before" bounded however busy the desk is).
    pub async fn recent_fingerprints(
        &self,
        since: Millis,
        limit: i64,
    ) -> Result<Vec<StoredFingerprint>> {
        let rows = sqlx::query(
            "SELECT conversation_id, message_id, created_at, phash, text_fingerprint \
             FROM image_analyses WHERE created_at >= $1 AND phash IS NOT NULL \
             ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let phash: i64 = row.try_get("phash")?;
                let text: Option<i64> = row.try_get("text_fingerprint")?;
                Ok(StoredFingerprint {
                    conversation_id: row.try_get("conversation_id")?,
                    message_id: row.try_get("message_id")?,
                    created_at: row.try_get("created_at")?,
                    phash: phash as u64,
                    text_fingerprint: text.unwrap_or_default() as u64,
                })
            })
            .collect()
    }
}
