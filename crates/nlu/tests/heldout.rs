//! Quality gate: the built-in model on the held-out test file
//! (`data/test.tsv`, never read by training) must meet the bars of the
//! NLU issue.

use kadesk_nlu::{eval, Nlu};

const HELD_OUT: &str = include_str!("../data/test.tsv");

#[test]
fn builtin_model_meets_the_bars_on_the_held_out_file() {
    let report = eval(&Nlu::builtin(), HELD_OUT).expect("test file parses");
    println!("{report}");
    assert!(report.examples >= 17 * 25, "{} examples", report.examples);
    for s in &report.per_intent {
        assert!(
            s.support >= 25,
            "{} has {} test examples",
            s.intent,
            s.support
        );
    }
    assert!(report.accuracy >= 0.92, "accuracy {:.3}", report.accuracy);
    assert!(report.macro_f1 >= 0.90, "macro-F1 {:.3}", report.macro_f1);
    assert!(
        report.negative_sentiment.f1 >= 0.90,
        "negative-sentiment F1 {:.3}",
        report.negative_sentiment.f1
    );
    assert!(
        report.calibration_error <= 0.05,
        "confidences are calibrated: ECE {:.3}",
        report.calibration_error
    );
    assert!(
        report.order_no.f1 >= 0.98,
        "order_no F1 {:.3}",
        report.order_no.f1
    );
}

#[test]
fn held_out_lines_are_not_in_the_training_file() {
    let train: std::collections::HashSet<String> = kadesk_nlu::data::BUILTIN_TRAINING
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit('\t').next())
        .map(|t| t.trim().to_lowercase())
        .collect();
    for line in HELD_OUT
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let text = line.rsplit('\t').next().unwrap_or("").trim().to_lowercase();
        assert!(!train.contains(&text), "test line also in train: {text}");
    }
}
