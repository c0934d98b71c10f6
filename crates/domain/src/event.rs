//! Live events for agents: what the hub publishes to agent sockets and they
//! forward as frames. Buyers get [`BuyerFrame`](crate::BuyerFrame)s instead.

use serde::Serialize;

use crate::{Conversation, ImageAnalysis, Message, Note, Priority, SenderKind, SlaTarget};

/// Something that happened, published to the agents' live sockets.
/// Serialises to the server → client frames of `docs/protocol.md`. Card keys
/// have no variant here: they travel to the buyer only, as a
/// [`BuyerFrame::CardKeys`](crate::BuyerFrame::CardKeys).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A message was stored.
    Message { message: Message },
    /// A conversation's status, assignee or last message changed.
    Conversation { conversation: Conversation },
    /// Someone is typing in a conversation.
    Typing {
        conversation_id: i64,
        sender: SenderKind,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        on: bool,
    },
    /// An agent came online or went offline.
    Presence {
        user_id: i64,
        name: String,
        online: bool,
    },
    /// A screenshot was read (buyers never see the fraud flags or the
    /// recognised text as such).
    Analysis { analysis: Box<ImageAnalysis> },
    /// An agent wrote an internal note (agents only; `note.mentions` are
    /// the colleagues to notify).
    Note { note: Note },
    /// A conversation missed a response-time promise and was escalated:
    /// raised to `priority`, and back in the queue when `requeued` (its
    /// agent was away). Supervisors are told; lists show it in red.
    SlaBreach {
        conversation_id: i64,
        target: SlaTarget,
        #[serde(with = "crate::priority_level")]
        priority: Priority,
        requeued: bool,
    },
}

impl Event {
    /// The conversation the event belongs to, if any.
    pub fn conversation_id(&self) -> Option<i64> {
        match self {
            Event::Message { message } => Some(message.conversation_id),
            Event::Conversation { conversation } => Some(conversation.id),
            Event::Typing {
                conversation_id, ..
            } => Some(*conversation_id),
            Event::Presence { .. } => None,
            Event::Analysis { analysis } => Some(analysis.conversation_id),
            Event::Note { note } => Some(note.conversation_id),
            Event::SlaBreach {
                conversation_id, ..
            } => Some(*conversation_id),
        }
    }
}
