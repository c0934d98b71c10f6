//! `kadesk bench reports`: seeds a database with many conversation
//! histories (default 100,000 conversations, 1,000,000 messages over 30
//! days) and times the report overview and each view over the whole
//! period, printing the figures. SQLite in a temporary folder unless
//! `--database-url` names another (use an empty PostgreSQL database).

use std::time::{Duration, Instant};

use kadesk_desk::reports::{self, Metric, ReportQuery, View};
use kadesk_desk::{Desk, DeskConfig};
use kadesk_domain::{Channel, SenderKind};
use kadesk_store::{History, HistoryEvent, HistoryMessage, LabelKind, Store};
use rand::{Rng, SeedableRng};

const S: i64 = 1000;
const DAY: i64 = 24 * 3600 * S;
/// 2026-11-01 00:00 UTC.
const START: i64 = 1_793_491_200_000;
const DAYS: i64 = 30;
const REASONS: &[&str] = &[
    "human_request",
    "negative_sentiment",
    "repeated_fallback",
    "paid_not_delivered",
];
const CHANNELS: &[&str] = &["web", "web", "web", "telegram", "wechat"];
const TAGS: &[&str] = &[
    "系统错误",
    "商品不符",
    "用户操作",
    "支付故障",
    "充值延迟",
    "账号问题",
];
const INTENTS: &[&str] = &[
    "order_status",
    "card_key_invalid",
    "refund",
    "recharge",
    "how_to_use",
];
const PRODUCTS: &[&str] = &[
    "Netflix 月卡",
    "Steam 充值卡 100",
    "App Store 礼品卡",
    "腾讯视频会员",
];

/// One synthetic history: about `per` messages, a bot that resolves most,
/// handoffs answered by one of `agents`, some ratings and returns.
fn history(
    rng: &mut rand::rngs::StdRng,
    contact: i64,
    agents: &[i64],
    teams: &[i64],
    per: usize,
) -> History {
    let created = START + rng.gen_range(0..DAYS * DAY);
    let mut at = created;
    let mut messages = Vec::with_capacity(per);
    let mut events = Vec::new();
    let handoff = rng.gen_bool(0.3);
    let agent = agents[rng.gen_range(0..agents.len())];
    for i in 0..per {
        at += rng.gen_range(2..120) * S;
        let sender = if i % 2 == 0 {
            SenderKind::Buyer
        } else if handoff && i > per / 2 {
            SenderKind::Agent
        } else {
            SenderKind::Bot
        };
        if handoff && i == per / 2 {
            events.push(HistoryEvent {
                kind: "handoff".into(),
                at,
                actor_id: None,
                reasons: vec![REASONS[rng.gen_range(0..REASONS.len())].to_owned()],
            });
        }
        messages.push(HistoryMessage {
            sender,
            sender_id: (sender == SenderKind::Agent).then_some(agent),
            text: "订单 20261101123456 的卡密还没收到".into(),
            at,
        });
    }
    let resolved = rng.gen_bool(0.85);
    if resolved {
        events.push(HistoryEvent {
            kind: "resolved".into(),
            at: at + 60 * S,
            actor_id: None,
            reasons: Vec::new(),
        });
    }
    // A resolved conversation has a case: a tag or two, an intent, a product.
    let mut labels = Vec::new();
    if resolved {
        let pick = |rng: &mut rand::rngs::StdRng, from: &[&str]| {
            from[rng.gen_range(0..from.len())].to_owned()
        };
        labels.push((LabelKind::Tag, pick(rng, TAGS)));
        if rng.gen_bool(0.3) {
            let second = pick(rng, TAGS);
            if !labels.iter().any(|(_, l)| *l == second) {
                labels.push((LabelKind::Tag, second));
            }
        }
        labels.push((LabelKind::Intent, pick(rng, INTENTS)));
        labels.push((LabelKind::Product, pick(rng, PRODUCTS)));
    }
    History {
        team_id: handoff.then(|| teams[rng.gen_range(0..teams.len())]),
        labels,
        contact_id: contact,
        channel: CHANNELS[rng.gen_range(0..CHANNELS.len())].into(),
        opened_status: "bot".into(),
        status: if resolved { "resolved" } else { "queued" }.into(),
        assignee_id: handoff.then_some(agent),
        created_at: created,
        rating_stars: (resolved && rng.gen_bool(0.3)).then(|| rng.gen_range(1..=5)),
        messages,
        events,
    }
}

/// Seeds `conversations` histories of `per` messages each.
async fn seed(store: &Store, conversations: usize, per: usize) -> anyhow::Result<()> {
    // A database an earlier run seeded (`--database-url`) is timed as it
    // is, so two builds can be compared on the same data.
    if store.user_by_name("bench0").await?.is_some() {
        println!("  seeding skipped: the database holds an earlier run's histories");
        return Ok(());
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(15);
    let mut agents = Vec::new();
    for i in 0..20 {
        let user = store
            .create_user(
                &format!("bench{i}"),
                &format!("坐席{i}"),
                kadesk_domain::Role::Agent,
                "x",
            )
            .await?;
        agents.push(user.id);
    }
    let mut teams = Vec::new();
    for name in ["售前", "售后", "技术"] {
        teams.push(store.create_team(name, true, START).await?.id);
    }
    // About three conversations per buyer, so returns happen.
    let buyers = (conversations / 3).max(1);
    let mut contacts = Vec::with_capacity(buyers);
    for i in 0..buyers {
        contacts.push(
            store
                .create_contact(&format!("买家{i}"), "zh-CN", Channel::Web, None)
                .await?
                .id,
        );
    }
    let started = Instant::now();
    let batch = 1_000;
    let mut done = 0;
    while done < conversations {
        let n = batch.min(conversations - done);
        let histories: Vec<History> = (0..n)
            .map(|_| {
                let contact = contacts[rng.gen_range(0..contacts.len())];
                history(&mut rng, contact, &agents, &teams, per)
            })
            .collect();
        store.import_histories(&histories).await?;
        done += n;
        if done % 20_000 == 0 {
            eprintln!("  seeded {done} conversations ({:.0?})", started.elapsed());
        }
    }
    store.refresh_statistics().await?;
    println!(
        "seeded {conversations} conversations, {} messages in {:.1?}",
        conversations * per,
        started.elapsed()
    );
    Ok(())
}

async fn time<T, F: std::future::Future<Output = Result<T, kadesk_desk::DeskError>>>(
    name: &str,
    f: impl Fn() -> F,
) -> anyhow::Result<Duration> {
    // Warm once, then the best of three.
    f().await?;
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        f().await?;
        best = best.min(started.elapsed());
    }
    println!("  {name:<28} {:>8.1} ms", best.as_secs_f64() * 1000.0);
    Ok(best)
}

/// Seeds and times the reports.
pub async fn run(
    conversations: usize,
    per: usize,
    database_url: Option<String>,
) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = database_url
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    println!("kadesk bench reports on {}", kadesk_store::redact_url(&url));
    let store = Store::connect(&url).await?;
    seed(&store, conversations, per).await?;
    let desk = Desk::new(
        store.clone(),
        DeskConfig {
            business_hours: Some(kadesk_desk::hours::BusinessHours::parse(
                "09:00-24:00",
                "+08:00",
            )?),
            ..DeskConfig::default()
        },
    );
    // The second half of the period, so the previous period has data too.
    let query = ReportQuery {
        from: START + DAYS * DAY / 2,
        to: START + DAYS * DAY,
        ..ReportQuery::default()
    };
    let whole = ReportQuery {
        from: START,
        to: START + DAYS * DAY,
        ..query.clone()
    };
    let mut worst = Duration::ZERO;
    worst = worst.max(
        time("overview (15 d + previous)", || {
            reports::overview(&desk, &query)
        })
        .await?,
    );
    worst = worst.max(
        time("overview (30 d + previous)", || {
            reports::overview(&desk, &whole)
        })
        .await?,
    );
    worst = worst.max(
        time("per channel (30 d)", || {
            reports::breakdown(&desk, &whole, View::Channels)
        })
        .await?,
    );
    worst = worst.max(
        time("per agent (30 d)", || {
            reports::breakdown(&desk, &whole, View::Agents)
        })
        .await?,
    );
    for view in [
        View::Teams,
        View::Tags,
        View::Intents,
        View::Products,
        View::Pictures,
    ] {
        let name = format!("per {} (30 d)", view.as_str());
        worst = worst.max(time(&name, || reports::breakdown(&desk, &whole, view)).await?);
    }
    worst = worst.max(
        time("experiments (30 d)", || {
            reports::experiments::experiments(&desk, &whole)
        })
        .await?,
    );
    worst = worst.max(
        time("busiest hours (30 d)", || {
            reports::heatmap(&desk, &whole, 480)
        })
        .await?,
    );
    worst = worst.max(
        time("drill-down recontacted (30 d)", || {
            reports::drill_down(&desk, &whole, &Metric::Recontacted, 50)
        })
        .await?,
    );
    let tagged = ReportQuery {
        label: Some((LabelKind::Tag, "充值延迟".into())),
        ..whole.clone()
    };
    worst = worst.max(
        time("drill-down tag resolved (30 d)", || {
            reports::drill_down(&desk, &tagged, &Metric::Resolved, 50)
        })
        .await?,
    );
    let web = ReportQuery {
        channel: Some("web".into()),
        ..whole.clone()
    };
    worst = worst.max(
        time("overview, web only (30 d)", || {
            reports::overview(&desk, &web)
        })
        .await?,
    );
    println!(
        "slowest: {:.1} ms (bar: 1000 ms)",
        worst.as_secs_f64() * 1000.0
    );
    store.close().await;
    Ok(())
}
