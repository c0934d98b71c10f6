//! The hub fans live events out to sockets on this node: every agent socket
//! sees every event, a buyer socket only its conversation's. Events are
//! serialised once, when published, and shared by every receiver.
//!
//! It also tracks which agents are online (one count per open socket), and
//! tells agent sockets when their session was ended (revoked, the user
//! disabled or given a new password) so they close at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use kadesk_domain::Event;
use tokio::sync::broadcast;

/// How many events a slow socket may fall behind before it is disconnected
/// (it then reconnects and catches up from the database).
const CHANNEL_CAPACITY: usize = 1024;

/// An event with its JSON frame, ready to send.
#[derive(Debug)]
pub struct Published {
    pub event: Event,
    pub frame: String,
}

/// Live fan-out of events to sockets.
#[derive(Debug)]
pub struct Hub {
    /// Every event, for agent sockets.
    agents: broadcast::Sender<Arc<Published>>,
    /// Per-conversation channels, for buyer sockets; removed when the last buyer leaves.
    rooms: Mutex<HashMap<i64, broadcast::Sender<Arc<Published>>>>,
    /// Online agents: user id → (display name, open sockets).
    online: Mutex<HashMap<i64, (String, usize)>>,
    /// Sessions ended on this node; agent sockets of those sessions close.
    ended: broadcast::Sender<SessionsEnded>,
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

impl Hub {
    pub fn new() -> Hub {
        Hub {
            agents: broadcast::channel(CHANNEL_CAPACITY * 4).0,
            rooms: Mutex::new(HashMap::new()),
            online: Mutex::new(HashMap::new()),
            ended: broadcast::channel(64).0,
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

    /// Sends an event to every socket that may see it.
    pub fn publish(&self, event: Event) {
        let frame = match serde_json::to_string(&event) {
            Ok(frame) => frame,
            Err(e) => {
                tracing::error!(error = %e, "event does not serialise");
                return;
            }
        };
        let conversation = event.conversation_id();
        let published = Arc::new(Published { event, frame });
        // No receivers is not an error: nobody is watching.
        let _ = self.agents.send(published.clone());
        if let Some(id) = conversation {
            if let Some(room) = lock(&self.rooms).get(&id) {
                let _ = room.send(published);
            }
        }
    }

    /// A receiver of every event.
    pub fn subscribe_all(&self) -> broadcast::Receiver<Arc<Published>> {
        self.agents.subscribe()
    }

    /// A receiver of one conversation's events. Call [`Hub::leave`] when done.
    pub fn subscribe(&self, conversation_id: i64) -> broadcast::Receiver<Arc<Published>> {
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
    use kadesk_domain::SenderKind;

    fn typing(conversation_id: i64) -> Event {
        Event::Typing {
            conversation_id,
            sender: SenderKind::Buyer,
            name: None,
            on: true,
        }
    }

    #[test]
    fn buyers_see_only_their_conversation_and_agents_see_all() {
        let hub = Hub::new();
        let mut all = hub.subscribe_all();
        let mut one = hub.subscribe(1);
        hub.publish(typing(2));
        hub.publish(typing(1));
        assert_eq!(
            all.try_recv().expect("first").event.conversation_id(),
            Some(2)
        );
        assert_eq!(
            all.try_recv().expect("second").event.conversation_id(),
            Some(1)
        );
        assert_eq!(
            one.try_recv().expect("own").event.conversation_id(),
            Some(1)
        );
        assert!(one.try_recv().is_err());
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
