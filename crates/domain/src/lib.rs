//! The words every other kadesk crate speaks: ids, entities, statuses, live
//! events and error codes. No I/O lives here, so everything is plain data that
//! serialises to the JSON documented in `docs/protocol.md`.
//!
//! - [`Conversation`], [`Message`], [`Contact`], [`User`] are what the store
//!   returns and the API sends.
//! - [`Event`] is what the hub publishes to agents' live sockets.
//! - [`BuyerConversation`], [`BuyerContact`], [`BuyerMessage`] and
//!   [`BuyerFrame`] are the buyer view types: all a buyer is ever sent
//!   (no handoff, tags, priority or other agent-only fields).
//! - [`ErrorCode`] is the one table of stable error codes used at the edges.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

mod buyer;
mod clock;
mod error;
mod event;
mod lang;

pub use analysis::{
    AnalysisFlag, AnalysisLine, ImageAnalysis, ScreenshotCategory, ScreenshotFields, SeenBefore,
};
pub use buyer::{BuyerContact, BuyerConversation, BuyerFrame, BuyerMessage, BuyerQueue};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::ErrorCode;
pub use event::Event;
pub use lang::Lang;

/// Milliseconds since the Unix epoch; every stored time uses it.
pub type Millis = i64;

/// The current time in milliseconds.
pub fn now_millis() -> Millis {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// Implements `as_str`, `Display` and `FromStr` for a unit enum whose wire
/// names are its snake_case variant names.
macro_rules! wire_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used on the wire and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    other => Err($crate::UnknownName {
                        what: stringify!($ty),
                        name: other.to_owned(),
                        allowed: &[$($name),+],
                    }),
                }
            }
        }
    };
}

// After the macro, which they use.
mod analysis;
pub mod text;
mod vocab;

pub use vocab::{
    money_label, priority_level, ButtonPayload, DeliveryStatus, Intent, Money, PaymentStatus,
    Priority, SlaTarget, Totals,
};

/// A name that is not one of an enum's wire names.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown {what} {name:?}; expected one of {allowed:?}")]
pub struct UnknownName {
    /// The enum being parsed.
    pub what: &'static str,
    /// The name that was given.
    pub name: String,
    /// The names that would have been accepted.
    pub allowed: &'static [&'static str],
}

/// Who currently owns a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The bot answers; no human is involved.
    Bot,
    /// Waiting in the queue for an agent.
    Queued,
    /// An agent owns it.
    Assigned,
    /// Solved; a new buyer message reopens it.
    Resolved,
    /// Archived; nothing reopens it.
    Closed,
}

wire_enum!(ConversationStatus {
    Bot => "bot",
    Queued => "queued",
    Assigned => "assigned",
    Resolved => "resolved",
    Closed => "closed",
});

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    Buyer,
    Agent,
    Bot,
    System,
}

wire_enum!(SenderKind {
    Buyer => "buyer",
    Agent => "agent",
    Bot => "bot",
    System => "system",
});

/// What a signed-in user may do. Ordered: an admin may do what a supervisor
/// may, and a supervisor what an agent may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Supervisor,
    Admin,
}

wire_enum!(Role {
    Agent => "agent",
    Supervisor => "supervisor",
    Admin => "admin",
});

/// Whether an agent takes conversations now. `offline` is never chosen: it
/// is what an agent is with no console open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Takes new conversations.
    Online,
    /// At the desk but takes no new conversations (by hand, or idle too long).
    Away,
    /// No console open.
    Offline,
}

wire_enum!(AgentStatus {
    Online => "online",
    Away => "away",
    Offline => "offline",
});

/// Where a buyer wrote from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Telegram,
    Wechat,
    Whatsapp,
    Email,
}

wire_enum!(Channel {
    Web => "web",
    Telegram => "telegram",
    Wechat => "wechat",
    Whatsapp => "whatsapp",
    Email => "email",
});

/// A buyer, anonymous or known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// BCP 47 tag the buyer's UI uses, e.g. `zh-CN` or `en`.
    pub language: String,
    pub channel: Channel,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    /// Labels agents gave the contact; `vip` (any case) makes a VIP for the bot.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Contact {
    /// The contact carries the `vip` tag (any case).
    pub fn is_tagged_vip(&self) -> bool {
        self.tags
            .iter()
            .any(|t| t.trim().eq_ignore_ascii_case("vip"))
    }
}

/// One conversation between a buyer and the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Conversation {
    pub id: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    // Sent as the level: 0 normal, 1 high, 2 urgent.
    /// Higher is more urgent; 0 is normal.
    #[serde(with = "priority_level")]
    #[schema(value_type = i32)]
    pub priority: Priority,
    pub channel: Channel,
    pub last_message_text: Option<String>,
    pub last_message_at: Option<Millis>,
    /// The `seq` of the newest message, 0 when there is none.
    pub last_seq: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Why the bot handed the conversation to a person, with its summary;
    /// absent when it never did (or an agent handed it back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff: Option<Handoff>,
    /// The buyer's rating, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// A buyer's rating of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Rating {
    /// 1 (bad) to 5 (very good).
    pub stars: u8,
    /// What the buyer added, at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub rated_at: Millis,
}

/// The bot's handoff of a conversation to the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Handoff {
    /// Machine-readable reasons, most important first (`human_request` …).
    pub reasons: Vec<String>,
    /// `urgent`, `high` or `normal` (also stored as the conversation's priority).
    pub priority: Priority,
    /// What the bot learned, for the agent, in Chinese.
    pub summary_zh: String,
    /// The same in English.
    pub summary_en: String,
}

/// A button under a bot message; pressing it sends its `payload` back as a
/// `send` frame's `quick_reply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuickReply {
    pub label: String,
    pub payload: String,
}

/// Card keys in plain text, on their way to a verified buyer's socket only.
/// Serialises as the plain list; `Debug` hides them. Never store or log.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PlainKeys(pub Vec<String>);

impl std::fmt::Debug for PlainKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlainKeys({} hidden)", self.0.len())
    }
}

/// A stored file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    /// SHA-256 of the bytes, lower-case hex.
    pub id: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Where the bytes can be fetched.
    pub url: String,
    /// Picture size in pixels (after the EXIF orientation); absent on files
    /// stored before screenshots were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Where a small JPEG preview (longest side 320 px) can be fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
}

impl Attachment {
    /// The URL a stored file is served at.
    pub fn url_for(id: &str) -> String {
        format!("/api/v1/files/{id}")
    }

    /// The URL a stored file's thumbnail is served at.
    pub fn thumbnail_url_for(id: &str) -> String {
        format!("/api/v1/files/{id}/thumbnail")
    }
}

/// One message in a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    /// Position in the conversation, counting from 1 without gaps.
    pub seq: i64,
    pub sender: SenderKind,
    pub sender_id: Option<i64>,
    pub sender_name: Option<String>,
    pub text: String,
    pub attachments: Vec<Attachment>,
    /// The id the sender chose, for idempotent retries.
    pub client_id: Option<String>,
    pub created_at: Millis,
    /// Buttons under a bot message; absent on other messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_replies: Option<Vec<QuickReply>>,
}

/// A person who signs in to the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: Millis,
    /// The user may not sign in (an admin disabled them); they have no sessions.
    pub disabled: bool,
}

/// A product of the shop, as shown on the demo page and to agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// Price in the smallest unit of the currency (fen for CNY).
    pub price_cents: i64,
    pub currency: String,
    pub stock: i64,
}

/// Limits that the API, the sockets and the store agree on.
pub mod limits {
    /// Longest message text, in characters.
    pub const MAX_TEXT_CHARS: usize = 4000;
    /// Longest client message id, in bytes.
    pub const MAX_CLIENT_ID_LEN: usize = 64;
    /// Most attachments on one message.
    pub const MAX_ATTACHMENTS: usize = 10;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_round_trip_through_display_and_parse() {
        for status in ConversationStatus::ALL {
            let parsed: ConversationStatus = status.as_str().parse().expect("own name parses");
            assert_eq!(parsed, *status);
            assert_eq!(
                serde_json::to_value(status).expect("serialises"),
                serde_json::Value::String(status.to_string())
            );
        }
    }

    #[test]
    fn unknown_status_names_the_allowed_values() {
        let err = "open"
            .parse::<ConversationStatus>()
            .expect_err("not a status");
        let text = err.to_string();
        assert!(text.contains("\"open\""), "{text}");
        assert!(text.contains("queued"), "{text}");
    }

    #[test]
    fn roles_are_ordered_by_power() {
        assert!(Role::Admin > Role::Supervisor);
        assert!(Role::Supervisor > Role::Agent);
    }
}

mod knowledge;
pub use knowledge::{Article, ArticleDraft, ArticleLanguage};
mod canned;
pub use canned::{ReplyLanguage, CANNED_VARIABLES};
mod note;
pub use note::Note;
pub mod report;
