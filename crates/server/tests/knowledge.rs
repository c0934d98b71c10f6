//! The knowledge base through the API and the bot: articles are written by
//! supervisors and admins (validated, audited), read and searched by agents,
//! and the live bot answers a buyer's usage question or error code with the
//! matching article — and nothing for a question no article covers. SQLite,
//! and PostgreSQL too when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{http, signed_in, TestDb, TestServer};
use kadesk_domain::Role;
use serde_json::{json, Value};

const STEAM_BODY: &str =
    "登录 Steam 后打开「账户明细」→「兑换 Steam 钱包码」，粘贴 15 位卡密。本店为国区卡。";
const E1002_BODY: &str =
    "E1002 表示卡的地区和您 Steam 账号的地区不一致，国区卡只能兑换到中国地区的账号。";

fn steam_article() -> Value {
    json!({
        "title": "Steam 钱包充值卡怎么兑换",
        "body": STEAM_BODY,
        "tags": ["steam", "兑换教程"],
        "products": ["Steam 钱包充值卡 ¥100"],
        "language": "zh"
    })
}

fn e1002_article() -> Value {
    json!({
        "title": "Steam 提示 E1002：区域不符",
        "body": E1002_BODY,
        "tags": ["steam", "区域"],
        "error_codes": ["E1002"],
        "language": "zh"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn articles_are_written_by_supervisors_read_by_agents_and_audited() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let store = &server.state.store;
        let (_, admin) = signed_in(store, "boss", Role::Admin, "pw-admin-1").await;
        let (_, lead) = signed_in(store, "lead", Role::Supervisor, "pw-lead-1").await;
        let (_, agent) = signed_in(store, "xiaowang", Role::Agent, "pw-agent-1").await;
        let path = "/api/v1/knowledge/articles";

        let (status, _) = server.post(path, Some(&agent), &steam_article()).await;
        assert_eq!(status, 403, "{}: agents may not write", db.label);
        let (status, _) = server.post(path, None, &steam_article()).await;
        assert_eq!(status, 401);

        let (status, steam) = server.post(path, Some(&admin), &steam_article()).await;
        assert_eq!(status, 201, "{}: {steam}", db.label);
        assert_eq!(steam["enabled"], true, "enabled unless said otherwise");
        let (status, e1002) = server.post(path, Some(&lead), &e1002_article()).await;
        assert_eq!(status, 201, "{}: {e1002}", db.label);
        let id = steam["id"].as_i64().unwrap();

        let (status, one) = server.get(&format!("{path}/{id}"), Some(&agent)).await;
        assert_eq!(status, 200);
        assert_eq!(one["body"], STEAM_BODY);
        assert_eq!(one["products"], json!(["Steam 钱包充值卡 ¥100"]));

        // Newest first, paged, filtered by text and by tag.
        let (_, page) = server.get(&format!("{path}?limit=1"), Some(&agent)).await;
        assert_eq!(page["items"][0]["id"], e1002["id"]);
        let cursor = page["next_cursor"].as_str().unwrap().to_owned();
        let (_, page2) = server
            .get(&format!("{path}?limit=1&cursor={cursor}"), Some(&agent))
            .await;
        assert_eq!(page2["items"][0]["id"], id);
        assert!(page2["next_cursor"].is_null());
        let (_, found) = server
            .get(
                &format!("{path}?q=%E9%92%B1%E5%8C%85%E7%A0%81"),
                Some(&agent),
            ) // 钱包码
            .await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
        let (_, tagged) = server
            .get(&format!("{path}?tag=%E5%8C%BA%E5%9F%9F"), Some(&agent)) // 区域
            .await;
        assert_eq!(tagged["items"][0]["id"], e1002["id"]);
        let (status, _) = server.get(&format!("{path}?cursor=x"), Some(&agent)).await;
        assert_eq!(status, 400);

        let mut changed = steam_article();
        changed["enabled"] = json!(false);
        changed["title"] = json!("Steam 钱包码兑换（旧）");
        let (status, _) = server
            .put(&format!("{path}/{id}"), Some(&agent), &changed)
            .await;
        assert_eq!(status, 403);
        let (status, updated) = server
            .put(&format!("{path}/{id}"), Some(&lead), &changed)
            .await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["enabled"], false);
        assert_eq!(updated["title"], "Steam 钱包码兑换（旧）");
        let (status, _) = server
            .put(&format!("{path}/999999"), Some(&lead), &changed)
            .await;
        assert_eq!(status, 404);

        let (status, _) = server.delete(&format!("{path}/{id}"), Some(&agent)).await;
        assert_eq!(status, 403);
        let (status, _) = server.delete(&format!("{path}/{id}"), Some(&admin)).await;
        assert_eq!(status, 204);
        let (status, _) = server.get(&format!("{path}/{id}"), Some(&agent)).await;
        assert_eq!(status, 404);
        let (status, _) = server.delete(&format!("{path}/{id}"), Some(&admin)).await;
        assert_eq!(status, 404);

        let actions: Vec<String> = store
            .audit_entries(20)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action.starts_with("knowledge_"))
            .map(|e| format!("{} {}", e.action, e.target))
            .collect();
        assert_eq!(
            actions,
            vec![
                format!("knowledge_article_deleted article:{id}"),
                format!("knowledge_article_updated article:{id}"),
                format!("knowledge_article_created article:{}", e1002["id"]),
                format!("knowledge_article_created article:{id}"),
            ],
            "{}",
            db.label
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_articles_are_refused_naming_the_field_and_nothing_is_stored() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let path = "/api/v1/knowledge/articles";
        let cases = [
            (json!({"title": "  ", "body": "b"}), "title"),
            (json!({"title": "t", "body": "x".repeat(20_001)}), "body"),
            (
                json!({"title": "t", "body": "b", "tags": (0..21).map(|i| format!("t{i}")).collect::<Vec<_>>()}),
                "tags",
            ),
            (
                json!({"title": "t", "body": "b", "error_codes": ["E 1001"]}),
                "error_codes",
            ),
        ];
        for (body, field) in cases {
            let (status, answer) = server.post(path, Some(&admin), &body).await;
            assert_eq!(status, 422, "{answer}");
            assert_eq!(answer["error"]["code"], "validation");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(message.starts_with(field), "{field}: {message}");
        }
        let (status, answer) = server
            .post(
                path,
                Some(&admin),
                &json!({"title": "t", "body": "b", "colour": "red"}),
            )
            .await;
        assert_eq!(status, 400, "unknown fields are refused: {answer}");
        let (status, answer) = server
            .post(
                path,
                Some(&admin),
                &json!({"title": "t", "body": "b", "language": "fr"}),
            )
            .await;
        assert_eq!(status, 400, "{answer}");
        let (_, list) = server.get(path, Some(&admin)).await;
        assert_eq!(list["items"], json!([]), "nothing was stored");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_returns_scored_hits_and_the_article_the_bot_would_send() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let (_, agent) = signed_in(&server.state.store, "xw", Role::Agent, "pw-agent-1").await;
        let path = "/api/v1/knowledge/articles";
        let (_, steam) = server.post(path, Some(&admin), &steam_article()).await;
        let (_, e1002) = server.post(path, Some(&admin), &e1002_article()).await;

        let (status, found) = server
            .get("/api/v1/knowledge/search?q=e1002&lang=zh-CN", Some(&agent))
            .await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(found["answer_id"], e1002["id"], "{}: {found}", db.label);
        assert_eq!(found["items"][0]["confidence"], 1.0);
        assert!(found["items"][0]["score"].as_f64().unwrap() > 0.0);

        let q = "steam%E5%85%85%E5%80%BC%E5%8D%A1%E6%80%8E%E4%B9%88%E5%85%91%E6%8D%A2"; // steam充值卡怎么兑换
        let (_, found) = server
            .get(&format!("/api/v1/knowledge/search?q={q}"), Some(&agent))
            .await;
        assert_eq!(found["answer_id"], steam["id"], "{found}");

        let q = "%E4%BB%8A%E5%A4%A9%E5%A4%A9%E6%B0%94%E6%80%8E%E4%B9%88%E6%A0%B7"; // 今天天气怎么样
        let (_, found) = server
            .get(&format!("/api/v1/knowledge/search?q={q}"), Some(&agent))
            .await;
        assert!(found["answer_id"].is_null(), "{found}");

        // A disabled article is no longer found: the index was rebuilt.
        let mut off = e1002_article();
        off["enabled"] = json!(false);
        let id = e1002["id"].as_i64().unwrap();
        http(
            server.addr,
            "PUT",
            &format!("{path}/{id}"),
            Some(&admin),
            Some(&off),
        )
        .await;
        let (_, found) = server
            .get("/api/v1/knowledge/search?q=E1002", Some(&agent))
            .await;
        assert!(found["answer_id"].is_null(), "{found}");

        let (status, _) = server
            .get("/api/v1/knowledge/search?q=x&lang=fr", Some(&agent))
            .await;
        assert_eq!(status, 400);
        let (status, _) = server.get("/api/v1/knowledge/search?q=x", None).await;
        assert_eq!(status, 401);
        server.stop().await;
    }
}

/// A buyer's widget conversation: (visitor token, conversation id).
async fn buyer(server: &TestServer) -> (common::Socket, i64) {
    let body = server.widget_conversation("zh-CN").await;
    assert_eq!(body["conversation"]["status"], "bot");
    let token = body["visitor_token"].as_str().unwrap().to_owned();
    let mut socket = server.buyer_socket(&token, None).await;
    socket.next_of("hello").await;
    (socket, body["conversation"]["id"].as_i64().unwrap())
}

fn bot_text(frame: &Value) -> Option<&str> {
    (frame["type"] == "message" && frame["message"]["sender"] == "bot")
        .then(|| frame["message"]["text"].as_str())
        .flatten()
}

/// Waits until the bot's stored dialog state mentions `needle`.
async fn state_mentions(server: &TestServer, conversation: i64, needle: &str) -> String {
    for _ in 0..100 {
        if let Some(state) = server.state.store.bot_state(conversation).await.unwrap() {
            if state.contains(needle) {
                return state;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the bot state of {conversation} never mentioned {needle}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_answers_buyers_from_the_knowledge_base_and_only_when_sure() {
    for db in TestDb::all().await {
        let server = TestServer::start_with_bot(&db).await;
        let (_, admin) = signed_in(&server.state.store, "boss", Role::Admin, "pw-admin-1").await;
        let path = "/api/v1/knowledge/articles";
        server.post(path, Some(&admin), &steam_article()).await;
        server.post(path, Some(&admin), &e1002_article()).await;

        // A usage question: the shop's article, not the built-in guide.
        let (mut socket, _) = buyer(&server).await;
        socket
            .send(json!({"type": "send", "client_id": "q1", "text": "steam充值卡怎么兑换"}))
            .await;
        let frame = socket
            .until(|f| bot_text(f).is_some_and(|t| t.contains(STEAM_BODY)))
            .await;
        let text = bot_text(&frame).unwrap();
        assert!(
            text.contains("Steam 钱包充值卡怎么兑换"),
            "{}: {text}",
            db.label
        );
        assert!(text.chars().count() <= 2_000);

        // An error code, typed alone.
        let (mut socket, _) = buyer(&server).await;
        socket
            .send(json!({"type": "send", "client_id": "q2", "text": "E1002"}))
            .await;
        socket
            .until(|f| bot_text(f).is_some_and(|t| t.contains(E1002_BODY)))
            .await;

        // A question no article covers: searched, not answered from an article.
        let (mut socket, conversation) = buyer(&server).await;
        socket
            .send(json!({"type": "send", "client_id": "q3", "text": "有没有Xbox礼品卡卖"}))
            .await;
        let reply = socket.until(|f| bot_text(f).is_some()).await;
        let state = state_mentions(&server, conversation, "searched_knowledge").await;
        assert!(!state.contains("knowledge_answer"), "{}: {state}", db.label);
        let text = bot_text(&reply).unwrap();
        assert!(
            !text.contains(STEAM_BODY) && !text.contains(E1002_BODY),
            "{}: {text}",
            db.label
        );
        server.stop().await;
    }
}
