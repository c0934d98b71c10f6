//! The learning desk's console side, on SQLite and PostgreSQL: the problem
//! tags kadesk proposes and an agent confirms (and the setting that
//! requires one at resolve), and the layers of marked-up pictures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::{Method, StatusCode};
use common::{code, signed_in, Api};
use kadesk_domain::{Attachment, ConversationStatus, Role};
use serde_json::json;

async fn resolve(api: &Api, token: &str, id: i64) -> (StatusCode, serde_json::Value) {
    api.json(
        Method::POST,
        &format!("/api/v1/conversations/{id}/resolve"),
        Some(token),
        json!({}),
    )
    .await
}

async fn case_tags(api: &Api, id: i64) -> Vec<String> {
    let case = api.state.store.case_of_conversation(id).await.unwrap();
    case.expect("a case on resolve").case.tags
}

#[tokio::test]
async fn kadesk_proposes_tags_and_the_case_takes_the_ones_the_agent_confirmed() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, id) = api.buyer().await;
        api.buyer_says(id, "windows 激活失败，错误代码 0xC004C003")
            .await;
        let tags_url = format!("/api/v1/conversations/{id}/tags");
        let (status, tags) = api.get(&tags_url, Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{tags}");
        assert_eq!(tags["proposed"], json!(["系统错误"]), "{tags}");
        assert_eq!(tags["confirmed"], json!(null), "{tags}");
        assert_eq!(tags["required"], json!(false));
        assert!(tags["taxonomy"].as_array().unwrap().len() >= 6, "{tags}");
        // The agent corrects: a mismatch, not a system error.
        let (status, saved) = api
            .json(
                Method::PUT,
                &tags_url,
                Some(&token),
                json!({"tags": ["商品不符", "商品不符", " 用户操作 "]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved, json!(["商品不符", "用户操作"]));
        let (_, tags) = api.get(&tags_url, Some(&token)).await;
        assert_eq!(tags["confirmed"], json!(["商品不符", "用户操作"]), "{tags}");
        // A name outside the taxonomy is refused, naming it; nothing changes.
        let (status, body) = api
            .json(
                Method::PUT,
                &tags_url,
                Some(&token),
                json!({"tags": ["不存在的标签"]}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("不存在的标签"),
            "{body}"
        );
        let (status, _) = resolve(&api, &token, id).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(case_tags(&api, id).await, vec!["商品不符", "用户操作"]);
        // Correcting after resolve corrects the case.
        api.json(
            Method::PUT,
            &tags_url,
            Some(&token),
            json!({"tags": ["系统错误"]}),
        )
        .await;
        assert_eq!(case_tags(&api, id).await, vec!["系统错误"]);
        let (status, _) = api
            .get("/api/v1/conversations/999999/tags", Some(&token))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn with_tags_required_resolve_waits_for_a_confirmed_tag() {
    for api in Api::all().await {
        let (_, agent) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, admin) = signed_in(&api.state.store, "boss", Role::Admin, "correct-horse").await;
        let on = json!({"tags_required": true});
        let (status, _) = api
            .json(
                Method::PUT,
                "/api/v1/settings/cases",
                Some(&agent),
                on.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "agents do not change it");
        let (status, saved) = api
            .json(Method::PUT, "/api/v1/settings/cases", Some(&admin), on)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(saved, json!({"tags_required": true}));
        let (_, id) = api.buyer().await;
        api.buyer_says(id, "充值了没到账").await;
        let (status, body) = resolve(&api, &agent, id).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(code(&body), "tags_required");
        let stored = api.state.store.conversation(id).await.unwrap();
        assert_ne!(
            stored.status,
            ConversationStatus::Resolved,
            "nothing changed"
        );
        // "None apply" is not a tag either.
        let tags_url = format!("/api/v1/conversations/{id}/tags");
        api.json(Method::PUT, &tags_url, Some(&agent), json!({"tags": []}))
            .await;
        let (status, _) = resolve(&api, &agent, id).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        api.json(
            Method::PUT,
            &tags_url,
            Some(&agent),
            json!({"tags": ["充值延迟"]}),
        )
        .await;
        let (status, body) = resolve(&api, &agent, id).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, tags) = api.get(&tags_url, Some(&agent)).await;
        assert_eq!(tags["required"], json!(true));
        let (_, shown) = api.get("/api/v1/settings/cases", Some(&agent)).await;
        assert_eq!(shown, json!({"tags_required": true}));
    }
}

fn picture(id: &str) -> Attachment {
    Attachment {
        id: id.to_string(),
        name: format!("{id}.png"),
        content_type: "image/png".into(),
        size: 100,
        url: Attachment::url_for(id),
        width: Some(40),
        height: Some(30),
        thumbnail_url: None,
    }
}

#[tokio::test]
async fn annotation_layers_are_kept_with_the_rendered_picture_and_read_back() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, id) = api.buyer().await;
        let (original, rendered) = ("a".repeat(64), "b".repeat(64));
        for f in [&original, &rendered] {
            api.state.store.record_file(&picture(f)).await.unwrap();
        }
        let layers = json!({"version": 1, "width": 40, "height": 30, "shapes": [
            {"tool": "rect", "color": "#e53935", "x0": 2, "y0": 3, "x1": 20, "y1": 15},
            {"tool": "text", "color": "#1e88e5", "x0": 5, "y0": 20, "x1": 5, "y1": 20, "text": "实际卡密为16位"}
        ]});
        let url = format!("/api/v1/files/{rendered}/annotation");
        let (status, _) = api.get(&url, Some(&token)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "not drawn yet");
        let (status, saved) = api
            .json(
                Method::PUT,
                &url,
                Some(&token),
                json!({"source_file_id": original, "conversation_id": id, "layers": layers}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (status, back) = api.get(&url, Some(&token)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(back["source_file_id"], json!(original));
        assert_eq!(back["conversation_id"], json!(id));
        assert_eq!(back["layers"], layers, "the layers come back as drawn");
        // Edited and sent again: the new layers replace the old.
        let edited = json!({"version": 1, "width": 40, "height": 30, "shapes": []});
        api.json(
            Method::PUT,
            &url,
            Some(&token),
            json!({"source_file_id": original, "conversation_id": id, "layers": edited}),
        )
        .await;
        let (_, back) = api.get(&url, Some(&token)).await;
        assert_eq!(back["layers"], edited);
        // Bad input is refused with a clear code and keeps what was there.
        let refusals = [
            (
                json!({"source_file_id": original, "conversation_id": id, "layers": [1, 2]}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"source_file_id": "c".repeat(64), "conversation_id": id, "layers": {}}),
                StatusCode::NOT_FOUND,
            ),
            (
                json!({"source_file_id": original, "conversation_id": 999_999, "layers": {}}),
                StatusCode::NOT_FOUND,
            ),
            (
                json!({"source_file_id": rendered, "conversation_id": id, "layers": {}}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"source_file_id": original, "conversation_id": id, "layers": {"big": "x".repeat(300 * 1024)}}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ];
        for (body, want) in refusals {
            let (status, answer) = api.json(Method::PUT, &url, Some(&token), body).await;
            assert_eq!(status, want, "{answer}");
        }
        let (_, back) = api.get(&url, Some(&token)).await;
        assert_eq!(back["layers"], edited);
        let (status, _) = api.get(&url, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}
