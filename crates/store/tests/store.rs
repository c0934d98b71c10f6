//! The store on its own, on SQLite always and on PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set: the filters of the dynamic queries,
//! unique violations as typed conflicts, and cursor pagination — what
//! differs between the two backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_domain::{ArticleDraft, Channel, ConversationStatus, Role};
use kadesk_store::{ArticleFilter, ConversationFilter, Store, StoreError};
use sqlx::{Connection, Executor};

/// A fresh store, and what keeps its database alive.
struct TestStore {
    store: Store,
    label: &'static str,
    _dir: tempfile::TempDir,
}

/// A new SQLite store, plus a new PostgreSQL database when configured.
async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let mut all = vec![TestStore {
        store: Store::connect(&url).await.unwrap(),
        label: "sqlite",
        _dir: dir,
    }];
    match std::env::var("KADESK_TEST_DATABASE_URL") {
        Ok(base) => {
            sqlx::any::install_default_drivers();
            let name = format!("kadesk_s_{:016x}", rand_id());
            let mut admin = sqlx::AnyConnection::connect(&base)
                .await
                .expect("KADESK_TEST_DATABASE_URL must be reachable");
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (prefix, _) = base.rsplit_once('/').expect("url has a database path");
            all.push(TestStore {
                store: Store::connect(&format!("{prefix}/{name}")).await.unwrap(),
                label: "postgres",
                _dir: tempfile::tempdir().unwrap(),
            });
        }
        Err(_) => {
            eprintln!("NOTE: KADESK_TEST_DATABASE_URL is unset: these tests run on SQLite only")
        }
    }
    all
}

fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

fn draft(title: &str, body: &str, tags: &[&str]) -> ArticleDraft {
    ArticleDraft {
        title: title.to_owned(),
        body: body.to_owned(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        error_codes: Vec::new(),
        products: Vec::new(),
        language: Default::default(),
        enabled: true,
    }
}

#[tokio::test]
async fn a_taken_user_name_is_a_conflict_naming_it() {
    for t in stores().await {
        t.store
            .create_user("xiaowang", "小王", Role::Agent, "hash")
            .await
            .unwrap();
        let err = t
            .store
            .create_user("xiaowang", "另一个小王", Role::Agent, "hash")
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict { field, value } => {
                assert_eq!(
                    (field, value.as_str()),
                    ("username", "xiaowang"),
                    "{}",
                    t.label
                )
            }
            other => panic!("{}: expected a conflict, got {other:?}", t.label),
        }
        assert_eq!(t.store.user_count().await.unwrap(), 1, "{}", t.label);
    }
}

#[tokio::test]
async fn conversations_filter_by_status_assignee_and_contact() {
    for t in stores().await {
        let s = &t.store;
        let agent = s
            .create_user("xiaoli", "小李", Role::Agent, "hash")
            .await
            .unwrap();
        let mut ids = Vec::new();
        let mut contacts = Vec::new();
        for i in 0..4 {
            let contact = s
                .create_contact(&format!("买家{i}"), "zh-CN", Channel::Web, None)
                .await
                .unwrap();
            let conversation = s
                .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
                .await
                .unwrap();
            contacts.push(contact.id);
            ids.push(conversation.id);
        }
        s.assign(ids[0], Some(agent.id)).await.unwrap();
        s.resolve(ids[1]).await.unwrap();
        let list = |filter: ConversationFilter| async move {
            let mut got: Vec<i64> = s
                .conversations(&filter, None, 50)
                .await
                .unwrap()
                .items
                .iter()
                .map(|c| c.id)
                .collect();
            got.sort_unstable();
            got
        };
        let by_status = |statuses: Vec<ConversationStatus>| ConversationFilter {
            statuses,
            ..Default::default()
        };
        assert_eq!(
            list(ConversationFilter::default()).await,
            ids,
            "{}",
            t.label
        );
        assert_eq!(
            list(by_status(vec![ConversationStatus::Resolved])).await,
            vec![ids[1]],
            "{}",
            t.label
        );
        assert_eq!(
            list(by_status(vec![
                ConversationStatus::Queued,
                ConversationStatus::Assigned
            ]))
            .await,
            vec![ids[0], ids[2], ids[3]],
            "{}",
            t.label
        );
        let mine = ConversationFilter {
            assignee: Some(Some(agent.id)),
            ..Default::default()
        };
        assert_eq!(list(mine).await, vec![ids[0]], "{}", t.label);
        let unassigned = ConversationFilter {
            assignee: Some(None),
            statuses: vec![ConversationStatus::Queued],
            ..Default::default()
        };
        assert_eq!(list(unassigned).await, vec![ids[2], ids[3]], "{}", t.label);
        let of_contact = ConversationFilter {
            contact_id: Some(contacts[3]),
            ..Default::default()
        };
        assert_eq!(list(of_contact).await, vec![ids[3]], "{}", t.label);
    }
}

#[tokio::test]
async fn conversation_pages_follow_the_cursor_without_gaps_or_repeats() {
    for t in stores().await {
        let s = &t.store;
        let mut ids = Vec::new();
        for i in 0..7 {
            let contact = s
                .create_contact(&format!("买家{i}"), "zh-CN", Channel::Web, None)
                .await
                .unwrap();
            let conversation = s
                .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
                .await
                .unwrap();
            ids.push(conversation.id);
        }
        for by_priority in [false, true] {
            let filter = ConversationFilter {
                by_priority,
                ..Default::default()
            };
            let mut seen = Vec::new();
            let mut after = None;
            let mut pages = 0;
            loop {
                let page = s.conversations(&filter, after, 3).await.unwrap();
                assert!(page.items.len() <= 3, "{}", t.label);
                seen.extend(page.items.iter().map(|c| c.id));
                pages += 1;
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            assert_eq!(pages, 3, "{}: 7 conversations in pages of 3", t.label);
            let mut sorted = seen.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), seen.len(), "{}: no repeats", t.label);
            let mut all = ids.clone();
            all.sort_unstable();
            assert_eq!(sorted, all, "{}: no gaps", t.label);
        }
    }
}

#[tokio::test]
async fn articles_filter_by_text_and_tag_and_page_by_id() {
    for t in stores().await {
        let s = &t.store;
        s.create_article(
            &draft("Steam 充值卡怎么兑换", "打开 Steam 客户端", &["steam"]),
            None,
        )
        .await
        .unwrap();
        s.create_article(
            &draft("卡密无效", "100% 退款，联系客服", &["refund", "card"]),
            None,
        )
        .await
        .unwrap();
        s.create_article(
            &draft("Refund policy", "Refunds take 3 days", &["refund"]),
            None,
        )
        .await
        .unwrap();
        let titles = |filter: ArticleFilter| async move {
            let mut got: Vec<String> = s
                .articles(&filter, None, 50)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|a| a.title)
                .collect();
            got.sort();
            got
        };
        let text = |q: &str| ArticleFilter {
            text: Some(q.to_owned()),
            tag: None,
        };
        assert_eq!(
            titles(text("steam")).await,
            vec!["Steam 充值卡怎么兑换"],
            "{}",
            t.label
        );
        assert_eq!(
            titles(text("REFUND")).await,
            vec!["Refund policy"],
            "{}",
            t.label
        );
        // LIKE wildcards in the text are matched as themselves.
        assert_eq!(titles(text("100%")).await, vec!["卡密无效"], "{}", t.label);
        assert!(titles(text("_")).await.is_empty(), "{}", t.label);
        let tag = ArticleFilter {
            text: None,
            tag: Some("refund".to_owned()),
        };
        assert_eq!(
            titles(tag).await,
            vec!["Refund policy", "卡密无效"],
            "{}",
            t.label
        );
        let both = ArticleFilter {
            text: Some("退款".to_owned()),
            tag: Some("refund".to_owned()),
        };
        assert_eq!(titles(both).await, vec!["卡密无效"], "{}", t.label);

        let first = s
            .articles(&ArticleFilter::default(), None, 2)
            .await
            .unwrap();
        assert_eq!(first.items.len(), 2, "{}", t.label);
        let next = first.next.expect("a second page");
        let second = s
            .articles(&ArticleFilter::default(), Some(next), 2)
            .await
            .unwrap();
        assert_eq!(second.items.len(), 1, "{}", t.label);
        assert!(second.next.is_none(), "{}", t.label);
        assert!(second.items[0].id < next, "{}", t.label);
    }
}
