//! Buyers' contact records for agents.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{Contact, Conversation, Message, Millis, Role};
use kadesk_store::{ContactPatch, ConversationFilter};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::page_size;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contacts", get(list))
        .route("/contacts/{id}", get(show).patch(update))
        .route("/contacts/{id}/export", get(export))
        .route("/contacts/{id}/erase", post(erase))
}

/// One conversation of an exported contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedConversation {
    conversation: Conversation,
    /// Every message, oldest first (pictures by their file URLs; card keys
    /// as stored: masked).
    messages: Vec<Message>,
}

/// Everything kadesk keeps of one contact (a data-protection request).
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactExport {
    contact: Contact,
    conversations: Vec<ExportedConversation>,
    /// When the export was made (Unix ms).
    exported_at: Millis,
}

/// Export everything kadesk keeps of a contact (admins; audited).
#[utoipa::path(get, path = "/api/v1/contacts/{id}/export",
    params(("id" = i64, Path, description = "contact id")),
    responses((status = 200, body = ContactExport), (status = 401), (status = 403), (status = 404)))]
async fn export(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactExport>> {
    agent.require(Role::Admin)?;
    let (contact, history) = kadesk_desk::privacy::export(&state.store, id).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "contact_exported",
            &format!("contact:{id}"),
            serde_json::json!({"conversations": history.len()}),
        )
        .await?;
    Ok(Json(ContactExport {
        contact,
        conversations: history
            .into_iter()
            .map(|h| ExportedConversation {
                conversation: h.conversation,
                messages: h.messages,
            })
            .collect(),
        exported_at: state.now(),
    }))
}

/// What erasing a contact removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasedView {
    /// Conversations kept (for the reports) with their content removed.
    conversations: usize,
    /// Messages whose text and pictures were removed.
    messages: u64,
    /// Pictures deleted from the file store.
    files: usize,
}

/// Erase a contact's personal data: message texts and pictures, screenshot
/// readings, notes, case memory, platform ids, name, e-mail and phone; the
/// conversations stay (without content) so reports keep their figures
/// (admins; audited).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/erase",
    params(("id" = i64, Path, description = "contact id")),
    responses((status = 200, body = ErasedView), (status = 401), (status = 403), (status = 404)))]
async fn erase(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<ErasedView>> {
    agent.require(Role::Admin)?;
    let erased =
        kadesk_desk::privacy::erase(&state.store, &state.desk.files, Some(agent.0.id), id).await?;
    Ok(Json(ErasedView {
        conversations: erased.conversations,
        messages: erased.messages,
        files: erased.orphaned_files.len(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Part of a name, e-mail or phone number.
    q: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactList {
    items: Vec<Contact>,
    next_cursor: Option<String>,
}

/// Contacts, newest first.
#[utoipa::path(get, path = "/api/v1/contacts", params(ListQuery), responses((status = 200, body = ContactList)))]
async fn list(
    State(state): State<AppState>,
    _agent: Agent,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ContactList>> {
    let limit = page_size(q.limit)?;
    let before =
        match q.cursor.as_deref() {
            None | Some("") => None,
            Some(c) => Some(c.parse().map_err(|_| {
                ApiError::bad_request(format!("cursor {c:?} is not one we gave out"))
            })?),
        };
    let query = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut items = state.store.contacts(query, before, limit + 1).await?;
    let next_cursor = if items.len() as i64 > limit {
        items.pop();
        items.last().map(|c| c.id.to_string())
    } else {
        None
    };
    Ok(Json(ContactList { items, next_cursor }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDetail {
    #[serde(flatten)]
    contact: Contact,
    conversations: Vec<Conversation>,
}

/// A contact with their conversations.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", params(("id" = i64, Path, description = "the contact's id")), responses((status = 200, body = ContactDetail), (status = 404)))]
async fn show(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactDetail>> {
    let contact = state.store.contact(id).await?;
    let filter = ConversationFilter {
        contact_id: Some(id),
        ..ConversationFilter::default()
    };
    let conversations = state.store.conversations(&filter, None, 50).await?.items;
    Ok(Json(ContactDetail {
        contact,
        conversations,
    }))
}

/// `Some(None)` for an explicit null, `None` for a missing field.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactUpdate {
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    phone: Option<Option<String>>,
    /// The whole new tag list (`vip` makes a VIP for the bot).
    tags: Option<Vec<String>>,
}

/// Trimmed, de-duplicated tags within the limits.
fn clean_tags(tags: Option<Vec<String>>) -> ApiResult<Option<Vec<String>>> {
    use kadesk_store::{MAX_TAGS, MAX_TAG_CHARS};
    let Some(tags) = tags else { return Ok(None) };
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_owned();
        if tag.is_empty() {
            return Err(ApiError::validation("tags must not be empty"));
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(ApiError::validation(format!(
                "tag {tag:?} is longer than {MAX_TAG_CHARS} characters"
            )));
        }
        if !out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            out.push(tag);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(ApiError::validation(format!(
            "a contact takes at most {MAX_TAGS} tags, got {}",
            out.len()
        )));
    }
    Ok(Some(out))
}

fn clean(
    value: Option<Option<String>>,
    field: &str,
    max: usize,
) -> ApiResult<Option<Option<String>>> {
    match value {
        Some(Some(v)) => {
            let v = v.trim().to_owned();
            if v.chars().count() > max {
                return Err(ApiError::validation(format!(
                    "{field} is longer than {max} characters"
                )));
            }
            Ok(Some((!v.is_empty()).then_some(v)))
        }
        other => Ok(other),
    }
}

/// Change a contact's name, e-mail, phone or tags.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", params(("id" = i64, Path, description = "the contact's id")), request_body = ContactUpdate,
    responses((status = 200, body = Contact), (status = 404), (status = 422)))]
async fn update(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<ContactUpdate>,
) -> ApiResult<Json<Contact>> {
    let name = match req.name.map(|n| n.trim().to_owned()) {
        Some(n) if n.is_empty() => return Err(ApiError::validation("name must not be empty")),
        Some(n) if n.chars().count() > 100 => {
            return Err(ApiError::validation("name is longer than 100 characters"))
        }
        other => other,
    };
    if let Some(Some(email)) = &req.email {
        if !email.trim().is_empty() && !email.contains('@') {
            return Err(ApiError::validation(format!("email {email:?} has no @")));
        }
    }
    let patch = ContactPatch {
        name,
        email: clean(req.email, "email", 200)?,
        phone: clean(req.phone, "phone", 40)?,
        tags: clean_tags(req.tags)?,
    };
    let contact = state.store.update_contact(id, patch).await?;
    // Agents' conversation lists show the contact's name: refresh them live
    // (agents only: the buyer's view has no contact name or tags).
    let filter = ConversationFilter {
        contact_id: Some(id),
        ..ConversationFilter::default()
    };
    for conversation in state.store.conversations(&filter, None, 50).await?.items {
        state
            .hub
            .publish(kadesk_domain::Event::Conversation { conversation });
    }
    Ok(Json(contact))
}
