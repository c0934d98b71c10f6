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
    order.sort_unstable_by_key(|&i| {
        let w = &queue[i];
        (std::cmp::Reverse(w.priority), w.queued_at, w.id)
    });
    order
}

/// Skills as bits, when the agents have at most 64 distinct ones (else the
/// names are compared).
struct SkillBits<'a>(Option<HashMap<&'a str, u64>>);

impl<'a> SkillBits<'a> {
    fn new(agents: &'a [Agent]) -> SkillBits<'a> {
        let mut bits: HashMap<&str, u64> = HashMap::new();
        for skill in agents.iter().flat_map(|a| a.skills.iter()) {
            let next = bits.len();
            if next >= 64 && !bits.contains_key(skill.as_str()) {
                return SkillBits(None);
            }
            bits.entry(skill.as_str()).or_insert(1 << next);
        }
        SkillBits(Some(bits))
    }

    /// The mask of `skills`; `None` when one of them no agent has (or
    /// when bits are not in use).
    fn mask(&self, skills: &[String]) -> Option<u64> {
        let bits = self.0.as_ref()?;
        skills
            .iter()
            .try_fold(0u64, |m, s| bits.get(s.as_str()).map(|b| m | b))
    }
}

/// Who takes which waiting conversation now, in serving order. A
/// conversation no available agent serves stays waiting and the next one is
/// tried (another team's agent may be free). `now` stamps the agents given a
/// conversation, so that later ties go to someone else.
pub fn assign(queue: &[Waiting], agents: &[Agent], now: Millis) -> Vec<Assignment> {
    let mut pool: Vec<Agent> = agents.iter().filter(|a| a.available()).cloned().collect();
    let bits = SkillBits::new(agents);
    let masks: Vec<Option<u64>> = pool.iter().map(|a| bits.mask(&a.skills)).collect();
    let mut free: u64 = pool.iter().map(|a| u64::from(a.capacity - a.open)).sum();
    // Available agents per team (`None`: everyone), built on first use;
    // agents who fill up are dropped from them as they are met.
    let mut lines: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
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
        let key = (waiting.team, waiting.skills.as_slice());
        if unserved.contains(&key) {
            continue;
        }
        let line = lines.entry(waiting.team).or_insert_with(|| {
            (0..pool.len())
                .filter(|&i| waiting.team.is_none_or(|t| pool[i].teams.contains(&t)))
                .collect()
        });
        line.retain(|&i| pool[i].available());
        let needs = if waiting.skills.is_empty() {
            Some(0)
        } else {
            bits.mask(&waiting.skills)
        };
        let has_skills = |i: usize| match (needs, masks[i]) {
            (Some(need), Some(has)) => need & !has == 0,
            _ => bits.0.is_none() && pool[i].serves(waiting),
        };
        let best = line
            .iter()
            .copied()
            .filter(|&i| has_skills(i))
            .min_by_key(|&i| (pool[i].open, pool[i].last_assigned_at, pool[i].id));
        match best {
            Some(i) => {
                let agent = &mut pool[i];
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
                unserved.insert(key);
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

/// A small deterministic generator (xorshift), so every run routes the same floor.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A large made-up queue and floor, the same on every call, for
/// benchmarks (`kadesk bench routing`): `waiting` conversations over five
/// teams and a general line (a tenth needing a skill; 5 % urgent, 20 %
/// high) and `agents` agents (capacity 5, loads 0–5, 90 % online, each in
/// one or two teams, random skills).
pub fn synthetic_floor(waiting: usize, agents: usize, now: Millis) -> (Vec<Waiting>, Vec<Agent>) {
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let skills = ["en", "game", "risk"];
    let queue: Vec<Waiting> = (0..waiting)
        .map(|i| Waiting {
            id: i as i64 + 1,
            priority: match rng.below(20) {
                0 => Priority::Urgent,
                1..=4 => Priority::High,
                _ => Priority::Normal,
            },
            queued_at: now - rng.below(3_600_000) as i64,
            team: match rng.below(6) {
                0 => None,
                t => Some(t as i64),
            },
            skills: if rng.below(10) == 0 {
                vec![skills[rng.below(3) as usize].to_owned()]
            } else {
                Vec::new()
            },
        })
        .collect();
    let floor: Vec<Agent> = (0..agents)
        .map(|i| Agent {
            id: 100_000 + i as i64,
            status: match rng.below(10) {
                0 => AgentStatus::Away,
                _ => AgentStatus::Online,
            },
            capacity: 5,
            open: rng.below(6) as u32,
            teams: {
                let first = rng.below(5) as i64 + 1;
                if rng.below(2) == 0 {
                    vec![first]
                } else {
                    vec![first, rng.below(5) as i64 + 1]
                }
            },
            skills: skills
                .iter()
                .filter(|_| rng.below(2) == 0)
                .map(|s| (*s).to_owned())
                .collect(),
            last_assigned_at: now - rng.below(600_000) as i64,
        })
        .collect();
    (queue, floor)
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
