//! Running a support team over HTTP: agents' capacity, skills and teams
//! (admins), an agent's own status, the queue and the floor (supervisors),
//! teams and routing rules (admins edit, supervisors read). The decisions
//! are `kadesk_desk::routing`'s; this module only adapts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, put};
use axum::Router;
use kadesk_domain::{AgentStatus, Channel, Millis, Priority, Role, SlaTarget};
use kadesk_routing::Rule;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;
use kadesk_desk::routing;
use kadesk_desk::schedule::{self, Schedule, ScheduleSpec};

/// Most skills on one agent, and the longest skill name in characters.
const MAX_SKILLS: usize = 32;
const MAX_SKILL_CHARS: usize = 40;
/// Highest capacity accepted.
const MAX_CAPACITY: u32 = 100;
/// Most routing rules.
const MAX_RULES: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{id}", patch(update_agent))
        .route("/me/status", put(set_status).get(my_status))
        .route("/queue", get(queue))
        .route("/floor", get(floor))
        .route("/teams", get(teams).post(create_team))
        .route("/teams/{id}", put(update_team).delete(delete_team))
        .route("/routing-rules", get(rules).post(create_rule))
        .route("/routing-rules/{id}", put(update_rule).delete(delete_rule))
}

/// An agent's routing profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgentProfile {
    id: i64,
    display_name: String,
    /// `online`, `away` or `offline` (no console open).
    status: AgentStatus,
    /// Conversations they may hold at once.
    capacity: u32,
    /// Conversations assigned to them now.
    open: u32,
    skills: Vec<String>,
    /// Ids of their teams.
    teams: Vec<i64>,
}

impl From<routing::FloorAgent> for AgentProfile {
    fn from(a: routing::FloorAgent) -> AgentProfile {
        AgentProfile {
            id: a.load.id,
            display_name: a.load.display_name,
            status: a.status,
            capacity: a.load.capacity,
            open: a.load.open,
            skills: a.load.skills,
            teams: a.load.teams,
        }
    }
}

async fn profile(state: &AppState, id: i64) -> ApiResult<AgentProfile> {
    routing::floor(state)
        .await?
        .into_iter()
        .find(|a| a.load.id == id)
        .map(AgentProfile::from)
        .ok_or_else(|| ApiError::not_found(format!("user {id} does not exist or is disabled")))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentPatch {
    /// Conversations the agent may hold at once (0–100).
    #[schema(minimum = 0, maximum = 100)]
    capacity: Option<u32>,
    /// Skills (languages, product categories, channels), at most 32 of 1–40 characters.
    #[schema(max_items = 32)]
    skills: Option<Vec<String>>,
    /// Ids of the agent's teams (replaces them).
    #[schema(max_items = 50)]
    teams: Option<Vec<i64>>,
}

/// Set an agent's capacity, skills and teams (admins only).
#[utoipa::path(patch, path = "/api/v1/users/{id}", request_body = AgentPatch,
    params(("id" = i64, Path, description = "user id")),
    responses((status = 200, body = AgentProfile), (status = 403), (status = 404), (status = 422)))]
async fn update_agent(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<AgentPatch>,
) -> ApiResult<Json<AgentProfile>> {
    agent.require(Role::Admin)?;
    if let Some(capacity) = req.capacity {
        if capacity > MAX_CAPACITY {
            return Err(ApiError::validation(format!(
                "capacity is {capacity}; give 0 to {MAX_CAPACITY}"
            )));
        }
    }
    let skills = req.skills.map(clean_skills).transpose()?;
    if req.teams.as_ref().is_some_and(|t| t.len() > 50) {
        return Err(ApiError::validation("an agent is in at most 50 teams"));
    }
    state
        .store
        .set_agent_profile(id, req.capacity, skills.as_deref(), req.teams.as_deref())
        .await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "agent_profile_changed",
            &format!("user:{id}"),
            json!({"capacity": req.capacity, "skills": skills, "teams": req.teams}),
        )
        .await?;
    state.routing.kick();
    Ok(Json(profile(&state, id).await?))
}

fn clean_skills(skills: Vec<String>) -> Result<Vec<String>, ApiError> {
    if skills.len() > MAX_SKILLS {
        return Err(ApiError::validation(format!(
            "an agent has at most {MAX_SKILLS} skills"
        )));
    }
    let mut out: Vec<String> = Vec::with_capacity(skills.len());
    for skill in skills {
        let skill = skill.trim().to_owned();
        let n = skill.chars().count();
        if n == 0 || n > MAX_SKILL_CHARS {
            return Err(ApiError::validation(format!(
                "a skill is 1–{MAX_SKILL_CHARS} characters"
            )));
        }
        if !out.contains(&skill) {
            out.push(skill);
        }
    }
    Ok(out)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// `online` or `away` (`offline` is having no console open; it is
    /// refused here).
    status: AgentStatus,
}

/// Your own status now.
#[utoipa::path(get, path = "/api/v1/me/status",
    responses((status = 200, body = AgentProfile)))]
async fn my_status(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<AgentProfile>> {
    Ok(Json(profile(&state, agent.0.id).await?))
}

/// Choose to take new conversations (`online`) or not (`away`).
#[utoipa::path(put, path = "/api/v1/me/status", request_body = StatusBody,
    responses((status = 200, body = AgentProfile), (status = 422)))]
async fn set_status(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<StatusBody>,
) -> ApiResult<Json<AgentProfile>> {
    routing::set_status(&state, agent.0.id, req.status).await?;
    Ok(Json(profile(&state, agent.0.id).await?))
}

/// One waiting conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    conversation_id: i64,
    /// Place in its team's line (1 = next).
    position: u32,
    priority: Priority,
    /// Seconds since it joined the queue.
    waited_secs: u32,
    /// The wait its buyer is shown.
    estimated_wait_secs: u32,
    /// Its team's id; `null`: any agent.
    team_id: Option<i64>,
    /// Its team's name; `null`: any agent.
    team: Option<String>,
    /// Skills its agent needs.
    skills: Vec<String>,
    contact_name: String,
    channel: Channel,
    /// Routing assigns it (false: its team picks by hand).
    auto_assign: bool,
    /// When a person's first answer is due (`null`: no promise).
    first_response_due_at: Option<Millis>,
    /// Response-time promises it has missed in this wait.
    sla_breached: Vec<SlaTarget>,
    /// While its team is off (outside its hours): when it is back (Unix ms).
    opens_at: Option<Millis>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueList {
    /// In serving order: most urgent first, then longest waiting.
    items: Vec<QueueItem>,
}

/// Which part of the queue to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only this team's line.
    team: Option<i64>,
}

/// Waiting conversations in serving order: supervisors see every line,
/// agents the lines of their teams and the conversations any agent may
/// take.
#[utoipa::path(get, path = "/api/v1/queue", params(QueueQuery),
    responses((status = 200, body = QueueList), (status = 400), (status = 401)))]
async fn queue(
    State(state): State<AppState>,
    agent: Agent,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Json<QueueList>> {
    let teams = state.store.teams().await?;
    let mine: Option<Vec<i64>> = if agent.0.role >= Role::Supervisor {
        None
    } else {
        Some(
            teams
                .iter()
                .filter(|t| t.members.contains(&agent.0.id))
                .map(|t| t.id)
                .collect(),
        )
    };
    let sla: std::collections::HashMap<i64, kadesk_desk::sla::SlaState> =
        kadesk_desk::sla::board(&state)
            .await?
            .into_iter()
            .map(|s| (s.conversation_id, s))
            .collect();
    let items = routing::queue(&state)
        .await?
        .into_iter()
        .filter(|p| {
            let line = p.entry.team_id;
            let visible = match &mine {
                None => true,
                Some(mine) => line.is_none_or(|t| mine.contains(&t)),
            };
            visible && q.team.is_none_or(|t| line == Some(t))
        })
        .map(|p| {
            let promise = sla.get(&p.entry.id);
            QueueItem {
                conversation_id: p.entry.id,
                position: p.position,
                priority: p.entry.priority,
                waited_secs: p.waited_secs,
                estimated_wait_secs: p.estimated_wait_secs,
                team: p
                    .entry
                    .team_id
                    .and_then(|id| teams.iter().find(|t| t.id == id).map(|t| t.name.clone())),
                team_id: p.entry.team_id,
                skills: p.entry.skills,
                contact_name: p.entry.contact_name,
                channel: p.entry.channel,
                auto_assign: p.entry.auto_assign,
                first_response_due_at: promise.and_then(|s| s.first_response_due_at),
                sla_breached: promise.map(|s| s.breached.clone()).unwrap_or_default(),
                opens_at: p.opens_at,
            }
        })
        .collect();
    Ok(Json(QueueList { items }))
}

/// One team's line.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamLine {
    /// `null`: conversations any agent may take.
    team_id: Option<i64>,
    team: Option<String>,
    waiting: u32,
    /// Seconds the longest-waiting conversation has waited.
    longest_wait_secs: u32,
}

/// The whole floor at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct Floor {
    agents: Vec<AgentProfile>,
    lines: Vec<TeamLine>,
}

/// Every agent's status and load, and every team's line (supervisors).
#[utoipa::path(get, path = "/api/v1/floor",
    responses((status = 200, body = Floor), (status = 403)))]
async fn floor(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<Floor>> {
    agent.require(Role::Supervisor)?;
    let teams = state.store.teams().await?;
    let places = routing::queue(&state).await?;
    let mut lines: Vec<TeamLine> = Vec::new();
    for place in places {
        let team_id = place.entry.team_id;
        match lines.iter_mut().find(|l| l.team_id == team_id) {
            Some(line) => {
                line.waiting += 1;
                line.longest_wait_secs = line.longest_wait_secs.max(place.waited_secs);
            }
            None => lines.push(TeamLine {
                team_id,
                team: team_id
                    .and_then(|id| teams.iter().find(|t| t.id == id).map(|t| t.name.clone())),
                waiting: 1,
                longest_wait_secs: place.waited_secs,
            }),
        }
    }
    let agents = routing::floor(&state)
        .await?
        .into_iter()
        .map(AgentProfile::from)
        .collect();
    Ok(Json(Floor { agents, lines }))
}

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamView {
    id: i64,
    name: String,
    /// Routing assigns its queue; false: its agents pick by hand.
    auto_assign: bool,
    /// Member user ids.
    members: Vec<i64>,
    /// The team's own working hours; `null`: the desk's hours apply.
    hours: Option<ScheduleSpec>,
}

impl From<kadesk_store::Team> for TeamView {
    fn from(t: kadesk_store::Team) -> TeamView {
        TeamView {
            id: t.id,
            name: t.name,
            auto_assign: t.auto_assign,
            members: t.members,
            hours: t
                .hours
                .as_deref()
                .and_then(|json| schedule::read_stored(json).ok())
                .map(|(spec, _)| spec),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TeamList {
    items: Vec<TeamView>,
}

/// Every team (anyone signed in).
#[utoipa::path(get, path = "/api/v1/teams", responses((status = 200, body = TeamList)))]
async fn teams(State(state): State<AppState>, _agent: Agent) -> ApiResult<Json<TeamList>> {
    let items = state
        .store
        .teams()
        .await?
        .into_iter()
        .map(TeamView::from)
        .collect();
    Ok(Json(TeamList { items }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    /// 1–40 characters (`售后`, `充值`, `VIP专席`).
    #[schema(min_length = 1, max_length = 40, pattern = "\\S")]
    name: String,
    /// Routing assigns its queue (default true).
    #[serde(default = "yes")]
    auto_assign: bool,
    /// Member user ids (replaces them); absent: unchanged.
    #[schema(max_items = 500)]
    members: Option<Vec<i64>>,
    /// The team's own working hours (replaces them); `null`: the desk's
    /// hours apply; absent: unchanged.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<ScheduleSpec>)]
    hours: Option<Option<ScheduleSpec>>,
}

fn yes() -> bool {
    true
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The hours to store for a team: checked, as JSON (`None`: the desk's).
fn team_hours(hours: Option<&ScheduleSpec>) -> Result<Option<String>, ApiError> {
    let Some(spec) = hours else {
        return Ok(None);
    };
    Schedule::from_spec(spec).map_err(|e| ApiError::validation(format!("hours: {e}")))?;
    serde_json::to_string(spec)
        .map(Some)
        .map_err(|e| ApiError::validation(format!("hours: {e}")))
}

fn team_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 40 {
        return Err(ApiError::validation("a team name is 1–40 characters"));
    }
    Ok(name.to_owned())
}

async fn check_members(state: &AppState, members: &[i64]) -> ApiResult<()> {
    if members.len() > 500 {
        return Err(ApiError::validation("a team has at most 500 members"));
    }
    let users = state.store.users().await?;
    if let Some(missing) = members.iter().find(|m| !users.iter().any(|u| u.id == **m)) {
        return Err(ApiError::validation(format!(
            "user {missing} does not exist; pick members from /api/v1/users"
        )));
    }
    Ok(())
}

/// Add a team (admins only).
#[utoipa::path(post, path = "/api/v1/teams", request_body = TeamBody,
    responses((status = 201, body = TeamView), (status = 403), (status = 409), (status = 422)))]
async fn create_team(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<TeamBody>,
) -> ApiResult<(StatusCode, Json<TeamView>)> {
    agent.require(Role::Admin)?;
    let name = team_name(&req.name)?;
    if let Some(members) = &req.members {
        check_members(&state, members).await?;
    }
    let hours = team_hours(req.hours.flatten().as_ref())?;
    let mut team = state
        .store
        .create_team(&name, req.auto_assign, state.now())
        .await?;
    if let Some(members) = &req.members {
        team = state.store.set_team_members(team.id, members).await?;
    }
    if hours.is_some() {
        team = state
            .store
            .set_team_hours(team.id, hours.as_deref())
            .await?;
    }
    state
        .store
        .audit(
            Some(agent.0.id),
            "team_created",
            &format!("team:{}", team.id),
            json!({}),
        )
        .await?;
    state.routing.kick();
    Ok((StatusCode::CREATED, Json(team.into())))
}

/// Rename a team, switch its auto-assignment, replace its members or its
/// working hours (admins only).
#[utoipa::path(put, path = "/api/v1/teams/{id}", request_body = TeamBody,
    params(("id" = i64, Path, description = "team id")),
    responses((status = 200, body = TeamView), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn update_team(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<TeamBody>,
) -> ApiResult<Json<TeamView>> {
    agent.require(Role::Admin)?;
    let name = team_name(&req.name)?;
    if let Some(members) = &req.members {
        check_members(&state, members).await?;
    }
    let hours = req
        .hours
        .as_ref()
        .map(|h| team_hours(h.as_ref()))
        .transpose()?;
    let mut team = state.store.update_team(id, &name, req.auto_assign).await?;
    if let Some(members) = &req.members {
        team = state.store.set_team_members(id, members).await?;
    }
    if let Some(hours) = &hours {
        team = state.store.set_team_hours(id, hours.as_deref()).await?;
    }
    state
        .store
        .audit(
            Some(agent.0.id),
            "team_changed",
            &format!("team:{id}"),
            json!({}),
        )
        .await?;
    state.routing.kick();
    Ok(Json(team.into()))
}

/// Remove a team: its waiting conversations go to any agent (admins only).
#[utoipa::path(delete, path = "/api/v1/teams/{id}",
    params(("id" = i64, Path, description = "team id")),
    responses((status = 204), (status = 403), (status = 404)))]
async fn delete_team(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    agent.require(Role::Admin)?;
    state.store.delete_team(id).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "team_deleted",
            &format!("team:{id}"),
            json!({}),
        )
        .await?;
    state.routing.kick();
    Ok(StatusCode::NO_CONTENT)
}

/// A routing rule with its place.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleView {
    id: i64,
    /// Rules are tried by ascending position.
    position: i64,
    rule: Rule,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleList {
    /// In the order they are tried; the first enabled match decides.
    items: Vec<RuleView>,
}

/// The routing rules in order (supervisors).
#[utoipa::path(get, path = "/api/v1/routing-rules",
    responses((status = 200, body = RuleList), (status = 403)))]
async fn rules(State(state): State<AppState>, agent: Agent) -> ApiResult<Json<RuleList>> {
    agent.require(Role::Supervisor)?;
    let items = routing::rules(&state)
        .await?
        .into_iter()
        .map(|(stored, rule)| RuleView {
            id: stored.id,
            position: stored.position,
            rule,
        })
        .collect();
    Ok(Json(RuleList { items }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleBody {
    /// Where it goes (ascending); absent: last, or unchanged.
    position: Option<i64>,
    rule: Rule,
}

async fn check_rule(state: &AppState, rule: &Rule) -> ApiResult<String> {
    let n = rule.name.trim().chars().count();
    if n == 0 || n > 80 {
        return Err(ApiError::validation("a rule name is 1–80 characters"));
    }
    let w = &rule.when;
    let lists = [
        &w.intents,
        &w.products,
        &w.languages,
        &w.reasons,
        &w.tags,
        &rule.skills,
    ];
    if lists
        .iter()
        .any(|l| l.len() > 50 || l.iter().any(|v| v.chars().count() > 80))
    {
        return Err(ApiError::validation(
            "a rule lists at most 50 values of at most 80 characters each",
        ));
    }
    if let Some(team) = rule.team_id {
        if state.store.team(team).await.is_err() {
            return Err(ApiError::validation(format!(
                "team {team} does not exist; create it with POST /api/v1/teams"
            )));
        }
    }
    serde_json::to_string(rule).map_err(|e| ApiError::validation(format!("rule: {e}")))
}

/// Add a routing rule (admins only).
#[utoipa::path(post, path = "/api/v1/routing-rules", request_body = RuleBody,
    responses((status = 201, body = RuleView), (status = 403), (status = 422)))]
async fn create_rule(
    State(state): State<AppState>,
    agent: Agent,
    Json(req): Json<RuleBody>,
) -> ApiResult<(StatusCode, Json<RuleView>)> {
    agent.require(Role::Admin)?;
    let body = check_rule(&state, &req.rule).await?;
    if state.store.routing_rules().await?.len() >= MAX_RULES {
        return Err(ApiError::validation(format!(
            "there are {MAX_RULES} rules already; remove one first"
        )));
    }
    let stored = state
        .store
        .create_rule(&body, req.position, state.now())
        .await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "routing_rule_created",
            &format!("routing_rule:{}", stored.id),
            json!({}),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(RuleView {
            id: stored.id,
            position: stored.position,
            rule: req.rule,
        }),
    ))
}

/// Replace a routing rule (admins only).
#[utoipa::path(put, path = "/api/v1/routing-rules/{id}", request_body = RuleBody,
    params(("id" = i64, Path, description = "rule id")),
    responses((status = 200, body = RuleView), (status = 403), (status = 404), (status = 422)))]
async fn update_rule(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(req): Json<RuleBody>,
) -> ApiResult<Json<RuleView>> {
    agent.require(Role::Admin)?;
    let body = check_rule(&state, &req.rule).await?;
    let stored = state
        .store
        .update_rule(id, &body, req.position, state.now())
        .await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "routing_rule_changed",
            &format!("routing_rule:{id}"),
            json!({}),
        )
        .await?;
    Ok(Json(RuleView {
        id: stored.id,
        position: stored.position,
        rule: req.rule,
    }))
}

/// Remove a routing rule (admins only).
#[utoipa::path(delete, path = "/api/v1/routing-rules/{id}",
    params(("id" = i64, Path, description = "rule id")),
    responses((status = 204), (status = 403), (status = 404)))]
async fn delete_rule(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    agent.require(Role::Admin)?;
    state.store.delete_rule(id).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "routing_rule_deleted",
            &format!("routing_rule:{id}"),
            json!({}),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
