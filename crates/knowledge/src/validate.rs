//! What an article may hold. Checked before storing, by the API and the
//! import command alike, so a bad article never reaches the index.

use kadesk_domain::ArticleDraft;

/// Size limits of an article.
#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    pub const TITLE_CHARS: usize = 200;
    pub const BODY_CHARS: usize = 20_000;
    /// Tags, error codes and products each.
    pub const LIST_ITEMS: usize = 20;
    pub const ITEM_CHARS: usize = 60;
}

/// A field of an article that is not acceptable, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    /// The JSON name of the field.
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        field,
        message: message.into(),
    }
}

/// Checks an article and returns it tidied: title and list items trimmed,
/// empty and repeated list items dropped.
pub fn validate(draft: &ArticleDraft) -> Result<ArticleDraft, Invalid> {
    let title = draft.title.trim().to_owned();
    if title.is_empty() {
        return Err(invalid("title", "must not be empty"));
    }
    if title.chars().count() > Limits::TITLE_CHARS {
        return Err(invalid(
            "title",
            format!("is longer than {} characters", Limits::TITLE_CHARS),
        ));
    }
    let body = draft.body.trim().to_owned();
    if body.is_empty() {
        return Err(invalid("body", "must not be empty"));
    }
    let body_chars = body.chars().count();
    if body_chars > Limits::BODY_CHARS {
        return Err(invalid(
            "body",
            format!(
                "has {body_chars} characters; the limit is {}",
                Limits::BODY_CHARS
            ),
        ));
    }
    let list = |field: &'static str, items: &[String]| -> Result<Vec<String>, Invalid> {
        let mut out: Vec<String> = Vec::new();
        for item in items {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            if item.chars().count() > Limits::ITEM_CHARS {
                return Err(invalid(
                    field,
                    format!("{item:?} is longer than {} characters", Limits::ITEM_CHARS),
                ));
            }
            if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
                out.push(item.to_owned());
            }
        }
        if out.len() > Limits::LIST_ITEMS {
            return Err(invalid(
                field,
                format!(
                    "has {} items; the limit is {}",
                    out.len(),
                    Limits::LIST_ITEMS
                ),
            ));
        }
        Ok(out)
    };
    let error_codes = list("error_codes", &draft.error_codes)?;
    if let Some(bad) = error_codes.iter().find(|c| {
        !c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
    }) {
        return Err(invalid(
            "error_codes",
            format!("{bad:?} may hold only letters, digits, '_' and '-'"),
        ));
    }
    Ok(ArticleDraft {
        title,
        body,
        tags: list("tags", &draft.tags)?,
        error_codes,
        products: list("products", &draft.products)?,
        language: draft.language,
        enabled: draft.enabled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kadesk_domain::ArticleLanguage;

    fn draft() -> ArticleDraft {
        ArticleDraft {
            title: " Steam 充值卡怎么兑换 ".into(),
            body: "打开 Steam".into(),
            tags: vec!["steam".into(), "".into(), "Steam".into()],
            error_codes: vec!["E1001".into()],
            products: vec![],
            language: ArticleLanguage::Zh,
            enabled: true,
        }
    }

    #[test]
    fn a_good_article_is_tidied() {
        let ok = validate(&draft()).expect("valid");
        assert_eq!(ok.title, "Steam 充值卡怎么兑换");
        assert_eq!(ok.tags, vec!["steam".to_owned()]);
    }

    #[test]
    fn each_problem_names_its_field() {
        type Change = Box<dyn Fn(&mut ArticleDraft)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|d| d.title = "  ".into()), "title"),
            (Box::new(|d| d.title = "长".repeat(201)), "title"),
            (Box::new(|d| d.body = String::new()), "body"),
            (Box::new(|d| d.body = "x".repeat(20_001)), "body"),
            (
                Box::new(|d| d.tags = (0..21).map(|i| format!("t{i}")).collect()),
                "tags",
            ),
            (
                Box::new(|d| d.error_codes = vec!["E 1001".into()]),
                "error_codes",
            ),
            (Box::new(|d| d.products = vec!["p".repeat(61)]), "products"),
        ];
        for (change, field) in cases {
            let mut d = draft();
            change(&mut d);
            assert_eq!(validate(&d).expect_err("invalid").field, field);
        }
    }
}
