//! Small text helpers every crate that reads buyer text shares: width
//! folding and a stable hash. Written once here so the NLU, the vision
//! extraction and the bot fold and hash alike.

/// Full-width ASCII forms (`Ａ`, `１`, `：` …) to their ASCII letters, and
/// the ideographic space to a space; any other char is returned as it is.
#[inline]
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// FNV-1a, 64-bit: stable across builds and platforms, unlike std's hasher,
/// so stored fingerprints and A/B variant choices stay the same.
#[inline]
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_fold_to_ascii() {
        let folded: String = "ＡＢＣ１２３：　ｘ".chars().map(fold_width).collect();
        assert_eq!(folded, "ABC123: x");
        assert_eq!(fold_width('卡'), '卡');
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
