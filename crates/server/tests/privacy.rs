//! A buyer's data on request, on SQLite and PostgreSQL: an admin exports
//! everything kept of one contact, then erases it. Afterwards no table of
//! the database (read whole, every column as text) and no search index holds
//! anything the buyer wrote, sent or is reached by, their picture is gone
//! from the file store, another buyer's data is untouched, and the reports'
//! figures are what they were.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use kadesk_desk::files::Uploader;
use kadesk_domain::{Role, SenderKind};
use kadesk_store::NewMessage;
use serde_json::{json, Value};
use sqlx::Row;

const NAME: &str = "王小二删我";
const EMAIL: &str = "erase-me@example.com";
const PHONE: &str = "13912345678";
const SAID: &str = "卡密ZXQW-9981没到账，订单号 KD-ERASE-77";
const NOTE: &str = "王小二删我 很着急，明早回电";
const KEEP: &str = "另一位买家的留言 KEEP-ME-42";

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 30, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 8) as u8, 99])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Every row of every table of the database, each column as text.
async fn whole_database(url: &str) -> String {
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap();
    let mut out = String::new();
    if url.starts_with("sqlite") {
        let tables: Vec<String> = sqlx::query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
        for table in tables {
            let columns: Vec<String> =
                sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| r.get::<String, _>(0))
                    .collect();
            if columns.is_empty() {
                continue;
            }
            let row_text = columns
                .iter()
                .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            // As bytes: the search indexes' own tables hold binary segments.
            for row in sqlx::query(&format!("SELECT CAST({row_text} AS BLOB) FROM \"{table}\""))
                .fetch_all(&pool)
                .await
                .unwrap()
            {
                out.push_str(&String::from_utf8_lossy(&row.get::<Vec<u8>, _>(0)));
                out.push('\n');
            }
        }
    } else {
        let tables: Vec<String> = sqlx::query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
        for table in tables {
            for row in sqlx::query(&format!("SELECT CAST(t AS TEXT) FROM \"{table}\" t"))
                .fetch_all(&pool)
                .await
                .unwrap()
            {
                out.push_str(&row.get::<String, _>(0));
                out.push('\n');
            }
        }
    }
    pool.close().await;
    out
}

#[tokio::test]
async fn an_erased_contact_leaves_no_trace_and_the_reports_do_not_change() {
    for db in TestDb::all().await {
        let state = db.state().await;
        let server = TestServer::start_with(state.clone()).await;
        let store = server.state.store.clone();
        let (_, admin) = signed_in(&store, "boss", Role::Admin, "password-1").await;
        let (agent, agent_token) = signed_in(&store, "xiaowang", Role::Agent, "password-1").await;

        // The buyer: contact details, what they said, a screenshot, a note
        // about them, an agent's answer quoting them; resolved (a case).
        let (_, id) = server.buyer("zh-CN").await;
        let contact_id = store.conversation(id).await.unwrap().contact_id;
        let (status, body) = server
            .patch(
                &format!("/api/v1/contacts/{contact_id}"),
                Some(&admin),
                &json!({"name": NAME, "email": EMAIL, "phone": PHONE}),
            )
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);
        let stored = state
            .desk
            .files
            .put(png(), "shot.png", Uploader::Buyer)
            .await
            .unwrap();
        store.record_file(&stored.attachment).await.unwrap();
        let file_id = stored.attachment.id.clone();
        store
            .append_message(&NewMessage {
                conversation_id: id,
                sender: SenderKind::Buyer,
                sender_id: None,
                sender_name: Some(NAME.into()),
                text: SAID.into(),
                attachments: vec![stored.attachment.clone()],
                client_id: Some("c-1".into()),
                quick_replies: Vec::new(),
            })
            .await
            .unwrap();
        server
            .post(
                &format!("/api/v1/conversations/{id}/assign"),
                Some(&admin),
                &json!({"user_id": agent.id}),
            )
            .await;
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{id}/messages"),
                Some(&agent_token),
                &json!({"text": format!("您说的 {SAID} 我们查到了")}),
            )
            .await;
        assert_eq!(status, 201, "{}: {body}", db.label);
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{id}/notes"),
                Some(&agent_token),
                &json!({"text": NOTE}),
            )
            .await;
        assert!(
            status == 201 || status == 200,
            "{}: {status} {body}",
            db.label
        );
        let (status, body) = server
            .post(
                &format!("/api/v1/conversations/{id}/resolve"),
                Some(&agent_token),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{}: {body}", db.label);

        // Another buyer, who must keep everything.
        let (_, other) = server.buyer("zh-CN").await;
        store
            .append_message(&NewMessage {
                conversation_id: other,
                sender: SenderKind::Buyer,
                sender_id: None,
                sender_name: None,
                text: KEEP.into(),
                attachments: Vec::new(),
                client_id: None,
                quick_replies: Vec::new(),
            })
            .await
            .unwrap();

        let before = whole_database(&db.url).await;
        for marker in [NAME, EMAIL, PHONE, SAID, NOTE, file_id.as_str()] {
            assert!(
                before.contains(marker),
                "{}: {marker} is stored at first",
                db.label
            );
        }
        let now = jiff::Timestamp::now().as_second();
        let at = |s: i64| jiff::Timestamp::from_second(s).unwrap().to_string();
        let (from, to) = (at(now - 86_400), at(now + 86_400));
        let overview = |v: &Value| {
            json!([
                v["conversations"],
                v["bot_conversations"],
                v["handoff_rate"],
                v["fcr_rate"]
            ])
        };
        let (status, report_before) = server
            .get(
                &format!("/api/v1/reports/overview?from={from}&to={to}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 200, "{report_before}");

        // The export: admins only; it holds what they said.
        assert_eq!(
            server
                .get(
                    &format!("/api/v1/contacts/{contact_id}/export"),
                    Some(&agent_token)
                )
                .await
                .0,
            403
        );
        let (status, export) = server
            .get(
                &format!("/api/v1/contacts/{contact_id}/export"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 200, "{}: {export}", db.label);
        assert_eq!(export["contact"]["email"], EMAIL);
        let texts = export["conversations"][0]["messages"].to_string();
        assert!(texts.contains(SAID) && texts.contains(&file_id), "{export}");

        // Erased: admins only.
        assert_eq!(
            server
                .post(
                    &format!("/api/v1/contacts/{contact_id}/erase"),
                    Some(&agent_token),
                    &json!({})
                )
                .await
                .0,
            403
        );
        let (status, erased) = server
            .post(
                &format!("/api/v1/contacts/{contact_id}/erase"),
                Some(&admin),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{}: {erased}", db.label);
        assert_eq!(erased["conversations"], 1, "{erased}");
        assert_eq!(erased["files"], 1, "{erased}");
        assert_eq!(
            server
                .post("/api/v1/contacts/999999/erase", Some(&admin), &json!({}))
                .await
                .0,
            404
        );

        let after = whole_database(&db.url).await;
        for marker in [
            NAME,
            EMAIL,
            PHONE,
            SAID,
            "ZXQW-9981",
            "KD-ERASE-77",
            NOTE,
            file_id.as_str(),
        ] {
            assert!(
                !after.contains(marker),
                "{}: {marker} is still stored:\n{}",
                db.label,
                after
                    .lines()
                    .filter(|l| l.contains(marker))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        assert!(
            after.contains(KEEP),
            "{}: the other buyer keeps theirs",
            db.label
        );
        // Nor found by search, nor in the file store.
        for q in ["ZXQW-9981", "erase-me", "13912345678"] {
            let (status, found) = server
                .get(&format!("/api/v1/search?q={q}"), Some(&admin))
                .await;
            assert_eq!(status, 200, "{found}");
            assert!(
                !found.to_string().contains(q),
                "{}: search finds {q}: {found}",
                db.label
            );
        }
        assert!(
            state.desk.files.read(&file_id).await.is_err(),
            "{}: the picture is gone",
            db.label
        );
        let (status, report_after) = server
            .get(
                &format!("/api/v1/reports/overview?from={from}&to={to}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            overview(&report_after),
            overview(&report_before),
            "{}: reports unchanged",
            db.label
        );
        let audit = store.audit_entries(20).await.unwrap();
        assert!(
            audit.iter().any(
                |a| a.action == "contact_erased" && a.target == format!("contact:{contact_id}")
            ),
            "{}: audited",
            db.label
        );
        server.stop().await;
    }
}
