//! Buyers. A web visitor is found again by the SHA-256 of the visitor token
//! their widget keeps.

use kadesk_domain::{now_millis, Channel, Contact};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{parse_col, Result, Store, StoreError};

const CONTACT_COLUMNS: &str =
    "id, name, email, phone, language, channel, created_at, last_seen_at, tags";

/// Most tags on one contact, and the longest tag in characters.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 32;

fn contact_from_row(row: &AnyRow) -> Result<Contact> {
    Ok(Contact {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        language: row.try_get("language")?,
        channel: parse_col(row, "channel")?,
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        tags: serde_json::from_str(&row.try_get::<String, _>("tags")?)
            .map_err(|e| StoreError::Corrupt(format!("contact tags: {e}")))?,
    })
}

/// Changes to a contact; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default, Clone)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    /// The whole new tag list (already checked against [`MAX_TAGS`]).
    pub tags: Option<Vec<String>>,
}

impl Store {
    /// Adds a contact, optionally findable by a visitor token's hash.
    pub async fn create_contact(
        &self,
        name: &str,
        language: &str,
        channel: Channel,
        visitor_token_hash: Option<&str>,
    ) -> Result<Contact> {
        let now = now_millis();
        let row = sqlx::query(&format!(
            "INSERT INTO contacts (name, language, channel, visitor_token_hash, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING {CONTACT_COLUMNS}"
        ))
        .bind(name)
        .bind(language)
        .bind(channel.as_str())
        .bind(visitor_token_hash)
        .bind(now)
        .fetch_one(&self.write)
        .await?;
        contact_from_row(&row)
    }

    /// The contact whose visitor token hashes to `hash`, marked as seen now.
    pub async fn touch_visitor(&self, hash: &str) -> Result<Option<Contact>> {
        let row = sqlx::query(&format!(
            "UPDATE contacts SET last_seen_at = $1 WHERE visitor_token_hash = $2 RETURNING {CONTACT_COLUMNS}"
        ))
        .bind(now_millis())
        .bind(hash)
        .fetch_optional(&self.write)
        .await?;
        row.as_ref().map(contact_from_row).transpose()
    }

    /// The contact whose visitor token hashes to `hash`.
    pub async fn visitor(&self, hash: &str) -> Result<Option<Contact>> {
        let row = sqlx::query(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE visitor_token_hash = $1"
        ))
        .bind(hash)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(contact_from_row).transpose()
    }

    /// A contact by id.
    pub async fn contact(&self, id: i64) -> Result<Contact> {
        let row = sqlx::query(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "contact",
            id: id.to_string(),
        })?;
        contact_from_row(&row)
    }

    /// Contacts whose name, e-mail or phone contains `query`, newest first,
    /// after the contact with id `before` when given.
    pub async fn contacts(
        &self,
        query: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Contact>> {
        let pattern = query.map(|q| format!("%{}%", q.replace(['%', '_'], "")));
        let rows = sqlx::query(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts \
             WHERE ($1 IS NULL OR name LIKE $1 OR email LIKE $1 OR phone LIKE $1) \
             AND id < $2 ORDER BY id DESC LIMIT $3"
        ))
        .bind(pattern)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(contact_from_row).collect()
    }

    /// Applies a patch to a contact.
    pub async fn update_contact(&self, id: i64, patch: ContactPatch) -> Result<Contact> {
        let current = self.contact(id).await?;
        let name = patch.name.unwrap_or(current.name);
        let email = patch.email.unwrap_or(current.email);
        let phone = patch.phone.unwrap_or(current.phone);
        let tags = serde_json::to_string(&patch.tags.unwrap_or(current.tags))
            .map_err(|e| StoreError::Corrupt(format!("contact tags: {e}")))?;
        let row = sqlx::query(&format!(
            "UPDATE contacts SET name = $1, email = $2, phone = $3, tags = $4 WHERE id = $5 \
             RETURNING {CONTACT_COLUMNS}"
        ))
        .bind(name)
        .bind(email)
        .bind(phone)
        .bind(tags)
        .bind(id)
        .fetch_one(&self.write)
        .await?;
        contact_from_row(&row)
    }
}
