//! Knowledge-base articles: create, read, update, delete, list with a text
//! and tag filter and id-cursor pagination, and all of them for building the
//! search index. Lists (tags, error codes, products) are stored as JSON.

use kadesk_domain::{now_millis, Article, ArticleDraft};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::sql::Sql;
use crate::{parse_col, Result, Store, StoreError};

const ARTICLE_COLUMNS: &str =
    "id, title, body, tags, error_codes, products, language, enabled, created_at, updated_at";

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Only those whose title or body contains this text (case-insensitive).
    pub text: Option<String>,
    /// Only those carrying this tag (exact).
    pub tag: Option<String>,
}

/// One page of articles, newest first; `next` is the id to continue below.
#[derive(Debug, Clone)]
pub struct ArticlePage {
    pub items: Vec<Article>,
    pub next: Option<i64>,
}

fn list_col(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    let raw: String = row.try_get(col)?;
    serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

fn article_from_row(row: &AnyRow) -> Result<Article> {
    let enabled: i64 = row.try_get("enabled")?;
    Ok(Article {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        tags: list_col(row, "tags")?,
        error_codes: list_col(row, "error_codes")?,
        products: list_col(row, "products")?,
        language: parse_col(row, "language")?,
        enabled: enabled != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

/// `text` for a LIKE pattern, its wildcards escaped with `\`.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Store {
    /// Stores a new article (already validated).
    pub async fn create_article(
        &self,
        draft: &ArticleDraft,
        created_by: Option<i64>,
    ) -> Result<Article> {
        let now = now_millis();
        let row = sqlx::query(&format!(
            "INSERT INTO knowledge_articles (title, body, tags, error_codes, products, language, \
             enabled, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING {ARTICLE_COLUMNS}"
        ))
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(json(&draft.tags))
        .bind(json(&draft.error_codes))
        .bind(json(&draft.products))
        .bind(draft.language.as_str())
        .bind(i64::from(draft.enabled))
        .bind(created_by)
        .bind(now)
        .fetch_one(&self.write)
        .await?;
        article_from_row(&row)
    }

    /// Replaces an article's fields.
    pub async fn update_article(&self, id: i64, draft: &ArticleDraft) -> Result<Article> {
        let row = sqlx::query(&format!(
            "UPDATE knowledge_articles SET title = $1, body = $2, tags = $3, error_codes = $4, \
             products = $5, language = $6, enabled = $7, updated_at = $8 WHERE id = $9 \
             RETURNING {ARTICLE_COLUMNS}"
        ))
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(json(&draft.tags))
        .bind(json(&draft.error_codes))
        .bind(json(&draft.products))
        .bind(draft.language.as_str())
        .bind(i64::from(draft.enabled))
        .bind(now_millis())
        .bind(id)
        .fetch_optional(&self.write)
        .await?
        .ok_or_else(|| not_found(id))?;
        article_from_row(&row)
    }

    /// Deletes an article.
    pub async fn delete_article(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM knowledge_articles WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    /// An article by id.
    pub async fn article(&self, id: i64) -> Result<Article> {
        let row = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM knowledge_articles WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or_else(|| not_found(id))?;
        article_from_row(&row)
    }

    /// Articles matching `filter`, newest first, below the id `after`.
    pub async fn articles(
        &self,
        filter: &ArticleFilter,
        after: Option<i64>,
        limit: i64,
    ) -> Result<ArticlePage> {
        let text = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| format!("%{}%", like_escaped(&t.to_lowercase())));
        let tag = filter
            .tag
            .as_deref()
            .filter(|t| !t.is_empty())
            // Tags are stored as a JSON array: look for the quoted tag.
            .map(|t| {
                format!(
                    "%{}%",
                    like_escaped(&serde_json::Value::from(t).to_string())
                )
            });
        let mut sql = Sql::new(format!(
            "SELECT {ARTICLE_COLUMNS} FROM knowledge_articles WHERE id < "
        ));
        sql.bind(after.unwrap_or(i64::MAX));
        if let Some(text) = text {
            sql.push(" AND (LOWER(title) LIKE ").bind(text);
            let text = sql.last();
            sql.push(" ESCAPE '\\' OR LOWER(body) LIKE ")
                .push_again(&text)
                .push(" ESCAPE '\\')");
        }
        if let Some(tag) = tag {
            sql.push(" AND tags LIKE ").bind(tag).push(" ESCAPE '\\'");
        }
        sql.push(" ORDER BY id DESC LIMIT ").bind(limit + 1);
        let rows = sql.query()?.fetch_all(&self.read).await?;
        let mut items = rows
            .iter()
            .map(article_from_row)
            .collect::<Result<Vec<_>>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(usize::try_from(limit).unwrap_or(0));
            items.last().map(|a| a.id)
        } else {
            None
        };
        Ok(ArticlePage { items, next })
    }

    /// Every article, enabled or not, oldest first (to build the index).
    pub async fn all_articles(&self) -> Result<Vec<Article>> {
        let rows = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM knowledge_articles ORDER BY id"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(article_from_row).collect()
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "article",
        id: id.to_string(),
    }
}
