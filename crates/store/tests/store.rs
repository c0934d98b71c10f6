//! The store on its own, on SQLite always and on PostgreSQL when
//! `KADESK_TEST_DATABASE_URL` is set: the filters of the dynamic queries,
//! unique violations as typed conflicts, and cursor pagination — what
//! differs between the two backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_domain::{ArticleDraft, Channel, ConversationStatus, Role};
use kadesk_store::{ArticleFilter, ConversationFilter, StoreError};

mod common;

use common::stores;

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

fn case_for(conversation_id: i64, code: &str, text: &str) -> kadesk_store::NewCase {
    kadesk_store::NewCase {
        conversation_id,
        tags: vec!["系统错误".into()],
        intents: vec!["card_invalid".into()],
        error_codes: vec![code.into()],
        products: vec!["Steam 钱包 100".into()],
        pictures: vec![kadesk_store::CasePicture {
            file_id: "f".repeat(64),
            kind: "error_dialog".into(),
            // The top bit set: stored as a negative number, read back the same.
            phash: Some(0xF00D_0000_0000_BEEF),
            text: "激活失败 错误代码".into(),
            error_code: Some(code.into()),
        }],
        buyer_text: text.into(),
        replies: vec!["请先把账号地区改为国区再兑换".into()],
        summary: "地区不符：改地区后兑换".into(),
        solved_by: "agent".into(),
    }
}

#[tokio::test]
async fn a_case_keeps_its_parts_and_a_second_resolve_marks_it_reopened() {
    for t in stores().await {
        let s = &t.store;
        let contact = s
            .create_contact("买家", "zh-CN", Channel::Web, None)
            .await
            .unwrap();
        let conversation = s
            .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
            .await
            .unwrap();
        let new = case_for(conversation.id, "E-1001", "卡密激活失败 提示 E-1001");
        let saved = s.save_case(&new, 1_000).await.unwrap();
        assert_eq!(saved.case, new, "{}", t.label);
        assert!(!saved.reopened, "{}", t.label);
        assert_eq!(saved.rating, None);
        let again = s.save_case(&new, 2_000).await.unwrap();
        assert_eq!(again.id, saved.id, "{}", t.label);
        assert!(again.reopened, "{}", t.label);
        assert_eq!((again.created_at, again.updated_at), (1_000, 2_000));
        s.edit_case(saved.id, &["商品不符".into()], "换卡", 3_000)
            .await
            .unwrap();
        let edited = s
            .case_of_conversation(conversation.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(edited.case.tags, vec!["商品不符".to_string()]);
        assert_eq!(edited.case.summary, "换卡");
    }
}

#[tokio::test]
async fn cases_are_searched_by_text_error_code_product_and_tag() {
    for t in stores().await {
        let s = &t.store;
        let mut ids = Vec::new();
        for (i, (code, text)) in [("E-1001", "激活失败 100%"), ("E-2002", "充值 延迟")]
            .iter()
            .enumerate()
        {
            let contact = s
                .create_contact(&format!("买家{i}"), "zh-CN", Channel::Web, None)
                .await
                .unwrap();
            let c = s
                .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
                .await
                .unwrap();
            s.save_case(&case_for(c.id, code, text), 10 + i as i64)
                .await
                .unwrap();
            ids.push(c.id);
        }
        let find = |f: kadesk_store::CaseFilter| async move {
            s.cases(&kadesk_store::CaseFilter { limit: 10, ..f })
                .await
                .unwrap()
                .iter()
                .map(|c| c.case.conversation_id)
                .collect::<Vec<_>>()
        };
        let all = find(Default::default()).await;
        assert_eq!(all, vec![ids[1], ids[0]], "newest first ({})", t.label);
        let by_code = find(kadesk_store::CaseFilter {
            error_code: Some("E-2002".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(by_code, vec![ids[1]], "{}", t.label);
        let by_text = find(kadesk_store::CaseFilter {
            q: Some("充值 延迟".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(by_text, vec![ids[1]], "{}", t.label);
        // LIKE's wildcards in the query are literal.
        let percent = find(kadesk_store::CaseFilter {
            q: Some("100%".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(percent, vec![ids[0]], "{}", t.label);
        let by_tag = find(kadesk_store::CaseFilter {
            tag: Some("系统错误".into()),
            product: Some("Steam 钱包 100".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(by_tag.len(), 2, "{}", t.label);
        let none = find(kadesk_store::CaseFilter {
            tag: Some("账号问题".into()),
            ..Default::default()
        })
        .await;
        assert!(none.is_empty(), "{}", t.label);
    }
}

#[tokio::test]
async fn the_problem_tag_taxonomy_starts_with_defaults_and_is_editable() {
    for t in stores().await {
        let s = &t.store;
        let tags = s.problem_tags().await.unwrap();
        assert!(
            tags.contains(&"充值延迟".to_string()),
            "{tags:?} ({})",
            t.label
        );
        s.add_problem_tag("发票问题", 5).await.unwrap();
        assert!(matches!(
            s.add_problem_tag("发票问题", 6).await,
            Err(StoreError::Conflict { .. })
        ));
        s.remove_problem_tag("发票问题").await.unwrap();
        assert!(!s
            .problem_tags()
            .await
            .unwrap()
            .contains(&"发票问题".to_string()));
        assert!(matches!(
            s.remove_problem_tag("发票问题").await,
            Err(StoreError::NotFound { .. })
        ));
    }
}
