//! Reports: the overview of a period against the period before it, views by
//! channel, agent, team, problem tag, intent, product and screenshot, the
//! busiest hours, and the conversations behind every number (drill-down).
//! The store adds a period's conversations up in SQL per group
//! (`Store::report_groups`, one SQL condition per [`Metric`]); this module
//! turns the sums and time lists into the figures of `docs/reports.md` —
//! rates, nearest-rank percentiles, reasons — once for both backends.

use std::collections::BTreeMap;

use kadesk_domain::{Conversation, Millis};
use kadesk_store::{GroupFacts, LabelKind, ReportGroup, ReportScope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub mod experiments;
pub mod export;
pub mod promote;

pub use kadesk_domain::report::{Metric, RETURN_WINDOW_MS};

use crate::{Desk, DeskError, DeskResult};

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
    /// Conversations in which a buyer sent a picture.
    pub with_screenshot: u64,
    /// With a screenshot / conversations.
    pub screenshot_rate: Option<f64>,
    /// Conversations with a picture read automatically.
    pub screenshot_read: u64,
    /// Read automatically / with a screenshot.
    pub screenshot_read_rate: Option<f64>,
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

/// Which conversations a report covers, as asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    pub from: Millis,
    pub to: Millis,
    pub channel: Option<String>,
    pub agent: Option<i64>,
    pub team: Option<i64>,
    /// With (`true`) or without a screenshot.
    pub screenshot: Option<bool>,
    /// With this label of the case memory (problem tag, intent, product).
    pub label: Option<(LabelKind, String)>,
}

impl ReportQuery {
    fn scope(&self, from: Millis, to: Millis) -> ReportScope {
        ReportScope {
            from,
            to,
            channel: self.channel.clone(),
            agent: self.agent,
            team: self.team,
            screenshot: self.screenshot,
            label: self.label.clone(),
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

/// How a breakdown view splits the period's conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Channels,
    /// The current assignee.
    Agents,
    /// The team the conversation was routed to.
    Teams,
    /// The case memory's problem tags (a conversation counts under each).
    Tags,
    Intents,
    Products,
    /// With a screenshot (`1`) or without (`0`).
    Pictures,
}

impl View {
    fn group(self) -> ReportGroup {
        match self {
            View::Channels => ReportGroup::Channel,
            View::Agents => ReportGroup::Agent,
            View::Teams => ReportGroup::Team,
            View::Tags => ReportGroup::Label(LabelKind::Tag),
            View::Intents => ReportGroup::Label(LabelKind::Intent),
            View::Products => ReportGroup::Label(LabelKind::Product),
            View::Pictures => ReportGroup::Screenshot,
        }
    }

    /// Its name in URLs and export file names.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Channels => "channels",
            View::Agents => "agents",
            View::Teams => "teams",
            View::Tags => "tags",
            View::Intents => "intents",
            View::Products => "products",
            View::Pictures => "pictures",
        }
    }
}

/// One row of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BreakdownRow {
    /// The channel's wire name, the agent's or team's id as text, the label,
    /// or `1` / `0` (with / without a screenshot); `none`: without one
    /// (unassigned, no team).
    pub key: String,
    /// The agent's or team's name.
    pub name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
    /// Per agent only: seconds online (taking new conversations) within
    /// the period, whatever the other filters.
    pub online_secs: Option<f64>,
    /// Per agent only: seconds away (at the console, taking none).
    pub away_secs: Option<f64>,
    /// Per agent only: canned replies they inserted within the period.
    pub canned_reply_uses: Option<u64>,
}

/// Conversations created per local weekday (0 = Monday) and hour.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HeatCell {
    pub weekday: u8,
    pub hour: u8,
    pub conversations: u64,
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

/// Nearest-rank percentiles of times in milliseconds, as seconds (a
/// negative time, from an imported history out of order, counts as 0).
/// Selects the two ranks instead of sorting, the p50 among the values the
/// p90 selection left below it: the lists are long.
fn percentiles(ms: &[i64]) -> Percentiles {
    let n = ms.len();
    if n == 0 {
        return Percentiles::default();
    }
    let rank = |p: usize| (p * n).div_ceil(100).clamp(1, n) - 1;
    let (r50, r90) = (rank(50), rank(90));
    let mut values = ms.to_vec();
    let (below, v90, _) = values.select_nth_unstable(r90);
    let v90 = *v90;
    let v50 = if r50 < r90 {
        *below.select_nth_unstable(r50).1
    } else {
        v90
    };
    let secs = |v: i64| Some(v.max(0) as f64 / 1000.0);
    Percentiles {
        p50: secs(v50),
        p90: secs(v90),
        count: n as u64,
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Applies the definitions to one group's sums; `business` tells whether
/// its business-hours lists were computed (without hours both variants are
/// the calendar's).
pub fn figures(g: &GroupFacts, business: bool) -> Figures {
    let n = |m: Metric| g.count(m);
    let (conversations, bot_conversations, handed_off) = (
        n(Metric::Conversations),
        n(Metric::BotConversations),
        n(Metric::HandedOff),
    );
    let (bot_resolved, resolved, rated) = (
        n(Metric::BotResolved),
        n(Metric::Resolved),
        n(Metric::Rated),
    );
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    for (list, count) in &g.reasons {
        let codes: Vec<String> = serde_json::from_str(list).unwrap_or_default();
        for code in codes {
            *reasons.entry(code).or_default() += count;
        }
    }
    let mut handoff_reasons: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|(reason, count)| ReasonCount {
            share: ratio(count, handed_off).unwrap_or(0.0),
            reason,
            conversations: count,
        })
        .collect();
    handoff_reasons.sort_by_key(|r| std::cmp::Reverse(r.conversations));
    let csat_rate = ratio(n(Metric::Satisfied), rated);
    let (with_screenshot, screenshot_read) = (n(Metric::WithScreenshot), n(Metric::ScreenshotRead));
    let (fr_open, res_open) = if business {
        (&g.first_response_open_ms, &g.resolution_open_ms)
    } else {
        (&g.first_response_ms, &g.resolution_ms)
    };
    Figures {
        conversations,
        bot_conversations,
        handed_off,
        handoff_rate: ratio(handed_off, bot_conversations),
        bot_resolved,
        bot_resolution_rate: ratio(bot_resolved, bot_conversations),
        automation_rate: ratio(bot_resolved, conversations),
        first_response_secs: percentiles(&g.first_response_ms),
        first_response_business_secs: percentiles(fr_open),
        unanswered: n(Metric::Unanswered),
        resolved,
        resolution_secs: percentiles(&g.resolution_ms),
        resolution_business_secs: percentiles(res_open),
        full_resolution_secs: percentiles(&g.full_resolution_ms),
        fcr_rate: ratio(n(Metric::FirstContactResolved), resolved),
        recontact_rate: ratio(n(Metric::Recontacted), resolved),
        csat: Csat {
            percent: csat_rate.map(|r| r * 100.0),
            rate: csat_rate,
            responses: rated,
            response_rate: ratio(rated, resolved),
        },
        handoff_reasons,
        with_screenshot,
        screenshot_rate: ratio(with_screenshot, conversations),
        screenshot_read,
        screenshot_read_rate: ratio(screenshot_read, with_screenshot),
    }
}

/// The groups of `scope` split by `group`, with business hours when the
/// desk has them; `true` when business-hours lists were computed.
async fn groups(
    desk: &Desk,
    scope: &ReportScope,
    group: ReportGroup,
) -> DeskResult<(Vec<GroupFacts>, bool)> {
    let window = desk.hours_now().map(|h| h.open_window());
    let groups = desk.store.report_groups(scope, group, window).await?;
    Ok((groups, window.is_some()))
}

/// The figures of the whole of `scope`.
async fn period(desk: &Desk, scope: &ReportScope) -> DeskResult<Figures> {
    let (groups, business) = groups(desk, scope, ReportGroup::All).await?;
    let all = groups.into_iter().next().unwrap_or_default();
    Ok(figures(&all, business))
}

/// The overview of `query`'s period and the one before it.
pub async fn overview(desk: &Desk, query: &ReportQuery) -> DeskResult<Overview> {
    query.check()?;
    let len = query.to - query.from;
    let (now, before) = (
        query.scope(query.from, query.to),
        query.scope(query.from - len, query.from),
    );
    let (current, previous) = tokio::try_join!(period(desk, &now), period(desk, &before))?;
    Ok(Overview {
        from: query.from,
        to: query.to,
        current,
        previous,
    })
}

/// The figures per group of `view`, most conversations first.
pub async fn breakdown(
    desk: &Desk,
    query: &ReportQuery,
    view: View,
) -> DeskResult<Vec<BreakdownRow>> {
    query.check()?;
    let (groups, business) = groups(desk, &query.scope(query.from, query.to), view.group()).await?;
    let names: BTreeMap<String, String> = match view {
        View::Agents => desk
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id.to_string(), u.display_name))
            .collect(),
        View::Teams => desk
            .store
            .teams()
            .await?
            .into_iter()
            .map(|t| (t.id.to_string(), t.name))
            .collect(),
        _ => BTreeMap::new(),
    };
    let mut rows: Vec<BreakdownRow> = groups
        .iter()
        .map(|g| {
            let key = g.key.clone().unwrap_or_else(|| "none".to_owned());
            BreakdownRow {
                name: names.get(&key).cloned(),
                figures: figures(g, business),
                key,
                online_secs: None,
                away_secs: None,
                canned_reply_uses: None,
            }
        })
        .collect();
    if view == View::Agents {
        agent_activity(desk, query, &names, &mut rows).await?;
    }
    rows.sort_by(|a, b| {
        b.figures
            .conversations
            .cmp(&a.figures.conversations)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(rows)
}

/// Adds each agent's online and away time and canned-reply uses within
/// the period to their row (docs/reports.md). An agent with some but no
/// conversation gets a row of their own unless the view is narrowed to
/// some conversations (channel, team, label, screenshot).
async fn agent_activity(
    desk: &Desk,
    query: &ReportQuery,
    names: &BTreeMap<String, String>,
    rows: &mut Vec<BreakdownRow>,
) -> DeskResult<()> {
    let (times, uses) = tokio::try_join!(
        desk.store.agent_time(query.from, query.to, desk.now()),
        desk.store.canned_uses_by_agent(query.from, query.to),
    )?;
    let narrowed = query.channel.is_some()
        || query.team.is_some()
        || query.label.is_some()
        || query.screenshot.is_some();
    let mut ids: Vec<i64> = times
        .iter()
        .map(|t| t.user_id)
        .chain(uses.iter().map(|(id, _)| *id))
        .filter(|id| query.agent.is_none_or(|a| a == *id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let key = id.to_string();
        if !narrowed && !rows.iter().any(|r| r.key == key) {
            rows.push(BreakdownRow {
                name: names.get(&key).cloned(),
                key: key.clone(),
                figures: Figures::default(),
                online_secs: None,
                away_secs: None,
                canned_reply_uses: None,
            });
        }
    }
    for row in rows.iter_mut().filter(|r| r.key != "none") {
        let Ok(id) = row.key.parse::<i64>() else {
            continue;
        };
        let time = times.iter().find(|t| t.user_id == id);
        row.online_secs = Some(time.map_or(0.0, |t| t.online_ms as f64 / 1000.0));
        row.away_secs = Some(time.map_or(0.0, |t| t.away_ms as f64 / 1000.0));
        row.canned_reply_uses = Some(uses.iter().find(|(u, _)| *u == id).map_or(0, |(_, n)| *n));
    }
    Ok(())
}

/// Conversations created per weekday and hour in the shop's time zone
/// (`utc_offset_minutes`), every cell present (7 × 24).
pub async fn heatmap(
    desk: &Desk,
    query: &ReportQuery,
    utc_offset_minutes: i32,
) -> DeskResult<Vec<HeatCell>> {
    query.check()?;
    let counted = desk
        .store
        .report_heat(&query.scope(query.from, query.to), utc_offset_minutes)
        .await?;
    let mut out = Vec::with_capacity(7 * 24);
    for weekday in 0..7_u8 {
        for hour in 0..24_u8 {
            let conversations = counted
                .iter()
                .filter(|(d, h, _)| *d == weekday && *h == hour)
                .map(|(_, _, n)| *n)
                .sum();
            out.push(HeatCell {
                weekday,
                hour,
                conversations,
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
    let (ids, total) = desk
        .store
        .report_ids(
            &query.scope(query.from, query.to),
            *metric,
            i64::try_from(limit).unwrap_or(i64::MAX),
        )
        .await?;
    Ok((desk.store.conversations_by_ids(&ids).await?, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_select_the_nearest_ranks_of_the_list() {
        let ms: Vec<i64> = [50, 15, 40, 35, 20].iter().map(|s| s * 1000).collect();
        let p = percentiles(&ms);
        assert_eq!((p.p50, p.p90, p.count), (Some(35.0), Some(50.0), 5));
        let mut sorted: Vec<f64> = ms.iter().map(|v| *v as f64 / 1000.0).collect();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(p.p50, nearest_rank(&sorted, 50));
        assert_eq!(
            percentiles(&[-5]).p50,
            Some(0.0),
            "out of order counts as 0"
        );
        assert_eq!(percentiles(&[]).p50, None);
        // Longer lists with repeats, in a scrambled order: both ranks equal
        // the sorted list's.
        for n in [1_usize, 2, 9, 10, 11, 999, 1000] {
            let ms: Vec<i64> = (0..n).map(|i| ((i * 7919) % 613) as i64 * 1000).collect();
            let mut sorted: Vec<f64> = ms.iter().map(|v| *v as f64 / 1000.0).collect();
            sorted.sort_by(f64::total_cmp);
            let p = percentiles(&ms);
            assert_eq!(p.p50, nearest_rank(&sorted, 50), "n = {n}");
            assert_eq!(p.p90, nearest_rank(&sorted, 90), "n = {n}");
        }
    }

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
