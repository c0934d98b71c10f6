//! Text helpers: normalising OCR text and the compact keys labels are
//! matched on.

/// Full-width forms to ASCII, Chinese punctuation to its ASCII cousin.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
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
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
