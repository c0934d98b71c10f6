//! kadesk NLU: what a buyer wants, which order, amount, error code or product
//! they mention, and how upset they are — in tens of microseconds, in Chinese
//! and English.
//!
//! The crate is pure and synchronous: it takes text (and, for training, the
//! contents of example files) and returns data. No I/O, no async, no network.
//!
//! # How the parts fit
//! 1. [`text::fold`] maps the message char-for-char (full/half width,
//!    traditional→simplified, CJK punctuation); offsets stay valid.
//! 2. [`entities::Extractor`] finds order numbers, trade numbers, e-mail,
//!    phone, QQ, amounts, error codes, card keys (masked), products of a
//!    [`Catalogue`] and platforms in the folded text.
//! 3. [`text::Normalizer`] makes the canonical text: lower case, buyer typos
//!    and homophones fixed (卡蜜→卡密, 冲值→充值), pinyin turned into
//!    characters ("zhuan ren gong"→转人工). Identifiers are replaced by
//!    placeholders first, so "an order number" is one feature.
//! 4. [`segment::Segmenter`] (jieba-rs + domain dictionary) cuts it into words.
//! 5. Character 1–3-grams, words, word bigrams and bilingual concepts
//!    (synonym clusters such as 退款/退钱/refund/money back) feed a
//!    multinomial logistic regression trained at run time ([`Nlu::train`],
//!    about 0.2 s for the built-in ~1,650 examples in a release build), whose
//!    probabilities are temperature-calibrated on held-out examples. Below
//!    [`NluConfig::fallback_threshold`] the intent is `fallback` and the best
//!    guesses are given as alternatives.
//! 6. [`sentiment::SentimentAnalyzer`] reads the canonical text with a zh/en
//!    lexicon that handles negation and raises anger, urgency, threat and
//!    profanity flags; a second logistic regression, trained on the
//!    sentiment column of the examples with the lexicon's reading as extra
//!    features, is blended with it, and a likely complaint pulls the score
//!    down.
//!
//! [`Nlu::parse`] returns a [`Parse`], serialisable to the JSON of the
//! `kadesk nlu parse` command and `POST /api/v1/nlu/parse`. [`eval()`] scores a
//! model on a labelled file and returns an [`EvalReport`].
//!
//! Offsets (`start`, `end`) are counted in Unicode scalar values (Rust
//! `char`s, what `text.chars()` yields), `end` exclusive — not bytes, not
//! UTF-16 units.
//!
//! ```
//! let nlu = kadesk_nlu::Nlu::builtin();
//! let p = nlu.parse("付了钱没收到卡蜜，订单D20241120X7731，急！", None);
//! assert_eq!(p.intent.name, "card_not_received");
//! assert_eq!(p.entities[0].value, "D20241120X7731");
//! ```

mod concepts;
pub mod data;
pub mod entities;
pub mod eval;
mod features;
mod model;
pub mod segment;
pub mod sentiment;
pub mod text;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use data::{DataError, Example, TrainingSet};
pub use entities::{mask_secret, Catalogue, Entity, EntityKind};
pub use eval::{cross_validate, eval, EvalReport};
pub use sentiment::{Sentiment, SentimentFlag, SentimentLabel};
pub use text::Language;

use entities::Extractor;
use model::{LinearModel, TrainParams};
use segment::Segmenter;
use sentiment::SentimentAnalyzer;
use text::Normalizer;

/// The intent returned when nothing fits well enough.
pub const FALLBACK: &str = "fallback";

/// An intent with its calibrated probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntentScore {
    /// Intent name (`order_status`, a custom intent, or `fallback`).
    pub name: String,
    /// Calibrated probability in [0, 1], rounded to three decimals. For a
    /// `fallback` chosen because the best guess was below the threshold it is
    /// the probability that the best guess is wrong.
    pub confidence: f32,
}

/// Everything understood about one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parse {
    /// The message as received, except that card keys are masked (same
    /// length, so entity offsets still point into it).
    pub text: String,
    /// Detected language.
    pub language: Language,
    /// The intent.
    pub intent: IntentScore,
    /// The next best intents, best first (never `fallback`).
    pub alternatives: Vec<IntentScore>,
    /// Entities, sorted by `start`.
    pub entities: Vec<Entity>,
    /// Sentiment and flags.
    pub sentiment: Sentiment,
}

impl Parse {
    /// Values of the entities of one kind, in order.
    pub fn values(&self, kind: EntityKind) -> impl Iterator<Item = &str> {
        self.entities
            .iter()
            .filter(move |e| e.kind == kind)
            .map(|e| e.value.as_str())
    }
}

/// Decision settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NluConfig {
    /// Below this calibrated probability the intent is `fallback`.
    pub fallback_threshold: f32,
    /// How many alternatives to return.
    pub alternatives: usize,
}

impl Default for NluConfig {
    fn default() -> Self {
        NluConfig {
            fallback_threshold: 0.3,
            alternatives: 3,
        }
    }
}

/// Why a model could not be trained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainError {
    /// The set has fewer than two intents, so there is nothing to tell apart.
    TooFewIntents {
        /// How many distinct intents there were.
        found: usize,
    },
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainError::TooFewIntents { found } => write!(
                f,
                "training needs examples of at least 2 intents, found {found}: add examples"
            ),
        }
    }
}

impl std::error::Error for TrainError {}

/// Approximate memory of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryReport {
    /// Intent classifier: weights, bias, feature vocabulary.
    pub intent_model_bytes: usize,
    /// Sentiment classifier (0 when the lexicon decides alone).
    pub sentiment_model_bytes: usize,
    /// Number of features the classifier knows.
    pub features: usize,
    /// Number of intents.
    pub intents: usize,
}

/// The parts that do not depend on training; shared by retrained models.
struct Toolkit {
    segmenter: Segmenter,
    normalizer: Normalizer,
    extractor: Extractor,
    sentiment: SentimentAnalyzer,
    concepts: concepts::ConceptMatcher,
}

/// What the pipeline makes of a message before classification.
struct Analysis {
    entities: Vec<Entity>,
    canonical: String,
    features: Vec<u64>,
    reading: sentiment::Reading,
}

impl Analysis {
    /// Features of the sentiment model: the intent features plus the
    /// lexicon's reading.
    fn sentiment_features(&self) -> Vec<u64> {
        let mut f = self.features.clone();
        self.reading.features(&mut f);
        f.sort_unstable();
        f.dedup();
        f
    }
}

impl Toolkit {
    fn new() -> Self {
        Toolkit {
            segmenter: Segmenter::new(),
            normalizer: Normalizer::new(),
            extractor: Extractor::new(),
            sentiment: SentimentAnalyzer::new(),
            concepts: concepts::ConceptMatcher::new(),
        }
    }

    fn analyse(&self, text: &str, catalogue: Option<&Catalogue>) -> Analysis {
        let folded = text::fold(text);
        let entities = self.extractor.extract(&folded, catalogue);
        let placeheld = features::with_placeholders(&folded, &entities);
        let canonical = self.normalizer.canonical(&placeheld);
        let feature_text = features::collapse_digits(&canonical);
        let words = self.segmenter.cut(&feature_text);
        let mut concepts = Vec::new();
        self.concepts.find(&canonical, &mut concepts);
        let mut feats = Vec::with_capacity(feature_text.len() * 3);
        features::extract(&feature_text, &words, &concepts, &mut feats);
        let reading = self.sentiment.read(&canonical, &folded);
        Analysis {
            entities,
            canonical,
            features: feats,
            reading,
        }
    }
}

/// A trained understanding model. Cheap to share (`Arc<Nlu>`); `Send + Sync`.
#[derive(Clone)]
pub struct Nlu {
    toolkit: Arc<Toolkit>,
    intents: LinearModel,
    /// negative / neutral / positive, when the training set had enough
    /// sentiment labels; otherwise the lexicon decides alone.
    sentiment: Option<LinearModel>,
    config: NluConfig,
}

impl std::fmt::Debug for Nlu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Nlu")
            .field("intents", &self.intents.classes)
            .field("features", &self.intents.n_features())
            .field("temperature", &self.intents.temperature)
            .field("config", &self.config)
            .finish()
    }
}

impl Nlu {
    /// A model trained on the built-in examples (about 0.3 s in a release
    /// build, half of it loading the jieba dictionary; several seconds in an
    /// unoptimised build). Call once at start-up, off the async runtime.
    #[allow(
        clippy::expect_used,
        reason = "training fails only on a set with fewer than two intents; the embedded \
                  set has 17, which the unit tests training it check"
    )]
    pub fn builtin() -> Nlu {
        Nlu::train(&TrainingSet::builtin()).expect("built-in training data has 17 intents")
    }

    /// Trains a model on `set`.
    pub fn train(set: &TrainingSet) -> Result<Nlu, TrainError> {
        Self::train_with(Arc::new(Toolkit::new()), set, NluConfig::default())
    }

    /// Trains a new model on `set`, reusing this model's dictionary and
    /// tables, so only the classifiers are fitted (about 0.25 s for 2,000
    /// examples in a release build). The configuration is kept. Swap the result in
    /// atomically (e.g. behind an `RwLock<Arc<Nlu>>`) to retrain without a
    /// restart.
    pub fn retrain(&self, set: &TrainingSet) -> Result<Nlu, TrainError> {
        Self::train_with(self.toolkit.clone(), set, self.config)
    }

    fn train_with(
        toolkit: Arc<Toolkit>,
        set: &TrainingSet,
        config: NluConfig,
    ) -> Result<Nlu, TrainError> {
        let classes: Vec<String> = set.intents().into_iter().map(String::from).collect();
        if classes.len() < 2 {
            return Err(TrainError::TooFewIntents {
                found: classes.len(),
            });
        }
        let analyses: Vec<Analysis> = set
            .examples()
            .iter()
            .map(|e| toolkit.analyse(&e.text, None))
            .collect();
        let rows: Vec<(Vec<u64>, usize)> = set
            .examples()
            .iter()
            .zip(&analyses)
            .map(|(e, a)| {
                let class = classes.iter().position(|c| *c == e.intent).unwrap_or(0);
                (a.features.clone(), class)
            })
            .collect();
        let intents = fit_calibrated(classes, &rows, TrainParams::default());
        let sentiment_rows: Vec<(Vec<u64>, usize)> = set
            .examples()
            .iter()
            .zip(&analyses)
            .filter_map(|(e, a)| {
                let label = e.sentiment?;
                let class = SENTIMENT_CLASSES.iter().position(|c| *c == label)?;
                Some((a.sentiment_features(), class))
            })
            .collect();
        let labelled = |l: usize| sentiment_rows.iter().filter(|r| r.1 == l).count();
        let sentiment = (labelled(0) >= MIN_SENTIMENT_EXAMPLES
            && labelled(1) >= MIN_SENTIMENT_EXAMPLES)
            .then(|| {
                let names = SENTIMENT_CLASSES.iter().map(|l| l.as_str().to_string());
                // Fewer labels and noisier ones: regularise more.
                let params = TrainParams {
                    l2: 1e-4,
                    ..TrainParams::default()
                };
                fit_calibrated(names.collect(), &sentiment_rows, params)
            });
        Ok(Nlu {
            toolkit,
            intents,
            sentiment,
            config,
        })
    }

    /// The same model with other decision settings.
    pub fn with_config(mut self, config: NluConfig) -> Nlu {
        self.config = config;
        self
    }

    /// Current decision settings.
    pub fn config(&self) -> NluConfig {
        self.config
    }

    /// The intents this model knows, including `fallback` when trained.
    pub fn intents(&self) -> &[String] {
        &self.intents.classes
    }

    /// Approximate memory of the trained parts. The jieba dictionary, shared
    /// by all retrained models, is not included (about 34 MB resident).
    pub fn memory(&self) -> MemoryReport {
        MemoryReport {
            intent_model_bytes: self.intents.memory_bytes(),
            sentiment_model_bytes: self.sentiment.as_ref().map_or(0, LinearModel::memory_bytes),
            features: self.intents.n_features(),
            intents: self.intents.classes.len(),
        }
    }

    /// `complaint` is the probability that the message is a complaint: a
    /// complaint expresses dissatisfaction, so it pulls the score down.
    fn sentiment_of(&self, a: &Analysis, complaint: f32) -> Sentiment {
        let score = match &self.sentiment {
            None => (a.reading.score() - COMPLAINT_PULL * complaint).max(-1.0),
            Some(model) => {
                let p = model.probabilities(&a.sentiment_features());
                let learned = p[2] - p[0];
                (LEXICON_SHARE * a.reading.score() + (1.0 - LEXICON_SHARE) * learned
                    - COMPLAINT_PULL * complaint)
                    .max(-1.0)
            }
        };
        sentiment::consistent(score, a.reading.flag_list())
    }

    /// Understands one message. `catalogue` enables product matching.
    pub fn parse(&self, text: &str, catalogue: Option<&Catalogue>) -> Parse {
        let a = self.toolkit.analyse(text, catalogue);
        let probs = self.intents.probabilities(&a.features);
        let mut ranked: Vec<(usize, f32)> = probs.iter().copied().enumerate().collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
        let round = |p: f32| (p * 1000.0).round() / 1000.0;
        let classes = &self.intents.classes;
        let (best, p_best) = ranked[0];
        let intent = if p_best < self.config.fallback_threshold {
            IntentScore {
                name: FALLBACK.to_string(),
                confidence: round(1.0 - p_best),
            }
        } else {
            IntentScore {
                name: classes[best].clone(),
                confidence: round(p_best),
            }
        };
        let alternatives = ranked
            .iter()
            .filter(|(c, _)| classes[*c] != intent.name && classes[*c] != FALLBACK)
            .take(self.config.alternatives)
            .map(|&(c, p)| IntentScore {
                name: classes[c].clone(),
                confidence: round(p),
            })
            .collect();
        let language = text::detect_language(&a.canonical);
        let complaint = classes
            .iter()
            .position(|c| c == "complaint")
            .map_or(0.0, |i| probs[i]);
        let sentiment = self.sentiment_of(&a, complaint);
        Parse {
            text: masked_text(text, &a.entities),
            language,
            intent,
            alternatives,
            entities: a.entities,
            sentiment,
        }
    }
}

/// Sentiment classes of the learned model, in class-id order.
const SENTIMENT_CLASSES: [SentimentLabel; 3] = [
    SentimentLabel::Negative,
    SentimentLabel::Neutral,
    SentimentLabel::Positive,
];

/// Fewest negative and neutral examples for a learned sentiment model.
const MIN_SENTIMENT_EXAMPLES: usize = 20;

/// Share of the lexicon in the sentiment score; the rest is the learned
/// model's `p(positive) - p(negative)`.
const LEXICON_SHARE: f32 = 0.4;

/// How far a certain complaint pulls the sentiment score down.
const COMPLAINT_PULL: f32 = 0.3;

/// Fits a classifier with a temperature chosen on held-out examples: fit on
/// four fifths (every fifth example of each class held out), calibrate on
/// the rest, then fit on everything with that temperature.
fn fit_calibrated(
    classes: Vec<String>,
    rows: &[(Vec<u64>, usize)],
    params: TrainParams,
) -> LinearModel {
    let mut seen = vec![0usize; classes.len()];
    let (mut fit, mut held) = (Vec::new(), Vec::new());
    for row in rows {
        let k = seen[row.1];
        seen[row.1] = (k + 1) % 5;
        if k == 4 {
            held.push(row.clone());
        } else {
            fit.push(row.clone());
        }
    }
    let mut probe = LinearModel::train(classes.clone(), &fit, params);
    probe.calibrate(&held);
    let mut model = LinearModel::train(classes, rows, params);
    model.temperature = probe.temperature;
    model
}

/// `text` with every card key span replaced by its mask.
fn masked_text(text: &str, entities: &[Entity]) -> String {
    let keys: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::CardKey)
        .collect();
    if keys.is_empty() {
        return text.to_string();
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            let inside = keys.iter().find(|e| e.start <= i && i < e.end);
            match inside {
                Some(e) => e.value.chars().nth(i - e.start).unwrap_or('*'),
                None => c,
            }
        })
        .collect()
}

/// A pattern built from one of this crate's constant tables (escaped words
/// and fixed patterns), compiled; `table` names it in the impossible error.
#[allow(
    clippy::panic,
    reason = "the pattern comes only from constant tables, which every unit test that \
              builds the NLU compiles"
)]
pub(crate) fn table_regex(pattern: &str, table: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{table} does not compile: {e}"))
}

/// A set of patterns from one of this crate's constant tables, compiled.
#[allow(
    clippy::panic,
    reason = "the patterns come only from constant tables, which every unit test that \
              builds the NLU compiles"
)]
pub(crate) fn table_regex_set<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    table: &str,
) -> regex::RegexSet {
    regex::RegexSet::new(patterns).unwrap_or_else(|e| panic!("{table} does not compile: {e}"))
}

#[cfg(test)]
mod tests;
