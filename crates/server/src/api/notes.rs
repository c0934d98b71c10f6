//! Internal notes over HTTP: agents read and write notes in a
//! conversation's thread. A note goes to the agents' sockets only (as a
//! `note` event); `@name` (a colleague's user name or display name) puts
//! them in `mentions`, and their console tells them. Notes are never
//! messages, so no buyer answer or frame can carry one.
//!
//! A transfer (to a team or an agent) is written into the thread as a note
//! too: the receiver finds why next to the bot's summary.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use kadesk_desk::{lifecycle, routing};
use kadesk_domain::limits::MAX_TEXT_CHARS;
use kadesk_domain::{Conversation, Event, Note, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::AppState;

/// Most notes answered for one conversation (the newest).
const MAX_NOTES: i64 = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations/{id}/notes", get(list).post(create))
        .route("/conversations/{id}/transfer", post(transfer))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteList {
    /// Oldest first.
    items: Vec<Note>,
}

/// A conversation's internal notes (agents only).
#[utoipa::path(get, path = "/api/v1/conversations/{id}/notes",
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 200, body = NoteList), (status = 404)))]
async fn list(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<NoteList>> {
    state.store.conversation(id).await?;
    Ok(Json(NoteList {
        items: state.store.notes(id, MAX_NOTES).await?,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// 1–4,000 characters, not all spaces; `@name` mentions a colleague.
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    text: String,
}

/// Write an internal note: seen by agents only; colleagues named with
/// `@name` are told.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/notes", request_body = NewNote,
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 201, body = Note), (status = 404), (status = 422)))]
async fn create(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<NewNote>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    let text = req.text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::validation(format!(
            "a note is 1–{MAX_TEXT_CHARS} characters"
        )));
    }
    let users = state.store.users().await?;
    let mentions = mentioned(text, &users, agent.0.id);
    let note = add(&state, &agent, id, text, &mentions).await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// Stores a note and tells the agents' sockets.
async fn add(
    state: &AppState,
    agent: &Agent,
    id: i64,
    text: &str,
    mentions: &[i64],
) -> ApiResult<Note> {
    let note = state
        .store
        .add_note(id, agent.0.id, text, mentions, state.now())
        .await?;
    tracing::info!(
        conversation.id = id,
        note.id = note.id,
        mentions = mentions.len(),
        "note added"
    );
    state.hub.publish(Event::Note { note: note.clone() });
    Ok(note)
}

/// Where to transfer a conversation: a team or an agent, with a note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// The team whose line it joins (unassigned, waiting for the team's
    /// next free agent). Give this or `user_id`.
    team_id: Option<i64>,
    /// The agent it is assigned to. Give this or `team_id`.
    user_id: Option<i64>,
    /// Why, for the receiver (at most 3,000 characters); written into the
    /// thread as an internal note.
    #[schema(max_length = 3000)]
    note: Option<String>,
}

/// The transferred conversation and the note written about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Transferred {
    conversation: Conversation,
    note: Note,
}

/// Most characters of a transfer's own note.
const MAX_TRANSFER_NOTE: usize = 3000;

/// Transfer a waiting or assigned conversation to a team or an agent, with
/// a note the receiver sees in the thread (an agent receiver is mentioned).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/transfer", request_body = TransferRequest,
    params(("id" = i64, Path, description = "conversation id")),
    responses((status = 200, body = Transferred), (status = 404), (status = 422)))]
async fn transfer(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<TransferRequest>,
) -> ApiResult<Json<Transferred>> {
    let why = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if why.is_some_and(|n| n.chars().count() > MAX_TRANSFER_NOTE) {
        return Err(ApiError::validation(format!(
            "note is at most {MAX_TRANSFER_NOTE} characters"
        )));
    }
    let (to, mentions, conversation) = match (req.team_id, req.user_id) {
        (Some(team_id), None) => {
            let team = state.store.team(team_id).await.map_err(|_| {
                ApiError::validation(format!(
                    "team {team_id} does not exist; pick one from /api/v1/teams"
                ))
            })?;
            let conversation = routing::transfer_to_team(&state, agent.0.id, id, team_id).await?;
            (format!("「{}」组", team.name), Vec::new(), conversation)
        }
        (None, Some(user_id)) => {
            let user = state
                .store
                .user(user_id)
                .await
                .ok()
                .filter(|u| !u.disabled)
                .ok_or_else(|| {
                    ApiError::validation(format!(
                        "user {user_id} does not exist or is disabled; pick an agent from /api/v1/users"
                    ))
                })?;
            let before = state.store.conversation(id).await?;
            if !matches!(
                before.status,
                kadesk_domain::ConversationStatus::Queued
                    | kadesk_domain::ConversationStatus::Assigned
            ) {
                return Err(ApiError::validation(format!(
                    "conversation {id} is {}; only a waiting or assigned conversation is transferred",
                    before.status
                )));
            }
            let conversation = lifecycle::assign(&state, agent.0.id, id, Some(user_id)).await?;
            let mentions = if user_id == agent.0.id {
                Vec::new()
            } else {
                vec![user_id]
            };
            (user.display_name, mentions, conversation)
        }
        _ => {
            return Err(ApiError::validation(
                "give exactly one of team_id and user_id",
            ))
        }
    };
    let text = match why {
        Some(why) => format!("转接给 {to}：{why}"),
        None => format!("转接给 {to}"),
    };
    let note = add(&state, &agent, id, &text, &mentions).await?;
    Ok(Json(Transferred { conversation, note }))
}

/// The enabled colleagues (not the author) that `text` names as `@username`
/// or `@display name`: the `@` not inside a word (an e-mail address) and
/// the name not continued by another letter.
fn mentioned(text: &str, users: &[User], author: i64) -> Vec<i64> {
    let names = |u: &User| [u.username.clone(), u.display_name.clone()];
    users
        .iter()
        .filter(|u| u.id != author && !u.disabled)
        .filter(|u| {
            names(u).iter().any(|name| {
                !name.is_empty()
                    && text.match_indices(&format!("@{name}")).any(|(at, m)| {
                        let before = text[..at].chars().next_back();
                        let after = text[at + m.len()..].chars().next();
                        before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                            && after.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    })
            })
        })
        .map(|u| u.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kadesk_domain::Role;

    fn user(id: i64, username: &str, display: &str, disabled: bool) -> User {
        User {
            id,
            username: username.into(),
            display_name: display.into(),
            role: Role::Agent,
            created_at: 0,
            disabled,
        }
    }

    #[test]
    fn mentions_are_colleagues_named_with_an_at() {
        let users = [
            user(1, "xiaowang", "小王", false),
            user(2, "xiaoli", "小李", false),
            user(3, "li", "老李", false),
            user(4, "gone", "离职", true),
        ];
        let cases: &[(&str, &[i64])] = &[
            ("@小李 帮忙看下这个退款", &[2]),
            ("请 @xiaoli，看一下", &[2]),
            ("@li 和 @小李 都看看", &[2, 3]),
            ("@xiaolix 不是人名", &[]),
            ("@gone 离职的人不提醒", &[]),
            ("写给 @小王 自己", &[]),
            ("邮箱 a@xiaoli.com", &[]),
            ("请@小李处理", &[]),
            ("请@小李，处理", &[2]),
            ("没有提到谁", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(mentioned(text, &users, 1), *want, "{text}");
        }
    }
}
