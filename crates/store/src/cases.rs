//! Case memory and problem tags: one case per resolved conversation (what
//! the problem looked like, what solved it, how it ended), the tag taxonomy
//! admins edit, and the searches over cases.

use kadesk_domain::Millis;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::found;
use crate::sql::Sql;
use crate::{Result, Store, StoreError};

/// A picture of a case: its reading and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePicture {
    /// The attachment's id.
    pub file_id: String,
    /// Screenshot kind (`error_dialog`, …).
    pub kind: String,
    /// Perceptual hash, when the picture was read.
    pub phash: Option<u64>,
    /// The text read from it (lines joined).
    pub text: String,
    /// The error code read from it.
    #[serde(default)]
    pub error_code: Option<String>,
}

/// A case to store for a resolved conversation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCase {
    pub conversation_id: i64,
    /// Problem tags (names of the taxonomy).
    pub tags: Vec<String>,
    /// Intents of the buyer's messages.
    pub intents: Vec<String>,
    /// Error codes from messages and pictures.
    pub error_codes: Vec<String>,
    /// Products named.
    pub products: Vec<String>,
    pub pictures: Vec<CasePicture>,
    /// The buyer's messages, joined.
    pub buyer_text: String,
    /// The key replies of the agent (or the bot) that solved it.
    pub replies: Vec<String>,
    /// A short summary of the solution, editable by agents.
    pub summary: String,
    /// `bot` or `agent`.
    pub solved_by: String,
}

/// A stored case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    pub id: i64,
    pub case: NewCase,
    /// Resolved again after a reopen.
    pub reopened: bool,
    /// The buyer's rating of the conversation (1–5), when given.
    pub rating: Option<i64>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A search over cases; every given part must match.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Words in the buyer's text, the pictures' text or the summary.
    pub q: Option<String>,
    pub error_code: Option<String>,
    pub product: Option<String>,
    pub tag: Option<String>,
    /// At most this many, newest first.
    pub limit: i64,
}

pub(crate) fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T> {
    let raw: String = row.try_get(col)?;
    serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// Pictures as stored: the hash as a signed 64-bit number, bit for bit.
#[derive(Serialize, Deserialize)]
struct PictureRow {
    file_id: String,
    kind: String,
    phash: Option<i64>,
    text: String,
    #[serde(default)]
    error_code: Option<String>,
}

const COLUMNS: &str = "c.id, c.conversation_id, c.tags, c.intents, c.error_codes, c.products, \
     c.pictures, c.buyer_text, c.replies, c.summary, c.solved_by, c.reopened, c.created_at, \
     c.updated_at, v.rating_stars";

fn case_from_row(row: &AnyRow) -> Result<StoredCase> {
    let pictures: Vec<PictureRow> = from_json(row, "pictures")?;
    let reopened: i64 = row.try_get("reopened")?;
    Ok(StoredCase {
        id: row.try_get("id")?,
        case: NewCase {
            conversation_id: row.try_get("conversation_id")?,
            tags: from_json(row, "tags")?,
            intents: from_json(row, "intents")?,
            error_codes: from_json(row, "error_codes")?,
            products: from_json(row, "products")?,
            pictures: pictures
                .into_iter()
                .map(|p| CasePicture {
                    file_id: p.file_id,
                    kind: p.kind,
                    phash: p.phash.map(|h| h as u64),
                    text: p.text,
                    error_code: p.error_code,
                })
                .collect(),
            buyer_text: row.try_get("buyer_text")?,
            replies: from_json(row, "replies")?,
            summary: row.try_get("summary")?,
            solved_by: row.try_get("solved_by")?,
        },
        reopened: reopened != 0,
        rating: row.try_get("rating_stars")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn search_text(case: &NewCase) -> String {
    let mut s = case.buyer_text.to_lowercase();
    for p in &case.pictures {
        s.push('\n');
        s.push_str(&p.text.to_lowercase());
    }
    s.push('\n');
    s.push_str(&case.summary.to_lowercase());
    s
}

/// `%word%` with LIKE's own wildcards escaped (with `\`).
fn like(word: &str) -> String {
    let mut out = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// Stores the case of a resolved conversation. A conversation resolved
    /// again (after a reopen) updates its case and marks it reopened.
    pub async fn save_case(&self, case: &NewCase, now: Millis) -> Result<StoredCase> {
        let pictures: Vec<PictureRow> = case
            .pictures
            .iter()
            .map(|p| PictureRow {
                file_id: p.file_id.clone(),
                kind: p.kind.clone(),
                phash: p.phash.map(|h| h as i64),
                text: p.text.clone(),
                error_code: p.error_code.clone(),
            })
            .collect();
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO cases (conversation_id, tags, intents, error_codes, products, pictures, \
             buyer_text, replies, summary, solved_by, reopened, search_text, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $12) \
             ON CONFLICT (conversation_id) DO UPDATE SET tags = excluded.tags, \
             intents = excluded.intents, error_codes = excluded.error_codes, \
             products = excluded.products, pictures = excluded.pictures, \
             buyer_text = excluded.buyer_text, replies = excluded.replies, \
             summary = excluded.summary, solved_by = excluded.solved_by, reopened = 1, \
             search_text = excluded.search_text, updated_at = excluded.updated_at",
        )
        .bind(case.conversation_id)
        .bind(json(&case.tags)?)
        .bind(json(&case.intents)?)
        .bind(json(&case.error_codes)?)
        .bind(json(&case.products)?)
        .bind(json(&pictures)?)
        .bind(&case.buyer_text)
        .bind(json(&case.replies)?)
        .bind(&case.summary)
        .bind(&case.solved_by)
        .bind(search_text(case))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // Reports group conversations by these (conversation_labels).
        let id = case.conversation_id;
        crate::report_facts::set_labels(&mut tx, id, "tag", &case.tags).await?;
        crate::report_facts::set_labels(&mut tx, id, "intent", &case.intents).await?;
        crate::report_facts::set_labels(&mut tx, id, "product", &case.products).await?;
        tx.commit().await?;
        self.case_of_conversation(case.conversation_id)
            .await?
            .ok_or(StoreError::NotFound {
                what: "case",
                id: case.conversation_id.to_string(),
            })
    }

    /// The case of a conversation, if it was resolved.
    pub async fn case_of_conversation(&self, conversation_id: i64) -> Result<Option<StoredCase>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM cases c JOIN conversations v ON v.id = c.conversation_id \
             WHERE c.conversation_id = $1"
        ))
        .bind(conversation_id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(case_from_row).transpose()
    }

    /// Replaces a case's tags and summary (an agent confirming or editing).
    pub async fn edit_case(
        &self,
        id: i64,
        tags: &[String],
        summary: &str,
        now: Millis,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "UPDATE cases SET tags = $1, summary = $2, updated_at = $3 WHERE id = $4 \
             RETURNING conversation_id",
        )
        .bind(json(&tags)?)
        .bind(summary)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return found(0, "case", id);
        };
        let conversation_id: i64 = row.try_get("conversation_id")?;
        crate::report_facts::set_labels(&mut tx, conversation_id, "tag", tags).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cases matching `filter`, most recently updated first.
    pub async fn cases(&self, filter: &CaseFilter) -> Result<Vec<StoredCase>> {
        let mut sql = Sql::new(format!(
            "SELECT {COLUMNS} FROM cases c JOIN conversations v ON v.id = c.conversation_id \
             WHERE 1 = 1"
        ));
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            for word in q.split_whitespace().take(8) {
                sql.push(" AND c.search_text LIKE ")
                    .bind(like(&word.to_lowercase()))
                    .push(" ESCAPE '\\'");
            }
        }
        // JSON lists hold each value quoted: match the quoted value.
        for (col, value) in [
            ("c.error_codes", &filter.error_code),
            ("c.products", &filter.product),
            ("c.tags", &filter.tag),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                let quoted = json(&v)?;
                sql.push(&format!(" AND {col} LIKE "))
                    .bind(like(&quoted))
                    .push(" ESCAPE '\\'");
            }
        }
        sql.push(" ORDER BY c.updated_at DESC, c.id DESC LIMIT ")
            .bind(filter.limit.clamp(1, 100_000));
        let rows = sql.query()?.fetch_all(&self.read).await?;
        rows.iter().map(case_from_row).collect()
    }

    /// The problem-tag taxonomy, by name.
    pub async fn problem_tags(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT name FROM problem_tags ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>("name").map_err(StoreError::from))
            .collect()
    }

    /// Adds a tag to the taxonomy; a name already there is a conflict.
    pub async fn add_problem_tag(&self, name: &str, now: Millis) -> Result<()> {
        let done = sqlx::query(
            "INSERT INTO problem_tags (name, created_at) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(now)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                field: "name",
                value: name.to_string(),
            });
        }
        Ok(())
    }

    /// Removes a tag from the taxonomy (cases keep the names they were given).
    pub async fn remove_problem_tag(&self, name: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM problem_tags WHERE name = $1")
            .bind(name)
            .execute(&self.write)
            .await?;
        found(done.rows_affected(), "problem tag", name)?;
        Ok(())
    }

    /// Each picture of a conversation: file, kind, phash and the text read.
    pub async fn pictures_of(&self, conversation_id: i64) -> Result<Vec<CasePicture>> {
        let rows = sqlx::query(
            "SELECT file_id, kind, phash, lines, fields FROM image_analyses \
             WHERE conversation_id = $1 ORDER BY id LIMIT 50",
        )
        .bind(conversation_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let lines: Vec<kadesk_domain::AnalysisLine> = from_json(row, "lines")?;
                let phash: Option<i64> = row.try_get("phash")?;
                let fields: kadesk_domain::ScreenshotFields = from_json(row, "fields")?;
                Ok(CasePicture {
                    file_id: row.try_get("file_id")?,
                    kind: row.try_get("kind")?,
                    phash: phash.map(|h| h as u64),
                    text: lines
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    error_code: fields.error_code,
                })
            })
            .collect()
    }
}
