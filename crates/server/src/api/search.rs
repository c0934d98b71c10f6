//! Search for agents, from the console's top bar: conversations by the
//! buyer's name, e-mail or phone, by any text in their messages (an order
//! number, a phrase), or by number. The store does the work on trigram
//! indexes; this module only reads the query and answers.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use kadesk_domain::Conversation;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Query};
use crate::AppState;

/// Longest query, in characters.
const MAX_QUERY_CHARS: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What to look for: part of a name, e-mail, phone or message (3
    /// characters or more; shorter looks at names only), or `#42`.
    #[param(min_length = 1, max_length = 100)]
    q: String,
    /// Most conversations, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationSearch {
    items: Vec<ConversationHit>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationHit {
    conversation: Conversation,
    /// Where it matched: `id`, `email`, `phone`, `name` or `text`.
    #[schema(example = "text")]
    matched: String,
    /// For `text`: the matching message.
    snippet: Option<String>,
}

/// Conversations matching a query: its number, the buyer's e-mail, phone or
/// name, then message text (newest first).
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = ConversationSearch), (status = 400), (status = 401)))]
async fn search(
    State(state): State<AppState>,
    _agent: Agent,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<ConversationSearch>> {
    let query = q.q.trim();
    if query.is_empty() {
        return Err(ApiError::bad_request("`q` must not be empty"));
    }
    if query.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "`q` must not contain control characters (NUL, tabs, line breaks …)",
        ));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!(
            "`q` has more than {MAX_QUERY_CHARS} characters"
        )));
    }
    let limit = match q.limit {
        None => 20,
        Some(n) if (1..=50).contains(&n) => n,
        Some(n) => {
            return Err(ApiError::bad_request(format!(
                "limit {n} is out of range; use 1 to 50"
            )))
        }
    };
    let hits = state.store.search_conversations(query, limit).await?;
    let mut items = Vec::with_capacity(hits.len());
    for hit in hits {
        let conversation = state.store.conversation(hit.conversation_id).await?;
        items.push(ConversationHit {
            conversation,
            matched: hit.field.as_str().to_owned(),
            snippet: hit.snippet.map(|s| s.chars().take(200).collect()),
        });
    }
    Ok(Json(ConversationSearch { items }))
}
