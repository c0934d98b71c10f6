//! What the report views read: a period's conversations added up in SQL
//! from the facts kept on each conversation (see `report_facts`), so only a few
//! rows cross to Rust whatever the period holds.
//!
//! Each number the console can click ([`Metric`]) is one SQL condition
//! ([`condition`]), used both to count (`COUNT(*) FILTER (WHERE …)`) and to list the
//! conversations behind the count (drill-down). The time figures come back
//! as one comma-separated list per group (`string_agg`), from which the desk
//! takes nearest-rank percentiles; business-hours times are computed in SQL
//! from [`OpenWindow`]. The definitions are in `docs/reports.md`.

use kadesk_domain::report::{Metric, RETURN_WINDOW_MS};
use sqlx::Row;

use super::ReportScope;
use crate::sql::Sql;
use crate::{Result, Store, StoreError};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Business hours as SQL computes them. With `y = t + shift_ms`, the desk
/// is open from each multiple of a day for `open_ms`, so the open time
/// before `t` is `(y / DAY) · open_ms + min(y mod DAY, open_ms)`, and the
/// open time between two instants is the difference of the two
/// (`BusinessHours::open_window` in the desk gives the numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenWindow {
    /// Added to a Unix time so the window starts at a multiple of a day; in
    /// `0..DAY`.
    pub shift_ms: i64,
    /// How long the desk is open each day (ms, at most a day).
    pub open_ms: i64,
}

/// How a view splits a period's conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportGroup {
    /// One group: the whole period.
    All,
    Channel,
    /// The current assignee (`None`: unassigned).
    Agent,
    /// The team the conversation was routed to.
    Team,
    /// With a screenshot (`1`) or without (`0`).
    Screenshot,
    /// A label of the case memory: a conversation counts under each of its
    /// labels of that kind.
    Label(LabelKind),
}

/// The labels the case memory gives a conversation (`conversation_labels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Tag,
    Intent,
    Product,
}

impl LabelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LabelKind::Tag => "tag",
            LabelKind::Intent => "intent",
            LabelKind::Product => "product",
        }
    }
}

/// One group of a period's conversations, added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupFacts {
    /// The group's key (channel, user id, team id, `0`/`1`, label); `None`
    /// for the whole period and for conversations without one.
    pub key: Option<String>,
    /// How many conversations each metric counts, by [`Metric::index`].
    pub counts: [u64; Metric::ALL.len()],
    /// The first handoffs' reason lists (JSON arrays) and how many
    /// handed-off conversations gave each.
    pub reasons: Vec<(String, u64)>,
    /// Milliseconds, one per conversation that has the figure, unsorted.
    pub first_response_ms: Vec<i64>,
    pub resolution_ms: Vec<i64>,
    pub full_resolution_ms: Vec<i64>,
    /// The same inside business hours; empty when none were given.
    pub first_response_open_ms: Vec<i64>,
    pub resolution_open_ms: Vec<i64>,
}

impl GroupFacts {
    /// How many conversations `metric` counts.
    pub fn count(&self, metric: Metric) -> u64 {
        self.counts.get(metric.index()).copied().unwrap_or(0)
    }
}

/// The conversation was opened for the bot (conversations older than
/// migration 0013 have no opening status and count as the bot's).
const BOT: &str = "COALESCE(c.opened_status, 'bot') <> 'queued'";

/// The buyer came back within the window after the first resolve: a reopen,
/// or the later conversation in column `next` (`c.rf_next_contact_at`: any;
/// `c.rf_same_next_at`: about the same problem). Never NULL.
fn returned(next: &str) -> String {
    let w = RETURN_WINDOW_MS;
    format!(
        "(c.rf_first_resolved_at IS NOT NULL AND ((c.rf_first_reopened_at IS NOT NULL \
         AND c.rf_first_reopened_at >= c.rf_first_resolved_at \
         AND c.rf_first_reopened_at <= c.rf_first_resolved_at + {w}) \
         OR ({next} IS NOT NULL \
         AND {next} >= c.rf_first_resolved_at \
         AND {next} <= c.rf_first_resolved_at + {w})))"
    )
}

/// The SQL condition (on `conversations c`) of the conversations `metric`
/// counts (docs/reports.md).
pub(crate) fn condition(metric: Metric) -> String {
    match metric {
        Metric::Conversations => "1 = 1".into(),
        Metric::BotConversations => BOT.into(),
        Metric::HandedOff => format!("{BOT} AND c.rf_handoff_at IS NOT NULL"),
        Metric::BotResolved => format!(
            "{BOT} AND c.rf_handoff_at IS NULL AND c.rf_first_resolved_at IS NOT NULL \
             AND NOT {}",
            returned("c.rf_next_contact_at")
        ),
        Metric::FirstResponded => {
            "c.rf_wait_start IS NOT NULL AND c.rf_first_response_at IS NOT NULL".into()
        }
        Metric::Unanswered => {
            "c.rf_wait_start IS NOT NULL AND c.rf_first_response_at IS NULL".into()
        }
        Metric::Resolved => "c.rf_first_resolved_at IS NOT NULL".into(),
        Metric::FirstContactResolved => "c.rf_first_resolved_at IS NOT NULL \
             AND c.rf_first_reopened_at IS NULL AND c.rf_agents <= 1"
            .into(),
        Metric::Recontacted => returned("c.rf_same_next_at"),
        Metric::Rated => "c.rating_stars IS NOT NULL".into(),
        Metric::Satisfied => "c.rating_stars IS NOT NULL AND c.rating_stars >= 4".into(),
        Metric::WithScreenshot => "c.rf_screenshot = 1".into(),
        Metric::ScreenshotRead => "c.rf_screenshot_read = 1".into(),
    }
}

/// `FROM` and `WHERE` of the conversations in `scope` (binding its values).
pub(crate) fn from_scope(sql: &mut Sql, scope: &ReportScope, group: ReportGroup) {
    from_scope_with(sql, scope, group, false);
}

/// [`from_scope`]; with `conversations_first`, a label view reads the
/// period's conversations first and then their labels (SQLite takes a
/// `CROSS JOIN` in the order written; PostgreSQL plans as it likes): quicker
/// when a further condition keeps few of them, as for the handoff reasons.
fn from_scope_with(
    sql: &mut Sql,
    scope: &ReportScope,
    group: ReportGroup,
    conversations_first: bool,
) {
    sql.push(" FROM conversations c");
    match group {
        ReportGroup::Label(kind) if conversations_first => {
            sql.push(
                " CROSS JOIN conversation_labels l WHERE l.conversation_id = c.id AND l.kind = ",
            )
            .bind(kind.as_str())
            .push(" AND");
        }
        ReportGroup::Label(kind) => {
            sql.push(" JOIN conversation_labels l ON l.conversation_id = c.id AND l.kind = ")
                .bind(kind.as_str())
                .push(" WHERE");
        }
        _ => {
            sql.push(" WHERE");
        }
    }
    sql.push(" c.created_at >= ")
        .bind(scope.from)
        .push(" AND c.created_at < ")
        .bind(scope.to);
    if let Some(channel) = &scope.channel {
        sql.push(" AND c.channel = ").bind(channel.clone());
    }
    match scope.agent {
        Some(0) => {
            sql.push(" AND c.assignee_id IS NULL");
        }
        Some(agent) => {
            sql.push(" AND c.assignee_id = ").bind(agent);
        }
        None => {}
    }
    match scope.team {
        Some(0) => {
            sql.push(" AND c.team_id IS NULL");
        }
        Some(team) => {
            sql.push(" AND c.team_id = ").bind(team);
        }
        None => {}
    }
    if let Some(with) = scope.screenshot {
        sql.push(" AND c.rf_screenshot = ").bind(i64::from(with));
    }
    if let Some((kind, label)) = &scope.label {
        sql.push(
            " AND EXISTS (SELECT 1 FROM conversation_labels fl \
             WHERE fl.conversation_id = c.id AND fl.kind = ",
        )
        .bind(kind.as_str())
        .push(" AND fl.label = ")
        .bind(label.clone())
        .push(")");
    }
}

/// The business-hours time before `t` (an SQL expression), see [`OpenWindow`].
fn open_before(sql: &mut Sql, t: &str, shift: &str, open: &str) {
    let y = format!("({t} + {shift})");
    sql.push(&format!(
        "(({y} / {DAY_MS}) * {open} + CASE WHEN {y} % {DAY_MS} < {open} \
         THEN {y} % {DAY_MS} ELSE {open} END)"
    ));
}

/// `string_agg` of an integer expression (NULLs left out).
fn list(sql: &mut Sql, expr: impl FnOnce(&mut Sql), name: &str) {
    sql.push(", string_agg(CAST(");
    expr(sql);
    sql.push(&format!(" AS TEXT), ',') AS {name}"));
}

/// Reads a `string_agg` list of integers into `out` (see [`parse_ints`]).
fn parse_list(row: &sqlx::any::AnyRow, name: &str, out: &mut Vec<i64>) -> Result<()> {
    let text: Option<String> = row.try_get(name)?;
    match text {
        Some(text) if !parse_ints(text.as_bytes(), out) => Err(StoreError::Corrupt(format!(
            "{name}: not a list of integers"
        ))),
        _ => Ok(()),
    }
}

/// Appends the integers of a comma-separated list (`-12,340,5`; empty: none)
/// to `out`; `false` when it is not such a list. Byte by byte in one plain
/// loop: a list may hold 100,000 numbers, and iterator adapters cost several
/// calls per byte in a debug build.
fn parse_ints(bytes: &[u8], out: &mut Vec<i64>) -> bool {
    out.reserve(bytes.len() / 8);
    let (mut value, mut negative, mut digits) = (0_i64, false, 0_u32);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b.is_ascii_digit() {
            // 18 digits always fit an i64.
            if digits == 18 {
                return false;
            }
            value = value * 10 + i64::from(b - b'0');
            digits += 1;
        } else if b == b',' && digits > 0 {
            out.push(if negative { -value } else { value });
            (value, negative, digits) = (0, false, 0);
        } else if b == b'-' && digits == 0 && !negative {
            negative = true;
        } else {
            return false;
        }
    }
    if digits > 0 {
        out.push(if negative { -value } else { value });
        true
    } else {
        // Empty is no numbers; a trailing `-` or `,` is not a list.
        bytes.is_empty()
    }
}

/// `COUNT(*) FILTER (WHERE …) AS m0, …` for every metric (a filtered
/// aggregate skips the rows it does not count: a fifth quicker on both
/// backends than `SUM(CASE …)`).
fn counts(sql: &mut Sql) {
    for (i, m) in Metric::ALL.iter().enumerate() {
        sql.push(&format!(
            "{}COUNT(*) FILTER (WHERE {}) AS m{i}",
            if i == 0 { "" } else { ", " },
            condition(*m)
        ));
    }
}

fn read_counts(row: &sqlx::any::AnyRow) -> Result<[u64; Metric::ALL.len()]> {
    let mut out = [0; Metric::ALL.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        let n: Option<i64> = row.try_get(format!("m{i}").as_str())?;
        *slot = u64::try_from(n.unwrap_or(0)).unwrap_or(0);
    }
    Ok(out)
}

impl Store {
    /// The conversations in `scope`, added up per group of `group`, with
    /// business-hours times for `hours`. Groups come in no set order; a
    /// period without conversations gives none.
    pub async fn report_groups(
        &self,
        scope: &ReportScope,
        group: ReportGroup,
        hours: Option<OpenWindow>,
    ) -> Result<Vec<GroupFacts>> {
        let key = match group {
            ReportGroup::All => None,
            ReportGroup::Channel => Some("c.channel"),
            ReportGroup::Agent => Some("CAST(c.assignee_id AS TEXT)"),
            ReportGroup::Team => Some("CAST(c.team_id AS TEXT)"),
            ReportGroup::Screenshot => Some("CAST(c.rf_screenshot AS TEXT)"),
            ReportGroup::Label(_) => Some("l.label"),
        };
        let mut sql = Sql::new("SELECT ");
        counts(&mut sql);
        sql.push(&format!(", {} AS k", key.unwrap_or("NULL")));
        list(
            &mut sql,
            |s| {
                s.push("c.rf_first_response_at - c.rf_wait_start");
            },
            "t_fr",
        );
        list(
            &mut sql,
            |s| {
                s.push("c.rf_first_resolved_at - c.created_at");
            },
            "t_res",
        );
        list(
            &mut sql,
            |s| {
                s.push(
                    "CASE WHEN c.status IN ('resolved', 'closed') \
                     THEN c.rf_last_resolved_at - c.created_at END",
                );
            },
            "t_full",
        );
        if let Some(w) = hours {
            // Two numbers of the desk's own settings, written into the text.
            let shift = w.shift_ms.rem_euclid(DAY_MS).to_string();
            let open = w.open_ms.clamp(0, DAY_MS).to_string();
            list(
                &mut sql,
                |s| {
                    open_before(s, "c.rf_first_response_at", &shift, &open);
                    s.push(" - ");
                    open_before(s, "c.rf_wait_start", &shift, &open);
                },
                "t_frb",
            );
            list(
                &mut sql,
                |s| {
                    open_before(s, "c.rf_first_resolved_at", &shift, &open);
                    s.push(" - ");
                    open_before(s, "c.created_at", &shift, &open);
                },
                "t_resb",
            );
        }
        from_scope(&mut sql, scope, group);
        // Without a key, one aggregate row and no sort of the period's rows.
        if key.is_some() {
            sql.push(" GROUP BY k");
        }
        // The first handoffs' reasons: only the handed-off rows, apart, so
        // the big query needs no grouping by them.
        let mut reasons = Sql::new(format!(
            "SELECT {} AS k, c.rf_handoff_reasons AS reasons, COUNT(*) AS n",
            key.unwrap_or("NULL")
        ));
        from_scope_with(&mut reasons, scope, group, true);
        reasons.push(&format!(
            " AND {} GROUP BY {}reasons",
            condition(Metric::HandedOff),
            if key.is_some() { "k, " } else { "" }
        ));
        let (rows, reason_rows) = tokio::try_join!(
            sql.query()?.fetch_all(&self.read),
            reasons.query()?.fetch_all(&self.read),
        )?;
        let mut groups: Vec<GroupFacts> = Vec::with_capacity(rows.len());
        for row in &rows {
            let counts = read_counts(row)?;
            if counts[Metric::Conversations.index()] == 0 {
                continue;
            }
            let mut g = GroupFacts {
                key: row.try_get("k")?,
                counts,
                ..GroupFacts::default()
            };
            parse_list(row, "t_fr", &mut g.first_response_ms)?;
            parse_list(row, "t_res", &mut g.resolution_ms)?;
            parse_list(row, "t_full", &mut g.full_resolution_ms)?;
            if hours.is_some() {
                parse_list(row, "t_frb", &mut g.first_response_open_ms)?;
                parse_list(row, "t_resb", &mut g.resolution_open_ms)?;
            }
            groups.push(g);
        }
        for row in &reason_rows {
            let key: Option<String> = row.try_get("k")?;
            let list: Option<String> = row.try_get("reasons")?;
            let n: i64 = row.try_get("n")?;
            if let (Some(g), Some(list)) = (groups.iter_mut().find(|g| g.key == key), list) {
                g.reasons.push((list, u64::try_from(n).unwrap_or(0)));
            }
        }
        Ok(groups)
    }

    /// The ids of the conversations in `scope` that `metric` counts, oldest
    /// first, at most `limit`, and how many it counts in all.
    pub async fn report_ids(
        &self,
        scope: &ReportScope,
        metric: Metric,
        limit: i64,
    ) -> Result<(Vec<i64>, u64)> {
        let mut sql = Sql::new("SELECT COUNT(*) AS n");
        from_scope(&mut sql, scope, ReportGroup::All);
        sql.push(&format!(" AND {}", condition(metric)));
        let total: i64 = sql.query()?.fetch_one(&self.read).await?.try_get("n")?;
        let mut sql = Sql::new("SELECT c.id");
        from_scope(&mut sql, scope, ReportGroup::All);
        sql.push(&format!(" AND {}", condition(metric)))
            .push(" ORDER BY c.created_at, c.id LIMIT ")
            .bind(limit);
        let rows = sql.query()?.fetch_all(&self.read).await?;
        let ids = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<Vec<i64>, _>>()?;
        Ok((ids, u64::try_from(total).unwrap_or(0)))
    }

    /// Conversations in `scope` per local weekday (0 = Monday) and hour, at
    /// `utc_offset_minutes`: (weekday, hour, conversations), empty cells left
    /// out.
    pub async fn report_heat(
        &self,
        scope: &ReportScope,
        utc_offset_minutes: i32,
    ) -> Result<Vec<(u8, u8, u64)>> {
        // Local minutes since the epoch, moved on by whole weeks so they are
        // never negative (1970-01-01 was a Thursday: weekday 3).
        let mut sql = Sql::new("SELECT ((c.created_at / 60000 + ");
        sql.bind(i64::from(utc_offset_minutes) + 1_008_000);
        let offset = sql.last();
        sql.push(&format!(
            ") / 1440 + 3) % 7 AS wd, ((c.created_at / 60000 + {offset}) % 1440) / 60 AS h, \
             COUNT(*) AS n"
        ));
        from_scope(&mut sql, scope, ReportGroup::All);
        sql.push(" GROUP BY wd, h");
        let rows = sql.query()?.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                let (wd, h, n): (i64, i64, i64) =
                    (r.try_get("wd")?, r.try_get("h")?, r.try_get("n")?);
                Ok((
                    u8::try_from(wd).unwrap_or(0),
                    u8::try_from(h).unwrap_or(0),
                    u64::try_from(n).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// Per A/B template variant the bot recorded with an outcome, the
    /// conversations created in `[from, to)` that saw it, added up:
    /// (template, variant, counts by [`Metric::index`]).
    pub async fn experiment_counts(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, String, [u64; Metric::ALL.len()])>> {
        let mut sql = Sql::new("SELECT o.template_id, o.variant, ");
        counts(&mut sql);
        sql.push(
            " FROM (SELECT DISTINCT template_id, variant, conversation_id FROM bot_outcomes) o \
             JOIN conversations c ON c.id = o.conversation_id WHERE c.created_at >= ",
        )
        .bind(from)
        .push(" AND c.created_at < ")
        .bind(to)
        .push(" GROUP BY o.template_id, o.variant ORDER BY o.template_id, o.variant");
        let rows = sql.query()?.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("template_id")?,
                    r.try_get("variant")?,
                    read_counts(r)?,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ints;

    #[test]
    fn integer_lists_read_back_exactly_and_bad_ones_are_refused() {
        let mut out = Vec::new();
        assert!(parse_ints(b"-12,340,5,0,9223372036854775", &mut out));
        assert_eq!(out, vec![-12, 340, 5, 0, 9_223_372_036_854_775]);
        let mut none = Vec::new();
        assert!(parse_ints(b"", &mut none));
        assert!(none.is_empty());
        for bad in [
            &b"1,"[..],
            b",1",
            b"1,,2",
            b"-",
            b"1-2",
            b"1.5",
            b"--1",
            b"1234567890123456789",
        ] {
            assert!(
                !parse_ints(bad, &mut Vec::new()),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
