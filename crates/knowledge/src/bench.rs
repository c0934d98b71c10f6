//! The hybrid search benchmark (`kadesk bench knowledge`, or
//! `cargo run --release -p kadesk-knowledge --example bench_hybrid`): loads
//! the encoder (time, memory), measures embedding throughput on one core,
//! builds a hybrid index of generated articles and solved cases (each case
//! one more document: its question as title, the agent's answer as body),
//! and times searches. Prints figures; asserts nothing.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::embed::Embedder;
use crate::{ArticleDraft, ArticleLanguage};

/// How big the benchmark is.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub articles: usize,
    pub cases: usize,
    pub queries: usize,
}

/// Resident memory of this process in bytes (Linux; 0 elsewhere).
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

/// CPU time this process has used, in seconds (Linux; 0 elsewhere): on a
/// shared machine wall time overstates the cost.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let user: f64 = f.get(11)?.parse().ok()?;
            let system: f64 = f.get(12)?.parse().ok()?;
            Some((user + system) / 100.0)
        })
        .unwrap_or(0.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// `kadesk bench knowledge`: loads the encoder (time, memory), measures
/// embedding throughput on one core, builds a hybrid index of generated
/// articles and solved cases (each case one more document: its question as
/// title, the agent's answer as body), and times searches.
pub fn run(encoder_dir: &Path, args: Sizes, out: &mut dyn Write) -> Result<(), String> {
    let e = |e: std::io::Error| e.to_string();
    let before = resident_bytes();
    let started = Instant::now();
    let encoder = Arc::new(Embedder::load(encoder_dir).map_err(|e| e.to_string())?);
    writeln!(
        out,
        "encoder loaded in {:.2} s; weights {:.1} MB; resident memory +{:.1} MB",
        started.elapsed().as_secs_f64(),
        encoder.weight_bytes() as f64 / 1e6,
        resident_bytes().saturating_sub(before) as f64 / 1e6
    )
    .map_err(e)?;

    let demo = crate::demo_articles();
    let questions: Vec<(String, ArticleLanguage)> = [
        include_str!("../data/eval/tune.jsonl"),
        include_str!("../data/eval/heldout.jsonl"),
    ]
    .iter()
    .flat_map(|t| crate::parse_eval(t).unwrap_or_default())
    .map(|c| {
        let lang = if c.lang == "en" {
            ArticleLanguage::En
        } else {
            ArticleLanguage::Zh
        };
        (c.q, lang)
    })
    .collect();
    if questions.is_empty() || demo.is_empty() {
        return Err("no questions or articles to bench with".into());
    }

    // Embedding throughput, one thread.
    let n = questions.len().min(200);
    let cpu = cpu_seconds();
    let started = Instant::now();
    let mut tokens = 0usize;
    for (q, _) in questions.iter().take(n) {
        tokens += encoder.tokenizer().encode(q).len();
        std::hint::black_box(encoder.embed(q));
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    writeln!(
        out,
        "embedding (1 thread): {:.0} sentences/s wall, {:.0} per CPU-second ({:.2} ms CPU each; {:.1} tokens on average)",
        n as f64 / secs,
        n as f64 / cpu.max(0.01),
        cpu * 1000.0 / n as f64,
        tokens as f64 / n as f64
    )
    .map_err(e)?;
    let long = &demo[0].body;
    let started = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(encoder.embed(long));
    }
    writeln!(
        out,
        "embedding a {}-character article body: {:.2} ms",
        long.chars().count(),
        started.elapsed().as_secs_f64() * 1000.0 / 20.0
    )
    .map_err(e)?;

    // The corpus: demo articles under many product names, and cases made
    // of buyer questions and short answers.
    // Few product names keep the distinct texts to embed (the build's cost)
    // near 5,000; the search scans every passage all the same.
    const PRODUCTS: usize = 25;
    let product = |i: usize| format!("商品{:03}", i % PRODUCTS);
    let mut drafts: Vec<ArticleDraft> = Vec::with_capacity(args.articles + args.cases);
    for i in 0..args.articles {
        let mut d = demo[i % demo.len()].clone();
        d.title = format!("{} {}", product(i / demo.len()), d.title);
        d.products = vec![product(i / demo.len())];
        drafts.push(d);
    }
    for i in 0..args.cases {
        let (q, lang) = &questions[i % questions.len()];
        drafts.push(ArticleDraft {
            title: format!("{} {q}", product(i / questions.len())),
            body: format!("已处理：{}", demo[i % demo.len()].title),
            tags: vec!["case".to_owned()],
            error_codes: Vec::new(),
            products: Vec::new(),
            language: *lang,
            enabled: true,
        });
    }
    let articles = crate::numbered(drafts);
    let before = resident_bytes();
    let started = Instant::now();
    let mut cache = crate::EmbeddingCache::default();
    let index = crate::KnowledgeIndex::build_hybrid(
        &articles,
        Arc::new(crate::Analyzer::new()),
        encoder.clone(),
        &mut cache,
    )
    .map_err(|e| e.to_string())?;
    let (passages, vector_bytes) = index.semantic_size();
    writeln!(
        out,
        "index of {} articles + {} cases built in {:.1} s: {} passages ({} embedded), vectors {:.1} MB, resident memory +{:.0} MB",
        args.articles,
        args.cases,
        started.elapsed().as_secs_f64(),
        passages,
        cache.len(),
        vector_bytes as f64 / 1e6,
        resident_bytes().saturating_sub(before) as f64 / 1e6
    )
    .map_err(e)?;

    let mut times: Vec<Duration> = Vec::with_capacity(args.queries);
    let mut embed_times: Vec<Duration> = Vec::with_capacity(args.queries);
    for i in 0..args.queries {
        let (q, lang) = &questions[i % questions.len()];
        let q = if i >= questions.len() {
            format!("{q} {}", i / questions.len())
        } else {
            q.clone()
        };
        let started = Instant::now();
        std::hint::black_box(encoder.embed(&q));
        embed_times.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(
            index
                .best_answer(&q, Some(*lang))
                .map_err(|e| e.to_string())?,
        );
        times.push(started.elapsed());
    }
    times.sort();
    embed_times.sort();
    writeln!(
        out,
        "hybrid best_answer over {} documents ({} queries, 1 thread): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (of which embedding the question p50 {:.2} ms)",
        articles.len(),
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&times, 1.0),
        percentile(&embed_times, 0.5)
    )
    .map_err(e)?;
    Ok(())
}
