//! Floods are refused, not served until memory runs out: pictures decode
//! behind a gate (a slot per core, a short line, then `busy`), buyers'
//! pictures have a lower pixel cap, and a user name too long for any user
//! is refused before it is looked up, hashed, counted, logged or audited.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::{send, signed_in, visitor, TestDb, TestServer};
use kadesk_desk::files::FileStore;
use kadesk_domain::Role;
use kadesk_vision::forge;

/// A real PNG of `w × h` black RGB pixels: a few hundred KB that decode to
/// 3 bytes a pixel, like the pictures of the flood that was measured.
fn black_png(w: u32, h: u32) -> Vec<u8> {
    let image = image::DynamicImage::ImageRgb8(image::RgbImage::new(w, h));
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_bomb_like_pngs_never_decodes_more_than_the_gate_allows() {
    for db in TestDb::all().await {
        let mut state = db.state().await;
        state.files = FileStore::new(db.files_dir()).with_decode_gate(2, 2);
        let server = TestServer::start_with(state).await;
        let (_, token) = visitor(&server.state.store, "访客").await;
        let auth = format!("Bearer {token}");
        // 16 megapixels (48 MB decoded) in a file of a few hundred KB.
        let png = Arc::new(black_png(4_000, 4_000));
        assert!(png.len() < 400_000, "{} bytes", png.len());

        let burst: Vec<_> = (0..24)
            .map(|_| {
                let (png, auth, addr) = (png.clone(), auth.clone(), server.addr);
                tokio::spawn(async move {
                    send(
                        addr,
                        "POST",
                        "/api/v1/widget/uploads",
                        &[("Authorization", &auth), ("Content-Type", "image/png")],
                        &png,
                    )
                    .await
                })
            })
            .collect();
        let (mut stored, mut busy) = (0, 0);
        for reply in futures_util::future::join_all(burst).await {
            let reply = reply.unwrap();
            match reply.status {
                201 => stored += 1,
                503 => {
                    assert_eq!(reply.body["error"]["code"], "busy", "{}", reply.body);
                    assert_eq!(reply.header("retry-after").unwrap(), "5");
                    busy += 1;
                }
                other => panic!("{other}: {}", reply.body),
            }
        }
        assert_eq!(stored + busy, 24, "every upload was answered");
        assert!(stored >= 1, "the gate lets pictures through");
        let peak = server.state.files.decode_gate().peak();
        assert!(
            (1..=2).contains(&peak),
            "{peak} pictures decoded at once; the gate has 2 slots ({db_label})",
            db_label = db.label
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn buyers_pictures_may_have_20_megapixels_and_agents_50() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, buyer) = visitor(&server.state.store, "访客").await;
        let (_, agent) =
            signed_in(&server.state.store, "xiaowang", Role::Agent, "pw-agent-1").await;
        // 5000 × 5000 = 25 megapixels claimed; the data behind is empty.
        let claim = forge::png_claiming(5_000, 5_000, 8, 2, &[]);
        let as_buyer = send(
            server.addr,
            "POST",
            "/api/v1/widget/uploads",
            &[
                ("Authorization", &format!("Bearer {buyer}")),
                ("Content-Type", "image/png"),
            ],
            &claim,
        )
        .await;
        assert_eq!(as_buyer.status, 413, "{}", as_buyer.body);
        let message = as_buyer.body["error"]["message"].as_str().unwrap();
        assert!(message.contains("20000000"), "{message}");
        // An agent's picture passes the pixel check and fails only on its (empty) data.
        let as_agent = send(
            server.addr,
            "POST",
            "/api/v1/uploads",
            &[
                ("Authorization", &format!("Bearer {agent}")),
                ("Content-Type", "image/png"),
            ],
            &claim,
        )
        .await;
        assert_eq!(as_agent.status, 422, "{}", as_agent.body);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_huge_user_name_at_sign_in_is_refused_before_it_is_counted_or_audited() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        signed_in(&server.state.store, "admin", Role::Admin, "pw-admin-1").await;
        let audited = server.state.store.audit_entries(1000).await.unwrap().len();
        let huge = "管".repeat(300_000); // 900 KB
        let body = serde_json::json!({"username": huge, "password": "x"}).to_string();
        // More attempts than any lockout allows, all from one address.
        for _ in 0..12 {
            let reply = send(
                server.addr,
                "POST",
                "/api/v1/auth/login",
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            )
            .await;
            assert_eq!(reply.status, 422, "{}", reply.body);
            assert!(reply.body.to_string().len() < 300, "the name is not echoed");
        }
        assert_eq!(
            server.state.store.audit_entries(1000).await.unwrap().len(),
            audited,
            "nothing was audited"
        );
        let (status, _) = server
            .post(
                "/api/v1/auth/login",
                None,
                &serde_json::json!({"username": "admin", "password": "pw-admin-1"}),
            )
            .await;
        assert_eq!(status, 200, "refused names did not count towards a lockout");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_new_user_with_a_huge_name_is_refused_without_quoting_it() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = signed_in(&server.state.store, "admin", Role::Admin, "pw-admin-1").await;
        let (status, body) = server
            .post(
                "/api/v1/users",
                Some(&admin),
                &serde_json::json!({"username": "x".repeat(900_000), "display_name": "x",
                                    "role": "agent", "password": "long-enough-1"}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().len() < 300, "{body}");
        server.stop().await;
    }
}
