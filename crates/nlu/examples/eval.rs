//! Developer tool: score the built-in model on a labelled file, or
//! cross-validate the built-in training set.
//!
//! ```text
//! cargo run --release -p kadesk-nlu --example eval -- crates/nlu/data/test.tsv
//! cargo run --release -p kadesk-nlu --example eval -- --cv 5
//! cargo run --release -p kadesk-nlu --example eval -- FILE --json
//! cargo run --release -p kadesk-nlu --example eval -- --stdin   # one JSON Parse per line
//! ```

use std::time::Instant;

use kadesk_nlu::{cross_validate, eval, Nlu, TrainingSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let misses = args.iter().any(|a| a == "--misses");
    let t = Instant::now();
    let mut nlu = Nlu::builtin();
    if let Some(i) = args.iter().position(|a| a == "--threshold") {
        let mut config = nlu.config();
        config.fallback_threshold = args
            .get(i + 1)
            .ok_or("--threshold needs a value")?
            .parse()?;
        nlu = nlu.with_config(config);
    }
    eprintln!("trained in {:?}: {:?}", t.elapsed(), nlu.memory());
    if args.iter().any(|a| a == "--stdin") {
        use std::io::{BufRead, Write};
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for line in std::io::stdin().lock().lines() {
            let parse = nlu.parse(&line?, None);
            serde_json::to_writer(&mut out, &parse)?;
            writeln!(out)?;
        }
        out.flush()?;
        return Ok(());
    }
    let report = if let Some(i) = args.iter().position(|a| a == "--cv") {
        let k: usize = args.get(i + 1).map_or(Ok(5), |s| s.parse())?;
        cross_validate(&nlu, &TrainingSet::builtin(), k)?
    } else {
        let path = args
            .iter()
            .find(|a| !a.starts_with("--") && a.contains('.'))
            .ok_or("usage: eval FILE [--json] [--misses] | --cv K")?;
        eval(&nlu, &std::fs::read_to_string(path)?)?
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
        if misses {
            for m in &report.misses {
                println!(
                    "  {} → {} ({:.2})  {}",
                    m.expected, m.predicted, m.confidence, m.text
                );
            }
        }
    }
    Ok(())
}
