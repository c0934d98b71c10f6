//! Orders for agents: look an order up by number, payment number, the
//! buyer's contact, or for a conversation (the contact's e-mail and phone,
//! and the order and payment numbers, e-mails, phones and QQ numbers written
//! in its messages), each with its
//! diagnosis and masked card keys; and reveal the plain keys to roles that
//! may see them, every time written to the audit log.

use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{ErrorCode, Millis};
use kadesk_nlu::entities::Extractor;
use kadesk_nlu::EntityKind;
use kadesk_shop::{PlainKey, RevealError, ShopOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::shop::{no_store, OrderView};
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

/// Most order numbers and contacts taken from one conversation.
const MAX_ORDER_NOS: usize = 10;
const MAX_CONTACTS: usize = 5;
/// Most orders in one answer.
const MAX_ORDERS: usize = 50;
/// How many of a conversation's latest messages are read for order numbers.
const MESSAGES_READ: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/{order_no}/reveal", post(reveal))
        .route("/orders/{order_no}/redeliver", post(redeliver))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdersQuery {
    /// One order number.
    order_no: Option<String>,
    /// A payment provider's transaction number.
    trade_no: Option<String>,
    /// An e-mail, phone or QQ number the buyer used.
    contact: Option<String>,
    /// Everything a conversation knows: its contact and the numbers in its messages.
    conversation_id: Option<i64>,
}

/// What was searched for.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Searched {
    order_nos: Vec<String>,
    trade_nos: Vec<String>,
    contacts: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderList {
    /// Newest first.
    items: Vec<OrderView>,
    /// Whether the signed-in user may reveal card keys.
    can_reveal: bool,
    searched: Searched,
    /// Sources that could not answer.
    warnings: Vec<String>,
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

fn push_unique(list: &mut Vec<String>, value: String, max: usize) {
    let value = value.trim().to_owned();
    if !value.is_empty() && list.len() < max && !list.iter().any(|v| v.eq_ignore_ascii_case(&value))
    {
        list.push(value);
    }
}

/// The order numbers and contacts a conversation mentions.
async fn conversation_leads(state: &AppState, id: i64, searched: &mut Searched) -> ApiResult<()> {
    let conversation = state.store.conversation(id).await?;
    let contact = state.store.contact(conversation.contact_id).await?;
    for value in [contact.email, contact.phone].into_iter().flatten() {
        push_unique(&mut searched.contacts, value, MAX_CONTACTS);
    }
    let messages = state
        .store
        .messages_before(id, i64::MAX, MESSAGES_READ)
        .await?;
    // Newest first: the latest order number matters most.
    for message in messages.iter().rev() {
        if message.sender == kadesk_domain::SenderKind::System || message.text.is_empty() {
            continue;
        }
        let folded = kadesk_nlu::text::fold(&message.text);
        for entity in extractor().extract(&folded, None) {
            match entity.kind {
                EntityKind::OrderNo => {
                    push_unique(&mut searched.order_nos, entity.value, MAX_ORDER_NOS)
                }
                EntityKind::Email | EntityKind::Phone | EntityKind::Qq => {
                    push_unique(&mut searched.contacts, entity.value, MAX_CONTACTS)
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The order a conversation is most likely about, as (order number,
/// product): the newest order number its messages mention that the shop
/// knows, else the newest order of its contact. `None` when there is none
/// or the shop cannot answer.
pub(crate) async fn latest_order(
    state: &AppState,
    conversation_id: i64,
) -> ApiResult<Option<(String, String)>> {
    let mut searched = Searched::default();
    conversation_leads(state, conversation_id, &mut searched).await?;
    for no in &searched.order_nos {
        if let Ok(Some(order)) = state.shop.find_order(no).await {
            return Ok(Some((order.order_no, order.product_name)));
        }
    }
    for contact in &searched.contacts {
        if let Ok(found) = state.shop.orders_for_contact(contact, 1).await {
            if let Some(order) = found.into_iter().next() {
                return Ok(Some((order.order_no, order.product_name)));
            }
        }
    }
    Ok(None)
}

/// Orders by number, by contact, or for a conversation, with diagnosis and
/// masked card keys.
#[utoipa::path(get, path = "/api/v1/orders", params(OrdersQuery),
    responses((status = 200, body = OrderList), (status = 400), (status = 401), (status = 404)))]
async fn list(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<OrdersQuery>,
) -> ApiResult<Json<OrderList>> {
    let mut searched = Searched::default();
    if let Some(no) = q.order_no {
        push_unique(&mut searched.order_nos, no, MAX_ORDER_NOS);
    }
    if let Some(trade_no) = q.trade_no {
        push_unique(&mut searched.trade_nos, trade_no, MAX_ORDER_NOS);
    }
    if let Some(contact) = q.contact {
        push_unique(&mut searched.contacts, contact, MAX_CONTACTS);
    }
    if let Some(id) = q.conversation_id {
        conversation_leads(&state, id, &mut searched).await?;
    } else if searched.order_nos.is_empty()
        && searched.trade_nos.is_empty()
        && searched.contacts.is_empty()
    {
        return Err(ApiError::bad_request(
            "give order_no, trade_no, contact or conversation_id",
        ));
    }
    let mut orders: Vec<ShopOrder> = Vec::new();
    let mut warnings = Vec::new();
    for no in &searched.order_nos {
        match state.shop.find_order(no).await {
            Ok(Some(order)) => orders.push(order),
            Ok(None) => {}
            Err(e) => warnings.push(e.to_string()),
        }
    }
    for trade_no in &searched.trade_nos {
        match state.shop.find_order_by_trade_no(trade_no).await {
            Ok(Some(order)) => orders.push(order),
            Ok(None) => {}
            Err(e) => warnings.push(e.to_string()),
        }
    }
    for contact in &searched.contacts {
        match state.shop.orders_for_contact(contact, MAX_ORDERS).await {
            Ok(found) => orders.extend(found),
            Err(e) => warnings.push(e.to_string()),
        }
    }
    let mut seen = std::collections::HashSet::new();
    orders.retain(|o| seen.insert(o.order_no.clone()));
    orders.sort_by_key(|o| std::cmp::Reverse(o.created_at));
    orders.truncate(MAX_ORDERS);
    warnings.dedup();
    let items = orders
        .into_iter()
        .map(|order| OrderView {
            diagnosis: state.shop.diagnose(&order),
            order,
        })
        .collect();
    Ok(Json(OrderList {
        items,
        can_reveal: state.shop.can_reveal(agent.0.role),
        searched,
        warnings,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeliverRequest {
    /// The conversation whose buyer gets the keys.
    conversation_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedeliverResponse {
    order_no: String,
    /// How many card keys went to the buyer's key box.
    keys: usize,
}

/// Re-sends an order's card keys to the buyer of a conversation through
/// the widget's one-time key box (what the bot does after verification),
/// for roles that may reveal keys. Audited like a reveal; the conversation
/// gets a note naming the order and the agent, with no key in it; the
/// agent's answer holds no key either.
#[utoipa::path(post, path = "/api/v1/orders/{order_no}/redeliver", params(("order_no" = String, Path, description = "the order number")), request_body = RedeliverRequest,
    responses((status = 200, body = RedeliverResponse), (status = 400), (status = 403), (status = 404), (status = 409), (status = 422), (status = 503)))]
async fn redeliver(
    State(state): State<AppState>,
    agent: Agent,
    Path(order_no): Path<String>,
    Json(req): Json<RedeliverRequest>,
) -> ApiResult<Json<RedeliverResponse>> {
    use kadesk_desk::shop::RedeliverError as E;
    let keys =
        kadesk_desk::shop::redeliver_by_agent(&state, &agent.0, &order_no, req.conversation_id)
            .await
            .map_err(|e| match e {
                E::Reveal(RevealError::Forbidden(_)) => ApiError::forbidden(e.to_string()),
                E::Reveal(RevealError::NotFound(_)) => ApiError::not_found(e.to_string()),
                E::Reveal(RevealError::Lookup(_)) => {
                    ApiError::new(ErrorCode::Unavailable, e.to_string())
                }
                E::Reveal(RevealError::Audit(e)) => ApiError::internal(e),
                E::NoKeys(_) => ApiError::new(ErrorCode::Conflict, e.to_string()),
                E::Desk(e) => e.into(),
            })?;
    Ok(Json(RedeliverResponse {
        order_no: order_no.trim().to_owned(),
        keys,
    }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// The conversation the agent is working on, for the audit log.
    conversation_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealResponse {
    order_no: String,
    source: String,
    /// The plain card keys. Show them, do not store them.
    keys: Vec<PlainKey>,
    revealed_at: Millis,
}

/// Shows an order's card keys in plain text to an admin or supervisor (or
/// an agent when `[shop] agents_can_reveal` is on). Written to the audit log
/// with who, when, the order and the channel before the keys are sent.
#[utoipa::path(post, path = "/api/v1/orders/{order_no}/reveal", params(("order_no" = String, Path, description = "the order number")), request_body = RevealRequest,
    responses((status = 200, body = RevealResponse), (status = 403), (status = 404), (status = 503)))]
async fn reveal(
    State(state): State<AppState>,
    agent: Agent,
    Path(order_no): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let req: RevealRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RevealRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?
    };
    let user = &agent.0;
    let redelivery = state
        .shop
        .reveal(
            user.id,
            user.role,
            &order_no,
            req.conversation_id,
            "console",
        )
        .await
        .map_err(|e| match e {
            RevealError::Forbidden(_) => ApiError::forbidden(e.to_string()),
            RevealError::NotFound(_) => ApiError::not_found(e.to_string()),
            RevealError::Lookup(_) => ApiError::new(ErrorCode::Unavailable, e.to_string()),
            RevealError::Audit(e) => ApiError::internal(e),
        })?;
    let body = RevealResponse {
        order_no: redelivery.order.order_no.clone(),
        source: redelivery.order.source.clone(),
        keys: redelivery.keys,
        revealed_at: state.shop.now(),
    };
    Ok(no_store(Json(body).into_response()))
}
