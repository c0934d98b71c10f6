//! Reports on SQLite and PostgreSQL, through the live path: the views per
//! team, problem tag, intent, product and picture, their drill-down with
//! the row's filter and their CSV; and ending an A/B test by promoting the
//! winner (stored, audited, applied again after a restart); and the
//! agents' online time and canned-reply uses, from a live console.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use std::sync::Arc;
use std::time::Duration;

use common::{bearer, signed_in, Api, TestDb, TestServer};
use kadesk_domain::{
    now_millis, AgentStatus, Attachment, Channel, ConversationStatus, ImageAnalysis, Role,
    ScreenshotFields, SenderKind,
};
use kadesk_shop::{CardCipher, ManualClock, Shop};
use kadesk_store::{History, HistoryEvent, NewAnalysis, NewCase, NewMessage, Store};
use serde_json::{json, Value};

const DAY: i64 = 24 * 3600 * 1000;

fn say(
    conversation_id: i64,
    sender: SenderKind,
    sender_id: Option<i64>,
    picture: bool,
) -> NewMessage {
    NewMessage {
        conversation_id,
        sender,
        sender_id,
        sender_name: None,
        text: if picture {
            String::new()
        } else {
            "充值没到账".into()
        },
        attachments: if picture {
            vec![Attachment {
                id: "ab".repeat(32),
                name: "shot.png".into(),
                content_type: "image/png".into(),
                size: 10,
                url: Attachment::url_for(&"ab".repeat(32)),
                width: Some(10),
                height: Some(10),
                thumbnail_url: None,
            }]
        } else {
            Vec::new()
        },
        client_id: None,
        quick_replies: Vec::new(),
    }
}

fn case(conversation_id: i64, tags: &[&str], intents: &[&str], products: &[&str]) -> NewCase {
    let list = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    NewCase {
        conversation_id,
        tags: list(tags),
        intents: list(intents),
        products: list(products),
        solved_by: "agent".into(),
        ..NewCase::default()
    }
}

/// The conversations of the known live history.
struct Known {
    team: i64,
    /// Screenshot read, resolved; tag 充值延迟, intent recharge, product
    /// Netflix 月卡.
    a: i64,
    /// Routed to the team, answered, resolved; tags 充值延迟 and 账号问题,
    /// intent account.
    b: i64,
    /// Screenshot not read, open.
    c: i64,
}

async fn build(store: &Store, agent: i64) -> Known {
    let now = now_millis();
    let team = store.create_team("售后", false, now).await.unwrap().id;
    let mut ids = Vec::new();
    for (name, status) in [
        ("A", ConversationStatus::Bot),
        ("B", ConversationStatus::Queued),
        ("C", ConversationStatus::Bot),
    ] {
        let contact = store
            .create_contact(name, "zh-CN", Channel::Web, None)
            .await
            .unwrap();
        ids.push(
            store
                .create_conversation(contact.id, Channel::Web, status)
                .await
                .unwrap()
                .id,
        );
    }
    let [a, b, c] = ids[..] else { panic!() };
    let shot = store
        .append_message(&say(a, SenderKind::Buyer, None, true))
        .await
        .unwrap();
    store
        .insert_analysis(&NewAnalysis {
            analysis: ImageAnalysis {
                id: 0,
                conversation_id: a,
                message_id: shot.message.id,
                file_id: "ab".repeat(32),
                status: "done".into(),
                category: None,
                kind: "order_page".into(),
                fields: ScreenshotFields::default(),
                missing: Vec::new(),
                lines: Vec::new(),
                width: 10,
                height: 10,
                flags: Vec::new(),
                seen_before: None,
                error: None,
                elapsed_ms: 5,
                created_at: now,
            },
            phash: None,
            text_fingerprint: None,
        })
        .await
        .unwrap();
    store.resolve(a).await.unwrap();
    store
        .save_case(
            &case(a, &["充值延迟"], &["recharge"], &["Netflix 月卡"]),
            now,
        )
        .await
        .unwrap();
    store.transfer_to_team(b, team, now).await.unwrap();
    store
        .append_message(&say(b, SenderKind::Buyer, None, false))
        .await
        .unwrap();
    store
        .append_message(&say(b, SenderKind::Agent, Some(agent), false))
        .await
        .unwrap();
    store.resolve(b).await.unwrap();
    store
        .save_case(&case(b, &["充值延迟", "账号问题"], &["account"], &[]), now)
        .await
        .unwrap();
    store
        .append_message(&say(c, SenderKind::Buyer, None, true))
        .await
        .unwrap();
    Known { team, a, b, c }
}

fn period() -> String {
    let now = now_millis();
    let at = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap()
            .to_string()
            .replace('+', "%2B")
    };
    format!("from={}&to={}", at(now - DAY), at(now + DAY))
}

async fn items(api: &Api, token: &str, path: &str) -> Vec<Value> {
    let (status, body) = api
        .get(&format!("/api/v1/reports/{path}"), Some(token))
        .await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body["items"].as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [Value], key: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {rows:?}"))
}

async fn drill(api: &Api, token: &str, filter: &str, metric: &str) -> Vec<i64> {
    let (status, body) = api
        .get(
            &format!(
                "/api/v1/reports/conversations?{}&metric={metric}&{filter}",
                period()
            ),
            Some(token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{filter}: {body}");
    let mut ids: Vec<i64> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(body["total"].as_u64().unwrap(), ids.len() as u64);
    ids
}

#[tokio::test]
async fn views_by_team_label_and_picture_count_and_drill_down_the_live_history() {
    for db in TestDb::all().await {
        let label = db.label;
        let api = Api::new(db).await;
        let (boss, token) =
            signed_in(&api.state.store, "boss", Role::Supervisor, "pw-123456789").await;
        let k = build(&api.state.store, boss.id).await;
        let p = period();

        let (status, o) = api
            .get(&format!("/api/v1/reports/overview?{p}"), Some(&token))
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {o}");
        assert_eq!(o["conversations"], 3, "{label}");
        assert_eq!(o["with_screenshot"], 2, "{label}: A and C sent a picture");
        assert_eq!(o["screenshot_read"], 1, "{label}: only A's was read");
        assert!((o["screenshot_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert!((o["screenshot_read_rate"].as_f64().unwrap() - 0.5).abs() < 1e-9);

        let pictures = items(&api, &token, &format!("views/pictures?{p}")).await;
        assert_eq!(row(&pictures, "1")["conversations"], 2, "{label}");
        assert_eq!(row(&pictures, "1")["resolved"], 1, "{label}: A");
        assert_eq!(row(&pictures, "0")["conversations"], 1, "{label}: B");
        assert_eq!(row(&pictures, "0")["resolved"], 1, "{label}");
        assert_eq!(
            row(&pictures, "0")["first_response_secs"]["count"],
            1,
            "{label}: B waited in the queue and was answered"
        );

        let tags = items(&api, &token, &format!("views/tags?{p}")).await;
        assert_eq!(row(&tags, "充值延迟")["conversations"], 2, "{label}");
        assert_eq!(row(&tags, "账号问题")["conversations"], 1, "{label}");
        assert_eq!(tags.len(), 2, "{label}: C has no case: {tags:?}");
        let intents = items(&api, &token, &format!("views/intents?{p}")).await;
        assert_eq!(row(&intents, "recharge")["conversations"], 1, "{label}");
        assert_eq!(row(&intents, "account")["conversations"], 1, "{label}");
        let products = items(&api, &token, &format!("views/products?{p}")).await;
        assert_eq!(products.len(), 1, "{label}: {products:?}");
        assert_eq!(row(&products, "Netflix 月卡")["conversations"], 1);
        let teams = items(&api, &token, &format!("views/teams?{p}")).await;
        let team = row(&teams, &k.team.to_string());
        assert_eq!(team["conversations"], 1, "{label}");
        assert_eq!(team["name"], "售后", "{label}");
        assert_eq!(row(&teams, "none")["conversations"], 2, "{label}");

        // Every row drills down with its own filter.
        assert_eq!(
            drill(
                &api,
                &token,
                "tag=%E5%85%85%E5%80%BC%E5%BB%B6%E8%BF%9F",
                "conversations"
            )
            .await,
            vec![k.a, k.b],
            "{label}: tag 充值延迟"
        );
        assert_eq!(
            drill(&api, &token, "intent=account", "resolved").await,
            vec![k.b]
        );
        assert_eq!(
            drill(&api, &token, "screenshot=true", "conversations").await,
            vec![k.a, k.c]
        );
        assert_eq!(
            drill(&api, &token, "screenshot=false", "conversations").await,
            vec![k.b]
        );
        assert_eq!(
            drill(&api, &token, &format!("team={}", k.team), "conversations").await,
            vec![k.b]
        );
        assert_eq!(
            drill(&api, &token, "channel=web", "screenshot_read").await,
            vec![k.a]
        );
        // The `none` rows drill down too: `0` is "no team", "unassigned".
        assert_eq!(
            drill(&api, &token, "team=0", "conversations").await,
            vec![k.a, k.c],
            "{label}: the no-team row"
        );
        let mut unassigned = Vec::new();
        for id in [k.a, k.b, k.c] {
            if api
                .state
                .store
                .conversation(id)
                .await
                .unwrap()
                .assignee_id
                .is_none()
            {
                unassigned.push(id);
            }
        }
        assert_eq!(
            drill(&api, &token, "agent=0", "conversations").await,
            unassigned,
            "{label}: the unassigned row"
        );
        let (status, _) = api
            .get(
                &format!("/api/v1/reports/views/tags?{p}&tag=x&intent=y"),
                Some(&token),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{label}: one label filter at most"
        );

        // And exports as CSV.
        let auth = bearer(&token);
        let (status, _, bytes) = api
            .raw(
                Method::GET,
                &format!("/api/v1/reports/export?{p}&table=tags"),
                &[("authorization", auth.as_str())],
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.lines().nth(1).unwrap().starts_with("充值延迟,,2,"),
            "{text}"
        );
    }
}

/// `n` conversations that saw `variant` of the greeting, the first
/// `resolved` of them resolved by the bot alone (each buyer writes once).
async fn variant(store: &Store, variant: &str, n: usize, resolved: usize) {
    let now = now_millis();
    let mut histories = Vec::new();
    for i in 0..n {
        let contact = store
            .create_contact(&format!("{variant}{i}"), "zh-CN", Channel::Web, None)
            .await
            .unwrap();
        histories.push(History {
            contact_id: contact.id,
            channel: "web".into(),
            opened_status: "bot".into(),
            status: if i < resolved { "resolved" } else { "bot" }.into(),
            assignee_id: None,
            created_at: now - 3_600_000,
            rating_stars: None,
            messages: Vec::new(),
            events: if i < resolved {
                vec![HistoryEvent {
                    kind: "resolved".into(),
                    at: now - 1_800_000,
                    actor_id: None,
                    reasons: Vec::new(),
                }]
            } else {
                Vec::new()
            },
            team_id: None,
            labels: Vec::new(),
        });
    }
    for id in store.import_histories(&histories).await.unwrap() {
        store
            .record_bot_outcome(id, "greeting", variant, "resolved", None)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn promoting_the_winner_gives_it_every_new_conversation_and_is_audited() {
    for db in TestDb::all().await {
        let label = db.label;
        let url = db.url.clone();
        let api = Api::new(db).await;
        let store = &api.state.store;
        let (boss, token) = signed_in(store, "boss", Role::Supervisor, "pw-123456789").await;
        let (_, agent) = signed_in(store, "ann", Role::Agent, "pw-123456789").await;
        variant(store, "helpful", 40, 8).await;
        variant(store, "short", 40, 30).await;
        let x = items(&api, &token, &format!("experiments?{}", period())).await;
        let greeting = x.iter().find(|e| e["template_id"] == "greeting").unwrap();
        assert_eq!(greeting["winner"], "short", "{label}: {greeting}");
        assert_eq!(greeting["variants"][1]["bot_resolution"]["successes"], 30);
        assert_eq!(greeting["promoted"], Value::Null);

        let promote = |t: &str| format!("/api/v1/reports/experiments/{t}/promote");
        let (status, _) = api
            .json(
                Method::POST,
                &promote("greeting"),
                Some(&agent),
                json!({"variant": "short"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}: agents cannot");
        let (status, body) = api
            .json(
                Method::POST,
                &promote("greeting"),
                Some(&token),
                json!({"variant": "nope"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("helpful, short"));
        let (status, _) = api
            .json(
                Method::POST,
                &promote("no.such"),
                Some(&token),
                json!({"variant": "short"}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, body) = api
            .json(
                Method::POST,
                &promote("greeting"),
                Some(&token),
                json!({"variant": "short"}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}: {body}");

        // Every new conversation gets the winner.
        let weights = |t: &kadesk_bot::Templates| -> Vec<(String, u32)> {
            t.get("greeting")
                .unwrap()
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.weight))
                .collect()
        };
        let want = vec![("helpful".to_owned(), 0), ("short".to_owned(), 100)];
        assert_eq!(weights(&api.state.bot.templates()), want, "{label}");
        let x = items(&api, &token, &format!("experiments?{}", period())).await;
        let greeting = x.iter().find(|e| e["template_id"] == "greeting").unwrap();
        assert_eq!(greeting["promoted"], "short", "{label}");

        // Audited, with the weights it had.
        let audit = store
            .audit_search(
                &kadesk_store::AuditFilter {
                    action: Some("experiment.promote".into()),
                    ..Default::default()
                },
                10,
            )
            .await
            .unwrap();
        assert_eq!(audit.len(), 1, "{label}");
        assert_eq!(audit[0].actor_id, Some(boss.id));
        assert_eq!(audit[0].target, "greeting");
        assert_eq!(audit[0].detail["variant"], "short");
        assert_eq!(audit[0].detail["weights_before"]["helpful"], 50);

        // A restart applies it again.
        let fresh = Api::new(TestDb {
            url,
            dir: tempfile::tempdir().unwrap(),
            label,
        })
        .await;
        fresh.state.load_settings().await.unwrap();
        assert_eq!(weights(&fresh.state.bot.templates()), want, "{label}");
    }
}

/// 2026-11-01 02:00 UTC: when the agent below connects.
const T0: i64 = 1_793_498_400_000;
const MIN: i64 = 60_000;

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap()
        .to_string()
        .replace('+', "%2B")
}

/// The agents view's row of `user`, over `[from, to)`.
async fn agent_row(api: &Api, token: &str, user: i64, from: i64, to: i64) -> Value {
    let rows = items(
        api,
        token,
        &format!("agents?from={}&to={}", rfc3339(from), rfc3339(to)),
    )
    .await;
    row(&rows, &user.to_string()).clone()
}

#[tokio::test]
async fn the_agents_view_counts_online_time_from_recorded_status_changes_and_canned_uses() {
    for db in TestDb::all().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0 - 120 * MIN));
        let state = db.state().await;
        let shop =
            Shop::new(state.store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
        let state = state
            .with_shop(shop)
            .with_routing(kadesk_desk::routing::RoutingSettings {
                enabled: false,
                auto_away_after: Some(Duration::from_secs(45 * 60)),
                ..Default::default()
            });
        let server = TestServer::start_with(state.clone()).await;
        let api = Api::with_state(db, state);
        let store = api.state.store.clone();
        let (_, boss) = signed_in(&store, "boss", Role::Supervisor, "pw-123456789").await;
        let (yan, yan_token) = signed_in(&store, "yan", Role::Agent, "pw-123456789").await;
        let (_, canned) = server
            .post(
                "/api/v1/canned-replies",
                Some(&boss),
                &json!({"shortcut": "hi", "title": "问候", "body": "您好", "language": "zh", "shared": true}),
            )
            .await;
        let canned = canned["id"].as_i64().expect("canned reply");
        let (use_path, nothing) = (format!("/api/v1/canned-replies/{canned}/use"), json!({}));
        let use_reply = || server.post(&use_path, Some(&yan_token), &nothing);
        // A use two hours before: outside every period below.
        assert_eq!(use_reply().await.0, 200, "{label}");

        // T0: the console opens (online).
        clock.set(T0);
        let mut socket = server.agent_socket(&yan_token).await;
        let status = |s: &str| json!({"status": s});
        // +30 min away by choice, +40 online again.
        clock.set(T0 + 30 * MIN);
        let (code, body) = server
            .put("/api/v1/me/status", Some(&yan_token), &status("away"))
            .await;
        assert_eq!(code, 200, "{label}: {body}");
        clock.set(T0 + 40 * MIN);
        server
            .put("/api/v1/me/status", Some(&yan_token), &status("online"))
            .await;
        clock.set(T0 + 50 * MIN);
        assert_eq!(use_reply().await.0, 200, "{label}");
        // Idle from +40: away once 45 minutes passed (+85), whenever the
        // sweep notices.
        clock.set(T0 + 100 * MIN);
        kadesk_desk::routing::sync_statuses(&api.state)
            .await
            .unwrap();
        // +110 typing again: online; the pong follows the typing frame.
        clock.set(T0 + 110 * MIN);
        socket
            .send(json!({"type": "typing", "on": true, "conversation_id": null}))
            .await;
        socket.send(json!({"type": "ping"})).await;
        socket.next_of("pong").await;
        // +120 the console closes: offline.
        clock.set(T0 + 120 * MIN);
        drop(socket);
        let whole = (T0 - 60 * MIN, T0 + 180 * MIN);
        // Until the server has seen the socket close: a stretch still open
        // would count up to the `now` given here.
        for _ in 0..200 {
            let time = store.agent_time(whole.0, whole.1, whole.1).await.unwrap();
            if time
                .iter()
                .all(|t| t.user_id != yan.id || t.online_ms == 85 * MIN)
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let row = agent_row(&api, &boss, yan.id, whole.0, whole.1).await;
        // Which status each 5 minutes held, for the messages below.
        let mut timeline = String::new();
        for m in (0..120).step_by(5) {
            let t = store
                .agent_time(T0 + m * MIN, T0 + (m + 5) * MIN, T0 + 120 * MIN)
                .await
                .unwrap();
            let t = t
                .iter()
                .find(|t| t.user_id == yan.id)
                .copied()
                .unwrap_or_default();
            timeline.push_str(&format!(" {m}:{}/{}", t.online_ms / MIN, t.away_ms / MIN));
        }
        // Online: 0–30, 40–85, 110–120; away: 30–40, 85–110 (minutes).
        assert_eq!(
            row["online_secs"],
            85.0 * 60.0,
            "{label}: online/away minutes{timeline}"
        );
        assert_eq!(
            row["away_secs"],
            35.0 * 60.0,
            "{label}: online/away minutes{timeline}"
        );
        assert_eq!(
            row["canned_reply_uses"], 1,
            "{label}: one use in the period"
        );
        assert_eq!(
            row["conversations"], 0,
            "{label}: a row without conversations"
        );
        // A period cuts the stretches: 20–100 holds online 20–30 and 40–85,
        // away 30–40 and 85–100.
        let cut = agent_row(&api, &boss, yan.id, T0 + 20 * MIN, T0 + 100 * MIN).await;
        assert_eq!(cut["online_secs"], 55.0 * 60.0, "{label}: {cut}");
        assert_eq!(cut["away_secs"], 25.0 * 60.0, "{label}: {cut}");

        // And the CSV of the agents table carries them.
        let auth = bearer(&boss);
        let (code, _, bytes) = api
            .raw(
                Method::GET,
                &format!(
                    "/api/v1/reports/export?from={}&to={}&table=agents",
                    rfc3339(whole.0),
                    rfc3339(whole.1)
                ),
                &[("authorization", auth.as_str())],
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{label}");
        let text = String::from_utf8(bytes).unwrap();
        let head: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{},", yan.id)))
            .unwrap_or_else(|| panic!("{label}: no row of yan in {text}"));
        let cells: Vec<&str> = line.split(',').collect();
        let cell = |name: &str| cells[head.iter().position(|h| *h == name).unwrap()];
        assert_eq!(cell("online_secs"), "5100.0000", "{label}: {text}");
        assert_eq!(cell("away_secs"), "2100.0000", "{label}: {text}");
        assert_eq!(cell("canned_reply_uses"), "1", "{label}: {text}");

        // A stretch a stopped server left open ends where it was last seen.
        let (li, _) = signed_in(&store, "li", Role::Agent, "pw-123456789").await;
        store
            .record_agent_status(li.id, AgentStatus::Online, T0 + 130 * MIN)
            .await
            .unwrap();
        store.agent_status_seen(T0 + 135 * MIN).await.unwrap();
        assert_eq!(store.end_stale_agent_status().await.unwrap(), 1, "{label}");
        clock.set(T0 + 170 * MIN);
        let li_row = agent_row(&api, &boss, li.id, whole.0, whole.1).await;
        assert_eq!(li_row["online_secs"], 5.0 * 60.0, "{label}: {li_row}");
        server.stop().await;
    }
}
