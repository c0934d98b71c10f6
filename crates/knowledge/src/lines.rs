//! Articles as JSON lines, one [`ArticleDraft`] per line: the import and
//! export format, and the demo shop's articles.

use kadesk_domain::ArticleDraft;

use crate::validate::validate;

/// The demo shop's articles (星河数卡): redeeming Steam, App Store and
/// membership cards, the shop's error codes, delivery, orders, payment and
/// refunds, in Chinese and some in English.
const DEMO: &str = include_str!("../data/demo.jsonl");

/// A line of an import that was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LineError {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// Reads JSON lines of articles, each validated. Blank lines are skipped; a
/// bad line is reported with its number and the others are still read.
pub fn from_json_lines(text: &str) -> (Vec<ArticleDraft>, Vec<LineError>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<ArticleDraft>(line)
            .map_err(|e| e.to_string())
            .and_then(|d| validate(&d).map_err(|e| e.to_string()));
        match parsed {
            Ok(draft) => ok.push(draft),
            Err(message) => bad.push(LineError {
                line: i + 1,
                message,
            }),
        }
    }
    (ok, bad)
}

/// One article as a JSON line (no newline).
pub fn to_json_line(draft: &ArticleDraft) -> String {
    serde_json::to_string(draft).unwrap_or_default()
}

/// The demo shop's articles.
pub fn demo_articles() -> Vec<ArticleDraft> {
    from_json_lines(DEMO).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_article_is_valid() {
        let (ok, bad) = from_json_lines(DEMO);
        assert!(bad.is_empty(), "{bad:?}");
        assert!(ok.len() >= 20);
        assert!(ok.iter().all(|a| a.body.chars().count() <= 2000));
    }

    #[test]
    fn a_bad_line_is_reported_and_the_rest_kept() {
        let text =
            "{\"title\":\"a\",\"body\":\"b\"}\n\n{\"title\":\"\",\"body\":\"b\"}\nnot json\n";
        let (ok, bad) = from_json_lines(text);
        assert_eq!(ok.len(), 1);
        assert_eq!(bad.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
        assert!(bad[0].message.contains("title"), "{}", bad[0].message);
    }

    #[test]
    fn lines_round_trip() {
        let demo = demo_articles();
        let text: String = demo.iter().map(|d| to_json_line(d) + "\n").collect();
        assert_eq!(from_json_lines(&text).0, demo);
    }
}
