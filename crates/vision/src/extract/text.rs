//! Text helpers: normalising OCR text and the compact keys labels are
//! matched on.

/// Full-width forms to ASCII, Chinese punctuation to its ASCII cousin.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' | '\u{3000}' => kadesk_domain::text::fold_width(c),
            '￥' => '¥',
            '。' => '.',
            '【' => '[',
            '】' => ']',
            '—' | '–' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Normalised, lower-case, without whitespace: the form labels are matched in.
pub fn compact(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Levenshtein distance on chars (short strings only).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// One of the extraction's constant patterns, compiled.
#[allow(
    clippy::panic,
    reason = "the patterns are string constants in this crate, and the unit test \
              `every_constant_pattern_compiles` compiles each one"
)]
pub(crate) fn constant_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| panic!("pattern {pattern:?} is invalid: {e}"))
}
