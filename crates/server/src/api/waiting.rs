//! What a waiting buyer may do: leave an e-mail address or phone number so
//! the team can reach them after they close the page (the conversation
//! keeps its place in the queue). Agents see the details on the contact.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use axum::Router;
use kadesk_store::ContactPatch;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Visitor;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget/contact", put(leave_details))
        .route_layer(crate::api::widget_cors())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDetails {
    /// An e-mail address (up to 200 characters, with an `@`).
    #[schema(max_length = 200)]
    email: Option<String>,
    /// A phone number (up to 40 characters: digits, spaces, `+`, `-`, brackets).
    #[schema(max_length = 40)]
    phone: Option<String>,
}

fn clean(value: Option<String>, max: usize) -> Option<String> {
    value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.chars().count() <= max)
}

/// Leave an e-mail address and/or phone number for the team (the buyer's
/// own contact; nothing is echoed back).
#[utoipa::path(put, path = "/api/v1/widget/contact", request_body = ContactDetails,
    responses((status = 204), (status = 401), (status = 422)))]
async fn leave_details(
    State(state): State<AppState>,
    Visitor(contact): Visitor,
    Json(req): Json<ContactDetails>,
) -> ApiResult<StatusCode> {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let (email_given, phone_given) = (given(&req.email), given(&req.phone));
    let email = clean(req.email, 200);
    let phone = clean(req.phone, 40);
    if email_given && !email.as_deref().is_some_and(|e| e.contains('@')) {
        return Err(ApiError::validation(
            "email must be an address with an @, at most 200 characters",
        ));
    }
    let phone_ok = |p: &str| {
        p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
            && p.chars().any(|c| c.is_ascii_digit())
    };
    if phone_given && !phone.as_deref().is_some_and(phone_ok) {
        return Err(ApiError::validation(
            "phone must be digits (spaces, +, - and brackets allowed), at most 40 characters",
        ));
    }
    if email.is_none() && phone.is_none() {
        return Err(ApiError::validation("give an email or a phone number"));
    }
    state
        .store
        .update_contact(
            contact.id,
            ContactPatch {
                email: email.map(Some),
                phone: phone.map(Some),
                ..ContactPatch::default()
            },
        )
        .await?;
    tracing::info!(contact.id = contact.id, "buyer left contact details");
    Ok(StatusCode::NO_CONTENT)
}
