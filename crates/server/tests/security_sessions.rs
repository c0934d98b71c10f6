//! Console sessions end when they should (security issue 10, hole 8): a new
//! password, a disabled user and a revocation end sessions at once — the
//! next request is 401 and open agent sockets close — and a disabled user
//! cannot sign in, with the same answer as a wrong password. Listings name
//! sessions by a public id and never show a token or its hash. Runs against
//! a real server on SQLite, and PostgreSQL when configured.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{http, signed_in, Reply, TestDb, TestServer};
use kadesk_domain::Role;
use kadesk_server::auth::token_hash;
use serde_json::{json, Value};

const PASSWORD: &str = "pw-correct-horse";

/// Status of `GET /auth/me` with this token.
async fn me(server: &TestServer, token: &str) -> u16 {
    server.get("/api/v1/auth/me", Some(token)).await.0
}

/// An admin with a session token, and a user `name` (agent) to act on.
async fn admin_and_agent(server: &TestServer, name: &str) -> (String, i64) {
    let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, PASSWORD).await;
    let (user, _) = signed_in(&server.state.store, name, Role::Agent, PASSWORD).await;
    (admin, user.id)
}

#[tokio::test]
async fn a_password_set_by_an_admin_ends_the_users_open_sessions() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let first = server.token_of("xiaowang", PASSWORD).await;
        let second = server.token_of("xiaowang", PASSWORD).await;
        assert_eq!(me(&server, &first).await, 200);

        let (status, body) = server
            .put(
                &format!("/api/v1/users/{id}/password"),
                Some(&admin),
                &json!({"password": "a-new-password"}),
            )
            .await;
        assert_eq!(status, 200, "{} {body}", db.label);
        // Two signed in here, one made by the test helper.
        assert_eq!(body["ended"], 3, "{body}");

        assert_eq!(me(&server, &first).await, 401, "{}", db.label);
        assert_eq!(me(&server, &second).await, 401);
        assert_eq!(server.sign_in("xiaowang", PASSWORD).await.status, 401);
        assert_eq!(
            server.sign_in("xiaowang", "a-new-password").await.status,
            200
        );
        assert_eq!(me(&server, &admin).await, 200, "the admin's session stays");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_new_password_closes_the_users_open_agent_socket() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let token = server.token_of("xiaowang", PASSWORD).await;
        let mut ws = server.agent_socket(&token).await;
        let (status, _) = server
            .put(
                &format!("/api/v1/users/{id}/password"),
                Some(&admin),
                &json!({"password": "a-new-password"}),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            ws.close_code().await.expect("a close code"),
            4001,
            "{}",
            db.label
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_closes_their_sockets_and_refuses_sign_in() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let token = server.token_of("xiaowang", PASSWORD).await;
        let mut ws = server.agent_socket(&token).await;
        // Live traffic on the socket first (a colleague comes online).
        let _admin_ws = server.agent_socket(&admin).await;
        let presence = ws.next().await;
        assert_eq!(presence["type"], "presence", "{presence}");
        let wrong = server.sign_in("xiaowang", "not-the-password").await;
        let (wrong_status, wrong_body) = (wrong.status, wrong.body);

        let (status, user) = server
            .post(
                &format!("/api/v1/users/{id}/disable"),
                Some(&admin),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{} {user}", db.label);
        assert_eq!(user["disabled"], true, "{user}");
        assert_eq!(
            ws.close_code().await.expect("a close code"),
            4001,
            "{}",
            db.label
        );
        assert_eq!(me(&server, &token).await, 401);

        // The right password now gets exactly the wrong password's answer.
        let Reply { status, body, .. } = server.sign_in("xiaowang", PASSWORD).await;
        assert_eq!((status, &body), (wrong_status, &wrong_body), "{}", db.label);
        assert_eq!(body["error"]["message"], "wrong user name or password");
        let (_, team) = server.get("/api/v1/users", Some(&admin)).await;
        let listed = team["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id)
            .unwrap();
        assert_eq!(listed["disabled"], true, "{team}");

        let (status, user) = server
            .post(
                &format!("/api/v1/users/{id}/enable"),
                Some(&admin),
                &json!({}),
            )
            .await;
        assert_eq!((status, &user["disabled"]), (200, &json!(false)));
        assert_eq!(server.sign_in("xiaowang", PASSWORD).await.status, 200);
        server.stop().await;
    }
}

#[tokio::test]
async fn revoking_one_session_leaves_the_others_open() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let phone = server.token_of("xiaowang", PASSWORD).await;
        let laptop = server.token_of("xiaowang", PASSWORD).await;
        let mut laptop_ws = server.agent_socket(&laptop).await;
        let mut phone_ws = server.agent_socket(&phone).await;

        // The phone's own listing marks which session is the phone's.
        let (status, own) = server
            .get(&format!("/api/v1/users/{id}/sessions"), Some(&phone))
            .await;
        assert_eq!(status, 200, "{own}");
        let phone_id = own["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["current"] == true)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let (status, _) = server
            .delete(
                &format!("/api/v1/users/{id}/sessions/{phone_id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 204, "{}", db.label);
        assert_eq!(phone_ws.close_code().await.expect("a close code"), 4001);
        assert_eq!(me(&server, &phone).await, 401);
        assert_eq!(me(&server, &laptop).await, 200, "{}", db.label);
        laptop_ws.send(json!({"type": "ping"})).await;
        while laptop_ws.next().await["type"] != "pong" {}
        let (_, left) = server
            .get(&format!("/api/v1/users/{id}/sessions"), Some(&admin))
            .await;
        // The laptop and the test helper's session.
        assert_eq!(left["items"].as_array().unwrap().len(), 2, "{left}");
        assert!(left["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != phone_id.as_str()));

        let (status, body) = server
            .delete(
                &format!("/api/v1/users/{id}/sessions/{phone_id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (404, Some("not_found"))
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_user_ends_their_own_other_sessions_and_keeps_this_one() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, id) = admin_and_agent(&server, "xiaowang").await;
        let here = server.token_of("xiaowang", PASSWORD).await;
        let elsewhere = server.token_of("xiaowang", PASSWORD).await;
        let mut elsewhere_ws = server.agent_socket(&elsewhere).await;

        let (status, body) = server
            .delete(&format!("/api/v1/users/{id}/sessions"), Some(&here))
            .await;
        assert_eq!(status, 200, "{} {body}", db.label);
        assert_eq!(
            body["ended"], 2,
            "the other sign-in and the helper's: {body}"
        );
        assert_eq!(elsewhere_ws.close_code().await.expect("a close code"), 4001);
        assert_eq!(me(&server, &elsewhere).await, 401);
        assert_eq!(me(&server, &here).await, 200);
        let (_, list) = server
            .get(&format!("/api/v1/users/{id}/sessions"), Some(&here))
            .await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{list}");
        assert_eq!(items[0]["current"], true);
        server.stop().await;
    }
}

#[tokio::test]
async fn agents_and_supervisors_cannot_use_the_admin_user_endpoints() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, other) = admin_and_agent(&server, "xiaowang").await;
        let boss = server
            .state
            .store
            .user_by_name("boss")
            .await
            .unwrap()
            .unwrap()
            .id;
        let calls: Vec<(&str, String, Option<Value>)> = vec![
            (
                "POST",
                format!("/api/v1/users/{other}/disable"),
                Some(json!({})),
            ),
            (
                "POST",
                format!("/api/v1/users/{other}/enable"),
                Some(json!({})),
            ),
            (
                "POST",
                format!("/api/v1/users/{boss}/disable"),
                Some(json!({})),
            ),
            (
                "PUT",
                format!("/api/v1/users/{other}/password"),
                Some(json!({"password": "hijacked-pw"})),
            ),
            ("GET", format!("/api/v1/users/{other}/sessions"), None),
            ("DELETE", format!("/api/v1/users/{other}/sessions"), None),
            (
                "DELETE",
                format!("/api/v1/users/{boss}/sessions/0123456789abcdef"),
                None,
            ),
        ];
        for (name, role) in [("xiaoli", Role::Agent), ("zhuguan", Role::Supervisor)] {
            let (_, token) = signed_in(&server.state.store, name, role, PASSWORD).await;
            for (method, path, body) in &calls {
                let (status, answer) =
                    http(server.addr, method, path, Some(&token), body.as_ref()).await;
                assert_eq!(
                    (status, answer["error"]["code"].as_str()),
                    (403, Some("forbidden")),
                    "{} {role} {method} {path}: {answer}",
                    db.label
                );
            }
        }
        // Nothing changed: the agent still signs in with the old password.
        assert_eq!(server.sign_in("xiaowang", PASSWORD).await.status, 200);
        for (method, path, body) in &calls {
            let (status, _) = http(server.addr, method, path, None, body.as_ref()).await;
            assert_eq!(status, 401, "{method} {path} without a session");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn an_admin_cannot_disable_themselves() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, _) = admin_and_agent(&server, "xiaowang").await;
        let boss = server
            .state
            .store
            .user_by_name("boss")
            .await
            .unwrap()
            .unwrap();
        let (status, body) = server
            .post(
                &format!("/api/v1/users/{}/disable", boss.id),
                Some(&admin),
                &json!({}),
            )
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (409, Some("conflict")),
            "{} {body}",
            db.label
        );
        assert_eq!(me(&server, &admin).await, 200);
        server.stop().await;
    }
}

#[tokio::test]
async fn session_listings_never_contain_tokens_or_their_hashes() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let status = server
            .sign_in_with(
                "xiaowang",
                PASSWORD,
                &[("User-Agent", "Mozilla/5.0 (iPhone) 测试浏览器")],
            )
            .await
            .status;
        assert_eq!(status, 200);
        let mut tokens = vec![admin.clone()];
        for _ in 0..3 {
            tokens.push(server.token_of("xiaowang", PASSWORD).await);
        }
        let (status, list) = server
            .get(&format!("/api/v1/users/{id}/sessions"), Some(&admin))
            .await;
        assert_eq!(status, 200, "{list}");
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 5, "{} {list}", db.label);
        let text = list.to_string();
        for token in &tokens {
            let hash = token_hash(token);
            for secret in [token.as_str(), hash.as_str()] {
                // Not whole, and no 12-character piece of it either.
                for start in (0..secret.len() - 12).step_by(4) {
                    let piece = &secret[start..start + 12];
                    assert!(
                        !text.contains(piece),
                        "listing shows part of a token or hash: {text}"
                    );
                }
            }
        }
        for item in items {
            let keys: Vec<&str> = item
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                [
                    "created_at",
                    "current",
                    "expires_at",
                    "id",
                    "ip",
                    "last_used_at",
                    "user_agent"
                ],
                "{item}"
            );
            assert_eq!(item["id"].as_str().unwrap().len(), 16);
        }
        // Where a sign-in came from is recorded.
        let phone = items
            .iter()
            .find(|s| s["user_agent"] == "Mozilla/5.0 (iPhone) 测试浏览器")
            .unwrap_or_else(|| panic!("the sign-in's user agent is listed: {list}"));
        assert_eq!(phone["ip"], "127.0.0.1");
        assert!(phone["created_at"].as_i64().unwrap() > 0);
        assert!(phone["expires_at"].as_i64().unwrap() > phone["created_at"].as_i64().unwrap());
        server.stop().await;
    }
}

#[tokio::test]
async fn disabling_enabling_and_revoking_are_in_the_audit_log() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (admin, id) = admin_and_agent(&server, "xiaowang").await;
        let boss = server
            .state
            .store
            .user_by_name("boss")
            .await
            .unwrap()
            .unwrap();
        let token = server.token_of("xiaowang", PASSWORD).await;
        let (_, list) = server
            .get(&format!("/api/v1/users/{id}/sessions"), Some(&token))
            .await;
        let session = list["items"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(
            server
                .delete(
                    &format!("/api/v1/users/{id}/sessions/{session}"),
                    Some(&admin)
                )
                .await
                .0,
            204
        );
        assert_eq!(
            server
                .delete(&format!("/api/v1/users/{id}/sessions"), Some(&admin))
                .await
                .0,
            200
        );
        for action in ["disable", "enable"] {
            let (status, _) = server
                .post(
                    &format!("/api/v1/users/{id}/{action}"),
                    Some(&admin),
                    &json!({}),
                )
                .await;
            assert_eq!(status, 200);
        }
        let entries = server.state.store.audit_entries(20).await.unwrap();
        for action in [
            "session_revoked",
            "sessions_revoked",
            "user_disabled",
            "user_enabled",
        ] {
            let entry = entries
                .iter()
                .find(|e| e.action == action)
                .unwrap_or_else(|| panic!("{} audit has {action}: {entries:?}", db.label));
            assert_eq!(entry.actor_id, Some(boss.id), "{action}");
            assert_eq!(entry.target, format!("user:{id}"), "{action}");
        }
        let text = serde_json::to_string(&entries).unwrap();
        assert!(!text.contains(&token) && !text.contains(&token_hash(&token)));
        server.stop().await;
    }
}

#[tokio::test]
async fn signing_out_closes_that_sessions_agent_socket() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, _) = admin_and_agent(&server, "xiaowang").await;
        let token = server.token_of("xiaowang", PASSWORD).await;
        let mut ws = server.agent_socket(&token).await;
        let (status, _) = server
            .post("/api/v1/auth/logout", Some(&token), &json!({}))
            .await;
        assert_eq!(status, 204);
        assert_eq!(ws.close_code().await.expect("a close code"), 4001);
        server.stop().await;
    }
}
