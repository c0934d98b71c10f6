//! Measuring retrieval on a labelled question set: one JSON object a line,
//! `{"q": "…", "lang": "zh"|"en", "expect": ["article title", …]}`, where
//! `expect` lists the titles that count as right (empty: an unrelated
//! question that must get no answer).

use kadesk_domain::{Article, ArticleDraft, ArticleLanguage};

use crate::{KnowledgeError, KnowledgeIndex};

/// One labelled question.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct EvalCase {
    pub q: String,
    pub lang: String,
    #[serde(default)]
    pub expect: Vec<String>,
}

/// The questions of a set; a malformed line is an error naming it.
pub fn parse_eval(text: &str) -> Result<Vec<EvalCase>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// What a set measured.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct EvalReport {
    /// Questions with a right article.
    pub related: usize,
    /// … whose first-ranked article is right.
    pub ranked_first: usize,
    /// … the bot answered with a right article.
    pub answered_right: usize,
    /// … the bot answered with a wrong article.
    pub answered_wrong: usize,
    /// Questions no article answers.
    pub unrelated: usize,
    /// … the bot answered anyway.
    pub unrelated_answered: usize,
    /// The questions that went wrong: (question, what was answered or "—").
    pub misses: Vec<(String, String)>,
}

impl EvalReport {
    /// Share of related questions answered with a right article.
    pub fn top1(&self) -> f64 {
        ratio(self.answered_right, self.related)
    }

    /// Share of related questions whose first-ranked article is right.
    pub fn ranked_first_rate(&self) -> f64 {
        ratio(self.ranked_first, self.related)
    }

    /// Share of unrelated questions that got an answer.
    pub fn unrelated_answered_rate(&self) -> f64 {
        ratio(self.unrelated_answered, self.unrelated)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Runs every question through the index the way the bot does
/// ([`KnowledgeIndex::best_answer`] in the question's language).
pub fn evaluate(index: &KnowledgeIndex, cases: &[EvalCase]) -> Result<EvalReport, KnowledgeError> {
    let mut r = EvalReport::default();
    for case in cases {
        let language = match case.lang.as_str() {
            "en" => ArticleLanguage::En,
            _ => ArticleLanguage::Zh,
        };
        let answer = index.best_answer(&case.q, Some(language))?;
        let answered = answer.as_ref().map(|h| h.title.clone());
        if case.expect.is_empty() {
            r.unrelated += 1;
            if let Some(title) = answered {
                r.unrelated_answered += 1;
                r.misses.push((case.q.clone(), title));
            }
            continue;
        }
        r.related += 1;
        let first = index.search(&case.q, Some(language), 1)?;
        if first
            .first()
            .is_some_and(|h| case.expect.contains(&h.title))
        {
            r.ranked_first += 1;
        }
        match answered {
            Some(title) if case.expect.contains(&title) => r.answered_right += 1,
            Some(title) => {
                r.answered_wrong += 1;
                r.misses.push((case.q.clone(), title));
            }
            None => r.misses.push((case.q.clone(), "—".to_owned())),
        }
    }
    Ok(r)
}

/// Drafts as articles numbered from 1 (for evaluation and benchmarks, where
/// nothing is stored).
pub fn numbered(drafts: Vec<ArticleDraft>) -> Vec<Article> {
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| Article {
            id: i as i64 + 1,
            title: d.title,
            body: d.body,
            tags: d.tags,
            error_codes: d.error_codes,
            products: d.products,
            language: d.language,
            enabled: d.enabled,
            created_at: 0,
            updated_at: 0,
        })
        .collect()
}
