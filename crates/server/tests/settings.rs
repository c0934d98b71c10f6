//! Run-time settings through the live server: admins read and change the
//! general settings (business hours, time zone) and the widget's look;
//! every change is validated with the field named, stored, audited, applied
//! at once and kept across restarts; the widget reads its look without
//! credentials from any origin; no secret is ever listed. SQLite always,
//! PostgreSQL when its URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{http_with, signed_in, TestDb, TestServer};
use kadesk_domain::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn general_settings_are_for_admins_validated_by_field_audited_and_applied_at_once() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = signed_in(&server.state.store, "admin", Role::Admin, "pw-admin-1").await;
        let (_, sup) = signed_in(&server.state.store, "sup", Role::Supervisor, "pw-sup-1").await;

        let (status, _) = server.get("/api/v1/settings/general", None).await;
        assert_eq!(status, 401, "{}", db.label);
        let (status, _) = server.get("/api/v1/settings/general", Some(&sup)).await;
        assert_eq!(status, 403);
        let body = json!({"hours": "09:00-18:00", "utc_offset": "+08:00"});
        let (status, _) = server
            .put("/api/v1/settings/general", Some(&sup), &body)
            .await;
        assert_eq!(status, 403);

        let (status, view) = server.get("/api/v1/settings/general", Some(&admin)).await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(view["source"], "file");
        assert_eq!(view["settings"]["hours"], "", "always open by default");
        assert!(server.state.hours_now().is_none());

        for (bad, field) in [
            (json!({"hours": "9-18", "utc_offset": "+08:00"}), "hours"),
            (
                json!({"hours": "09:00-18:00", "utc_offset": "CST"}),
                "utc_offset",
            ),
            (json!({"hours": "", "utc_offset": "+15:00"}), "utc_offset"),
        ] {
            let (status, err) = server
                .put("/api/v1/settings/general", Some(&admin), &bad)
                .await;
            assert_eq!(status, 422, "{bad} → {err}");
            assert_eq!(err["error"]["code"], "validation");
            let message = err["error"]["message"].as_str().unwrap();
            assert!(message.starts_with(&format!("{field}: ")), "{message}");
        }
        let (status, _) = server
            .put(
                "/api/v1/settings/general",
                Some(&admin),
                &json!({"hours": "09:00-18:00", "utc_offset": "+08:00", "secret": 1}),
            )
            .await;
        assert_eq!(status, 400, "unknown keys are refused");
        assert!(
            server.state.hours_now().is_none(),
            "nothing refused applied"
        );

        let (status, view) = server
            .put("/api/v1/settings/general", Some(&admin), &body)
            .await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(view["source"], "stored");
        assert_eq!(view["settings"]["hours"], "09:00-18:00");
        assert_eq!(view["file"]["hours"], "");
        // Applied at once: 10:00 in Beijing is open, 20:00 is not.
        let hours = server.state.hours_now().expect("hours saved").schedule();
        let day = 1_700_006_400_000_i64; // 2023-11-15 00:00 UTC
        assert!(hours.is_open(day + 2 * 3_600_000), "10:00 +08:00");
        assert!(!hours.is_open(day + 12 * 3_600_000), "20:00 +08:00");

        let audit = server.state.store.audit_entries(10).await.unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "general_settings_changed")
            .expect("audited");
        assert_eq!(entry.detail["hours"], "09:00-18:00");

        // A restart: the stored settings win over the file's.
        let store = kadesk_store::Store::connect(&db.url).await.unwrap();
        let fresh = kadesk_server::AppState::new(store.clone(), (*server.state.config).clone());
        assert!(fresh.hours_now().is_none(), "the file says always");
        fresh.load_settings().await.unwrap();
        assert_eq!(
            fresh.hours_now(),
            server.state.hours_now(),
            "the stored hours win"
        );
        store.close().await;

        let (status, view) = server
            .delete("/api/v1/settings/general", Some(&admin))
            .await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(view["source"], "file");
        assert!(server.state.hours_now().is_none());
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_only_settings_are_listed_without_any_secret() {
    let db = TestDb::sqlite();
    let mut state = db.state().await;
    let mut config = (*state.config).clone();
    config.file_settings = vec![kadesk_server::api::settings::FileSetting {
        key: "server.listen".into(),
        value: "127.0.0.1:8080".into(),
    }];
    state.config = std::sync::Arc::new(config);
    let server = TestServer::start_with(state).await;
    let (_, admin) = signed_in(&server.state.store, "admin", Role::Admin, "pw-admin-1").await;
    let (status, view) = server.get("/api/v1/settings/general", Some(&admin)).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(
        view["file_only"],
        json!([{"key": "server.listen", "value": "127.0.0.1:8080"}])
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widget_settings_are_saved_by_admins_and_served_to_any_widget() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = signed_in(&server.state.store, "admin", Role::Admin, "pw-admin-1").await;
        let (_, agent) = signed_in(&server.state.store, "agent1", Role::Agent, "pw-agent-1").await;

        let (status, config) = server.get("/api/v1/widget/config", None).await;
        assert_eq!(status, 200, "{}: {config}", db.label);
        assert_eq!(config["position"], "right");
        assert!(config["color"].is_null());

        let good = json!({
            "color": "#FF5A1F", "position": "left", "title": "  小店客服 ",
            "lang": "en", "offset_bottom": 120, "offset_side": 0,
            "privacy_url": "https://shop.example.com/privacy"
        });
        let (status, _) = server
            .put("/api/v1/settings/widget", Some(&agent), &good)
            .await;
        assert_eq!(status, 403);

        for (patch, field) in [
            (json!({"color": "red"}), "color"),
            (json!({"color": "#ff5a1f;background:url(x)"}), "color"),
            (json!({"title": "客".repeat(41)}), "title"),
            (json!({"offset_bottom": 401}), "offset_bottom"),
            (json!({"privacy_url": "javascript:alert(1)"}), "privacy_url"),
            (
                json!({"privacy_url": "ftp://shop.example.com"}),
                "privacy_url",
            ),
            (
                json!({"privacy_url": format!("https://a.cn/{}", "x".repeat(500))}),
                "privacy_url",
            ),
        ] {
            let (status, err) = server
                .put("/api/v1/settings/widget", Some(&admin), &patch)
                .await;
            assert_eq!(status, 422, "{patch} → {err}");
            let message = err["error"]["message"].as_str().unwrap();
            assert!(message.starts_with(&format!("{field}: ")), "{message}");
        }
        let (status, _) = server
            .put(
                "/api/v1/settings/widget",
                Some(&admin),
                &json!({"position": "top"}),
            )
            .await;
        assert_eq!(status, 400, "a position that does not exist");

        let (status, saved) = server
            .put("/api/v1/settings/widget", Some(&admin), &good)
            .await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["color"], "#ff5a1f", "lower case");
        assert_eq!(saved["title"], "小店客服", "trimmed");

        // The widget reads it without credentials, from any origin, uncached.
        let reply = http_with(
            server.addr,
            "GET",
            "/api/v1/widget/config",
            &[("Origin", "https://shop.example.com")],
            None,
        )
        .await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("*"),
            "any shop's page may read it"
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        assert_eq!(reply.body, saved);

        let audit = server.state.store.audit_entries(10).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "widget_settings_changed"));

        // Kept across a restart.
        let store = kadesk_store::Store::connect(&db.url).await.unwrap();
        let fresh = kadesk_server::AppState::new(store.clone(), (*server.state.config).clone());
        fresh.load_settings().await.unwrap();
        assert_eq!(
            serde_json::to_value(&*fresh.settings.widget()).unwrap(),
            saved
        );
        store.close().await;
        server.stop().await;
    }
}
