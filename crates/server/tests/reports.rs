//! Reports on hand-built histories with known answers (docs/reports.md), on
//! SQLite and PostgreSQL: a handoff then an agent's reply (bot messages
//! never count), bot-only resolves reversed by a return within 7 days,
//! ratings, business hours across a night, the previous period, drill-down
//! to exactly the counted conversations, CSV exports without card keys, and
//! the events the live path records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::{bearer, signed_in, Api, TestDb};
use kadesk_domain::{Channel, ConversationStatus, Role, SenderKind};
use kadesk_server::{AppState, ServerConfig};
use kadesk_store::{History, HistoryEvent, HistoryMessage, LabelKind, NewMessage, Store};
use serde_json::Value;

const S: i64 = 1000;
const MIN: i64 = 60 * S;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// 2026-11-02 (a Monday) at 00:00 in Beijing (UTC+8), Unix ms.
const MONDAY: i64 = 1_793_577_600_000 - 8 * HOUR;
const FROM: &str = "2026-11-02T00:00:00%2B08:00";
const TO: &str = "2026-11-09T00:00:00%2B08:00";

fn msg(sender: SenderKind, sender_id: Option<i64>, text: &str, at: i64) -> HistoryMessage {
    HistoryMessage {
        sender,
        sender_id,
        text: text.to_owned(),
        at,
    }
}

fn ev(kind: &str, at: i64, reasons: &[&str]) -> HistoryEvent {
    HistoryEvent {
        kind: kind.to_owned(),
        at,
        actor_id: None,
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn history(contact: i64, opened: &str, status: &str, created_at: i64) -> History {
    History {
        contact_id: contact,
        channel: "web".into(),
        opened_status: opened.into(),
        status: status.into(),
        assignee_id: None,
        created_at,
        rating_stars: None,
        messages: Vec::new(),
        events: Vec::new(),
        team_id: None,
        labels: Vec::new(),
    }
}

async fn state_with_hours(db: &TestDb) -> AppState {
    let store = Store::connect(&db.url).await.unwrap();
    AppState::new(
        store,
        ServerConfig {
            public_url: None,
            files_dir: db.files_dir(),
            nlu_examples: db.dir.path().join("nlu").join("examples.tsv"),
            bot: kadesk_bot::BotConfig::default(),
            business_hours: Some(
                kadesk_desk::hours::BusinessHours::parse("09:00-24:00", "+08:00").unwrap(),
            ),
            trusted_proxies: Vec::new(),
            file_settings: Vec::new(),
        },
    )
}

/// The conversations of the known history, by name.
struct Known {
    x: i64,
    c1: i64,
    c2: i64,
    c3: i64,
    c4: i64,
    c5: i64,
}

/// Builds the history the tests know the answers of (see each comment).
async fn build(store: &Store, x: i64, y: i64) -> Known {
    let mut contacts = Vec::new();
    for name in ["A", "B", "C", "D", "E"] {
        contacts.push(
            store
                .create_contact(name, "zh-CN", Channel::Web, None)
                .await
                .unwrap()
                .id,
        );
    }
    let [a, b, c, d, e] = contacts[..] else {
        panic!()
    };
    let t = MONDAY + 10 * HOUR; // Monday 10:00
                                // c1: the bot hands off after 60 s; the bot writes again (never counts);
                                // agent X answers 120 s after the handoff; resolved at 600 s; 5 stars.
    let mut c1 = history(a, "bot", "resolved", t);
    c1.assignee_id = Some(x);
    c1.rating_stars = Some(5);
    c1.messages = vec![
        msg(SenderKind::Buyer, None, "卡密不能用", t),
        msg(SenderKind::Bot, None, "请提供订单号", t + 5 * S),
        msg(SenderKind::Bot, None, "正在为您转接人工", t + 61 * S),
        msg(
            SenderKind::Agent,
            Some(x),
            "新卡密 ABCD-1234-EFGH-5678 请查收",
            t + 180 * S,
        ),
    ];
    c1.events = vec![
        ev("handoff", t + 60 * S, &["human_request"]),
        ev("resolved", t + 600 * S, &[]),
    ];
    // c2: the bot resolves it alone at 300 s, but buyer B starts c3 two
    // days later about the same problem (both tagged 用户操作): the
    // resolution is reversed, and it is a re-contact.
    let t2 = t + HOUR;
    let mut c2 = history(b, "bot", "resolved", t2);
    c2.labels = vec![
        (LabelKind::Tag, "用户操作".into()),
        (LabelKind::Intent, "order_status".into()),
    ];
    c2.messages = vec![
        msg(SenderKind::Buyer, None, "订单状态?", t2),
        msg(SenderKind::Bot, None, "已发货", t2 + 10 * S),
    ];
    c2.events = vec![ev("resolved", t2 + 300 * S, &[])];
    // c3: resolved by the bot in 120 s, buyer B never returns; 2 stars.
    let t3 = t2 + 2 * DAY;
    let mut c3 = history(b, "bot", "resolved", t3);
    c3.labels = vec![
        (LabelKind::Tag, "用户操作".into()),
        (LabelKind::Intent, "usage".into()),
    ];
    c3.rating_stars = Some(2);
    c3.messages = vec![
        msg(SenderKind::Buyer, None, "怎么使用", t3),
        msg(SenderKind::Bot, None, "请看说明", t3 + 5 * S),
    ];
    c3.events = vec![ev("resolved", t3 + 120 * S, &[])];
    // c4: opened for a person at Monday 23:50 (no bot); agent Y answers at
    // 09:05 the next morning (9 h 15 min; 15 min of business hours);
    // resolved 09:30, the buyer reopens 09:40, agent X answers, resolved
    // 10:00; 4 stars.
    let t4 = MONDAY + 23 * HOUR + 50 * MIN;
    let tue = MONDAY + DAY;
    let mut c4 = history(c, "queued", "resolved", t4);
    c4.assignee_id = Some(x);
    c4.rating_stars = Some(4);
    c4.messages = vec![
        msg(SenderKind::Buyer, None, "充值失败", t4),
        msg(
            SenderKind::Agent,
            Some(y),
            "我看一下",
            tue + 9 * HOUR + 5 * MIN,
        ),
        msg(
            SenderKind::Buyer,
            None,
            "还是不行",
            tue + 9 * HOUR + 40 * MIN,
        ),
        msg(
            SenderKind::Agent,
            Some(x),
            "已处理",
            tue + 9 * HOUR + 45 * MIN,
        ),
    ];
    c4.events = vec![
        ev("resolved", tue + 9 * HOUR + 30 * MIN, &[]),
        ev("reopened", tue + 9 * HOUR + 40 * MIN, &[]),
        ev("resolved", tue + 10 * HOUR, &[]),
    ];
    // c5: handed off for two reasons, never answered.
    let t5 = t + 3 * HOUR;
    let mut c5 = history(d, "bot", "queued", t5);
    c5.messages = vec![msg(SenderKind::Buyer, None, "垃圾,我要投诉", t5)];
    c5.events = vec![ev(
        "handoff",
        t5 + 30 * S,
        &["negative_sentiment", "human_request"],
    )];
    // c0: the week before, resolved by the bot, buyer E never returns.
    let t0 = t - 7 * DAY;
    let mut c0 = history(e, "bot", "resolved", t0);
    c0.messages = vec![msg(SenderKind::Buyer, None, "你好", t0)];
    c0.events = vec![ev("resolved", t0 + 60 * S, &[])];
    let ids = store
        .import_histories(&[c0, c1, c2, c3, c4, c5])
        .await
        .unwrap();
    Known {
        x,
        c1: ids[1],
        c2: ids[2],
        c3: ids[3],
        c4: ids[4],
        c5: ids[5],
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn close(v: &Value, want: f64) {
    assert!((f(v) - want).abs() < 1e-9, "{v} is not {want}");
}

async fn setup(db: TestDb) -> (Api, String, Known) {
    let state = state_with_hours(&db).await;
    let api = Api::with_state(db, state);
    let (x, token) = signed_in(&api.state.store, "boss", Role::Supervisor, "pw-123456789").await;
    let (y, _) = signed_in(&api.state.store, "yan", Role::Agent, "pw-123456789").await;
    let known = build(&api.state.store, x.id, y.id).await;
    (api, token, known)
}

#[tokio::test]
async fn the_overview_applies_every_definition_to_a_known_history() {
    for db in TestDb::all().await {
        let label = db.label;
        let (api, token, _) = setup(db).await;
        let (status, o) = api
            .get(
                &format!("/api/v1/reports/overview?from={FROM}&to={TO}"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {o}");
        assert_eq!(o["conversations"], 5, "{label}");
        assert_eq!(o["bot_conversations"], 4, "{label}: c4 opened for a person");
        assert_eq!(o["handed_off"], 2, "{label}");
        close(&o["handoff_rate"], 0.5);
        assert_eq!(
            o["bot_resolved"], 1,
            "{label}: c2 reversed by the return, only c3"
        );
        close(&o["bot_resolution_rate"], 0.25);
        close(&o["automation_rate"], 0.2);
        // First response: c1 120 s (from the handoff, bot messages skipped),
        // c4 9 h 15 min across the night; c5 unanswered.
        close(&o["first_response_secs"]["p50"], 120.0);
        close(&o["first_response_secs"]["p90"], 33_300.0);
        assert_eq!(o["first_response_secs"]["count"], 2);
        close(&o["first_response_business_secs"]["p50"], 120.0);
        close(&o["first_response_business_secs"]["p90"], 900.0);
        assert_eq!(o["unanswered"], 1);
        // Resolution: 120, 300, 600 and c4's first resolve 9 h 40 min
        // (40 min of business hours); c4's full resolution 10 h 10 min.
        assert_eq!(o["resolved"], 4);
        close(&o["resolution_secs"]["p50"], 300.0);
        close(&o["resolution_secs"]["p90"], 34_800.0);
        close(&o["resolution_business_secs"]["p90"], 2_400.0);
        close(&o["full_resolution_secs"]["p90"], 36_600.0);
        // FCR: c4 was reopened and had two agents.
        close(&o["fcr_rate"], 0.75);
        // Re-contact: c2 (buyer B came back with c3) and c4 (reopened).
        close(&o["recontact_rate"], 0.5);
        // CSAT: 5, 2 and 4 stars.
        assert_eq!(o["csat"]["responses"], 3);
        close(&o["csat"]["rate"], 2.0 / 3.0);
        close(&o["csat"]["percent"], 200.0 / 3.0);
        close(&o["csat"]["response_rate"], 0.75);
        let reasons = o["handoff_reasons"].as_array().unwrap();
        assert_eq!(reasons[0]["reason"], "human_request");
        assert_eq!(reasons[0]["conversations"], 2);
        close(&reasons[0]["share"], 1.0);
        assert_eq!(reasons[1]["reason"], "negative_sentiment");
        // The week before: one conversation, resolved by the bot.
        assert_eq!(o["previous"]["conversations"], 1, "{label}");
        close(&o["previous"]["bot_resolution_rate"], 1.0);
        assert_eq!(o["previous"]["first_response_secs"]["p50"], Value::Null);
    }
}

async fn drill(api: &Api, token: &str, metric: &str) -> (Vec<i64>, u64) {
    let (status, body) = api
        .get(
            &format!("/api/v1/reports/conversations?from={FROM}&to={TO}&metric={metric}"),
            Some(token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    (ids, body["total"].as_u64().unwrap())
}

#[tokio::test]
async fn every_number_drills_down_to_exactly_the_conversations_it_counts() {
    for db in TestDb::all().await {
        let (api, token, k) = setup(db).await;
        let cases: &[(&str, Vec<i64>)] = &[
            ("conversations", vec![k.c1, k.c2, k.c3, k.c4, k.c5]),
            ("bot_conversations", vec![k.c1, k.c2, k.c3, k.c5]),
            ("handed_off", vec![k.c1, k.c5]),
            ("bot_resolved", vec![k.c3]),
            ("first_responded", vec![k.c1, k.c4]),
            ("unanswered", vec![k.c5]),
            ("resolved", vec![k.c1, k.c2, k.c3, k.c4]),
            ("first_contact_resolved", vec![k.c1, k.c2, k.c3]),
            ("recontacted", vec![k.c2, k.c4]),
            ("rated", vec![k.c1, k.c3, k.c4]),
            ("satisfied", vec![k.c1, k.c4]),
        ];
        for (metric, want) in cases {
            let (mut ids, total) = drill(&api, &token, metric).await;
            ids.sort_unstable();
            assert_eq!(&ids, want, "{metric}");
            assert_eq!(total, want.len() as u64, "{metric}");
        }
    }
}

#[tokio::test]
async fn views_by_channel_agent_and_hour_split_the_same_conversations() {
    for db in TestDb::all().await {
        let (api, token, k) = setup(db).await;
        let (status, body) = api
            .get(
                &format!("/api/v1/reports/channels?from={FROM}&to={TO}"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["items"][0]["key"], "web");
        assert_eq!(body["items"][0]["conversations"], 5);
        let (_, body) = api
            .get(
                &format!("/api/v1/reports/agents?from={FROM}&to={TO}"),
                Some(&token),
            )
            .await;
        let items = body["items"].as_array().unwrap();
        let boss = items
            .iter()
            .find(|r| r["name"] == "boss")
            .expect("agent row");
        assert_eq!(boss["conversations"], 2, "c1 and c4 are assigned to X");
        let none = items
            .iter()
            .find(|r| r["key"] == "none")
            .expect("unassigned row");
        assert_eq!(none["conversations"], 3);
        let (_, body) = api
            .get(
                &format!("/api/v1/reports/hours?from={FROM}&to={TO}"),
                Some(&token),
            )
            .await;
        let cells = body["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 7 * 24);
        let at = |weekday: u64, hour: u64| {
            cells
                .iter()
                .find(|c| c["weekday"] == weekday && c["hour"] == hour)
                .unwrap()["conversations"]
                .as_u64()
                .unwrap()
        };
        assert_eq!(at(0, 10), 1, "c1 Monday 10:00 Beijing");
        assert_eq!(at(0, 23), 1, "c4 Monday 23:50");
        assert_eq!(at(2, 11), 1, "c3 Wednesday 11:00");
        let total: u64 = cells
            .iter()
            .map(|c| c["conversations"].as_u64().unwrap())
            .sum();
        assert_eq!(total, 5);
        // Filters: the agent filter keeps X's conversations.
        let (_, o) = api
            .get(
                &format!("/api/v1/reports/overview?from={FROM}&to={TO}&agent={}", k.x),
                Some(&token),
            )
            .await;
        assert_eq!(o["conversations"], 2, "{o}");
    }
}

#[tokio::test]
async fn exports_are_csv_and_never_carry_a_card_key() {
    for db in TestDb::all().await {
        let (api, token, k) = setup(db).await;
        let auth = bearer(&token);
        let (status, headers, bytes) = api
            .raw(
                Method::GET,
                &format!(
                    "/api/v1/reports/export?from={FROM}&to={TO}&table=messages&metric=handed_off"
                ),
                &[("authorization", auth.as_str())],
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("kadesk-messages.csv"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("卡密不能用"), "{text}");
        assert!(!text.contains("ABCD-1234"), "{text}");
        assert!(text.contains("****-****-****-****"), "{text}");
        // Handed off: c1's four messages and c5's one, plus the header.
        assert_eq!(text.lines().count(), 1 + 4 + 1, "{text}");
        assert!(text
            .lines()
            .skip(1)
            .all(|l| l.starts_with(&format!("{},", k.c1)) || l.starts_with(&format!("{},", k.c5))));
        let (status, _, bytes) = api
            .raw(
                Method::GET,
                &format!("/api/v1/reports/export?from={FROM}&to={TO}&table=channels"),
                &[("authorization", auth.as_str())],
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.lines().nth(1).unwrap().starts_with("web,,5,"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn reports_need_a_supervisor_and_a_valid_period() {
    let db = TestDb::sqlite();
    let api = Api::new(db).await;
    let (_, agent) = signed_in(&api.state.store, "ann", Role::Agent, "pw-123456789").await;
    let (_, boss) = signed_in(&api.state.store, "bob", Role::Supervisor, "pw-123456789").await;
    let url = format!("/api/v1/reports/overview?from={FROM}&to={TO}");
    assert_eq!(api.get(&url, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get(&url, Some(&agent)).await.0, StatusCode::FORBIDDEN);
    let (status, body) = api
        .get(
            "/api/v1/reports/overview?from=yesterday&to=2026-11-09T00:00:00Z",
            Some(&boss),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("RFC 3339"));
    let (status, _) = api
        .get(
            &format!("/api/v1/reports/overview?from={TO}&to={FROM}"),
            Some(&boss),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_live_path_records_handoff_reply_resolve_and_reopen() {
    for db in TestDb::all().await {
        let store = Store::connect(&db.url).await.unwrap();
        let (agent, _) = signed_in(&store, "zoe", Role::Agent, "pw-123456789").await;
        let contact = store
            .create_contact("Z", "zh-CN", Channel::Web, None)
            .await
            .unwrap();
        let conv = store
            .create_conversation(contact.id, Channel::Web, ConversationStatus::Bot)
            .await
            .unwrap();
        let say = |sender: SenderKind, sender_id: Option<i64>, text: &str| NewMessage {
            conversation_id: conv.id,
            sender,
            sender_id,
            sender_name: None,
            text: text.to_owned(),
            attachments: Vec::new(),
            client_id: None,
            quick_replies: Vec::new(),
        };
        store
            .append_message(&say(SenderKind::Buyer, None, "人工"))
            .await
            .unwrap();
        store
            .append_message(&say(SenderKind::Bot, None, "好的"))
            .await
            .unwrap();
        store
            .hand_off(conv.id, &["human_request"], 1, &serde_json::json!({}))
            .await
            .unwrap();
        store
            .append_message(&say(SenderKind::Bot, None, "稍等"))
            .await
            .unwrap();
        store
            .append_message(&say(SenderKind::Agent, Some(agent.id), "您好"))
            .await
            .unwrap();
        store.resolve(conv.id).await.unwrap();
        store.set_reopen_to_bot(false);
        store
            .append_message(&say(SenderKind::Buyer, None, "又坏了"))
            .await
            .unwrap();
        let facts = store
            .report_facts(&kadesk_store::ReportScope {
                from: 0,
                to: i64::MAX,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(facts.len(), 1, "{}", db.label);
        let f = &facts[0];
        assert!(f.bot);
        assert_eq!(f.handoff_reasons, vec!["human_request".to_owned()]);
        let handoff = f.handoff_at.expect("handoff recorded");
        assert_eq!(f.wait_start, Some(handoff));
        let reply = f.first_response_at.expect("the agent's reply");
        assert!(reply >= handoff);
        assert!(f.first_resolved_at.expect("resolve recorded") >= reply);
        assert!(f.first_reopened_at.expect("reopen recorded") >= f.first_resolved_at.unwrap());
        assert_eq!(f.agents, 1);
        store.close().await;
    }
}

#[tokio::test]
async fn metrics_are_served_in_the_prometheus_format_by_route_template() {
    let db = TestDb::sqlite();
    let api = Api::new(db).await;
    let (_, boss) = signed_in(&api.state.store, "mia", Role::Supervisor, "pw-123456789").await;
    let (status, _) = api
        .get(
            &format!("/api/v1/reports/overview?from={FROM}&to={TO}"),
            Some(&boss),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = api
        .raw(Method::GET, "/metrics", &[], axum::body::Body::empty())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("kadesk_http_requests_total{method=\"GET\",route=\"/api/v1/reports/overview\",status=\"2xx\"}"),
        "{text}"
    );
    for name in [
        "kadesk_open_sockets",
        "kadesk_queue_length",
        "kadesk_db_connections",
        "kadesk_http_request_duration_seconds_bucket",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    // Raw URLs (which may carry tokens) never become labels.
    assert!(!text.contains("from="), "{text}");
}

/// Unix ms as the API's RFC 3339 query value.
fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap()
        .to_string()
        .replace('+', "%2B")
}

#[tokio::test]
async fn a_return_about_another_problem_reverses_the_bot_but_is_no_recontact() {
    for db in TestDb::all().await {
        let label = db.label;
        let (api, token, _) = setup(db).await;
        let store = &api.state.store;
        // Two weeks after the known history: buyer F comes back about a new
        // problem, buyer G about the same one (a shared intent).
        let week = MONDAY + 14 * DAY;
        let mut ids = Vec::new();
        for (name, first, second) in [
            ("F", "payment_issue", "account_issue"),
            ("G", "card_invalid", "card_invalid"),
        ] {
            let who = store
                .create_contact(name, "zh-CN", Channel::Web, None)
                .await
                .unwrap()
                .id;
            let t = week + 10 * HOUR;
            let mut one = history(who, "bot", "resolved", t);
            one.labels = vec![(LabelKind::Intent, first.into())];
            one.events = vec![ev("resolved", t + 60 * S, &[])];
            let mut two = history(who, "bot", "resolved", t + DAY);
            two.labels = vec![(LabelKind::Intent, second.into())];
            two.events = vec![ev("resolved", t + DAY + 60 * S, &[])];
            ids.extend(store.import_histories(&[one, two]).await.unwrap());
        }
        let (from, to) = (rfc3339(week), rfc3339(week + 7 * DAY));
        let (status, o) = api
            .get(
                &format!("/api/v1/reports/overview?from={from}&to={to}"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {o}");
        assert_eq!(o["resolved"], 4, "{label}: {o}");
        // Both first conversations were reversed by their buyer's return...
        assert_eq!(o["bot_resolved"], 2, "{label}: {o}");
        // ...but only G came back about the same problem.
        close(&o["recontact_rate"], 0.25);
        let (status, body) = api
            .get(
                &format!("/api/v1/reports/conversations?from={from}&to={to}&metric=recontacted"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let drilled: Vec<i64> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(drilled, vec![ids[2]], "{label}: G's first conversation");
    }
}
