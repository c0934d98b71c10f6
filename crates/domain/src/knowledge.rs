//! Knowledge-base articles: what an admin writes once and the bot answers
//! buyers with (how to redeem a card, what an error code means, the shop's
//! policies). The search index lives in `kadesk-knowledge`; the rows in the
//! store.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which buyers an article is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum ArticleLanguage {
    /// Chinese-speaking buyers.
    #[default]
    Zh,
    /// English-speaking buyers.
    En,
    /// Everybody (for example an article that is only an error-code table).
    Any,
}

wire_enum!(ArticleLanguage {
    Zh => "zh",
    En => "en",
    Any => "any",
});

/// What an editor writes: every field of an article but its id and times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleDraft {
    /// A short question or topic, e.g. 「Steam 充值卡怎么兑换」 (1–200
    /// characters, not all spaces).
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    /// The answer as plain text (short paragraphs, numbered steps; 1–20,000
    /// characters, not all spaces).
    #[schema(min_length = 1, max_length = 20000, pattern = "\\S")]
    pub body: String,
    /// At most 20, each at most 60 characters.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub tags: Vec<String>,
    /// Error codes the article explains, matched exactly and case-insensitively
    /// (`E1001`, `0x80070005`, `ERR_CARD_USED`): letters, digits, `_` and `-`;
    /// at most 20, each at most 60 characters.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub error_codes: Vec<String>,
    /// Names of the products it applies to (empty: every product); at most
    /// 20, each at most 60 characters.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub products: Vec<String>,
    #[serde(default)]
    pub language: ArticleLanguage,
    /// Disabled articles are kept but never searched or answered.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// A stored article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Article {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub error_codes: Vec<String>,
    pub products: Vec<String>,
    pub language: ArticleLanguage,
    pub enabled: bool,
    pub created_at: crate::Millis,
    pub updated_at: crate::Millis,
}

impl Article {
    /// The editable part of the article.
    pub fn draft(&self) -> ArticleDraft {
        ArticleDraft {
            title: self.title.clone(),
            body: self.body.clone(),
            tags: self.tags.clone(),
            error_codes: self.error_codes.clone(),
            products: self.products.clone(),
            language: self.language,
            enabled: self.enabled,
        }
    }
}
