//! A SentencePiece unigram tokenizer in plain Rust, enough for the encoder's
//! `sp.model`: the `nmt_nfkc` normalizer from the model's precompiled
//! character map (a darts-clone double-array trie walked like
//! SentencePiece's `Normalizer::NormalizePrefix`), whitespace handling
//! (dummy prefix, `▁` for spaces, extra spaces removed) and the unigram
//! Viterbi segmentation. Checked against the reference tokenizer's ids in
//! the tests.

use std::collections::HashMap;

use super::EmbedError;

const UNK: u32 = 0;
const BOS: u32 = 1;
const EOS: u32 = 2;
/// In the prefix table: a prefix of some piece, not a piece itself.
const PREFIX_ONLY: u32 = u32::MAX;
const SPACE: &[u8] = "\u{2581}".as_bytes();

/// FNV-1a over bytes, extended one byte at a time while walking a position.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv_extend(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The tokenizer: pieces with their scores and the normalizer.
pub struct SentencePiece {
    scores: Vec<f32>,
    /// Hash of a piece (or of a prefix of one) → piece id, or [`PREFIX_ONLY`].
    /// Hashes instead of strings keep the 128k-piece table near 10 MB.
    prefixes: HashMap<u64, u32>,
    /// Longest piece, in characters.
    max_chars: usize,
    unk_score: f32,
    normalizer: Normalizer,
}

impl std::fmt::Debug for SentencePiece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentencePiece")
            .field("pieces", &self.scores.len())
            .finish_non_exhaustive()
    }
}

/// One protobuf field: number and either a varint or a byte range.
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed32([u8; 4]),
}

fn read_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*pos)?;
        *pos += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// The fields of one protobuf message, in order.
fn fields(data: &[u8]) -> Result<Vec<(u64, Field<'_>)>, EmbedError> {
    let bad = || EmbedError::Format("sp.model: malformed protobuf".into());
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let tag = read_varint(data, &mut pos).ok_or_else(bad)?;
        let number = tag >> 3;
        let field = match tag & 7 {
            0 => Field::Varint(read_varint(data, &mut pos).ok_or_else(bad)?),
            1 => {
                pos += 8;
                continue;
            }
            2 => {
                let len = read_varint(data, &mut pos).ok_or_else(bad)? as usize;
                let bytes = data.get(pos..pos + len).ok_or_else(bad)?;
                pos += len;
                Field::Bytes(bytes)
            }
            5 => {
                let b = data.get(pos..pos + 4).ok_or_else(bad)?;
                pos += 4;
                Field::Fixed32([b[0], b[1], b[2], b[3]])
            }
            _ => return Err(bad()),
        };
        out.push((number, field));
    }
    Ok(out)
}

impl SentencePiece {
    /// Reads a serialized `ModelProto`.
    pub fn from_bytes(data: &[u8]) -> Result<SentencePiece, EmbedError> {
        let mut scores = Vec::new();
        let mut prefixes: HashMap<u64, u32> = HashMap::new();
        let mut max_chars = 0;
        let mut charsmap: &[u8] = &[];
        for (number, field) in fields(data)? {
            match (number, field) {
                (1, Field::Bytes(piece_msg)) => {
                    let mut piece: &[u8] = &[];
                    let mut score = 0.0f32;
                    let mut kind = 1u64;
                    for (n, f) in fields(piece_msg)? {
                        match (n, f) {
                            (1, Field::Bytes(b)) => piece = b,
                            (2, Field::Fixed32(b)) => score = f32::from_le_bytes(b),
                            (3, Field::Varint(v)) => kind = v,
                            _ => {}
                        }
                    }
                    let id = scores.len() as u32;
                    scores.push(score);
                    // Unknown and control pieces (<unk>, <s>, </s>) are never
                    // matched in text.
                    if kind == 2 || kind == 3 {
                        continue;
                    }
                    let text = std::str::from_utf8(piece)
                        .map_err(|_| EmbedError::Format("sp.model: piece is not UTF-8".into()))?;
                    let mut hash = FNV_OFFSET;
                    let mut chars = 0;
                    for ch in text.chars() {
                        let mut buf = [0u8; 4];
                        hash = fnv_extend(hash, ch.encode_utf8(&mut buf).as_bytes());
                        chars += 1;
                        if chars < text.chars().count() {
                            prefixes.entry(hash).or_insert(PREFIX_ONLY);
                        }
                    }
                    if chars > 0 {
                        prefixes.insert(hash, id);
                    }
                    max_chars = max_chars.max(chars);
                }
                (3, Field::Bytes(normalizer_spec)) => {
                    for (n, f) in fields(normalizer_spec)? {
                        if let (2, Field::Bytes(b)) = (n, f) {
                            charsmap = b;
                        }
                    }
                }
                _ => {}
            }
        }
        if scores.len() <= EOS as usize {
            return Err(EmbedError::Format("sp.model: no pieces".into()));
        }
        let min = scores.iter().copied().fold(f32::INFINITY, f32::min);
        Ok(SentencePiece {
            scores,
            prefixes,
            max_chars,
            unk_score: min - 10.0,
            normalizer: Normalizer::new(charsmap)?,
        })
    }

    /// How many pieces the model has.
    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// The piece ids of `text`, between `<s>` and `</s>`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = Vec::with_capacity(normalized.len() / 2 + 3);
        ids.push(BOS);
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            self.viterbi(&normalized, &mut ids);
        }
        ids.push(EOS);
        ids
    }

    /// The unigram lattice's best path. Every node starting at a position
    /// shares the best node ending there (highest score, earliest start on
    /// ties), so one left-to-right pass over positions is the lattice.
    fn viterbi(&self, text: &str, ids: &mut Vec<u32>) {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let n = bounds.len() - 1;
        let mut best = vec![f32::MIN; n + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK; n + 1];
        let bytes = text.as_bytes();
        for i in 0..n {
            let base = best[i];
            let stop = (i + self.max_chars).min(n);
            let mut hash = FNV_OFFSET;
            let mut has_single = false;
            for j in i + 1..=stop {
                hash = fnv_extend(hash, &bytes[bounds[j - 1]..bounds[j]]);
                let Some(&v) = self.prefixes.get(&hash) else {
                    break;
                };
                if v == PREFIX_ONLY {
                    continue;
                }
                let score = base + self.scores[v as usize];
                if score > best[j] {
                    best[j] = score;
                    start_of[j] = i;
                    piece_of[j] = v;
                }
                if j == i + 1 {
                    has_single = true;
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let from = ids.len();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids[from..].reverse();
    }
}

/// The `nmt_nfkc` normalizer over the precompiled character map.
struct Normalizer {
    units: Vec<u32>,
    normalized: Vec<u8>,
}

fn offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
}

impl Normalizer {
    fn new(charsmap: &[u8]) -> Result<Normalizer, EmbedError> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                normalized: Vec::new(),
            });
        }
        let bad = || EmbedError::Format("sp.model: bad character map".into());
        let size = charsmap
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(bad)?;
        let trie = charsmap.get(4..4 + size).ok_or_else(bad)?;
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Normalizer {
            units,
            normalized: charsmap[4 + size..].to_vec(),
        })
    }

    /// The normalized form of the longest match at `data[pos..]` and how many
    /// bytes it consumed (one character copied when nothing matches).
    fn prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = offset(root);
            let mut i = pos;
            while i < data.len() {
                let c = data[i];
                node ^= usize::from(c);
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00ff != u32::from(c) {
                    break;
                }
                node ^= offset(unit);
                i += 1;
                if unit & 0x100 != 0 {
                    if let Some(&leaf) = self.units.get(node) {
                        best_len = i - pos;
                        best_value = (leaf & 0x7fff_ffff) as usize;
                    }
                }
            }
        }
        if best_len == 0 || best_value >= self.normalized.len() {
            let first = data[pos];
            let mut len = match first {
                b if b < 0x80 => 1,
                b if b >> 5 == 0x6 => 2,
                b if b >> 4 == 0xe => 3,
                b if b >> 3 == 0x1e => 4,
                _ => 1,
            };
            if (1..len).any(|k| data.get(pos + k).is_none_or(|b| b & 0xc0 != 0x80)) {
                len = 1;
            }
            return (&data[pos..pos + len], len);
        }
        let rest = &self.normalized[best_value..];
        let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
        (&rest[..end], best_len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let n = raw.len();
        let mut pos = 0;
        while pos < n {
            let (p, adv) = self.prefix(raw, pos);
            if p != b" " {
                break;
            }
            pos += adv;
        }
        if pos >= n {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(n + 8);
        out.extend_from_slice(SPACE);
        let mut prev_space = true;
        while pos < n {
            let (mut p, adv) = self.prefix(raw, pos);
            pos += adv;
            if prev_space {
                while let [b' ', rest @ ..] = p {
                    p = rest;
                }
            }
            if p.is_empty() {
                continue;
            }
            if p.contains(&b' ') {
                for &b in p {
                    if b == b' ' {
                        out.extend_from_slice(SPACE);
                    } else {
                        out.push(b);
                    }
                }
                prev_space = p.last() == Some(&b' ');
            } else {
                out.extend_from_slice(p);
                prev_space = false;
            }
        }
        while out.ends_with(SPACE) {
            out.truncate(out.len() - SPACE.len());
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}
