//! Canned replies: texts agents insert with a shortcut (`/退款`), shared by
//! the team or personal, with variables filled from the conversation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The language a canned reply is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReplyLanguage {
    /// Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

wire_enum!(ReplyLanguage {
    Zh => "zh",
    En => "en",
});

/// The variables a canned reply may use, each written `{name}`.
pub const CANNED_VARIABLES: &[&str] = &["buyer_name", "order_no", "product", "agent_name"];
