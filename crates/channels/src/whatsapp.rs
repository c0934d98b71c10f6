//! WhatsApp, through the Cloud API (the Graph API over HTTPS with
//! `reqwest`; its address is configurable for proxies and tests).
//!
//! Meta checks the webhook's URL with a GET (`hub.mode=subscribe`,
//! `hub.verify_token`, `hub.challenge`: the challenge is echoed when the
//! token matches, else 403). Every POST is signed: `X-Hub-Signature-256:
//! sha256=<HMAC-SHA256 of the raw body with the app secret>`, compared in
//! constant time; a wrong or missing one gets 401 and stores nothing. A
//! buyer is their `wa_id`; each message is stored once by its `wamid`.
//! Texts become messages, images are fetched through the media URL and
//! read by the screenshot pipeline, a pressed reply button reaches the bot
//! as a button press; delivery and read statuses are ignored.
//!
//! Out, the bot's quick replies become reply buttons (at most three, each
//! title at most 20 characters; else a numbered list). WhatsApp takes
//! free-form messages only within 24 hours of the buyer's last message
//! ([`Adapter::reply_window`]: the desk refuses an agent's reply after
//! that); the configured template can be sent instead.

use std::time::Duration;

use hmac::{Hmac, Mac};
use kadesk_desk::{DeskError, DeskResult};
use kadesk_domain::{limits, Channel, Millis};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::config::WhatsappConfig;
use crate::intake::Intake;
use crate::platform_api::{download_capped, ApiFailure};
use crate::{
    query_params, status, Adapter, BoxFuture, Capabilities, Delivery, DeliveryError, Inbound,
    PlatformIdentity, Rate, Rendered, WebhookRequest, WebhookResponse,
};

/// The header Meta signs each webhook POST in.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// What a WhatsApp message can show.
pub const CAPABILITIES: Capabilities = Capabilities {
    buttons: true,
    max_buttons: 3,
    images: false,
    max_chars: 4096,
};

/// Free-form messages only within a day of the buyer's last message.
pub const REPLY_WINDOW: Millis = 24 * 3600 * 1000;

/// The longest reply button title, in characters.
const MAX_BUTTON_TITLE: usize = 20;

/// The longest text above reply buttons, in characters.
const MAX_BUTTON_BODY: usize = 1024;

/// The longest reply button id, in bytes.
const MAX_BUTTON_ID: usize = 256;

/// The largest picture downloaded.
const MAX_MEDIA_BYTES: usize = 16 * 1024 * 1024;

/// The WhatsApp Cloud API adapter.
pub struct Whatsapp {
    config: WhatsappConfig,
    http: reqwest::Client,
}

impl std::fmt::Debug for Whatsapp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Whatsapp")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
struct Payload {
    #[serde(default)]
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
struct Change {
    value: ChangeValue,
}

#[derive(Debug, Deserialize)]
struct ChangeValue {
    metadata: Option<Metadata>,
    #[serde(default)]
    contacts: Vec<WaContact>,
    #[serde(default)]
    messages: Vec<WaMessage>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Debug, Deserialize)]
struct WaContact {
    wa_id: String,
    profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    name: String,
}

#[derive(Debug, Deserialize)]
struct WaMessage {
    from: String,
    id: String,
    #[serde(rename = "type")]
    kind: String,
    text: Option<Text>,
    image: Option<Media>,
    interactive: Option<Interactive>,
    button: Option<TemplateButton>,
}

#[derive(Debug, Deserialize)]
struct Text {
    body: String,
}

#[derive(Debug, Deserialize)]
struct Media {
    id: String,
    caption: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Interactive {
    button_reply: Option<Reply>,
    list_reply: Option<Reply>,
}

#[derive(Debug, Deserialize)]
struct Reply {
    id: String,
    title: String,
}

#[derive(Debug, Deserialize)]
struct TemplateButton {
    payload: Option<String>,
    text: String,
}

impl Whatsapp {
    /// An adapter with `config` (validated by the caller).
    pub fn new(config: WhatsappConfig) -> Whatsapp {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Whatsapp { config, http }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/{}/{path}",
            self.config.api_base.trim_end_matches('/'),
            self.config.api_version
        )
    }

    /// Sends a request with the bearer token; the answer's JSON on a 2xx.
    /// Errors carry the Graph API's code and message, never the token.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Value, ApiFailure> {
        let response = request
            .bearer_auth(&self.config.access_token)
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(|e| ApiFailure {
                reason: format!("WhatsApp unreachable: {}", e.without_url()),
                retryable: true,
            })?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(answer);
        }
        let error = &answer["error"];
        let code = error["code"].as_u64().unwrap_or(u64::from(status.as_u16()));
        let message = error["message"].as_str().unwrap_or("no message");
        Err(ApiFailure {
            reason: format!("WhatsApp {code}: {message}"),
            // Throttling (4, 80007, 130429, 131056), a temporary fault
            // (131000, 131016, 133004) or the server's own trouble.
            retryable: status.is_server_error()
                || status.as_u16() == 429
                || [4, 80007, 130_429, 131_000, 131_016, 131_056, 133_004].contains(&code),
        })
    }

    /// Downloads a picture by its media id: its URL, then the bytes.
    async fn download(&self, media_id: &str) -> Result<Vec<u8>, ApiFailure> {
        let media = self.call(self.http.get(self.url(media_id))).await?;
        let Some(url) = media["url"].as_str() else {
            return Err(ApiFailure {
                reason: "the media answer has no url".into(),
                retryable: false,
            });
        };
        const TOO_BIG: &str = "the picture is larger than 16 MB";
        if media["file_size"].as_u64().unwrap_or(0) > MAX_MEDIA_BYTES as u64 {
            return Err(ApiFailure {
                reason: TOO_BIG.into(),
                retryable: false,
            });
        }
        let request = self.http.get(url).bearer_auth(&self.config.access_token);
        download_capped(request, MAX_MEDIA_BYTES, "media download", TOO_BIG).await
    }

    /// Stores each message of a webhook payload (once by its `wamid`).
    /// Statuses, other numbers' messages and other kinds are ignored.
    async fn handle(&self, intake: &Intake, payload: Payload) -> DeskResult<()> {
        if payload.object != "whatsapp_business_account" {
            return Ok(());
        }
        for value in payload
            .entry
            .into_iter()
            .flat_map(|e| e.changes)
            .map(|c| c.value)
        {
            if value
                .metadata
                .as_ref()
                .is_some_and(|m| m.phone_number_id != self.config.phone_number_id)
            {
                continue;
            }
            for message in value.messages {
                let name = value
                    .contacts
                    .iter()
                    .find(|c| c.wa_id == message.from)
                    .and_then(|c| c.profile.as_ref())
                    .map(|p| p.name.clone());
                self.handle_message(intake, message, name).await?;
            }
        }
        Ok(())
    }

    async fn handle_message(
        &self,
        intake: &Intake,
        message: WaMessage,
        name: Option<String>,
    ) -> DeskResult<()> {
        let inbound = |text: String| Inbound {
            from: PlatformIdentity {
                channel: Channel::Whatsapp,
                platform_user_id: message.from.clone(),
            },
            display_name: name.clone(),
            language: None,
            text: text.chars().take(limits::MAX_TEXT_CHARS).collect(),
            attachments: Vec::new(),
            quick_reply: None,
            platform_message_id: message.id.clone(),
        };
        match message.kind.as_str() {
            "text" => {
                let text = message.text.as_ref().map(|t| t.body.clone());
                match text {
                    Some(text) if !text.trim().is_empty() => {
                        intake.receive(inbound(text)).await.map(drop)
                    }
                    _ => Ok(()),
                }
            }
            "interactive" => {
                let reply = message
                    .interactive
                    .as_ref()
                    .and_then(|i| i.button_reply.as_ref().or(i.list_reply.as_ref()));
                let Some(reply) = reply else { return Ok(()) };
                let press = Inbound {
                    quick_reply: Some(reply.id.clone()),
                    ..inbound(reply.title.clone())
                };
                intake.receive(press).await.map(drop)
            }
            "button" => {
                let Some(button) = &message.button else {
                    return Ok(());
                };
                let press = Inbound {
                    quick_reply: button.payload.clone().filter(|p| !p.is_empty()),
                    ..inbound(button.text.clone())
                };
                intake.receive(press).await.map(drop)
            }
            "image" => {
                let Some(image) = &message.image else {
                    return Ok(());
                };
                let inbound = inbound(image.caption.clone().unwrap_or_default());
                if intake
                    .desk()
                    .store
                    .channel_message(Channel::Whatsapp, &inbound.platform_message_id)
                    .await?
                    .is_some()
                {
                    return Ok(());
                }
                match self.download(&image.id).await {
                    Ok(bytes) => intake
                        .receive_picture(inbound, bytes, "whatsapp-image.jpg")
                        .await
                        .map(drop),
                    // Meta retries the webhook: a download that may work
                    // later is not stored without its picture.
                    Err(e) if e.retryable => Err(DeskError::busy(e.reason)),
                    Err(e) => {
                        tracing::info!(error = %e.reason, "whatsapp image not downloaded");
                        let text = if inbound.text.trim().is_empty() {
                            "[图片]".to_owned()
                        } else {
                            inbound.text.clone()
                        };
                        intake.receive(Inbound { text, ..inbound }).await.map(drop)
                    }
                }
            }
            other => {
                tracing::debug!(kind = other, "whatsapp message kind not taken");
                Ok(())
            }
        }
    }

    /// Meta's check of the webhook URL: the challenge echoed when the
    /// verify token matches.
    fn verify(&self, request: &WebhookRequest) -> WebhookResponse {
        let query = query_params(request.uri());
        let get = |k: &str| query.get(k).map(String::as_str).unwrap_or_default();
        let token_ok = bool::from(
            get("hub.verify_token")
                .as_bytes()
                .ct_eq(self.config.verify_token.as_bytes()),
        );
        if get("hub.mode") != "subscribe" || !token_ok || self.config.verify_token.is_empty() {
            return status(http::StatusCode::FORBIDDEN);
        }
        let mut response = http::Response::new(bytes::Bytes::from(get("hub.challenge").to_owned()));
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }

    /// Whether the body carries the app secret's signature.
    fn signed(&self, request: &WebhookRequest) -> bool {
        let Some(given) = request
            .headers()
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("sha256="))
            .and_then(|hex_sig| hex::decode(hex_sig.trim()).ok())
        else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(self.config.app_secret.as_bytes()) else {
            return false;
        };
        mac.update(request.body());
        !self.config.app_secret.is_empty() && mac.verify_slice(&given).is_ok()
    }

    async fn webhook_inner(&self, intake: &Intake, request: WebhookRequest) -> WebhookResponse {
        if request.method() == http::Method::GET {
            return self.verify(&request);
        }
        if request.method() != http::Method::POST {
            return status(http::StatusCode::METHOD_NOT_ALLOWED);
        }
        if !self.signed(&request) {
            return status(http::StatusCode::UNAUTHORIZED);
        }
        let payload: Payload = match serde_json::from_slice(request.body()) {
            Ok(payload) => payload,
            Err(_) => return status(http::StatusCode::BAD_REQUEST),
        };
        match self.handle(intake, payload).await {
            Ok(()) => status(http::StatusCode::OK),
            // Meta retries what is not answered 200.
            Err(e) => {
                tracing::warn!(error = %e, "whatsapp message not stored");
                status(http::StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    }

    /// Posts one message to the number's `/messages`.
    async fn post(&self, body: Value) -> Result<(), DeliveryError> {
        let url = self.url(&format!("{}/messages", self.config.phone_number_id));
        self.call(self.http.post(url).json(&body))
            .await
            .map(drop)
            .map_err(|e| DeliveryError {
                channel: Channel::Whatsapp,
                reason: e.reason,
                retryable: e.retryable,
            })
    }

    async fn send(&self, to: &PlatformIdentity, part: &Rendered) -> Result<(), DeliveryError> {
        let mut text = part.text.clone();
        let fits = part.buttons.iter().all(|b| {
            !b.payload.is_empty()
                && b.payload.len() <= MAX_BUTTON_ID
                && !b.label.trim().is_empty()
                && b.label.chars().count() <= MAX_BUTTON_TITLE
        }) && part.buttons.len() <= CAPABILITIES.max_buttons
            && (1..=MAX_BUTTON_BODY).contains(&text.chars().count());
        let mut body = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.platform_user_id,
        });
        if !part.buttons.is_empty() && fits {
            let buttons: Vec<Value> = part
                .buttons
                .iter()
                .map(|b| json!({"type": "reply", "reply": {"id": b.payload, "title": b.label}}))
                .collect();
            body["type"] = json!("interactive");
            body["interactive"] = json!({
                "type": "button",
                "body": {"text": text},
                "action": {"buttons": buttons},
            });
            return self.post(body).await;
        }
        for (n, b) in part.buttons.iter().enumerate() {
            text.push_str(&format!("\n{}. {}", n + 1, b.label));
        }
        if text.trim().is_empty() {
            return Ok(());
        }
        body["type"] = json!("text");
        body["text"] = json!({"body": text, "preview_url": false});
        self.post(body).await
    }

    async fn send_template(&self, to: &PlatformIdentity, name: &str) -> Result<(), DeliveryError> {
        self.post(json!({
            "messaging_product": "whatsapp",
            "to": to.platform_user_id,
            "type": "template",
            "template": {"name": name, "language": {"code": self.config.template_language}},
        }))
        .await
    }
}

impl Adapter for Whatsapp {
    fn kind(&self) -> Channel {
        Channel::Whatsapp
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    /// One message every 6 s to a buyer after a burst (WhatsApp's pair
    /// rate), 80 a second in all.
    fn rate(&self) -> Rate {
        Rate {
            per_recipient: 1.0 / 6.0,
            recipient_burst: 20.0,
            overall: 80.0,
        }
    }

    fn reply_window(&self) -> Option<Millis> {
        Some(REPLY_WINDOW)
    }

    fn template(&self) -> Option<&str> {
        self.config.template.as_deref()
    }

    fn deliver<'a>(&'a self, to: &'a PlatformIdentity, part: &'a Rendered) -> Delivery<'a> {
        Box::pin(self.send(to, part))
    }

    fn deliver_template<'a>(&'a self, to: &'a PlatformIdentity, name: &'a str) -> Delivery<'a> {
        Box::pin(self.send_template(to, name))
    }

    fn webhook<'a>(
        &'a self,
        intake: &'a Intake,
        request: WebhookRequest,
    ) -> Option<BoxFuture<'a, WebhookResponse>> {
        Some(Box::pin(self.webhook_inner(intake, request)))
    }
}
