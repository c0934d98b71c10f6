//! Screenshots sent into a conversation: the picture is cleaned and stored,
//! a chat message carrying it is stored and published at once, and the
//! screenshot reader reads it in the background (its reading arrives later
//! as an `analysis` event for agents). Agents load the readings with the
//! history.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{
    Attachment, BuyerMessage, Contact, ErrorCode, ImageAnalysis, Message, ScreenshotCategory, User,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::files::{store_picture, upload_body};
use crate::auth::{agent_for_token, request_token, visitor_for_token, Agent, ClientIp, Visitor};
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;
use kadesk_channels::web::WebWidget;
use kadesk_channels::Adapter;
use kadesk_desk::chat::{self, Author, SendInput};
use kadesk_desk::files::{Uploader, MAX_UPLOAD_BYTES};
use kadesk_desk::vision::Refusal;

/// Most readings returned for one conversation.
const MAX_ANALYSES: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/attachments", post(attach))
        .route("/widget/attachments", post(buyer_attach))
        .route_layer(crate::api::widget_cors())
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .route("/conversations/{id}/analyses", get(analyses))
}

/// Who may post a picture: a signed-in agent, or the buyer by visitor token.
enum Poster {
    Agent(User),
    Buyer(Contact),
}

impl FromRequestParts<AppState> for Poster {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Poster, ApiError> {
        let token = request_token(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        // Session and visitor tokens are different random values in different tables.
        if let Ok(Agent(user)) = agent_for_token(state, &token).await {
            return Ok(Poster::Agent(user));
        }
        Ok(Poster::Buyer(visitor_for_token(state, &token).await?.0))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachQuery {
    /// What the picture shows, as the buyer chose: `order`, `payment`, `error` or `product`.
    category: Option<ScreenshotCategory>,
    /// A caption sent with the picture.
    text: Option<String>,
    /// The client's id for the message, for idempotent retries.
    client_id: Option<String>,
}

/// What an agent gets for a posted picture.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachResponse {
    /// The chat message carrying the picture (already published).
    message: Message,
    attachment: Attachment,
}

/// What a buyer gets for a posted picture.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuyerAttachResponse {
    /// The chat message carrying the picture (already published).
    message: BuyerMessage,
    attachment: Attachment,
}

/// The `busy` answer, with `Retry-After`.
fn busy() -> Response {
    let err = ApiError::new(
        ErrorCode::Busy,
        "图片识别繁忙，请稍后再试 / busy reading screenshots, try again in a few seconds",
    );
    // `busy` answers carry Retry-After (see `ApiError`).
    err.into_response()
}

/// Send a picture into a conversation (raw image body, name in
/// `X-Filename`). The buyer may only post into their own conversation
/// (another's answers 404, like one that does not exist), at most 20
/// megapixels, and then gets a `BuyerAttachResponse`.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/attachments", params(("id" = i64, Path, description = "the conversation's id"), AttachQuery),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = AttachResponse, description = "an agent's answer; a buyer gets a BuyerAttachResponse"),
        (status = 404), (status = 413), (status = 415),
        (status = 422), (status = 503, description = "busy: the screenshot reader's queue or the picture decoding is full; see Retry-After")))]
async fn attach(
    State(state): State<AppState>,
    poster: Poster,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Query(q): Query<AttachQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Response> {
    let conversation = state
        .store
        .conversation(id)
        .await
        .map_err(|e| ApiError::from(e).into_response())?;
    match poster {
        Poster::Agent(user) => {
            let (message, attachment) = post_picture(
                &state,
                Author::Agent(user),
                None,
                Some(id),
                q,
                &headers,
                body,
            )
            .await?;
            Ok(created(AttachResponse {
                message,
                attachment,
            }))
        }
        Poster::Buyer(contact) if contact.id == conversation.contact_id => {
            let (message, attachment) = post_picture(
                &state,
                Author::Buyer(contact),
                ip,
                Some(id),
                q,
                &headers,
                body,
            )
            .await?;
            Ok(created(BuyerAttachResponse {
                message: BuyerMessage::from(&message),
                attachment,
            }))
        }
        // Another buyer's conversation looks like one that does not exist,
        // so conversation ids cannot be counted.
        Poster::Buyer(_) => {
            let missing = kadesk_store::StoreError::NotFound {
                what: "conversation",
                id: id.to_string(),
            };
            Err(ApiError::from(missing).into_response())
        }
    }
}

/// Send a picture into the buyer's own conversation, started if this is
/// their first message (raw image body, name in `X-Filename`, visitor token
/// as bearer).
#[utoipa::path(post, path = "/api/v1/widget/attachments", params(AttachQuery),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = BuyerAttachResponse), (status = 401), (status = 413), (status = 415),
        (status = 422), (status = 503, description = "busy: the screenshot reader's queue or the picture decoding is full; see Retry-After")))]
async fn buyer_attach(
    State(state): State<AppState>,
    Visitor(contact): Visitor,
    ClientIp(ip): ClientIp,
    Query(q): Query<AttachQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Response> {
    let (message, attachment) =
        post_picture(&state, Author::Buyer(contact), ip, None, q, &headers, body).await?;
    Ok(created(BuyerAttachResponse {
        message: BuyerMessage::from(&message),
        attachment,
    }))
}

fn created(body: impl Serialize) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// Stores the picture and its message in conversation `id` (for a buyer,
/// `None`: their own, started now if needed), then hands the message to the
/// bot and the picture to the screenshot reader.
async fn post_picture(
    state: &AppState,
    author: Author,
    ip: Option<IpAddr>,
    id: Option<i64>,
    q: AttachQuery,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Message, Attachment), Response> {
    let AttachQuery {
        category,
        text,
        client_id,
    } = q;
    // A place in the reader's queue first: when it is full nothing is stored.
    let reservation = match state.vision.reserve() {
        Ok(reservation) => reservation,
        Err(Refusal::Busy) => return Err(busy()),
    };
    let result = async {
        let body = upload_body(body)?;
        let uploader = match &author {
            Author::Agent(_) => Uploader::Agent,
            Author::Buyer(_) => Uploader::Buyer,
        };
        let stored = store_picture(state, headers, body, uploader).await?;
        let id = match (id, &author) {
            (Some(id), _) => id,
            (None, Author::Buyer(contact)) => {
                kadesk_desk::chat::start_conversation_on(state, contact, WebWidget.kind())
                    .await?
                    .id
            }
            (None, Author::Agent(_)) => {
                return Err(ApiError::bad_request("name the conversation to post into"))
            }
        };
        let outcome = chat::send(
            state,
            &author,
            id,
            SendInput {
                client_id,
                text: text.unwrap_or_default(),
                attachments: vec![stored.attachment.id.clone()],
            },
        )
        .await?;
        Ok::<_, ApiError>((stored, outcome))
    }
    .await;
    let (stored, outcome) = result.map_err(IntoResponse::into_response)?;
    let buyer = match &author {
        Author::Buyer(contact) => Some(contact.clone()),
        Author::Agent(_) => None,
    };
    if !outcome.duplicate {
        if let Some(contact) = &buyer {
            // A caption is a message like any other (the bot reads it first).
            kadesk_desk::bot::queue_buyer_message(
                state,
                contact.clone(),
                ip,
                outcome.message.clone(),
                None,
            )
            .await;
        }
        if let Some(reservation) = reservation {
            reservation.submit(
                state,
                outcome.message.clone(),
                buyer.map(|contact| (contact, ip)),
                category,
                stored.bytes.clone(),
            );
        }
    }
    Ok((outcome.message, stored.attachment))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnalysisList {
    /// Oldest first.
    items: Vec<ImageAnalysis>,
}

/// What was read from the screenshots of a conversation (agents only).
#[utoipa::path(get, path = "/api/v1/conversations/{id}/analyses", params(("id" = i64, Path, description = "the conversation's id")),
    responses((status = 200, body = AnalysisList), (status = 404)))]
async fn analyses(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<AnalysisList>> {
    state.store.conversation(id).await?;
    Ok(Json(AnalysisList {
        items: state.store.analyses_of(id, MAX_ANALYSES).await?,
    }))
}
