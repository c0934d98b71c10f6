//! Routing end to end, on SQLite and PostgreSQL: waiting conversations go
//! to free agents up to their capacity, the rest see their place in the
//! queue over the socket, and it moves up live as agents free capacity.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use common::*;
use kadesk_desk::routing::RoutingSettings;
use kadesk_domain::{ConversationStatus, Role};
use serde_json::{json, Value};

fn routing_on() -> RoutingSettings {
    RoutingSettings {
        enabled: true,
        auto_away_after: None,
        // Only kicks drive the ticks here (a handoff, a resolve, an agent online).
        tick_every: Duration::from_secs(3600),
        fallback_wait_secs: 120,
        sla: Default::default(),
    }
}

const LIMIT: Duration = Duration::from_secs(20);

/// Whether a buyer frame (hello or conversation) shows `want`.
fn shows(frame: &Value, want: &Value) -> bool {
    let c = match frame["type"].as_str() {
        Some("hello") | Some("conversation") => &frame["conversation"],
        _ => return false,
    };
    match want {
        Value::Null => c["status"] == "assigned" && c["queue"].is_null(),
        place => c["status"] == "queued" && c["queue"]["position"] == *place,
    }
}

#[tokio::test]
async fn three_agents_of_capacity_two_take_six_and_fourteen_wait_in_line() {
    for db in TestDb::all().await {
        let state = db.state().await.with_routing(routing_on());
        let server = TestServer::start_with(state).await;
        let store = server.state.store.clone();
        let (_, admin) = signed_in(&store, "boss", Role::Admin, "password-1").await;
        let mut agents = Vec::new();
        for name in ["a1", "a2", "a3"] {
            let (user, token) = signed_in(&store, name, Role::Agent, "password-1").await;
            let (status, body) = server
                .patch(
                    &format!("/api/v1/users/{}", user.id),
                    Some(&admin),
                    &json!({"capacity": 2, "skills": ["zh"]}),
                )
                .await;
            assert_eq!(status, 200, "{}: {body}", db.label);
            assert_eq!(body["capacity"], 2);
            assert_eq!(body["status"], "offline", "no console open yet");
            let socket = server.agent_socket(&token).await;
            agents.push((user, token, socket));
        }

        // Twenty buyers ask for a person (the bot is off: they queue at once).
        let mut buyers = Vec::new();
        for _ in 0..20 {
            let (token, id) = server.buyer("zh-CN").await;
            let socket = server.buyer_socket(&token, None).await;
            buyers.push((id, socket));
        }
        // The first six are served, the rest wait in order of arrival.
        for (i, (id, socket)) in buyers.iter_mut().enumerate() {
            let want = if i < 6 { Value::Null } else { json!(i - 5) };
            let frame = socket.until_within(LIMIT, |f| shows(f, &want)).await;
            assert!(
                shows(&frame, &want),
                "{}: buyer {i} (conversation {id}): {frame}",
                db.label
            );
            if i >= 6 {
                assert!(frame["conversation"]["queue"]["estimated_wait_secs"].as_u64() > Some(0));
            }
        }
        let mut load: HashMap<i64, usize> = HashMap::new();
        for (i, (id, _)) in buyers.iter().enumerate() {
            let c = store.conversation(*id).await.unwrap();
            if i < 6 {
                assert_eq!(c.status, ConversationStatus::Assigned, "{}", db.label);
                *load.entry(c.assignee_id.unwrap()).or_default() += 1;
            } else {
                assert_eq!(c.status, ConversationStatus::Queued, "{}", db.label);
            }
        }
        assert_eq!(
            load.len(),
            3,
            "{}: balanced over all three: {load:?}",
            db.label
        );
        assert!(load.values().all(|n| *n == 2), "{}: {load:?}", db.label);

        // Supervisors see the same line.
        let (status, queue) = server.get("/api/v1/queue", Some(&admin)).await;
        assert_eq!(status, 200, "{queue}");
        let items = queue["items"].as_array().unwrap();
        let ids: Vec<i64> = items
            .iter()
            .map(|q| q["conversation_id"].as_i64().unwrap())
            .collect();
        let expected: Vec<i64> = buyers[6..].iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, expected, "{}", db.label);
        for (n, item) in items.iter().enumerate() {
            assert_eq!(item["position"], n + 1);
            assert_eq!(item["priority"], "normal");
            assert!(item["team"].is_null());
        }
        // An agent in no team sees the lines any agent may take: all of it here.
        let (status, agent_queue) = server.get("/api/v1/queue", Some(&agents[0].1)).await;
        assert_eq!(status, 200, "{agent_queue}");
        let agent_ids: Vec<i64> = agent_queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["conversation_id"].as_i64().unwrap())
            .collect();
        assert_eq!(agent_ids, ids, "{}", db.label);

        // An agent resolves one: the first in line is theirs, everyone moves up.
        let (first_agent, first_token, _) = &agents[0];
        let mut theirs = None;
        for (id, _) in &buyers[..6] {
            if store.conversation(*id).await.unwrap().assignee_id == Some(first_agent.id) {
                theirs = Some(*id);
            }
        }
        let theirs = theirs.unwrap();
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{theirs}/resolve"),
                Some(first_token),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        for (i, (id, socket)) in buyers.iter_mut().enumerate().skip(6) {
            let want = if i == 6 { Value::Null } else { json!(i - 6) };
            let frame = socket.until_within(LIMIT, |f| shows(f, &want)).await;
            assert!(
                shows(&frame, &want),
                "{}: buyer {i} ({id}): {frame}",
                db.label
            );
        }
        let next = store.conversation(buyers[6].0).await.unwrap();
        assert_eq!(next.assignee_id, Some(first_agent.id), "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn concurrent_ticks_never_assign_twice_or_over_capacity() {
    for db in TestDb::all().await {
        // Routing's own task is off: only the ticks below run.
        let state = db.state().await;
        let store = state.store.clone();
        let mut agent_ids = Vec::new();
        for name in ["c1", "c2", "c3"] {
            let (user, _) = signed_in(&store, name, Role::Agent, "password-1").await;
            store
                .set_agent_profile(user.id, Some(2), None, None)
                .await
                .unwrap();
            state.hub.agent_connected(user.id, name);
            agent_ids.push(user.id);
        }
        let mut conversations = Vec::new();
        for i in 0..20 {
            let (_, token) = visitor(&store, &format!("buyer {i}")).await;
            conversations.push(start_conversation(&state, &token).await);
        }
        let ticks: Vec<_> = (0..8)
            .map(|_| {
                let desk = state.desk.clone();
                tokio::spawn(async move { kadesk_desk::routing::tick(&desk).await })
            })
            .collect();
        let mut assigned = Vec::new();
        for tick in ticks {
            assigned.extend(tick.await.unwrap().unwrap().assigned);
        }
        let distinct: HashSet<i64> = assigned.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            distinct.len(),
            assigned.len(),
            "{}: a conversation was assigned twice: {assigned:?}",
            db.label
        );
        assert_eq!(assigned.len(), 6, "{}: {assigned:?}", db.label);
        for agent in &agent_ids {
            let mut open = 0;
            for id in &conversations {
                let c = store.conversation(*id).await.unwrap();
                if c.assignee_id == Some(*agent) && c.status == ConversationStatus::Assigned {
                    open += 1;
                }
            }
            assert_eq!(open, 2, "{}: agent {agent}", db.label);
        }
        assert_eq!(
            store.queue_entries().await.unwrap().len(),
            14,
            "{}",
            db.label
        );
        state.desk.shutdown(Duration::from_secs(5)).await;
    }
}

#[tokio::test]
async fn rules_send_a_conversation_to_its_team_and_only_members_take_it() {
    for db in TestDb::all().await {
        let state = db.state().await;
        let store = state.store.clone();
        let server = TestServer::start_with(state.clone()).await;
        let (_, admin) = signed_in(&store, "boss", Role::Admin, "password-1").await;
        let (outsider, outsider_token) =
            signed_in(&store, "outsider", Role::Agent, "password-1").await;
        let (member, member_token) = signed_in(&store, "member", Role::Agent, "password-1").await;
        let (status, team) = server
            .post(
                "/api/v1/teams",
                Some(&admin),
                &json!({"name": "英文组", "members": [member.id]}),
            )
            .await;
        assert_eq!(status, 201, "{team}");
        let team_id = team["id"].as_i64().unwrap();
        let (status, rule) = server
            .post(
                "/api/v1/routing-rules",
                Some(&admin),
                &json!({"rule": {"name": "English", "when": {"languages": ["en"]}, "team_id": team_id, "set_priority": "high"}}),
            )
            .await;
        assert_eq!(status, 201, "{rule}");
        let (status, bad) = server
            .post(
                "/api/v1/routing-rules",
                Some(&admin),
                &json!({"rule": {"name": "x", "team_id": 999_999}}),
            )
            .await;
        assert_eq!(status, 422, "{bad}");

        state.hub.agent_connected(outsider.id, "outsider");
        // An English buyer.
        let (_, id) = server.buyer("en").await;
        let report = kadesk_desk::routing::tick(&state.desk).await.unwrap();
        assert_eq!(report.routed, 1, "{}", db.label);
        assert!(
            report.assigned.is_empty(),
            "{}: the outsider may not take it",
            db.label
        );
        let (_, queue) = server.get("/api/v1/queue", Some(&admin)).await;
        assert_eq!(queue["items"][0]["team"], "英文组", "{queue}");
        assert_eq!(queue["items"][0]["priority"], "high", "{queue}");
        // Agents see their own teams' lines; supervisors pick one line.
        let count = |v: &Value| v["items"].as_array().unwrap().len();
        let (status, theirs) = server.get("/api/v1/queue", Some(&member_token)).await;
        assert_eq!((status, count(&theirs)), (200, 1), "{theirs}");
        let (status, other) = server.get("/api/v1/queue", Some(&outsider_token)).await;
        assert_eq!((status, count(&other)), (200, 0), "{other}");
        let (_, line) = server
            .get(&format!("/api/v1/queue?team={team_id}"), Some(&admin))
            .await;
        assert_eq!(count(&line), 1, "{line}");
        let (_, none) = server.get("/api/v1/queue?team=999999", Some(&admin)).await;
        assert_eq!(count(&none), 0, "{none}");
        assert_eq!(
            server.get("/api/v1/queue?team=x", Some(&admin)).await.0,
            400
        );

        state.hub.agent_connected(member.id, "member");
        let report = kadesk_desk::routing::tick(&state.desk).await.unwrap();
        assert_eq!(report.assigned, vec![(id, member.id)], "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn an_agent_who_is_away_gets_nothing_until_back_online() {
    for db in TestDb::all().await {
        let state = db.state().await;
        let store = state.store.clone();
        let server = TestServer::start_with(state.clone()).await;
        let (agent, token) = signed_in(&store, "a", Role::Agent, "password-1").await;
        let (status, body) = server
            .put(
                "/api/v1/me/status",
                Some(&token),
                &json!({"status": "away"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = server
            .put(
                "/api/v1/me/status",
                Some(&token),
                &json!({"status": "offline"}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        state.hub.agent_connected(agent.id, "a");
        let (_, visitor_token) = visitor(&store, "buyer").await;
        let id = start_conversation(&state, &visitor_token).await;
        let report = kadesk_desk::routing::tick(&state.desk).await.unwrap();
        assert!(report.assigned.is_empty(), "{}", db.label);
        let (_, me) = server.get("/api/v1/me/status", Some(&token)).await;
        assert_eq!(me["status"], "away", "{me}");
        let (status, _) = server
            .put(
                "/api/v1/me/status",
                Some(&token),
                &json!({"status": "online"}),
            )
            .await;
        assert_eq!(status, 200);
        let report = kadesk_desk::routing::tick(&state.desk).await.unwrap();
        assert_eq!(report.assigned, vec![(id, agent.id)], "{}", db.label);
        server.stop().await;
    }
}
