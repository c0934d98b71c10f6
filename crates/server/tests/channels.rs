//! The server's thin mount of the platform channels: a configured channel's
//! webhook is answered by its adapter (a wrong secret 401 and nothing
//! stored), an unconfigured one is 404, and agents read what was sent to a
//! conversation's platform.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{signed_in, TestDb};
use http_body_util::BodyExt;
use kadesk_channels::{Channels, ChannelsConfig, TelegramConfig, TelegramMode};
use kadesk_domain::{Channel, Role};
use serde_json::{json, Value};
use tower::ServiceExt;

const SECRET: &str = "webhook-secret-1";

async fn call(
    state: &kadesk_server::AppState,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Value,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let answer = kadesk_server::router(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = answer.status();
    let bytes = answer.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_route_hands_requests_to_the_configured_channel() {
    for db in TestDb::all().await {
        let state = db.state().await;
        let config = ChannelsConfig {
            telegram: Some(TelegramConfig {
                token: "1:abc".into(),
                secret_token: SECRET.into(),
                mode: TelegramMode::Webhook,
                // Nothing is sent to Telegram in this test.
                api_base: "http://127.0.0.1:9".into(),
                ..TelegramConfig::default()
            }),
            ..ChannelsConfig::default()
        };
        let channels = Channels::new(state.desk.clone(), &config).unwrap();
        let state = state.with_channels(channels);
        let update = json!({"update_id": 77, "message": {"message_id": 1, "date": 0,
            "chat": {"id": 99, "type": "private"},
            "from": {"id": 99, "is_bot": false, "first_name": "Zhang"}, "text": "你好"}});
        let path = "/api/v1/channels/telegram/webhook";
        let secret = "x-telegram-bot-api-secret-token";

        let (status, _) = call(&state, "POST", path, &[(secret, "nope")], update.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", db.label);
        assert!(state
            .store
            .contact_for_identity(Channel::Telegram, "99")
            .await
            .unwrap()
            .is_none());
        for _ in 0..2 {
            let (status, _) = call(&state, "POST", path, &[(secret, SECRET)], update.clone()).await;
            assert_eq!(status, StatusCode::OK, "{}", db.label);
        }
        let contact = state
            .store
            .contact_for_identity(Channel::Telegram, "99")
            .await
            .unwrap()
            .unwrap();
        let (status, _) = call(
            &state,
            "POST",
            "/api/v1/channels/whatsapp/webhook",
            &[],
            update.clone(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{}: not configured",
            db.label
        );

        // The conversation names its channel, and agents may read its deliveries.
        let list = state
            .store
            .open_or_start_conversation(
                contact.id,
                Channel::Telegram,
                kadesk_domain::ConversationStatus::Queued,
            )
            .await
            .unwrap()
            .0;
        assert_eq!(list.channel, Channel::Telegram);
        let deliveries = format!("/api/v1/conversations/{}/deliveries", list.id);
        let (status, _) = call(&state, "GET", &deliveries, &[], Value::Null).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (_, token) = signed_in(&state.store, "agent1", Role::Agent, "pw-agent-1").await;
        let bearer = format!("Bearer {token}");
        let (status, body) = call(
            &state,
            "GET",
            &deliveries,
            &[("authorization", &bearer)],
            Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["items"], json!([]), "nothing was sent yet");
    }
}
