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

/// Passages above this many are searched in two stages: the sign bits of
/// every passage (64 bytes each) pick [`RERANK`] candidates, whose 8-bit
/// vectors then give the cosine. Below it every 8-bit vector is scanned.
const TWO_STAGE_FROM: usize = 20_000;
/// Candidates the sign-bit stage hands to the exact stage.
const RERANK: usize = 2_048;
/// `u64` words of sign bits per passage.
const WORDS: usize = DIM / 64;

/// The embedded passages of every indexed article and the encoder that
/// embeds questions.
pub(crate) struct Semantic {
    pub embedder: Arc<Embedder>,
    vectors: Vectors,
}

/// Passage vectors in flat arrays (one allocation each, scanned front to
/// back).
#[derive(Default)]
struct Vectors {
    /// 8-bit vectors, passage `i` at `codes[i * DIM..][..DIM]`.
    codes: Vec<i8>,
    /// Each passage's scale (`value ≈ code * scale`).
    scales: Vec<f32>,
    /// Sign bits, passage `i` at `bits[i * WORDS..][..WORDS]`.
    bits: Vec<u64>,
    /// For each passage, its article's position in `ids`.
    owner: Vec<u32>,
    /// Article `i`'s passages are `start[i]..start[i + 1]`.
    start: Vec<u32>,
    /// Position in `ids` by article id.
    position: HashMap<i64, u32>,
    ids: Vec<i64>,
    langs: Vec<ArticleLanguage>,
}

fn sign_bits(q: &[i8], out: &mut Vec<u64>) {
    for chunk in q.chunks(64) {
        let mut w = 0u64;
        for (j, x) in chunk.iter().enumerate() {
            if *x > 0 {
                w |= 1 << j;
            }
        }
        out.push(w);
    }
}

fn hamming(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

impl Semantic {
    pub fn build(
        articles: &[&Article],
        embedder: Arc<Embedder>,
        cache: &mut EmbeddingCache,
    ) -> Semantic {
        let mut vectors = Vectors::default();
        let mut keep = std::collections::HashSet::new();
        for article in articles {
            vectors.start_article(article.id, article.language);
            for passage in passages(article) {
                keep.insert(text_hash(&passage));
                vectors.push(&cache.get_or_embed(&embedder, &passage));
            }
        }
        cache.retain(&keep);
        vectors.finish();
        Semantic { embedder, vectors }
    }

    /// Embeds a question.
    pub fn query(&self, text: &str) -> Quantized {
        Quantized::new(&self.embedder.embed(text))
    }

    /// The best passage cosine of one article (`None`: not indexed).
    pub fn article_cosine(&self, query: &[Quantized], id: i64) -> Option<f32> {
        self.vectors.article_cosine(query, id)
    }

    /// The best passage cosine of every article in `language` (or for any
    /// language), best first, at most `limit`: every passage scanned below
    /// [`TWO_STAGE_FROM`] passages, two stages from there.
    pub fn rank(
        &self,
        query: &[Quantized],
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> Vec<(i64, f32)> {
        let two_stage = self.vectors.owner.len() >= TWO_STAGE_FROM;
        self.vectors.rank(query, language, limit, two_stage)
    }

    /// Bytes held by the passage vectors (8-bit codes, scales, sign bits,
    /// owners).
    pub fn vector_bytes(&self) -> usize {
        self.vectors.vector_bytes()
    }

    pub fn passages(&self) -> usize {
        self.vectors.owner.len()
    }
}

impl Vectors {
    /// The passages pushed next belong to article `id`.
    fn start_article(&mut self, id: i64, language: ArticleLanguage) {
        self.start.push(self.owner.len() as u32);
        self.position.insert(id, self.ids.len() as u32);
        self.ids.push(id);
        self.langs.push(language);
    }

    fn push(&mut self, v: &Quantized) {
        self.codes.extend_from_slice(&v.q);
        self.scales.push(v.scale);
        sign_bits(&v.q, &mut self.bits);
        self.owner.push((self.ids.len() - 1) as u32);
    }

    /// Closes the last article.
    fn finish(&mut self) {
        self.start.push(self.owner.len() as u32);
    }

    fn article_cosine(&self, query: &[Quantized], id: i64) -> Option<f32> {
        let i = *self.position.get(&id)? as usize;
        let (from, to) = (self.start[i] as usize, self.start[i + 1] as usize);
        (from..to)
            .flat_map(|p| query.iter().map(move |q| (q, p)))
            .map(|(q, p)| self.cosine(q, p))
            .reduce(f32::max)
    }

    fn cosine(&self, query: &Quantized, passage: usize) -> f32 {
        let code = &self.codes[passage * DIM..(passage + 1) * DIM];
        dot_i8(&query.q, code) as f32 * query.scale * self.scales[passage]
    }

    /// The best passage cosine of every article in `language` (or for any
    /// language), best first, at most `limit`; `two_stage`: only the
    /// passages whose sign bits are nearest get the 8-bit cosine.
    fn rank(
        &self,
        query: &[Quantized],
        language: Option<ArticleLanguage>,
        limit: usize,
        two_stage: bool,
    ) -> Vec<(i64, f32)> {
        let allowed = |l: ArticleLanguage| match language {
            None | Some(ArticleLanguage::Any) => true,
            Some(want) => l == want || l == ArticleLanguage::Any,
        };
        let lang_ok: Vec<bool> = self.langs.iter().map(|l| allowed(*l)).collect();
        let n = self.owner.len();
        let mut candidates: Vec<usize> = Vec::new();
        if !two_stage {
            candidates.extend((0..n).filter(|&p| lang_ok[self.owner[p] as usize]));
        } else {
            for q in query {
                candidates.extend(self.near(q, &lang_ok));
            }
            candidates.sort_unstable();
            candidates.dedup();
        }
        let mut best: HashMap<u32, f32> = HashMap::new();
        for p in candidates {
            for q in query {
                let c = self.cosine(q, p);
                let b = best.entry(self.owner[p]).or_insert(f32::MIN);
                if c > *b {
                    *b = c;
                }
            }
        }
        let mut ranked: Vec<(i64, f32)> = best
            .into_iter()
            .map(|(o, c)| (self.ids[o as usize], c))
            .collect();
        let limit = limit.min(ranked.len());
        if limit == 0 {
            return Vec::new();
        }
        ranked.select_nth_unstable_by(limit - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// The [`RERANK`] passages (of allowed languages) whose sign bits are
    /// nearest the query's.
    fn near(&self, query: &Quantized, lang_ok: &[bool]) -> Vec<usize> {
        let mut qbits = Vec::with_capacity(WORDS);
        sign_bits(&query.q, &mut qbits);
        let mut near: Vec<(u32, u32)> = self
            .bits
            .chunks_exact(WORDS)
            .zip(&self.owner)
            .enumerate()
            .filter(|(_, (_, o))| lang_ok[**o as usize])
            .map(|(p, (b, _))| (hamming(&qbits, b), p as u32))
            .collect();
        if near.len() > RERANK {
            near.select_nth_unstable(RERANK - 1);
            near.truncate(RERANK);
        }
        near.into_iter().map(|(_, p)| p as usize).collect()
    }

    fn vector_bytes(&self) -> usize {
        self.codes.len() + self.scales.len() * 4 + self.bits.len() * 8 + self.owner.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of numbers roughly N(0, 1) (xorshift, sum of
    /// four uniforms).
    struct Noise(u64);

    impl Noise {
        fn next(&mut self) -> f32 {
            let mut sum = 0.0;
            for _ in 0..4 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                sum += (self.0 >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
            }
            sum * 1.732
        }

        /// `around` plus noise of `spread` per component, normalised.
        fn near(&mut self, around: &[f32], spread: f32) -> Vec<f32> {
            let mut v: Vec<f32> = around.iter().map(|x| x + spread * self.next()).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
            v
        }
    }

    /// The two-stage search (sign bits, then 8-bit cosines of the nearest)
    /// finds the article the exact scan of every passage ranks first, with
    /// the same cosine, over more passages than it starts at, in
    /// near-duplicate topics.
    #[test]
    fn two_stage_search_finds_what_the_exact_scan_finds() {
        const TOPICS: usize = 60;
        const ARTICLES: usize = 2_400;
        const PER_ARTICLE: usize = 9;
        const QUERIES: usize = 60;
        let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
        let zero = vec![0.0f32; DIM];
        let topics: Vec<Vec<f32>> = (0..TOPICS).map(|_| noise.near(&zero, 1.0)).collect();
        let mut vectors = Vectors::default();
        let mut passages: Vec<Vec<f32>> = Vec::new();
        for a in 0..ARTICLES {
            let centre = noise.near(&topics[a % TOPICS], 0.06);
            let language = if a % 2 == 0 {
                ArticleLanguage::Zh
            } else {
                ArticleLanguage::En
            };
            vectors.start_article(a as i64 + 1, language);
            for _ in 0..PER_ARTICLE {
                let p = noise.near(&centre, 0.05);
                vectors.push(&Quantized::new(&p));
                passages.push(p);
            }
        }
        vectors.finish();
        assert!(passages.len() >= TWO_STAGE_FROM, "{}", passages.len());

        let mut same = 0;
        for i in 0..QUERIES {
            let passage = &passages[(i * 7_919) % passages.len()];
            // A paraphrase: about as far from its passage as real ones are.
            let query = [Quantized::new(&noise.near(passage, 0.04))];
            let language = [None, Some(ArticleLanguage::Zh), Some(ArticleLanguage::En)][i % 3];
            let exact = vectors.rank(&query, language, 5, false);
            let staged = vectors.rank(&query, language, 5, true);
            assert!(!exact.is_empty() && !staged.is_empty());
            if exact[0] == staged[0] {
                same += 1;
            }
            // Whatever it finds, it scores as the exact scan does.
            for (id, cosine) in &staged {
                let expected = vectors.article_cosine(&query, *id).unwrap();
                assert!(*cosine <= expected + 1e-6, "{id}: {cosine} > {expected}");
            }
        }
        assert!(
            same * 100 >= QUERIES * 98,
            "the two stages agree with the exact scan on {same} of {QUERIES} queries"
        );
    }
}
