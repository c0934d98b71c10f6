//! Response-time promises end to end, on SQLite and PostgreSQL, under a
//! clock the test moves: due times for the console, a missed first answer
//! escalated once (priority up, supervisors told), a conversation whose
//! agent has no console open put back in the queue, and an answer in time
//! breaching nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use kadesk_domain::{ConversationStatus, ManualClock, Priority, Role};
use kadesk_shop::{CardCipher, Shop};
use serde_json::{json, Value};

const MIN: i64 = 60_000;

fn item(board: &Value, id: i64) -> Value {
    board["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["conversation_id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_missed_first_answer_escalates_once_and_an_away_agent_loses_the_conversation() {
    for db in TestDb::all().await {
        // The store stamps events with the wall clock; the desk's clock
        // starts there and the test moves it.
        let clock = Arc::new(ManualClock::new(kadesk_domain::now_millis()));
        let state = db.state().await;
        let shop =
            Shop::new(state.store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
        // Checks run when the test says (and on kicks), not every few seconds.
        let routing = kadesk_desk::routing::RoutingSettings {
            enabled: false,
            tick_every: Duration::from_secs(3600),
            ..Default::default()
        };
        let server = TestServer::start_with(state.with_shop(shop).with_routing(routing)).await;
        let store = server.state.store.clone();
        let (_, boss) = signed_in(&store, "boss", Role::Supervisor, "password-1").await;
        let (absent, absent_token) = signed_in(&store, "absent", Role::Agent, "password-1").await;
        let (quick, quick_token) = signed_in(&store, "quick", Role::Agent, "password-1").await;
        let mut boss_socket = server.agent_socket(&boss).await;

        // Three buyers wait for a person (the bot is off).
        let (_, waiting) = server.buyer("zh-CN").await;
        let (_, held) = server.buyer("zh-CN").await;
        let (_, answered) = server.buyer("zh-CN").await;
        for (id, user) in [(held, absent.id), (answered, quick.id)] {
            let (status, body) = server
                .post(
                    &format!("/api/v1/conversations/{id}/assign"),
                    Some(&boss),
                    &json!({"user_id": user}),
                )
                .await;
            assert_eq!(status, 200, "{}: {body}", db.label);
        }

        // The console's countdowns: normal priority, 15 minutes.
        let (status, board) = server.get("/api/v1/sla", Some(&quick_token)).await;
        assert_eq!(status, 200, "{}: {board}", db.label);
        let first = item(&board, waiting);
        let started = first["started_at"].as_i64().unwrap();
        assert_eq!(first["priority"], "normal");
        assert_eq!(
            first["first_response_due_at"].as_i64(),
            Some(started + 15 * MIN),
            "{}: {first}",
            db.label
        );
        assert_eq!(first["breached"], json!([]));
        assert_eq!(server.get("/api/v1/sla", None).await.0, 401);

        // Quick answers in time.
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{answered}/messages"),
                Some(&quick_token),
                &json!({"text": "您好，我来帮您查一下"}),
            )
            .await;
        assert_eq!(status, 201, "{}: {body}", db.label);
        assert_eq!(
            kadesk_desk::routing::check_promises(&server.state)
                .await
                .unwrap(),
            0
        );

        // Sixteen minutes later nobody answered the other two.
        clock.advance(Duration::from_secs(16 * 60));
        let escalated = kadesk_desk::routing::check_promises(&server.state)
            .await
            .unwrap();
        assert_eq!(escalated, 2, "{}", db.label);
        let mut told = Vec::new();
        while told.len() < 2 {
            let frame = boss_socket
                .until_within(Duration::from_secs(10), |f| f["type"] == "sla_breach")
                .await;
            assert_eq!(frame["type"], "sla_breach", "{}: {frame}", db.label);
            assert_eq!(frame["target"], "first_response");
            assert_eq!(frame["priority"], 1, "raised to high");
            told.push((
                frame["conversation_id"].as_i64().unwrap(),
                frame["requeued"].as_bool().unwrap(),
            ));
        }
        told.sort_unstable();
        assert_eq!(told, vec![(waiting, false), (held, true)], "{}", db.label);

        let c = store.conversation(waiting).await.unwrap();
        assert_eq!(c.priority, Priority::High, "{}", db.label);
        // Absent has no console open: the conversation goes back in line.
        let c = store.conversation(held).await.unwrap();
        assert_eq!(c.status, ConversationStatus::Queued, "{}", db.label);
        assert_eq!(c.assignee_id, None);
        let c = store.conversation(answered).await.unwrap();
        assert_eq!(c.priority, Priority::Normal, "answered in time");
        assert_eq!(c.assignee_id, Some(quick.id));

        // Once per wait: the next check raises nothing more yet.
        assert_eq!(
            kadesk_desk::routing::check_promises(&server.state)
                .await
                .unwrap(),
            0
        );
        let (_, board) = server.get("/api/v1/sla", Some(&absent_token)).await;
        let first = item(&board, waiting);
        assert_eq!(first["breached"], json!(["first_response"]), "{first}");
        assert_eq!(first["priority"], "high");
        assert!(item(&board, answered)["first_response_due_at"].is_null());

        // Resolved conversations keep no clock.
        let (status, _) = server
            .post(
                &format!("/api/v1/conversations/{answered}/resolve"),
                Some(&quick_token),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200);
        let (_, board) = server.get("/api/v1/sla", Some(&quick_token)).await;
        assert!(item(&board, answered).is_null(), "{}: {board}", db.label);
    }
}
