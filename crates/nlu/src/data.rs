//! Labelled examples: the built-in training file, operators' extra files and
//! held-out test files share one tab-separated format.
//!
//! ```text
//! # comment
//! intent <TAB> sentiment <TAB> order_no <TAB> text
//! intent <TAB> text
//! ```
//!
//! * `intent`: a built-in intent or a custom one: lower-case ASCII letters,
//!   digits and `_`, starting with a letter, at most 64 chars.
//! * `sentiment`: `negative`, `neutral`, `positive`, or `-` when unlabelled.
//! * `order_no`: the order numbers written in the text, comma-separated, as
//!   the extractor should return them (width-folded, case kept), or `-`.
//! * `text`: the buyer's message, the rest of the line.
//!
//! Blank lines and lines starting with `#` are ignored. The two-column form
//! is for operators who only label intents.

use std::fmt;

use crate::sentiment::SentimentLabel;

/// The built-in training examples (`data/train.tsv`).
pub const BUILTIN_TRAINING: &str = include_str!("../data/train.tsv");

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Expected intent.
    pub intent: String,
    /// The message.
    pub text: String,
    /// Expected sentiment, when labelled.
    pub sentiment: Option<SentimentLabel>,
    /// Expected order numbers, when labelled (empty: "there is none").
    pub order_nos: Option<Vec<String>>,
}

/// A problem in an examples file, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for DataError {}

/// Whether `name` is a valid intent name.
pub fn valid_intent_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Parses one file of examples.
pub fn parse_examples(contents: &str) -> Result<Vec<Example>, DataError> {
    let mut out = Vec::new();
    for (i, raw) in contents.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let err = |message: String| DataError { line, message };
        let cols: Vec<&str> = raw.splitn(4, '\t').collect();
        let (intent, sentiment, orders, text) = match cols.as_slice() {
            [intent, text] => (*intent, None, None, *text),
            [intent, sentiment, orders, text] => (*intent, Some(*sentiment), Some(*orders), *text),
            _ => {
                return Err(err(format!(
                    "expected 2 columns (intent, text) or 4 (intent, sentiment, order_no, text) separated by tabs, found {}",
                    cols.len()
                )))
            }
        };
        let intent = intent.trim();
        if !valid_intent_name(intent) {
            return Err(err(format!(
                "intent {intent:?} is not a valid name: use lower-case letters, digits and _, starting with a letter"
            )));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(err("the text column is empty".to_string()));
        }
        let sentiment = match sentiment.map(str::trim) {
            None | Some("-") | Some("") => None,
            Some(s) => Some(SentimentLabel::parse(s).ok_or_else(|| {
                err(format!(
                    "sentiment {s:?} is not one of negative, neutral, positive or -"
                ))
            })?),
        };
        let order_nos = orders.map(|o| {
            let o = o.trim();
            if o == "-" || o.is_empty() {
                Vec::new()
            } else {
                o.split(',').map(|s| s.trim().to_string()).collect()
            }
        });
        out.push(Example {
            intent: intent.to_string(),
            text: text.to_string(),
            sentiment,
            order_nos,
        });
    }
    Ok(out)
}

/// The examples an [`crate::Nlu`] is trained on.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    examples: Vec<Example>,
}

impl TrainingSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in examples (`data/train.tsv`, embedded in the binary).
    #[allow(
        clippy::expect_used,
        reason = "the file is embedded at build time and the unit test \
                  `builtin_training_file_parses_with_60_examples_per_intent` parses it"
    )]
    pub fn builtin() -> Self {
        Self::from_tsv(BUILTIN_TRAINING).expect("built-in training data is valid")
    }

    /// Examples from the contents of a file in the format above.
    pub fn from_tsv(contents: &str) -> Result<Self, DataError> {
        Ok(TrainingSet {
            examples: parse_examples(contents)?,
        })
    }

    /// Adds the examples of an operator's file (extra examples for built-in
    /// intents, or custom intents); returns how many were added. Nothing is
    /// added when the file has an error.
    pub fn merge_tsv(&mut self, contents: &str) -> Result<usize, DataError> {
        let extra = parse_examples(contents)?;
        let n = extra.len();
        self.examples.extend(extra);
        Ok(n)
    }

    /// A set of examples.
    pub fn from_examples(examples: Vec<Example>) -> Self {
        TrainingSet { examples }
    }

    /// Adds one example.
    pub fn push(&mut self, intent: &str, text: &str) {
        self.examples.push(Example {
            intent: intent.to_string(),
            text: text.to_string(),
            sentiment: None,
            order_nos: None,
        });
    }

    /// All examples.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Distinct intents, in order of first appearance.
    pub fn intents(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.examples {
            if !out.contains(&e.intent.as_str()) {
                out.push(&e.intent);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILTIN_INTENTS: [&str; 17] = [
        "greeting",
        "thanks",
        "goodbye",
        "order_status",
        "card_not_received",
        "card_invalid",
        "recharge_failed",
        "payment_issue",
        "refund_request",
        "product_mismatch",
        "usage_help",
        "product_inquiry",
        "human_agent",
        "complaint",
        "fraud_report",
        "account_issue",
        "fallback",
    ];

    #[test]
    fn builtin_training_file_parses_with_60_examples_per_intent() {
        let set = TrainingSet::builtin();
        for intent in BUILTIN_INTENTS {
            let n = set.examples().iter().filter(|e| e.intent == intent).count();
            assert!(n >= 60, "{intent} has {n} examples");
        }
        assert_eq!(set.intents().len(), BUILTIN_INTENTS.len());
    }

    #[test]
    fn both_column_layouts_parse() {
        let ex = parse_examples(
            "# c\n\ngreeting\t你好\ncomplaint\tnegative\tD20241120X7731\t订单D20241120X7731太慢\n",
        )
        .expect("valid");
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].sentiment, None);
        assert_eq!(ex[0].order_nos, None);
        assert_eq!(ex[1].sentiment, Some(SentimentLabel::Negative));
        assert_eq!(ex[1].order_nos, Some(vec!["D20241120X7731".to_string()]));
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let e = parse_examples("greeting\t你好\nGreeting!\thi\n").expect_err("bad name");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("\"Greeting!\""), "{e}");
        let e = parse_examples("a\tb\tc\n").expect_err("3 columns");
        assert!(e.message.contains("found 3"), "{e}");
        let e = parse_examples("thanks\tglad\t-\tthx\n").expect_err("bad sentiment");
        assert!(
            e.to_string().starts_with("line 1: sentiment \"glad\""),
            "{e}"
        );
    }

    #[test]
    fn merging_adds_custom_intents() {
        let mut set = TrainingSet::builtin();
        let before = set.len();
        let added = set
            .merge_tsv("invoice_request\t能开发票吗\ninvoice_request\tI need an invoice\n")
            .expect("valid");
        assert_eq!(added, 2);
        assert_eq!(set.len(), before + 2);
        assert!(set.intents().contains(&"invoice_request"));
    }
}
