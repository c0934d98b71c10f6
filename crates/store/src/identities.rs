//! Buyers and messages as the channels name them. A platform's user id (a
//! Telegram chat id, a WhatsApp number) is linked to one contact per
//! channel; a platform's message id to the one message stored for it, so a
//! repeated delivery is recognised and stored once.

use kadesk_domain::{now_millis, Channel, Contact, Millis};
use sqlx::Row;

use crate::{is_unique_violation, Result, Store, StoreError};

impl Store {
    /// The contact a platform user id on `channel` belongs to, if linked.
    pub async fn contact_for_identity(
        &self,
        channel: Channel,
        platform_user_id: &str,
    ) -> Result<Option<Contact>> {
        let row = sqlx::query(
            "SELECT contact_id FROM channel_identities WHERE channel = $1 AND platform_user_id = $2",
        )
        .bind(channel.as_str())
        .bind(platform_user_id)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(row) => Ok(Some(self.contact(row.try_get("contact_id")?).await?)),
            None => Ok(None),
        }
    }

    /// Links a platform user id on `channel` to `contact_id`. When another
    /// contact was linked first (two deliveries racing), that one is
    /// returned: the caller uses it instead of its own.
    pub async fn link_identity(
        &self,
        channel: Channel,
        platform_user_id: &str,
        contact_id: i64,
    ) -> Result<i64> {
        let inserted = sqlx::query(
            "INSERT INTO channel_identities (channel, platform_user_id, contact_id, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(channel.as_str())
        .bind(platform_user_id)
        .bind(contact_id)
        .bind(now_millis())
        .execute(&self.write)
        .await;
        match inserted {
            Ok(_) => Ok(contact_id),
            Err(e) if is_unique_violation(&e) => {
                let row = sqlx::query(
                    "SELECT contact_id FROM channel_identities \
                     WHERE channel = $1 AND platform_user_id = $2",
                )
                .bind(channel.as_str())
                .bind(platform_user_id)
                .fetch_one(&self.write)
                .await?;
                Ok(row.try_get("contact_id")?)
            }
            Err(e) => Err(StoreError::from(e)),
        }
    }

    /// The id of the message stored for a platform message id, if any.
    pub async fn channel_message(
        &self,
        channel: Channel,
        platform_message_id: &str,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT message_id FROM channel_messages \
             WHERE channel = $1 AND platform_message_id = $2",
        )
        .bind(channel.as_str())
        .bind(platform_message_id)
        .fetch_optional(&self.write)
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("message_id")?),
            None => None,
        })
    }

    /// Records that `message_id` was stored for a platform message id (a
    /// second record of the same platform message is ignored).
    pub async fn record_channel_message(
        &self,
        channel: Channel,
        platform_message_id: &str,
        message_id: i64,
    ) -> Result<()> {
        let inserted = sqlx::query(
            "INSERT INTO channel_messages (channel, platform_message_id, message_id) \
             VALUES ($1, $2, $3)",
        )
        .bind(channel.as_str())
        .bind(platform_message_id)
        .bind(message_id)
        .execute(&self.write)
        .await;
        match inserted {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Ok(()),
            Err(e) => Err(StoreError::from(e)),
        }
    }

    /// A conversation's platform and the buyer's id there; `None` for a
    /// conversation on the widget or whose buyer has no platform identity.
    pub async fn platform_recipient(
        &self,
        conversation_id: i64,
    ) -> Result<Option<(Channel, String)>> {
        let row = sqlx::query(
            "SELECT c.channel, i.platform_user_id FROM conversations c \
             JOIN channel_identities i ON i.contact_id = c.contact_id AND i.channel = c.channel \
             WHERE c.id = $1 AND c.channel <> 'web'",
        )
        .bind(conversation_id)
        .fetch_optional(&self.write)
        .await?;
        match row {
            Some(row) => Ok(Some((
                crate::parse_col(&row, "channel")?,
                row.try_get("platform_user_id")?,
            ))),
            None => Ok(None),
        }
    }

    /// When the buyer of `contact_id` last wrote on `channel` (in any of
    /// their conversations there), if ever.
    pub async fn last_buyer_message_at(
        &self,
        contact_id: i64,
        channel: Channel,
    ) -> Result<Option<Millis>> {
        let row = sqlx::query(
            "SELECT MAX(m.created_at) AS at FROM messages m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.contact_id = $1 AND c.channel = $2 AND m.sender = 'buyer'",
        )
        .bind(contact_id)
        .bind(channel.as_str())
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get::<Option<i64>, _>("at")?)
    }
}
