//! `kadesk knowledge import|export`: knowledge-base articles as JSON lines,
//! one article per line (`{"title","body","tags","error_codes","products",
//! "language","enabled"}`), the format of `crates/knowledge/data/demo.jsonl`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use kadesk_store::Store;

#[derive(Debug, Subcommand)]
pub enum KnowledgeCommand {
    /// Add the articles of a JSON-lines file; bad lines are reported and skipped.
    Import(ImportArgs),
    /// Print every article as JSON lines (to a file with --output).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// One article per line.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Adds the file's valid articles; fails when any line was bad, after
/// storing the good ones and naming each bad line.
pub async fn import(store: &Store, args: ImportArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let (drafts, bad) = kadesk_knowledge::from_json_lines(&text);
    for draft in &drafts {
        store.create_article(draft, None).await?;
    }
    store
        .audit(
            None,
            "knowledge_imported",
            &format!("file:{}", args.file.display()),
            serde_json::json!({"added": drafts.len(), "skipped": bad.len(), "via": "cli"}),
        )
        .await?;
    println!("added {} articles", drafts.len());
    for e in &bad {
        eprintln!("  skipped {}: {e}", args.file.display());
    }
    if !bad.is_empty() {
        anyhow::bail!("{} lines were not imported", bad.len());
    }
    Ok(())
}

/// Writes every article, oldest first.
pub async fn export(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    let articles = store.all_articles().await?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    for article in &articles {
        writeln!(out, "{}", kadesk_knowledge::to_json_line(&article.draft()))?;
    }
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("wrote {} articles to {}", articles.len(), path.display());
    }
    Ok(())
}
