//! Sparse features for the linear models.
//!
//! A message becomes a set of hashed features, each worth `1/sqrt(n)` so that
//! the vector has unit length:
//! * character n-grams (n = 1..=3) of the feature text, with start and end
//!   markers — robust to typos, unsegmented Chinese and unseen wordings;
//! * jieba words and word bigrams — the meaning of multi-character words;
//! * concepts (see [`crate::concepts`]) and ordered pairs of concepts —
//!   what paraphrases and translations have in common.
//!
//! The feature text is the canonical text (see [`crate::text`]) with
//! identifiers replaced by one placeholder char per kind (an order number is
//! "an order number", whatever its digits) and every other digit run
//! collapsed to `0`.

use crate::entities::{Entity, EntityKind};

/// Start and end markers for character n-grams.
const BOS: char = '\u{2}';
const EOS: char = '\u{3}';

/// The placeholder char that stands for an identifier of `kind` in feature
/// text, or `None` for kinds that stay as written (products, platforms).
pub(crate) fn placeholder(kind: EntityKind) -> Option<char> {
    let offset = match kind {
        EntityKind::OrderNo => 0,
        EntityKind::TradeNo => 1,
        EntityKind::Email => 2,
        EntityKind::Phone => 3,
        EntityKind::Qq => 4,
        EntityKind::Amount => 5,
        EntityKind::ErrorCode => 6,
        EntityKind::CardKey => 7,
        EntityKind::Product | EntityKind::Platform => return None,
    };
    char::from_u32(0xE000 + offset)
}

/// `folded` with identifier entities (char offsets) replaced by placeholders.
pub(crate) fn with_placeholders(folded: &str, entities: &[Entity]) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut ents = entities
        .iter()
        .filter_map(|e| placeholder(e.kind).map(|p| (e.start, e.end, p)))
        .peekable();
    for (i, c) in folded.chars().enumerate() {
        while ents.peek().is_some_and(|&(_, end, _)| end <= i) {
            ents.next();
        }
        match ents.peek() {
            Some(&(start, _, p)) if start == i => out.push(p),
            Some(&(start, end, _)) if start < i && i < end => {}
            _ => out.push(c),
        }
    }
    out
}

/// Collapses every run of ASCII digits to a single `0`.
pub(crate) fn collapse_digits(canonical: &str) -> String {
    let mut out = String::with_capacity(canonical.len());
    let mut in_digits = false;
    for c in canonical.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[inline]
fn finish(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

fn hash_str(seed: u64, s: &str) -> u64 {
    s.chars().fold(seed, |h, c| mix(h, c as u64))
}

const SEED_WORD: u64 = 0x100;
const SEED_BIGRAM: u64 = 0x200;

const SEED_CONCEPT: u64 = 0x300;
const SEED_CONCEPT_PAIR: u64 = 0x400;

/// Appends the hashed features of one message to `out` (sorted, unique).
pub(crate) fn extract(feature_text: &str, words: &[&str], concepts: &[u16], out: &mut Vec<u64>) {
    out.clear();
    let mut chars: Vec<char> = Vec::with_capacity(feature_text.len() + 2);
    chars.push(BOS);
    chars.extend(feature_text.chars());
    chars.push(EOS);
    for i in 0..chars.len() {
        let mut h = 0u64;
        for n in 1..=3 {
            let Some(&c) = chars.get(i + n - 1) else {
                break;
            };
            h = mix(h, c as u64);
            if n == 1 && (c == BOS || c == EOS || c == ' ') {
                continue;
            }
            out.push(finish(mix(h, n as u64)));
        }
    }
    let mut prev: Option<u64> = None;
    for w in words {
        if w.chars().all(|c| c.is_whitespace()) {
            continue;
        }
        let hw = hash_str(SEED_WORD, w);
        out.push(finish(hw));
        if let Some(p) = prev {
            out.push(finish(mix(mix(SEED_BIGRAM, p), hw)));
        }
        prev = Some(hw);
    }
    // Concepts, and ordered pairs of them (paid … not received).
    let concepts = &concepts[..concepts.len().min(12)];
    for (i, &a) in concepts.iter().enumerate() {
        out.push(finish(mix(SEED_CONCEPT, u64::from(a))));
        for &b in &concepts[i + 1..] {
            if a != b {
                out.push(finish(mix(
                    mix(SEED_CONCEPT_PAIR, u64::from(a)),
                    u64::from(b),
                )));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_become_placeholders() {
        let e = Entity {
            kind: EntityKind::OrderNo,
            value: "D1".into(),
            start: 2,
            end: 4,
        };
        assert_eq!(with_placeholders("订单D1没到", &[e]), "订单\u{E000}没到");
    }

    #[test]
    fn digit_runs_collapse() {
        assert_eq!(collapse_digits("充了100点券 2次"), "充了0点券 0次");
    }

    #[test]
    fn same_text_gives_same_features() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        extract("卡密没收到", &["卡密", "没收到"], &[], &mut a);
        extract("卡密没收到", &["卡密", "没收到"], &[], &mut b);
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        // 5 unigrams + 6 bigrams + 5 trigrams (with markers) + 2 words + 1 bigram.
        assert_eq!(a.len(), 19);
    }
}
