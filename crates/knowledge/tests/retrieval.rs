//! Retrieval quality on the demo shop's articles: labelled buyer questions
//! (Chinese, English, typos, synonyms, mixed) must get the right article or,
//! for questions the articles do not answer, nothing at all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, OnceLock};

use kadesk_knowledge::{demo_articles, Analyzer, Article, ArticleLanguage, KnowledgeIndex};

fn index() -> &'static KnowledgeIndex {
    static INDEX: OnceLock<KnowledgeIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let articles: Vec<Article> = demo_articles()
            .into_iter()
            .enumerate()
            .map(|(i, d)| Article {
                id: i as i64 + 1,
                title: d.title,
                body: d.body,
                tags: d.tags,
                error_codes: d.error_codes,
                products: d.products,
                language: d.language,
                enabled: d.enabled,
                created_at: 0,
                updated_at: 0,
            })
            .collect();
        KnowledgeIndex::build(&articles, Arc::new(Analyzer::new())).unwrap()
    })
}

/// (question, language, the title the answer must start with; "" = no answer)
const LABELLED: &[(&str, ArticleLanguage, &str)] = &[
    // Chinese usage questions.
    (
        "steam充值卡怎么兑换",
        ArticleLanguage::Zh,
        "Steam 钱包充值卡怎么兑换",
    ),
    (
        "STEAM 钱包码在哪里兑换",
        ArticleLanguage::Zh,
        "Steam 钱包充值卡怎么兑换",
    ),
    (
        "ｓｔｅａｍ卡怎么用",
        ArticleLanguage::Zh,
        "Steam 钱包充值卡怎么兑换",
    ),
    (
        "苹果礼品卡怎么兑换",
        ArticleLanguage::Zh,
        "App Store / Apple 礼品卡",
    ),
    (
        "美区apple id能用你们的充值卡吗",
        ArticleLanguage::Zh,
        "App Store / Apple 礼品卡",
    ),
    (
        "腾讯视频会员怎么激活",
        ArticleLanguage::Zh,
        "腾讯视频 VIP 会员怎么激活",
    ),
    (
        "腾讯视频兑换码在哪输入",
        ArticleLanguage::Zh,
        "腾讯视频 VIP 会员怎么激活",
    ),
    ("爱奇艺激活码怎么用", ArticleLanguage::Zh, "爱奇艺黄金 VIP"),
    ("爱奇艺卡密怎么兑换", ArticleLanguage::Zh, "爱奇艺黄金 VIP"),
    (
        "王者荣耀点券卡密怎么充",
        ArticleLanguage::Zh,
        "王者荣耀点券卡密怎么充值",
    ),
    (
        "网易云黑胶兑换码怎么用",
        ArticleLanguage::Zh,
        "网易云音乐黑胶 VIP",
    ),
    // Typos and homophones.
    (
        "王者荣耀点卷卡蜜怎么冲值",
        ArticleLanguage::Zh,
        "王者荣耀点券卡密怎么充值",
    ),
    ("爱奇艺卡蜜怎么用", ArticleLanguage::Zh, "爱奇艺黄金 VIP"),
    // Error codes, typed or read from a screenshot, any case.
    ("E1002", ArticleLanguage::Zh, "Steam 提示 E1002"),
    ("e1001", ArticleLanguage::Zh, "Steam 提示 E1001"),
    (
        "兑换的时候提示E1003是什么意思",
        ArticleLanguage::Zh,
        "提示 E1003",
    ),
    (
        "充值失败 err_account_not_found",
        ArticleLanguage::Zh,
        "直充提示 ERR_ACCOUNT_NOT_FOUND",
    ),
    (
        "激活windows报错0xc004c003",
        ArticleLanguage::Zh,
        "Windows 11 专业版激活码",
    ),
    (
        "ERR_SERVER_BUSY 怎么回事",
        ArticleLanguage::Zh,
        "直充提示 ERR_SERVER_BUSY",
    ),
    // Synonyms: 卡密 / 兑换码 / 激活码.
    (
        "兑换码无效怎么办",
        ArticleLanguage::Zh,
        "兑换码无效 / 卡密已被使用怎么办",
    ),
    (
        "卡密已被使用",
        ArticleLanguage::Zh,
        "兑换码无效 / 卡密已被使用怎么办",
    ),
    (
        "激活码无效",
        ArticleLanguage::Zh,
        "兑换码无效 / 卡密已被使用怎么办",
    ),
    // Shop questions.
    ("付款后多久发货", ArticleLanguage::Zh, "付款后多久发货"),
    ("卡密在哪里看", ArticleLanguage::Zh, "付款后多久发货"),
    ("怎么查询订单", ArticleLanguage::Zh, "如何查询订单"),
    ("支持哪些付款方式", ArticleLanguage::Zh, "支持哪些付款方式"),
    (
        "可以用支付宝付款吗",
        ArticleLanguage::Zh,
        "支持哪些付款方式",
    ),
    ("退款政策是什么", ArticleLanguage::Zh, "退款政策"),
    // English, typos, mixed.
    (
        "how do I redeem a steam wallet card",
        ArticleLanguage::En,
        "How to redeem a Steam wallet card",
    ),
    (
        "how to redem steam code",
        ArticleLanguage::En,
        "How to redeem a Steam wallet card",
    ),
    ("steam says E1002", ArticleLanguage::En, "Steam error E1002"),
    (
        "the steam code was already used",
        ArticleLanguage::En,
        "Steam error E1001",
    ),
    (
        "what is your refund policy",
        ArticleLanguage::En,
        "Refund policy",
    ),
    (
        "which payment methods do you accept",
        ArticleLanguage::En,
        "Payment methods",
    ),
    (
        "how long does delivery take",
        ArticleLanguage::En,
        "How long does delivery take",
    ),
    (
        "steam卡 region 不对",
        ArticleLanguage::Zh,
        "Steam 提示 E1002",
    ),
    // Not in the knowledge base: nothing.
    ("你们老板是谁", ArticleLanguage::Zh, ""),
    ("今天天气怎么样", ArticleLanguage::Zh, ""),
    ("我想买一台显卡", ArticleLanguage::Zh, ""),
    ("你好", ArticleLanguage::Zh, ""),
    ("原神角色怎么培养", ArticleLanguage::Zh, ""),
    ("E9999", ArticleLanguage::Zh, ""),
    ("what is the weather like today", ArticleLanguage::En, ""),
    (
        "do you sell netflix accounts in brazil",
        ArticleLanguage::En,
        "",
    ),
    ("can I pay with paypal", ArticleLanguage::En, ""),
    ("steam游戏推荐", ArticleLanguage::Zh, ""),
    // Too generic to pick one article: the bot asks which platform instead.
    ("卡密怎么兑换", ArticleLanguage::Zh, ""),
    ("兑换码怎么用", ArticleLanguage::Zh, ""),
    ("how do I redeem my code", ArticleLanguage::En, ""),
    ("你们能开发票吗", ArticleLanguage::Zh, ""),
    ("王者荣耀怎么上分", ArticleLanguage::Zh, ""),
    ("爱奇艺会员可以几个人同时看", ArticleLanguage::Zh, ""),
    ("how do I delete my account", ArticleLanguage::En, ""),
    ("is steam down right now", ArticleLanguage::En, ""),
];

#[test]
fn labelled_questions_get_the_right_article_or_none() {
    let index = index();
    let mut wrong = Vec::new();
    for (question, lang, want) in LABELLED {
        let got = index.best_answer(question, Some(*lang)).unwrap();
        let ok = match (&got, want.is_empty()) {
            (None, true) => true,
            (Some(hit), false) => hit.title.starts_with(want),
            _ => false,
        };
        if !ok {
            wrong.push(format!(
                "{question:?}: want {want:?}, got {:?}",
                got.map(|h| (h.title, h.confidence))
            ));
        }
    }
    let total = LABELLED.len();
    let right = total - wrong.len();
    println!("retrieval: {right}/{total} right");
    // Every unanswerable question must stay unanswered (precision), and at
    // least 95 % of all must be right.
    let false_answers: Vec<&String> = wrong.iter().filter(|w| w.contains("want \"\"")).collect();
    assert!(
        false_answers.is_empty(),
        "answered unanswerable: {false_answers:#?}"
    );
    assert!(
        right * 100 >= total * 95,
        "{right}/{total}; wrong: {wrong:#?}"
    );
}

#[test]
fn an_error_code_matches_only_whole_and_ignores_case() {
    let index = index();
    let hit = index.best_answer("E1002", None).unwrap().unwrap();
    assert_eq!(hit.confidence, 1.0);
    assert!(index.best_answer("E10021", None).unwrap().is_none());
}

#[test]
fn language_filter_keeps_to_the_buyer_language() {
    let index = index();
    let zh = index
        .best_answer("E1002", Some(ArticleLanguage::Zh))
        .unwrap()
        .unwrap();
    let en = index
        .best_answer("E1002", Some(ArticleLanguage::En))
        .unwrap()
        .unwrap();
    assert!(zh.title.starts_with("Steam 提示"), "{}", zh.title);
    assert!(en.title.starts_with("Steam error"), "{}", en.title);
}

#[test]
fn search_ranks_and_snippets_point_at_the_match() {
    let hits = index()
        .search("steam 区域", Some(ArticleLanguage::Zh), 5)
        .unwrap();
    assert!(!hits.is_empty());
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(hits.len() <= 5);
    assert!(hits.iter().all(|h| h.snippet.chars().count() <= 125));
}

#[test]
fn disabled_articles_are_not_searched() {
    let mut a = Article {
        id: 1,
        title: "Steam 钱包充值卡怎么兑换".into(),
        body: "打开 Steam 兑换".into(),
        tags: vec![],
        error_codes: vec!["E1001".into()],
        products: vec![],
        language: ArticleLanguage::Zh,
        enabled: false,
        created_at: 0,
        updated_at: 0,
    };
    let analyzer = Arc::new(Analyzer::new());
    let off = KnowledgeIndex::build(std::slice::from_ref(&a), analyzer.clone()).unwrap();
    assert!(off
        .best_answer("steam充值卡怎么兑换", None)
        .unwrap()
        .is_none());
    assert!(off.best_answer("E1001", None).unwrap().is_none());
    a.enabled = true;
    let on = KnowledgeIndex::build(&[a], analyzer).unwrap();
    assert!(on
        .best_answer("steam充值卡怎么兑换", None)
        .unwrap()
        .is_some());
}

#[test]
fn an_empty_index_answers_nothing() {
    let index = KnowledgeIndex::build(&[], Arc::new(Analyzer::new())).unwrap();
    assert!(index.is_empty());
    assert!(index.search("steam", None, 5).unwrap().is_empty());
}
