//! The live language model: the built-in intent model plus the operator's own
//! examples from `<data dir>/nlu/examples.tsv`, retrained at run time (admin
//! API) and swapped in without a restart. The shop's product names form the
//! catalogue for product entities.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

use kadesk_nlu::{Catalogue, Nlu, Parse, TrainingSet};

use crate::{DeskError, DeskResult};

/// The model trained on the built-in examples, trained once per process.
fn builtin() -> Arc<Nlu> {
    static BUILTIN: OnceLock<Arc<Nlu>> = OnceLock::new();
    BUILTIN.get_or_init(|| Arc::new(Nlu::builtin())).clone()
}

/// The model in use and what it was trained from.
#[derive(Clone)]
struct Loaded {
    model: Arc<Nlu>,
    catalogue: Arc<Catalogue>,
    /// How many of the operator's examples it learned.
    extra_examples: usize,
}

/// The language model service.
pub struct NluService {
    /// The operator's examples file.
    examples_path: PathBuf,
    /// `None` until first used or warmed up.
    loaded: RwLock<Option<Loaded>>,
    /// One retraining at a time.
    training: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for NluService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NluService")
            .field("examples_path", &self.examples_path)
            .finish()
    }
}

/// What a (re)training produced.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TrainSummary {
    pub intents: Vec<String>,
    pub extra_examples: usize,
    pub trained_ms: u64,
}

impl NluService {
    pub fn new(examples_path: PathBuf) -> NluService {
        NluService {
            examples_path,
            loaded: RwLock::new(None),
            training: tokio::sync::Mutex::new(()),
        }
    }

    fn current(&self) -> Option<Loaded> {
        self.loaded
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The operator's examples file's text ("" when there is none).
    pub async fn examples_text(&self) -> DeskResult<String> {
        match tokio::fs::read_to_string(&self.examples_path).await {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(DeskError::internal(format!(
                "{}: {e}",
                self.examples_path.display()
            ))),
        }
    }

    /// Trains from the built-in and the operator's examples and swaps the model in.
    pub async fn retrain(&self, product_names: Vec<String>) -> DeskResult<TrainSummary> {
        let _one_at_a_time = self.training.lock().await;
        let extra = self.examples_text().await?;
        let started = std::time::Instant::now();
        let (model, extra_examples) = tokio::task::spawn_blocking(move || {
            let base = builtin();
            if extra.trim().is_empty() {
                return Ok((base, 0));
            }
            let mut set = TrainingSet::builtin();
            let added = set
                .merge_tsv(&extra)
                .map_err(|e| DeskError::validation(format!("nlu examples file, {e}")))?;
            let model = base
                .retrain(&set)
                .map_err(|e| DeskError::validation(format!("cannot train: {e}")))?;
            Ok::<_, DeskError>((Arc::new(model), added))
        })
        .await
        .map_err(DeskError::internal)??;
        let summary = TrainSummary {
            intents: model.intents().to_vec(),
            extra_examples,
            trained_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        *self.loaded.write().unwrap_or_else(|p| p.into_inner()) = Some(Loaded {
            model,
            catalogue: Arc::new(Catalogue::from_names(product_names)),
            extra_examples,
        });
        tracing::info!(
            extra_examples,
            trained_ms = summary.trained_ms,
            "language model ready"
        );
        Ok(summary)
    }

    /// Appends examples to the operator's file (after checking them) and retrains.
    pub async fn add_examples(
        &self,
        lines: &str,
        product_names: Vec<String>,
    ) -> DeskResult<TrainSummary> {
        // Check the new lines alone first, so a bad line never reaches the file.
        TrainingSet::from_tsv(lines)
            .map_err(|e| DeskError::validation(format!("examples, {e}")))?;
        let mut text = self.examples_text().await?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(lines);
        if let Some(dir) = self.examples_path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(DeskError::internal)?;
        }
        let tmp = self.examples_path.with_extension("tsv.tmp");
        tokio::fs::write(&tmp, &text)
            .await
            .map_err(DeskError::internal)?;
        tokio::fs::rename(&tmp, &self.examples_path)
            .await
            .map_err(DeskError::internal)?;
        self.retrain(product_names).await
    }

    /// Understands one message, training first if no model is loaded yet.
    pub async fn parse(
        &self,
        text: &str,
        product_names: impl FnOnce() -> Vec<String>,
    ) -> DeskResult<Parse> {
        let loaded = match self.current() {
            Some(loaded) => loaded,
            None => {
                self.retrain(product_names()).await?;
                self.current()
                    .ok_or_else(|| DeskError::internal("model missing after training"))?
            }
        };
        let started = std::time::Instant::now();
        let parse = loaded.model.parse(text, Some(&loaded.catalogue));
        crate::metrics::nlu_time(started.elapsed().as_secs_f64());
        Ok(parse)
    }

    /// The model in use, training first if none is loaded yet (the bot's
    /// simulator runs whole conversations on it).
    pub async fn model(&self, product_names: impl FnOnce() -> Vec<String>) -> DeskResult<Arc<Nlu>> {
        if let Some(loaded) = self.current() {
            return Ok(loaded.model);
        }
        self.retrain(product_names()).await?;
        self.current()
            .map(|l| l.model)
            .ok_or_else(|| DeskError::internal("model missing after training"))
    }

    /// How many operator examples the loaded model learned, if loaded.
    pub fn extra_examples(&self) -> Option<usize> {
        self.current().map(|l| l.extra_examples)
    }
}
