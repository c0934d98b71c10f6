//! The knowledge base: articles an admin writes (how to redeem a card, what
//! an error code means, the shop's policies) and the search that lets the bot
//! answer buyers from them.
//!
//! - [`analyze`] turns text into terms: jieba for Chinese, width and case
//!   folded, typos fixed, synonyms (卡密 / 兑换码 / 激活码) met.
//! - [`KnowledgeIndex`] is built whole, in memory, from a list of articles
//!   (tantivy in RAM): [`KnowledgeIndex::search`] ranks,
//!   [`KnowledgeIndex::best_answer`] answers only when sure. Rebuilding is
//!   cheap (about a second for a thousand articles), so the owner builds a
//!   new index after each change and swaps an `Arc`.
//! - [`validate`] checks what an editor wrote before it is stored.
//! - [`cases`] scores how alike two problems are (error code, picture hash,
//!   text, intent + product) for the similar cases shown beside a
//!   conversation, and measures that search on a labelled set.
//!
//! Pure apart from the in-memory index: no database, no network, no async.
//! Cases learned from solved conversations and frequent-problem mining will
//! feed the same index as further article sources.

pub mod analyze;
pub mod bench;
pub mod cases;
pub mod embed;
mod eval;
mod index;
mod lines;
mod semantic;
mod validate;

pub use analyze::Analyzer;
pub use eval::{evaluate, numbered, parse_eval, EvalCase, EvalReport};
pub use index::{Fusion, Hit, KnowledgeIndex, ANSWER_THRESHOLD};
pub use kadesk_domain::{Article, ArticleDraft, ArticleLanguage};
pub use lines::{demo_articles, from_json_lines, to_json_line, LineError};
pub use semantic::{passages, EmbeddingCache, Quantized};
pub use validate::{validate, Invalid, Limits};

/// The index could not be built or searched.
#[derive(Debug, thiserror::Error)]
#[error("knowledge index: {0}")]
pub struct KnowledgeError(#[from] tantivy::TantivyError);
