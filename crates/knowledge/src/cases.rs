//! Case memory: what a solved conversation looked like, and how alike two
//! problems are.
//!
//! A [`CaseSignature`] holds what identifies a problem: the buyer's intents,
//! error codes, products, screenshot perceptual hashes and the text (the
//! buyer's messages and what was read from the pictures). [`similarity`]
//! scores two signatures in [0, 1] from four signals, each in [0, 1]:
//!
//! | signal | weight | how |
//! |---|---|---|
//! | error code | 0.35 | any code in common (case-insensitive); a case without the question's code counts 0 |
//! | picture | 0.25 | smallest Hamming distance between phashes: 1 at 0 bits, 0 at ≥ [`PHASH_FAR`] bits |
//! | text | 0.25 | cosine of hashed character bigrams (Chinese) and words (Latin) |
//! | intent + product | 0.15 | an intent in common; half of it a product in common when both name one |
//!
//! Other signals a side does not have (no picture, no text) are left
//! out and the weights of the rest renormalised, so a text-only question is
//! not penalised for having no picture. Lexical and hash similarity only:
//! sentence embeddings (the knowledge search's) can replace the text signal
//! later without changing the API. [`rank`] returns the best matches.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Hamming distance (of 64) at which two pictures count as unrelated.
pub const PHASH_FAR: u32 = 20;

const W_CODE: f32 = 0.35;
const W_PICTURE: f32 = 0.25;
const W_TEXT: f32 = 0.25;
const W_INTENT: f32 = 0.15;

/// What identifies a problem, from a conversation or a stored case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseSignature {
    /// Intents of the buyer's messages (`card_invalid`, …), without `fallback`.
    #[serde(default)]
    pub intents: Vec<String>,
    /// Error codes from the messages and the pictures.
    #[serde(default)]
    pub error_codes: Vec<String>,
    /// Product names.
    #[serde(default)]
    pub products: Vec<String>,
    /// Perceptual hashes of the pictures.
    #[serde(default)]
    pub phashes: Vec<u64>,
    /// The buyer's text and the pictures' text.
    #[serde(default)]
    pub text: String,
}

/// A signature with its text turned into a vector once, for many comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The signature.
    pub signature: CaseSignature,
    terms: HashMap<u64, f32>,
    norm: f32,
    codes: Vec<String>,
}

impl Prepared {
    /// Prepares a signature for comparison.
    pub fn new(signature: CaseSignature) -> Prepared {
        let terms = term_vector(&signature.text);
        let norm = terms.values().map(|v| v * v).sum::<f32>().sqrt();
        let codes = signature
            .error_codes
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        Prepared {
            signature,
            terms,
            norm,
            codes,
        }
    }
}

/// The part each signal contributed to a score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// 1 when the question's error code is shared, 0 when not, absent when the question has none.
    pub error_code: Option<f32>,
    /// Picture likeness from the phashes, absent when either side has none.
    pub picture: Option<f32>,
    /// Text likeness, absent when either side has no text.
    pub text: Option<f32>,
    /// Intent and product in common.
    pub intent_product: f32,
}

fn hash(s: &str) -> u64 {
    // FNV-1a: stable across runs and builds.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Character bigrams of CJK runs and lower-cased words (≥ 2 chars) of the
/// rest; digits count as word characters so "0x80070005" is one term.
fn term_vector(text: &str) -> HashMap<u64, f32> {
    let mut out: HashMap<u64, f32> = HashMap::new();
    let mut word = String::new();
    let mut prev_cjk: Option<char> = None;
    let flush = |word: &mut String, out: &mut HashMap<u64, f32>| {
        if word.chars().count() >= 2 {
            *out.entry(hash(word)).or_default() += 1.0;
        }
        word.clear();
    };
    for c in text.chars() {
        let cjk = ('\u{4e00}'..='\u{9fff}').contains(&c);
        if cjk {
            flush(&mut word, &mut out);
            if let Some(p) = prev_cjk {
                let mut bigram = String::with_capacity(6);
                bigram.push(p);
                bigram.push(c);
                *out.entry(hash(&bigram)).or_default() += 1.0;
            }
            prev_cjk = Some(c);
        } else {
            prev_cjk = None;
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word, &mut out);
            }
        }
    }
    flush(&mut word, &mut out);
    // Sub-linear term frequency: a word repeated ten times is not ten times
    // as telling.
    for v in out.values_mut() {
        *v = 1.0 + v.ln();
    }
    out
}

fn cosine(a: &Prepared, b: &Prepared) -> Option<f32> {
    if a.norm == 0.0 || b.norm == 0.0 {
        return None;
    }
    let (small, large) = if a.terms.len() <= b.terms.len() {
        (&a.terms, &b.terms)
    } else {
        (&b.terms, &a.terms)
    };
    let dot: f32 = small
        .iter()
        .filter_map(|(k, v)| large.get(k).map(|w| v * w))
        .sum();
    Some((dot / (a.norm * b.norm)).clamp(0.0, 1.0))
}

fn picture(a: &[u64], b: &[u64]) -> Option<f32> {
    let best = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| (x ^ y).count_ones()))
        .min()?;
    Some(1.0 - best.min(PHASH_FAR) as f32 / PHASH_FAR as f32)
}

fn shares(a: &[String], b: &[String]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| x.eq_ignore_ascii_case(y)))
}

/// How alike two problems are, in [0, 1], with the part of each signal.
pub fn similarity(query: &Prepared, case: &Prepared) -> (f32, ScoreParts) {
    // A code in the question is strong evidence: a case without it counts 0.
    let error_code =
        (!query.codes.is_empty()).then(|| f32::from(u8::from(shares(&query.codes, &case.codes))));
    let picture = picture(&query.signature.phashes, &case.signature.phashes);
    let text = cosine(query, case);
    let q = &query.signature;
    let c = &case.signature;
    let intent = f32::from(u8::from(shares(&q.intents, &c.intents)));
    // Products count only when both sides name one.
    let intent_product = if q.products.is_empty() || c.products.is_empty() {
        intent
    } else {
        0.5 * intent + 0.5 * f32::from(u8::from(shares(&q.products, &c.products)))
    };
    let mut total = W_INTENT * intent_product;
    let mut weight = W_INTENT;
    for (part, w) in [(error_code, W_CODE), (picture, W_PICTURE), (text, W_TEXT)] {
        if let Some(p) = part {
            total += w * p;
            weight += w;
        }
    }
    let score = (total / weight).clamp(0.0, 1.0);
    (
        score,
        ScoreParts {
            error_code,
            picture,
            text,
            intent_product,
        },
    )
}

/// One ranked match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Index into the candidates.
    pub index: usize,
    /// Similarity in [0, 1].
    pub score: f32,
    /// The part of each signal.
    pub parts: ScoreParts,
}

/// The `k` candidates most similar to `query` with a score of at least
/// `min_score`, best first (ties: the earlier candidate first).
pub fn rank(query: &Prepared, candidates: &[Prepared], k: usize, min_score: f32) -> Vec<Match> {
    let mut all: Vec<Match> = candidates
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let (score, parts) = similarity(query, c);
            Match {
                index,
                score,
                parts,
            }
        })
        .filter(|m| m.score >= min_score)
        .collect();
    all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    all.truncate(k);
    all
}

/// Problem tags proposed for a conversation from its intents, whether an
/// error code was seen and the kinds of its screenshots; only names present
/// in `taxonomy` (which admins edit) are proposed, in taxonomy order.
pub fn propose_tags(
    intents: &[String],
    has_error_code: bool,
    screenshot_kinds: &[String],
    taxonomy: &[String],
) -> Vec<String> {
    let mut wanted: Vec<&str> = Vec::new();
    for intent in intents {
        wanted.extend(match intent.as_str() {
            "recharge_failed" => &["充值延迟"][..],
            "payment_issue" => &["支付故障"],
            "product_mismatch" => &["商品不符"],
            "account_issue" => &["账号问题"],
            "usage_help" => &["用户操作"],
            "card_invalid" | "card_not_received" => &["系统错误"],
            _ => &[],
        });
    }
    if has_error_code || screenshot_kinds.iter().any(|k| k == "error_dialog") {
        wanted.push("系统错误");
    }
    if screenshot_kinds.iter().any(|k| k == "payment_receipt") {
        wanted.push("支付故障");
    }
    taxonomy
        .iter()
        .filter(|t| wanted.contains(&t.as_str()))
        .cloned()
        .collect()
}

/// A labelled set for measuring similar-case search: past cases, and
/// questions each naming the case that solves it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CaseEvalSet {
    /// Past cases by key.
    pub cases: Vec<LabelledCase>,
    /// New problems and the key of the case that solves each.
    pub queries: Vec<LabelledQuery>,
}

/// A case of an evaluation set.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LabelledCase {
    /// Unique key.
    pub key: String,
    /// Its signature.
    #[serde(flatten)]
    pub signature: CaseSignature,
}

/// A question of an evaluation set.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LabelledQuery {
    /// The key of the case that solves it.
    pub expected: String,
    /// Its signature.
    #[serde(flatten)]
    pub signature: CaseSignature,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseEvalReport {
    /// Questions scored.
    pub queries: usize,
    /// Cases searched.
    pub cases: usize,
    /// Share of questions whose case ranked first.
    pub top1: f64,
    /// Share of questions whose case ranked in the first three.
    pub top3: f64,
    /// Mean reciprocal rank (0 when the case was not in the first ten).
    pub mrr: f64,
    /// Questions whose case was not in the first three (expected, found keys).
    pub misses: Vec<(String, Vec<String>)>,
}

impl std::fmt::Display for CaseEvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "queries  {}  (over {} cases)", self.queries, self.cases)?;
        writeln!(f, "top-1    {:.1} %", self.top1 * 100.0)?;
        writeln!(f, "top-3    {:.1} %", self.top3 * 100.0)?;
        writeln!(f, "MRR@10   {:.3}", self.mrr)?;
        for (expected, found) in &self.misses {
            writeln!(f, "  miss: {expected} ranked below {}", found.join(", "))?;
        }
        Ok(())
    }
}

/// Scores similar-case search on a labelled set.
pub fn evaluate(set: &CaseEvalSet) -> CaseEvalReport {
    let cases: Vec<Prepared> = set
        .cases
        .iter()
        .map(|c| Prepared::new(c.signature.clone()))
        .collect();
    let (mut top1, mut top3, mut rr) = (0usize, 0usize, 0.0f64);
    let mut misses = Vec::new();
    for q in &set.queries {
        let query = Prepared::new(q.signature.clone());
        let found = rank(&query, &cases, 10, 0.0);
        let keys: Vec<&str> = found
            .iter()
            .map(|m| set.cases[m.index].key.as_str())
            .collect();
        match keys.iter().position(|k| *k == q.expected) {
            Some(pos) => {
                rr += 1.0 / (pos + 1) as f64;
                top1 += usize::from(pos == 0);
                top3 += usize::from(pos < 3);
                if pos >= 3 {
                    misses.push((q.expected.clone(), keys_of(&keys)));
                }
            }
            None => misses.push((q.expected.clone(), keys_of(&keys))),
        }
    }
    let n = set.queries.len().max(1) as f64;
    CaseEvalReport {
        queries: set.queries.len(),
        cases: set.cases.len(),
        top1: top1 as f64 / n,
        top3: top3 as f64 / n,
        mrr: rr / n,
        misses,
    }
}

fn keys_of(keys: &[&str]) -> Vec<String> {
    keys.iter().take(3).map(|k| (*k).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(intent: &str, code: &str, phash: Option<u64>, text: &str) -> Prepared {
        Prepared::new(CaseSignature {
            intents: vec![intent.into()],
            error_codes: if code.is_empty() {
                vec![]
            } else {
                vec![code.into()]
            },
            products: vec![],
            phashes: phash.into_iter().collect(),
            text: text.into(),
        })
    }

    #[test]
    fn the_same_error_code_outranks_similar_words() {
        let query = sig("card_invalid", "0x80070005", None, "激活失败 提示错误");
        let cases = [
            sig("card_invalid", "", None, "激活失败 提示错误 请重试"),
            sig("card_invalid", "0x80070005", None, "windows 激活 报错"),
        ];
        let ranked = rank(&query, &cases, 3, 0.0);
        assert_eq!(ranked[0].index, 1, "{ranked:?}");
        assert_eq!(ranked[0].parts.error_code, Some(1.0));
    }

    #[test]
    fn a_near_identical_picture_is_found_without_text() {
        let query = sig("recharge_failed", "", Some(0xF0F0_F0F0_0000_FFFF), "");
        let cases = [
            sig(
                "recharge_failed",
                "",
                Some(0x0F0F_0F0F_FFFF_0000),
                "充值失败",
            ),
            sig(
                "recharge_failed",
                "",
                Some(0xF0F0_F0F0_0000_FFFE),
                "充值失败 余额",
            ),
        ];
        let ranked = rank(&query, &cases, 1, 0.0);
        assert_eq!(ranked[0].index, 1);
        assert!(ranked[0].parts.picture.is_some_and(|p| p > 0.9));
    }

    #[test]
    fn unrelated_problems_score_low_and_are_cut_by_the_minimum() {
        let query = sig("refund_request", "", None, "买错了想退款");
        let cases = [sig("usage_help", "E1001", Some(1), "steam 怎么兑换")];
        assert!(rank(&query, &cases, 3, 0.3).is_empty());
        let (score, _) = similarity(&query, &cases[0]);
        assert!(score < 0.1, "{score}");
    }

    #[test]
    fn scores_stay_between_zero_and_one() {
        let a = sig("card_invalid", "E1", Some(7), "卡密无效 invalid code");
        let (score, _) = similarity(&a, &a.clone());
        assert!((0.99..=1.0).contains(&score), "{score}");
    }

    #[test]
    fn tags_are_proposed_from_the_taxonomy_only() {
        let taxonomy: Vec<String> = ["系统错误", "支付故障", "充值延迟"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let tags = propose_tags(
            &["recharge_failed".into(), "account_issue".into()],
            false,
            &["payment_receipt".into()],
            &taxonomy,
        );
        // 账号问题 was removed from the taxonomy by an admin: not proposed.
        assert_eq!(tags, vec!["支付故障".to_string(), "充值延迟".to_string()]);
        assert_eq!(propose_tags(&[], true, &[], &taxonomy), vec!["系统错误"]);
        assert!(propose_tags(&["greeting".into()], false, &[], &taxonomy).is_empty());
    }

    #[test]
    fn evaluation_counts_top_three() {
        let set = CaseEvalSet {
            cases: vec![
                LabelledCase {
                    key: "a".into(),
                    signature: sig("card_invalid", "E1", None, "code invalid").signature,
                },
                LabelledCase {
                    key: "b".into(),
                    signature: sig("refund_request", "", None, "refund please").signature,
                },
            ],
            queries: vec![LabelledQuery {
                expected: "b".into(),
                signature: sig("refund_request", "", None, "I want a refund").signature,
            }],
        };
        let r = evaluate(&set);
        assert_eq!((r.top1, r.top3), (1.0, 1.0));
    }
}
