//! Canned replies over HTTP: every agent lists the shared ones and their own
//! and keeps their personal ones; supervisors and admins keep the shared
//! ones. `POST …/{id}/use` is what the console's `/` picker calls: it fills
//! the variables from the conversation and counts the use (reports read
//! the count).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use kadesk_domain::{Millis, ReplyLanguage, Role, CANNED_VARIABLES};
use kadesk_store::{CannedDraft, CannedFilter, CannedReply};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::orders;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

const MAX_SHORTCUT: usize = 32;
const MAX_TITLE: usize = 100;
const MAX_BODY: usize = 2000;
const MAX_Q: usize = 100;
/// Most replies listed at once.
const MAX_LIST: i64 = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/canned-replies", get(list).post(create))
        .route("/canned-replies/{id}", put(update).delete(remove))
        .route("/canned-replies/{id}/use", post(use_reply))
}

/// A canned reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct CannedReplyView {
    id: i64,
    /// What the agent types after `/`.
    shortcut: String,
    title: String,
    /// The text, with `{buyer_name}`, `{order_no}`, `{product}` and `{agent_name}`.
    body: String,
    language: ReplyLanguage,
    /// Shared with everyone (true) or the signed-in agent's own (false).
    shared: bool,
    /// Whether the signed-in user may change or delete it.
    editable: bool,
    /// Times agents inserted it.
    use_count: i64,
    last_used_at: Option<Millis>,
    updated_at: Millis,
}

fn view(reply: CannedReply, agent: &Agent) -> CannedReplyView {
    let editable = may_edit(&reply, agent);
    CannedReplyView {
        id: reply.id,
        shortcut: reply.shortcut,
        title: reply.title,
        body: reply.body,
        language: reply.language,
        shared: reply.owner_id.is_none(),
        editable,
        use_count: reply.use_count,
        last_used_at: reply.last_used_at,
        updated_at: reply.updated_at,
    }
}

fn may_edit(reply: &CannedReply, agent: &Agent) -> bool {
    match reply.owner_id {
        None => agent.0.role >= Role::Supervisor,
        Some(owner) => owner == agent.0.id,
    }
}

/// A reply the agent may see: shared or their own. Another agent's
/// personal reply is answered as missing.
async fn visible(state: &AppState, agent: &Agent, id: i64) -> ApiResult<CannedReply> {
    let reply = state.store.canned_reply(id).await?;
    match reply.owner_id {
        Some(owner) if owner != agent.0.id => Err(ApiError::not_found(format!(
            "canned reply {id} does not exist"
        ))),
        _ => Ok(reply),
    }
}

/// Which replies to list.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CannedScope {
    /// The shared ones and the agent's own.
    All,
    Shared,
    Personal,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Text in the shortcut, title or body (at most 100 characters).
    #[param(max_length = 100)]
    q: Option<String>,
    /// `all` (default), `shared` or `personal`.
    #[param(inline)]
    scope: Option<CannedScope>,
    #[param(inline)]
    language: Option<ReplyLanguage>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CannedReplyList {
    /// Most used first.
    items: Vec<CannedReplyView>,
}

/// The shared canned replies and your own, most used first.
#[utoipa::path(get, path = "/api/v1/canned-replies", params(ListQuery),
    responses((status = 200, body = CannedReplyList), (status = 400), (status = 422)))]
async fn list(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<CannedReplyList>> {
    if q.q.as_ref().is_some_and(|q| q.chars().count() > MAX_Q) {
        return Err(ApiError::validation(format!(
            "q is at most {MAX_Q} characters"
        )));
    }
    if q.q
        .as_ref()
        .is_some_and(|q| q.chars().any(char::is_control))
    {
        return Err(ApiError::validation("q may not hold control characters"));
    }
    let filter = CannedFilter {
        user_id: Some(agent.0.id),
        personal: match q.scope.unwrap_or(CannedScope::All) {
            CannedScope::All => None,
            CannedScope::Shared => Some(false),
            CannedScope::Personal => Some(true),
        },
        q: q.q,
        language: q.language,
        limit: MAX_LIST,
    };
    let items = state
        .store
        .canned_replies(&filter)
        .await?
        .into_iter()
        .map(|r| view(r, &agent))
        .collect();
    Ok(Json(CannedReplyList { items }))
}

/// A canned reply as an editor writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CannedBody {
    /// 1–32 characters, no spaces and no `/` (`退款`, `thanks`).
    #[schema(min_length = 1, max_length = 32, pattern = "^[^\\s/]+$")]
    shortcut: String,
    /// 1–100 characters, not all spaces.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    title: String,
    /// 1–2,000 characters, not all spaces; variables among `{buyer_name}`,
    /// `{order_no}`, `{product}` and `{agent_name}`.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    body: String,
    #[serde(default)]
    language: ReplyLanguage,
    /// Shared with everyone (supervisors and admins only); default: your own.
    /// Ignored on change: a reply stays where it was made.
    #[serde(default)]
    shared: bool,
}

fn draft(body: CannedBody) -> Result<CannedDraft, ApiError> {
    let shortcut = body.shortcut.trim().to_owned();
    let n = shortcut.chars().count();
    if n == 0
        || n > MAX_SHORTCUT
        || shortcut
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c.is_control())
    {
        return Err(ApiError::validation(format!(
            "shortcut {shortcut:?} must be 1–{MAX_SHORTCUT} characters without spaces or /"
        )));
    }
    let title = body.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(ApiError::validation(format!(
            "title must be 1–{MAX_TITLE} characters"
        )));
    }
    let text = body.body.trim().to_owned();
    if text.is_empty() || text.chars().count() > MAX_BODY {
        return Err(ApiError::validation(format!(
            "body must be 1–{MAX_BODY} characters"
        )));
    }
    if let Some(unknown) = variables(&text).find(|v| !CANNED_VARIABLES.contains(v)) {
        return Err(ApiError::validation(format!(
            "body uses {{{unknown}}}; the variables are {}",
            CANNED_VARIABLES
                .iter()
                .map(|v| format!("{{{v}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(CannedDraft {
        shortcut,
        title,
        body: text,
        language: body.language,
    })
}

/// The `{name}` variables of a text (names of ASCII letters, digits and `_`).
fn variables(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split_once('}')?.0;
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then_some(name)
    })
}

/// Add a canned reply: your own, or shared (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/canned-replies", request_body = CannedBody,
    responses((status = 201, body = CannedReplyView), (status = 403), (status = 409), (status = 422)))]
async fn create(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<CannedBody>,
) -> ApiResult<(StatusCode, Json<CannedReplyView>)> {
    let shared = req.shared;
    if shared {
        agent.require(Role::Supervisor)?;
    }
    let draft = draft(req)?;
    let owner = (!shared).then_some(agent.0.id);
    let reply = state
        .store
        .create_canned_reply(owner, &draft, state.now())
        .await?;
    tracing::info!(canned.id = reply.id, shared, "canned reply added");
    Ok((StatusCode::CREATED, Json(view(reply, &agent))))
}

/// Change a canned reply (your own; shared ones: supervisors and admins).
#[utoipa::path(put, path = "/api/v1/canned-replies/{id}", request_body = CannedBody,
    params(("id" = i64, Path, description = "canned reply id")),
    responses((status = 200, body = CannedReplyView), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn update(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<CannedBody>,
) -> ApiResult<Json<CannedReplyView>> {
    let reply = visible(&state, &agent, id).await?;
    if !may_edit(&reply, &agent) {
        agent.require(Role::Supervisor)?;
    }
    let draft = draft(req)?;
    let reply = state
        .store
        .update_canned_reply(id, &draft, state.now())
        .await?;
    Ok(Json(view(reply, &agent)))
}

/// Delete a canned reply (your own; shared ones: supervisors and admins).
/// Its counted uses stay in the reports.
#[utoipa::path(delete, path = "/api/v1/canned-replies/{id}",
    params(("id" = i64, Path, description = "canned reply id")),
    responses((status = 204), (status = 403), (status = 404)))]
async fn remove(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let reply = visible(&state, &agent, id).await?;
    if !may_edit(&reply, &agent) {
        agent.require(Role::Supervisor)?;
    }
    state.store.delete_canned_reply(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UseBody {
    /// The conversation it is inserted into: its variables are filled from
    /// it (the buyer's name, the order they talk about and its product).
    conversation_id: Option<i64>,
}

/// A canned reply ready to send.
#[derive(Debug, Serialize, ToSchema)]
pub struct FilledReply {
    /// The body with its variables filled; a variable with no value stays
    /// as written (`{order_no}`) for the agent to complete.
    text: String,
    /// The reply, with this use counted.
    reply: CannedReplyView,
}

/// Insert a canned reply: its text with the variables filled, and the use
/// counted.
#[utoipa::path(post, path = "/api/v1/canned-replies/{id}/use", request_body = UseBody,
    params(("id" = i64, Path, description = "canned reply id")),
    responses((status = 200, body = FilledReply), (status = 404)))]
async fn use_reply(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<UseBody>,
) -> ApiResult<Json<FilledReply>> {
    visible(&state, &agent, id).await?;
    let mut values: Vec<(&str, String)> = vec![("agent_name", agent.0.display_name.clone())];
    if let Some(conversation_id) = req.conversation_id {
        let conversation = state.store.conversation(conversation_id).await?;
        values.push(("buyer_name", conversation.contact_name.clone()));
        if let Some((order_no, product)) = orders::latest_order(&state, conversation_id).await? {
            values.push(("order_no", order_no));
            values.push(("product", product));
        }
    }
    let reply = state
        .store
        .use_canned_reply(id, agent.0.id, req.conversation_id, state.now())
        .await?;
    let text = fill(&reply.body, &values);
    Ok(Json(FilledReply {
        text,
        reply: view(reply, &agent),
    }))
}

/// `body` with each `{name}` of `values` replaced, in one pass (a value is
/// never read for variables); others stay.
fn fill(body: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_the_names_in_braces() {
        let found: Vec<&str> =
            variables("您好 {buyer_name}，订单 {order_no} {x y} {} {a}").collect();
        assert_eq!(found, ["buyer_name", "order_no", "a"]);
    }

    #[test]
    fn filling_replaces_known_values_and_keeps_the_rest() {
        let values = [
            ("buyer_name", "张三".to_owned()),
            ("agent_name", "小王".to_owned()),
        ];
        assert_eq!(
            fill(
                "{buyer_name}您好，我是{agent_name}，订单{order_no}",
                &values
            ),
            "张三您好，我是小王，订单{order_no}"
        );
        let tricky = [
            ("buyer_name", "{agent_name}".to_owned()),
            ("agent_name", "小王".to_owned()),
        ];
        assert_eq!(
            fill("{buyer_name}/{agent_name}", &tricky),
            "{agent_name}/小王"
        );
    }
}
