//! The shop's side of the API: the public catalogue (used by the `/demo`
//! page), orders pushed by the shop (`POST /shop/orders` with the API key,
//! `POST /shop/webhook` signed), the admins' CSV import, and the buyer's
//! verification with re-delivery of card keys.
//!
//! The proof itself is the desk's ([`kadesk_desk::shop`]).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{ErrorCode, Role};
use kadesk_shop::webhook::{MAX_WEBHOOK_BODY, SIGNATURE_HEADER};
use kadesk_shop::{
    Attempt, Diagnosis, ImportReport, IngestError, IngestReport, OrderInput, PlainKey, Secret,
    ShopOrder, VerifyError, WebhookError,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::{Agent, ClientIp, Visitor};
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;
use kadesk_channels::web::WebWidget;
use kadesk_channels::Adapter;

/// Largest CSV import.
pub const MAX_IMPORT_BODY: usize = 16 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    // Called from shop pages on other domains.
    let cross_origin = Router::new()
        .route("/shop/products", get(products))
        .route("/widget/orders/verify", post(widget_verify))
        .route_layer(crate::api::widget_cors());
    Router::new()
        .route("/shop/orders", post(push_orders))
        .route(
            "/shop/webhook",
            post(webhook).layer(DefaultBodyLimit::max(MAX_WEBHOOK_BODY)),
        )
        .route(
            "/shop/import",
            post(import).layer(DefaultBodyLimit::max(MAX_IMPORT_BODY)),
        )
        .merge(cross_origin)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    id: i64,
    name: String,
    category: String,
    /// Price in currency units, e.g. 30.0 for ¥30.
    price: f64,
    currency: String,
    stock: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    items: Vec<ProductView>,
}

/// The shop's products.
#[utoipa::path(get, path = "/api/v1/shop/products", responses((status = 200, body = ProductList)))]
async fn products(State(state): State<AppState>) -> ApiResult<Json<ProductList>> {
    let items = state
        .store
        .products()
        .await?
        .into_iter()
        .filter(|p| !p.category.is_empty())
        .map(|p| ProductView {
            id: p.id,
            name: p.name,
            category: p.category,
            price: p.price_cents as f64 / 100.0,
            currency: p.currency,
            stock: p.stock,
        })
        .collect();
    Ok(Json(ProductList { items }))
}

fn ingest_error(e: IngestError) -> ApiError {
    match e {
        IngestError::Invalid { .. } | IngestError::TooMany(_) => {
            ApiError::validation(e.to_string())
        }
        IngestError::Store(e) => e.into(),
        IngestError::Crypto(e) => ApiError::internal(e),
    }
}

/// A batch of orders from the shop.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderBatch {
    /// 1 to 1000 orders; an order number already stored is updated.
    orders: Vec<OrderInput>,
}

/// The shop pushes orders (create or update by order number). Authorised by
/// `Authorization: Bearer <[shop] api_key>`.
#[utoipa::path(post, path = "/api/v1/shop/orders", request_body = OrderBatch,
    responses((status = 200, body = IngestReport), (status = 401), (status = 422), (status = 503)))]
async fn push_orders(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(batch): Json<OrderBatch>,
) -> ApiResult<Json<IngestReport>> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    match state.shop.api_key_matches(token) {
        None => {
            return Err(ApiError::new(
                ErrorCode::Unavailable,
                "order push is off: set [shop] api_key (or KADESK_SHOP__API_KEY)",
            ))
        }
        Some(false) => {
            tracing::debug!("order push with a wrong API key");
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "send the shop API key as Authorization: Bearer <[shop] api_key>",
            ));
        }
        Some(true) => {}
    }
    let report = kadesk_desk::shop::ingest(&state, batch.orders)
        .await
        .map_err(ingest_error)?;
    tracing::info!(
        received = report.received,
        created = report.created,
        updated = report.updated,
        "orders pushed by the shop"
    );
    Ok(Json(report))
}

/// A webhook delivery: one order or several.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEvent {
    /// What happened, e.g. `order.paid`, `order.delivered`, `order.refunded`; informative.
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    order: Option<OrderInput>,
    #[serde(default)]
    orders: Option<Vec<OrderInput>>,
}

fn webhook_refusal(e: &WebhookError) -> Response {
    let code = match e {
        WebhookError::NotConfigured => ErrorCode::Unavailable,
        WebhookError::MissingSignature => ErrorCode::SignatureMissing,
        WebhookError::Malformed => ErrorCode::SignatureMalformed,
        WebhookError::BadSignature => ErrorCode::SignatureInvalid,
        WebhookError::Stale { .. } => ErrorCode::SignatureExpired,
        WebhookError::Replayed => ErrorCode::SignatureReplayed,
    };
    tracing::info!(%code, "webhook refused");
    ApiError::new(code, e.to_string()).into_response()
}

/// Signed order updates from the shop:
/// `X-Kadesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
/// A bad signature, a timestamp more than 5 minutes off or a replayed
/// signature is refused with 401 and stores nothing.
#[utoipa::path(post, path = "/api/v1/shop/webhook", request_body = WebhookEvent,
    params(("X-Kadesk-Signature" = String, Header, description = "t=<unix seconds>,v1=<hex HMAC-SHA256>")),
    responses((status = 200, body = IngestReport),
        (status = 401, description = "signature_missing, signature_malformed, signature_invalid, signature_expired or signature_replayed"),
        (status = 413), (status = 422), (status = 503)))]
async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "webhook body is larger than the {} KiB limit; send fewer orders per delivery",
                    MAX_WEBHOOK_BODY / 1024
                ),
            )
            .into_response()
        }
        Err(rejection) => {
            return ApiError::bad_request(format!(
                "cannot read the body: {}",
                rejection.body_text()
            ))
            .into_response()
        }
    };
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if let Err(e) = state.shop.check_webhook(signature, &body) {
        return webhook_refusal(&e);
    }
    let event: WebhookEvent = match serde_json::from_slice(&body) {
        Ok(event) => event,
        Err(e) => {
            return ApiError::bad_request(format!(
                "invalid webhook JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                e
            ))
            .into_response()
        }
    };
    let mut orders = event.orders.unwrap_or_default();
    orders.extend(event.order);
    if orders.is_empty() {
        return ApiError::validation("the webhook carries no order: send \"order\" or \"orders\"")
            .into_response();
    }
    match kadesk_desk::shop::ingest(&state, orders).await {
        Ok(report) => {
            tracing::info!(
                event = event.event.as_deref().unwrap_or("-"),
                created = report.created,
                updated = report.updated,
                "webhook orders stored"
            );
            Json(report).into_response()
        }
        Err(e) => ingest_error(e).into_response(),
    }
}

/// A CSV file sent as JSON (how the console sends it).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvImport {
    /// The file's text (UTF-8, header line first).
    csv: String,
}

/// Imports orders from CSV (admins): JSON `{"csv": "<the file's text>"}`,
/// or, signed in with a bearer token, the raw file as `text/csv` (UTF-8,
/// header line first). Bad lines are reported and skipped.
#[utoipa::path(post, path = "/api/v1/shop/import",
    request_body(content((CsvImport = "application/json"), (String = "text/csv"))),
    responses((status = 200, body = ImportReport), (status = 403), (status = 415), (status = 422)))]
async fn import(
    State(state): State<AppState>,
    agent: Agent,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportReport>> {
    agent.require(Role::Admin)?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "the file is larger than the {} MiB limit; split it",
                    MAX_IMPORT_BODY / 1024 / 1024
                ),
            )
        } else {
            ApiError::bad_request(format!("cannot read the body: {}", rejection.body_text()))
        }
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    let body = if is_json {
        let sent: CsvImport = serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(format!(
                "invalid JSON body: {e}; send {{\"csv\": \"<the file's text>\"}}"
            ))
        })?;
        Bytes::from(sent.csv)
    } else {
        body
    };
    let report = kadesk_desk::shop::import_csv(&state, &body)
        .await
        .map_err(|e| ApiError::validation(e.to_string()))?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "orders_imported",
            "orders",
            json!({"via": "console", "created": report.created, "updated": report.updated,
                   "skipped": report.errors.len()}),
        )
        .await?;
    tracing::info!(
        created = report.created,
        updated = report.updated,
        skipped = report.errors.len(),
        "orders imported from CSV"
    );
    Ok(Json(report))
}

/// The answer to a refused verification.
pub fn verify_error(e: &VerifyError) -> ApiError {
    match e {
        VerifyError::Mismatch => ApiError::forbidden(e.to_string()),
        VerifyError::Locked { .. } => ApiError::new(ErrorCode::RateLimited, e.to_string()),
        VerifyError::Unavailable => ApiError::new(ErrorCode::Unavailable, e.to_string()),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    order_no: String,
    /// The e-mail, phone or QQ given at purchase, or the order's lookup password.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    proof: String,
}

impl std::fmt::Debug for VerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyRequest")
            .field("order_no", &self.order_no)
            .finish_non_exhaustive()
    }
}

/// What a verified buyer sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedOrder {
    order_no: String,
    product_name: String,
    payment_status: kadesk_shop::PaymentStatus,
    delivery_status: kadesk_shop::DeliveryStatus,
    /// The diagnosis in the buyer's language.
    message: String,
    /// The card keys, in plain text: shown once, never stored by kadesk.
    keys: Vec<PlainKey>,
}

/// A buyer proves an order is theirs (order number plus the contact used at
/// purchase, or the lookup password) and gets its card keys again. Failures
/// are counted per conversation, address and order; the answer never says
/// which part was wrong.
#[utoipa::path(post, path = "/api/v1/widget/orders/verify", request_body = VerifyRequest,
    responses((status = 200, body = VerifiedOrder), (status = 403),
        (status = 422, description = "validation: the order number or the proof is missing or too long"),
        (status = 429), (status = 503)))]
async fn widget_verify(
    State(state): State<AppState>,
    Visitor(contact): Visitor,
    ClientIp(ip): ClientIp,
    Json(req): Json<VerifyRequest>,
) -> Result<Response, ApiError> {
    if req.order_no.trim().is_empty() || req.proof.trim().is_empty() {
        return Err(ApiError::validation(
            "give the order number and the contact used at purchase (or the lookup password)",
        ));
    }
    if req.order_no.len() > 64 || req.proof.chars().count() > 200 {
        return Err(ApiError::validation("order number or proof is too long"));
    }
    let conversation =
        kadesk_desk::chat::start_conversation_on(&state, &contact, WebWidget.kind()).await?;
    let attempt = Attempt {
        conversation_id: Some(conversation.id),
        ip,
        order_no: req.order_no.clone(),
        proof: Secret::new(req.proof),
    };
    let redelivery = match state
        .shop
        .verify_and_redeliver(&attempt, conversation.channel.as_str())
        .await
    {
        Ok(r) => r,
        Err(e) => {
            let mut response = verify_error(&e).into_response();
            if let VerifyError::Locked { retry_after_secs } = e {
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            return Ok(response);
        }
    };
    let diagnosis = state.shop.diagnose(&redelivery.order);
    let body = VerifiedOrder {
        message: diagnosis.text(&contact.language).to_owned(),
        order_no: redelivery.order.order_no.clone(),
        product_name: redelivery.order.product_name.clone(),
        payment_status: redelivery.order.payment_status,
        delivery_status: redelivery.order.delivery_status,
        keys: redelivery.keys,
    };
    Ok(no_store(Json(body).into_response()))
}

/// Marks a response that carries card keys as not cacheable.
pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An order as agents see it: masked keys and the diagnosis.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    #[serde(flatten)]
    pub order: ShopOrder,
    pub diagnosis: Diagnosis,
}
