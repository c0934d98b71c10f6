//! Case memory end to end, on SQLite and PostgreSQL: resolving a
//! conversation records its case with its parts, and a new conversation
//! about the same problem finds it through
//! `GET /api/v1/conversations/{id}/similar`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::{signed_in, Api};
use kadesk_domain::Role;
use serde_json::json;

#[tokio::test]
async fn a_resolved_conversation_becomes_a_case_that_the_next_buyer_finds() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        // The first buyer: an activation error, solved by an agent.
        let (_, first) = api.buyer().await;
        api.buyer_says(first, "windows 激活失败，错误代码 0xC004C003")
            .await;
        let reply = "这个错误是版本不符：家庭版系统不能用专业版密钥，请先升级到专业版再激活。";
        let (status, _) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{first}/messages"),
                Some(&token),
                json!({"text": reply}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{first}/resolve"),
                Some(&token),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let case = api
            .state
            .store
            .case_of_conversation(first)
            .await
            .unwrap()
            .expect("a case on resolve");
        assert_eq!(case.case.error_codes.len(), 1, "{case:?}");
        let code = case.case.error_codes[0].clone();
        assert!(code.eq_ignore_ascii_case("0xC004C003"), "{code}");
        assert!(
            case.case.intents.contains(&"card_invalid".to_string()),
            "{case:?}"
        );
        assert_eq!(case.case.replies, vec![reply.to_string()]);
        assert_eq!(case.case.solved_by, "agent");
        assert!(case.case.tags.contains(&"系统错误".to_string()), "{case:?}");
        assert!(!case.reopened);
        // An unrelated solved case.
        let (_, other) = api.buyer().await;
        api.buyer_says(other, "买错了，想退款").await;
        api.json(
            Method::POST,
            &format!("/api/v1/conversations/{other}/messages"),
            Some(&token),
            json!({"text": "已为您退款"}),
        )
        .await;
        api.json(
            Method::POST,
            &format!("/api/v1/conversations/{other}/resolve"),
            Some(&token),
            json!({}),
        )
        .await;
        // The next buyer with the same error code finds the first case first.
        let (_, next) = api.buyer().await;
        api.buyer_says(next, "激活不了，提示 0xC004C003 怎么办")
            .await;
        let (status, similar) = api
            .get(
                &format!("/api/v1/conversations/{next}/similar"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{similar}");
        assert_eq!(similar[0]["case"]["conversation_id"], first, "{similar}");
        assert_eq!(similar[0]["parts"]["error_code"], 1.0, "{similar}");
        assert!(similar[0]["score"].as_f64().unwrap() > 0.5, "{similar}");
        assert_eq!(similar[0]["case"]["replies"][0], reply);
        // Its own case is never offered, the unrelated one scores too low.
        let ids: Vec<i64> = similar
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["case"]["conversation_id"].as_i64().unwrap())
            .collect();
        assert!(!ids.contains(&next) && !ids.contains(&other), "{similar}");
        // Search by error code.
        let (status, found) = api
            .get(&format!("/api/v1/cases?error_code={code}"), Some(&token))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
        let (status, _) = api
            .get("/api/v1/conversations/999999/similar", Some(&token))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api
            .get(
                &format!("/api/v1/conversations/{next}/similar?limit=0"),
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn only_admins_edit_the_problem_tags() {
    for api in Api::all().await {
        let (_, agent) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, admin) = signed_in(&api.state.store, "boss", Role::Admin, "correct-horse").await;
        let body = json!({"name": "发票问题"});
        let (status, _) = api
            .json(
                Method::POST,
                "/api/v1/problem-tags",
                Some(&agent),
                body.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = api
            .json(
                Method::POST,
                "/api/v1/problem-tags",
                Some(&admin),
                body.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = api
            .json(Method::POST, "/api/v1/problem-tags", Some(&admin), body)
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (_, tags) = api.get("/api/v1/problem-tags", Some(&agent)).await;
        assert!(
            tags.as_array().unwrap().contains(&json!("发票问题")),
            "{tags}"
        );
    }
}
