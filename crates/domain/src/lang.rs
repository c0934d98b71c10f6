//! The two languages kadesk speaks to buyers, parsed once from a language
//! tag (`zh-CN`, `en`, `en-US` …) where it enters: the widget's session,
//! a contact's stored language.

use serde::{Deserialize, Serialize};

/// A buyer's language: English for any `en…` tag, Chinese otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese (`zh-CN`), the default.
    #[default]
    Zh,
    /// English (`en`).
    En,
}

impl Lang {
    /// The language of a tag: `en…` (any case) is English, everything else
    /// (`zh-CN`, `zh`, nothing) Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The tag stored for a contact: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Whether this is Chinese.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_parse_to_english_only_when_they_say_so() {
        for (tag, lang) in [
            ("zh-CN", Lang::Zh),
            ("zh", Lang::Zh),
            ("", Lang::Zh),
            ("en", Lang::En),
            ("EN-us", Lang::En),
            (" en", Lang::En),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
        }
        assert_eq!(Lang::from_tag(Lang::En.tag()), Lang::En);
        assert_eq!(Lang::from_tag(Lang::Zh.tag()), Lang::Zh);
    }
}
