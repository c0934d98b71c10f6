//! Scoring a model on labelled examples.
//!
//! [`eval()`] parses every line of a labelled file (the format of
//! [`crate::data`]) and reports intent accuracy, per-intent precision, recall
//! and F1, macro-F1, the most confused pairs, negative-sentiment F1 (lines
//! with a sentiment label) and order-number F1 (lines with an order_no
//! column), plus the mean time per parse. [`cross_validate`] does the same
//! on a training set by k-fold cross-validation, for operators checking
//! their own examples.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::data::{parse_examples, DataError, Example};
use crate::{EntityKind, Nlu, Parse, SentimentLabel, TrainError, TrainingSet};

/// Precision, recall and F1 of one class or one extraction task.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Correct among predicted: tp / (tp + fp); 0 when nothing was predicted.
    pub precision: f64,
    /// Found among expected: tp / (tp + fn); 0 when nothing was expected.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub r#fn: usize,
}

impl Scores {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Scores {
        let p = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Scores {
            precision: p,
            recall: r,
            f1,
            tp,
            fp,
            r#fn: fn_,
        }
    }
}

/// Scores of one intent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentScores {
    /// Intent name.
    pub intent: String,
    /// Examples labelled with it.
    pub support: usize,
    /// Precision, recall, F1.
    #[serde(flatten)]
    pub scores: Scores,
}

/// How often one intent was mistaken for another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// The label.
    pub expected: String,
    /// What the model said.
    pub predicted: String,
    /// How many times.
    pub count: usize,
}

/// One wrongly classified example (card keys masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Miss {
    /// The message, card keys masked.
    pub text: String,
    /// The label.
    pub expected: String,
    /// What the model said.
    pub predicted: String,
    /// The model's confidence in it.
    pub confidence: f32,
}

/// The result of [`eval()`] or [`cross_validate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Examples scored.
    pub examples: usize,
    /// Share of examples whose intent was right.
    pub accuracy: f64,
    /// Mean F1 over the intents present in the labels.
    pub macro_f1: f64,
    /// Expected calibration error of intent confidences: over ten equal
    /// confidence bins, the example-weighted mean |confidence − accuracy|.
    pub calibration_error: f64,
    /// Per intent, in order of first appearance in the file.
    pub per_intent: Vec<IntentScores>,
    /// The most frequent (expected, predicted) mistakes, most frequent first
    /// (at most 10).
    pub confused: Vec<Confusion>,
    /// Negative sentiment as a binary task, over examples with a sentiment
    /// label.
    pub negative_sentiment: Scores,
    /// Examples with a sentiment label.
    pub sentiment_labelled: usize,
    /// Order-number extraction: predicted values against labelled values,
    /// over examples with an order_no column (exact string match).
    pub order_no: Scores,
    /// Examples with an order_no column.
    pub order_no_labelled: usize,
    /// Mean wall-clock microseconds per [`Nlu::parse`] over the file, timed
    /// on a second pass after an untimed warm-up pass (one thread; 0 for
    /// cross-validation).
    pub per_message_us: f64,
    /// Wrongly classified examples (at most 50).
    pub misses: Vec<Miss>,
    /// Examples whose negative-or-not sentiment was wrong (at most 50).
    pub sentiment_misses: Vec<SentimentMiss>,
}

/// One example whose sentiment was wrong (card keys masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentMiss {
    /// The message, card keys masked.
    pub text: String,
    /// The label.
    pub expected: SentimentLabel,
    /// What the model said.
    pub predicted: SentimentLabel,
    /// The model's score.
    pub score: f32,
}

/// Scores `nlu` on the contents of a labelled file.
pub fn eval(nlu: &Nlu, file_contents: &str) -> Result<EvalReport, DataError> {
    let examples = parse_examples(file_contents)?;
    if examples.is_empty() {
        return Err(DataError {
            line: 0,
            message: "the file has no examples: add lines of intent<TAB>text".to_string(),
        });
    }
    // The first pass warms the regex caches, as traffic does in a server;
    // the second is timed.
    let parses: Vec<Parse> = examples.iter().map(|e| nlu.parse(&e.text, None)).collect();
    let start = Instant::now();
    for e in &examples {
        std::hint::black_box(nlu.parse(&e.text, None));
    }
    let per_message_us = start.elapsed().as_secs_f64() * 1e6 / examples.len() as f64;
    let mut report = score(&examples, &parses);
    report.per_message_us = per_message_us;
    Ok(report)
}

/// k-fold cross-validation on a training set: each fold is scored by a model
/// trained (with `nlu`'s dictionary and settings) on the other folds.
/// Examples are assigned to folds round-robin within each intent.
pub fn cross_validate(
    nlu: &Nlu,
    set: &TrainingSet,
    folds: usize,
) -> Result<EvalReport, TrainError> {
    let folds = folds.max(2);
    let mut counters: BTreeMap<&str, usize> = BTreeMap::new();
    let fold_of: Vec<usize> = set
        .examples()
        .iter()
        .map(|e| {
            let n = counters.entry(e.intent.as_str()).or_insert(0);
            *n += 1;
            *n % folds
        })
        .collect();
    let mut examples = Vec::with_capacity(set.len());
    let mut parses = Vec::with_capacity(set.len());
    for k in 0..folds {
        let mut train = Vec::new();
        let mut test = Vec::new();
        for (e, &f) in set.examples().iter().zip(&fold_of) {
            if f == k {
                test.push(e.clone());
            } else {
                train.push(e.clone());
            }
        }
        let train = TrainingSet::from_examples(train);
        let model = nlu.retrain(&train)?;
        for e in test {
            parses.push(model.parse(&e.text, None));
            examples.push(e);
        }
    }
    Ok(score(&examples, &parses))
}

fn score(examples: &[Example], parses: &[Parse]) -> EvalReport {
    let mut intents: Vec<&str> = Vec::new();
    for e in examples {
        if !intents.contains(&e.intent.as_str()) {
            intents.push(&e.intent);
        }
    }
    let mut correct = 0;
    let mut tp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fn_: BTreeMap<&str, usize> = BTreeMap::new();
    let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut sentiment_misses = Vec::new();
    // (sum of confidence, correct, count) per tenth of confidence.
    let mut bins = [(0.0f64, 0usize, 0usize); 10];
    let (mut s_tp, mut s_fp, mut s_fn, mut s_n) = (0, 0, 0, 0);
    let (mut o_tp, mut o_fp, mut o_fn, mut o_n) = (0, 0, 0, 0);
    for (e, p) in examples.iter().zip(parses) {
        let predicted = p.intent.name.as_str();
        let confidence = f64::from(p.intent.confidence).clamp(0.0, 1.0);
        let bin = &mut bins[((confidence * 10.0) as usize).min(9)];
        bin.0 += confidence;
        bin.1 += usize::from(predicted == e.intent);
        bin.2 += 1;
        if predicted == e.intent {
            correct += 1;
            *tp.entry(&e.intent).or_default() += 1;
        } else {
            *fp.entry(predicted).or_default() += 1;
            *fn_.entry(&e.intent).or_default() += 1;
            *confusions.entry((&e.intent, predicted)).or_default() += 1;
            if misses.len() < 50 {
                misses.push(Miss {
                    text: p.text.clone(),
                    expected: e.intent.clone(),
                    predicted: predicted.to_string(),
                    confidence: p.intent.confidence,
                });
            }
        }
        if let Some(label) = e.sentiment {
            s_n += 1;
            let gold = label == SentimentLabel::Negative;
            let pred = p.sentiment.label == SentimentLabel::Negative;
            if gold != pred && sentiment_misses.len() < 50 {
                sentiment_misses.push(SentimentMiss {
                    text: p.text.clone(),
                    expected: label,
                    predicted: p.sentiment.label,
                    score: p.sentiment.score,
                });
            }
            match (gold, pred) {
                (true, true) => s_tp += 1,
                (false, true) => s_fp += 1,
                (true, false) => s_fn += 1,
                (false, false) => {}
            }
        }
        if let Some(gold) = &e.order_nos {
            o_n += 1;
            let mut remaining: Vec<&str> = gold.iter().map(String::as_str).collect();
            for v in p.values(EntityKind::OrderNo) {
                if let Some(i) = remaining.iter().position(|g| *g == v) {
                    remaining.swap_remove(i);
                    o_tp += 1;
                } else {
                    o_fp += 1;
                }
            }
            o_fn += remaining.len();
        }
    }
    let per_intent: Vec<IntentScores> = intents
        .iter()
        .map(|&i| IntentScores {
            intent: i.to_string(),
            support: examples.iter().filter(|e| e.intent == i).count(),
            scores: Scores::from_counts(
                tp.get(i).copied().unwrap_or(0),
                fp.get(i).copied().unwrap_or(0),
                fn_.get(i).copied().unwrap_or(0),
            ),
        })
        .collect();
    let macro_f1 = if per_intent.is_empty() {
        0.0
    } else {
        per_intent.iter().map(|s| s.scores.f1).sum::<f64>() / per_intent.len() as f64
    };
    let calibration_error = bins
        .iter()
        .filter(|b| b.2 > 0)
        .map(|&(conf, correct, _)| (conf - correct as f64).abs())
        .sum::<f64>()
        / examples.len().max(1) as f64;
    let mut confused: Vec<Confusion> = confusions
        .into_iter()
        .map(|((e, p), count)| Confusion {
            expected: e.to_string(),
            predicted: p.to_string(),
            count,
        })
        .collect();
    confused.sort_by_key(|c| std::cmp::Reverse(c.count));
    confused.truncate(10);
    EvalReport {
        examples: examples.len(),
        accuracy: if examples.is_empty() {
            0.0
        } else {
            correct as f64 / examples.len() as f64
        },
        macro_f1,
        calibration_error,
        per_intent,
        confused,
        negative_sentiment: Scores::from_counts(s_tp, s_fp, s_fn),
        sentiment_labelled: s_n,
        order_no: Scores::from_counts(o_tp, o_fp, o_fn),
        order_no_labelled: o_n,
        per_message_us: 0.0,
        misses,
        sentiment_misses,
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "examples        {}", self.examples)?;
        writeln!(f, "accuracy        {:.1} %", self.accuracy * 100.0)?;
        writeln!(f, "macro-F1        {:.3}", self.macro_f1)?;
        writeln!(
            f,
            "calibration     {:.3}  (expected calibration error)",
            self.calibration_error
        )?;
        writeln!(
            f,
            "negative F1     {:.3}  (P {:.3} R {:.3}, {} labelled)",
            self.negative_sentiment.f1,
            self.negative_sentiment.precision,
            self.negative_sentiment.recall,
            self.sentiment_labelled
        )?;
        writeln!(
            f,
            "order_no F1     {:.3}  (P {:.3} R {:.3}, {} labelled lines)",
            self.order_no.f1, self.order_no.precision, self.order_no.recall, self.order_no_labelled
        )?;
        if self.per_message_us > 0.0 {
            writeln!(f, "per message     {:.1} µs", self.per_message_us)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<20} {:>9} {:>9} {:>9} {:>8}",
            "intent", "precision", "recall", "f1", "support"
        )?;
        for s in &self.per_intent {
            writeln!(
                f,
                "{:<20} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                s.intent, s.scores.precision, s.scores.recall, s.scores.f1, s.support
            )?;
        }
        if !self.confused.is_empty() {
            writeln!(f)?;
            writeln!(f, "most confused (expected → predicted)")?;
            for c in &self.confused {
                writeln!(f, "  {:>3}  {} → {}", c.count, c.expected, c.predicted)?;
            }
        }
        Ok(())
    }
}
