//! Routing a waiting conversation to an agent, and telling waiting buyers
//! where they stand.
//!
//! A **tick** ([`tick`]) does three things:
//! 1. conversations new in the queue (handed off, queued with the bot off,
//!    reopened, put back) get their team, priority and needed skills from the
//!    routing rules (`kadesk_routing::rules`) and start their wait;
//! 2. one atomic step ([`kadesk_store::Store::assign_from_queue`]) asks the
//!    pure `kadesk_routing::assign` who takes what, and stores it; each
//!    assigned buyer is told an agent joined;
//! 3. every waiting buyer's place and expected wait is worked out and sent to
//!    those whose place changed (`queue` in their conversation frame).
//!
//! Ticks run in one background task ([`start`]), woken by [`RoutingService::kick`]
//! (a handoff, a resolve, an agent coming online or changing status) and
//! every few seconds (idle agents going away); kicks while a tick runs
//! coalesce into one more. The task stops on shutdown.
//!
//! An agent's status is worked out, never stored whole: offline with no
//! console socket open, away when they chose it or were idle longer than
//! `auto_away_after`, online otherwise. Each change of it is recorded with
//! its time for the reports' online time ([`sync_status`], on connecting,
//! disconnecting, choosing a status and working again after idling; and
//! [`sync_statuses`] in the background task, which also catches idling).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use kadesk_domain::{AgentStatus, BuyerFrame, BuyerQueue, Millis, Priority};
use kadesk_routing::{Facts, HandlingRate, Rule};
use kadesk_store::{AgentLoad, QueueEntry, StoredRule, Unrouted};
use tokio::sync::Notify;

use crate::{Desk, DeskError, DeskResult};

/// How routing behaves; `kadesk.toml` `[routing]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingSettings {
    /// Whether ticks run at all (assignment and the buyers' queue places).
    pub enabled: bool,
    /// An online agent idle this long counts as away; `None`: never.
    pub auto_away_after: Option<Duration>,
    /// How often a tick runs without being kicked.
    pub tick_every: Duration,
    /// Expected seconds per place in line when a team resolved nothing in
    /// the last hour.
    pub fallback_wait_secs: u32,
    /// Response-time promises, checked with every tick.
    pub sla: crate::sla::SlaSettings,
}

impl Default for RoutingSettings {
    fn default() -> RoutingSettings {
        RoutingSettings {
            enabled: true,
            auto_away_after: Some(Duration::from_secs(15 * 60)),
            tick_every: Duration::from_secs(5),
            fallback_wait_secs: 120,
            sla: crate::sla::SlaSettings::default(),
        }
    }
}

/// The window the handling rate is measured over.
const RATE_WINDOW_SECS: u32 = 3600;
/// Most new queue entries routed by rules in one tick.
const ROUTE_BATCH: i64 = 500;

/// Routing's live state: the wake-up signal and agents' last activity.
#[derive(Debug, Default)]
pub struct RoutingService {
    /// Wakes the background task for a tick.
    kick: Notify,
    /// When each agent last did something at the console (idle → away).
    activity: Mutex<HashMap<i64, Millis>>,
    /// The status last recorded for each agent not offline; held while a
    /// change is stored, so changes are stored one at a time, in order.
    recorded: tokio::sync::Mutex<HashMap<i64, AgentStatus>>,
    /// What each agent chose in this process (online or away), as stored:
    /// the status sweep reads it here, as a SQLite read connection may
    /// still see the row as it was just before.
    chosen: Mutex<HashMap<i64, AgentStatus>>,
    /// The settings fixed at start-up.
    settings: RoutingSettings,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RoutingService {
    /// A service with `settings`.
    pub fn new(settings: RoutingSettings) -> RoutingService {
        RoutingService {
            settings,
            ..RoutingService::default()
        }
    }

    /// Asks for a tick soon (coalesced with others).
    pub fn kick(&self) {
        self.kick.notify_one();
    }

    /// Notes that agent `user_id` did something at `now`; whether they had
    /// been idle long enough to count as away until then (their status
    /// changes: see [`sync_status`]).
    pub fn touch(&self, user_id: i64, now: Millis) -> bool {
        let was_idle = self.idle(user_id, now);
        lock(&self.activity).insert(user_id, now);
        was_idle
    }

    /// The settings in use.
    pub fn settings(&self) -> &RoutingSettings {
        &self.settings
    }

    /// Whether the agent has been idle longer than the auto-away time.
    fn idle(&self, user_id: i64, now: Millis) -> bool {
        self.idle_since(user_id).is_some_and(|since| now > since)
    }

    /// When the agent's idling turns into away: their last activity plus
    /// the auto-away time (`None`: no auto-away, or no activity seen).
    fn idle_since(&self, user_id: i64) -> Option<Millis> {
        let after = self.settings.auto_away_after?;
        let after = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
        lock(&self.activity)
            .get(&user_id)
            .map(|last| last.saturating_add(after))
    }
}

/// An agent's status now (see the module doc).
pub fn status_of(desk: &Desk, agent: &AgentLoad, online: &[i64], now: Millis) -> AgentStatus {
    if online.binary_search(&agent.id).is_err() {
        AgentStatus::Offline
    } else if agent.chosen == AgentStatus::Away || desk.routing.idle(agent.id, now) {
        AgentStatus::Away
    } else {
        AgentStatus::Online
    }
}

/// The routing rules in order; a rule that no longer reads is skipped.
pub async fn rules(desk: &Desk) -> DeskResult<Vec<(StoredRule, Rule)>> {
    Ok(desk
        .store
        .routing_rules()
        .await?
        .into_iter()
        .filter_map(|stored| match serde_json::from_str::<Rule>(&stored.body) {
            Ok(rule) => Some((stored, rule)),
            Err(e) => {
                tracing::warn!(rule.id = stored.id, error = %e, "routing rule does not read; skipped");
                None
            }
        })
        .collect())
}

/// What rules read about a newly queued conversation.
fn facts(entry: &Unrouted) -> Facts {
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let products = entry.summary["orders"]
        .as_array()
        .map(|orders| {
            orders
                .iter()
                .filter_map(|o| o["product"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let vip = entry.tags.iter().any(|t| t.eq_ignore_ascii_case("vip"))
        || entry.reasons.iter().any(|r| r == "vip");
    Facts {
        intents: strings(&entry.summary["intents"]),
        products,
        language: entry.language.clone(),
        channel: Some(entry.channel),
        reasons: entry.reasons.clone(),
        priority: entry.priority,
        vip,
        tags: entry.tags.clone(),
    }
}

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// New queue entries routed by rules.
    pub routed: usize,
    /// `(conversation, agent)` pairs assigned.
    pub assigned: Vec<(i64, i64)>,
}

/// One routing tick (see the module doc).
pub async fn tick(desk: &Desk) -> DeskResult<TickReport> {
    let mut report = TickReport::default();
    let unrouted = desk.store.unrouted(ROUTE_BATCH).await?;
    if !unrouted.is_empty() {
        let rules: Vec<Rule> = rules(desk).await?.into_iter().map(|(_, r)| r).collect();
        let book = crate::schedule::load(desk).await?;
        for entry in &unrouted {
            let route = kadesk_routing::rules::route(&rules, &facts(entry));
            if desk
                .store
                .set_route(entry.id, route.team, route.priority, &route.skills)
                .await?
            {
                report.routed += 1;
                tracing::debug!(conversation.id = entry.id, team = ?route.team, rule = ?route.rule, "routed");
                if let Some(team) = route.team {
                    tell_if_team_off(desk, &book, entry.id, team).await?;
                }
            }
        }
    }
    let online = desk.hub.online_agents();
    let now = desk.now();
    let assigned = desk
        .store
        .assign_from_queue(now, |queue, agents| {
            let waiting: Vec<kadesk_routing::Waiting> = queue.iter().map(waiting).collect();
            let agents: Vec<kadesk_routing::Agent> = agents
                .iter()
                .map(|a| routing_agent(desk, a, &online, now))
                .collect();
            kadesk_routing::assign(&waiting, &agents, now)
                .into_iter()
                .map(|a| (a.conversation, a.agent))
                .collect()
        })
        .await?;
    for &(conversation, agent) in &assigned {
        tracing::info!(
            conversation.id = conversation,
            agent.id = agent,
            "routed to agent"
        );
        desk.store
            .audit(
                None,
                "conversation_assigned",
                &format!("conversation:{conversation}"),
                serde_json::json!({"to": agent, "by": "routing"}),
            )
            .await?;
        // The buyer hears "客服 X 已接入" when X first answers
        // ([`crate::chat::send`]); agents see the assignment now.
        let routed = desk.store.conversation(conversation).await?;
        desk.hub.conversation(&routed);
    }
    report.assigned = assigned;
    publish_places(desk).await?;
    Ok(report)
}

/// A buyer just routed to `team` while the team is off, though the desk is
/// at work (else the bot already said so), hears when the team is back and
/// that leaving their details keeps their place.
async fn tell_if_team_off(
    desk: &Desk,
    book: &crate::schedule::HoursBook,
    conversation: i64,
    team: i64,
) -> DeskResult<()> {
    let now = desk.now();
    let Some(hours) = book.own(team) else {
        return Ok(());
    };
    let desk_open = book.of(None).is_none_or(|h| h.is_open(now));
    if hours.is_open(now) || !desk_open {
        return Ok(());
    }
    let name = desk.store.team(team).await?.name;
    let notice = crate::wording::Notice::TeamOff {
        team: name,
        back_zh: hours.back_at(now, kadesk_domain::Lang::Zh),
        back_en: hours.back_at(now, kadesk_domain::Lang::En),
    };
    crate::outbox::post_system(desk, conversation, &notice).await
}

fn waiting(q: &QueueEntry) -> kadesk_routing::Waiting {
    kadesk_routing::Waiting {
        id: q.id,
        priority: q.priority,
        queued_at: q.queued_at,
        team: q.team_id,
        skills: q.skills.clone(),
    }
}

fn routing_agent(desk: &Desk, a: &AgentLoad, online: &[i64], now: Millis) -> kadesk_routing::Agent {
    kadesk_routing::Agent {
        id: a.id,
        status: status_of(desk, a, online, now),
        capacity: a.capacity,
        open: a.open,
        teams: a.teams.clone(),
        skills: a.skills.clone(),
        last_assigned_at: a.last_assigned_at,
    }
}

/// One waiting conversation, as supervisors see the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePlace {
    pub entry: QueueEntry,
    /// Its place in its team's line (1 = next).
    pub position: u32,
    /// Counted from `opens_at` while the team is off.
    pub estimated_wait_secs: u32,
    pub waited_secs: u32,
    /// While the team is off (outside its hours): when it is back.
    pub opens_at: Option<Millis>,
}

/// Every waiting conversation in serving order, with its place and the
/// expected wait from its team's handling rate.
pub async fn queue(desk: &Desk) -> DeskResult<Vec<QueuePlace>> {
    let entries = desk.store.queue_entries().await?;
    let now = desk.now();
    let book = crate::schedule::load(desk).await?;
    let waiting: Vec<kadesk_routing::Waiting> = entries.iter().map(waiting).collect();
    let resolved = desk
        .store
        .resolved_since(now - i64::from(RATE_WINDOW_SECS) * 1000)
        .await?;
    let fallback = desk.routing.settings.fallback_wait_secs;
    let by_id: HashMap<i64, &QueueEntry> = entries.iter().map(|e| (e.id, e)).collect();
    let mut out = Vec::with_capacity(entries.len());
    for (id, position) in kadesk_routing::positions(&waiting) {
        let Some(entry) = by_id.get(&id) else {
            continue;
        };
        let rate = HandlingRate {
            served: resolved.get(&entry.team_id).copied().unwrap_or(0),
            window_secs: RATE_WINDOW_SECS,
        };
        out.push(QueuePlace {
            position,
            estimated_wait_secs: kadesk_routing::estimate_wait_secs(position, rate, fallback),
            waited_secs: u32::try_from(now.saturating_sub(entry.queued_at).max(0) / 1000)
                .unwrap_or(u32::MAX),
            opens_at: book
                .of(entry.team_id)
                .filter(|hours| !hours.is_open(now))
                .map(|hours| hours.next_open(now)),
            entry: (*entry).clone(),
        });
    }
    Ok(out)
}

/// Works out every waiting buyer's place and tells those whose place
/// changed (on this node's sockets).
pub async fn publish_places(desk: &Desk) -> DeskResult<()> {
    let places: HashMap<i64, BuyerQueue> = queue(desk)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.entry.id,
                BuyerQueue {
                    position: p.position,
                    estimated_wait_secs: p.estimated_wait_secs,
                    opens_at: p.opens_at,
                },
            )
        })
        .collect();
    for id in desk.hub.set_queue(places) {
        let conversation = desk.store.conversation(id).await?;
        desk.hub.publish_to_buyers(
            id,
            BuyerFrame::Conversation {
                conversation: desk.hub.buyer_view(&conversation),
            },
        );
    }
    Ok(())
}

/// An agent on the floor, as supervisors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorAgent {
    pub load: AgentLoad,
    pub status: AgentStatus,
}

/// Every enabled user with their status and load.
pub async fn floor(desk: &Desk) -> DeskResult<Vec<FloorAgent>> {
    let online = desk.hub.online_agents();
    let now = desk.now();
    Ok(desk
        .store
        .agent_loads()
        .await?
        .into_iter()
        .map(|load| FloorAgent {
            status: status_of(desk, &load, &online, now),
            load,
        })
        .collect())
}

/// Agent `user_id` chooses to be online or away (offline is not a choice:
/// it is closing the console). Coming online drains the queue.
pub async fn set_status(desk: &Desk, user_id: i64, status: AgentStatus) -> DeskResult<()> {
    if status == AgentStatus::Offline {
        return Err(DeskError::validation(
            "status must be online or away; offline is having no console open",
        ));
    }
    desk.store.set_agent_status(user_id, status).await?;
    desk.routing.touch(user_id, desk.now());
    lock(&desk.routing.chosen).insert(user_id, status);
    sync_status(desk, user_id).await?;
    tracing::info!(user.id = user_id, status = status.as_str(), "agent status");
    desk.routing.kick();
    Ok(())
}

/// User `by` hands conversation `id` to team `team_id`: it waits again, in
/// that team's line, for the team's next free agent (routing rules are not
/// applied again). Only a waiting or assigned conversation is transferred.
pub async fn transfer_to_team(
    desk: &Desk,
    by: i64,
    id: i64,
    team_id: i64,
) -> DeskResult<kadesk_domain::Conversation> {
    let before = desk.store.conversation(id).await?;
    if !matches!(
        before.status,
        kadesk_domain::ConversationStatus::Queued | kadesk_domain::ConversationStatus::Assigned
    ) {
        return Err(DeskError::validation(format!(
            "conversation {id} is {}; only a waiting or assigned conversation is transferred",
            before.status
        )));
    }
    let conversation = desk.store.transfer_to_team(id, team_id, desk.now()).await?;
    desk.store
        .audit(
            Some(by),
            "conversation_transferred",
            &format!("conversation:{id}"),
            serde_json::json!({"from": before.assignee_id, "team": team_id}),
        )
        .await?;
    tracing::info!(conversation.id = id, team = team_id, "transferred to team");
    desk.routing.kick();
    desk.hub.conversation(&conversation);
    Ok(conversation)
}

/// Escalates every newly missed response-time promise
/// ([`crate::sla::check`]), with agents' statuses as routing works them out;
/// returns how many were escalated.
pub async fn check_promises(desk: &Desk) -> DeskResult<usize> {
    let online = desk.hub.online_agents();
    let now = desk.now();
    crate::sla::check(desk, |a| {
        status_of(desk, a, &online, now) == AgentStatus::Online
    })
    .await
}

/// Records agent `user_id`'s status now if it changed since last recorded
/// (for the reports' online time): after they connect or disconnect,
/// choose a status, or work again after idling.
pub async fn sync_status(desk: &Desk, user_id: i64) -> DeskResult<()> {
    sync(desk, Some(user_id)).await
}

/// Records every agent's status now where it changed (an idle agent turns
/// away at the moment their idling crossed the auto-away time), and marks
/// the stretches going on as still seen now.
pub async fn sync_statuses(desk: &Desk) -> DeskResult<()> {
    sync(desk, None).await?;
    desk.store.agent_status_seen(desk.now()).await?;
    Ok(())
}

/// Records the status now of agent `only` (every agent when `None`) where
/// it changed.
async fn sync(desk: &Desk, only: Option<i64>) -> DeskResult<()> {
    let mut recorded = desk.routing.recorded.lock().await;
    let mut loads = desk.store.agent_loads().await?;
    // Read after the loads: a status is dated no earlier than what it was
    // worked out from (a choice stored while they were read is not dated
    // before it was made).
    let online = desk.hub.online_agents();
    let now = desk.now();
    loads.retain(|a| only.is_none_or(|id| id == a.id));
    {
        let chosen = lock(&desk.routing.chosen);
        for a in &mut loads {
            if let Some(c) = chosen.get(&a.id) {
                a.chosen = *c;
            }
        }
    }
    let mut now_status: Vec<(i64, AgentStatus)> = loads
        .iter()
        .map(|a| (a.id, status_of(desk, a, &online, now)))
        .collect();
    // Recorded agents no longer listed (disabled) are offline.
    for id in recorded.keys() {
        if only.is_none_or(|o| o == *id) && !now_status.iter().any(|(a, _)| a == id) {
            now_status.push((*id, AgentStatus::Offline));
        }
    }
    for (id, status) in now_status {
        let before = recorded.get(&id).copied().unwrap_or(AgentStatus::Offline);
        if before == status {
            continue;
        }
        // Idling turned into away when it crossed the auto-away time, not
        // when this sweep noticed.
        let at = match (before, status) {
            (AgentStatus::Online, AgentStatus::Away) => desk
                .routing
                .idle_since(id)
                .filter(|since| *since <= now)
                .unwrap_or(now),
            _ => now,
        };
        desk.store.record_agent_status(id, status, at).await?;
        if status == AgentStatus::Offline {
            recorded.remove(&id);
        } else {
            recorded.insert(id, status);
        }
    }
    Ok(())
}

/// Starts the background task that runs until shutdown: routing ticks when
/// routing is enabled, response-time checks ([`check_promises`]) when
/// promises are on, and always the agents' status sweep
/// ([`sync_statuses`]).
pub fn start(desk: &Desk) {
    let settings = desk.routing.settings.clone();
    let desk = desk.clone();
    let tasks = desk.tasks.clone();
    tasks.spawn(async move {
        loop {
            tokio::select! {
                () = desk.tasks.stopped() => break,
                () = desk.routing.kick.notified() => {}
                () = tokio::time::sleep(settings.tick_every) => {}
            }
            if settings.enabled {
                if let Err(e) = tick(&desk).await {
                    tracing::warn!(error = %e, "routing tick failed");
                }
            }
            if settings.sla.enabled {
                if let Err(e) = check_promises(&desk).await {
                    tracing::warn!(error = %e, "response-time check failed");
                }
            }
            if let Err(e) = sync_statuses(&desk).await {
                tracing::warn!(error = %e, "agent status sweep failed");
            }
        }
        tracing::debug!("routing stopped");
    });
}

/// The default rules of a card shop, as `--demo` installs them: fraud and
/// payment trouble to 售后 (after-sales) as urgent/high, recharge failures to
/// 充值, VIPs to VIP专席, English speakers to an agent speaking English.
pub fn demo_rules(after_sales: i64, recharge: i64, vip: i64) -> Vec<Rule> {
    let rule = |name: &str, when: kadesk_routing::Conditions, team: Option<i64>| Rule {
        name: name.into(),
        enabled: true,
        when,
        team_id: team,
        set_priority: None,
        skills: Vec::new(),
    };
    use kadesk_routing::Conditions;
    let mut fraud = rule(
        "欺诈举报 → 售后（紧急）",
        Conditions {
            intents: vec!["fraud_report".into()],
            ..Conditions::default()
        },
        Some(after_sales),
    );
    fraud.set_priority = Some(Priority::Urgent);
    let vips = rule(
        "VIP 客户 → VIP专席",
        Conditions {
            vip: Some(true),
            ..Conditions::default()
        },
        Some(vip),
    );
    let recharges = rule(
        "充值失败 → 充值",
        Conditions {
            intents: vec!["recharge_failed".into()],
            ..Conditions::default()
        },
        Some(recharge),
    );
    let mut paid = rule(
        "已付款未发货 → 售后（高）",
        Conditions {
            reasons: vec!["paid_not_delivered".into()],
            ..Conditions::default()
        },
        Some(after_sales),
    );
    paid.set_priority = Some(Priority::High);
    let after = rule(
        "退款、卡密问题 → 售后",
        Conditions {
            intents: vec![
                "refund_request".into(),
                "card_invalid".into(),
                "card_not_received".into(),
                "payment_issue".into(),
            ],
            ..Conditions::default()
        },
        Some(after_sales),
    );
    let mut english = rule(
        "English → agents speaking English",
        Conditions {
            languages: vec!["en".into()],
            ..Conditions::default()
        },
        None,
    );
    english.skills = vec!["en".into()];
    vec![fraud, vips, recharges, paid, after, english]
}
