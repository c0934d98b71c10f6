//! Pure conversation routing: the queue, the agents and the rules in, the
//! decisions out. No database, no clock of its own, no I/O: the desk
//! (`kadesk_desk::routing`) reads the queue and the agents in one
//! transaction, calls [`assign`], and stores what it returns.
//!
//! - [`rules`]: which team a handed-off conversation goes to (and whether its
//!   priority changes), from ordered [`Rule`]s over the conversation's
//!   [`Facts`]; the first enabled rule that matches wins.
//! - [`assign`]: who takes which waiting conversation now. The queue is served
//!   in [`serving_order`] (urgent > high > normal, then longest waiting);
//!   each conversation goes to the eligible [`Agent`] (online, under
//!   capacity, in the conversation's team, with its skills) with the fewest
//!   open conversations, round robin (least recently assigned) on ties.
//! - [`positions`] and [`estimate_wait_secs`]: what a waiting buyer is told.

use std::collections::{HashMap, HashSet};

use kadesk_domain::{AgentStatus, Millis, Priority};

pub mod rules;

pub use rules::{Conditions, Facts, Route, Rule};

/// An agent as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub status: AgentStatus,
    /// How many conversations they may hold at once.
    pub capacity: u32,
    /// How many they hold now.
    pub open: u32,
    /// The teams they are a member of.
    pub teams: Vec<i64>,
    /// Their skills (`en`, `game`, `telegram`…).
    pub skills: Vec<String>,
    /// When they were last given a conversation (0: never); the least
    /// recent goes first among equally loaded agents.
    pub last_assigned_at: Millis,
}

impl Agent {
    /// Whether the conversation is theirs to take at all (team and skills),
    /// whatever their status and load.
    pub fn serves(&self, waiting: &Waiting) -> bool {
        let in_team = match waiting.team {
            None => true,
            Some(team) => self.teams.contains(&team),
        };
        in_team && waiting.skills.iter().all(|s| self.skills.contains(s))
    }

    /// Whether they take a new conversation now: online and under capacity.
    pub fn available(&self) -> bool {
        self.status == AgentStatus::Online && self.open < self.capacity
    }
}

/// A conversation waiting for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub id: i64,
    pub priority: Priority,
    /// When it joined the queue.
    pub queued_at: Millis,
    /// The team it was routed to; `None`: any agent.
    pub team: Option<i64>,
    /// Skills the agent needs (all of them).
    pub skills: Vec<String>,
}

/// One decision: conversation `conversation` goes to agent `agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub conversation: i64,
    pub agent: i64,
}

/// Indices of `queue` in the order it is served: most urgent first, then
/// longest waiting, then lowest id.
pub fn serving_order(queue: &[Waiting]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..queue.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&queue[a], &queue[b]);
        b.priority
            .cmp(&a.priority)
            .then(a.queued_at.cmp(&b.queued_at))
            .then(a.id.cmp(&b.id))
    });
    order
}

/// Who takes which waiting conversation now, in serving order. A
/// conversation no available agent serves stays waiting and the next one is
/// tried (another team's agent may be free). `now` stamps the agents given a
/// conversation, so that later ties go to someone else.
pub fn assign(queue: &[Waiting], agents: &[Agent], now: Millis) -> Vec<Assignment> {
    let mut agents: Vec<Agent> = agents.iter().filter(|a| a.available()).cloned().collect();
    let mut free: u64 = agents.iter().map(|a| u64::from(a.capacity - a.open)).sum();
    let mut out = Vec::new();
    // Loads only grow during a tick: once nobody serves a (team, skills)
    // pair, nobody will for the rest of it.
    let mut unserved: HashSet<(Option<i64>, &[String])> = HashSet::new();
    let mut stamp = now;
    for index in serving_order(queue) {
        if free == 0 {
            break;
        }
        let waiting = &queue[index];
        if unserved.contains(&(waiting.team, waiting.skills.as_slice())) {
            continue;
        }
        let best = agents
            .iter_mut()
            .filter(|a| a.available() && a.serves(waiting))
            .min_by_key(|a| (a.open, a.last_assigned_at, a.id));
        match best {
            Some(agent) => {
                agent.open += 1;
                stamp = stamp.max(agent.last_assigned_at).saturating_add(1);
                agent.last_assigned_at = stamp;
                free -= 1;
                out.push(Assignment {
                    conversation: waiting.id,
                    agent: agent.id,
                });
            }
            None => {
                unserved.insert((waiting.team, waiting.skills.as_slice()));
            }
        }
    }
    out
}

/// Each waiting conversation's place in its team's line (1 = next), as
/// `(conversation id, position)` in serving order. Conversations without a
/// team form a line of their own.
pub fn positions(queue: &[Waiting]) -> Vec<(i64, u32)> {
    let mut counts: HashMap<Option<i64>, u32> = HashMap::new();
    serving_order(queue)
        .into_iter()
        .map(|i| {
            let count = counts.entry(queue[i].team).or_insert(0);
            *count += 1;
            (queue[i].id, *count)
        })
        .collect()
}

/// How fast a team has been taking conversations lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandlingRate {
    /// Conversations assigned in the window.
    pub served: u32,
    /// The window, in seconds.
    pub window_secs: u32,
}

/// Seconds a buyer at `position` should expect to wait: the time the team
/// took per conversation lately, times the position. With nothing served in
/// the window, `fallback_secs` per place.
pub fn estimate_wait_secs(position: u32, rate: HandlingRate, fallback_secs: u32) -> u32 {
    let per_place = if rate.served == 0 {
        u64::from(fallback_secs)
    } else {
        u64::from(rate.window_secs) / u64::from(rate.served)
    };
    u32::try_from(per_place.saturating_mul(u64::from(position))).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: i64, open: u32) -> Agent {
        Agent {
            id,
            status: AgentStatus::Online,
            capacity: 2,
            open,
            teams: vec![],
            skills: vec![],
            last_assigned_at: 0,
        }
    }

    fn waiting(id: i64, priority: Priority, queued_at: Millis) -> Waiting {
        Waiting {
            id,
            priority,
            queued_at,
            team: None,
            skills: vec![],
        }
    }

    #[test]
    fn urgent_goes_first_then_the_longest_waiting() {
        let queue = [
            waiting(1, Priority::Normal, 10),
            waiting(2, Priority::Urgent, 30),
            waiting(3, Priority::Normal, 5),
            waiting(4, Priority::High, 40),
        ];
        let order: Vec<i64> = serving_order(&queue).iter().map(|&i| queue[i].id).collect();
        assert_eq!(order, [2, 4, 3, 1]);
    }

    #[test]
    fn the_least_loaded_agent_gets_it_and_ties_go_round() {
        let agents = [agent(1, 1), agent(2, 0), agent(3, 0)];
        let queue: Vec<Waiting> = (10..14)
            .map(|id| waiting(id, Priority::Normal, id))
            .collect();
        let got: Vec<i64> = assign(&queue, &agents, 100)
            .iter()
            .map(|a| a.agent)
            .collect();
        assert_eq!(got, [2, 3, 1, 2]);
    }

    #[test]
    fn a_conversation_nobody_serves_lets_the_next_one_through() {
        let mut en = agent(1, 0);
        en.skills = vec!["en".into()];
        let mut first = waiting(1, Priority::Urgent, 1);
        first.skills = vec!["ru".into()];
        let queue = [first, waiting(2, Priority::Normal, 2)];
        assert_eq!(
            assign(&queue, &[en], 5),
            [Assignment {
                conversation: 2,
                agent: 1
            }]
        );
    }

    #[test]
    fn positions_count_per_team() {
        let mut a = waiting(1, Priority::Normal, 1);
        a.team = Some(7);
        let queue = [
            a,
            waiting(2, Priority::Normal, 2),
            waiting(3, Priority::High, 3),
        ];
        assert_eq!(positions(&queue), [(3, 1), (1, 1), (2, 2)]);
    }

    #[test]
    fn the_estimate_follows_the_recent_rate() {
        let rate = HandlingRate {
            served: 30,
            window_secs: 3600,
        };
        assert_eq!(estimate_wait_secs(3, rate, 60), 360);
        let none = HandlingRate {
            served: 0,
            window_secs: 3600,
        };
        assert_eq!(estimate_wait_secs(3, none, 60), 180);
    }
}
