//! Shutdown ends everything the desk started: a buyer writes to the bot,
//! the server is told to stop, and afterwards no bot worker, screenshot
//! thread or message writer is left running, and every message the buyer
//! was acknowledged is in the database. SQLite, and PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{TestDb, TestServer};
use kadesk_desk::vision::VisionService;
use kadesk_vision::OcrError;
use serde_json::json;

#[tokio::test]
async fn shutdown_stops_every_task_and_keeps_every_acknowledged_message() {
    for db in TestDb::all().await {
        eprintln!("backend: {}", db.label);
        shutdown_round(&db).await;
    }
}

async fn shutdown_round(db: &TestDb) {
    // A screenshot pool with no reader: its thread holds the queue until
    // shutdown (it used to park forever).
    let state = db
        .bot_state()
        .await
        .with_vision(VisionService::start_with(0, 1, || {
            Err(OcrError::Inference("no engine in this test".into()))
        }));
    let server = TestServer::start_with(state).await;
    let session = server.widget_session("zh-CN").await;
    let token = session["visitor_token"].as_str().unwrap();
    let mut buyer = server.buyer_socket(token, None).await;
    buyer.next_of("hello").await;
    let mut acked = Vec::new();
    for n in 0..5 {
        let id = format!("s{n}");
        buyer
            .send(json!({"type": "send", "client_id": id, "text": format!("订单没收到 {n}")}))
            .await;
        let ack = buyer
            .until(|f| f["type"] == "ack" && f["client_id"] == id.as_str())
            .await;
        acked.push(ack["message"]["id"].as_i64().unwrap());
    }
    assert!(server.state.vision.running_threads() > 0);
    let state = server.state.clone();
    server.stop().await;

    assert_eq!(state.tasks.running(), 0, "bot workers ended");
    assert_eq!(
        state.vision.running_threads(),
        0,
        "screenshot threads ended"
    );
    assert!(state.store.is_closed(), "message writer ended");

    // A fresh connection sees every acknowledged message.
    let store = kadesk_store::Store::connect(&db.url).await.unwrap();
    let conversation = store
        .open_conversation_of(session["contact"]["id"].as_i64().unwrap())
        .await
        .unwrap()
        .expect("the buyer's conversation");
    let stored: Vec<i64> = store
        .messages_after(conversation.id, 0, 200)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    for id in acked {
        assert!(stored.contains(&id), "acknowledged message {id} is stored");
    }
    store.close().await;
}
