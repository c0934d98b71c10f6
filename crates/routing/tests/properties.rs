//! Properties of the assignment decision over random queues and floors.

use std::collections::HashMap;

use kadesk_domain::{AgentStatus, Priority};
use kadesk_routing::{assign, serving_order, Agent, Assignment, Waiting};
use proptest::prelude::*;

const SKILLS: [&str; 3] = ["en", "game", "risk"];

fn skills() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(SKILLS.to_vec(), 0..=2)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn agent() -> impl Strategy<Value = (AgentStatus, u32, u32, Vec<i64>, Vec<String>, i64)> {
    (
        prop_oneof![
            Just(AgentStatus::Online),
            Just(AgentStatus::Away),
            Just(AgentStatus::Offline)
        ],
        0u32..5,
        0u32..6,
        proptest::sample::subsequence(vec![1i64, 2, 3], 0..=3),
        proptest::sample::subsequence(SKILLS.to_vec(), 0..=3)
            .prop_map(|v| v.into_iter().map(String::from).collect()),
        0i64..50,
    )
}

fn floor() -> impl Strategy<Value = (Vec<Waiting>, Vec<Agent>)> {
    let waiting = (
        prop_oneof![
            Just(Priority::Normal),
            Just(Priority::High),
            Just(Priority::Urgent)
        ],
        0i64..1000,
        proptest::option::of(1i64..4),
        skills(),
    );
    (
        proptest::collection::vec(waiting, 0..60),
        proptest::collection::vec(agent(), 0..12),
    )
        .prop_map(|(queue, agents)| {
            let queue = queue
                .into_iter()
                .enumerate()
                .map(|(i, (priority, queued_at, team, skills))| Waiting {
                    id: i as i64 + 1,
                    priority,
                    queued_at,
                    team,
                    skills,
                })
                .collect();
            let agents = agents
                .into_iter()
                .enumerate()
                .map(|(i, (status, capacity, open, teams, skills, last))| Agent {
                    id: 100 + i as i64,
                    status,
                    capacity,
                    // Some start over capacity (capacity lowered while busy).
                    open,
                    teams,
                    skills,
                    last_assigned_at: last,
                })
                .collect();
            (queue, agents)
        })
}

fn loads_after(agents: &[Agent], done: &[Assignment]) -> HashMap<i64, u32> {
    let mut loads: HashMap<i64, u32> = agents.iter().map(|a| (a.id, a.open)).collect();
    for a in done {
        *loads.entry(a.agent).or_default() += 1;
    }
    loads
}

proptest! {
    #[test]
    fn no_agent_ends_over_capacity_because_of_routing((queue, agents) in floor()) {
        let done = assign(&queue, &agents, 1_000);
        let loads = loads_after(&agents, &done);
        for agent in &agents {
            let given = done.iter().filter(|d| d.agent == agent.id).count() as u32;
            if given > 0 {
                prop_assert!(loads[&agent.id] <= agent.capacity, "agent {} got {given} over capacity {}", agent.id, agent.capacity);
            }
        }
    }

    #[test]
    fn only_online_agents_are_given_conversations((queue, agents) in floor()) {
        for d in assign(&queue, &agents, 1_000) {
            let agent = agents.iter().find(|a| a.id == d.agent).expect("a known agent");
            prop_assert_eq!(agent.status, AgentStatus::Online);
        }
    }

    #[test]
    fn teams_and_skills_are_respected_and_nothing_is_assigned_twice((queue, agents) in floor()) {
        let done = assign(&queue, &agents, 1_000);
        let mut seen = std::collections::HashSet::new();
        for d in &done {
            prop_assert!(seen.insert(d.conversation), "conversation {} assigned twice", d.conversation);
            let w = queue.iter().find(|w| w.id == d.conversation).expect("a queued conversation");
            let a = agents.iter().find(|a| a.id == d.agent).expect("a known agent");
            prop_assert!(a.serves(w), "agent {:?} does not serve {:?}", a, w);
        }
    }

    #[test]
    fn the_serving_order_is_respected((queue, agents) in floor()) {
        let done = assign(&queue, &agents, 1_000);
        let order = serving_order(&queue);
        let rank: HashMap<i64, usize> = order.iter().enumerate().map(|(r, &i)| (queue[i].id, r)).collect();
        let assigned: HashMap<i64, i64> = done.iter().map(|d| (d.conversation, d.agent)).collect();
        // Assignments come out in serving order.
        for pair in done.windows(2) {
            prop_assert!(rank[&pair[0].conversation] < rank[&pair[1].conversation]);
        }
        for w in queue.iter().filter(|w| !assigned.contains_key(&w.id)) {
            // No agent who could have served a waiting conversation took a later one instead.
            for d in &done {
                if rank[&d.conversation] > rank[&w.id] {
                    let a = agents.iter().find(|a| a.id == d.agent).expect("known");
                    prop_assert!(!a.serves(w), "agent {} took {} before {} waiting longer or more urgent", a.id, d.conversation, w.id);
                }
            }
        }
        // And whatever still waits has nobody free to serve it.
        let loads = loads_after(&agents, &done);
        for w in queue.iter().filter(|w| !assigned.contains_key(&w.id)) {
            for a in &agents {
                let free = a.status == AgentStatus::Online && loads[&a.id] < a.capacity;
                prop_assert!(!(free && a.serves(w)), "agent {} was free for waiting {}", a.id, w.id);
            }
        }
    }
}
