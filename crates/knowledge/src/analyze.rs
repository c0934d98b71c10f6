//! Text analysis shared by indexing and searching: fold (全角→半角,
//! traditional→simplified, CJK punctuation), lower case, jieba in search mode
//! (long words also as their sub-words), stop words out, a light English
//! stemmer, and synonyms folded onto one concept word so 卡密 / 兑换码 /
//! 激活码 / "code" all meet. Queries additionally go through the NLU's
//! normaliser, which fixes buyer typos and homophones (卡蜜→卡密, 冲值→充值)
//! and romanised Chinese.
//!
//! Error codes are not analysed: they are matched whole and
//! case-insensitively (see [`code_candidates`]).

use std::collections::HashMap;

use kadesk_nlu::segment::Segmenter;
use kadesk_nlu::text::{fold, is_han, Normalizer};

/// One word of a text with where it stands in the original (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// Words that carry no topic in buyer questions.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    // Chinese
    "的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嗯", "么", "嘛", "是", "我", "你", "您", "他",
    "她", "它", "我们", "你们", "他们", "请问", "请", "问", "一下", "怎么", "怎样", "如何", "怎么办",
    "怎么样", "什么", "为什么", "可以", "能", "能不能", "可不可以", "要", "想", "在", "和", "与", "或",
    "就", "都", "也", "还", "这", "那", "这个", "那个", "个", "有", "没有", "没", "不", "哪", "哪里",
    "好", "下", "给", "把", "被", "让", "已", "已经", "亲", "老板", "客服", "您好", "你好", "谢谢",
    "一个", "里", "上", "中", "去", "来", "说", "会", "对", "多", "得", "着", "过", "吗?", "啥",
    "咋", "为啥", "怎么弄", "弄", "搞", "的话", "显示", "提示", "到底", "现在", "刚才", "刚刚", "用",
    // English
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "how",
    "what", "why", "when", "where", "which", "who", "i", "me", "my", "you", "your", "we", "our",
    "it", "its", "this", "that", "to", "of", "in", "on", "for", "with", "and", "or", "but", "can",
    "could", "would", "should", "will", "please", "pls", "hi", "hello", "help", "get", "got",
    "have", "has", "had", "not", "no", "yes", "there", "here", "from", "at", "by", "as", "so",
    "if", "then", "than", "just", "about", "any", "some", "says", "say", "said", "thanks",
    "thank", "there", "hey", "im", "dont", "doesnt", "cant", "wont", "into", "out", "up", "one",
];

/// Synonym groups: every word of a group is indexed and searched as the
/// group's first word (the concept). Multi-character Chinese words are also
/// taught to the segmenter so they are cut whole.
#[rustfmt::skip]
const SYNONYMS: &[&[&str]] = &[
    &[
        "卡密", "卡蜜", "兑换码", "激活码", "充值码", "礼品码", "钱包码", "序列号", "券码", "密钥",
        "产品密钥", "卡号", "cdk", "cdkey", "key", "code", "pin", "voucher",
    ],
    &["兑换", "激活", "开通", "redeem", "activate", "activated", "activation", "activating"],
    &["礼品卡", "充值卡", "点卡", "钱包卡", "卡", "gift", "giftcard", "card"],
    &["点券", "点卷", "点劵"],
    &["无效", "失效", "用不了", "不能用", "无法使用", "invalid", "expired", "wrong"],
    &["已使用", "已被使用", "被使用", "用过", "已用", "被用", "used", "redeemed", "already"],
    &["区域", "地区", "国家", "国区", "外区", "区服", "锁区", "region", "country", "regional"],
    &["会员", "vip", "membership", "member"],
    &["订单", "order"],
    &["查询", "查看", "查", "查找", "check", "lookup", "find", "track", "see"],
    &["支付", "付款", "付钱", "付", "pay", "payment", "paid", "paying"],
    &["支付宝", "alipay"],
    &["微信", "wechat", "weixin"],
    &["发货", "到账", "发卡", "收到", "delivery", "deliver", "arrive", "receive", "received"],
    &["多久", "多长时间", "几分钟", "long", "time"],
    &["退款", "退钱", "退货", "refund"],
    &["苹果", "apple", "itunes", "appstore", "ios"],
    &["steam", "蒸汽"],
    &["腾讯视频", "tencent"],
    &["爱奇艺", "iqiyi", "奇异果"],
    &["账号", "账户", "帐号", "帐户", "account"],
    &["错误", "报错", "错误码", "错误代码", "error"],
    &["充值", "top", "recharge"],
];

/// Words that get their own entry in the segmenter, so that jieba does not
/// split them (the NLU's domain dictionary already has 卡密, 兑换码, 激活码 …).
const EXTRA_WORDS: &[&str] = &["已被使用", "无法使用", "不能用", "用不了", "锁区", "钱包码"];

/// The analysis pipeline; load once (jieba's dictionary takes a moment) and
/// share between index builds.
pub struct Analyzer {
    segmenter: Segmenter,
    normalizer: Normalizer,
    synonyms: HashMap<&'static str, &'static str>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    /// Loads jieba with the NLU's domain dictionary and the synonym words.
    pub fn new() -> Analyzer {
        let mut segmenter = Segmenter::new();
        let mut synonyms = HashMap::new();
        for group in SYNONYMS {
            let concept = group[0];
            for word in *group {
                synonyms.insert(*word, concept);
                if word.chars().count() > 1 && word.chars().any(is_han) {
                    segmenter.add_word(word);
                }
            }
        }
        for word in EXTRA_WORDS {
            segmenter.add_word(word);
        }
        Analyzer {
            segmenter,
            normalizer: Normalizer::new(),
            synonyms,
        }
    }

    /// The terms of a stored text, with their places in it.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        // Byte offset of every char of the original, and one past the end:
        // folding maps one char to one char, so char positions carry over.
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        let folded: String = fold(text)
            .chars()
            .map(|c| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            })
            .collect();
        let chars: Vec<char> = folded.chars().collect();
        let mut out = Vec::new();
        for range in self.segmenter.cut_for_search(&folded) {
            let (Some(&from), Some(&to)) = (offsets.get(range.start), offsets.get(range.end))
            else {
                continue;
            };
            let Some(word) = chars.get(range.clone()) else {
                continue;
            };
            let word: String = word.iter().collect();
            if let Some(text) = self.word(&word) {
                out.push(Term { text, from, to });
            }
        }
        out
    }

    /// English words the analyzer knows a concept for, with the concept
    /// ("redeem" → 兑换), so that a typo of them can be corrected.
    pub fn ascii_synonyms(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.synonyms
            .iter()
            .filter(|(word, _)| word.is_ascii())
            .map(|(word, concept)| (*word, *concept))
    }

    /// A buyer's question with typos and homophones fixed and width folded
    /// (what [`Analyzer::query_terms`] segments).
    pub fn normalize(&self, query: &str) -> String {
        self.normalizer.normalize(query)
    }

    /// The distinct terms of a buyer's question, after fixing typos.
    pub fn query_terms(&self, query: &str) -> Vec<String> {
        let canonical = self.normalizer.normalize(query);
        let mut terms: Vec<String> = Vec::new();
        for term in self.terms(&canonical) {
            if !terms.contains(&term.text) {
                terms.push(term.text);
            }
        }
        terms
    }

    /// One segmented word as an index term, or `None` for stop words and
    /// punctuation.
    fn word(&self, word: &str) -> Option<String> {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || STOP_WORDS.contains(&word) {
            return None;
        }
        if let Some(concept) = self.synonyms.get(word) {
            return Some((*concept).to_owned());
        }
        if word.is_ascii() {
            let stem = stem(word);
            if STOP_WORDS.contains(&stem.as_str()) {
                return None;
            }
            return Some(match self.synonyms.get(stem.as_str()) {
                Some(concept) => (*concept).to_owned(),
                None => stem,
            });
        }
        Some(word.to_owned())
    }
}

/// A light English stemmer: plural and -ing/-ed endings (redeeming, codes,
/// delivered), enough to meet the word an article uses.
fn stem(word: &str) -> String {
    let n = word.len();
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_owned();
    }
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..n - 3]);
    }
    if n > 5 && word.ends_with("ing") {
        return word[..n - 3].to_owned();
    }
    if n > 4 && word.ends_with("ed") {
        return word[..n - 2].to_owned();
    }
    if n > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

/// An error code in normal form (trimmed, lower case): `E1001` and `e1001`
/// are the same code.
pub fn normalize_code(code: &str) -> String {
    code.trim().to_ascii_lowercase()
}

/// Runs of ASCII letters, digits, `_` and `-` in `text` that could be error
/// codes (3–40 characters with a digit or an underscore), normalised. Whether
/// one is a code is decided by looking it up among the articles' codes.
pub fn code_candidates(text: &str) -> Vec<String> {
    let folded = fold(text);
    folded
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map(|run| run.trim_matches('-'))
        .filter(|run| {
            (3..=40).contains(&run.len()) && run.bytes().any(|b| b.is_ascii_digit() || b == b'_')
        })
        .map(normalize_code)
        .collect()
}

/// The Levenshtein distance of two short words is at most `max`.
pub(crate) fn within_edits(a: &str, b: &str, max: usize) -> bool {
    a.chars().count().abs_diff(b.chars().count()) <= max && strsim::levenshtein(a, b) <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(terms: Vec<Term>) -> Vec<String> {
        terms.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn width_and_case_do_not_matter() {
        let a = Analyzer::new();
        assert_eq!(
            texts(a.terms("ＳＴＥＡＭ 钱包")),
            texts(a.terms("steam 钱包"))
        );
        assert_eq!(texts(a.terms("Steam")), vec!["steam".to_owned()]);
    }

    #[test]
    fn synonyms_meet_on_one_concept() {
        let a = Analyzer::new();
        // Search mode also keeps sub-words (兑换码 → 兑换, 兑换码): the
        // concept must be among the terms.
        for q in ["卡密", "兑换码", "激活码", "code", "CDKEY"] {
            assert!(a.query_terms(q).contains(&"卡密".to_owned()), "{q}");
        }
    }

    #[test]
    fn typos_are_fixed_in_queries() {
        let a = Analyzer::new();
        assert!(a.query_terms("卡蜜怎么冲值").contains(&"充值".to_owned()));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let a = Analyzer::new();
        let text = "ＳＴＥＡＭ充值卡";
        for t in a.terms(text) {
            assert!(text.get(t.from..t.to).is_some(), "{t:?}");
        }
    }

    #[test]
    fn code_candidates_are_runs_with_digits_or_underscores() {
        assert_eq!(
            code_candidates("提示E1002，还有ERR_CARD_USED和０x80070005"),
            vec!["e1002", "err_card_used", "0x80070005"]
        );
        assert!(code_candidates("steam 卡怎么用").is_empty());
    }

    #[test]
    fn stemmer_meets_plurals_and_endings() {
        assert_eq!(stem("codes"), "code");
        assert_eq!(stem("redeeming"), "redeem");
        assert_eq!(stem("delivered"), "deliver");
        assert_eq!(stem("status"), "status");
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert!(within_edits("redem", "redeem", 1));
        assert!(within_edits("steem", "steam", 1));
        assert!(!within_edits("refund", "redeem", 1));
    }
}
