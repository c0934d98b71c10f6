//! The bot answers each conversation through one bounded queue: a burst of
//! buyer messages larger than the queue makes the senders wait rather than
//! growing it, starts one worker, and every stored message is answered
//! exactly once, in the order it was stored; shutdown stops the worker.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use kadesk_desk::bot::{queue_buyer_message, QUEUE};
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::{Desk, DeskConfig};
use kadesk_domain::{Channel, ConversationStatus, Message, SenderKind};
use kadesk_store::Store;

/// Buyer and bot messages of the conversation, oldest first.
async fn thread(desk: &Desk, conversation_id: i64) -> Vec<Message> {
    desk.store
        .messages_after(conversation_id, 0, 10_000)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_larger_than_the_queue_is_answered_once_each_by_one_worker() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let store = Store::connect(&url).await.unwrap();
    let desk = Desk::new(store, DeskConfig::default());
    let contact = desk
        .store
        .create_contact("访客 1001", "zh-CN", Channel::Web, None)
        .await
        .unwrap();
    let conversation = desk
        .store
        .create_conversation(contact.id, Channel::Web, ConversationStatus::Bot)
        .await
        .unwrap();
    let idle_tasks = desk.tasks.running();

    // Every sender stores its message and queues it at the same moment.
    let burst = QUEUE * 3;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(burst));
    let mut senders = tokio::task::JoinSet::new();
    for i in 0..burst {
        let (desk, contact, start) = (desk.clone(), contact.clone(), start.clone());
        senders.spawn(async move {
            start.wait().await;
            let author = Author::Buyer(contact.clone());
            let input = SendInput {
                client_id: Some(format!("burst-{i}")),
                text: format!("你好，第 {i} 条"),
                attachments: Vec::new(),
            };
            let stored = chat::send(&desk, &author, conversation.id, input)
                .await
                .unwrap();
            queue_buyer_message(&desk, contact, None, stored.message, None).await;
        });
    }
    while let Some(sent) = senders.join_next().await {
        sent.unwrap();
    }
    assert_eq!(
        desk.tasks.running(),
        idle_tasks + 1,
        "one worker for the conversation, however many senders raced to start it"
    );

    // Wait until the bot has answered as many messages as were sent.
    let answered = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let messages = thread(&desk, conversation.id).await;
            let bot = messages
                .iter()
                .filter(|m| m.sender == SenderKind::Bot)
                .count();
            if bot >= burst {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the bot answers every message of the burst");

    let buyer = answered
        .iter()
        .filter(|m| m.sender == SenderKind::Buyer)
        .count();
    assert_eq!(buyer, burst, "every message of the burst is stored once");
    // One answer per message, each after the message it answers: walking the
    // thread, the bot never gets ahead of the buyer.
    let mut waiting = 0usize;
    for m in &answered {
        match m.sender {
            SenderKind::Buyer => waiting += 1,
            SenderKind::Bot => {
                assert!(waiting > 0, "a bot reply with no buyer message before it");
                waiting -= 1;
            }
            _ => {}
        }
    }
    assert_eq!(waiting, 0, "every buyer message got its answer");

    assert!(
        desk.shutdown(Duration::from_secs(5)).await,
        "the worker stops on shutdown"
    );
    assert_eq!(desk.tasks.running(), 0);
}
