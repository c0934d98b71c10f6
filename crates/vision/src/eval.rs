//! Scores the whole pipeline on a folder of labelled screenshots (the corpus
//! written by `crates/vision/corpus/generate.mjs`, or any folder laid out the
//! same way): each image `NAME.png|jpg` has a `NAME.json` beside it with
//! `{"file", "kind", "fields": {…}, "visible": {field: text as drawn}}`.
//!
//! Two scores per field:
//! - **accuracy**: the extracted value equals the truth (both absent counts
//!   as right; free text — product, error message — compares without spaces
//!   or case);
//! - **text contains**: the OCR text (all lines, whitespace removed) contains
//!   the value as drawn — the like-for-like score `bench/vision_compare.py`
//!   computes for other OCR engines.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::extract::{compact, Fields};
use crate::{analyze, Kind, OcrEngine};

/// Fields scored, in report order. `kind` first, then the ten fields.
pub const SCORED: [&str; 11] = [
    "kind",
    "order_no",
    "trade_no",
    "amount",
    "currency",
    "payment_status",
    "product",
    "time",
    "error_code",
    "error_message",
    "platform",
];

/// Fields with an accuracy bar (≥ 97 %).
pub const BAR_FIELDS: [&str; 5] = ["kind", "order_no", "amount", "payment_status", "error_code"];

/// Ground truth for one image.
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    pub file: String,
    pub kind: Kind,
    pub fields: Fields,
    /// Field values as drawn on screen (e.g. "1,299.00", "交易成功").
    #[serde(default)]
    pub visible: BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
    /// correct / total, 0–1 (1 when total is 0).
    pub accuracy: f64,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
        self.accuracy = self.correct as f64 / self.total as f64;
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TimeStats {
    pub median_ms: f64,
    pub p90_ms: f64,
    pub mean_ms: f64,
    pub max_ms: f64,
    /// Median of the detection and recognition parts.
    pub detect_median_ms: f64,
    pub recognize_median_ms: f64,
    /// Median and count over the images 1000–1200 px wide (1080-class phone screenshots).
    pub wide_median_ms: f64,
    pub wide_images: usize,
}

/// One wrong field, for looking into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub file: String,
    pub field: String,
    pub expected: Option<String>,
    pub got: Option<String>,
}

/// The result of [`eval`]. Serialises to the JSON that `kadesk vision eval DIR --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub dir: String,
    pub images: usize,
    /// Files that could not be analysed, with the reason.
    pub errors: Vec<(String, String)>,
    /// Per-field accuracy of the extracted value.
    pub accuracy: BTreeMap<String, Score>,
    /// Per-field "the OCR text contains the value as drawn".
    pub text_contains: BTreeMap<String, Score>,
    /// Kind accuracy per true kind.
    pub by_kind: BTreeMap<String, Score>,
    pub time: TimeStats,
    /// Width of the images timed, median (px).
    pub median_width: u32,
    /// Peak resident memory of this process (VmHWM), in KiB; Linux only.
    pub peak_memory_kib: Option<u64>,
    /// CPU time (user + system, all threads) per image, in ms; Linux only.
    /// Unlike wall time, it does not grow when other programs share the cores.
    pub cpu_ms_per_image: Option<f64>,
    pub mismatches: Vec<Mismatch>,
}

impl EvalReport {
    /// Whether every bar field reaches `min` accuracy.
    pub fn meets_bar(&self, min: f64) -> bool {
        BAR_FIELDS
            .iter()
            .all(|f| self.accuracy.get(*f).is_some_and(|s| s.accuracy >= min))
    }
}

/// Why an evaluation could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read the folder {path}: {reason}")]
    Dir { path: PathBuf, reason: String },
    #[error("no labelled images in {0}: expected NAME.json (with \"file\", \"kind\", \"fields\") beside each image; generate some with crates/vision/corpus/generate.mjs")]
    Empty(PathBuf),
}

/// Peak resident memory of this process (VmHWM from /proc/self/status), KiB.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// CPU time (user + system) used by this process so far, in ms (Linux, 100 Hz ticks).
pub fn cpu_time_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

/// Loads the truths of a folder, sorted by file name.
pub fn load_truths(dir: &Path) -> Result<Vec<Truth>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::Dir {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut truths = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Ok(t) = serde_json::from_str::<Truth>(&text) {
            if dir.join(&t.file).is_file() {
                truths.push(t);
            }
        }
    }
    truths.sort_by(|a, b| a.file.cmp(&b.file));
    if truths.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    Ok(truths)
}

/// Normalises text for "contains" checks: full-width folded, lower-case,
/// no whitespace, no thousands separators.
pub fn contains_form(s: &str) -> String {
    compact(s).replace(',', "")
}

fn loose(s: &str) -> String {
    contains_form(s)
        .trim_end_matches(['.', '!', '。', '！'])
        .to_string()
}

fn field_matches(field: &str, expected: Option<&str>, got: Option<&str>) -> bool {
    match (expected, got) {
        (None, None) => true,
        (Some(e), Some(g)) => match field {
            "product" | "error_message" => loose(e) == loose(g),
            _ => e.trim() == g.trim(),
        },
        _ => false,
    }
}

/// Runs [`analyze`] on every labelled image of `dir` and scores it.
pub fn eval(engine: &OcrEngine, dir: impl AsRef<Path>) -> Result<EvalReport, EvalError> {
    let dir = dir.as_ref();
    let truths = load_truths(dir)?;
    let mut accuracy: BTreeMap<String, Score> = SCORED
        .iter()
        .map(|f| (f.to_string(), Score::default()))
        .collect();
    let mut text_contains: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Score> = BTreeMap::new();
    let mut times = Vec::new();
    let mut det_times = Vec::new();
    let mut rec_times = Vec::new();
    let mut widths = Vec::new();
    let mut errors = Vec::new();
    let mut mismatches = Vec::new();

    let cpu_start = cpu_time_ms();
    for truth in &truths {
        let path = dir.join(&truth.file);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                errors.push((truth.file.clone(), e.to_string()));
                continue;
            }
        };
        let start = Instant::now();
        let report = match analyze(engine, &bytes) {
            Ok(r) => r,
            Err(e) => {
                errors.push((truth.file.clone(), e.to_string()));
                continue;
            }
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        det_times.push(report.timings.detect_ms);
        rec_times.push(report.timings.recognize_ms);
        widths.push(report.width);

        let kind_ok = report.kind == truth.kind;
        if let Some(s) = accuracy.get_mut("kind") {
            s.add(kind_ok);
        }
        by_kind
            .entry(truth.kind.to_string())
            .or_default()
            .add(kind_ok);
        if !kind_ok {
            mismatches.push(Mismatch {
                file: truth.file.clone(),
                field: "kind".into(),
                expected: Some(truth.kind.to_string()),
                got: Some(report.kind.to_string()),
            });
        }
        for field in Fields::NAMES {
            let expected = truth.fields.get(field);
            let got = report.fields.get(field);
            let ok = field_matches(field, expected.as_deref(), got.as_deref());
            if let Some(s) = accuracy.get_mut(field) {
                s.add(ok);
            }
            if !ok {
                mismatches.push(Mismatch {
                    file: truth.file.clone(),
                    field: field.into(),
                    expected,
                    got,
                });
            }
        }
        let text: String = report
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let text = contains_form(&text);
        for (field, value) in &truth.visible {
            if let Some(v) = value {
                text_contains
                    .entry(field.clone())
                    .or_default()
                    .add(text.contains(&contains_form(v)));
            }
        }
    }

    let cpu_ms_per_image = match (cpu_start, cpu_time_ms()) {
        (Some(a), Some(b)) if !times.is_empty() => Some((b - a) / times.len() as f64),
        _ => None,
    };
    let wide: Vec<f64> = times
        .iter()
        .zip(&widths)
        .filter(|(_, w)| (1000..=1200).contains(*w))
        .map(|(t, _)| *t)
        .collect();
    let time = TimeStats {
        wide_median_ms: percentile(&wide, 0.5),
        wide_images: wide.len(),
        median_ms: percentile(&times, 0.5),
        p90_ms: percentile(&times, 0.9),
        mean_ms: if times.is_empty() {
            0.0
        } else {
            times.iter().sum::<f64>() / times.len() as f64
        },
        max_ms: times.iter().copied().fold(0.0, f64::max),
        detect_median_ms: percentile(&det_times, 0.5),
        recognize_median_ms: percentile(&rec_times, 0.5),
    };
    widths.sort_unstable();
    Ok(EvalReport {
        dir: dir.display().to_string(),
        images: times.len(),
        errors,
        accuracy,
        text_contains,
        by_kind,
        time,
        median_width: widths.get(widths.len() / 2).copied().unwrap_or(0),
        peak_memory_kib: peak_memory_kib(),
        cpu_ms_per_image,
        mismatches,
    })
}

/// Nearest-rank percentile (q in 0–1) of unsorted values; 0 when empty.
fn percentile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "vision eval: {} images in {}", self.images, self.dir)?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<16} {:>9} {:>8}   {:>14}",
            "field", "accuracy", "right", "text contains"
        )?;
        for field in SCORED {
            let Some(s) = self.accuracy.get(field) else {
                continue;
            };
            let bar = if BAR_FIELDS.contains(&field) {
                "*"
            } else {
                " "
            };
            let contains = self
                .text_contains
                .get(field)
                .map(|c| {
                    format!(
                        "{:>6.1} % {:>3}/{:<3}",
                        100.0 * c.accuracy,
                        c.correct,
                        c.total
                    )
                })
                .unwrap_or_default();
            writeln!(
                f,
                "{bar}{:<15} {:>7.1} % {:>4}/{:<4} {contains}",
                field,
                100.0 * s.accuracy,
                s.correct,
                s.total
            )?;
        }
        writeln!(f, "(* fields with the 97 % bar)")?;
        writeln!(f)?;
        write!(f, "kind by true kind:")?;
        for (k, s) in &self.by_kind {
            write!(f, "  {k} {}/{}", s.correct, s.total)?;
        }
        writeln!(f)?;
        if self.time.wide_images > 0 {
            writeln!(
                f,
                "time per 1000–1200 px wide image: median {:.0} ms over {} images",
                self.time.wide_median_ms, self.time.wide_images
            )?;
        }
        writeln!(
            f,
            "time per image: median {:.0} ms, p90 {:.0} ms, mean {:.0} ms, max {:.0} ms (detection {:.0} ms, recognition {:.0} ms median; median width {} px)",
            self.time.median_ms,
            self.time.p90_ms,
            self.time.mean_ms,
            self.time.max_ms,
            self.time.detect_median_ms,
            self.time.recognize_median_ms,
            self.median_width
        )?;
        if let Some(cpu) = self.cpu_ms_per_image {
            writeln!(f, "CPU time per image (all threads): {cpu:.0} ms")?;
        }
        match self.peak_memory_kib {
            Some(kib) => writeln!(f, "peak memory (VmHWM): {:.0} MiB", kib as f64 / 1024.0)?,
            None => writeln!(f, "peak memory: not available on this platform")?,
        }
        if !self.errors.is_empty() {
            writeln!(f, "{} files failed:", self.errors.len())?;
            for (file, e) in &self.errors {
                writeln!(f, "  {file}: {e}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_fields_compare_loosely() {
        assert!(field_matches(
            "product",
            Some("原神 创世结晶 6480"),
            Some("原神创世结晶6480")
        ));
        assert!(field_matches(
            "error_message",
            Some("This code has already been redeemed."),
            Some("This code has already been redeemed")
        ));
        assert!(!field_matches("order_no", Some("D2024"), Some("d2024")));
        assert!(field_matches("amount", None, None));
        assert!(!field_matches("amount", Some("1.00"), None));
    }

    #[test]
    fn percentile_is_nearest_rank() {
        let v = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert_eq!(percentile(&v, 0.9), 5.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
