//! The shop's catalogue and fuzzy product matching.

use std::collections::HashSet;

use crate::text::fold;

use super::*;

/// A product of the shop, with the names buyers use for it.
#[derive(Debug, Clone)]
pub(crate) struct CatalogueEntry {
    name: String,
    /// Normalised search terms (name and aliases): folded, lower case, no
    /// whitespace.
    terms: Vec<Vec<char>>,
}

/// The shop's catalogue for fuzzy product matching. Build it once when the
/// catalogue changes and pass it to every parse.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    entries: Vec<CatalogueEntry>,
}

pub(crate) fn search_form(s: &str) -> Vec<char> {
    fold(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

impl Catalogue {
    /// An empty catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// A catalogue from product names, without aliases.
    pub fn from_names<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut c = Catalogue::new();
        for n in names {
            c.add(n.as_ref(), &[]);
        }
        c
    }

    /// Adds a product by its display name and other names buyers use
    /// (`"王者荣耀点券"`, aliases `["王者点券", "农药点券"]`).
    pub fn add(&mut self, name: &str, aliases: &[&str]) {
        let mut terms: Vec<Vec<char>> = std::iter::once(name)
            .chain(aliases.iter().copied())
            .map(search_form)
            .filter(|t| !t.is_empty())
            .collect();
        terms.dedup();
        self.entries.push(CatalogueEntry {
            name: name.to_string(),
            terms,
        });
    }

    /// Number of products.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no products.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Length of the longest common subsequence of two char slices.
pub(crate) fn lcs(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &ca in a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Longest message (non-space chars) searched fuzzily; longer messages get
/// exact product matches only, so that parse time stays linear.
pub(crate) const FUZZY_MAX_CHARS: usize = 400;

/// Minimum similarity for a fuzzy product match.
pub(crate) const PRODUCT_MIN_SIMILARITY: f32 = 0.75;

/// Fuzzy product matching: exact (case-, width- and space-insensitive)
/// occurrences of a name or alias first; for terms of four or more chars
/// also windows whose common-subsequence similarity
/// `2·lcs / (|window| + |term|)` reaches 0.75, which catches dropped or
/// mistyped characters ("王者点卷" for "王者荣耀点券"). Messages longer than
/// [`FUZZY_MAX_CHARS`] get exact matches only.
pub(crate) fn products(text: &str, catalogue: &Catalogue, found: &mut Found) {
    // Compact, lower-cased message with the byte span of each char.
    let mut chars: Vec<char> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let mut lower = c.to_lowercase();
        let l = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        };
        chars.push(l);
        spans.push((i, i + c.len_utf8()));
    }
    if chars.is_empty() {
        return;
    }
    let present: HashSet<char> = chars.iter().copied().collect();
    // (score, length, start, end, entry) candidates.
    let mut candidates: Vec<(f32, usize, usize, usize, usize)> = Vec::new();
    for (idx, entry) in catalogue.entries.iter().enumerate() {
        for term in &entry.terms {
            let l = term.len();
            let shared = term.iter().filter(|c| present.contains(c)).count();
            if shared * 10 < l * 6 || shared < 2 {
                continue;
            }
            // (similarity, start, end)
            let mut best: Option<(f32, usize, usize)> = None;
            // Exact.
            if l <= chars.len() {
                if let Some(pos) = chars.windows(l).position(|w| w == term.as_slice()) {
                    best = Some((1.0, pos, pos + l));
                }
            }
            if best.is_none() && l >= 4 && chars.len() <= FUZZY_MAX_CHARS {
                // Among windows similar enough, the one sharing most chars
                // with the term, then the one closest to its length.
                let mut rank: Option<(usize, usize)> = None;
                let lo = l.saturating_sub(2).max(3);
                let hi = (l + 2).min(chars.len());
                for w in lo..=hi {
                    for start in 0..=chars.len().saturating_sub(w) {
                        let window = &chars[start..start + w];
                        let common = lcs(window, term);
                        let sim = 2.0 * common as f32 / (w + l) as f32;
                        if sim < PRODUCT_MIN_SIMILARITY {
                            continue;
                        }
                        let r = (common, usize::MAX - w.abs_diff(l));
                        if rank.is_none_or(|best_r| r > best_r) {
                            rank = Some(r);
                            best = Some((sim, start, start + w));
                        }
                    }
                }
            }
            // An ASCII term must not sit inside a longer ASCII word.
            if let Some((score, s, e)) = best {
                let ascii_edge = term.iter().all(char::is_ascii)
                    && (s > 0 && chars[s - 1].is_ascii_alphanumeric()
                        || e < chars.len() && chars[e].is_ascii_alphanumeric());
                if !ascii_edge {
                    candidates.push((score, e - s, s, e, idx));
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    for (_, _, s, e, idx) in candidates {
        let (start, end) = (spans[s].0, spans[e - 1].1);
        found.push(
            start,
            end,
            EntityKind::Product,
            catalogue.entries[idx].name.clone(),
        );
    }
}
