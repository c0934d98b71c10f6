//! `kadesk vision analyze|eval`: reading screenshots from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use kadesk_vision::OcrEngine;

#[derive(Debug, Subcommand)]
pub enum VisionCommand {
    /// Read screenshots: kind, fields (order number, amount, payment status, error code …) and text lines.
    Analyze {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object per file.
        #[arg(long)]
        json: bool,
        /// Folder holding the OCR models (scripts/fetch-models.sh puts them in ./data/models).
        #[arg(long, env = "KADESK_MODELS_DIR", default_value = "data/models")]
        models: PathBuf,
    },
    /// Score extraction on a folder of images with ground-truth JSON beside them.
    Eval {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long, env = "KADESK_MODELS_DIR", default_value = "data/models")]
        models: PathBuf,
    },
}

fn engine(models: &PathBuf) -> anyhow::Result<OcrEngine> {
    OcrEngine::load(models).map_err(|e| {
        anyhow::anyhow!(
            "cannot load the OCR models from {}: {e}; fetch them with scripts/fetch-models.sh",
            models.display()
        )
    })
}

pub fn run(command: VisionCommand) -> anyhow::Result<()> {
    match command {
        VisionCommand::Analyze {
            files,
            json,
            models,
        } => {
            let engine = engine(&models)?;
            let mut failed = 0;
            for file in files {
                let name = file.display().to_string();
                let result = std::fs::read(&file)
                    .map_err(|e| anyhow::anyhow!("{e}"))
                    .and_then(|bytes| {
                        kadesk_vision::analyze(&engine, &bytes).map_err(|e| anyhow::anyhow!("{e}"))
                    });
                match result {
                    Ok(report) => {
                        let report = report.with_file(name);
                        if json {
                            println!("{}", serde_json::to_string(&report)?);
                        } else {
                            print_report(&serde_json::to_value(&report)?);
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("{name}: {e}");
                    }
                }
            }
            if failed > 0 {
                anyhow::bail!("{failed} file(s) could not be read");
            }
            Ok(())
        }
        VisionCommand::Eval { dir, json, models } => {
            let engine = engine(&models)?;
            let report = kadesk_vision::eval(&engine, &dir)
                .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{report}");
            }
            Ok(())
        }
    }
}

/// The human form reads the same fields as the JSON form.
fn print_report(v: &serde_json::Value) {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    println!(
        "{}  ({}, {} ms)",
        text(&v["file"]),
        text(&v["kind"]),
        v["elapsed_ms"]
    );
    if let Some(fields) = v["fields"].as_object() {
        for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
            println!(
                "  {key:<15}{}",
                value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string())
            );
        }
    }
    let missing: Vec<String> = v["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    if !missing.is_empty() {
        println!("  missing        {}", missing.join(", "));
    }
}
