//! The bot for people who configure it: `POST /api/v1/bot/simulate` runs a
//! whole conversation through the policy without storing anything. Orders
//! are read from the shop (read-only); every proof counts as matching, and
//! card keys are never re-delivered.

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use kadesk_bot::{Action, Context, Event as BotEvent, Input, OrderFacts, TurnReport};
use kadesk_domain::{now_millis, Role};
use kadesk_nlu::EntityKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json};
use crate::AppState;
use kadesk_desk::bot::order_facts;

/// Most lines in one simulation.
const MAX_MESSAGES: usize = 50;
/// Longest line, in characters.
const MAX_CHARS: usize = 2000;

pub fn router() -> Router<AppState> {
    Router::new().route("/bot/simulate", post(simulate))
}

/// Who the simulated buyer is (all optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SimContact {
    /// A known contact's name (greetings use it).
    name: Option<String>,
    /// `zh` (default) or `en`.
    language: Option<String>,
    /// Carries the VIP tag.
    vip: bool,
    /// Spent in the shop so far.
    lifetime_spend: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// Buyer lines, in order. `/button PAYLOAD`, `/screenshot {json}`,
    /// `/handback` and `/rate N` stand for what is not typed.
    messages: Vec<String>,
    #[serde(default)]
    contact: Option<SimContact>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SimulateResponse {
    /// One per line, the buyer's proofs in `verify_and_redeliver` shown as `***`.
    #[schema(value_type = Vec<kadesk_bot::TurnReport>)]
    turns: Vec<serde_json::Value>,
}

/// Orders the simulation may verify, fetched before it runs.
#[derive(Default)]
struct Facts {
    orders: HashMap<String, OrderFacts>,
    trades: HashMap<String, OrderFacts>,
}

/// Runs a conversation through the bot without storing it.
#[utoipa::path(post, path = "/api/v1/bot/simulate", request_body = SimulateRequest,
    responses((status = 200, body = SimulateResponse), (status = 403), (status = 422)))]
async fn simulate(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<SimulateRequest>,
) -> ApiResult<Json<SimulateResponse>> {
    agent.require(Role::Supervisor)?;
    if req.messages.is_empty() || req.messages.len() > MAX_MESSAGES {
        return Err(ApiError::validation(format!(
            "give 1 to {MAX_MESSAGES} messages, got {}",
            req.messages.len()
        )));
    }
    if let Some(long) = req.messages.iter().find(|m| m.chars().count() > MAX_CHARS) {
        return Err(ApiError::validation(format!(
            "a message has {} characters; the limit is {MAX_CHARS}",
            long.chars().count()
        )));
    }
    let names: Vec<String> = state
        .store
        .products()
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let nlu = state.nlu.model(|| names).await?;
    let contact = req.contact.unwrap_or_default();

    // Look up, read-only, every order the lines could lead to.
    let mut facts = Facts::default();
    for line in &req.messages {
        let (order_nos, trade_nos) = match Input::from_line(line) {
            Input::Text(text) => {
                let parse = nlu.parse(&text, None);
                (
                    parse
                        .values(EntityKind::OrderNo)
                        .map(str::to_owned)
                        .collect(),
                    parse
                        .values(EntityKind::TradeNo)
                        .map(str::to_owned)
                        .collect(),
                )
            }
            Input::Button(payload) => (
                payload
                    .strip_prefix("order:")
                    .filter(|n| *n != "other")
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
                Vec::new(),
            ),
            Input::Screenshot(shot) => (
                shot.order_no.into_iter().collect(),
                shot.trade_no.into_iter().collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        for no in order_nos {
            if let Ok(Some(order)) = state.shop.find_order(&no).await {
                facts.orders.insert(no, order_facts(&state, &order));
            }
        }
        for no in trade_nos {
            if let Ok(Some(order)) = state.shop.find_order_by_trade_no(&no).await {
                facts.trades.insert(no, order_facts(&state, &order));
            }
        }
    }
    let lang = kadesk_desk::bot::bot_lang(kadesk_domain::Lang::from_tag(
        contact.language.as_deref().unwrap_or_default(),
    ));
    let config = state.bot_config();
    let ctx = Context {
        language: Some(lang),
        contact_name: contact.name.clone(),
        vip: contact.vip,
        lifetime_spend: contact.lifetime_spend,
        business_hours_open: true,
        now_ms: now_millis(),
        seed: 0,
        ..Context::default()
    };
    let knowledge = state.knowledge.index(&state.store).await?;
    let answer = |action: &Action| -> Option<BotEvent> {
        match action {
            // Never checks a proof and never shows a key: the simulation
            // assumes the proof matched (one key sent again when asked for a
            // delivered order); an unknown number fails as it would live.
            Action::VerifyOrder {
                order_no,
                by_trade_no,
                redeliver,
                ..
            } => {
                let found = if *by_trade_no {
                    facts.trades.get(order_no)
                } else {
                    facts.orders.get(order_no)
                };
                Some(match found {
                    Some(f) => BotEvent::Verified {
                        order: f.clone(),
                        keys: usize::from(
                            *redeliver && f.diagnosis == kadesk_bot::Diagnosis::Delivered,
                        ),
                    },
                    None => BotEvent::VerificationFailed {
                        order_no: order_no.clone(),
                        locked: false,
                    },
                })
            }
            Action::SearchKnowledge { query } => {
                Some(kadesk_desk::knowledge::bot_answer(&knowledge, query, lang))
            }
            _ => None,
        }
    };
    let turns = kadesk_bot::simulate(
        &req.messages,
        &nlu,
        &ctx,
        &config,
        &state.bot.templates(),
        &answer,
    );
    let turns = turns.iter().map(redacted).collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(SimulateResponse { turns }))
}

/// A turn as JSON with the buyer's proofs hidden.
fn redacted(turn: &TurnReport) -> ApiResult<serde_json::Value> {
    let mut value = serde_json::to_value(turn).map_err(ApiError::internal)?;
    if let Some(actions) = value["actions"].as_array_mut() {
        for action in actions {
            if action.get("proof").is_some() {
                action["proof"] = serde_json::json!("***");
            }
        }
    }
    Ok(value)
}
