//! The live knowledge base: the search index of the stored articles, built
//! when first needed (or warmed up at start) and rebuilt after every change,
//! off the async runtime, then swapped in behind an `Arc` so searches never
//! wait for a rebuild.

use std::sync::{Arc, OnceLock, RwLock};
use std::time::Instant;

use kadesk_knowledge::{Analyzer, ArticleLanguage, Hit, KnowledgeIndex};
use kadesk_store::Store;

use crate::{DeskError, DeskResult};

/// The knowledge service: the index in use and how to rebuild it.
#[derive(Default)]
pub struct KnowledgeService {
    /// jieba and the synonym tables, loaded once and shared by every build.
    analyzer: OnceLock<Arc<Analyzer>>,
    /// The index in use; `None` until first built.
    current: RwLock<Option<Arc<KnowledgeIndex>>>,
    /// One rebuild at a time; each reads the store afresh, so the last one
    /// sees every change.
    building: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for KnowledgeService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeService").finish_non_exhaustive()
    }
}

impl KnowledgeService {
    fn loaded(&self) -> Option<Arc<KnowledgeIndex>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The index in use, built from the store if there is none yet.
    pub async fn index(&self, store: &Store) -> DeskResult<Arc<KnowledgeIndex>> {
        match self.loaded() {
            Some(index) => Ok(index),
            None => self.rebuild(store).await,
        }
    }

    /// Builds a new index from every stored article and swaps it in.
    pub async fn rebuild(&self, store: &Store) -> DeskResult<Arc<KnowledgeIndex>> {
        let _one = self.building.lock().await;
        let articles = store.all_articles().await?;
        let analyzer = self.analyzer.get().cloned();
        let started = Instant::now();
        let (index, analyzer) = tokio::task::spawn_blocking(move || {
            let analyzer = analyzer.unwrap_or_else(|| Arc::new(Analyzer::new()));
            KnowledgeIndex::build(&articles, analyzer.clone()).map(|i| (i, analyzer))
        })
        .await
        .map_err(DeskError::internal)?
        .map_err(DeskError::internal)?;
        let _ = self.analyzer.set(analyzer);
        let index = Arc::new(index);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(index.clone());
        tracing::info!(
            articles = index.len(),
            ms = started.elapsed().as_millis() as u64,
            "knowledge index built"
        );
        Ok(index)
    }

    /// Ranked articles for a question (see [`KnowledgeIndex::search`]).
    pub async fn search(
        &self,
        store: &Store,
        query: &str,
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> DeskResult<Vec<Hit>> {
        let index = self.index(store).await?;
        index
            .search(query, language, limit)
            .map_err(DeskError::internal)
    }
}

/// Longest article text the bot sends (a chat message, not a manual).
pub const MAX_ANSWER_CHARS: usize = 2_000;

/// The bot's answer to a knowledge search: the best article in the buyer's
/// language (or one for any language) when the index is sure enough,
/// otherwise nothing.
pub fn bot_answer(
    index: &KnowledgeIndex,
    query: &str,
    lang: kadesk_bot::Lang,
) -> kadesk_bot::Event {
    let language = match lang {
        kadesk_bot::Lang::Zh => ArticleLanguage::Zh,
        kadesk_bot::Lang::En => ArticleLanguage::En,
    };
    let best = match index.best_answer(query, Some(language)) {
        Ok(best) => best,
        Err(e) => {
            tracing::warn!(error = %e, "knowledge search failed");
            None
        }
    };
    match best.and_then(|hit| index.article(hit.id)) {
        Some(article) => kadesk_bot::Event::KnowledgeAnswer {
            title: article.title.clone(),
            answer: shortened(
                &article.body,
                MAX_ANSWER_CHARS.saturating_sub(article.title.chars().count() + 4),
            ),
        },
        None => kadesk_bot::Event::KnowledgeNone,
    }
}

/// `text` cut to at most `max` characters, at a line end when one is near,
/// with "…" when something was cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_line = cut
        .rfind('\n')
        .filter(|i| cut[..*i].chars().count() * 5 >= max * 4);
    let kept = match at_line {
        Some(i) => &cut[..i],
        None => &cut,
    };
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn long_articles_are_cut_near_a_line_end() {
        assert_eq!(shortened("short", 10), "short");
        let text = format!("{}\n{}", "a".repeat(90), "b".repeat(50));
        let cut = shortened(&text, 100);
        assert_eq!(cut, format!("{}…", "a".repeat(90)));
        let cut = shortened(&"长".repeat(300), 100);
        assert_eq!(cut.chars().count(), 100);
        assert!(cut.ends_with('…'));
    }
}
