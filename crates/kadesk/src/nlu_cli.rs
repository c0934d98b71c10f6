//! `kadesk nlu parse|eval`: the language model from the command line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Subcommand;
use kadesk_nlu::{Nlu, Parse, TrainingSet};

#[derive(Debug, Subcommand)]
pub enum NluCommand {
    /// Understand one message (or one per line of stdin with --stdin).
    Parse {
        /// The message; leave out with --stdin.
        text: Option<String>,
        /// Read one message per line from stdin.
        #[arg(long)]
        stdin: bool,
        /// Print one JSON object per message.
        #[arg(long)]
        json: bool,
        /// Extra examples to learn first (`intent<TAB>text` per line), e.g. data/nlu/examples.tsv.
        #[arg(long)]
        examples: Option<PathBuf>,
    },
    /// Score the model on a labelled file (`intent<TAB>sentiment<TAB>order_no<TAB>text`).
    Eval {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        examples: Option<PathBuf>,
    },
}

fn model(examples: Option<&PathBuf>) -> anyhow::Result<Nlu> {
    let Some(path) = examples else {
        return Ok(Nlu::builtin());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read examples {}: {e}", path.display()))?;
    let mut set = TrainingSet::builtin();
    set.merge_tsv(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Nlu::train(&set).map_err(|e| anyhow::anyhow!("cannot train: {e}"))
}

fn print_parse(out: &mut impl Write, parse: &Parse, json: bool) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string(parse)?)?;
        return Ok(());
    }
    // The human form reads the same fields as the JSON form.
    let v = serde_json::to_value(parse)?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    writeln!(out, "{}", text(&v["text"]))?;
    writeln!(out, "  language  {}", text(&v["language"]))?;
    writeln!(
        out,
        "  intent    {} ({:.2})",
        text(&v["intent"]["name"]),
        v["intent"]["confidence"].as_f64().unwrap_or(0.0)
    )?;
    for alt in v["alternatives"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "            or {} ({:.2})",
            text(&alt["name"]),
            alt["confidence"].as_f64().unwrap_or(0.0)
        )?;
    }
    for e in v["entities"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  entity    {} = {} [{}..{}]",
            text(&e["kind"]),
            text(&e["value"]),
            e["start"],
            e["end"]
        )?;
    }
    let flags: Vec<String> = v["sentiment"]["flags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    writeln!(
        out,
        "  sentiment {} ({:.2}) {}",
        text(&v["sentiment"]["label"]),
        v["sentiment"]["score"].as_f64().unwrap_or(0.0),
        flags.join(" ")
    )?;
    Ok(())
}

pub fn run(command: NluCommand) -> anyhow::Result<()> {
    match command {
        NluCommand::Parse {
            text,
            stdin,
            json,
            examples,
        } => {
            let nlu = model(examples.as_ref())?;
            let mut out = std::io::stdout().lock();
            match (text, stdin) {
                (Some(text), false) => print_parse(&mut out, &nlu.parse(&text, None), json),
                (None, true) => {
                    for line in std::io::stdin().lock().lines() {
                        let line = line?;
                        print_parse(&mut out, &nlu.parse(&line, None), json)?;
                    }
                    Ok(())
                }
                _ => anyhow::bail!("give a message, or --stdin to read one per line"),
            }
        }
        NluCommand::Eval {
            file,
            json,
            examples,
        } => {
            let nlu = model(examples.as_ref())?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let report = kadesk_nlu::eval(&nlu, &text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{report}");
            }
            Ok(())
        }
    }
}
