//! The hub fans live events out to sockets on this node, on two streams
//! with two types: agents get every [`Event`] (every conversation, presence,
//! screenshot readings); a buyer socket gets only the [`BuyerFrame`]s of its
//! own conversation's room. Agent events never enter a buyer room and card
//! keys never enter the agents' stream: the types have no way to carry them.
//! Frames are serialised once, when published, and shared by every receiver.
//!
//! It also tells buyer sockets that wait for their first conversation when
//! it starts, tracks which agents are online (one count per open socket),
//! and tells agent sockets when their session was ended (revoked, the user
//! disabled or given a new password) so they close at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use kadesk_domain::{
    BuyerConversation, BuyerFrame, BuyerMessage, BuyerQueue, Conversation, ConversationStatus,
    Event, Message, SenderKind,
};
use tokio::sync::broadcast;

/// How many events a slow socket may fall behind before it is disconnected
/// (it then reconnects and catches up from the database).
const CHANNEL_CAPACITY: usize = 1024;

/// A frame's value with its JSON, ready to send.
#[derive(Debug)]
pub struct Published<T> {
    pub event: T,
    pub frame: String,
}

/// Live fan-out of events to sockets.
#[derive(Debug)]
pub struct Hub {
    /// Every agent event, for agent sockets.
    agents: broadcast::Sender<Arc<Published<Event>>>,
    /// Per-conversation buyer frames, for buyer sockets; removed when the last buyer leaves.
    rooms: Mutex<HashMap<i64, broadcast::Sender<Arc<Published<BuyerFrame>>>>>,
    /// Buyer sockets of a contact with no conversation yet: told the id of
    /// the one that starts. Removed when the last such socket leaves.
    waiting: Mutex<HashMap<i64, broadcast::Sender<i64>>>,
    /// Online agents: user id → (display name, open sockets).
    online: Mutex<HashMap<i64, (String, usize)>>,
    /// Sessions ended on this node; agent sockets of those sessions close.
    ended: broadcast::Sender<SessionsEnded>,
    /// Each waiting conversation's place in the queue, as routing last
    /// worked it out ([`crate::routing`]); shown to its buyer.
    queue: Mutex<HashMap<i64, BuyerQueue>>,
}

/// Sessions that were ended: one, or every session of a user (but one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionsEnded {
    /// Every session of this user.
    AllOf(i64),
    /// Every session of this user but the one with this public id.
    AllBut(i64, String),
    /// The session with this public id.
    One(String),
}

impl SessionsEnded {
    /// Whether the session `public_id` of `user_id` is among them.
    pub fn covers(&self, user_id: i64, public_id: &str) -> bool {
        match self {
            SessionsEnded::AllOf(id) => *id == user_id,
            SessionsEnded::AllBut(id, keep) => *id == user_id && keep != public_id,
            SessionsEnded::One(id) => id == public_id,
        }
    }
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn serialise<T: serde::Serialize>(value: T) -> Option<Arc<Published<T>>> {
    match serde_json::to_string(&value) {
        Ok(frame) => Some(Arc::new(Published {
            event: value,
            frame,
        })),
        Err(e) => {
            tracing::error!(error = %e, "event does not serialise");
            None
        }
    }
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            agents: broadcast::channel(CHANNEL_CAPACITY * 4).0,
            rooms: Mutex::new(HashMap::new()),
            waiting: Mutex::new(HashMap::new()),
            online: Mutex::new(HashMap::new()),
            ended: broadcast::channel(64).0,
            queue: Mutex::new(HashMap::new()),
        }
    }

    /// Tells agent sockets that sessions ended (after the store removed them).
    pub fn end_sessions(&self, ended: SessionsEnded) {
        // No receivers is not an error: no socket is open.
        let _ = self.ended.send(ended);
    }

    /// A receiver of ended sessions, for an agent socket.
    pub fn subscribe_ended(&self) -> broadcast::Receiver<SessionsEnded> {
        self.ended.subscribe()
    }

    /// Sends an event to every agent socket.
    pub fn publish(&self, event: Event) {
        if let Some(published) = serialise(event) {
            // No receivers is not an error: nobody is watching.
            let _ = self.agents.send(published);
        }
    }

    /// Sends a frame to the buyer sockets of one conversation.
    pub fn publish_to_buyers(&self, conversation_id: i64, frame: BuyerFrame) {
        let rooms = lock(&self.rooms);
        let Some(room) = rooms.get(&conversation_id) else {
            return;
        };
        if let Some(published) = serialise(frame) {
            let _ = room.send(published);
        }
    }

    /// A stored message: to agents, and to the conversation's buyer sockets.
    pub fn message(&self, message: &Message) {
        self.publish_to_buyers(
            message.conversation_id,
            BuyerFrame::Message {
                message: BuyerMessage::from(message),
            },
        );
        self.publish(Event::Message {
            message: message.clone(),
        });
    }

    /// The buyer's view of a conversation, with its place in the queue
    /// while it waits.
    pub fn buyer_view(&self, conversation: &Conversation) -> BuyerConversation {
        let mut view = BuyerConversation::from(conversation);
        if conversation.status == ConversationStatus::Queued {
            view.queue = lock(&self.queue).get(&conversation.id).copied();
        }
        view
    }

    /// Replaces every waiting conversation's place; the ids whose place
    /// changed and that have buyer sockets open here (to tell them).
    pub fn set_queue(&self, places: HashMap<i64, BuyerQueue>) -> Vec<i64> {
        let changed: Vec<i64> = {
            let mut queue = lock(&self.queue);
            let changed = places
                .iter()
                .filter(|(id, place)| queue.get(id) != Some(place))
                .map(|(id, _)| *id)
                .collect();
            *queue = places;
            changed
        };
        let rooms = lock(&self.rooms);
        changed
            .into_iter()
            .filter(|id| rooms.contains_key(id))
            .collect()
    }

    /// A changed conversation: to agents, and to its buyer sockets.
    pub fn conversation(&self, conversation: &Conversation) {
        self.publish_to_buyers(
            conversation.id,
            BuyerFrame::Conversation {
                conversation: self.buyer_view(conversation),
            },
        );
        self.publish(Event::Conversation {
            conversation: conversation.clone(),
        });
    }

    /// Someone typing: to agents; an agent's typing also to the buyer.
    pub fn typing(&self, conversation_id: i64, sender: SenderKind, name: Option<String>, on: bool) {
        if sender == SenderKind::Agent {
            self.publish_to_buyers(
                conversation_id,
                BuyerFrame::agent_typing(conversation_id, on),
            );
        }
        self.publish(Event::Typing {
            conversation_id,
            sender,
            name,
            on,
        });
    }

    /// A receiver of every agent event.
    pub fn subscribe_all(&self) -> broadcast::Receiver<Arc<Published<Event>>> {
        self.agents.subscribe()
    }

    /// A receiver of one conversation's buyer frames. Call [`Hub::leave`] when done.
    pub fn subscribe(
        &self,
        conversation_id: i64,
    ) -> broadcast::Receiver<Arc<Published<BuyerFrame>>> {
        lock(&self.rooms)
            .entry(conversation_id)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Drops a conversation's channel once its last receiver is gone.
    pub fn leave(&self, conversation_id: i64) {
        let mut rooms = lock(&self.rooms);
        if rooms
            .get(&conversation_id)
            .is_some_and(|room| room.receiver_count() == 0)
        {
            rooms.remove(&conversation_id);
        }
    }

    /// A receiver of the id of the contact's next conversation, for a buyer
    /// socket that has none yet. Call [`Hub::stop_waiting`] when done.
    pub fn await_conversation(&self, contact_id: i64) -> broadcast::Receiver<i64> {
        lock(&self.waiting)
            .entry(contact_id)
            .or_insert_with(|| broadcast::channel(4).0)
            .subscribe()
    }

    /// Forgets a contact's waiting channel once its last receiver is gone.
    pub fn stop_waiting(&self, contact_id: i64) {
        let mut waiting = lock(&self.waiting);
        if waiting
            .get(&contact_id)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            waiting.remove(&contact_id);
        }
    }

    /// Tells the contact's waiting buyer sockets that a conversation started.
    pub fn conversation_started(&self, contact_id: i64, conversation_id: i64) {
        if let Some(tx) = lock(&self.waiting).get(&contact_id) {
            let _ = tx.send(conversation_id);
        }
    }

    /// Counts one more socket for an agent; publishes presence when they came online.
    pub fn agent_connected(&self, user_id: i64, name: &str) {
        let first = {
            let mut online = lock(&self.online);
            let entry = online
                .entry(user_id)
                .or_insert_with(|| (name.to_owned(), 0));
            entry.1 += 1;
            entry.1 == 1
        };
        if first {
            self.publish(Event::Presence {
                user_id,
                name: name.to_owned(),
                online: true,
            });
        }
    }

    /// Counts one socket less; publishes presence when the agent went offline.
    pub fn agent_disconnected(&self, user_id: i64) {
        let gone = {
            let mut online = lock(&self.online);
            match online.get_mut(&user_id) {
                Some(entry) if entry.1 > 1 => {
                    entry.1 -= 1;
                    None
                }
                Some(_) => online.remove(&user_id).map(|(name, _)| name),
                None => None,
            }
        };
        if let Some(name) = gone {
            self.publish(Event::Presence {
                user_id,
                name,
                online: false,
            });
        }
    }

    /// Ids of the agents with at least one open socket.
    pub fn online_agents(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = lock(&self.online).keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// How many conversation channels are open (for metrics and tests).
    pub fn room_count(&self) -> usize {
        lock(&self.rooms).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn buyers_see_only_their_conversation_and_agents_see_all() {
        let hub = Hub::new();
        let mut all = hub.subscribe_all();
        let mut one = hub.subscribe(1);
        hub.typing(2, SenderKind::Agent, Some("小王".into()), true);
        hub.typing(1, SenderKind::Agent, Some("小王".into()), true);
        assert_eq!(
            all.try_recv().expect("first").event.conversation_id(),
            Some(2)
        );
        assert_eq!(
            all.try_recv().expect("second").event.conversation_id(),
            Some(1)
        );
        assert_eq!(
            one.try_recv().expect("own").event,
            BuyerFrame::agent_typing(1, true)
        );
        assert!(one.try_recv().is_err());
    }

    #[test]
    fn a_buyer_room_gets_no_agent_only_event_and_not_its_own_typing() {
        let hub = Hub::new();
        let mut room = hub.subscribe(1);
        hub.typing(1, SenderKind::Buyer, None, true);
        hub.agent_connected(3, "小王");
        hub.publish(Event::Typing {
            conversation_id: 1,
            sender: SenderKind::Agent,
            name: Some("小王".into()),
            on: false,
        });
        assert!(room.try_recv().is_err());
    }

    #[test]
    fn waiting_buyers_learn_of_their_first_conversation() {
        let hub = Hub::new();
        let mut waiting = hub.await_conversation(5);
        hub.conversation_started(6, 41);
        hub.conversation_started(5, 42);
        assert_eq!(waiting.try_recv().expect("told"), 42);
        drop(waiting);
        hub.stop_waiting(5);
        assert!(lock(&hub.waiting).is_empty());
    }

    #[test]
    fn room_is_dropped_when_its_last_buyer_leaves() {
        let hub = Hub::new();
        let rx = hub.subscribe(7);
        hub.leave(7);
        assert_eq!(hub.room_count(), 1, "still has a receiver");
        drop(rx);
        hub.leave(7);
        assert_eq!(hub.room_count(), 0);
    }

    #[test]
    fn ended_sessions_cover_one_session_all_of_a_user_or_all_but_one() {
        let all = SessionsEnded::AllOf(3);
        assert!(all.covers(3, "a") && all.covers(3, "b") && !all.covers(4, "a"));
        let but = SessionsEnded::AllBut(3, "a".into());
        assert!(!but.covers(3, "a") && but.covers(3, "b") && !but.covers(4, "b"));
        let one = SessionsEnded::One("a".into());
        assert!(one.covers(3, "a") && !one.covers(3, "b"));
    }

    #[test]
    fn presence_is_published_on_first_connect_and_last_disconnect() {
        let hub = Hub::new();
        let mut all = hub.subscribe_all();
        hub.agent_connected(3, "小王");
        hub.agent_connected(3, "小王");
        assert_eq!(hub.online_agents(), vec![3]);
        hub.agent_disconnected(3);
        assert_eq!(hub.online_agents(), vec![3]);
        hub.agent_disconnected(3);
        assert!(hub.online_agents().is_empty());
        let frames: Vec<String> = std::iter::from_fn(|| all.try_recv().ok())
            .map(|p| p.frame.clone())
            .collect();
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert!(frames[0].contains("\"online\":true"));
        assert!(frames[1].contains("\"online\":false"));
    }
}
