//! Text folding, normalisation and language detection.
//!
//! Two layers, kept apart on purpose:
//!
//! * [`fold`] maps every character to exactly one character (full-width to
//!   half-width, common traditional to simplified characters, CJK punctuation
//!   to ASCII). Because it is one-to-one, character offsets found in the folded
//!   text are offsets in the buyer's original text. Entities are found here.
//! * [`Normalizer::canonical`] goes further for the classifier and sentiment:
//!   lower case, apostrophes dropped, buyer typos and homophones fixed
//!   (卡蜜→卡密, 冲值→充值, 兑换吗→兑换码 before a noun), English shorthand
//!   expanded (pls→please) and romanised Chinese turned back into characters
//!   ("zhuan ren gong"→转人工). Offsets are not kept at this layer.

use std::collections::HashMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Folds one character; see the module docs. Always returns exactly one char.
pub fn fold_char(c: char) -> char {
    match c {
        // Full-width ASCII block and the ideographic space.
        '\u{FF01}'..='\u{FF5E}' | '\u{3000}' => kadesk_domain::text::fold_width(c),
        '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\u{FFE5}' => '¥',
        '\u{FFE0}' => '¢',
        '。' | '｡' => '.',
        '、' => ',',
        '「' | '」' | '『' | '』' | '“' | '”' => '"',
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '《' | '〈' => '<',
        '》' | '〉' => '>',
        '—' | '–' => '-',
        _ => trad_to_simp(c),
    }
}

/// Folds a whole string; the result has exactly as many chars as the input.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Traditional characters that buyers from Hong Kong, Macau and Taiwan use
/// in this domain, mapped to their simplified forms (one char to one char).
fn trad_to_simp(c: char) -> char {
    match c {
        '訂' => '订',
        '單' => '单',
        '號' => '号',
        '沒' => '没',
        '無' => '无',
        '錢' => '钱',
        '買' => '买',
        '賣' => '卖',
        '貨' => '货',
        '發' => '发',
        '請' => '请',
        '問' => '问',
        '謝' => '谢',
        '為' => '为',
        '麼' => '么',
        '們' => '们',
        '這' => '这',
        '個' => '个',
        '嗎' => '吗',
        '說' => '说',
        '還' => '还',
        '會' => '会',
        '對' => '对',
        '讓' => '让',
        '聯' => '联',
        '係' => '系',
        '碼' => '码',
        '換' => '换',
        '兌' => '兑',
        '啟' => '启',
        '開' => '开',
        '電' => '电',
        '郵' => '邮',
        '給' => '给',
        '態' => '态',
        '過' => '过',
        '點' => '点',
        '時' => '时',
        '間' => '间',
        '題' => '题',
        '賬' => '账',
        '帳' => '账',
        '詐' => '诈',
        '騙' => '骗',
        '訴' => '诉',
        '幫' => '帮',
        '顯' => '显',
        '錯' => '错',
        '誤' => '误',
        '戶' => '户',
        '務' => '务',
        '員' => '员',
        '應' => '应',
        '該' => '该',
        '機' => '机',
        '遊' => '游',
        '戲' => '戏',
        '實' => '实',
        '際' => '际',
        '價' => '价',
        '優' => '优',
        '臺' => '台',
        '轉' => '转',
        '處' => '处',
        '經' => '经',
        '樣' => '样',
        '難' => '难',
        '歡' => '欢',
        '見' => '见',
        '費' => '费',
        '額' => '额',
        '餘' => '余',
        '訊' => '讯',
        '認' => '认',
        '證' => '证',
        '驗' => '验',
        '錄' => '录',
        '鑰' => '钥',
        '儲' => '储',
        '値' => '值',
        '紅' => '红',
        '達' => '达',
        '寶' => '宝',
        '門' => '门',
        '網' => '网',
        '頁' => '页',
        '線' => '线',
        '終' => '终',
        '結' => '结',
        '卻' => '却',
        '讀' => '读',
        '寫' => '写',
        '擊' => '击',
        '麵' => '面',
        '與' => '与',
        '專' => '专',
        '業' => '业',
        '東' => '东',
        '來' => '来',
        '裡' | '裏' => '里',
        '當' => '当',
        '從' => '从',
        '後' => '后',
        '現' => '现',
        '動' => '动',
        '體' => '体',
        '驚' => '惊',
        '壞' => '坏',
        '爛' => '烂',
        '氣' => '气',
        '極' => '极',
        '馬' => '马',
        '趕' => '赶',
        '緊' => '紧',
        _ => c,
    }
}

/// Whether `c` is a CJK ideograph (the ranges buyers actually type).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}')
}

/// The language of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    /// Chinese (the Latin share is under a quarter).
    #[serde(rename = "zh")]
    Zh,
    /// English (the Chinese share is under a quarter).
    #[serde(rename = "en")]
    En,
    /// Both languages carry the message.
    #[serde(rename = "mixed")]
    Mixed,
    /// No letters at all (digits, punctuation, emoji): nothing to tell.
    #[serde(rename = "und")]
    Unknown,
}

impl Language {
    /// The tag as serialised: `zh`, `en`, `mixed` or `und`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
            Language::Mixed => "mixed",
            Language::Unknown => "und",
        }
    }
}

/// Latin tokens that Chinese buyers use inside Chinese sentences; they do not
/// make a message English.
const LOANWORDS: &[&str] = &[
    "ok", "id", "uid", "vip", "app", "qq", "steam", "psn", "xbox", "ios", "key", "cdk", "cdkey",
    "usdt", "uc", "vx", "pubg", "apple", "iphone", "ps4", "ps5", "switch", "pc",
];

/// Detects the language of canonical text (entities already replaced by
/// placeholders, romanised Chinese already turned into characters).
///
/// Each Chinese character counts 1 and each Latin word 1.5 (a word carries
/// about as much as one and a half characters); a share under 25 % for one
/// side gives the other language, anything between is `mixed`.
pub fn detect_language(canonical: &str) -> Language {
    let mut han = 0.0f32;
    let mut latin = 0.0f32;
    let mut loan = 0.0f32;
    let mut word = String::new();
    let flush = |word: &mut String, latin: &mut f32, loan: &mut f32| {
        if !word.is_empty() {
            if LOANWORDS.contains(&word.as_str()) {
                *loan += 1.5;
            } else {
                *latin += 1.5;
            }
            word.clear();
        }
    };
    for c in canonical.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_lowercase());
        } else {
            flush(&mut word, &mut latin, &mut loan);
            if is_han(c) {
                han += 1.0;
            }
        }
    }
    flush(&mut word, &mut latin, &mut loan);
    if han == 0.0 {
        latin += loan;
    }
    let total = han + latin;
    if total == 0.0 {
        return Language::Unknown;
    }
    let latin_share = latin / total;
    if latin_share < 0.25 {
        Language::Zh
    } else if latin_share > 0.75 {
        Language::En
    } else {
        Language::Mixed
    }
}

/// When a replacement applies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// Always.
    Always,
    /// Only as a whole ASCII word (no ASCII letter or digit on either side).
    Word,
    /// Only before a Chinese character, or after 的/个/张: "兑换吗无效" is a
    /// typo for 兑换码, "可以兑换吗" is a real question.
    NounContext,
}

struct Rule {
    to: &'static str,
    guard: Guard,
}

/// A set of literal replacements applied left to right in one pass.
struct Replacer {
    pattern: Regex,
    rules: HashMap<String, Rule>,
}

impl Replacer {
    /// `entries` hold (from, to, guard). A `from` containing spaces (pinyin
    /// syllables) also matches with the spaces left out or doubled.
    fn new(entries: &[(&'static str, &'static str, Guard)]) -> Self {
        let mut sorted: Vec<&(&str, &str, Guard)> = entries.iter().collect();
        // Longest first, so that "zhuan ren gong" wins over "ren gong".
        sorted.sort_by_key(|e| std::cmp::Reverse(e.0.chars().count()));
        let mut alternatives = Vec::with_capacity(sorted.len());
        let mut rules = HashMap::with_capacity(sorted.len());
        for (from, to, guard) in sorted {
            let alt = from
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s*");
            alternatives.push(alt);
            rules.insert(from.replace(' ', ""), Rule { to, guard: *guard });
        }
        let pattern = crate::table_regex(&alternatives.join("|"), "normalisation table");
        Replacer { pattern, rules }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut last = 0;
        for m in self.pattern.find_iter(text) {
            let key: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            let Some(rule) = self.rules.get(&key) else {
                continue;
            };
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let ok = match rule.guard {
                Guard::Always => true,
                Guard::Word => {
                    !before.is_some_and(|c| c.is_ascii_alphanumeric())
                        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
                }
                Guard::NounContext => {
                    after.is_some_and(is_han) || matches!(before, Some('的' | '个' | '张'))
                }
            };
            if ok {
                out.push_str(&text[last..m.start()]);
                out.push_str(rule.to);
                last = m.end();
            }
        }
        out.push_str(&text[last..]);
        out
    }
}

use Guard::{Always, NounContext, Word};

/// Buyer typos and homophones in Chinese.
const ZH_FIXES: &[(&str, &str, Guard)] = &[
    ("卡蜜", "卡密", Always),
    ("卡米", "卡密", Always),
    ("卡秘", "卡密", Always),
    ("咔密", "卡密", Always),
    ("卡觅", "卡密", Always),
    ("冲值", "充值", Always),
    ("重值", "充值", Always),
    ("充直", "充值", Always),
    ("直冲", "直充", Always),
    ("冲钱", "充钱", Always),
    ("兑换吗", "兑换码", NounContext),
    ("对换码", "兑换码", Always),
    ("激活吗", "激活码", NounContext),
    ("定单", "订单", Always),
    ("订丹", "订单", Always),
    ("退宽", "退款", Always),
    ("推款", "退款", Always),
    ("付宽", "付款", Always),
    ("到帐", "到账", Always),
    ("登陆", "登录", Always),
    ("仁工", "人工", Always),
    ("人共", "人工", Always),
    ("投述", "投诉", Always),
    ("骗纸", "骗子", Always),
    ("木有", "没有", Always),
    ("莫有", "没有", Always),
    ("米有", "没有", Always),
    ("肿么", "怎么", Always),
    ("怎莫", "怎么", Always),
    ("咋", "怎么", Always),
    ("神马", "什么", Always),
    ("啥", "什么", Always),
    ("激火", "激活", Always),
];

/// English shorthand and common misspellings (whole words, lower case,
/// apostrophes already removed). A few digit codes buyers type are here too.
const EN_FIXES: &[(&str, &str, Guard)] = &[
    ("recieve", "receive", Word),
    ("recieved", "received", Word),
    ("recived", "received", Word),
    ("receieved", "received", Word),
    ("reciept", "receipt", Word),
    ("refnd", "refund", Word),
    ("refud", "refund", Word),
    ("pls", "please", Word),
    ("plz", "please", Word),
    ("plez", "please", Word),
    ("u", "you", Word),
    ("ur", "your", Word),
    ("thx", "thanks", Word),
    ("thanx", "thanks", Word),
    ("thnx", "thanks", Word),
    ("tks", "thanks", Word),
    ("ty", "thanks", Word),
    ("tysm", "thanks so much", Word),
    ("acct", "account", Word),
    ("pwd", "password", Word),
    ("msg", "message", Word),
    ("cuz", "because", Word),
    ("wat", "what", Word),
    ("hv", "have", Word),
    ("3q", "谢谢", Word),
    ("88", "拜拜", Word),
    ("886", "拜拜", Word),
    ("12315", "消协投诉", Word),
];

/// Romanised Chinese (pinyin without tones) for the phrases buyers type when
/// their input method is off. Syllables are separated by spaces here and
/// match with or without spaces.
const PINYIN: &[(&str, &str, Guard)] = &[
    ("zhuan ren gong", "转人工", Word),
    ("ren gong ke fu", "人工客服", Word),
    ("ren gong", "人工", Word),
    ("ke fu", "客服", Word),
    ("ka mi", "卡密", Word),
    ("tui kuan", "退款", Word),
    ("chong zhi", "充值", Word),
    ("ding dan", "订单", Word),
    ("dan hao", "单号", Word),
    ("dui huan ma", "兑换码", Word),
    ("dui huan", "兑换", Word),
    ("ji huo ma", "激活码", Word),
    ("ji huo", "激活", Word),
    ("mei shou dao", "没收到", Word),
    ("shou dao", "收到", Word),
    ("wu xiao", "无效", Word),
    ("fa huo", "发货", Word),
    ("ni hao", "你好", Word),
    ("xie xie", "谢谢", Word),
    ("zai ma", "在吗", Word),
    ("zai jian", "再见", Word),
    ("bai bai", "拜拜", Word),
    ("pian zi", "骗子", Word),
    ("bei pian le", "被骗了", Word),
    ("tou su", "投诉", Word),
    ("fu kuan", "付款", Word),
    ("zhi fu", "支付", Word),
    ("shi bai", "失败", Word),
    ("zen me yong", "怎么用", Word),
    ("zen me ban", "怎么办", Word),
    ("zen me", "怎么", Word),
    ("deng lu bu liao", "登录不了", Word),
    ("deng lu", "登录", Word),
    ("yong bu liao", "用不了", Word),
    ("bu liao", "不了", Word),
    ("mi ma", "密码", Word),
    ("yan zheng ma", "验证码", Word),
    ("zhang hao", "账号", Word),
    ("mei dao zhang", "没到账", Word),
    ("dao zhang", "到账", Word),
    ("you mei you huo", "有没有货", Word),
    ("you huo", "有货", Word),
    ("duo shao qian", "多少钱", Word),
    ("fa cuo le", "发错了", Word),
    ("fa cuo", "发错", Word),
    ("zhuang tai", "状态", Word),
    ("la ji", "垃圾", Word),
    ("mei you", "没有", Word),
    ("shen me", "什么", Word),
    ("ji si le", "急死了", Word),
    ("kuai dian", "快点", Word),
];

/// Turns folded text into canonical text for the classifier and sentiment.
pub struct Normalizer {
    zh: Replacer,
    en: Replacer,
    pinyin: Replacer,
}

impl Default for Normalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Normalizer {
    /// Builds the replacement tables (a few hundred microseconds).
    pub fn new() -> Self {
        Normalizer {
            zh: Replacer::new(ZH_FIXES),
            en: Replacer::new(EN_FIXES),
            pinyin: Replacer::new(PINYIN),
        }
    }

    /// Canonical form of already folded text: lower case, apostrophes
    /// removed, typos, shorthand and pinyin replaced, whitespace collapsed.
    pub fn canonical(&self, folded: &str) -> String {
        let mut lower = String::with_capacity(folded.len());
        let mut last_space = true;
        for c in folded.chars() {
            if c == '\'' {
                continue;
            }
            if c.is_whitespace() {
                if !last_space {
                    lower.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                let mut it = c.to_lowercase();
                match (it.next(), it.next()) {
                    (Some(l), None) => lower.push(l),
                    _ => lower.push(c),
                }
            }
        }
        if lower.ends_with(' ') {
            lower.pop();
        }
        let has_ascii_letters = lower.bytes().any(|b| b.is_ascii_alphanumeric());
        let mut s = self.zh.apply(&lower);
        if has_ascii_letters {
            s = self.pinyin.apply(&s);
            s = self.en.apply(&s);
        }
        s
    }

    /// Canonical text and full pipeline from raw text (fold, then
    /// [`Normalizer::canonical`]); for callers that need no offsets.
    pub fn normalize(&self, text: &str) -> String {
        self.canonical(&fold(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_per_char() {
        let cases = [
            "订单号：２０２４１１２０",
            "ＡＢＣ－１２３",
            "訂單沒收到，請幫忙",
            "hello world",
            "￥１００元。",
        ];
        for case in cases {
            assert_eq!(fold(case).chars().count(), case.chars().count(), "{case}");
        }
    }

    #[test]
    fn folding_maps_width_traditional_and_punctuation() {
        assert_eq!(fold("订单号：２０２４"), "订单号:2024");
        assert_eq!(fold("ＡＢＣ　ｄｅｆ！"), "ABC def!");
        assert_eq!(fold("訂單沒收到"), "订单没收到");
        assert_eq!(fold("￥９９。"), "¥99.");
    }

    #[test]
    fn normalisation_fixes_buyer_typos_and_homophones() {
        let n = Normalizer::new();
        let cases = [
            ("卡蜜没收到", "卡密没收到"),
            ("冲值失败", "充值失败"),
            ("兑换吗无效", "兑换码无效"),
            ("我的兑换吗在哪", "我的兑换码在哪"),
            ("这个可以兑换吗", "这个可以兑换吗"),
            ("可以兑换吗？", "可以兑换吗?"),
            ("ＨＥＬＬＯ  World", "hello world"),
            ("zhuan ren gong", "转人工"),
            ("zhuanrengong", "转人工"),
            ("ZHUAN REN GONG pls", "转人工 please"),
            ("kami 没收到", "卡密 没收到"),
            ("i didn't recieve my code", "i didnt receive my code"),
            ("thx u", "thanks you"),
            ("登陆不了", "登录不了"),
            ("咋用", "怎么用"),
        ];
        for (input, want) in cases {
            assert_eq!(n.normalize(input), want, "input {input:?}");
        }
    }

    #[test]
    fn pinyin_inside_english_words_is_left_alone() {
        let n = Normalizer::new();
        // "kefu" only as a whole word; "mime" is not "mi ma".
        assert_eq!(n.normalize("mime types"), "mime types");
        assert_eq!(n.normalize("please kefu"), "please 客服");
    }

    #[test]
    fn language_is_detected_from_script_shares() {
        let cases = [
            ("我的卡密没收到", Language::Zh),
            ("my code does not work", Language::En),
            ("我的steam卡密没到", Language::Zh),
            ("my 卡密 doesnt work", Language::Mixed),
            ("hello 在吗", Language::Mixed),
            ("ok 谢谢", Language::Zh),
            ("steam", Language::En),
            ("123 ???", Language::Unknown),
            ("", Language::Unknown),
        ];
        for (text, want) in cases {
            assert_eq!(detect_language(text), want, "{text}");
        }
    }
}
