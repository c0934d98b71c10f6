//! `kadesk report --from … --to … [--json]`: the overview of a period, as
//! the console's 报表 shows it (definitions in docs/reports.md).

use clap::Args;
use kadesk_desk::reports::{Figures, Overview, Percentiles, ReportQuery};
use kadesk_desk::{Desk, DeskConfig};
use kadesk_store::Store;

/// The period and how to print it.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Start of the period, RFC 3339 (e.g. 2026-11-01T00:00:00+08:00).
    #[arg(long)]
    pub from: String,
    /// End of the period (excluded), RFC 3339.
    #[arg(long)]
    pub to: String,
    /// Only this channel (web, telegram, wechat, whatsapp, email).
    #[arg(long)]
    pub channel: Option<String>,
    /// Print JSON (the body of GET /api/v1/reports/overview).
    #[arg(long)]
    pub json: bool,
}

fn millis(name: &str, text: &str) -> anyhow::Result<i64> {
    let at: jiff::Timestamp = text.parse().map_err(|e| {
        anyhow::anyhow!(
            "--{name} {text:?} is not an RFC 3339 time such as 2026-11-01T00:00:00+08:00: {e}"
        )
    })?;
    Ok(at.as_millisecond())
}

/// Prints the overview of the period (`files_dir`: the data folder's
/// pictures, as `serve` has them).
pub async fn run(
    store: Store,
    business_hours: Option<kadesk_desk::hours::BusinessHours>,
    files_dir: std::path::PathBuf,
    args: &ReportArgs,
) -> anyhow::Result<()> {
    let query = ReportQuery {
        from: millis("from", &args.from)?,
        to: millis("to", &args.to)?,
        channel: args.channel.clone(),
        ..ReportQuery::default()
    };
    let desk = Desk::new(
        store,
        DeskConfig {
            business_hours,
            files_dir,
            ..DeskConfig::default()
        },
    );
    let overview = kadesk_desk::reports::overview(&desk, &query).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&overview)?);
    } else {
        print!("{}", text(&overview, &args.from, &args.to));
    }
    Ok(())
}

fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn duration(secs: Option<f64>) -> String {
    let Some(s) = secs else {
        return "–".to_owned();
    };
    let s = s.round() as i64;
    match s {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

fn times(p: &Percentiles) -> String {
    format!(
        "p50 {} · p90 {} (n={})",
        duration(p.p50),
        duration(p.p90),
        p.count
    )
}

fn trend(current: f64, previous: f64) -> String {
    if previous == 0.0 {
        return String::new();
    }
    let change = (current - previous) / previous * 100.0;
    format!("  ({change:+.0}% vs previous)")
}

/// A handoff reason code in words (as the console's English shows it);
/// an unknown code as it is.
fn reason(code: &str) -> &str {
    match code {
        "human_request" => "asked for a person",
        "negative_sentiment" => "negative sentiment",
        "repeated_fallback" => "not understood repeatedly",
        "repeated_intent" => "same problem again",
        "sensitive_intent" => "sensitive topic",
        "vip" => "VIP contact",
        "paid_not_delivered" => "paid, not delivered",
        "after_hours" => "after hours",
        "verification_failed" => "verification failed",
        "order_problem" => "order problem",
        "unresolved" => "unresolved",
        other => other,
    }
}

/// The overview as a short table for a terminal.
pub fn text(o: &Overview, from: &str, to: &str) -> String {
    let (c, p): (&Figures, &Figures) = (&o.current, &o.previous);
    let mut out = format!("kadesk report {from} → {to}\n");
    let mut line = |name: &str, value: String| {
        out.push_str(&format!("  {name:<26} {value}\n"));
    };
    line(
        "conversations",
        format!(
            "{}{}",
            c.conversations,
            trend(c.conversations as f64, p.conversations as f64)
        ),
    );
    line("bot conversations", c.bot_conversations.to_string());
    line("handoff rate", rate(c.handoff_rate));
    line("bot resolution rate", rate(c.bot_resolution_rate));
    line("automation rate", rate(c.automation_rate));
    line("first response", times(&c.first_response_secs));
    line(
        "  in business hours",
        times(&c.first_response_business_secs),
    );
    line("unanswered", c.unanswered.to_string());
    line("resolution", times(&c.resolution_secs));
    line("  in business hours", times(&c.resolution_business_secs));
    line("first-contact resolution", rate(c.fcr_rate));
    line("re-contact within 7 days", rate(c.recontact_rate));
    line(
        "CSAT",
        format!(
            "{} of {} ratings (response rate {})",
            rate(c.csat.rate),
            c.csat.responses,
            rate(c.csat.response_rate)
        ),
    );
    for r in &c.handoff_reasons {
        line(
            &format!("handoff: {}", reason(&r.reason)),
            format!("{} ({})", r.conversations, rate(Some(r.share))),
        );
    }
    out
}
