//! `cargo bench -p kadesk-nlu`: parse latency of short buyer messages
//! (10–40 characters), single-core throughput, retraining time for 2,000
//! examples, and model memory.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use kadesk_nlu::{Nlu, TrainingSet};

/// Buyer messages of 10–40 characters: every such message of the held-out
/// test file (Chinese and English, none seen in training).
fn messages() -> Vec<&'static str> {
    include_str!("../data/test.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit('\t').next())
        .filter(|t| (10..=40).contains(&t.chars().count()))
        .collect()
}

/// Resident set size of this process, from /proc (Linux only).
fn rss_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn two_thousand_examples() -> TrainingSet {
    let builtin = TrainingSet::builtin();
    let mut examples = builtin.examples().to_vec();
    let mut i = 0;
    while examples.len() < 2000 {
        let mut e = builtin.examples()[i % builtin.len()].clone();
        e.text = format!("{} {}", e.text, i);
        examples.push(e);
        i += 1;
    }
    TrainingSet::from_examples(examples)
}

fn report(nlu: &Nlu, messages: &[&str]) {
    let m = nlu.memory();
    eprintln!(
        "model memory: intent classifier {:.2} MB ({} features × {} intents, f32 weights + vocabulary), \
         sentiment classifier {:.2} MB; the jieba dictionary is not included",
        m.intent_model_bytes as f64 / 1e6,
        m.features,
        m.intents,
        m.sentiment_model_bytes as f64 / 1e6
    );
    eprintln!("messages: {} of 10–40 chars", messages.len());
    // Warm-up pass, then single-core throughput over the message set.
    for t in messages {
        black_box(nlu.parse(t, None));
    }
    // Single-core throughput over the message set.
    let n = 20_000;
    let start = Instant::now();
    for i in 0..n {
        black_box(nlu.parse(black_box(messages[i % messages.len()]), None));
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "throughput: {:.0} parses/s on one core ({:.1} µs mean)",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}

fn benches(c: &mut Criterion) {
    let before = rss_bytes();
    let start = Instant::now();
    let nlu = Nlu::builtin();
    let built = start.elapsed();
    let after = rss_bytes();
    eprintln!("Nlu::builtin(): {built:?} (jieba dictionary load + training)");
    if let (Some(b), Some(a)) = (before, after) {
        eprintln!(
            "resident memory added by Nlu::builtin(): {:.1} MB (jieba dictionary, tables, models)",
            a.saturating_sub(b) as f64 / 1e6
        );
    }
    let messages = messages();
    report(&nlu, &messages);

    let mut i = 0usize;
    c.bench_function("parse/10-40 chars", |b| {
        b.iter(|| {
            i = (i + 1) % messages.len();
            black_box(nlu.parse(black_box(messages[i]), None))
        })
    });

    let set = two_thousand_examples();
    let mut group = c.benchmark_group("retrain");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("2000 examples", |b| {
        b.iter(|| black_box(nlu.retrain(black_box(&set)).map(|m| m.intents().len())))
    });
    group.finish();
}

criterion_group!(nlu_benches, benches);
criterion_main!(nlu_benches);
