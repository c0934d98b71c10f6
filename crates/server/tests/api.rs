//! The REST API called through the router (`oneshot`), including the bad
//! input every public endpoint must survive.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use common::{code, signed_in, Api};
use kadesk_domain::Role;
use serde_json::{json, Value};

#[tokio::test]
async fn login_sets_a_session_that_me_and_logout_use() {
    for api in Api::all().await {
        signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let body = json!({"username": "xiaowang", "password": "correct-horse"});
        let (status, login, headers) = api
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Body::from(body.to_string()),
                "application/json",
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.starts_with("kadesk_session="),
            "{cookie}"
        );
        let token = login["token"].as_str().unwrap();
        let (status, me) = api.get("/api/v1/auth/me", Some(token)).await;
        assert_eq!(
            (status, me["username"].as_str()),
            (StatusCode::OK, Some("xiaowang"))
        );
        let (status, _) = api
            .json(Method::POST, "/api/v1/auth/logout", Some(token), json!({}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, body) = api.get("/api/v1/auth/me", Some(token)).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized")
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    for api in Api::all().await {
        signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (s1, wrong_pw) = api
            .json(
                Method::POST,
                "/api/v1/auth/login",
                None,
                json!({"username": "xiaowang", "password": "nope"}),
            )
            .await;
        let (s2, no_user) = api
            .json(
                Method::POST,
                "/api/v1/auth/login",
                None,
                json!({"username": "ghost", "password": "nope"}),
            )
            .await;
        assert_eq!(s1, StatusCode::UNAUTHORIZED);
        assert_eq!((s1, &wrong_pw), (s2, &no_user));
        let audit = api.state.store.audit_entries(10).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "login_failed"));
        assert!(
            !serde_json::to_string(&audit).unwrap().contains("nope"),
            "passwords never reach the audit log"
        );
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_user_name() {
    for api in Api::all().await {
        signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        for _ in 0..10 {
            let (status, _) = api
                .json(
                    Method::POST,
                    "/api/v1/auth/login",
                    None,
                    json!({"username": "xiaowang", "password": "guess"}),
                )
                .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let (status, body) = api
            .json(
                Method::POST,
                "/api/v1/auth/login",
                None,
                json!({"username": "xiaowang", "password": "correct-horse"}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
        );
    }
}

#[tokio::test]
async fn malformed_json_is_a_bad_request_naming_the_problem() {
    for api in Api::all().await {
        let (status, body, _) = api
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Body::from("{\"username\": "),
                "application/json",
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "bad_request")
        );
        assert!(body["error"]["message"].as_str().unwrap().contains("JSON"));
        let (status, body, _) = api
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Body::from("{}"),
                "text/plain",
            )
            .await;
        // Sign-in sets the cookie: anything but JSON is refused before it is read.
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
        );
        assert!(body["error"]["message"].as_str().unwrap().contains("JSON"));
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    for api in Api::all().await {
        let huge = json!({"username": "x".repeat(2 * 1024 * 1024), "password": "p"});
        let (status, body) = api
            .json(Method::POST, "/api/v1/auth/login", None, huge)
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        );
    }
}

#[tokio::test]
async fn agent_endpoints_need_a_session() {
    for api in Api::all().await {
        for uri in [
            "/api/v1/conversations",
            "/api/v1/contacts",
            "/api/v1/users",
            "/api/v1/auth/me",
        ] {
            let (status, body) = api.get(uri, None).await;
            assert_eq!(
                (status, code(&body)),
                (StatusCode::UNAUTHORIZED, "unauthorized"),
                "{uri}"
            );
            let (status, _) = api.get(uri, Some("not-a-real-token")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
        }
    }
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_with_a_code() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (status, body) = api.get("/api/v1/conversations/424242", Some(&token)).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("424242"));
        let (status, body) = api.get("/api/v1/contacts/99", Some(&token)).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
        let (status, body) = api.get("/api/v1/no-such-thing", Some(&token)).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
        let (status, body) = api.get("/api/v1/conversations/abc", Some(&token)).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "bad_request")
        );
        let (status, body) = api.get("/api/v1/files/0000", None).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    }
}

#[tokio::test]
async fn conversations_filter_by_status_and_assignee_with_cursor_pages() {
    for api in Api::all().await {
        let (agent, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(api.buyer().await.1);
        }
        let (status, _) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{}/claim", ids[0]),
                Some(&token),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        let (_, mine) = api
            .get("/api/v1/conversations?assignee=me", Some(&token))
            .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        assert_eq!(mine["items"][0]["assignee_id"], agent.id);
        let (_, queued) = api
            .get(
                "/api/v1/conversations?status=queued&assignee=unassigned",
                Some(&token),
            )
            .await;
        assert_eq!(queued["items"].as_array().unwrap().len(), 4);

        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let (status, page) = api
                .get(
                    &format!("/api/v1/conversations?limit=2&cursor={cursor}"),
                    Some(&token),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_i64().unwrap()),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, ids, "every conversation once across pages");

        let (status, body) = api
            .get("/api/v1/conversations?status=open", Some(&token))
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "bad_request")
        );
        let (status, _) = api
            .get("/api/v1/conversations?cursor=garbage", Some(&token))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = api
            .get("/api/v1/conversations?limit=100000", Some(&token))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn assign_resolve_and_reopen_tell_the_buyer() {
    for api in Api::all().await {
        let (agent, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, id) = api.buyer().await;
        let (status, conv) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{id}/assign"),
                Some(&token),
                json!({"user_id": agent.id}),
            )
            .await;
        assert_eq!(
            (status, conv["status"].as_str()),
            (StatusCode::OK, Some("assigned"))
        );
        let (_, conv) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{id}/resolve"),
                Some(&token),
                json!({}),
            )
            .await;
        assert_eq!(conv["status"], "resolved");
        let (_, conv) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{id}/reopen"),
                Some(&token),
                json!({}),
            )
            .await;
        assert_eq!(conv["status"], "assigned");
        let (_, messages) = api
            .get(
                &format!("/api/v1/conversations/{id}/messages"),
                Some(&token),
            )
            .await;
        let system: Vec<&str> = messages["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["sender"] == "system")
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        // Assigning told the buyer nothing (xiaowang has not answered yet);
        // resolving did.
        assert_eq!(system.len(), 1, "{system:?}");
        assert!(!system[0].contains("xiaowang"), "{system:?}");
        let (status, body) = api
            .json(
                Method::POST,
                &format!("/api/v1/conversations/{id}/assign"),
                Some(&token),
                json!({"user_id": 999}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
    }
}

#[tokio::test]
async fn rest_replies_are_idempotent_by_client_id_and_paged_by_seq() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (_, id) = api.buyer().await;
        let uri = format!("/api/v1/conversations/{id}/messages");
        let (status, first) = api
            .json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"text": "您好", "client_id": "r1"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, again) = api
            .json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"text": "您好", "client_id": "r1"}),
            )
            .await;
        assert_eq!((status, &again["id"]), (StatusCode::OK, &first["id"]));
        for n in 2..=5 {
            api.json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"text": format!("第{n}条")}),
            )
            .await;
        }
        let (_, after) = api
            .get(&format!("{uri}?after=2&limit=2"), Some(&token))
            .await;
        let seqs: Vec<i64> = after["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(
            (seqs, after["has_more"].as_bool()),
            (vec![3, 4], Some(true))
        );
        let (_, before) = api
            .get(&format!("{uri}?before=5&limit=2"), Some(&token))
            .await;
        let seqs: Vec<i64> = before["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(
            (seqs, before["has_more"].as_bool()),
            (vec![3, 4], Some(true))
        );
        let (status, body) = api
            .json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"text": "x".repeat(4001)}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let (status, body) = api
            .json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"text": "看图", "attachments": ["abc"]}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
    }
}

#[tokio::test]
async fn only_admins_add_users_and_names_are_unique() {
    for api in Api::all().await {
        let (_, admin) = signed_in(&api.state.store, "boss", Role::Admin, "correct-horse").await;
        let (_, agent) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let new = json!({"username": "xiaozhang", "display_name": "小张", "role": "agent", "password": "long-enough-pw"});
        let (status, body) = api
            .json(Method::POST, "/api/v1/users", Some(&agent), new.clone())
            .await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        let (status, user) = api
            .json(Method::POST, "/api/v1/users", Some(&admin), new.clone())
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(user.get("password_hash").is_none());
        let (status, body) = api
            .json(Method::POST, "/api/v1/users", Some(&admin), new)
            .await;
        assert_eq!((status, code(&body)), (StatusCode::CONFLICT, "conflict"));
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("xiaozhang"));
        let short =
            json!({"username": "x2", "display_name": "x", "role": "agent", "password": "short"});
        let (status, _) = api
            .json(Method::POST, "/api/v1/users", Some(&admin), short)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn uploads_take_images_only_and_serve_them_back() {
    for api in Api::all().await {
        let (visitor, id) = api.buyer().await;
        // A real picture: every upload is decoded and re-encoded before it is kept.
        let pixels =
            image::RgbImage::from_fn(8, 6, |x, y| image::Rgb([x as u8 * 30, y as u8 * 40, 99]));
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(pixels.clone())
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let png = png.into_inner();
        let (status, attachment, _) = api
            .call(
                Method::POST,
                "/api/v1/widget/uploads",
                Some(&visitor),
                Body::from(png.clone()),
                "image/png",
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{attachment}");
        let (status, body, _) = api
            .call(
                Method::POST,
                "/api/v1/widget/uploads",
                Some(&visitor),
                Body::from(b"%PDF-1.7".to_vec()),
                "image/png",
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
        );
        let (status, body, _) = api
            .call(
                Method::POST,
                "/api/v1/widget/uploads",
                Some(&visitor),
                Body::from(vec![0xFF; 11 * 1024 * 1024]),
                "image/jpeg",
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        );
        let (status, _, _) = api
            .call(
                Method::POST,
                "/api/v1/widget/uploads",
                None,
                Body::from(png.clone()),
                "image/png",
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let uri = format!("/api/v1/conversations/{id}/messages");
        let (status, message) = api
            .json(
                Method::POST,
                &uri,
                Some(&token),
                json!({"attachments": [attachment["id"]]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(message["attachments"][0]["content_type"], "image/png");
        let (status, headers, served) = api
            .raw(
                Method::GET,
                attachment["url"].as_str().unwrap(),
                &[],
                Body::empty(),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], "image/png");
        let back = image::load_from_memory(&served).unwrap().to_rgb8();
        assert_eq!(back, pixels, "the same picture, losslessly");
    }
}

#[tokio::test]
async fn contacts_can_be_edited_and_searched() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        api.buyer().await;
        let (_, list) = api.get("/api/v1/contacts", Some(&token)).await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let uri = format!("/api/v1/contacts/{id}");
        let (status, contact) = api
            .json(
                Method::PATCH,
                &uri,
                Some(&token),
                json!({"name": "张三", "email": "zhangsan@163.com"}),
            )
            .await;
        assert_eq!(
            (status, contact["name"].as_str()),
            (StatusCode::OK, Some("张三"))
        );
        let (_, found) = api.get("/api/v1/contacts?q=163.com", Some(&token)).await;
        assert_eq!(found["items"][0]["id"], id);
        let (status, body) = api
            .json(
                Method::PATCH,
                &uri,
                Some(&token),
                json!({"email": "not-an-email"}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation")
        );
        let (_, detail) = api.get(&uri, Some(&token)).await;
        assert_eq!(detail["conversations"].as_array().unwrap().len(), 1);
        let (_, cleared) = api
            .json(Method::PATCH, &uri, Some(&token), json!({"email": null}))
            .await;
        assert_eq!(cleared["email"], Value::Null);
    }
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    for api in Api::all().await {
        let (status, body) = api.get("/healthz", None).await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("ok"))
        );
        let (status, doc) = api.get("/api/openapi.json", None).await;
        assert_eq!(status, StatusCode::OK);
        for path in [
            "/api/v1/auth/login",
            "/api/v1/conversations",
            "/api/v1/widget/session",
            "/api/v1/uploads",
        ] {
            assert!(doc["paths"].get(path).is_some(), "openapi lists {path}");
        }
    }
}

#[tokio::test]
async fn widget_endpoints_answer_cors_preflight_from_any_shop() {
    for api in Api::all().await {
        for uri in ["/api/v1/widget/session", "/api/v1/widget/uploads"] {
            let (status, _, headers) = api
                .send(
                    Method::OPTIONS,
                    uri,
                    &[
                        ("origin", "https://shop.example.cn"),
                        ("access-control-request-method", "POST"),
                        (
                            "access-control-request-headers",
                            "content-type,authorization,x-filename",
                        ),
                    ],
                    Body::empty(),
                )
                .await;
            assert!(status.is_success(), "{uri}: {status}");
            assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{uri}");
        }
    }
}

#[tokio::test]
async fn nlu_parse_reads_intent_entities_and_sentiment() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let (status, parse) = api
            .json(
                Method::POST,
                "/api/v1/nlu/parse",
                Some(&token),
                json!({"text": "付了钱卡密没收到，订单号 D20241120X7731，快点！！"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{parse}");
        assert_eq!(parse["intent"]["name"], "card_not_received");
        assert_eq!(parse["entities"][0]["kind"], "order_no");
        assert_eq!(parse["entities"][0]["value"], "D20241120X7731");
        assert_eq!(parse["sentiment"]["label"], "negative");
        let (status, _) = api
            .json(
                Method::POST,
                "/api/v1/nlu/parse",
                None,
                json!({"text": "hi"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn admins_teach_a_new_intent_without_a_restart() {
    for api in Api::all().await {
        let (_, admin) = signed_in(&api.state.store, "boss", Role::Admin, "correct-horse").await;
        let (_, agent) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let phrases = [
            "能开发票吗",
            "我需要开增值税发票",
            "发票怎么开",
            "可以给我开个发票吗",
            "请帮我开具电子发票",
            "公司报销需要发票",
            "invoice please",
            "can I get an invoice",
            "I need a VAT invoice for my order",
            "how do I get a receipt invoice for the company",
            "开票抬头怎么填",
            "发票什么时候能开好",
        ];
        let examples: Vec<Value> = phrases
            .iter()
            .map(|t| json!({"intent": "invoice_request", "text": t}))
            .collect();
        let (status, body) = api
            .json(
                Method::POST,
                "/api/v1/nlu/examples",
                Some(&agent),
                json!({"examples": examples}),
            )
            .await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
        let (status, summary) = api
            .json(
                Method::POST,
                "/api/v1/nlu/examples",
                Some(&admin),
                json!({"examples": examples}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        assert!(summary["intents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "invoice_request"));
        let (_, parse) = api
            .json(
                Method::POST,
                "/api/v1/nlu/parse",
                Some(&agent),
                json!({"text": "麻烦帮我开一张发票"}),
            )
            .await;
        assert_eq!(parse["intent"]["name"], "invoice_request", "{parse}");
        let (_, file) = api.get("/api/v1/nlu/examples", Some(&admin)).await;
        assert!(file["text"]
            .as_str()
            .unwrap()
            .contains("invoice_request\t能开发票吗"));
        let bad = json!({"examples": [{"intent": "Bad Name!", "text": "x"}]});
        let (status, body) = api
            .json(Method::POST, "/api/v1/nlu/examples", Some(&admin), bad)
            .await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_unassigned_queue_lists_the_most_urgent_first_across_pages() {
    for api in Api::all().await {
        let (_, token) =
            signed_in(&api.state.store, "xiaowang", Role::Agent, "correct-horse").await;
        let mut by_priority = Vec::new();
        for priority in [0, 2, 1, 0, 2] {
            let (_, id) = api.buyer().await;
            api.state
                .store
                .hand_off(id, &["human_request"], priority, &json!({}))
                .await
                .unwrap();
            by_priority.push((priority, id));
        }
        let mut listed = Vec::new();
        let mut cursor = String::new();
        loop {
            let (status, page) = api
            .get(&format!("/api/v1/conversations?assignee=unassigned&order=priority&limit=2&cursor={cursor}"), Some(&token))
            .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            listed.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| (c["priority"].as_i64().unwrap(), c["id"].as_i64().unwrap())),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        // Most urgent first; within a priority the most recent activity first.
        by_priority.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        assert_eq!(listed, by_priority);
        let (status, _) = api
            .get("/api/v1/conversations?order=loudest", Some(&token))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}
