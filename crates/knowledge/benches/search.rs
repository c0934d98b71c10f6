//! Search latency and index build time on 1,000 articles (the demo shop's
//! articles repeated with varied products, codes and wording).
//! `cargo bench -p kadesk-knowledge`; figures only, no assertions.
#![allow(clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use kadesk_knowledge::{demo_articles, Analyzer, Article, ArticleLanguage, KnowledgeIndex};

const GAMES: &[&str] = &[
    "原神",
    "和平精英",
    "英雄联盟",
    "崩坏星穹铁道",
    "梦幻西游",
    "Roblox",
    "Minecraft",
    "Valorant",
    "Apex",
    "CSGO",
];

/// `n` articles: the demo set, then copies about other products with their own codes.
pub fn articles(n: usize) -> Vec<Article> {
    let demo = demo_articles();
    (0..n)
        .map(|i| {
            let d = &demo[i % demo.len()];
            let game = GAMES[(i / demo.len()) % GAMES.len()];
            let round = i / demo.len();
            let (title, body) = if round == 0 {
                (d.title.clone(), d.body.clone())
            } else {
                (
                    format!("{game} {} #{round}", d.title),
                    format!("{game}：{}", d.body),
                )
            };
            Article {
                id: i as i64 + 1,
                title,
                body,
                tags: d.tags.clone(),
                error_codes: d
                    .error_codes
                    .iter()
                    .map(|c| {
                        if round == 0 {
                            c.clone()
                        } else {
                            format!("{c}{round}")
                        }
                    })
                    .collect(),
                products: d.products.clone(),
                language: d.language,
                enabled: true,
                created_at: 0,
                updated_at: 0,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let started = Instant::now();
    let analyzer = Arc::new(Analyzer::new());
    println!("analyzer (jieba) load: {:?}", started.elapsed());
    let corpus = articles(1000);
    let started = Instant::now();
    let index = KnowledgeIndex::build(&corpus, analyzer.clone()).expect("builds");
    println!("index build, 1,000 articles: {:?}", started.elapsed());

    let mut group = c.benchmark_group("knowledge");
    group.sample_size(10);
    group.bench_function("build_1000", |b| {
        b.iter(|| KnowledgeIndex::build(&corpus, analyzer.clone()).expect("builds"))
    });
    group.finish();

    let questions = [
        ("steam充值卡怎么兑换", ArticleLanguage::Zh),
        ("E1002", ArticleLanguage::Zh),
        ("王者荣耀点卷卡蜜怎么冲值", ArticleLanguage::Zh),
        ("how to redem steam code", ArticleLanguage::En),
        ("你们老板是谁", ArticleLanguage::Zh),
    ];
    let mut group = c.benchmark_group("knowledge");
    for (q, lang) in questions {
        group.bench_function(format!("best_answer {q}"), |b| {
            b.iter(|| index.best_answer(q, Some(lang)).expect("searches"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
