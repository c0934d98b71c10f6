//! Response-time promises over HTTP: every open conversation's due times,
//! for the console's countdowns. The promises and their escalation are
//! `kadesk_desk::sla`'s; this module only adapts.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use kadesk_domain::{Millis, Priority, SlaTarget};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiResult, Json};
use crate::AppState;
use kadesk_desk::sla;

pub fn router() -> Router<AppState> {
    Router::new().route("/sla", get(board))
}

/// One open conversation's promises.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaView {
    pub conversation_id: i64,
    pub priority: Priority,
    /// When it began waiting for a person (Unix ms).
    pub started_at: Millis,
    /// When a person's first answer is due; `null` once answered.
    pub first_response_due_at: Option<Millis>,
    /// When resolving it is due; `null`: no promise at this priority.
    pub resolution_due_at: Option<Millis>,
    /// Promises already missed in this wait.
    pub breached: Vec<SlaTarget>,
}

impl From<sla::SlaState> for SlaView {
    fn from(s: sla::SlaState) -> SlaView {
        SlaView {
            conversation_id: s.conversation_id,
            priority: s.priority,
            started_at: s.started_at,
            first_response_due_at: s.first_response_due_at,
            resolution_due_at: s.resolution_due_at,
            breached: s.breached,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SlaBoard {
    /// Every conversation waiting for or held by a person (empty when
    /// promises are off), by id.
    items: Vec<SlaView>,
    /// The server's clock now, so countdowns agree with it (Unix ms).
    now: Millis,
}

/// Every open conversation's response-time promises (agents).
#[utoipa::path(get, path = "/api/v1/sla",
    responses((status = 200, body = SlaBoard), (status = 401)))]
async fn board(State(state): State<AppState>, _agent: Agent) -> ApiResult<Json<SlaBoard>> {
    let items = sla::board(&state)
        .await?
        .into_iter()
        .map(SlaView::from)
        .collect();
    Ok(Json(SlaBoard {
        items,
        now: state.desk.now(),
    }))
}
