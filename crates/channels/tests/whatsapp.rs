//! The WhatsApp Cloud API adapter against a stand-in of the Graph API on
//! 127.0.0.1, started by each test, that speaks its format and records what
//! kadesk sent: the URL check, signed webhooks stored once per `wamid`,
//! images fetched through the media URL, reply buttons, the 24-hour window
//! (an agent's reply refused after it, the template sent instead) and the
//! platform's refusal kept as the delivery's error.
//! Runs on SQLite, and on PostgreSQL when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use hmac::{Hmac, Mac};
use kadesk_channels::whatsapp::{Whatsapp, SIGNATURE_HEADER};
use kadesk_channels::{Channels, WhatsappConfig};
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_domain::{Channel, ConversationStatus, ErrorCode, QuickReply, Role};
use kadesk_shop::{CardCipher, ManualClock, Shop};
use kadesk_store::{DeliveryStatus, Store};
use serde_json::{json, Value};
use sha2::Sha256;

use common::{desk, png, stores};

const APP_SECRET: &str = "app-secret-42";
const ACCESS_TOKEN: &str = "EAAG-test-token";
const VERIFY: &str = "verify-me-7";
const PHONE_ID: &str = "106540352242922";
/// A buyer WhatsApp refuses to deliver to.
const UNDELIVERABLE: &str = "8613800000666";

/// What the stand-in was sent.
#[derive(Clone, Default)]
struct Api {
    /// Bodies posted to `/messages`, in order.
    sent: Arc<Mutex<Vec<Value>>>,
    /// Media ids asked for.
    media: Arc<Mutex<Vec<String>>>,
    /// The stand-in's own address (for media URLs).
    base: Arc<Mutex<String>>,
}

impl Api {
    fn sent_to(&self, to: &str) -> Vec<Value> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .filter(|b| b["to"] == to)
            .cloned()
            .collect()
    }
}

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {ACCESS_TOKEN}"))
}

async fn messages(
    State(api): State<Api>,
    Path((version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    assert_eq!(version, "v21.0");
    assert_eq!(phone, PHONE_ID);
    assert!(authorised(&headers), "the bearer token is sent");
    api.sent.lock().unwrap().push(body.clone());
    if body["to"] == UNDELIVERABLE {
        return (
            StatusCode::BAD_REQUEST,
            Json(
                json!({"error": {"message": "Message undeliverable", "type": "OAuthException",
                "code": 131026, "fbtrace_id": "AbC"}}),
            ),
        );
    }
    (
        StatusCode::OK,
        Json(json!({"messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": "wamid.OUT"}]})),
    )
}

async fn media_info(
    State(api): State<Api>,
    Path((_version, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    assert!(authorised(&headers));
    api.media.lock().unwrap().push(id.clone());
    let base = api.base.lock().unwrap().clone();
    (
        StatusCode::OK,
        Json(
            json!({"messaging_product": "whatsapp", "url": format!("{base}/media/{id}"),
            "mime_type": "image/png", "sha256": "x", "file_size": 900, "id": id}),
        ),
    )
}

async fn media_bytes(Path(id): Path<String>, headers: HeaderMap) -> (StatusCode, Bytes) {
    if !authorised(&headers) {
        return (StatusCode::UNAUTHORIZED, Bytes::new());
    }
    assert_eq!(id, "MEDIA-1");
    (StatusCode::OK, Bytes::from(png()))
}

/// Starts the stand-in; its base URL.
async fn stand_in(api: Api) -> String {
    let app = Router::new()
        .route("/media/{id}", get(media_bytes))
        .route("/{version}/{id}", get(media_info))
        .route("/{version}/{phone}/messages", post(messages))
        .with_state(api.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}");
    *api.base.lock().unwrap() = base.clone();
    base
}

fn config(base: &str) -> WhatsappConfig {
    WhatsappConfig {
        access_token: ACCESS_TOKEN.into(),
        app_secret: APP_SECRET.into(),
        verify_token: VERIFY.into(),
        phone_number_id: PHONE_ID.into(),
        api_base: base.into(),
        template: Some("order_follow_up".into()),
        ..WhatsappConfig::default()
    }
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn posted(signature: Option<String>, payload: &Value) -> kadesk_channels::WebhookRequest {
    let body = serde_json::to_vec(payload).unwrap();
    let mut request = http::Request::builder().method("POST").uri("/");
    if let Some(signature) = signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    request.body(Bytes::from(body)).unwrap()
}

fn signed(payload: &Value) -> kadesk_channels::WebhookRequest {
    posted(
        Some(sign(APP_SECRET, &serde_json::to_vec(payload).unwrap())),
        payload,
    )
}

/// A webhook payload carrying `messages` from `wa_id` (named Zhang San).
fn payload(wa_id: &str, messages: Value) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA-1", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_ID},
            "contacts": [{"profile": {"name": "Zhang San"}, "wa_id": wa_id}],
            "messages": messages}}]}]})
}

fn text(wa_id: &str, wamid: &str, body: &str) -> Value {
    payload(
        wa_id,
        json!([{"from": wa_id, "id": wamid, "timestamp": "1733300000", "type": "text",
            "text": {"body": body}}]),
    )
}

/// The conversation of the WhatsApp buyer `wa_id`.
async fn conversation_of(store: &Store, wa_id: &str) -> i64 {
    let contact = store
        .contact_for_identity(Channel::Whatsapp, wa_id)
        .await
        .unwrap()
        .unwrap();
    let (conversation, created) = store
        .open_or_start_conversation(contact.id, Channel::Whatsapp, ConversationStatus::Queued)
        .await
        .unwrap();
    assert!(!created, "the conversation exists");
    conversation.id
}

fn channels_on(desk: &kadesk_desk::Desk, base: &str) -> Channels {
    Channels::none(desk.clone()).with_adapter(Arc::new(Whatsapp::new(config(base))))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_url_check_echoes_the_challenge_only_for_the_verify_token() {
    let dir = tempfile::tempdir().unwrap();
    let base = stand_in(Api::default()).await;
    let (store, _) = stores(&dir, "wa").await.remove(0);
    let channels = channels_on(&desk(store, &dir, false), &base);
    let check = |query: &str| {
        http::Request::builder()
            .method("GET")
            .uri(format!("/?{query}"))
            .body(Bytes::new())
            .unwrap()
    };
    let ok = channels
        .webhook(
            "whatsapp",
            check("hub.mode=subscribe&hub.verify_token=verify-me-7&hub.challenge=1158201444"),
        )
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.body().as_ref(), b"1158201444");
    for bad in [
        "hub.mode=subscribe&hub.verify_token=verify-me-8&hub.challenge=1",
        "hub.mode=subscribe&hub.challenge=1",
        "hub.mode=unsubscribe&hub.verify_token=verify-me-7&hub.challenge=1",
    ] {
        let answer = channels.webhook("whatsapp", check(bad)).await.unwrap();
        assert_eq!(answer.status(), 403, "{bad}");
        assert!(answer.body().is_empty(), "{bad}: no challenge echoed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_message_is_stored_once_and_a_bad_signature_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = stand_in(Api::default()).await;
    for (store, label) in stores(&dir, "wa").await {
        let channels = channels_on(&desk(store.clone(), &dir, false), &base);
        let before = store.last_message_id().await.unwrap();
        let message = text("8613912345678", "wamid.HBgL001", "我的卡密没收到");
        let body = serde_json::to_vec(&message).unwrap();
        for bad in [
            None,
            Some(sign("another-secret", &body)),
            Some(sign(APP_SECRET, b"{}")),
            Some("sha256=zz".to_owned()),
            Some(sign(APP_SECRET, &body).replace("sha256=", "sha1=")),
        ] {
            let answer = channels
                .webhook("whatsapp", posted(bad.clone(), &message))
                .await
                .unwrap();
            assert_eq!(answer.status(), 401, "{label}: {bad:?}");
        }
        assert_eq!(
            store.last_message_id().await.unwrap(),
            before,
            "{label}: nothing stored"
        );
        for _ in 0..2 {
            let answer = channels
                .webhook("whatsapp", signed(&message))
                .await
                .unwrap();
            assert_eq!(answer.status(), 200, "{label}");
        }
        assert_eq!(
            store.last_message_id().await.unwrap(),
            before + 1,
            "{label}: one message for a twice-delivered wamid"
        );
        let contact = store
            .contact_for_identity(Channel::Whatsapp, "8613912345678")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(contact.name, "Zhang San", "{label}");

        // Statuses are ignored; another number's messages too; a pressed
        // reply button arrives as its title with its id.
        let status = json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA-1",
            "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_ID},
                "statuses": [{"id": "wamid.OUT", "status": "read", "timestamp": "1733300100",
                    "recipient_id": "8613912345678"}]}}]}]});
        let mut other = text("8613912345678", "wamid.HBgL002", "not for us");
        other["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = json!("999");
        let press = payload(
            "8613912345678",
            json!([{"from": "8613912345678", "id": "wamid.HBgL003", "timestamp": "1733300200",
                "type": "interactive", "interactive": {"type": "button_reply",
                    "button_reply": {"id": "intent:order_status", "title": "查订单"}}}]),
        );
        for update in [&status, &other, &press] {
            let answer = channels.webhook("whatsapp", signed(update)).await.unwrap();
            assert_eq!(answer.status(), 200, "{label}");
        }
        let conversation = conversation_of(&store, "8613912345678").await;
        let texts: Vec<String> = store
            .messages_after(conversation, 0, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(texts, ["我的卡密没收到", "查订单"], "{label}");
        assert_eq!(
            store
                .conversation(conversation)
                .await
                .unwrap()
                .channel
                .as_str(),
            "whatsapp",
            "{label}: the conversation names its channel"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_is_fetched_through_the_media_url_and_stored_as_the_message_picture() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "wa").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = channels_on(&desk, &base);
        let image = payload(
            "8613700000001",
            json!([{"from": "8613700000001", "id": "wamid.IMG1", "timestamp": "1733300000",
                "type": "image", "image": {"id": "MEDIA-1", "mime_type": "image/jpeg",
                    "sha256": "abc", "caption": "付款截图"}}]),
        );
        for _ in 0..2 {
            let answer = channels.webhook("whatsapp", signed(&image)).await.unwrap();
            assert_eq!(answer.status(), 200, "{label}");
        }
        let conversation = conversation_of(&store, "8613700000001").await;
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
        assert_eq!(stored, png(), "{label}: the picture");
        assert!(api.media.lock().unwrap().iter().all(|m| m == "MEDIA-1"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_replies_are_reply_buttons_up_to_three_and_a_numbered_list_beyond() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "wa").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = channels_on(&desk, &base);
        channels.prepare().await.unwrap();
        let buyer = format!("86137{}", 100 + label.len());
        channels
            .webhook("whatsapp", signed(&text(&buyer, "wamid.Q1", "在吗")))
            .await
            .unwrap();
        let conversation = conversation_of(&store, &buyer).await;
        let choice = |label: &str, payload: &str| QuickReply {
            label: label.into(),
            payload: payload.into(),
        };
        let three = vec![
            choice("查订单", "intent:order_status"),
            choice("没收到卡密", "intent:missing_key"),
            choice("转人工", "handoff"),
        ];
        kadesk_desk::outbox::post_bot(&desk, conversation, "请选择：".into(), three)
            .await
            .unwrap();
        let mut four = vec![
            choice("查订单", "a"),
            choice("没收到卡密", "b"),
            choice("退款", "c"),
            choice("转人工", "d"),
        ];
        kadesk_desk::outbox::post_bot(&desk, conversation, "还可以：".into(), four.clone())
            .await
            .unwrap();
        four.truncate(2);
        four[0].label = "a title longer than twenty characters".into();
        kadesk_desk::outbox::post_bot(&desk, conversation, "长标题：".into(), four)
            .await
            .unwrap();
        assert_eq!(channels.tick().await.unwrap(), 3, "{label}");
        let sent = api.sent_to(&buyer);
        assert_eq!(sent.len(), 3, "{label}");
        assert_eq!(sent[0]["type"], "interactive");
        assert_eq!(sent[0]["interactive"]["type"], "button");
        assert_eq!(sent[0]["interactive"]["body"]["text"], "请选择：");
        assert_eq!(
            sent[0]["interactive"]["action"]["buttons"][2],
            json!({"type": "reply", "reply": {"id": "handoff", "title": "转人工"}})
        );
        assert_eq!(sent[1]["type"], "text");
        assert_eq!(
            sent[1]["text"]["body"],
            "还可以：\n1. 查订单\n2. 没收到卡密\n3. 退款\n4. 转人工"
        );
        assert_eq!(
            sent[2]["type"], "text",
            "{label}: a title too long for a button"
        );
        assert!(sent[2]["text"]["body"]
            .as_str()
            .unwrap()
            .ends_with("\n2. 没收到卡密"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_24_hours_an_agents_reply_is_refused_and_the_template_goes_instead() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::default();
    let base = stand_in(api.clone()).await;
    for (store, label) in stores(&dir, "wa").await {
        let clock = Arc::new(ManualClock::new(kadesk_domain::now_millis()));
        let shop = Shop::new(store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
        let desk = desk(store.clone(), &dir, false).with_shop(shop);
        let channels = channels_on(&desk, &base);
        channels.prepare().await.unwrap();
        let buyer = format!("86135{}", 100 + label.len());
        channels
            .webhook("whatsapp", signed(&text(&buyer, "wamid.W1", "订单没到")))
            .await
            .unwrap();
        let conversation = conversation_of(&store, &buyer).await;
        let agent = store
            .create_user(&format!("wa-agent-{label}"), "小王", Role::Agent, "x")
            .await
            .unwrap();
        let reply = |text: &str, id: &str| SendInput {
            client_id: Some(id.into()),
            text: text.into(),
            attachments: Vec::new(),
        };
        clock.advance(Duration::from_secs(23 * 3600));
        chat::send(
            &desk,
            &Author::Agent(agent.clone()),
            conversation,
            reply("马上为您处理", "r1"),
        )
        .await
        .unwrap();
        channels.tick().await.unwrap();
        let sent = api.sent_to(&buyer);
        let within = sent.len();
        assert_eq!(
            sent.last().unwrap()["text"]["body"],
            "马上为您处理",
            "{label}: within the window"
        );

        clock.advance(Duration::from_secs(2 * 3600));
        let before = store.last_message_id().await.unwrap();
        let refused = chat::send(
            &desk,
            &Author::Agent(agent),
            conversation,
            reply("还在吗？", "r2"),
        )
        .await
        .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::ReplyWindowClosed, "{label}");
        assert!(refused.to_string().contains("24 hours"), "{refused}");
        assert_eq!(
            store.last_message_id().await.unwrap(),
            before,
            "{label}: the refused reply is not stored"
        );
        channels.send_template(conversation).await.unwrap();
        channels.tick().await.unwrap();
        let sent = api.sent_to(&buyer);
        assert_eq!(sent.len(), within + 1, "{label}: {sent:?}");
        assert_eq!(
            sent[within]["template"],
            json!({"name": "order_follow_up", "language": {"code": "zh_CN"}})
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_whatsapp_refuses_fails_with_the_platforms_error() {
    let dir = tempfile::tempdir().unwrap();
    let base = stand_in(Api::default()).await;
    for (store, label) in stores(&dir, "wa").await {
        let desk = desk(store.clone(), &dir, false);
        let channels = channels_on(&desk, &base);
        channels.prepare().await.unwrap();
        channels
            .webhook("whatsapp", signed(&text(UNDELIVERABLE, "wamid.F1", "hi")))
            .await
            .unwrap();
        let conversation = conversation_of(&store, UNDELIVERABLE).await;
        kadesk_desk::outbox::post_bot(&desk, conversation, "您好".into(), Vec::new())
            .await
            .unwrap();
        assert_eq!(channels.tick().await.unwrap(), 0);
        let failed = store.deliveries(conversation, 10).await.unwrap();
        assert_eq!(failed.len(), 1, "{label}");
        assert_eq!(failed[0].status, DeliveryStatus::Failed, "{label}");
        assert_eq!(
            failed[0].last_error.as_deref(),
            Some("WhatsApp 131026: Message undeliverable")
        );
    }
}
