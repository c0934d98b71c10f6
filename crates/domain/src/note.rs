//! Internal notes: what agents write into a conversation's thread for each
//! other. A note is not a [`Message`](crate::Message): it is stored apart
//! and travels only to agents, so no buyer-facing path can carry one.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Millis;

/// An agent's note in a conversation, for agents only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Note {
    pub id: i64,
    pub conversation_id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// Plain text, at most 4,000 characters.
    pub text: String,
    /// Ids of the colleagues it mentions with `@name` (told at once).
    pub mentions: Vec<i64>,
    pub created_at: Millis,
}
