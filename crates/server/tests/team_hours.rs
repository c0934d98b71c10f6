//! A team's own working hours, on SQLite and PostgreSQL, under a clock the
//! test sets: admins keep them on the team (checked, with the fix named),
//! a buyer routed to a team that is off hears when it is back and sees it
//! in their queue place, the night's buyers keep their place for the
//! morning, and response-time promises count the team's hours.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use kadesk_desk::routing::RoutingSettings;
use kadesk_desk::schedule::{Schedule, ScheduleSpec};
use kadesk_domain::{ManualClock, Role};
use kadesk_shop::{CardCipher, Shop};
use serde_json::{json, Value};

const LIMIT: Duration = Duration::from_secs(20);

/// Unix ms of a local time in Shanghai, December 2026 (the 7th is a Monday).
fn shanghai(day: i8, h: i8, m: i8) -> i64 {
    jiff::civil::date(2026, 12, day)
        .at(h, m, 0, 0)
        .in_tz("Asia/Shanghai")
        .unwrap()
        .timestamp()
        .as_millisecond()
}

/// Weekdays 09:00-12:00 and 13:30-18:00; Tuesday the 8th off.
fn day_shift() -> Value {
    let weekday = json!(["09:00-12:00", "13:30-18:00"]);
    json!({
        "time_zone": "Asia/Shanghai",
        "week": {
            "mon": weekday, "tue": weekday, "wed": weekday, "thu": weekday, "fri": weekday,
            "sat": [], "sun": [],
        },
        "holidays": ["2026-12-08"],
    })
}

#[tokio::test]
async fn a_team_that_is_off_says_when_it_is_back_and_its_hours_count_for_promises() {
    for db in TestDb::all().await {
        // Monday 20:00 in Shanghai: the day shift has gone home and Tuesday
        // is a holiday, so it is back on Wednesday at 09:00.
        let clock = Arc::new(ManualClock::new(shanghai(7, 20, 0)));
        let state = db.state().await;
        let shop =
            Shop::new(state.store.clone(), CardCipher::ephemeral()).with_clock(clock.clone());
        let routing = RoutingSettings {
            enabled: true,
            auto_away_after: None,
            tick_every: Duration::from_secs(3600),
            ..Default::default()
        };
        let state = state.with_shop(shop).with_routing(routing);
        let server = TestServer::start_with(state.clone()).await;
        let store = server.state.store.clone();
        let (_, admin) = signed_in(&store, "boss", Role::Admin, "password-1").await;
        let (member, _) = signed_in(&store, "daytime", Role::Agent, "password-1").await;

        // Hours that do not read are refused with the fix named.
        let mut overlapping = day_shift();
        overlapping["week"]["mon"] = json!(["09:00-13:00", "12:00-18:00"]);
        for (hours, wanted) in [
            (overlapping, "overlap"),
            (
                json!({"time_zone": "Mars/Olympus", "week": {"mon": ["09:00-18:00"]}}),
                "time zone",
            ),
            (
                json!({"time_zone": "+08:00", "week": {}}),
                "no working period",
            ),
            (
                json!({"time_zone": "+08:00", "week": {"mon": ["9-18"]}}),
                "must look like",
            ),
        ] {
            let (status, body) = server
                .post(
                    "/api/v1/teams",
                    Some(&admin),
                    &json!({"name": "白班", "hours": hours}),
                )
                .await;
            assert_eq!(status, 422, "{}: {body}", db.label);
            assert!(
                body.to_string().contains(wanted),
                "{}: {body} should say {wanted}",
                db.label
            );
        }
        let (status, team) = server
            .post(
                "/api/v1/teams",
                Some(&admin),
                &json!({"name": "白班", "members": [member.id], "hours": day_shift()}),
            )
            .await;
        assert_eq!(status, 201, "{}: {team}", db.label);
        assert_eq!(team["hours"], day_shift(), "{}", db.label);
        let team_id = team["id"].as_i64().unwrap();
        // A rename without `hours` keeps them; `null` gives the desk's back.
        let (status, renamed) = server
            .put(
                &format!("/api/v1/teams/{team_id}"),
                Some(&admin),
                &json!({"name": "售后白班"}),
            )
            .await;
        assert_eq!(status, 200, "{renamed}");
        assert_eq!(renamed["hours"], day_shift());
        let (_, cleared) = server
            .put(
                &format!("/api/v1/teams/{team_id}"),
                Some(&admin),
                &json!({"name": "售后白班", "hours": null}),
            )
            .await;
        assert!(cleared["hours"].is_null(), "{cleared}");
        let (status, back) = server
            .put(
                &format!("/api/v1/teams/{team_id}"),
                Some(&admin),
                &json!({"name": "售后白班", "hours": day_shift()}),
            )
            .await;
        assert_eq!((status, &back["hours"]), (200, &day_shift()), "{back}");
        let (status, _) = server
            .post(
                "/api/v1/routing-rules",
                Some(&admin),
                &json!({"rule": {"name": "中文", "when": {"languages": ["zh"]}, "team_id": team_id}}),
            )
            .await;
        assert_eq!(status, 201);

        // A buyer writes at night; the tick routes them to the day shift.
        let (night_token, night) = server.buyer("zh-CN").await;
        let mut socket = server.buyer_socket(&night_token, None).await;
        socket.until_within(LIMIT, |f| f["type"] == "hello").await;
        kadesk_desk::routing::tick(&state.desk).await.unwrap();
        let wednesday = shanghai(9, 9, 0);
        // The notice comes first (routing), then the place (the same tick).
        let notice = socket
            .until_within(LIMIT, |f| {
                f["type"] == "message" && f["message"]["sender"] == "system"
            })
            .await;
        let text = notice["message"]["text"].as_str().unwrap_or_default();
        assert!(
            text.contains("售后白班") && text.contains("周三 09:00") && text.contains("联系方式"),
            "{}: {notice}",
            db.label
        );
        let frame = socket
            .until_within(LIMIT, |f| {
                f["type"] == "conversation" && !f["conversation"]["queue"].is_null()
            })
            .await;
        let place = &frame["conversation"]["queue"];
        assert_eq!(place["position"], 1, "{}: {frame}", db.label);
        assert_eq!(place["opens_at"], wednesday, "{}: {frame}", db.label);
        let (_, queue) = server.get("/api/v1/queue", Some(&admin)).await;
        assert_eq!(queue["items"][0]["opens_at"], wednesday, "{queue}");

        // The promise counts the team's hours, not the calendar: the first
        // answer falls due that many working minutes after the wait began
        // (the store stamps the start with the wall clock, so the desk's
        // clock may already have escalated it: the target follows the
        // priority it has now).
        let spec: ScheduleSpec = serde_json::from_value(day_shift()).unwrap();
        let hours = Schedule::from_spec(&spec).unwrap();
        let (_, board) = server.get("/api/v1/sla", Some(&admin)).await;
        let promise = board["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["conversation_id"] == night)
            .cloned()
            .unwrap();
        let started = promise["started_at"].as_i64().unwrap();
        let minutes = match promise["priority"].as_str() {
            Some("normal") => 15,
            Some("high") => 5,
            _ => 2,
        };
        let due = hours.add_open_millis(started, minutes * 60_000);
        assert_eq!(
            promise["first_response_due_at"].as_i64(),
            Some(due),
            "{}: {promise}",
            db.label
        );
        assert!(hours.is_open(due - 1), "due inside working time");
        assert_eq!(
            hours.open_millis_between(started, due),
            minutes * 60_000,
            "the night, the weekend and the holiday do not count"
        );

        // Wednesday morning: a second buyer arrives; the night's buyer is
        // still first, and nobody is told the team is off any more.
        clock.advance(Duration::from_millis(
            u64::try_from(shanghai(9, 9, 5) - shanghai(7, 20, 0)).unwrap(),
        ));
        let (morning_token, morning) = server.buyer("zh-CN").await;
        let mut morning_socket = server.buyer_socket(&morning_token, None).await;
        morning_socket
            .until_within(LIMIT, |f| f["type"] == "hello")
            .await;
        kadesk_desk::routing::tick(&state.desk).await.unwrap();
        let frame = morning_socket
            .until_within(LIMIT, |f| {
                f["type"] == "conversation" && !f["conversation"]["queue"].is_null()
            })
            .await;
        assert_eq!(frame["conversation"]["queue"]["position"], 2, "{frame}");
        assert!(
            frame["conversation"]["queue"]["opens_at"].is_null(),
            "{frame}"
        );
        let messages = store.messages_after(morning, 0, 50).await.unwrap();
        assert!(
            messages.iter().all(|m| !m.text.contains("休息")),
            "{}: no off-hours notice in the morning",
            db.label
        );
        state.hub.agent_connected(member.id, "daytime");
        let report = kadesk_desk::routing::tick(&state.desk).await.unwrap();
        assert_eq!(
            report.assigned.first(),
            Some(&(night, member.id)),
            "{}: the night's buyer is served first",
            db.label
        );
        server.stop().await;
    }
}
