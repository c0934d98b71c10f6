//! The Telegram adapter against a stand-in of the Bot API on 127.0.0.1,
//! started by each test, that speaks its format and records what kadesk
//! sent: webhooks checked by their secret and stored once per update,
//! button presses and photos, long polling end to end (a buyer gets a
//! card key re-delivered), and delivery that retries while the platform is
//! down and shows what failed for good.
//! Runs on SQLite, and on PostgreSQL when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use kadesk_channels::telegram::{Telegram, SECRET_HEADER};
use kadesk_channels::{Channels, TelegramConfig, TelegramMode};
use kadesk_domain::{Channel, ConversationStatus, QuickReply, Role};
use kadesk_shop::{CardCipher, ManualClock, OrderInput, Shop};
use kadesk_store::{DeliveryStatus, Store};
use serde_json::{json, Value};

use common::{desk, png, stores, until};

const SECRET: &str = "s3cret-Token_1";
const TOKEN: &str = "123456:TEST-token";

/// What the stand-in was sent and what it will answer.
#[derive(Clone, Default)]
struct Api {
    /// (method, body) of every call, in order.
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    /// Updates the next `getUpdates` returns.
    updates: Arc<Mutex<Vec<Value>>>,
    /// While set, `sendMessage` answers 502.
    down: Arc<AtomicBool>,
}

impl Api {
    fn sent(&self) -> Vec<Value> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == "sendMessage")
            .map(|(_, b)| b.clone())
            .collect()
    }

    fn texts_to(&self, chat: &str) -> Vec<String> {
        self.sent()
            .iter()
            .filter(|b| b["chat_id"] == chat)
            .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

async fn method(
    State(api): State<Api>,
    Path((bot, name)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> (axum::http::StatusCode, Json<Value>) {
    assert_eq!(bot, format!("bot{TOKEN}"), "the token is in the path");
    api.calls.lock().unwrap().push((name.clone(), body.clone()));
    let ok = |result: Value| {
        (
            axum::http::StatusCode::OK,
            Json(json!({"ok": true, "result": result})),
        )
    };
    match name.as_str() {
        "sendMessage" if api.down.load(Ordering::SeqCst) => (
            axum::http::StatusCode::BAD_GATEWAY,
            Json(json!({"ok": false, "error_code": 502, "description": "Bad Gateway"})),
        ),
        "sendMessage" if body["chat_id"] == "666" => (
            axum::http::StatusCode::FORBIDDEN,
            Json(
                json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
            ),
        ),
        "sendMessage" => ok(json!({"message_id": 1})),
        "getUpdates" => {
            let pending: Vec<Value> = std::mem::take(&mut *api.updates.lock().unwrap());
            if pending.is_empty() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            ok(Value::Array(pending))
        }
        "getFile" => ok(
            json!({"file_id": body["file_id"], "file_path": "photos/file_1.png", "file_size": 100}),
        ),
        _ => ok(json!(true)),
    }
}

async fn file(Path((bot, path)): Path<(String, String)>) -> Bytes {
    assert_eq!(bot, format!("bot{TOKEN}"));
    assert_eq!(path, "photos/file_1.png");
    Bytes::from(png())
}

/// The conversation of the Telegram chat `chat` (its id), as the desk
/// opened it.
async fn conversation_of(store: &Store, chat: &str, status: ConversationStatus) -> i64 {
    let contact = store
        .contact_for_identity(Channel::Telegram, chat)
        .await
        .unwrap()
        .unwrap();
    let (conversation, _) = store
        .open_or_start_conversation(contact.id, Channel::Telegram, status)
        .await
        .unwrap();
    conversation.id
}

/// Starts the stand-in; its base URL.
async fn stand_in(api: Api) -> String {
    let app = Router::new()
        .route("/{bot}/{name}", post(method))
        .route("/file/{bot}/{*path}", get(file))
        .with_state(api);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn config(base: &str, mode: TelegramMode) -> TelegramConfig {
    TelegramConfig {
        token: TOKEN.into(),
        secret_token: SECRET.into(),
        mode,
        api_base: base.into(),
        webhook_url: None,
        poll_timeout: 1,
    }
}

fn webhook(secret: Option<&str>, update: &Value) -> kadesk_channels::WebhookRequest {
    let mut request = http::Request::builder().method("POST").uri("/");
    if let Some(secret) = secret {
        request = request.header(SECRET_HEADER, secret);
    }
    request
        .body(Bytes::from(serde_json::to_vec(update).unwrap()))
        .unwrap()
}

fn text_update(update_id: i64, chat: i64, text: &str) -> Value {
    json!({"update_id": update_id, "message": {
        "message_id": update_id * 10, "date": 1_733_300_000,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": false, "first_name": "Li", "last_name": "Lei", "language_code": "zh-hans"},
        "text": text}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_needs_the_secret_and_a_redelivered_update_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let base = stand_in(Api::default()).await;
    for (store, label) in stores(&dir, "tg").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Webhook,
        ))));
        let before = store.last_message_id().await.unwrap();
        let update = text_update(1001, 4242, "在吗");
        for bad in [None, Some("wrong"), Some("s3cret-Token_")] {
            let answer = channels
                .webhook("telegram", webhook(bad, &update))
                .await
                .unwrap();
            assert_eq!(answer.status(), 401, "{label}: secret {bad:?}");
        }
        assert_eq!(
            store.last_message_id().await.unwrap(),
            before,
            "{label}: nothing stored"
        );
        for _ in 0..2 {
            let answer = channels
                .webhook("telegram", webhook(Some(SECRET), &update))
                .await
                .unwrap();
            assert_eq!(answer.status(), 200, "{label}");
        }
        assert_eq!(
            store.last_message_id().await.unwrap(),
            before + 1,
            "{label}: one message for a twice-delivered update"
        );
        let contact = store
            .contact_for_identity(Channel::Telegram, "4242")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(contact.name, "Li Lei", "{label}");
        assert_eq!(contact.language, "zh-CN", "{label}");
        let message_id = store
            .channel_message(Channel::Telegram, "1001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(message_id, before + 1);

        // A button press arrives as the button's label, with its payload.
        let press = json!({"update_id": 1002, "callback_query": {
            "id": "cq-1", "from": {"id": 4242, "is_bot": false, "first_name": "Li"},
            "data": "intent:order_status",
            "message": {"message_id": 5, "chat": {"id": 4242, "type": "private"},
                "reply_markup": {"inline_keyboard": [[{"text": "查订单", "callback_data": "intent:order_status"}]]}}}});
        let answer = channels
            .webhook("telegram", webhook(Some(SECRET), &press))
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        // /start is the buyer saying hello; group chats are ignored.
        let start = text_update(1003, 4242, "/start");
        channels
            .webhook("telegram", webhook(Some(SECRET), &start))
            .await
            .unwrap();
        let mut group = text_update(1004, -100, "hi all");
        group["message"]["chat"]["type"] = json!("group");
        channels
            .webhook("telegram", webhook(Some(SECRET), &group))
            .await
            .unwrap();
        let texts = texts_of(&store, contact.id).await;
        assert_eq!(texts, ["在吗", "查订单", "你好"], "{label}");

        // Not configured, or not a POST: no webhook.
        assert!(channels
            .webhook("whatsapp", webhook(Some(SECRET), &update))
            .await
            .is_none());
        let get = http::Request::builder()
            .method("GET")
            .uri("/")
            .body(Bytes::new())
            .unwrap();
        assert_eq!(
            channels.webhook("telegram", get).await.unwrap().status(),
            405
        );
    }
}

/// The texts of the contact's open Telegram conversation.
async fn texts_of(store: &Store, contact_id: i64) -> Vec<String> {
    let (conversation, created) = store
        .open_or_start_conversation(contact_id, Channel::Telegram, ConversationStatus::Queued)
        .await
        .unwrap();
    assert!(!created, "the conversation exists");
    store
        .messages_after(conversation.id, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_is_fetched_with_get_file_and_stored_as_the_message_picture() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "tg").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Webhook,
        ))));
        let update = json!({"update_id": 2001, "message": {
            "message_id": 9, "date": 1_733_300_000,
            "chat": {"id": 5151, "type": "private"},
            "from": {"id": 5151, "is_bot": false, "first_name": "Wang"},
            "caption": "付款截图",
            "photo": [
                {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60, "file_size": 10},
                {"file_id": "big", "file_unique_id": "b", "width": 1200, "height": 800, "file_size": 900}]}});
        for _ in 0..2 {
            let answer = channels
                .webhook("telegram", webhook(Some(SECRET), &update))
                .await
                .unwrap();
            assert_eq!(
                answer.status(),
                200,
                "{label}: {:?}",
                api.calls
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|c| c.0.clone())
                    .collect::<Vec<_>>()
            );
        }
        let asked: Vec<Value> = api
            .calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == "getFile")
            .map(|(_, b)| b["file_id"].clone())
            .collect();
        assert!(
            asked.iter().all(|f| f == "big"),
            "{label}: the largest size: {asked:?}"
        );
        let conversation = conversation_of(&store, "5151", ConversationStatus::Queued).await;
        let messages = store.messages_after(conversation, 0, 10).await.unwrap();
        assert_eq!(messages.len(), 1, "{label}: stored once");
        assert_eq!(messages[0].text, "付款截图");
        assert_eq!(messages[0].attachments.len(), 1, "{label}");
        assert_eq!(messages[0].attachments[0].width, Some(120));
        let stored = desk
            .files
            .read(&messages[0].attachments[0].id)
            .await
            .unwrap();
        assert!(!stored.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_wait_while_telegram_is_down_and_arrive_after_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "tg").await {
        let clock = Arc::new(ManualClock::new(1_733_300_000_000));
        let shop = Shop::new(store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
        let desk = desk(store.clone(), &dir, false).with_shop(shop);
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Webhook,
        ))));
        channels.prepare().await.unwrap();
        let chat = format!("{}", 7000 + label.len());
        let update = text_update(3001, chat.parse().unwrap(), "订单没到");
        channels
            .webhook("telegram", webhook(Some(SECRET), &update))
            .await
            .unwrap();
        let conversation = conversation_of(&store, &chat, ConversationStatus::Queued).await;
        let long = format!(
            "{}。{}",
            "请稍等".repeat(1200),
            "我们马上处理。".repeat(200)
        );
        let buttons = vec![QuickReply {
            label: "转人工".into(),
            payload: "handoff".into(),
        }];
        kadesk_desk::outbox::post_bot(&desk, conversation, long.clone(), buttons)
            .await
            .unwrap();

        api.down.store(true, Ordering::SeqCst);
        assert_eq!(
            channels.tick().await.unwrap(),
            0,
            "{label}: Telegram is down"
        );
        let tries = api.sent().len();
        let deliveries = store.deliveries(conversation, 10).await.unwrap();
        assert_eq!(deliveries.len(), 2, "{label}: split in two: {deliveries:?}");
        let first = deliveries.iter().min_by_key(|d| d.id).unwrap();
        assert_eq!(first.status, DeliveryStatus::Pending);
        assert_eq!(
            first.last_error.as_deref(),
            Some("Telegram 502: Bad Gateway")
        );
        // Not again before the back-off, and never the second part first.
        assert_eq!(channels.tick().await.unwrap(), 0);
        assert_eq!(api.sent().len(), tries, "{label}: waits for the back-off");
        clock.advance(Duration::from_secs(60));
        channels.tick().await.unwrap();
        assert_eq!(
            api.sent().len(),
            tries + 1,
            "{label}: one more try, in order"
        );

        api.down.store(false, Ordering::SeqCst);
        clock.advance(Duration::from_secs(120));
        assert_eq!(channels.tick().await.unwrap(), 2, "{label}: both parts now");
        let texts = api.texts_to(&chat);
        let delivered: Vec<&String> = texts.iter().rev().take(2).rev().collect();
        assert!(delivered.iter().all(|t| t.chars().count() <= 4096));
        assert!(
            delivered[0].ends_with('。'),
            "{label}: cut after a sentence"
        );
        assert_eq!(
            format!("{}{}", delivered[0], delivered[1]),
            long,
            "{label}: nothing lost"
        );
        let last = api.sent().last().cloned().unwrap();
        assert_eq!(
            last["reply_markup"]["inline_keyboard"][0][0],
            json!({"text": "转人工", "callback_data": "handoff"}),
            "{label}: the button under the last part"
        );
        let deliveries = store.deliveries(conversation, 10).await.unwrap();
        assert!(deliveries.iter().all(|d| d.status == DeliveryStatus::Sent));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_telegram_refuses_fails_with_the_platforms_error() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "tg").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Webhook,
        ))));
        channels.prepare().await.unwrap();
        let update = text_update(4001, 666, "hi");
        channels
            .webhook("telegram", webhook(Some(SECRET), &update))
            .await
            .unwrap();
        let conversation = conversation_of(&store, "666", ConversationStatus::Queued).await;
        kadesk_desk::outbox::post_bot(&desk, conversation, "您好".into(), Vec::new())
            .await
            .unwrap();
        assert_eq!(channels.tick().await.unwrap(), 0);
        let failed = store.deliveries(conversation, 10).await.unwrap();
        assert_eq!(failed.len(), 1, "{label}");
        assert_eq!(
            failed[0].status,
            DeliveryStatus::Failed,
            "{label}: not retried"
        );
        assert_eq!(
            failed[0].last_error.as_deref(),
            Some("Telegram 403: Forbidden: bot was blocked by the user")
        );
        assert_eq!(failed[0].attempts, 1);
    }
}

const PLAIN: &str = "KDSK-7F3Q-9ZP2-LX4M-W8RT";
const ORDER: &str = "D20241120X7731";
const EMAIL: &str = "buyer2024@qq.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polling_telegram_buyer_verifies_an_order_and_gets_its_card_key() {
    let dir = tempfile::tempdir().unwrap();
    for (store, label) in stores(&dir, "tg").await {
        let api = Api::default();
        let base = stand_in(api.clone()).await;
        let desk = desk(store.clone(), &dir, true);
        let order: OrderInput = serde_json::from_value(json!({
            "order_no": ORDER, "trade_no": "2024112022001188", "product": "王者荣耀 60 点券",
            "contact": EMAIL, "amount": "6.00",
            "payment_status": "paid", "delivery_status": "delivered",
            "created_at": "2024-11-20T14:00:00Z", "card_keys": [PLAIN]
        }))
        .unwrap();
        kadesk_desk::shop::ingest(&desk, vec![order]).await.unwrap();
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Polling,
        ))));
        channels.start().await.unwrap();

        api.updates.lock().unwrap().push(text_update(
            500,
            8080,
            &format!("我的卡密没收到，订单号 {ORDER}"),
        ));
        until(
            "the bot asks for proof",
            || {
                api.texts_to("8080")
                    .iter()
                    .any(|t| t.contains("邮箱") || t.contains("联系方式"))
            },
            || format!("{:#?}", api.sent()),
        )
        .await;
        api.updates
            .lock()
            .unwrap()
            .push(text_update(501, 8080, EMAIL));
        until(
            "the card key",
            || api.texts_to("8080").iter().any(|t| t.contains(PLAIN)),
            || format!("{:#?}", api.sent()),
        )
        .await;
        let keys = api
            .texts_to("8080")
            .into_iter()
            .find(|t| t.contains(PLAIN))
            .unwrap();
        assert!(keys.contains(ORDER), "{label}: {keys}");
        assert_eq!(
            store
                .channel_state("telegram", "offset")
                .await
                .unwrap()
                .as_deref(),
            Some("502"),
            "{label}: the offset is kept"
        );
        // The key went out and is kept nowhere: not in messages, not in the queue.
        let conversation = conversation_of(&store, "8080", ConversationStatus::Bot).await;
        let messages = store.messages_after(conversation, 0, 100).await.unwrap();
        assert!(messages.iter().all(|m| !m.text.contains(PLAIN)), "{label}");
        assert!(
            messages.iter().all(|m| !m.text.contains(EMAIL)),
            "{label}: the proof is stored hidden"
        );
        assert!(
            messages.iter().any(|m| m.text.contains(kadesk_bot::HIDDEN)),
            "{label}: the buyer's proof message is kept, hidden"
        );
        let mut deliveries = Vec::new();
        for _ in 0..100 {
            deliveries = store.deliveries(conversation, 100).await.unwrap();
            if deliveries.iter().all(|d| d.status == DeliveryStatus::Sent) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            deliveries.iter().all(|d| d.status == DeliveryStatus::Sent),
            "{label}: {deliveries:?}"
        );
        assert!(
            deliveries.iter().any(|d| d.message_id.is_none()),
            "{label}: the keys' part"
        );
        assert!(
            desk.shutdown(Duration::from_secs(10)).await,
            "{label}: loops stop"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_re_delivered_long_after_the_buyer_wrote_still_reach_the_chat() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "tg").await {
        let chat = format!("{}", 9100 + label.len());
        // The buyer wrote to one desk process (its own hub and tasks)…
        let before = desk(store.clone(), &dir, false);
        let channels = Channels::none(before.clone()).with_adapter(Arc::new(Telegram::new(
            config(&base, TelegramMode::Webhook),
        )));
        channels.prepare().await.unwrap();
        let update = text_update(6001, chat.parse().unwrap(), "卡密呢");
        channels
            .webhook("telegram", webhook(Some(SECRET), &update))
            .await
            .unwrap();
        drop(channels);
        drop(before);

        // …and much later, on the desk process that runs now, an agent
        // re-delivers: the keys reach the chat though nothing there ever
        // saw the buyer's message.
        let desk = desk(store.clone(), &dir, false);
        let channels = Channels::none(desk.clone()).with_adapter(Arc::new(Telegram::new(config(
            &base,
            TelegramMode::Webhook,
        ))));
        let conversation = conversation_of(&store, &chat, ConversationStatus::Queued).await;
        let agent = store
            .create_user(&format!("tg-keys-{label}"), "小王", Role::Agent, "x")
            .await
            .unwrap();
        kadesk_desk::outbox::show_keys(
            &desk,
            conversation,
            Some(&agent),
            Some(ORDER),
            vec![PLAIN.to_owned()],
        )
        .await
        .unwrap();
        channels.tick().await.unwrap();
        let texts = api.texts_to(&chat);
        assert_eq!(
            texts.len(),
            1,
            "{label}: the keys under their own heading, not the widget's note too: {texts:?}"
        );
        assert!(
            texts[0].contains(PLAIN) && texts[0].contains(ORDER),
            "{label}"
        );
        let messages = store.messages_after(conversation, 0, 100).await.unwrap();
        assert!(messages.iter().all(|m| !m.text.contains(PLAIN)), "{label}");
        let deliveries = store.deliveries(conversation, 10).await.unwrap();
        assert_eq!(deliveries.len(), 1, "{label}");
        assert_eq!(deliveries[0].status, DeliveryStatus::Sent, "{label}");
        assert_eq!(deliveries[0].message_id, None, "{label}: the keys' part");
    }
}
