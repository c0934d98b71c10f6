//! What a buyer is shown: the buyer view types. Every answer and socket frame
//! that reaches a buyer (the widget session, the buyer socket, the rating and
//! upload answers) is built from these types, never from the agent's
//! [`Conversation`], [`Contact`] or [`Event`](crate::Event).
//!
//! They have no field for what agents keep about a buyer — the handoff
//! (reasons, the bot's summary with fraud findings, mood labels), the
//! priority, the assignee's id, the contact's tags, e-mail, phone or the name
//! agents gave it — so none of it can be sent by mistake: a new agent-only
//! field on [`Conversation`] or [`Contact`] stays agent-only unless it is
//! added here on purpose.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    Attachment, Contact, Conversation, ConversationStatus, ErrorCode, Message, Millis, PlainKeys,
    QuickReply, Rating, SenderKind,
};

/// The buyer's own conversation, as the widget shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BuyerConversation {
    pub id: i64,
    /// `bot`, `queued`, `assigned`, `resolved` or `closed`.
    pub status: ConversationStatus,
    /// The display name of the agent serving the buyer, once one is.
    pub assignee_name: Option<String>,
    /// The `seq` of the newest message, 0 when there is none.
    pub last_seq: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// The buyer's rating, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// The buyer's place in the queue while the conversation waits for a
    /// person; `null` otherwise.
    pub queue: Option<BuyerQueue>,
}

/// Where a waiting buyer stands in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct BuyerQueue {
    /// 1 for the next served; how many wait before the buyer, plus one.
    pub position: u32,
    /// The expected wait, from the team's recent handling rate (counted
    /// from `opens_at` while the team is off).
    pub estimated_wait_secs: u32,
    /// While the team is off (outside its working hours): when it is back
    /// (Unix ms); the buyer keeps their place. `null` while it works.
    pub opens_at: Option<Millis>,
}

impl From<&Conversation> for BuyerConversation {
    fn from(c: &Conversation) -> BuyerConversation {
        BuyerConversation {
            id: c.id,
            status: c.status,
            assignee_name: c.assignee_name.clone(),
            last_seq: c.last_seq,
            created_at: c.created_at,
            updated_at: c.updated_at,
            rating: c.rating.clone(),
            queue: None,
        }
    }
}

/// The buyer themself, as their widget knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BuyerContact {
    pub id: i64,
    /// BCP 47 tag of the buyer's UI, e.g. `zh-CN` or `en`.
    pub language: String,
}

impl From<&Contact> for BuyerContact {
    fn from(c: &Contact) -> BuyerContact {
        BuyerContact {
            id: c.id,
            language: c.language.clone(),
        }
    }
}

/// A message of the buyer's conversation. Agents are named by their display
/// name only.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BuyerMessage {
    pub id: i64,
    pub conversation_id: i64,
    /// Position in the conversation, counting from 1 without gaps.
    pub seq: i64,
    pub sender: SenderKind,
    /// The agent's display name, for `agent` messages.
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

impl From<&Message> for BuyerMessage {
    fn from(m: &Message) -> BuyerMessage {
        BuyerMessage {
            id: m.id,
            conversation_id: m.conversation_id,
            seq: m.seq,
            sender: m.sender,
            sender_name: m.sender_name.clone(),
            text: m.text.clone(),
            attachments: m.attachments.clone(),
            client_id: m.client_id.clone(),
            created_at: m.created_at,
            quick_replies: m.quick_replies.clone(),
        }
    }
}

/// Every frame the server sends on a buyer's socket (`docs/protocol.md`).
/// The hub carries the live ones ([`BuyerFrame::Message`],
/// [`BuyerFrame::Conversation`], [`BuyerFrame::Typing`],
/// [`BuyerFrame::CardKeys`]) to buyer rooms on a stream of their own, apart
/// from the agents' [`Event`](crate::Event)s: agent-only events (presence,
/// screenshot readings) have no variant here, and card keys have none there.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BuyerFrame {
    /// The first frame after `auth`: the buyer's open conversation, or
    /// `null` until their first message starts one.
    Hello {
        conversation: Option<BuyerConversation>,
    },
    /// A message was stored in the buyer's conversation (or is sent while
    /// catching up).
    Message { message: BuyerMessage },
    /// The buyer's `send` with this `client_id` is stored.
    Ack {
        client_id: String,
        message: BuyerMessage,
    },
    /// The conversation's status, assignee, rating or last message changed
    /// (also sent when the buyer's first message started it).
    Conversation { conversation: BuyerConversation },
    /// An agent is typing (the buyer's own typing is never echoed).
    Typing {
        conversation_id: i64,
        /// Always `agent`.
        sender: SenderKind,
        on: bool,
    },
    /// End of the answer to `sync`.
    Synced { conversation_id: i64, last_seq: i64 },
    /// A frame was refused.
    Error {
        code: ErrorCode,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
    },
    /// The answer to `ping`.
    Pong,
    /// Card keys the bot re-delivered to this verified buyer: never sent to
    /// agents, never stored, never logged.
    CardKeys {
        conversation_id: i64,
        /// The stored note the keys belong under (its `client_id` starts
        /// with `keys-`); the widget shows the box right below it.
        message_id: i64,
        /// The order, empty when an agent pasted the keys into a reply.
        order_no: String,
        keys: PlainKeys,
    },
}

impl BuyerFrame {
    /// An agent started or stopped typing in a conversation.
    pub fn agent_typing(conversation_id: i64, on: bool) -> BuyerFrame {
        BuyerFrame::Typing {
            conversation_id,
            sender: SenderKind::Agent,
            on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Channel, Handoff, Priority};

    fn conversation() -> Conversation {
        Conversation {
            id: 7,
            contact_id: 3,
            contact_name: "骗子张三".into(),
            status: ConversationStatus::Queued,
            assignee_id: Some(9),
            assignee_name: Some("小王".into()),
            priority: Priority::Urgent,
            channel: Channel::Web,
            last_message_text: Some("退款".into()),
            last_message_at: Some(1),
            last_seq: 4,
            created_at: 1,
            updated_at: 2,
            handoff: Some(Handoff {
                reasons: vec!["verification_failed".into()],
                priority: Priority::Urgent,
                summary_zh: "截图金额不符".into(),
                summary_en: "receipt amount mismatch".into(),
            }),
            rating: None,
        }
    }

    #[test]
    fn the_buyer_conversation_carries_no_handoff_priority_or_assignee_id() {
        let json =
            serde_json::to_value(BuyerConversation::from(&conversation())).expect("serialises");
        let keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "assignee_name",
                "created_at",
                "id",
                "last_seq",
                "queue",
                "status",
                "updated_at"
            ]
        );
        let text = json.to_string();
        assert!(
            !text.contains("骗子") && !text.contains("mismatch"),
            "{text}"
        );
    }

    #[test]
    fn the_buyer_contact_carries_no_tags_or_contact_details() {
        let contact = Contact {
            id: 3,
            name: "骗子张三".into(),
            email: Some("a@b.c".into()),
            phone: Some("13800138000".into()),
            language: "zh-CN".into(),
            channel: Channel::Web,
            created_at: 1,
            last_seen_at: 2,
            tags: vec!["suspected fraud".into()],
        };
        assert_eq!(
            serde_json::to_value(BuyerContact::from(&contact)).expect("serialises"),
            serde_json::json!({"id": 3, "language": "zh-CN"})
        );
    }

    #[test]
    fn frames_are_tagged_by_type() {
        let frame = serde_json::to_value(BuyerFrame::agent_typing(7, true)).expect("serialises");
        assert_eq!(
            frame,
            serde_json::json!({"type": "typing", "conversation_id": 7, "sender": "agent", "on": true})
        );
        let hello = serde_json::to_value(BuyerFrame::Hello { conversation: None }).expect("ok");
        assert_eq!(
            hello,
            serde_json::json!({"type": "hello", "conversation": null})
        );
    }
}
