//! A team's own working hours, on SQLite and PostgreSQL, under a clock the
//! test sets: admins keep them on the team (checked, with the fix named),
//! a buyer routed to a team that is off hears when it is back and sees it
//! in their queue place, the night's buyers keep their place (first
//! in the morning's line), and response-time promises count the team's hours.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use kadesk_desk::routing::RoutingSettings;
use kadesk_desk::schedule::{Schedule, ScheduleSpec};
use kadesk_desk::sla::{PerPriority, SlaSettings};
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

/// A buyer frame (hello or conversation) with a place in the queue.
fn shows_place(f: &Value) -> bool {
    matches!(f["type"].as_str(), Some("hello") | Some("conversation"))
        && !f["conversation"]["queue"].is_null()
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
        // Promises long enough that none is missed while the clock moves
        // two days (the store stamps the wait with the wall clock, so a
        // missed one would reorder the line by the test's own clock jump).
        let week = 5 * 24 * 3600;
        let long = PerPriority {
            normal: week,
            high: week,
            urgent: week,
        };
        let routing = RoutingSettings {
            enabled: true,
            auto_away_after: None,
            tick_every: Duration::from_secs(3600),
            sla: SlaSettings {
                enabled: true,
                first_response: long,
                resolution: long,
            },
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

        // A buyer writes at night; a tick routes them to the day shift (the
        // routing task may run it first: either way it is done after this).
        let (night_token, night) = server.buyer("zh-CN").await;
        kadesk_desk::routing::tick(&state.desk).await.unwrap();
        let wednesday = shanghai(9, 9, 0);
        let mut notice = None;
        for _ in 0..200 {
            let messages = store.messages_after(night, 0, 50).await.unwrap();
            notice = messages.into_iter().find(|m| m.text.contains("休息"));
            if notice.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let text = notice.map(|m| m.text).unwrap_or_default();
        assert!(
            text.contains("售后白班") && text.contains("周三 09:00") && text.contains("联系方式"),
            "{}: {text:?}",
            db.label
        );
        // The buyer's window shows the place and when the team is back.
        let mut socket = server.buyer_socket(&night_token, None).await;
        let frame = socket.until_within(LIMIT, shows_place).await;
        let place = &frame["conversation"]["queue"];
        assert_eq!(place["position"], 1, "{}: {frame}", db.label);
        assert_eq!(place["opens_at"], wednesday, "{}: {frame}", db.label);
        let (_, queue) = server.get("/api/v1/queue", Some(&admin)).await;
        assert_eq!(queue["items"][0]["opens_at"], wednesday, "{queue}");

        // The promise counts the team's hours, not the calendar: the first
        // answer falls due that much working time after the wait began.
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
        let target = i64::from(week) * 1000;
        assert_eq!(
            promise["priority"], "normal",
            "nothing missed, nothing raised"
        );
        let due = hours.add_open_millis(started, target);
        assert_eq!(
            promise["first_response_due_at"].as_i64(),
            Some(due),
            "{}: {promise}",
            db.label
        );
        assert!(hours.is_open(due - 1), "due inside working time");
        assert_eq!(
            hours.open_millis_between(started, due),
            target,
            "the night, the weekend and the holiday do not count"
        );

        // Wednesday morning: a second buyer arrives; the night's buyer is
        // still first, and nobody is told the team is off any more.
        clock.advance(Duration::from_millis(
            u64::try_from(shanghai(9, 9, 5) - shanghai(7, 20, 0)).unwrap(),
        ));
        let (morning_token, morning) = server.buyer("zh-CN").await;
        kadesk_desk::routing::tick(&state.desk).await.unwrap();
        let mut morning_socket = server.buyer_socket(&morning_token, None).await;
        let frame = morning_socket.until_within(LIMIT, shows_place).await;
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
        // One free place: the night's buyer takes it.
        let (status, body) = server
            .patch(
                &format!("/api/v1/users/{}", member.id),
                Some(&admin),
                &json!({"capacity": 1}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        state.hub.agent_connected(member.id, "daytime");
        kadesk_desk::routing::tick(&state.desk).await.unwrap();
        let served = store.conversation(night).await.unwrap();
        let other = store.conversation(morning).await.unwrap();
        assert_eq!(
            (served.assignee_id, other.assignee_id),
            (Some(member.id), None),
            "{}: the night's buyer is served first",
            db.label
        );
        server.stop().await;
    }
}
