//! Telegram, through the Bot API (plain HTTPS with `reqwest`; the API's
//! address is configurable for mirrors, proxies and tests).
//!
//! Updates arrive by webhook (`POST /api/v1/channels/telegram/webhook`,
//! checked against `secret_token` in constant time: a wrong one gets 401
//! and stores nothing) or by long polling (`getUpdates`, the offset kept in
//! the database, for desks without a public URL). A buyer is their private
//! chat's id; each update is stored once by its `update_id`. Texts become
//! messages (`/start` a greeting), photos are fetched with `getFile` and
//! read by the screenshot pipeline, the bot's buttons are inline keyboards
//! whose presses (`callback_query`) reach the bot as button presses.

use std::time::Duration;

use kadesk_desk::{DeskError, DeskResult};
use kadesk_domain::{limits, Channel, Lang};
use serde::Deserialize;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use crate::config::{TelegramConfig, TelegramMode};
use crate::intake::Intake;
use crate::platform_api::{download_capped, ApiFailure};
use crate::{
    status, Adapter, BoxFuture, Capabilities, Delivery, DeliveryError, Inbound, PlatformIdentity,
    Rate, Rendered, WebhookRequest, WebhookResponse,
};

/// The header Telegram sends the webhook's secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The longest `callback_data` Telegram takes, in bytes.
const MAX_CALLBACK_DATA: usize = 64;

/// The largest file a bot may download.
const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Where the `getUpdates` offset is kept.
const OFFSET: (&str, &str) = ("telegram", "offset");

/// What a Telegram message can show.
pub const CAPABILITIES: Capabilities = Capabilities {
    buttons: true,
    max_buttons: 8,
    images: false,
    max_chars: 4096,
};

/// The Telegram Bot API adapter.
pub struct Telegram {
    config: TelegramConfig,
    http: reqwest::Client,
}

impl std::fmt::Debug for Telegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telegram")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
struct Update {
    update_id: i64,
    message: Option<TgMessage>,
    callback_query: Option<CallbackQuery>,
}

#[derive(Debug, Deserialize)]
struct TgMessage {
    chat: Chat,
    from: Option<TgUser>,
    text: Option<String>,
    #[serde(default)]
    photo: Vec<PhotoSize>,
    caption: Option<String>,
    reply_markup: Option<Keyboard>,
}

#[derive(Debug, Deserialize)]
struct Chat {
    id: i64,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct TgUser {
    #[serde(default)]
    is_bot: bool,
    first_name: String,
    last_name: Option<String>,
    language_code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PhotoSize {
    file_id: String,
    #[serde(default)]
    file_size: u64,
    #[serde(default)]
    width: u64,
    #[serde(default)]
    height: u64,
}

#[derive(Debug, Deserialize)]
struct CallbackQuery {
    id: String,
    from: TgUser,
    message: Option<TgMessage>,
    data: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Keyboard {
    inline_keyboard: Vec<Vec<KeyboardButton>>,
}

#[derive(Debug, Deserialize)]
struct KeyboardButton {
    text: String,
    callback_data: Option<String>,
}

impl Telegram {
    /// An adapter with `config` (validated by the caller).
    pub fn new(config: TelegramConfig) -> Telegram {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Telegram { config, http }
    }

    fn base(&self) -> &str {
        self.config.api_base.trim_end_matches('/')
    }

    /// Calls a Bot API method; its `result` on success. Errors never carry
    /// the URL (it holds the token).
    async fn call(
        &self,
        method: &str,
        body: &Value,
        timeout: Duration,
    ) -> Result<Value, ApiFailure> {
        let url = format!("{}/bot{}/{method}", self.base(), self.config.token);
        let response = self
            .http
            .post(url)
            .json(body)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| ApiFailure {
                reason: format!("Telegram unreachable: {}", e.without_url()),
                retryable: true,
            })?;
        let status = response.status();
        let answer: Value = match response.json().await {
            Ok(answer) => answer,
            Err(_) => {
                return Err(ApiFailure {
                    reason: format!("Telegram answered {status} without JSON"),
                    retryable: status.is_server_error() || status.as_u16() == 429,
                })
            }
        };
        if answer.get("ok").and_then(Value::as_bool) == Some(true) {
            return Ok(answer.get("result").cloned().unwrap_or(Value::Null));
        }
        let code = answer
            .get("error_code")
            .and_then(Value::as_u64)
            .unwrap_or(u64::from(status.as_u16()));
        let description = answer
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("no description");
        Err(ApiFailure {
            reason: format!("Telegram {code}: {description}"),
            retryable: code == 429 || code >= 500,
        })
    }

    /// Downloads a file by its `file_id` (`getFile`, then the file path).
    async fn download(&self, file_id: &str) -> Result<Vec<u8>, ApiFailure> {
        let file = self
            .call(
                "getFile",
                &json!({ "file_id": file_id }),
                Duration::from_secs(20),
            )
            .await?;
        const TOO_BIG: &str = "the file is larger than 20 MB";
        if file.get("file_size").and_then(Value::as_u64).unwrap_or(0) > MAX_FILE_BYTES as u64 {
            return Err(ApiFailure {
                reason: TOO_BIG.into(),
                retryable: false,
            });
        }
        let Some(path) = file.get("file_path").and_then(Value::as_str) else {
            return Err(ApiFailure {
                reason: "getFile gave no file_path".into(),
                retryable: false,
            });
        };
        let url = format!("{}/file/bot{}/{path}", self.base(), self.config.token);
        download_capped(self.http.get(url), MAX_FILE_BYTES, "file download", TOO_BIG).await
    }

    /// Stores one update (once by its `update_id`) and hands it to the
    /// bot. Updates from groups, from bots and of other kinds are ignored.
    async fn handle(&self, intake: &Intake, update: Update) -> DeskResult<()> {
        let platform_message_id = update.update_id.to_string();
        if let Some(query) = update.callback_query {
            // Stop the button's spinner; a failure only leaves it turning.
            let answered = self
                .call(
                    "answerCallbackQuery",
                    &json!({ "callback_query_id": query.id }),
                    Duration::from_secs(10),
                )
                .await;
            if let Err(e) = answered {
                tracing::debug!(error = %e.reason, "answerCallbackQuery failed");
            }
            let (Some(message), Some(data)) = (query.message, query.data) else {
                return Ok(());
            };
            if message.chat.kind != "private" || query.from.is_bot {
                return Ok(());
            }
            let label = message
                .reply_markup
                .iter()
                .flat_map(|k| k.inline_keyboard.iter().flatten())
                .find(|b| b.callback_data.as_deref() == Some(data.as_str()))
                .map(|b| b.text.clone())
                .unwrap_or_else(|| data.clone());
            let inbound = inbound(message.chat.id, &query.from, label, platform_message_id);
            intake
                .receive(Inbound {
                    quick_reply: Some(data),
                    ..inbound
                })
                .await?;
            return Ok(());
        }
        let Some(message) = update.message else {
            return Ok(());
        };
        let Some(from) = &message.from else {
            return Ok(());
        };
        if message.chat.kind != "private" || from.is_bot {
            return Ok(());
        }
        if let Some(photo) = message
            .photo
            .iter()
            .max_by_key(|p| (p.file_size, p.width * p.height))
        {
            let caption = message.caption.clone().unwrap_or_default();
            let inbound = inbound(message.chat.id, from, caption, platform_message_id);
            if intake
                .desk()
                .store
                .channel_message(Channel::Telegram, &inbound.platform_message_id)
                .await?
                .is_some()
            {
                return Ok(());
            }
            return match self.download(&photo.file_id).await {
                Ok(bytes) => intake
                    .receive_picture(inbound, bytes, "telegram-photo.jpg")
                    .await
                    .map(drop),
                // Telegram retries the webhook: a download that may work
                // later is not stored as a message without its picture.
                Err(e) if e.retryable => Err(DeskError::busy(e.reason)),
                Err(e) => {
                    tracing::info!(error = %e.reason, "telegram photo not downloaded");
                    let text = if inbound.text.trim().is_empty() {
                        "[图片]".to_owned()
                    } else {
                        inbound.text.clone()
                    };
                    intake.receive(Inbound { text, ..inbound }).await.map(drop)
                }
            };
        }
        let Some(text) = message.text.clone() else {
            return Ok(());
        };
        let text = match text.strip_prefix("/start") {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                greeting(from.language_code.as_deref())
            }
            _ => text,
        };
        let text: String = text.chars().take(limits::MAX_TEXT_CHARS).collect();
        intake
            .receive(inbound(message.chat.id, from, text, platform_message_id))
            .await?;
        Ok(())
    }

    /// Long polling: `getUpdates` from the stored offset until the desk
    /// stops, the offset stored after each update.
    async fn poll(&self, intake: &Intake) {
        let store = &intake.desk().store;
        if let Err(e) = self
            .call("deleteWebhook", &json!({}), Duration::from_secs(20))
            .await
        {
            tracing::warn!(error = %e.reason, "telegram deleteWebhook failed; polling anyway");
        }
        let mut offset: i64 = match store.channel_state(OFFSET.0, OFFSET.1).await {
            Ok(v) => v.and_then(|v| v.parse().ok()).unwrap_or(0),
            Err(e) => {
                tracing::error!(error = %e, "telegram offset unreadable; polling stopped");
                return;
            }
        };
        let mut failures: u32 = 0;
        loop {
            let body = json!({
                "offset": offset,
                "timeout": self.config.poll_timeout,
                "allowed_updates": ["message", "callback_query"],
            });
            let wait = Duration::from_secs(self.config.poll_timeout + 15);
            let answer = tokio::select! {
                () = intake.stopped() => return,
                answer = self.call("getUpdates", &body, wait) => answer,
            };
            let result = match answer {
                Ok(updates) => self.take_updates(intake, updates, &mut offset).await,
                Err(e) => Err(e.reason),
            };
            match result {
                Ok(()) => failures = 0,
                Err(reason) => {
                    failures = failures.saturating_add(1);
                    tracing::warn!(error = %reason, failures, "telegram polling failed");
                    let pause = Duration::from_secs(1 << failures.min(6));
                    tokio::select! {
                        () = intake.stopped() => return,
                        () = tokio::time::sleep(pause) => {}
                    }
                }
            }
        }
    }

    /// Stores each polled update in order, advancing the stored offset
    /// past each one stored.
    async fn take_updates(
        &self,
        intake: &Intake,
        updates: Value,
        offset: &mut i64,
    ) -> Result<(), String> {
        let updates: Vec<Value> = serde_json::from_value(updates).map_err(|e| e.to_string())?;
        for raw in updates {
            let id = raw
                .get("update_id")
                .and_then(Value::as_i64)
                .unwrap_or(*offset);
            match serde_json::from_value::<Update>(raw) {
                Ok(update) => self
                    .handle(intake, update)
                    .await
                    .map_err(|e| e.to_string())?,
                Err(e) => tracing::info!(error = %e, "telegram update not understood; skipped"),
            }
            *offset = id + 1;
            intake
                .desk()
                .store
                .set_channel_state(OFFSET.0, OFFSET.1, &offset.to_string())
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Sets the webhook (with the secret) when its URL is configured.
    async fn set_webhook(&self) {
        let Some(url) = &self.config.webhook_url else {
            return;
        };
        let body = json!({
            "url": url,
            "secret_token": self.config.secret_token,
            "allowed_updates": ["message", "callback_query"],
        });
        match self
            .call("setWebhook", &body, Duration::from_secs(20))
            .await
        {
            Ok(_) => tracing::info!("telegram webhook set"),
            Err(e) => tracing::warn!(error = %e.reason, "telegram setWebhook failed"),
        }
    }

    async fn webhook_inner(&self, intake: &Intake, request: WebhookRequest) -> WebhookResponse {
        if request.method() != http::Method::POST {
            return status(http::StatusCode::METHOD_NOT_ALLOWED);
        }
        let given = request
            .headers()
            .get(SECRET_HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        let expected = self.config.secret_token.as_bytes();
        if expected.is_empty() || !bool::from(given.ct_eq(expected)) {
            return status(http::StatusCode::UNAUTHORIZED);
        }
        let update: Update = match serde_json::from_slice(request.body()) {
            Ok(update) => update,
            Err(_) => return status(http::StatusCode::BAD_REQUEST),
        };
        match self.handle(intake, update).await {
            Ok(()) => status(http::StatusCode::OK),
            // Telegram retries what is not answered 2xx.
            Err(e) => {
                tracing::warn!(error = %e, "telegram update not stored");
                status(http::StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    }

    async fn send(&self, to: &PlatformIdentity, part: &Rendered) -> Result<(), DeliveryError> {
        let mut text = part.text.clone();
        let fits = part
            .buttons
            .iter()
            .all(|b| !b.payload.is_empty() && b.payload.len() <= MAX_CALLBACK_DATA);
        let mut body = json!({ "chat_id": to.platform_user_id });
        if !part.buttons.is_empty() {
            if fits {
                let rows: Vec<Value> = part
                    .buttons
                    .iter()
                    .map(|b| json!([{ "text": b.label, "callback_data": b.payload }]))
                    .collect();
                body["reply_markup"] = json!({ "inline_keyboard": rows });
            } else {
                for (n, b) in part.buttons.iter().enumerate() {
                    text.push_str(&format!("\n{}. {}", n + 1, b.label));
                }
            }
        }
        if text.trim().is_empty() {
            return Ok(());
        }
        body["text"] = Value::String(text);
        self.call("sendMessage", &body, Duration::from_secs(15))
            .await
            .map(drop)
            .map_err(|e| DeliveryError {
                channel: Channel::Telegram,
                reason: e.reason,
                retryable: e.retryable,
            })
    }
}

/// What `/start` becomes: the buyer saying hello, in their language.
fn greeting(language_code: Option<&str>) -> String {
    match Lang::from_tag(language_code.unwrap_or("zh")) {
        Lang::Zh => "你好".into(),
        Lang::En => "hello".into(),
    }
}

fn inbound(chat_id: i64, from: &TgUser, text: String, platform_message_id: String) -> Inbound {
    let name = match &from.last_name {
        Some(last) => format!("{} {last}", from.first_name),
        None => from.first_name.clone(),
    };
    Inbound {
        from: PlatformIdentity {
            channel: Channel::Telegram,
            platform_user_id: chat_id.to_string(),
        },
        display_name: Some(name),
        language: from.language_code.clone(),
        text,
        attachments: Vec::new(),
        quick_reply: None,
        platform_message_id,
    }
}

impl Adapter for Telegram {
    fn kind(&self) -> Channel {
        Channel::Telegram
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    /// About one message a second per chat, 30 a second in all.
    fn rate(&self) -> Rate {
        Rate {
            per_recipient: 1.0,
            recipient_burst: 3.0,
            overall: 30.0,
        }
    }

    fn deliver<'a>(&'a self, to: &'a PlatformIdentity, part: &'a Rendered) -> Delivery<'a> {
        Box::pin(self.send(to, part))
    }

    fn webhook<'a>(
        &'a self,
        intake: &'a Intake,
        request: WebhookRequest,
    ) -> Option<BoxFuture<'a, WebhookResponse>> {
        (self.config.mode == TelegramMode::Webhook).then(|| {
            Box::pin(self.webhook_inner(intake, request)) as BoxFuture<'a, WebhookResponse>
        })
    }

    fn run<'a>(&'a self, intake: &'a Intake) -> Option<BoxFuture<'a, ()>> {
        let run: BoxFuture<'a, ()> = match self.config.mode {
            TelegramMode::Polling => Box::pin(self.poll(intake)),
            TelegramMode::Webhook => Box::pin(self.set_webhook()),
        };
        Some(run)
    }
}
