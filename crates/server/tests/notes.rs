//! Internal notes, on SQLite and PostgreSQL: agents see them live and in
//! the thread, `@name` tells the colleague, and the buyer never gets one —
//! not live on the socket, not in the history a reconnecting widget reads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kadesk_domain::Role;
use serde_json::{json, Value};

const SECRET: &str = "内部备注：这位买家上周退过款";

fn mentions_secret(frame: &Value) -> bool {
    frame.to_string().contains("上周退过款")
}

#[tokio::test]
async fn a_note_reaches_agents_and_its_mentions_but_never_the_buyer() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let store = server.state.store.clone();
        let (_wang_user, wang) = signed_in(&store, "wang", Role::Agent, "pw-wang-1").await;
        let (li_user, li) = signed_in(&store, "li", Role::Agent, "pw-li-1").await;
        let (buyer, conversation) = server.buyer("zh-CN").await;
        let mut buyer_socket = server.buyer_socket(&buyer, Some(0)).await;
        let hello = buyer_socket.next_of("hello").await;
        assert_eq!(hello["conversation"]["id"], conversation, "{}", db.label);
        let mut li_socket = server.agent_socket(&li).await;

        let (status, note) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&wang),
                &json!({"text": format!("{SECRET} @li 帮忙看下")}),
            )
            .await;
        assert_eq!(status, 201, "{}: {note}", db.label);
        assert_eq!(note["mentions"], json!([li_user.id]), "{}", db.label);
        assert_eq!(note["author_name"], "wang", "{}", db.label);

        // 小李's console gets it live, naming them.
        let frame = li_socket.until(|f| f["type"] == "note").await;
        assert_eq!(frame["note"]["id"], note["id"], "{}", db.label);
        assert_eq!(
            frame["note"]["mentions"],
            json!([li_user.id]),
            "{}",
            db.label
        );

        // A reply after the note: the buyer gets the reply, and nothing
        // before it on their socket carries the note.
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/messages"),
                Some(&wang),
                &json!({"text": "您好，我来帮您处理"}),
            )
            .await;
        assert_eq!(status, 201, "{}: {body}", db.label);
        loop {
            let frame = buyer_socket.next().await;
            assert!(!mentions_secret(&frame), "{}: buyer got {frame}", db.label);
            if frame["type"] == "message" && frame["message"]["text"] == "您好，我来帮您处理"
            {
                break;
            }
        }

        // The history a reconnecting widget reads has the reply, not the note.
        let mut again = server.buyer_socket(&buyer, Some(0)).await;
        let mut history = Vec::new();
        again.send(json!({"type": "sync", "after": 0})).await;
        loop {
            let frame = again.next().await;
            assert!(
                !mentions_secret(&frame),
                "{}: buyer history has {frame}",
                db.label
            );
            if frame["type"] == "synced" {
                break;
            }
            history.push(frame);
        }
        assert!(
            history
                .iter()
                .any(|f| f["type"] == "message" && f["message"]["text"] == "您好，我来帮您处理"),
            "{}: the history is read: {history:?}",
            db.label
        );

        // Agents read notes apart from the messages; a buyer's token reads nothing.
        let (status, list) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&li),
            )
            .await;
        assert_eq!(status, 200, "{}", db.label);
        assert_eq!(
            list["items"][0]["text"],
            format!("{SECRET} @li 帮忙看下"),
            "{}",
            db.label
        );
        let (_, messages) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/messages"),
                Some(&li),
            )
            .await;
        assert!(!mentions_secret(&messages), "{}: {messages}", db.label);
        let (status, _) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&buyer),
            )
            .await;
        assert_eq!(status, 401, "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_note_needs_text_and_an_existing_conversation() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, wang) = signed_in(&server.state.store, "wang", Role::Agent, "pw-wang-1").await;
        let (_, conversation) = server.buyer("zh-CN").await;
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&wang),
                &json!({"text": "   "}),
            )
            .await;
        assert_eq!(status, 422, "{}: {body}", db.label);
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&wang),
                &json!({"text": "长".repeat(4001)}),
            )
            .await;
        assert_eq!(status, 422, "{}: {body}", db.label);
        let (status, _) = server
            .post(
                "/api/v1/conversations/999999/notes",
                Some(&wang),
                &json!({"text": "x"}),
            )
            .await;
        assert_eq!(status, 404, "{}", db.label);
        let (status, _) = server
            .get("/api/v1/conversations/999999/notes", Some(&wang))
            .await;
        assert_eq!(status, 404, "{}", db.label);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_transfer_moves_the_conversation_and_leaves_a_note_for_the_receiver() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let store = server.state.store.clone();
        let (_, boss) = signed_in(&store, "boss", Role::Supervisor, "pw-boss-1").await;
        let (_, wang) = signed_in(&store, "wang", Role::Agent, "pw-wang-1").await;
        let (li_user, li) = signed_in(&store, "li", Role::Agent, "pw-li-1").await;
        let recharge = store
            .create_team("充值", true, kadesk_domain::now_millis())
            .await
            .unwrap();
        let (_, conversation) = server.buyer("zh-CN").await;
        let path = format!("/api/v1/conversations/{conversation}/transfer");
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{conversation}/claim"),
                Some(&wang),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);
        let mut li_socket = server.agent_socket(&li).await;

        // To 小李, with why: assigned to them, and they are told.
        let (status, moved) = server
            .post(
                &path,
                Some(&wang),
                &json!({"user_id": li_user.id, "note": "买家要退款，请跟进"}),
            )
            .await;
        assert_eq!(status, 200, "{}: {moved}", db.label);
        assert_eq!(
            moved["conversation"]["assignee_id"], li_user.id,
            "{}",
            db.label
        );
        assert_eq!(
            moved["note"]["text"], "转接给 li：买家要退款，请跟进",
            "{}",
            db.label
        );
        assert_eq!(
            moved["note"]["mentions"],
            json!([li_user.id]),
            "{}",
            db.label
        );
        let frame = li_socket.until(|f| f["type"] == "note").await;
        assert_eq!(frame["note"]["id"], moved["note"]["id"], "{}", db.label);

        // To a team: back in that team's line, unassigned.
        let (status, moved) = server
            .post(&path, Some(&li), &json!({"team_id": recharge.id}))
            .await;
        assert_eq!(status, 200, "{}: {moved}", db.label);
        assert_eq!(moved["conversation"]["status"], "queued", "{}", db.label);
        assert_eq!(
            moved["conversation"]["assignee_id"],
            Value::Null,
            "{}",
            db.label
        );
        assert_eq!(moved["note"]["text"], "转接给 「充值」组", "{}", db.label);
        let (_, queue) = server.get("/api/v1/queue", Some(&boss)).await;
        assert_eq!(
            queue["items"][0]["conversation_id"], conversation,
            "{}: {queue}",
            db.label
        );
        assert_eq!(queue["items"][0]["team"], "充值", "{}", db.label);
        let (_, notes) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/notes"),
                Some(&li),
            )
            .await;
        assert_eq!(notes["items"].as_array().unwrap().len(), 2, "{}", db.label);

        // Refused: both targets, no target, a missing team, a resolved conversation.
        for (bad, why) in [
            (
                json!({"team_id": recharge.id, "user_id": li_user.id}),
                "both",
            ),
            (json!({"note": "x"}), "neither"),
            (json!({"team_id": 999_999}), "a missing team"),
            (json!({"user_id": 999_999}), "a missing user"),
        ] {
            let (status, body) = server.post(&path, Some(&wang), &bad).await;
            assert_eq!(status, 422, "{}: {why}: {body}", db.label);
        }
        server
            .post(
                &format!("/api/v1/conversations/{conversation}/resolve"),
                Some(&wang),
                &json!({}),
            )
            .await;
        let (status, body) = server
            .post(&path, Some(&wang), &json!({"user_id": li_user.id}))
            .await;
        assert_eq!(status, 422, "{}: resolved: {body}", db.label);
        server.stop().await;
    }
}
