//! Buyers' ratings of their conversations (1–5 stars and a short comment),
//! kept on the conversation row so lists and the contact panel show them.

use kadesk_domain::{now_millis, Conversation};

use crate::conversations::fetch_conversation;
use crate::{Result, Store, StoreError};

impl Store {
    /// Stores the buyer's rating of a conversation. A conversation is rated
    /// once: a second rating is a [`StoreError::Conflict`] and changes nothing.
    pub async fn rate_conversation(
        &self,
        id: i64,
        stars: u8,
        comment: Option<&str>,
    ) -> Result<Conversation> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE conversations SET rating_stars = $1, rating_comment = $2, rated_at = $3, \
             updated_at = $3 WHERE id = $4 AND rating_stars IS NULL",
        )
        .bind(i64::from(stars))
        .bind(comment)
        .bind(now_millis())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let conversation = fetch_conversation(&mut *tx, id).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                field: "rating",
                value: format!("conversation {id}"),
            });
        }
        tx.commit().await?;
        Ok(conversation)
    }
}
