//! Developer front end for the vision crate (the product's is `kadesk vision …`).
//!
//!   cargo run --release -p kadesk-vision --example analyze -- [--models DIR] [--threads N] [--json] FILE…
//!   cargo run --release -p kadesk-vision --example analyze -- [--models DIR] [--threads N] [--json] --eval DIR
//!
//! The models folder defaults to $KADESK_MODELS_DIR, then ./data/models
//! (fetch with scripts/fetch-models.sh).
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use kadesk_vision::{analyze, eval, OcrEngine, OcrOptions};

fn main() -> ExitCode {
    let mut json = false;
    let mut models: Option<PathBuf> = std::env::var_os("KADESK_MODELS_DIR").map(PathBuf::from);
    let mut eval_dir: Option<PathBuf> = None;
    let mut options = OcrOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--models" => models = args.next().map(PathBuf::from),
            "--eval" => eval_dir = args.next().map(PathBuf::from),
            "--threads" => {
                options.threads = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(options.threads)
            }
            "-h" | "--help" => {
                eprintln!(
                    "usage: analyze [--models DIR] [--threads N] [--json] (FILE… | --eval DIR)"
                );
                return ExitCode::SUCCESS;
            }
            _ => files.push(PathBuf::from(a)),
        }
    }
    let models = models.unwrap_or_else(|| PathBuf::from("data/models"));
    let start = Instant::now();
    let engine = match OcrEngine::load_with(&models, options) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "models loaded from {} in {:.2} s",
        models.display(),
        start.elapsed().as_secs_f64()
    );

    if let Some(dir) = eval_dir {
        return match eval(&engine, &dir) {
            Ok(report) => {
                if json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&report).unwrap_or_default()
                    );
                } else {
                    println!("{report}");
                    for m in report.mismatches.iter().take(60) {
                        println!(
                            "  {} {}: expected {:?}, got {:?}",
                            m.file, m.field, m.expected, m.got
                        );
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }

    let mut status = ExitCode::SUCCESS;
    for file in files {
        let name = file.display().to_string();
        let result = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|b| analyze(&engine, &b).map_err(|e| e.to_string()));
        match result {
            Ok(report) => {
                let report = report.with_file(name);
                if json {
                    println!("{}", serde_json::to_string(&report).unwrap_or_default());
                } else {
                    println!(
                        "{}: {} in {} ms",
                        report.file, report.kind, report.elapsed_ms
                    );
                    for f in kadesk_vision::Fields::NAMES {
                        if let Some(v) = report.fields.get(f) {
                            println!("  {f:<15} {v}");
                        }
                    }
                    if !report.missing.is_empty() {
                        println!("  missing: {}", report.missing.join(", "));
                    }
                    println!(
                        "  fingerprint: phash {:016x} text {:016x}",
                        report.phash, report.text_fingerprint
                    );
                }
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
