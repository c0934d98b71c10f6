//! Response-time promises (SLAs): how long a buyer who asked for a person
//! may wait for the first answer, and for the problem to be solved, by
//! priority, counted in business hours; and what happens when a promise is
//! missed.
//!
//! - [`assess`] is pure: a conversation's clock, the targets, the hours and
//!   now in; its due times and breaches out.
//! - [`check`] runs with every routing tick (`crate::routing::check_promises`): each newly missed target is
//!   stored once per wait with its escalation in one transaction
//!   ([`kadesk_store::Store::record_sla_breach`]): the priority goes up one
//!   step, and a conversation whose agent is away or offline goes back to
//!   the queue; agents' consoles get an `sla_breach` frame (supervisors are
//!   alerted, lists turn red).
//! - [`board`] is every open conversation's due times, for the console's
//!   countdowns and the queue view.

use kadesk_domain::{Event, Millis, Priority, SlaTarget};
use kadesk_store::{AgentLoad, SlaClock};

use crate::schedule::Schedule;
use crate::{Desk, DeskResult};

/// Seconds allowed per priority; 0: no promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerPriority {
    pub normal: u32,
    pub high: u32,
    pub urgent: u32,
}

impl PerPriority {
    /// The seconds allowed at `priority` (`None`: no promise).
    pub fn of(&self, priority: Priority) -> Option<u32> {
        let secs = match priority {
            Priority::Normal => self.normal,
            Priority::High => self.high,
            Priority::Urgent => self.urgent,
        };
        (secs > 0).then_some(secs)
    }
}

/// The promises; `kadesk.toml` `[routing.sla]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaSettings {
    /// Whether due times are shown and breaches escalate.
    pub enabled: bool,
    /// From the start of the wait to a person's first answer.
    pub first_response: PerPriority,
    /// From the start of the wait to resolved.
    pub resolution: PerPriority,
}

impl Default for SlaSettings {
    fn default() -> SlaSettings {
        SlaSettings {
            enabled: true,
            first_response: PerPriority {
                normal: 15 * 60,
                high: 5 * 60,
                urgent: 2 * 60,
            },
            resolution: PerPriority {
                normal: 4 * 3600,
                high: 3600,
                urgent: 30 * 60,
            },
        }
    }
}

/// One conversation's promises now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaState {
    pub conversation_id: i64,
    pub priority: Priority,
    pub started_at: Millis,
    /// When the first answer is due; `None` once answered (or no promise).
    pub first_response_due_at: Option<Millis>,
    /// When resolving is due; `None` when there is no promise.
    pub resolution_due_at: Option<Millis>,
    /// Targets missed by now (stored or not yet).
    pub breached: Vec<SlaTarget>,
    /// Of those, the ones not yet escalated.
    pub newly_breached: Vec<SlaTarget>,
}

/// The due time of a promise of `secs` from `start`: in business hours when
/// the desk keeps them, else in calendar time.
fn due(start: Millis, secs: u32, hours: Option<&Schedule>) -> Millis {
    let ms = i64::from(secs) * 1000;
    match hours {
        Some(hours) => hours.add_open_millis(start, ms),
        None => start + ms,
    }
}

/// A conversation's due times and breaches at `now` (see the module doc).
pub fn assess(
    settings: &SlaSettings,
    clock: &SlaClock,
    now: Millis,
    hours: Option<&Schedule>,
) -> SlaState {
    let first_due = settings
        .first_response
        .of(clock.priority)
        .map(|secs| due(clock.started_at, secs, hours));
    let resolution_due_at = settings
        .resolution
        .of(clock.priority)
        .map(|secs| due(clock.started_at, secs, hours));
    let mut breached = Vec::new();
    // Answered late is still a breach, but the clock has stopped.
    let answered = clock.first_response_at;
    if let Some(due) = first_due {
        if answered.unwrap_or(now) > due {
            breached.push(SlaTarget::FirstResponse);
        }
    }
    if resolution_due_at.is_some_and(|due| now > due) {
        breached.push(SlaTarget::Resolution);
    }
    let newly_breached = breached
        .iter()
        .copied()
        .filter(|t| !clock.breached.contains(t))
        .collect();
    for stored in &clock.breached {
        if !breached.contains(stored) {
            breached.push(*stored);
        }
    }
    SlaState {
        conversation_id: clock.id,
        priority: clock.priority,
        started_at: clock.started_at,
        first_response_due_at: first_due.filter(|_| answered.is_none()),
        resolution_due_at,
        breached,
        newly_breached,
    }
}

/// Every open conversation's clock with its promises now (empty when SLAs
/// are off).
async fn clocks_now(desk: &Desk) -> DeskResult<Vec<(SlaClock, SlaState)>> {
    let settings = desk.routing.settings().sla;
    if !settings.enabled {
        return Ok(Vec::new());
    }
    let now = desk.now();
    let book = crate::schedule::load(desk).await?;
    Ok(desk
        .store
        .sla_clocks()
        .await?
        .into_iter()
        .map(|clock| {
            let state = assess(&settings, &clock, now, book.of(clock.team_id));
            (clock, state)
        })
        .collect())
}

/// Every open conversation's promises now (empty when SLAs are off).
pub async fn board(desk: &Desk) -> DeskResult<Vec<SlaState>> {
    Ok(clocks_now(desk)
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect())
}

/// Escalates every newly missed promise (see the module doc); returns how
/// many were escalated. `online` tells whether an agent takes conversations
/// now (routing works it out: `crate::routing::check_promises`).
pub async fn check(desk: &Desk, online: impl Fn(&AgentLoad) -> bool) -> DeskResult<usize> {
    let clocks = clocks_now(desk).await?;
    if clocks.iter().all(|(_, s)| s.newly_breached.is_empty()) {
        return Ok(0);
    }
    let loads = desk.store.agent_loads().await?;
    let now = desk.now();
    let mut escalated = 0;
    for (clock, state) in clocks {
        // One escalation per tick and conversation: the first target missed.
        let Some(&target) = state.newly_breached.first() else {
            continue;
        };
        let away = clock
            .assignee_id
            .is_some_and(|id| loads.iter().find(|a| a.id == id).is_none_or(|a| !online(a)));
        let raise_to = (state.priority != Priority::Urgent).then(|| state.priority.raised());
        let requeue = away.then_some(state.started_at);
        let conversation = match desk
            .store
            .record_sla_breach(clock.id, target, now, raise_to, requeue)
            .await
        {
            Ok(c) => c,
            // Resolved or handed back since the clocks were read.
            Err(kadesk_store::StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        tracing::warn!(
            conversation.id = clock.id,
            target = target.as_str(),
            priority = conversation.priority.as_str(),
            requeued = away,
            "response-time promise missed; escalated"
        );
        desk.hub.publish(Event::SlaBreach {
            conversation_id: clock.id,
            target,
            priority: conversation.priority,
            requeued: away,
        });
        desk.hub.conversation(&conversation);
        escalated += 1;
        if away {
            desk.routing.kick();
        }
    }
    Ok(escalated)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn clock(priority: Priority, started_at: Millis) -> SlaClock {
        SlaClock {
            id: 7,
            priority,
            assignee_id: None,
            team_id: None,
            started_at,
            first_response_at: None,
            breached: Vec::new(),
        }
    }

    #[test]
    fn due_times_follow_the_priority() {
        let s = SlaSettings::default();
        let start = 1_000_000;
        let normal = assess(&s, &clock(Priority::Normal, start), start, None);
        assert_eq!(normal.first_response_due_at, Some(start + 15 * MIN));
        assert_eq!(normal.resolution_due_at, Some(start + 240 * MIN));
        let urgent = assess(&s, &clock(Priority::Urgent, start), start, None);
        assert_eq!(urgent.first_response_due_at, Some(start + 2 * MIN));
        assert!(urgent.breached.is_empty());
    }

    #[test]
    fn a_missed_first_answer_is_new_once_then_stored() {
        let s = SlaSettings::default();
        let mut c = clock(Priority::High, 0);
        let on_time = assess(&s, &c, 5 * MIN, None);
        assert!(
            on_time.breached.is_empty(),
            "due at 5 min exactly is on time"
        );
        let late = assess(&s, &c, 5 * MIN + 1, None);
        assert_eq!(late.newly_breached, vec![SlaTarget::FirstResponse]);
        c.breached = vec![SlaTarget::FirstResponse];
        let again = assess(&s, &c, 6 * MIN, None);
        assert!(again.newly_breached.is_empty());
        assert_eq!(again.breached, vec![SlaTarget::FirstResponse]);
    }

    #[test]
    fn an_answer_stops_the_first_response_clock() {
        let s = SlaSettings::default();
        let mut c = clock(Priority::Normal, 0);
        c.first_response_at = Some(10 * MIN);
        let state = assess(&s, &c, 60 * MIN, None);
        assert_eq!(state.first_response_due_at, None);
        assert!(state.breached.is_empty());
        // Answered after the due time: missed, even though it is answered now.
        c.first_response_at = Some(20 * MIN);
        let state = assess(&s, &c, 60 * MIN, None);
        assert_eq!(state.breached, vec![SlaTarget::FirstResponse]);
    }

    #[test]
    fn business_hours_stop_the_clock_overnight() {
        let s = SlaSettings::default();
        let hours = crate::hours::BusinessHours::parse("09:00-24:00", "+08:00")
            .expect("valid")
            .schedule();
        // 2026-11-21 23:50 in Beijing.
        let start = 1_795_219_200_000 + ((23 - 8) * 60 + 50) * MIN;
        let c = clock(Priority::Normal, start);
        // 15 minutes: 10 tonight, 5 after 09:00 tomorrow.
        let state = assess(&s, &c, start + 8 * 60 * MIN, Some(&hours));
        let nine_tomorrow = start + 10 * MIN + 9 * 60 * MIN;
        assert_eq!(state.first_response_due_at, Some(nine_tomorrow + 5 * MIN));
        assert!(state.breached.is_empty(), "the night does not count");
        let state = assess(&s, &c, nine_tomorrow + 6 * MIN, Some(&hours));
        assert_eq!(state.breached, vec![SlaTarget::FirstResponse]);
    }

    #[test]
    fn a_zero_target_is_no_promise() {
        let s = SlaSettings {
            resolution: PerPriority {
                normal: 0,
                high: 0,
                urgent: 0,
            },
            ..SlaSettings::default()
        };
        let state = assess(&s, &clock(Priority::Normal, 0), 1000 * MIN, None);
        assert_eq!(state.resolution_due_at, None);
        assert_eq!(state.breached, vec![SlaTarget::FirstResponse]);
    }
}
