//! Delivery to messaging platforms: the messages the desk wrote into
//! conversations on platform channels, collected in order by a stored
//! cursor, queued one row per platform message, sent in order per
//! recipient with retries, and a failure kept with the platform's error.
//! Also each channel's small named state (cursors, offsets).

use kadesk_domain::{Channel, Message, Millis};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::messages::{message_from_row, MESSAGE_COLUMNS};
use crate::{is_unique_violation, parse_col, Result, Store, StoreError};

/// A stored message to a buyer on a platform channel.
#[derive(Debug, Clone)]
pub struct PlatformMessage {
    pub message: Message,
    /// The conversation's channel.
    pub channel: Channel,
    /// The buyer's id on that platform.
    pub recipient: String,
}

/// A platform message to queue.
#[derive(Debug, Clone)]
pub struct NewOutgoing {
    pub channel: Channel,
    pub recipient: String,
    pub conversation_id: i64,
    /// The stored message it renders (`None` for card keys, never stored).
    pub message_id: Option<i64>,
    /// Its place among the platform messages one stored message became.
    pub part: i64,
    /// What to send, as the channel encoded it.
    pub body: String,
}

/// A queued platform message.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub channel: Channel,
    pub recipient: String,
    pub conversation_id: i64,
    pub message_id: Option<i64>,
    pub body: String,
    /// Attempts so far.
    pub attempts: i64,
}

/// Where a platform message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting to be sent (or to be tried again).
    Pending,
    /// The platform took it.
    Sent,
    /// Given up: see the platform's error.
    Failed,
}

impl DeliveryStatus {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }
}

impl std::str::FromStr for DeliveryStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "pending" => Ok(DeliveryStatus::Pending),
            "sent" => Ok(DeliveryStatus::Sent),
            "failed" => Ok(DeliveryStatus::Failed),
            other => Err(format!("unknown delivery status {other:?}")),
        }
    }
}

/// A platform message as agents see it (no body: it may hold card keys).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    pub id: i64,
    pub channel: Channel,
    pub conversation_id: i64,
    /// The stored message it renders; absent for re-delivered card keys.
    pub message_id: Option<i64>,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// The platform's last error, if any.
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
}

const OUTGOING_COLUMNS: &str =
    "id, channel, recipient, conversation_id, message_id, body, attempts";
const DELIVERY_COLUMNS: &str =
    "id, channel, conversation_id, message_id, status, attempts, last_error, created_at, sent_at";

fn outgoing_from_row(row: &AnyRow) -> Result<Outgoing> {
    Ok(Outgoing {
        id: row.try_get("id")?,
        channel: parse_col(row, "channel")?,
        recipient: row.try_get("recipient")?,
        conversation_id: row.try_get("conversation_id")?,
        message_id: row.try_get("message_id")?,
        body: row.try_get("body")?,
        attempts: row.try_get("attempts")?,
    })
}

fn delivery_from_row(row: &AnyRow) -> Result<Delivery> {
    Ok(Delivery {
        id: row.try_get("id")?,
        channel: parse_col(row, "channel")?,
        conversation_id: row.try_get("conversation_id")?,
        message_id: row.try_get("message_id")?,
        status: parse_col(row, "status")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

impl Store {
    /// A channel's named state (a cursor, an offset), if set.
    pub async fn channel_state(&self, channel: &str, name: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM channel_state WHERE channel = $1 AND name = $2")
            .bind(channel)
            .bind(name)
            .fetch_optional(&self.write)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("value")?),
            None => None,
        })
    }

    /// Sets a channel's named state.
    pub async fn set_channel_state(&self, channel: &str, name: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO channel_state (channel, name, value) VALUES ($1, $2, $3) \
             ON CONFLICT (channel, name) DO UPDATE SET value = excluded.value",
        )
        .bind(channel)
        .bind(name)
        .bind(value)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The id of the newest message (0 when there is none).
    pub async fn last_message_id(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS last FROM messages")
            .fetch_one(&self.write)
            .await?;
        Ok(row.try_get("last")?)
    }

    /// Messages after id `after` that the desk (bot, agents, notices) wrote
    /// into conversations on platform channels, oldest first, with the
    /// buyer's platform id; the web widget's and buyers' own are left out.
    pub async fn platform_messages_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<PlatformMessage>> {
        let columns: Vec<String> = MESSAGE_COLUMNS
            .split(',')
            .map(|c| format!("m.{}", c.trim()))
            .collect();
        let rows = sqlx::query(&format!(
            "SELECT {}, c.channel AS conversation_channel, i.platform_user_id \
             FROM messages m \
             JOIN conversations c ON c.id = m.conversation_id \
             JOIN channel_identities i ON i.contact_id = c.contact_id AND i.channel = c.channel \
             WHERE m.id > $1 AND m.sender <> 'buyer' AND c.channel <> 'web' \
             ORDER BY m.id LIMIT $2",
            columns.join(", ")
        ))
        .bind(after)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PlatformMessage {
                    message: message_from_row(row)?,
                    channel: parse_col(row, "conversation_channel")?,
                    recipient: row.try_get("platform_user_id")?,
                })
            })
            .collect()
    }

    /// Queues platform messages, due at `now`. A part already queued for
    /// the same stored message is left as it is (collecting twice after a
    /// restart queues nothing twice).
    pub async fn enqueue_outgoing(&self, rows: &[NewOutgoing], now: Millis) -> Result<usize> {
        let mut queued = 0;
        for new in rows {
            let inserted = sqlx::query(
                "INSERT INTO channel_outbox (channel, recipient, conversation_id, message_id, \
                 part, body, status, attempts, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
            )
            .bind(new.channel.as_str())
            .bind(&new.recipient)
            .bind(new.conversation_id)
            .bind(new.message_id)
            .bind(new.part)
            .bind(&new.body)
            .bind(now)
            .execute(&self.write)
            .await;
            match inserted {
                Ok(_) => queued += 1,
                Err(e) if is_unique_violation(&e) => {}
                Err(e) => return Err(StoreError::from(e)),
            }
        }
        Ok(queued)
    }

    /// Platform messages due at `now`: the first pending one of each
    /// recipient, so a recipient's messages go out in order.
    pub async fn due_outgoing(&self, now: Millis, limit: i64) -> Result<Vec<Outgoing>> {
        let rows = sqlx::query(&format!(
            "SELECT {OUTGOING_COLUMNS} FROM channel_outbox o \
             WHERE o.status = 'pending' AND o.next_attempt_at <= $1 \
             AND NOT EXISTS (SELECT 1 FROM channel_outbox p WHERE p.status = 'pending' \
                 AND p.channel = o.channel AND p.recipient = o.recipient AND p.id < o.id) \
             ORDER BY o.id LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        rows.iter().map(outgoing_from_row).collect()
    }

    /// The platform took a message.
    pub async fn outgoing_sent(&self, id: i64, now: Millis) -> Result<()> {
        sqlx::query(
            "UPDATE channel_outbox SET status = 'sent', attempts = attempts + 1, \
             sent_at = $2, body = '' WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// An attempt failed: tried again at `retry_at`, or (`None`) given up
    /// for good. The body of a message given up is dropped (it may hold
    /// sealed card keys).
    pub async fn outgoing_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Millis>,
    ) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        match retry_at {
            Some(at) => sqlx::query(
                "UPDATE channel_outbox SET attempts = attempts + 1, next_attempt_at = $2, \
                 last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(at)
            .bind(error),
            None => sqlx::query(
                "UPDATE channel_outbox SET status = 'failed', attempts = attempts + 1, \
                 last_error = $2, body = '' WHERE id = $1",
            )
            .bind(id)
            .bind(error),
        }
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The platform messages of a conversation, newest first.
    pub async fn deliveries(&self, conversation_id: i64, limit: i64) -> Result<Vec<Delivery>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM channel_outbox WHERE conversation_id = $1 \
             ORDER BY id DESC LIMIT $2"
        ))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Platform messages in `status`, newest first.
    pub async fn deliveries_in(&self, status: DeliveryStatus, limit: i64) -> Result<Vec<Delivery>> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM channel_outbox WHERE status = $1 \
             ORDER BY id DESC LIMIT $2"
        ))
        .bind(status.as_str())
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(delivery_from_row).collect()
    }
}
