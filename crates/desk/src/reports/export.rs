//! CSV exports of the report tables and of the conversations a number
//! counts, with their messages. Anything in a message that looks like a card
//! key (a run of 12 or more letters and digits mixing both) is masked as the
//! console masks keys: an export never carries one.

use kadesk_domain::Conversation;

use super::{BreakdownRow, Figures, HeatCell, Metric, ReportQuery, View};
use crate::{Desk, DeskError, DeskResult};

/// The most conversations one export with messages holds.
pub const MAX_EXPORT_CONVERSATIONS: usize = 5_000;

/// Messages read per conversation in an export.
const MAX_MESSAGES: i64 = 1_000;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> DeskResult<Vec<u8>> {
    let mut bytes = w
        .into_inner()
        .map_err(|e| DeskError::Internal(format!("csv: {e}")))?;
    // A byte-order mark so spreadsheet programs read Chinese as UTF-8.
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.append(&mut bytes);
    Ok(out)
}

fn csv_err(e: csv::Error) -> DeskError {
    DeskError::Internal(format!("csv: {e}"))
}

fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

const FIGURE_HEADERS: &[&str] = &[
    "conversations",
    "bot_conversations",
    "handed_off",
    "handoff_rate",
    "bot_resolved",
    "bot_resolution_rate",
    "automation_rate",
    "first_response_p50_secs",
    "first_response_p90_secs",
    "first_response_business_p50_secs",
    "unanswered",
    "resolved",
    "resolution_p50_secs",
    "resolution_p90_secs",
    "fcr_rate",
    "recontact_rate",
    "csat_percent",
    "csat_responses",
    "with_screenshot",
    "screenshot_rate",
    "screenshot_read",
    "screenshot_read_rate",
];

/// The per-agent table's own columns (see [`BreakdownRow`]).
const AGENT_HEADERS: &[&str] = &["online_secs", "away_secs", "canned_reply_uses"];

fn figure_cells(f: &Figures) -> Vec<String> {
    vec![
        f.conversations.to_string(),
        f.bot_conversations.to_string(),
        f.handed_off.to_string(),
        opt(f.handoff_rate),
        f.bot_resolved.to_string(),
        opt(f.bot_resolution_rate),
        opt(f.automation_rate),
        opt(f.first_response_secs.p50),
        opt(f.first_response_secs.p90),
        opt(f.first_response_business_secs.p50),
        f.unanswered.to_string(),
        f.resolved.to_string(),
        opt(f.resolution_secs.p50),
        opt(f.resolution_secs.p90),
        opt(f.fcr_rate),
        opt(f.recontact_rate),
        opt(f.csat.percent),
        f.csat.responses.to_string(),
        f.with_screenshot.to_string(),
        opt(f.screenshot_rate),
        f.screenshot_read.to_string(),
        opt(f.screenshot_read_rate),
    ]
}

/// The overview as CSV: one row for the period, one for the previous one.
pub fn overview_csv(current: &Figures, previous: &Figures) -> DeskResult<Vec<u8>> {
    let mut w = writer();
    let mut head = vec!["period"];
    head.extend_from_slice(FIGURE_HEADERS);
    w.write_record(&head).map_err(csv_err)?;
    for (name, f) in [("current", current), ("previous", previous)] {
        let mut row = vec![name.to_owned()];
        row.extend(figure_cells(f));
        w.write_record(&row).map_err(csv_err)?;
    }
    finish(w)
}

/// A breakdown of `view` as CSV (the per-agent one with the agents' online
/// and away time and canned-reply uses).
pub fn breakdown_csv(view: View, rows: &[BreakdownRow]) -> DeskResult<Vec<u8>> {
    let agents = view == View::Agents;
    let mut w = writer();
    let mut head = vec!["key", "name"];
    head.extend_from_slice(FIGURE_HEADERS);
    if agents {
        head.extend_from_slice(AGENT_HEADERS);
    }
    w.write_record(&head).map_err(csv_err)?;
    for r in rows {
        let mut row = vec![r.key.clone(), r.name.clone().unwrap_or_default()];
        row.extend(figure_cells(&r.figures));
        if agents {
            row.extend([
                opt(r.online_secs),
                opt(r.away_secs),
                r.canned_reply_uses
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ]);
        }
        w.write_record(&row).map_err(csv_err)?;
    }
    finish(w)
}

/// The heat-map as CSV.
pub fn heatmap_csv(cells: &[HeatCell]) -> DeskResult<Vec<u8>> {
    let mut w = writer();
    w.write_record(["weekday", "hour", "conversations"])
        .map_err(csv_err)?;
    for c in cells {
        w.write_record([
            c.weekday.to_string(),
            c.hour.to_string(),
            c.conversations.to_string(),
        ])
        .map_err(csv_err)?;
    }
    finish(w)
}

fn conversation_cells(c: &Conversation) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.contact_name.clone(),
        c.channel.as_str().to_owned(),
        c.status.as_str().to_owned(),
        c.assignee_name.clone().unwrap_or_default(),
        c.created_at.to_string(),
        c.rating
            .as_ref()
            .map(|r| r.stars.to_string())
            .unwrap_or_default(),
    ]
}

/// The conversations a number counts as CSV, with their messages when
/// `with_messages` (one row per message, the conversation's columns
/// repeated); at most [`MAX_EXPORT_CONVERSATIONS`].
pub async fn conversations_csv(
    desk: &Desk,
    query: &ReportQuery,
    metric: &Metric,
    with_messages: bool,
) -> DeskResult<Vec<u8>> {
    let (conversations, _) =
        super::drill_down(desk, query, metric, MAX_EXPORT_CONVERSATIONS).await?;
    let mut w = writer();
    let mut head = vec![
        "conversation_id",
        "contact",
        "channel",
        "status",
        "assignee",
        "created_at_ms",
        "rating",
    ];
    if with_messages {
        head.extend_from_slice(&["seq", "sender", "sender_name", "at_ms", "text"]);
    }
    w.write_record(&head).map_err(csv_err)?;
    for c in &conversations {
        let cells = conversation_cells(c);
        if !with_messages {
            w.write_record(&cells).map_err(csv_err)?;
            continue;
        }
        let messages = desk.store.messages_after(c.id, 0, MAX_MESSAGES).await?;
        for m in messages {
            let mut row = cells.clone();
            row.extend([
                m.seq.to_string(),
                m.sender.as_str().to_owned(),
                m.sender_name.unwrap_or_default(),
                m.created_at.to_string(),
                mask_keys(&m.text),
            ]);
            w.write_record(&row).map_err(csv_err)?;
        }
    }
    finish(w)
}

/// Masks every run that looks like a card key: 12 or more ASCII letters,
/// digits and dashes holding both letters and digits.
pub fn mask_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let alnum = run.chars().filter(char::is_ascii_alphanumeric).count();
        let letters = run.chars().any(|c| c.is_ascii_alphabetic());
        let digits = run.chars().any(|c| c.is_ascii_digit());
        if alnum >= 12 && letters && digits {
            out.push_str(
                &run.chars()
                    .map(|c| if c == '-' { c } else { '*' })
                    .collect::<String>(),
            );
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::mask_keys;

    #[test]
    fn card_keys_are_masked_and_order_numbers_kept() {
        assert_eq!(
            mask_keys("卡密 ABCD-1234-EFGH-5678 不能用"),
            "卡密 ****-****-****-**** 不能用"
        );
        assert_eq!(mask_keys("订单 202611211234567"), "订单 202611211234567");
        assert_eq!(mask_keys("hello world"), "hello world");
        assert_eq!(mask_keys("key=X9Y8Z7W6V5U4"), "key=************");
    }
}
