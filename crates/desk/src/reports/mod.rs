//! Reports: the overview of a period against the period before it, views by
//! channel, agent and hour, and the conversations behind every number
//! (drill-down). The store gives one row of facts per conversation
//! (`Store::report_facts`); this module applies the definitions of
//! `docs/reports.md` to them — percentiles, business hours, the 7-day
//! return window — once, in Rust, for both backends.

use std::collections::BTreeMap;

use kadesk_domain::{Conversation, Millis};
use kadesk_store::{ConversationFacts, ReportScope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub mod experiments;
pub mod export;

use crate::hours::BusinessHours;
use crate::{Desk, DeskError, DeskResult};

/// How long after a resolve a buyer's return still counts against it.
pub const RETURN_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;

/// The longest period a report covers (a year and a day).
pub const MAX_PERIOD_MS: i64 = 366 * 24 * 3600 * 1000;

/// Nearest-rank percentiles of a time figure, in seconds; `None` when no
/// conversation has the figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    /// How many conversations have the figure.
    pub count: u64,
}

/// Buyers' ratings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct Csat {
    /// Ratings of 4–5 stars / all ratings, as a percentage 0–100; `None`
    /// without ratings.
    pub percent: Option<f64>,
    /// The same as a fraction 0–1.
    pub rate: Option<f64>,
    /// How many ratings.
    pub responses: u64,
    /// Ratings / surveys sent (resolved conversations), 0–1.
    pub response_rate: Option<f64>,
}

/// One handoff reason's count.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReasonCount {
    /// The reason code (`human_request`, `negative_sentiment`, …).
    pub reason: String,
    /// Handed-off conversations whose first handoff gave it.
    pub conversations: u64,
    /// Of all handed-off conversations, 0–1.
    pub share: f64,
}

/// The figures of one period (docs/reports.md). Rates are fractions 0–1,
/// `None` when their denominator is 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub conversations: u64,
    pub bot_conversations: u64,
    pub handed_off: u64,
    pub handoff_rate: Option<f64>,
    pub bot_resolved: u64,
    pub bot_resolution_rate: Option<f64>,
    pub automation_rate: Option<f64>,
    pub first_response_secs: Percentiles,
    pub first_response_business_secs: Percentiles,
    /// Waited for a person and got no agent reply yet.
    pub unanswered: u64,
    pub resolved: u64,
    pub resolution_secs: Percentiles,
    pub resolution_business_secs: Percentiles,
    pub full_resolution_secs: Percentiles,
    pub fcr_rate: Option<f64>,
    pub recontact_rate: Option<f64>,
    pub csat: Csat,
    pub handoff_reasons: Vec<ReasonCount>,
}

/// The overview: this period's figures, and the same for the period of the
/// same length before it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Overview {
    /// The period, Unix ms, end excluded.
    pub from: Millis,
    pub to: Millis,
    #[serde(flatten)]
    pub current: Figures,
    pub previous: Figures,
}

/// A number one can click: the conversations it counts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Conversations,
    BotConversations,
    HandedOff,
    BotResolved,
    /// Waited for a person and were answered (the first-response sample).
    FirstResponded,
    Unanswered,
    Resolved,
    FirstContactResolved,
    Recontacted,
    Rated,
    Satisfied,
}

/// Which conversations a report covers, as asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    pub from: Millis,
    pub to: Millis,
    pub channel: Option<String>,
    pub agent: Option<i64>,
}

impl ReportQuery {
    fn scope(&self, from: Millis, to: Millis) -> ReportScope {
        ReportScope {
            from,
            to,
            channel: self.channel.clone(),
            agent: self.agent,
        }
    }

    fn check(&self) -> DeskResult<()> {
        if self.to <= self.from {
            return Err(DeskError::validation(
                "the period is empty: `to` must be after `from`",
            ));
        }
        if self.to - self.from > MAX_PERIOD_MS {
            return Err(DeskError::validation(
                "the period is longer than 366 days: choose a shorter one",
            ));
        }
        Ok(())
    }
}

/// One row of a breakdown (by channel, agent…).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BreakdownRow {
    /// The channel's wire name, or the agent's id as text (`none`: unassigned).
    pub key: String,
    /// The agent's name, for the agent view.
    pub name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Conversations created per local weekday (0 = Monday) and hour.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HeatCell {
    pub weekday: u8,
    pub hour: u8,
    pub conversations: u64,
}

/// Whether the buyer came back within the window after the first resolve.
fn returned(f: &ConversationFacts) -> bool {
    let Some(r) = f.first_resolved_at else {
        return false;
    };
    let within = |t: Option<i64>| t.is_some_and(|t| t >= r && t <= r + RETURN_WINDOW_MS);
    within(f.first_reopened_at) || within(f.next_contact_at)
}

impl Metric {
    /// Whether `f` counts in this number.
    pub fn counts(&self, f: &ConversationFacts) -> bool {
        match self {
            Metric::Conversations => true,
            Metric::BotConversations => f.bot,
            Metric::HandedOff => f.bot && f.handoff_at.is_some(),
            Metric::BotResolved => {
                f.bot && f.handoff_at.is_none() && f.first_resolved_at.is_some() && !returned(f)
            }
            Metric::FirstResponded => f.wait_start.is_some() && f.first_response_at.is_some(),
            Metric::Unanswered => f.wait_start.is_some() && f.first_response_at.is_none(),
            Metric::Resolved => f.first_resolved_at.is_some(),
            Metric::FirstContactResolved => {
                f.first_resolved_at.is_some() && f.first_reopened_at.is_none() && f.agents <= 1
            }
            Metric::Recontacted => returned(f),
            Metric::Rated => f.rating_stars.is_some(),
            Metric::Satisfied => f.rating_stars.is_some_and(|s| s >= 4),
        }
    }
}

/// Nearest-rank percentile `p` (0–100) of sorted `values`.
pub fn nearest_rank(sorted: &[f64], p: u32) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (usize::try_from(p).unwrap_or(100) * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied()
}

fn percentiles(mut values: Vec<f64>) -> Percentiles {
    values.sort_by(f64::total_cmp);
    Percentiles {
        p50: nearest_rank(&values, 50),
        p90: nearest_rank(&values, 90),
        count: values.len() as u64,
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Seconds from `a` to `b` in calendar time or inside business hours.
fn secs(a: i64, b: i64, hours: Option<&BusinessHours>) -> f64 {
    let ms = match hours {
        Some(h) => h.open_millis_between(a, b),
        None => (b - a).max(0),
    };
    ms as f64 / 1000.0
}

/// Applies the definitions to the facts of one period.
pub fn figures(facts: &[ConversationFacts], hours: Option<&BusinessHours>) -> Figures {
    let count = |m: Metric| facts.iter().filter(|f| m.counts(f)).count() as u64;
    let conversations = facts.len() as u64;
    let bot_conversations = count(Metric::BotConversations);
    let handed_off = count(Metric::HandedOff);
    let bot_resolved = count(Metric::BotResolved);
    let resolved = count(Metric::Resolved);
    let rated = count(Metric::Rated);
    let answered: Vec<(i64, i64)> = facts
        .iter()
        .filter_map(|f| Some((f.wait_start?, f.first_response_at?)))
        .collect();
    let resolutions: Vec<(i64, i64)> = facts
        .iter()
        .filter_map(|f| Some((f.created_at, f.first_resolved_at?)))
        .collect();
    let full: Vec<f64> = facts
        .iter()
        .filter(|f| f.resolved_now)
        .filter_map(|f| Some(secs(f.created_at, f.last_resolved_at?, None)))
        .collect();
    let mut reasons: BTreeMap<&str, u64> = BTreeMap::new();
    for f in facts.iter().filter(|f| Metric::HandedOff.counts(f)) {
        for r in &f.handoff_reasons {
            *reasons.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut handoff_reasons: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|(reason, n)| ReasonCount {
            reason: reason.to_owned(),
            conversations: n,
            share: ratio(n, handed_off).unwrap_or(0.0),
        })
        .collect();
    handoff_reasons.sort_by_key(|r| std::cmp::Reverse(r.conversations));
    let bot_resolution_rate = ratio(bot_resolved, bot_conversations);
    let csat_rate = ratio(count(Metric::Satisfied), rated);
    Figures {
        conversations,
        bot_conversations,
        handed_off,
        handoff_rate: ratio(handed_off, bot_conversations),
        bot_resolved,
        bot_resolution_rate,
        automation_rate: ratio(bot_resolved, conversations),
        first_response_secs: percentiles(
            answered.iter().map(|(a, b)| secs(*a, *b, None)).collect(),
        ),
        first_response_business_secs: percentiles(
            answered.iter().map(|(a, b)| secs(*a, *b, hours)).collect(),
        ),
        unanswered: count(Metric::Unanswered),
        resolved,
        resolution_secs: percentiles(
            resolutions
                .iter()
                .map(|(a, b)| secs(*a, *b, None))
                .collect(),
        ),
        resolution_business_secs: percentiles(
            resolutions
                .iter()
                .map(|(a, b)| secs(*a, *b, hours))
                .collect(),
        ),
        full_resolution_secs: percentiles(full),
        fcr_rate: ratio(count(Metric::FirstContactResolved), resolved),
        recontact_rate: ratio(count(Metric::Recontacted), resolved),
        csat: Csat {
            percent: csat_rate.map(|r| r * 100.0),
            rate: csat_rate,
            responses: rated,
            response_rate: ratio(rated, resolved),
        },
        handoff_reasons,
    }
}

/// The overview of `query`'s period and the one before it.
pub async fn overview(desk: &Desk, query: &ReportQuery) -> DeskResult<Overview> {
    query.check()?;
    let hours = desk.hours_now();
    let hours = hours.as_ref();
    let len = query.to - query.from;
    let (now, before) = (
        query.scope(query.from, query.to),
        query.scope(query.from - len, query.from),
    );
    let (current, previous) = tokio::try_join!(
        desk.store.report_facts(&now),
        desk.store.report_facts(&before),
    )?;
    Ok(Overview {
        from: query.from,
        to: query.to,
        current: figures(&current, hours),
        previous: figures(&previous, hours),
    })
}

/// The figures per channel or per agent (current assignee).
pub async fn breakdown(
    desk: &Desk,
    query: &ReportQuery,
    by_agent: bool,
) -> DeskResult<Vec<BreakdownRow>> {
    query.check()?;
    let facts = desk
        .store
        .report_facts(&query.scope(query.from, query.to))
        .await?;
    let mut groups: BTreeMap<String, Vec<ConversationFacts>> = BTreeMap::new();
    for f in facts {
        let key = if by_agent {
            f.assignee_id
                .map_or_else(|| "none".to_owned(), |a| a.to_string())
        } else {
            f.channel.clone()
        };
        groups.entry(key).or_default().push(f);
    }
    let names: BTreeMap<String, String> = if by_agent {
        desk.store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id.to_string(), u.display_name))
            .collect()
    } else {
        BTreeMap::new()
    };
    let hours = desk.hours_now();
    let hours = hours.as_ref();
    let mut rows: Vec<BreakdownRow> = groups
        .into_iter()
        .map(|(key, facts)| BreakdownRow {
            name: names.get(&key).cloned(),
            figures: figures(&facts, hours),
            key,
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.figures.conversations));
    Ok(rows)
}

/// Conversations created per weekday and hour in the shop's time zone
/// (`utc_offset_minutes`), every cell present (7 × 24).
pub async fn heatmap(
    desk: &Desk,
    query: &ReportQuery,
    utc_offset_minutes: i32,
) -> DeskResult<Vec<HeatCell>> {
    query.check()?;
    let facts = desk
        .store
        .report_facts(&query.scope(query.from, query.to))
        .await?;
    let mut cells = [[0_u64; 24]; 7];
    for f in &facts {
        let local_min = f.created_at.div_euclid(60_000) + i64::from(utc_offset_minutes);
        let day = local_min.div_euclid(24 * 60);
        // 1970-01-01 was a Thursday (Monday = 0 → Thursday = 3).
        let weekday = usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0);
        let hour = usize::try_from(local_min.rem_euclid(24 * 60) / 60).unwrap_or(0);
        if let Some(cell) = cells.get_mut(weekday).and_then(|d| d.get_mut(hour)) {
            *cell += 1;
        }
    }
    let mut out = Vec::with_capacity(7 * 24);
    for (weekday, day) in cells.iter().enumerate() {
        for (hour, n) in day.iter().enumerate() {
            out.push(HeatCell {
                weekday: u8::try_from(weekday).unwrap_or(0),
                hour: u8::try_from(hour).unwrap_or(0),
                conversations: *n,
            });
        }
    }
    Ok(out)
}

/// The conversations a number counts, oldest first, at most `limit`, and
/// how many there are in all.
pub async fn drill_down(
    desk: &Desk,
    query: &ReportQuery,
    metric: &Metric,
    limit: usize,
) -> DeskResult<(Vec<Conversation>, u64)> {
    query.check()?;
    let facts = desk
        .store
        .report_facts(&query.scope(query.from, query.to))
        .await?;
    let ids: Vec<i64> = facts
        .iter()
        .filter(|f| metric.counts(f))
        .map(|f| f.id)
        .collect();
    let total = ids.len() as u64;
    let shown = &ids[..ids.len().min(limit)];
    Ok((desk.store.conversations_by_ids(shown).await?, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_matches_the_textbook() {
        // NIST/Wikipedia example: 15, 20, 35, 40, 50.
        let v = [15.0, 20.0, 35.0, 40.0, 50.0];
        assert_eq!(nearest_rank(&v, 30), Some(20.0));
        assert_eq!(nearest_rank(&v, 40), Some(20.0));
        assert_eq!(nearest_rank(&v, 50), Some(35.0));
        assert_eq!(nearest_rank(&v, 100), Some(50.0));
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7.0], 90), Some(7.0));
    }
}
