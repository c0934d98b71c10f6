//! Search from the console's top bar: conversations by the buyer's name,
//! e-mail or phone, by any text in their messages (an order number, a
//! phrase), or by number. Parts of 3 characters or more go through trigram
//! indexes (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm`; migration 0015);
//! shorter ones only look at contact names.

use sqlx::Row;

use crate::{Backend, Result, Store};

/// Where a conversation matched, most telling first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchField {
    /// The conversation's number.
    Id,
    /// The buyer's e-mail.
    Email,
    /// The buyer's phone.
    Phone,
    /// The buyer's name.
    Name,
    /// A message's text.
    Text,
}

impl SearchField {
    /// The wire name (`name`, `email`, `phone`, `text`, `id`).
    pub fn as_str(self) -> &'static str {
        match self {
            SearchField::Id => "id",
            SearchField::Email => "email",
            SearchField::Phone => "phone",
            SearchField::Name => "name",
            SearchField::Text => "text",
        }
    }
}

/// One conversation found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub conversation_id: i64,
    pub field: SearchField,
    /// The matching message's text, for `Text` hits.
    pub snippet: Option<String>,
}

/// Most matching messages read per search (newest first).
const MESSAGE_ROWS: i64 = 400;

/// `"…"` quoted as one FTS5 phrase.
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// `%q%` for LIKE/ILIKE with `\` escaping `%`, `_` and itself.
fn like_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// Conversations matching `query`, at most `limit`: the conversation of
    /// that number, then those of contacts whose e-mail, phone or name
    /// contains it (newest conversation of each), then those with a message
    /// containing it (newest message first). Case does not matter.
    pub async fn search_conversations(&self, query: &str, limit: i64) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        let limit = limit.clamp(1, 100);
        let mut hits: Vec<SearchHit> = Vec::new();
        let push = |hits: &mut Vec<SearchHit>, hit: SearchHit| {
            if !hits
                .iter()
                .any(|h| h.conversation_id == hit.conversation_id)
            {
                hits.push(hit);
            }
        };
        if q.is_empty() {
            return Ok(hits);
        }
        let digits = q.trim_start_matches('#');
        if let Ok(id) = digits.parse::<i64>() {
            let found = sqlx::query("SELECT id FROM conversations WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
            if found.is_some() {
                push(
                    &mut hits,
                    SearchHit {
                        conversation_id: id,
                        field: SearchField::Id,
                        snippet: None,
                    },
                );
            }
        }
        let long = q.chars().count() >= 3;
        // Contacts: the newest conversation of each.
        let contact_sql = match (self.backend, long) {
            (Backend::Sqlite, true) => {
                "SELECT c.id AS contact_id, c.name, c.email, c.phone FROM contact_search s \
                 JOIN contacts c ON c.id = s.rowid WHERE contact_search MATCH $1 \
                 ORDER BY c.last_seen_at DESC LIMIT $2"
            }
            (Backend::Postgres, true) => {
                "SELECT id AS contact_id, name, email, phone FROM contacts \
                 WHERE name ILIKE $1 OR email ILIKE $1 OR phone ILIKE $1 \
                 ORDER BY last_seen_at DESC LIMIT $2"
            }
            (Backend::Sqlite, false) => {
                "SELECT id AS contact_id, name, email, phone FROM contacts \
                 WHERE name LIKE $1 ESCAPE '\\' ORDER BY last_seen_at DESC LIMIT $2"
            }
            (Backend::Postgres, false) => {
                "SELECT id AS contact_id, name, email, phone FROM contacts \
                 WHERE name ILIKE $1 ORDER BY last_seen_at DESC LIMIT $2"
            }
        };
        let contact_arg = match (self.backend, long) {
            (Backend::Sqlite, true) => fts_phrase(q),
            _ => like_pattern(q),
        };
        let contacts = sqlx::query(contact_sql)
            .bind(contact_arg)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        let lower = q.to_lowercase();
        let contains = |v: Option<String>| v.is_some_and(|v| v.to_lowercase().contains(&lower));
        let mut by_contact = Vec::new();
        for row in &contacts {
            let field = if contains(row.try_get("email")?) {
                SearchField::Email
            } else if contains(row.try_get("phone")?) {
                SearchField::Phone
            } else {
                SearchField::Name
            };
            by_contact.push((row.try_get::<i64, _>("contact_id")?, field));
        }
        by_contact.sort_by_key(|(_, f)| *f);
        for (contact_id, field) in by_contact {
            let newest = sqlx::query(
                "SELECT id FROM conversations WHERE contact_id = $1 \
                 ORDER BY updated_at DESC, id DESC LIMIT 1",
            )
            .bind(contact_id)
            .fetch_optional(&self.read)
            .await?;
            if let Some(row) = newest {
                push(
                    &mut hits,
                    SearchHit {
                        conversation_id: row.try_get("id")?,
                        field,
                        snippet: None,
                    },
                );
            }
        }
        // Message text: newest matching messages first.
        if long && (hits.len() as i64) < limit {
            let (sql, arg) = match self.backend {
                Backend::Sqlite => (
                    "SELECT m.conversation_id, m.text FROM message_search s \
                     JOIN messages m ON m.id = s.rowid WHERE message_search MATCH $1 \
                     ORDER BY s.rowid DESC LIMIT $2",
                    fts_phrase(q),
                ),
                Backend::Postgres => (
                    "SELECT conversation_id, text FROM messages WHERE text ILIKE $1 \
                     ORDER BY id DESC LIMIT $2",
                    like_pattern(q),
                ),
            };
            let rows = sqlx::query(sql)
                .bind(arg)
                .bind(MESSAGE_ROWS)
                .fetch_all(&self.read)
                .await?;
            for row in &rows {
                if hits.len() as i64 >= limit {
                    break;
                }
                push(
                    &mut hits,
                    SearchHit {
                        conversation_id: row.try_get("conversation_id")?,
                        field: SearchField::Text,
                        snippet: Some(row.try_get("text")?),
                    },
                );
            }
        }
        hits.truncate(limit as usize);
        Ok(hits)
    }

    /// Fills an empty database with `conversations` conversations of
    /// `messages` messages each (every tenth mentions an order number), for
    /// `kadesk bench search` only: one transaction, plain inserts, no
    /// events. Answers the order numbers written.
    pub async fn seed_for_search_bench(
        &self,
        conversations: i64,
        messages: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.write.begin().await?;
        let mut orders = Vec::new();
        for i in 1..=conversations {
            let name = format!("买家{i:06}");
            let email = format!("buyer{i}@example.com");
            let phone = format!("139{i:08}");
            sqlx::query(
                "INSERT INTO contacts (name, email, phone, language, channel, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, 'zh-CN', 'web', $4, $4)",
            )
            .bind(&name)
            .bind(&email)
            .bind(&phone)
            .bind(i)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO conversations (contact_id, status, channel, last_seq, created_at, updated_at) \
                 VALUES ($1, 'resolved', 'web', $2, $3, $3)",
            )
            .bind(i)
            .bind(messages)
            .bind(i)
            .execute(&mut *tx)
            .await?;
            for seq in 1..=messages {
                let text = if seq == 1 && i % 10 == 0 {
                    let no = format!("D2024{i:08}X");
                    orders.push(no.clone());
                    format!("订单 {no} 的卡密没收到，麻烦查一下")
                } else {
                    format!("第 {seq} 条消息：请问充值多久到账？会话 {i}")
                };
                sqlx::query(
                    "INSERT INTO messages (conversation_id, seq, sender, text, created_at) \
                     VALUES ($1, $2, 'buyer', $3, $4)",
                )
                .bind(i)
                .bind(seq)
                .bind(text)
                .bind(i)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(orders)
    }
}
