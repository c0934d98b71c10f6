//! The in-memory index: tantivy ranks the articles (BM25, the title weighing
//! most, error codes matched whole), and a small side table of each
//! article's terms decides how sure we are (see [`Hit::confidence`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use kadesk_domain::{Article, ArticleLanguage};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, STRING,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::analyze::{code_candidates, normalize_code, within_edits, Analyzer};
use crate::embed::Embedder;
use crate::semantic::{EmbeddingCache, Quantized, Semantic};
use crate::KnowledgeError;

/// Below this confidence the bot does not answer: a wrong answer to a buyer
/// is worse than a handoff.
pub const ANSWER_THRESHOLD: f32 = 0.6;

/// How much each field counts when ranking.
const TITLE_BOOST: f32 = 3.0;
const TAGS_BOOST: f32 = 2.0;
const PRODUCTS_BOOST: f32 = 1.5;
const BODY_BOOST: f32 = 1.0;
const CODE_BOOST: f32 = 10.0;
/// A word in more than this share of the articles says nothing about which
/// one a question is about.
const GENERIC_SHARE: f32 = 0.4;
/// Candidates looked at before cutting to the caller's limit.
const CANDIDATES: usize = 20;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 120;

/// How meaning and words are weighed together (calibrated on the tuning
/// paraphrase set, `data/eval/tune.jsonl`; the held-out set only measures).
/// Each candidate article gets the score `cosine + lexical_weight × words`,
/// where `cosine` is its best passage's cosine with the question and
/// `words` the words confidence ([`Hit::confidence`] of the words ranking,
/// 0–1); articles are ranked by that score, and the first is answered when
/// its score reaches [`Fusion::answer_score`], or [`Fusion::margin_score`]
/// with a lead of [`Fusion::margin`] over the next article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    /// Weight of the words confidence added to the cosine.
    pub lexical_weight: f32,
    /// A score this high answers.
    pub answer_score: f32,
    /// A score this high answers when it leads the next article's by
    /// [`Fusion::margin`]…
    pub margin_score: f32,
    /// …this much.
    pub margin: f32,
    /// Below this cosine an article found by meaning alone is no candidate.
    pub floor_cosine: f32,
}

impl Default for Fusion {
    fn default() -> Fusion {
        Fusion {
            lexical_weight: 0.4,
            answer_score: 0.55,
            margin_score: 0.45,
            margin: 0.08,
            floor_cosine: 0.2,
        }
    }
}

/// One article found for a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub title: String,
    /// Where the body talks about the query, shortened.
    pub snippet: String,
    /// The ranking score (BM25 with field weights, scaled by confidence);
    /// only comparable within one query.
    pub score: f32,
    /// 0–1: the share of the question's weight (rare words weigh more) the
    /// article covers, or 1 when an error code of the question is one the
    /// article explains. [`ANSWER_THRESHOLD`] and up is answered.
    pub confidence: f32,
}

/// What the side table keeps of one article.
struct Entry {
    article: Article,
    /// Terms of title, tags and products: a question must meet one of them.
    head: HashSet<String>,
    /// Every term of the article.
    all: HashSet<String>,
    /// Error codes, normalised.
    codes: HashSet<String>,
}

struct Fields {
    id: tantivy::schema::Field,
    title: tantivy::schema::Field,
    body: tantivy::schema::Field,
    tags: tantivy::schema::Field,
    products: tantivy::schema::Field,
    codes: tantivy::schema::Field,
    language: tantivy::schema::Field,
}

/// The searchable knowledge base: built whole from a list of articles
/// (only the enabled ones) and never changed; a change means a new index,
/// swapped in behind an `Arc` by the owner.
pub struct KnowledgeIndex {
    reader: IndexReader,
    fields: Fields,
    analyzer: Arc<Analyzer>,
    entries: HashMap<i64, Entry>,
    /// In how many articles each term occurs.
    doc_freq: HashMap<String, usize>,
    /// Every normalised error code the articles explain.
    known_codes: HashSet<String>,
    /// English spellings a question's typo may be corrected to, with the
    /// term each stands for (article words, and the synonyms of concepts
    /// articles use).
    spellings: HashMap<String, String>,
    /// Embedded passages, when the sentence encoder is loaded.
    semantic: Option<Semantic>,
    fusion: Fusion,
}

impl std::fmt::Debug for KnowledgeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeIndex")
            .field("articles", &self.entries.len())
            .field("hybrid", &self.semantic.is_some())
            .finish_non_exhaustive()
    }
}

/// Tantivy's view of [`Analyzer`]: terms computed up front.
#[derive(Clone)]
struct KbTokenizer(Arc<Analyzer>);

struct VecTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for KbTokenizer {
    type TokenStream<'a> = VecTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let tokens = self
            .0
            .terms(text)
            .into_iter()
            .enumerate()
            .map(|(position, t)| Token {
                offset_from: t.from,
                offset_to: t.to,
                position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        VecTokens { tokens, next: 0 }
    }
}

impl TokenStream for VecTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

impl KnowledgeIndex {
    /// Indexes the enabled articles of `articles` by their words only.
    pub fn build(
        articles: &[Article],
        analyzer: Arc<Analyzer>,
    ) -> Result<KnowledgeIndex, KnowledgeError> {
        KnowledgeIndex::build_lexical(articles, analyzer)
    }

    /// Indexes the enabled articles by their words and by their meaning:
    /// each article's passages are embedded (those already in `cache` are
    /// reused; the cache keeps only this build's passages afterwards).
    /// Slow for many new articles (about a millisecond a passage): call it
    /// off the async runtime.
    pub fn build_hybrid(
        articles: &[Article],
        analyzer: Arc<Analyzer>,
        embedder: Arc<Embedder>,
        cache: &mut EmbeddingCache,
    ) -> Result<KnowledgeIndex, KnowledgeError> {
        let mut index = KnowledgeIndex::build_lexical(articles, analyzer)?;
        let enabled: Vec<&Article> = articles.iter().filter(|a| a.enabled).collect();
        index.semantic = Some(Semantic::build(&enabled, embedder, cache));
        Ok(index)
    }

    /// Replaces the fusion settings (for calibration).
    pub fn with_fusion(mut self, fusion: Fusion) -> KnowledgeIndex {
        self.fusion = fusion;
        self
    }

    /// Whether meaning is searched too.
    pub fn is_hybrid(&self) -> bool {
        self.semantic.is_some()
    }

    /// Embedded passages and the bytes their vectors hold (0, 0 when only
    /// words are indexed).
    pub fn semantic_size(&self) -> (usize, usize) {
        self.semantic
            .as_ref()
            .map(|s| (s.passages(), s.vector_bytes()))
            .unwrap_or((0, 0))
    }

    fn build_lexical(
        articles: &[Article],
        analyzer: Arc<Analyzer>,
    ) -> Result<KnowledgeIndex, KnowledgeError> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("kb")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let codes = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("kb_code")
                .set_index_option(IndexRecordOption::Basic),
        );
        let fields = Fields {
            id: schema.add_i64_field("id", NumericOptions::default().set_stored()),
            title: schema.add_text_field("title", text.clone()),
            body: schema.add_text_field("body", text.clone()),
            tags: schema.add_text_field("tags", text.clone()),
            products: schema.add_text_field("products", text),
            codes: schema.add_text_field("codes", codes),
            language: schema.add_text_field("language", STRING),
        };
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register("kb", TextAnalyzer::from(KbTokenizer(analyzer.clone())));
        index.tokenizers().register(
            "kb_code",
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        let mut entries = HashMap::new();
        let mut doc_freq: HashMap<String, usize> = HashMap::new();
        let mut known_codes = HashSet::new();
        for article in articles.iter().filter(|a| a.enabled) {
            let mut doc = doc!(
                fields.id => article.id,
                fields.title => article.title.as_str(),
                fields.body => article.body.as_str(),
                fields.language => article.language.as_str(),
            );
            for tag in &article.tags {
                doc.add_text(fields.tags, tag);
            }
            for product in &article.products {
                doc.add_text(fields.products, product);
            }
            let mut entry_codes = HashSet::new();
            for code in &article.error_codes {
                doc.add_text(fields.codes, code.trim());
                entry_codes.insert(normalize_code(code));
            }
            writer.add_document(doc)?;
            let terms = |text: &str| -> Vec<String> {
                analyzer.terms(text).into_iter().map(|t| t.text).collect()
            };
            let mut head: HashSet<String> = terms(&article.title).into_iter().collect();
            for text in article.tags.iter().chain(&article.products) {
                head.extend(terms(text));
            }
            let mut all = head.clone();
            all.extend(terms(&article.body));
            for term in &all {
                *doc_freq.entry(term.clone()).or_default() += 1;
            }
            known_codes.extend(entry_codes.iter().cloned());
            entries.insert(
                article.id,
                Entry {
                    article: article.clone(),
                    head,
                    all,
                    codes: entry_codes,
                },
            );
        }
        writer.commit()?;
        let mut spellings: HashMap<String, String> = doc_freq
            .keys()
            .filter(|t| t.is_ascii() && !t.bytes().any(|b| b.is_ascii_digit()))
            .map(|t| (t.clone(), t.clone()))
            .collect();
        for (word, concept) in analyzer.ascii_synonyms() {
            if doc_freq.contains_key(concept) {
                spellings.insert(word.to_owned(), concept.to_owned());
            }
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(KnowledgeIndex {
            reader,
            fields,
            analyzer,
            entries,
            doc_freq,
            known_codes,
            spellings,
            semantic: None,
            fusion: Fusion::default(),
        })
    }

    /// How many articles are searchable.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no article is searchable.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// An indexed (enabled) article.
    pub fn article(&self, id: i64) -> Option<&Article> {
        self.entries.get(&id).map(|e| &e.article)
    }

    /// The articles best matching `query`, best first, in `language` (and
    /// those for any language) or in every language when `None`. With
    /// meaning indexed, the words ranking and the meaning ranking are fused
    /// (reciprocal rank fusion) and [`Hit::confidence`] is calibrated so
    /// that [`ANSWER_THRESHOLD`] still means "sure enough to answer".
    pub fn search(
        &self,
        query: &str,
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> Result<Vec<Hit>, KnowledgeError> {
        if self.entries.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let lexical = self.lexical(query, language, CANDIDATES)?;
        let Some(semantic) = &self.semantic else {
            let mut hits = lexical;
            hits.truncate(limit);
            return Ok(hits);
        };
        let queries = self.query_vectors(semantic, query);
        let meaning = semantic.rank(&queries, language, CANDIDATES);
        Ok(self.fuse(semantic, &queries, lexical, meaning, limit))
    }

    /// The question embedded as written and, when fixing typos and width
    /// changes it, as fixed (an article's cosine is the better of the two).
    fn query_vectors(&self, semantic: &Semantic, query: &str) -> Vec<Quantized> {
        let mut out = vec![semantic.query(query)];
        let fixed = self.analyzer.normalize(query);
        if fixed.trim() != query.trim() && !fixed.trim().is_empty() {
            out.push(semantic.query(&fixed));
        }
        out
    }

    /// Score fusion of the two rankings, with the calibrated confidence
    /// (see [`Fusion`]).
    fn fuse(
        &self,
        semantic: &Semantic,
        queries: &[Quantized],
        lexical: Vec<Hit>,
        meaning: Vec<(i64, f32)>,
        limit: usize,
    ) -> Vec<Hit> {
        let f = &self.fusion;
        let mut lex: HashMap<i64, Hit> = HashMap::new();
        for hit in lexical {
            lex.insert(hit.id, hit);
        }
        let mut cosines: HashMap<i64, f32> = meaning
            .into_iter()
            .filter(|(_, c)| *c >= f.floor_cosine)
            .collect();
        for id in lex.keys() {
            if !cosines.contains_key(id) {
                let c = semantic.article_cosine(queries, *id).unwrap_or(0.0);
                cosines.insert(*id, c);
            }
        }
        let mut scored: Vec<(i64, f32, f32)> = cosines
            .into_iter()
            .map(|(id, cosine)| {
                let words = lex.get(&id).map(|h| h.confidence).unwrap_or(0.0);
                (id, cosine + f.lexical_weight * words, words)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let lead = match scored.as_slice() {
            [first, second, ..] => first.1 - second.1,
            [_] => 1.0,
            [] => 0.0,
        };
        scored
            .into_iter()
            .enumerate()
            .filter_map(|(rank, (id, score, words))| {
                let entry = self.entries.get(&id)?;
                let lead = if rank == 0 { lead } else { 0.0 };
                let confidence = self.fused_confidence(words, score, lead);
                let snippet = match lex.remove(&id) {
                    Some(h) => h.snippet,
                    None => self.snippet(&entry.article.body, &[], &entry.all),
                };
                Some(Hit {
                    id,
                    title: entry.article.title.clone(),
                    snippet,
                    score,
                    confidence,
                })
            })
            .take(limit)
            .collect()
    }

    /// 0–1, [`ANSWER_THRESHOLD`] and up answers: an error code the article
    /// explains, or every word of the question met in its title, tags and
    /// products (words confidence 1), answers; otherwise the fused score
    /// decides (see [`Fusion`]).
    fn fused_confidence(&self, words: f32, score: f32, lead: f32) -> f32 {
        let f = &self.fusion;
        if words >= 1.0 {
            return 1.0;
        }
        if score >= f.answer_score {
            return (ANSWER_THRESHOLD + (1.0 - ANSWER_THRESHOLD) * (score - f.answer_score) / 0.3)
                .min(1.0);
        }
        if score >= f.margin_score && lead >= f.margin {
            return ANSWER_THRESHOLD;
        }
        (ANSWER_THRESHOLD * 0.99 * score.max(0.0) / f.answer_score).min(ANSWER_THRESHOLD * 0.99)
    }

    /// The words ranking alone (BM25 over tantivy, see [`Hit::confidence`]).
    fn lexical(
        &self,
        query: &str,
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> Result<Vec<Hit>, KnowledgeError> {
        let terms = self.correct(self.analyzer.query_terms(query));
        let codes: Vec<String> = code_candidates(query)
            .into_iter()
            .filter(|c| self.known_codes.contains(c))
            .collect();
        if terms.is_empty() && codes.is_empty() {
            return Ok(Vec::new());
        }
        let f = &self.fields;
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in &terms {
            for (field, boost) in [
                (f.title, TITLE_BOOST),
                (f.tags, TAGS_BOOST),
                (f.products, PRODUCTS_BOOST),
                (f.body, BODY_BOOST),
            ] {
                any.push((Occur::Should, boosted(field, term, boost)));
            }
        }
        for code in &codes {
            any.push((Occur::Should, boosted(f.codes, code, CODE_BOOST)));
        }
        let mut all: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
        if let Some(lang) = language.filter(|l| *l != ArticleLanguage::Any) {
            let langs: Vec<(Occur, Box<dyn Query>)> = [lang, ArticleLanguage::Any]
                .iter()
                .map(|l| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            tantivy::Term::from_field_text(f.language, l.as_str()),
                            IndexRecordOption::Basic,
                        )),
                    )
                })
                .collect();
            all.push((Occur::Must, Box::new(BooleanQuery::new(langs))));
        }
        let searcher = self.reader.searcher();
        let top: Vec<(f32, DocAddress)> =
            searcher.search(&BooleanQuery::new(all), &TopDocs::with_limit(CANDIDATES))?;
        let mut hits = Vec::new();
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(id) = doc.get_first(f.id).and_then(|v| v.as_i64()) else {
                continue;
            };
            let Some(entry) = self.entries.get(&id) else {
                continue;
            };
            let confidence = self.confidence(entry, &terms, &codes);
            if confidence <= 0.0 {
                continue;
            }
            hits.push(Hit {
                id,
                title: entry.article.title.clone(),
                snippet: self.snippet(&entry.article.body, &terms, &entry.all),
                score: score * (0.25 + confidence),
                confidence,
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        Ok(hits)
    }

    /// The one article to answer `query` with, if we are sure enough.
    pub fn best_answer(
        &self,
        query: &str,
        language: Option<ArticleLanguage>,
    ) -> Result<Option<Hit>, KnowledgeError> {
        let hits = self.search(query, language, CANDIDATES)?;
        Ok(hits
            .into_iter()
            .filter(|h| h.confidence >= ANSWER_THRESHOLD)
            .max_by(|a, b| a.score.total_cmp(&b.score)))
    }

    /// Replaces an English word no article uses by the one known spelling a
    /// single typo away ("redem" → "redeem", i.e. 兑换), when there is
    /// exactly one term it could be.
    fn correct(&self, terms: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(terms.len());
        for term in terms {
            let fixed = if term.is_ascii()
                && term.len() >= 4
                && !term.bytes().any(|b| b.is_ascii_digit())
                && !self.doc_freq.contains_key(&term)
            {
                let near: HashSet<&String> = self
                    .spellings
                    .iter()
                    .filter(|(w, _)| w.len() >= 4 && within_edits(&term, w, 1))
                    .map(|(_, t)| t)
                    .collect();
                match near.into_iter().collect::<Vec<_>>().as_slice() {
                    [only] => (*only).clone(),
                    _ => term,
                }
            } else {
                term
            };
            if !out.contains(&fixed) {
                out.push(fixed);
            }
        }
        out
    }

    /// Inverse document frequency: rare words weigh more. A word no article
    /// has weighs the most (a single unknown Chinese character half as much).
    fn weight(&self, term: &str) -> f32 {
        let n = self.entries.len() as f32;
        let df = self.doc_freq.get(term).copied().unwrap_or(0) as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        if df == 0.0 && term.chars().count() == 1 {
            idf / 2.0
        } else {
            idf
        }
    }

    /// See [`Hit::confidence`]. A question that meets only the body (none of
    /// the title, tags and products) counts half; one made only of generic
    /// words counts nothing.
    fn confidence(&self, entry: &Entry, terms: &[String], codes: &[String]) -> f32 {
        if codes.iter().any(|c| entry.codes.contains(c)) {
            return 1.0;
        }
        // A question made only of words most articles use ("卡密怎么兑换")
        // does not say which article it is about.
        let n = self.entries.len() as f32;
        let specific = |t: &String| {
            let df = self.doc_freq.get(t).copied().unwrap_or(0) as f32;
            df <= (n * GENERIC_SHARE).max(2.0)
        };
        if !terms.iter().any(specific) {
            return 0.0;
        }
        let total: f32 = terms.iter().map(|t| self.weight(t)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let met: f32 = terms
            .iter()
            .filter(|t| entry.all.contains(*t))
            .map(|t| self.weight(t))
            .sum();
        let coverage = met / total;
        if terms.iter().any(|t| entry.head.contains(t)) {
            coverage
        } else {
            coverage / 2.0
        }
    }

    /// About [`SNIPPET_CHARS`] characters of `body` from a little before the
    /// first place a query term occurs (the start when none does).
    fn snippet(&self, body: &str, terms: &[String], has: &HashSet<String>) -> String {
        let start = if terms.iter().any(|t| has.contains(t)) {
            self.analyzer
                .terms(body)
                .into_iter()
                .find(|t| terms.contains(&t.text))
                .map(|t| t.from)
                .unwrap_or(0)
        } else {
            0
        };
        let before: Vec<(usize, char)> = body[..start].char_indices().collect();
        let from = before
            .len()
            .checked_sub(20)
            .and_then(|i| before.get(i))
            .map(|(i, _)| *i)
            .unwrap_or(0);
        let mut out: String = body[from..].chars().take(SNIPPET_CHARS).collect();
        let cut_end = body[from..].chars().count() > SNIPPET_CHARS;
        out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        if from > 0 {
            out.insert(0, '…');
        }
        if cut_end {
            out.push('…');
        }
        out
    }
}

fn boosted(field: tantivy::schema::Field, text: &str, boost: f32) -> Box<dyn Query> {
    let term = tantivy::Term::from_field_text(field, text);
    Box::new(BoostQuery::new(
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        boost,
    ))
}
