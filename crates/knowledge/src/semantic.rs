//! The meaning side of the index: every article as a few embedded passages
//! (its title, its title with tags and products, its first body lines),
//! stored as 8-bit vectors and scanned whole for each question — a 512-byte
//! dot product per passage, about a millisecond per 100,000 passages.

use std::collections::HashMap;
use std::sync::Arc;

use kadesk_domain::{Article, ArticleLanguage};

use crate::embed::{Embedder, DIM};

/// Body lines embedded per article besides its title.
const BODY_PASSAGES: usize = 3;
/// Characters of a body line kept for its passage.
const PASSAGE_CHARS: usize = 160;

/// An embedding in 8 bits: `value ≈ q * scale`.
#[derive(Debug, Clone)]
pub struct Quantized {
    q: Box<[i8]>,
    scale: f32,
}

impl Quantized {
    /// Quantizes an L2-normalised embedding.
    pub fn new(v: &[f32]) -> Quantized {
        let max = v
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / 127.0;
        Quantized {
            q: v.iter()
                .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
                .collect(),
            scale,
        }
    }

    /// The cosine with another (both normalised).
    pub fn cosine(&self, other: &Quantized) -> f32 {
        dot_i8(&self.q, &other.q) as f32 * self.scale * other.scale
    }
}

fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    // i16 products summed in i32 lanes: the compiler vectorises this.
    a.iter()
        .zip(b)
        .map(|(x, y)| i32::from(i16::from(*x) * i16::from(*y)))
        .sum()
}

/// Embeddings of passages already computed, by a hash of the passage text:
/// a rebuild after an edit embeds only what changed.
#[derive(Debug, Default)]
pub struct EmbeddingCache {
    map: HashMap<u64, Quantized>,
}

impl EmbeddingCache {
    /// How many passages are cached.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn get_or_embed(&mut self, embedder: &Embedder, text: &str) -> Quantized {
        let key = text_hash(text);
        self.map
            .entry(key)
            .or_insert_with(|| Quantized::new(&embedder.embed(text)))
            .clone()
    }

    /// Keeps only the passages in `keep` (after a rebuild, so deleted and
    /// edited articles do not pile up).
    fn retain(&mut self, keep: &std::collections::HashSet<u64>) {
        self.map.retain(|k, _| keep.contains(k));
    }
}

fn text_hash(text: &str) -> u64 {
    // FNV-1a: stable across runs (unlike the std hasher's random keys).
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The passages an article is found by.
pub fn passages(article: &Article) -> Vec<String> {
    let mut out = vec![article.title.trim().to_owned()];
    let mut head = article.title.trim().to_owned();
    for extra in article.tags.iter().chain(&article.products) {
        head.push_str(" · ");
        head.push_str(extra.trim());
    }
    if head != out[0] {
        out.push(head);
    }
    let lines = article
        .body
        .split(['\n', '。', '；', '！', '？'])
        .map(|l| {
            l.trim()
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、')
                .trim()
        })
        .filter(|l| l.chars().count() >= 6);
    for line in lines.take(BODY_PASSAGES) {
        out.push(line.chars().take(PASSAGE_CHARS).collect());
    }
    out
}

/// The embedded passages of every indexed article.
pub(crate) struct Semantic {
    pub embedder: Arc<Embedder>,
    vectors: Vec<Quantized>,
    /// For each vector, its article's position in `ids`.
    owner: Vec<u32>,
    pub ids: Vec<i64>,
    langs: Vec<ArticleLanguage>,
}

impl Semantic {
    pub fn build(
        articles: &[&Article],
        embedder: Arc<Embedder>,
        cache: &mut EmbeddingCache,
    ) -> Semantic {
        let mut vectors = Vec::new();
        let mut owner = Vec::new();
        let mut ids = Vec::with_capacity(articles.len());
        let mut langs = Vec::with_capacity(articles.len());
        let mut keep = std::collections::HashSet::new();
        for (i, article) in articles.iter().enumerate() {
            ids.push(article.id);
            langs.push(article.language);
            for passage in passages(article) {
                keep.insert(text_hash(&passage));
                vectors.push(cache.get_or_embed(&embedder, &passage));
                owner.push(i as u32);
            }
        }
        cache.retain(&keep);
        Semantic {
            embedder,
            vectors,
            owner,
            ids,
            langs,
        }
    }

    /// Embeds a question.
    pub fn query(&self, text: &str) -> Quantized {
        Quantized::new(&self.embedder.embed(text))
    }

    /// The best passage cosine of every article in `language` (or for any
    /// language), best first, at most `limit`.
    pub fn rank(
        &self,
        query: &Quantized,
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> Vec<(i64, f32)> {
        let mut best = vec![f32::MIN; self.ids.len()];
        let allowed = |l: ArticleLanguage| match language {
            None | Some(ArticleLanguage::Any) => true,
            Some(want) => l == want || l == ArticleLanguage::Any,
        };
        for (v, &o) in self.vectors.iter().zip(&self.owner) {
            let o = o as usize;
            if !allowed(self.langs[o]) {
                continue;
            }
            let c = query.cosine(v);
            if c > best[o] {
                best[o] = c;
            }
        }
        let mut ranked: Vec<(i64, f32)> = best
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > f32::MIN)
            .map(|(i, c)| (self.ids[i], *c))
            .collect();
        let limit = limit.min(ranked.len());
        if limit == 0 {
            return Vec::new();
        }
        ranked.select_nth_unstable_by(limit - 1, |a, b| b.1.total_cmp(&a.1));
        ranked.truncate(limit);
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    /// Bytes held by the passage vectors.
    pub fn vector_bytes(&self) -> usize {
        self.vectors.len() * (DIM + std::mem::size_of::<Quantized>() + 4)
    }

    pub fn passages(&self) -> usize {
        self.vectors.len()
    }
}
