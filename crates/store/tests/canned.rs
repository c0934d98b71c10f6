//! Canned replies in the store, on SQLite always and on PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set: scopes (shared and personal), the
//! shortcut unique per scope, search, and counted uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_domain::{ReplyLanguage, Role};
use kadesk_store::{CannedDraft, CannedFilter, StoreError};

mod common;

use common::stores;

fn canned(shortcut: &str, body: &str, language: ReplyLanguage) -> CannedDraft {
    CannedDraft {
        shortcut: shortcut.to_owned(),
        title: format!("标题 {shortcut}"),
        body: body.to_owned(),
        language,
    }
}

fn all_for(user: i64) -> CannedFilter {
    CannedFilter {
        user_id: Some(user),
        limit: 100,
        ..CannedFilter::default()
    }
}

#[tokio::test]
async fn an_agent_sees_the_shared_replies_and_only_their_own_personal_ones() {
    for t in stores().await {
        let s = &t.store;
        let wang = s
            .create_user("xiaowang", "小王", Role::Agent, "h")
            .await
            .unwrap();
        let li = s
            .create_user("xiaoli", "小李", Role::Agent, "h")
            .await
            .unwrap();
        s.create_canned_reply(
            None,
            &canned("hi", "您好 {buyer_name}", ReplyLanguage::Zh),
            1,
        )
        .await
        .unwrap();
        s.create_canned_reply(
            Some(wang.id),
            &canned("mine", "小王的", ReplyLanguage::Zh),
            2,
        )
        .await
        .unwrap();
        s.create_canned_reply(Some(li.id), &canned("mine", "小李的", ReplyLanguage::Zh), 3)
            .await
            .unwrap();
        let seen: Vec<String> = s
            .canned_replies(&all_for(wang.id))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.body)
            .collect();
        // Shared and own together, by shortcut while none is used.
        assert_eq!(seen, ["您好 {buyer_name}", "小王的"], "{}", t.label);
        let personal = s
            .canned_replies(&CannedFilter {
                personal: Some(true),
                ..all_for(li.id)
            })
            .await
            .unwrap();
        assert_eq!(personal.len(), 1, "{}", t.label);
        assert_eq!(personal[0].owner_id, Some(li.id), "{}", t.label);
        let shared = s
            .canned_replies(&CannedFilter {
                personal: Some(false),
                ..all_for(li.id)
            })
            .await
            .unwrap();
        assert_eq!(shared.len(), 1, "{}", t.label);
        assert_eq!(shared[0].owner_id, None, "{}", t.label);
    }
}

#[tokio::test]
async fn a_shortcut_taken_in_the_same_scope_is_a_conflict() {
    for t in stores().await {
        let s = &t.store;
        let wang = s
            .create_user("xiaowang", "小王", Role::Agent, "h")
            .await
            .unwrap();
        s.create_canned_reply(None, &canned("退款", "a", ReplyLanguage::Zh), 1)
            .await
            .unwrap();
        let err = s
            .create_canned_reply(None, &canned("退款", "b", ReplyLanguage::Zh), 2)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict { field: "shortcut", value } if value == "退款"),
            "{}: {err:?}",
            t.label
        );
        // A personal reply may use a shared shortcut.
        let own = s
            .create_canned_reply(Some(wang.id), &canned("退款", "c", ReplyLanguage::Zh), 3)
            .await
            .unwrap();
        let other = s
            .create_canned_reply(Some(wang.id), &canned("发货", "d", ReplyLanguage::Zh), 4)
            .await
            .unwrap();
        let err = s
            .update_canned_reply(other.id, &canned("退款", "d", ReplyLanguage::Zh), 5)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{}", t.label);
        let changed = s
            .update_canned_reply(
                own.id,
                &canned("refund", "Refund {order_no}", ReplyLanguage::En),
                6,
            )
            .await
            .unwrap();
        assert_eq!(
            (
                changed.shortcut.as_str(),
                changed.language,
                changed.updated_at,
                changed.created_at
            ),
            ("refund", ReplyLanguage::En, 6, 3),
            "{}",
            t.label
        );
        s.delete_canned_reply(own.id).await.unwrap();
        assert!(
            matches!(
                s.canned_reply(own.id).await,
                Err(StoreError::NotFound { .. })
            ),
            "{}",
            t.label
        );
        assert!(
            matches!(
                s.delete_canned_reply(own.id).await,
                Err(StoreError::NotFound { .. })
            ),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn search_reads_shortcut_title_and_body_and_takes_like_characters_literally() {
    for t in stores().await {
        let s = &t.store;
        s.create_canned_reply(
            None,
            &canned("refund", "退款将在 1-3 个工作日原路退回", ReplyLanguage::Zh),
            1,
        )
        .await
        .unwrap();
        s.create_canned_reply(
            None,
            &canned("Hello", "Hi {buyer_name}, 100% sure", ReplyLanguage::En),
            2,
        )
        .await
        .unwrap();
        s.create_canned_reply(None, &canned("redeem", "兑换步骤", ReplyLanguage::Zh), 3)
            .await
            .unwrap();
        let find = |q: &str, language: Option<ReplyLanguage>| {
            let filter = CannedFilter {
                q: Some(q.to_owned()),
                language,
                limit: 100,
                ..CannedFilter::default()
            };
            async move {
                let mut found: Vec<String> = s
                    .canned_replies(&filter)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.shortcut)
                    .collect();
                found.sort();
                found
            }
        };
        // "sure" in the English body holds "re" too.
        assert_eq!(
            find("RE", None).await,
            ["Hello", "redeem", "refund"],
            "{}",
            t.label
        );
        assert_eq!(find("HELLO", None).await, ["Hello"], "{}", t.label);
        assert_eq!(find("原路", None).await, ["refund"], "{}", t.label);
        assert_eq!(find("%", None).await, ["Hello"], "{}", t.label);
        assert_eq!(find("_", None).await, ["Hello"], "{}", t.label);
        assert_eq!(
            find("r_fund", None).await,
            Vec::<String>::new(),
            "{}",
            t.label
        );
        assert_eq!(
            find("e", Some(ReplyLanguage::En)).await,
            ["Hello"],
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn each_use_is_counted_and_kept_as_an_event_that_outlives_the_reply() {
    for t in stores().await {
        let s = &t.store;
        let wang = s
            .create_user("xiaowang", "小王", Role::Agent, "h")
            .await
            .unwrap();
        let a = s
            .create_canned_reply(None, &canned("a", "A", ReplyLanguage::Zh), 1)
            .await
            .unwrap();
        let b = s
            .create_canned_reply(None, &canned("b", "B", ReplyLanguage::Zh), 1)
            .await
            .unwrap();
        s.use_canned_reply(b.id, wang.id, None, 10).await.unwrap();
        s.use_canned_reply(b.id, wang.id, None, 20).await.unwrap();
        let used = s.use_canned_reply(a.id, wang.id, None, 30).await.unwrap();
        assert_eq!(
            (used.use_count, used.last_used_at),
            (1, Some(30)),
            "{}",
            t.label
        );
        let order: Vec<String> = s
            .canned_replies(&all_for(wang.id))
            .await
            .unwrap()
            .into_iter()
            .map(|r| format!("{}={}", r.shortcut, r.use_count))
            .collect();
        assert_eq!(order, ["b=2", "a=1"], "most used first; {}", t.label);
        assert!(
            matches!(
                s.use_canned_reply(9999, wang.id, None, 40).await,
                Err(StoreError::NotFound { .. })
            ),
            "{}",
            t.label
        );
        s.delete_canned_reply(b.id).await.unwrap();
        assert_eq!(
            s.canned_reply_uses(0, 100).await.unwrap(),
            [(b.id, 2), (a.id, 1)],
            "{}",
            t.label
        );
        assert_eq!(
            s.canned_reply_uses(15, 30).await.unwrap(),
            [(b.id, 1)],
            "{}",
            t.label
        );
    }
}
