//! `kadesk cases eval FILE`: how often similar-case search puts the right
//! past case in the first three, on a labelled set.

use std::path::PathBuf;

use clap::Subcommand;
use kadesk_knowledge::cases::{evaluate, CaseEvalSet};

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// Score similar-case search on a labelled JSON file
    /// (`{"cases": [{"key", intents, error_codes, products, phashes, text}],
    /// "queries": [{"expected", …}]}`), e.g. crates/knowledge/data/cases/eval.json.
    Eval {
        file: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Exit with an error when top-3 falls below this share (0–1).
        #[arg(long)]
        min_top3: Option<f64>,
    },
}

pub fn run(command: CasesCommand) -> anyhow::Result<()> {
    match command {
        CasesCommand::Eval {
            file,
            json,
            min_top3,
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let set: CaseEvalSet = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let report = evaluate(&set);
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{report}");
            }
            if let Some(bar) = min_top3 {
                if report.top3 < bar {
                    anyhow::bail!(
                        "top-3 {:.1} % is below the bar {:.1} %",
                        report.top3 * 100.0,
                        bar * 100.0
                    );
                }
            }
            Ok(())
        }
    }
}
