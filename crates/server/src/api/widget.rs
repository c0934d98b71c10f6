//! The widget's session: who the buyer is and, once they have written,
//! which conversation is theirs. Opening the widget makes a contact (at most
//! a burst per address, see [`crate::limits`]) but no conversation: the
//! buyer's first message, picture or verification starts one
//! ([`start_conversation`]). Everything here answers with the buyer view
//! types of `kadesk_domain`.

use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use kadesk_domain::{BuyerContact, BuyerConversation, BuyerMessage, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use kadesk_desk::wording::Notice;
use kadesk_domain::Lang;

use crate::auth::{new_token, token_hash, ClientIp};
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;
use kadesk_channels::web::WebWidget;
use kadesk_channels::Adapter;

/// Messages handed to a widget when it opens.
const HISTORY: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget/session", post(session))
        .route_layer(crate::api::widget_cors())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// The token this browser got before, if any.
    visitor_token: Option<String>,
    /// The buyer's UI language, e.g. `zh-CN` or `en`.
    language: Option<String>,
    /// The page the widget is on.
    page: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    visitor_token: String,
    contact: BuyerContact,
    /// The buyer's open conversation; `null` until their first message.
    conversation: Option<BuyerConversation>,
    /// The latest messages, oldest first.
    messages: Vec<BuyerMessage>,
}

pub use kadesk_desk::chat::start_conversation;

/// The answer to a refused new session: 429 with `Retry-After`.
fn too_many(wait: std::time::Duration) -> Response {
    let secs = crate::limits::retry_after_secs(wait);
    let err = ApiError::new(
        ErrorCode::RateLimited,
        format!("too many new chat sessions from your address; try again in {secs} s"),
    );
    ([(RETRY_AFTER, secs.to_string())], err).into_response()
}

/// Start or resume a buyer's widget session. A new visitor (no token, or an
/// unknown one) counts against their address's allowance of new sessions.
#[utoipa::path(post, path = "/api/v1/widget/session", request_body = SessionRequest,
    responses((status = 200, body = SessionResponse), (status = 400),
        (status = 429, description = "rate_limited: too many new sessions from this address; see Retry-After")))]
async fn session(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<SessionRequest>,
) -> ApiResult<Response> {
    if req.page.as_ref().is_some_and(|p| p.len() > 2048) {
        return Err(ApiError::validation("page URL is longer than 2048 bytes"));
    }
    let known = match req.visitor_token.as_deref() {
        Some(token) if !token.is_empty() => state
            .store
            .touch_visitor(&token_hash(token))
            .await?
            .map(|c| (token.to_owned(), c)),
        _ => None,
    };
    let (visitor_token, contact) = match known {
        Some(found) => found,
        None => {
            if let Err(wait) = state.widget_sessions.check(ip) {
                return Ok(too_many(wait));
            }
            let token = new_token();
            let lang = Lang::from_tag(req.language.as_deref().unwrap_or_default());
            let name = Notice::Visitor {
                code: token[..4].to_uppercase(),
            }
            .text(lang);
            let contact = state
                .store
                .create_contact(
                    &name,
                    lang.tag(),
                    WebWidget.kind(),
                    Some(&token_hash(&token)),
                )
                .await?;
            (token, contact)
        }
    };
    let conversation = state.store.open_conversation_of(contact.id).await?;
    let messages = match &conversation {
        Some(c) => state
            .store
            .messages_before(c.id, c.last_seq + 1, HISTORY)
            .await?
            .iter()
            .map(BuyerMessage::from)
            .collect(),
        None => Vec::new(),
    };
    Ok(Json(SessionResponse {
        visitor_token,
        contact: BuyerContact::from(&contact),
        conversation: conversation.as_ref().map(|c| state.hub.buyer_view(c)),
        messages,
    })
    .into_response())
}
