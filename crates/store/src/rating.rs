//! Buyers' ratings of their conversations (1–5 stars and a short comment),
//! kept on the conversation row so lists and the contact panel show them.

use kadesk_domain::{now_millis, Conversation, Rating};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::conversations::fetch_conversation;
use crate::{Result, Store, StoreError};

/// The rating stored on a conversation row, if any.
pub(crate) fn rating_from_row(row: &AnyRow) -> Result<Option<Rating>> {
    let stars: Option<i64> = row.try_get("rating_stars")?;
    let Some(stars) = stars else {
        return Ok(None);
    };
    Ok(Some(Rating {
        stars: u8::try_from(stars)
            .map_err(|_| StoreError::Corrupt(format!("rating_stars {stars}")))?,
        comment: row.try_get("rating_comment")?,
        rated_at: row.try_get::<Option<i64>, _>("rated_at")?.unwrap_or(0),
    }))
}

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
