//! Sentiment: a weighted zh/en lexicon with negation, plus flags.
//!
//! Every lexicon hit adds its weight to a raw score. A negator shortly before
//! a hit (不/没/别/未/无 within three characters in Chinese, not/no/never/
//! dont… within three words in English) flips it: a flipped positive word
//! counts 0.8 of its weight as negative ("不是很满意", "not happy"), a
//! flipped negative word 0.7 of its weight as positive ("not bad", "没有不满意").
//! Compounds that carry their own meaning are entries of their own (不错,
//! 不满, 不负责, no problem), so they are read as one word. A negated flag word
//! sets no flag ("不急" is not urgent).
//!
//! The score is `tanh(raw / 2)` in [-1, 1]; at or below
//! [`NEGATIVE_BELOW`] the label is negative, at or above [`POSITIVE_ABOVE`]
//! positive.

use std::collections::HashMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Overall polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// Anger, frustration, distress, dissatisfaction or a threat.
    Negative,
    /// Neither.
    Neutral,
    /// Thanks, praise, satisfaction.
    Positive,
}

impl SentimentLabel {
    /// `negative`, `neutral` or `positive`.
    pub fn as_str(self) -> &'static str {
        match self {
            SentimentLabel::Negative => "negative",
            SentimentLabel::Neutral => "neutral",
            SentimentLabel::Positive => "positive",
        }
    }

    /// Parses `negative`, `neutral` or `positive`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "negative" => Some(SentimentLabel::Negative),
            "neutral" => Some(SentimentLabel::Neutral),
            "positive" => Some(SentimentLabel::Positive),
            _ => None,
        }
    }
}

/// Signals worth acting on, whatever the overall label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SentimentFlag {
    /// Strong words, insults, shouting (CAPS, `!!`, `??`).
    Anger,
    /// The buyer is in a hurry (急, 马上, 赶紧, asap, `!!!`).
    Urgency,
    /// A threat to complain, review badly, charge back or call the police.
    Threat,
    /// Swearing.
    Profanity,
}

/// The sentiment of one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sentiment {
    /// Overall polarity.
    pub label: SentimentLabel,
    /// From -1 (very negative) to 1 (very positive).
    pub score: f32,
    /// Flags raised, sorted, each at most once.
    pub flags: Vec<SentimentFlag>,
}

/// Score at or below which the label is negative.
pub const NEGATIVE_BELOW: f32 = -0.25;
/// Score at or above which the label is positive.
pub const POSITIVE_ABOVE: f32 = 0.3;

const A: u8 = 1; // anger
const U: u8 = 2; // urgency
const T: u8 = 4; // threat
const P: u8 = 8; // profanity

/// (word, weight, flags). Chinese entries match anywhere; ASCII entries only
/// as whole words. Text is canonical: lower case, apostrophes removed.
const LEXICON: &[(&str, f32, u8)] = &[
    // Chinese, negative.
    ("垃圾", -1.5, A),
    ("骗子", -1.5, A),
    ("骗人", -1.5, A),
    ("骗钱", -1.5, A),
    ("被骗", -1.2, 0),
    ("骗了", -1.2, 0),
    ("诈骗", -0.5, 0),
    ("欺骗", -1.3, A),
    ("坑人", -1.3, A),
    ("坑爹", -1.3, A),
    ("太坑", -1.3, A),
    ("坑", -0.6, 0),
    ("黑店", -1.5, A),
    ("破店", -1.3, A),
    ("这破", -1.0, A),
    ("无语", -1.0, 0),
    ("失望", -1.2, 0),
    ("生气", -1.2, A),
    ("气死", -1.5, A),
    ("气人", -1.2, A),
    ("恶心", -1.3, A),
    ("差劲", -1.3, 0),
    ("太差", -1.3, 0),
    ("很差", -1.2, 0),
    ("极差", -1.5, 0),
    ("真差", -1.2, 0),
    ("好差", -1.2, 0),
    ("态度差", -1.3, A),
    ("恶劣", -1.4, A),
    ("离谱", -1.2, A),
    ("过分", -1.2, A),
    ("受不了", -1.2, A),
    ("搞什么", -1.3, A),
    ("搞毛", -1.3, A),
    ("什么玩意", -1.5, A),
    ("什么鬼", -1.3, A),
    ("忍无可忍", -1.5, A),
    ("不满", -1.3, 0),
    ("不爽", -1.2, A),
    ("不怎么样", -1.2, 0),
    ("不靠谱", -1.2, 0),
    ("不专业", -1.2, 0),
    ("不负责", -1.3, 0),
    ("郁闷", -1.0, 0),
    ("崩溃", -1.2, 0),
    ("烦死", -1.3, A),
    ("烦", -0.8, 0),
    ("倒霉", -1.0, 0),
    ("心累", -1.0, 0),
    ("无耻", -1.5, A),
    ("卑鄙", -1.5, A),
    ("敷衍", -1.2, 0),
    ("推脱", -1.0, 0),
    ("没用", -0.8, 0),
    ("废物", -1.5, A),
    ("跑路", -1.2, 0),
    ("醉了", -1.0, 0),
    ("呵呵", -0.8, 0),
    ("凭什么", -1.2, A),
    ("到底", -0.6, 0),
    ("究竟", -0.4, 0),
    ("几次了", -1.0, A),
    ("好几遍", -1.0, A),
    ("半天", -0.6, 0),
    ("太久", -0.8, 0),
    ("太慢", -1.0, 0),
    ("磨蹭", -1.0, 0),
    ("拖了", -0.6, 0),
    ("没人理", -1.2, 0),
    ("没人回", -1.2, 0),
    ("不回复", -0.8, 0),
    ("摆设", -1.2, 0),
    ("做不做生意", -1.5, A),
    ("别开店", -1.3, A),
    ("再也不", -1.2, 0),
    ("假货", -1.2, 0),
    ("吐了", -1.0, 0),
    ("麻烦死", -1.2, A),
    ("急死", -1.3, U),
    ("欺负", -1.2, A),
    ("难用", -1.0, 0),
    ("答非所问", -1.0, 0),
    ("浪费时间", -1.2, 0),
    ("要求道歉", -1.2, 0),
    ("不给货", -1.0, 0),
    ("还钱", -0.8, 0),
    ("货不对板", -1.0, 0),
    ("挂羊头卖狗肉", -1.3, A),
    ("什么都没", -0.8, 0),
    ("把钱还", -0.8, 0),
    ("怎么做事", -1.0, A),
    ("找不到人", -0.8, 0),
    ("糊弄", -1.2, A),
    ("效率低", -1.0, 0),
    ("太低", -0.8, 0),
    ("被人骗", -1.2, 0),
    ("骗着", -1.0, 0),
    ("骗我", -1.2, A),
    ("说好的", -0.6, 0),
    ("这么对待", -1.0, A),
    ("什么破", -1.2, A),
    ("有什么用", -1.0, A),
    ("盗刷", -1.0, 0),
    ("一整天", -0.6, 0),
    ("这么慢", -1.0, 0),
    ("怎么这么", -0.6, 0),
    // Words that contain a negative word but are not negative.
    ("没用过", 0.0, 0),
    ("垃圾箱", 0.0, 0),
    ("垃圾邮件", 0.0, 0),
    // Chinese, threats.
    ("投诉", -1.0, T),
    ("消协", -1.0, T),
    ("工商", -0.8, T),
    ("报警", -1.0, T),
    ("警察", -0.8, T),
    ("曝光", -1.2, T),
    ("差评", -1.2, T),
    ("起诉", -1.2, T),
    ("律师", -1.0, T),
    ("举报", -1.0, T),
    ("维权", -1.0, T),
    ("黑猫", -1.0, T),
    ("法院", -1.0, T),
    // Chinese, urgency.
    ("着急", -0.4, U),
    ("急急", -0.8, U),
    ("急用", -0.4, U),
    ("急", -0.4, U),
    ("赶紧", -0.5, U),
    ("马上", -0.4, U),
    ("快点", -0.5, U),
    ("尽快", -0.3, U),
    ("立刻", -0.4, U),
    ("立即", -0.3, U),
    ("火速", -0.5, U),
    // Chinese, profanity.
    ("卧槽", -1.5, P | A),
    ("我靠", -1.2, P | A),
    ("我操", -1.8, P | A),
    ("操你", -2.0, P | A),
    ("艹", -1.5, P | A),
    ("他妈", -1.8, P | A),
    ("妈的", -1.8, P | A),
    ("tmd", -1.8, P | A),
    ("nmd", -1.8, P | A),
    ("傻逼", -2.0, P | A),
    ("傻b", -2.0, P | A),
    ("煞笔", -2.0, P | A),
    ("sb", -1.5, P | A),
    ("狗日", -2.0, P | A),
    ("尼玛", -1.8, P | A),
    ("你妈", -1.8, P | A),
    ("草泥马", -2.0, P | A),
    ("去死", -1.8, P | A),
    ("滚", -1.2, A),
    // Chinese, positive.
    ("谢谢", 1.0, 0),
    ("感谢", 1.2, 0),
    ("多谢", 1.0, 0),
    ("谢了", 1.0, 0),
    ("谢啦", 1.0, 0),
    ("好评", 1.5, 0),
    ("满意", 1.2, 0),
    ("不错", 1.2, 0),
    ("棒", 1.2, 0),
    ("给力", 1.2, 0),
    ("完美", 1.3, 0),
    ("点赞", 1.3, 0),
    ("赞", 1.0, 0),
    ("厉害", 1.0, 0),
    ("靠谱", 1.0, 0),
    ("方便", 0.6, 0),
    ("很快", 0.8, 0),
    ("喜欢", 1.0, 0),
    ("开心", 1.0, 0),
    ("太好了", 1.3, 0),
    ("辛苦", 0.8, 0),
    ("解决了", 0.8, 0),
    ("搞定", 0.8, 0),
    ("好用", 1.0, 0),
    ("很好", 1.2, 0),
    ("挺好", 1.0, 0),
    ("优秀", 1.2, 0),
    ("耐心", 0.8, 0),
    ("专业", 0.8, 0),
    ("没问题", 0.6, 0),
    ("不急", 0.3, 0),
    // English, negative.
    ("terrible", -1.5, 0),
    ("awful", -1.5, 0),
    ("horrible", -1.5, 0),
    ("worst", -1.5, 0),
    ("scam", -0.8, 0),
    ("scams", -0.8, 0),
    ("scammer", -1.5, A),
    ("scammers", -1.5, A),
    ("scammed", -1.2, 0),
    ("ridiculous", -1.3, A),
    ("useless", -1.3, A),
    ("angry", -1.3, A),
    ("pissed", -1.5, A),
    ("annoying", -1.2, 0),
    ("frustrated", -1.2, 0),
    ("frustrating", -1.2, 0),
    ("disappointed", -1.2, 0),
    ("disappointing", -1.2, 0),
    ("unacceptable", -1.4, A),
    ("rip off", -1.4, A),
    ("ripoff", -1.4, A),
    ("what a joke", -1.2, A),
    ("is a joke", -1.2, A),
    ("sucks", -1.3, A),
    ("hate", -1.3, A),
    ("furious", -1.5, A),
    ("disgusting", -1.5, A),
    ("pathetic", -1.5, A),
    ("liar", -1.5, A),
    ("liars", -1.5, A),
    ("lied", -1.3, A),
    ("cheated", -1.3, A),
    ("thieves", -1.5, A),
    ("thief", -1.5, A),
    ("stole", -0.5, 0),
    ("waste", -1.0, 0),
    ("rubbish", -1.3, A),
    ("garbage", -1.3, A),
    ("nonsense", -1.2, A),
    ("incompetent", -1.4, A),
    ("rude", -1.3, 0),
    ("fed up", -1.3, A),
    ("tired of", -1.0, 0),
    ("bad", -1.0, 0),
    ("poor", -0.8, 0),
    ("upset", -1.2, 0),
    ("dissatisfied", -1.3, 0),
    ("kidding me", -1.2, A),
    ("ages", -0.5, 0),
    ("forever", -0.6, 0),
    ("never again", -1.3, 0),
    ("avoid", -0.8, 0),
    ("misleading", -1.2, 0),
    ("ignored", -1.0, 0),
    ("excuses", -1.0, 0),
    ("patience", -0.6, 0),
    ("crazy", -0.8, 0),
    ("seriously", -0.6, 0),
    ("third time", -1.0, A),
    ("report you", -1.3, T),
    ("will report", -1.3, T),
    ("police report", 0.0, 0),
    ("are you kidding", -1.2, A),
    ("unbelievable", -1.2, A),
    ("whats going on", -0.6, 0),
    ("defrauded", -1.0, 0),
    ("long enough", -0.8, 0),
    ("a mess", -1.0, 0),
    ("dont ever buy", -1.2, 0),
    ("never buy", -1.0, 0),
    ("tricked", -1.0, 0),
    ("losing my patience", -1.3, A),
    ("how is this acceptable", -1.3, A),
    ("driving me crazy", -1.3, A),
    ("dont care", -1.0, 0),
    ("confusing", -0.8, 0),
    ("what kind of service", -1.2, A),
    ("demand", -0.8, 0),
    // English, threats.
    ("chargeback", -1.2, T),
    ("dispute", -0.8, T),
    ("report", -0.6, T),
    ("reporting", -0.6, T),
    ("police", -1.0, T),
    ("lawyer", -1.2, T),
    ("sue", -1.2, T),
    ("bad review", -1.4, T),
    ("one star", -1.2, T),
    ("1 star", -1.2, T),
    ("consumer protection", -1.2, T),
    ("complaint", -1.0, T),
    // English, urgency.
    ("asap", -0.4, U),
    ("urgent", -0.4, U),
    ("urgently", -0.4, U),
    ("hurry", -0.5, U),
    ("right now", -0.2, U),
    ("immediately", -0.4, U),
    ("emergency", -0.5, U),
    // English, profanity.
    ("wtf", -1.5, P | A),
    ("the hell", -1.3, P | A),
    ("hell", -1.0, P),
    ("fuck", -2.0, P | A),
    ("fucking", -2.0, P | A),
    ("fucked", -2.0, P | A),
    ("shit", -1.8, P | A),
    ("bullshit", -1.8, P | A),
    ("damn", -1.0, P),
    ("bitch", -2.0, P | A),
    ("bastard", -2.0, P | A),
    ("bastards", -2.0, P | A),
    ("asshole", -2.0, P | A),
    ("crap", -1.3, P),
    // English, positive.
    ("thanks", 1.0, 0),
    ("thank you", 1.2, 0),
    ("thank", 1.0, 0),
    ("great", 1.2, 0),
    ("awesome", 1.3, 0),
    ("perfect", 1.3, 0),
    ("good", 0.8, 0),
    ("nice", 1.0, 0),
    ("love", 1.2, 0),
    ("excellent", 1.3, 0),
    ("helpful", 1.0, 0),
    ("appreciate", 1.2, 0),
    ("appreciated", 1.2, 0),
    ("amazing", 1.3, 0),
    ("quick", 0.5, 0),
    ("best", 1.2, 0),
    ("solved", 0.8, 0),
    ("happy", 1.0, 0),
    ("satisfied", 1.0, 0),
    ("cheers", 0.8, 0),
    ("no problem", 0.6, 0),
    ("no worries", 0.6, 0),
    ("kind", 0.6, 0),
];

const ZH_NEGATORS: &[char] = &['不', '没', '别', '未', '无'];
const EN_NEGATORS: &[&str] = &[
    "not", "no", "never", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "cant", "cannot",
    "wont", "hardly", "nothing", "without", "nor",
];

/// Scores messages; built once.
pub struct SentimentAnalyzer {
    pattern: Regex,
    entries: HashMap<&'static str, (f32, u8)>,
}

impl std::fmt::Debug for SentimentAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SentimentAnalyzer")
    }
}

impl Default for SentimentAnalyzer {
    fn default() -> Self {
        Self::new()
    }
}

fn negated_zh(before: &str) -> bool {
    // The three chars before the hit, stopping at punctuation or space.
    before
        .chars()
        .rev()
        .take(3)
        .take_while(|c| !c.is_ascii_punctuation() && !c.is_whitespace() && *c != '，')
        .any(|c| ZH_NEGATORS.contains(&c))
}

fn negated_en(before: &str) -> bool {
    let clause = before
        .rsplit(['.', ',', '!', '?', ';'])
        .next()
        .unwrap_or(before);
    clause
        .split_whitespace()
        .rev()
        .take(3)
        .any(|w| EN_NEGATORS.contains(&w))
}

impl SentimentAnalyzer {
    /// Compiles the lexicon.
    pub fn new() -> Self {
        let mut words: Vec<&str> = LEXICON.iter().map(|e| e.0).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let pattern = crate::table_regex(
            &words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|"),
            "sentiment lexicon",
        );
        let entries = LEXICON.iter().map(|&(w, s, f)| (w, (s, f))).collect();
        SentimentAnalyzer { pattern, entries }
    }

    /// Sentiment of a message. `canonical` is the canonical text (see
    /// [`crate::text::Normalizer::canonical`]); `folded` the folded original
    /// (for CAPS and punctuation, which canonical text loses).
    pub fn analyze(&self, canonical: &str, folded: &str) -> Sentiment {
        self.read(canonical, folded).sentiment()
    }

    /// The lexicon's reading of a message, before any learned model.
    pub(crate) fn read(&self, canonical: &str, folded: &str) -> Reading {
        let mut raw = 0.0f32;
        let mut flags = 0u8;
        let mut negations = 0u8;
        for m in self.pattern.find_iter(canonical) {
            let word = m.as_str();
            let Some(&(weight, f)) = self.entries.get(word) else {
                continue;
            };
            let before = &canonical[..m.start()];
            let ascii = word.is_ascii();
            if ascii {
                let b = before.chars().next_back();
                let a = canonical[m.end()..].chars().next();
                if b.is_some_and(|c| c.is_ascii_alphanumeric())
                    || a.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            let negated = if ascii {
                negated_en(before)
            } else {
                negated_zh(before)
            };
            if negated {
                negations = negations.saturating_add(1);
                raw += if weight > 0.0 {
                    -0.8 * weight
                } else {
                    -0.7 * weight
                };
            } else {
                raw += weight;
                flags |= f;
            }
        }
        // Punctuation and shouting, from the folded text.
        let bangs = max_run(folded, '!');
        let bangs_total = folded.chars().filter(|&c| c == '!').count();
        let questions = max_run(folded, '?');
        if bangs >= 3 {
            flags |= U;
        }
        let caps_words = folded
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            .count();
        if bangs == 1 && bangs_total == 1 && raw < 0.5 {
            // One exclamation mark in a message that is not praise.
            raw -= 0.25;
        }
        // Punctuation alone ("???") is not shouting at anyone.
        let has_words = folded.chars().any(|c| c.is_alphabetic());
        let shouting = has_words && (caps_words >= 2 || bangs_total >= 2 || questions >= 2);
        if shouting {
            raw -= 0.4;
        }
        if raw < 0.0 && shouting {
            flags |= A;
        }
        if flags & A != 0 && raw > -0.6 {
            // Anger without much else still reads negative.
            raw -= 0.4;
        }
        Reading {
            raw,
            flags,
            negations,
        }
    }
}

/// What the lexicon found in one message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reading {
    /// Sum of weights (negation and shouting applied).
    pub raw: f32,
    /// Flag bits.
    pub flags: u8,
    /// Lexicon hits that were negated.
    pub negations: u8,
}

impl Reading {
    /// The lexicon score, `tanh(raw / 2)`.
    pub(crate) fn score(&self) -> f32 {
        (self.raw / 2.0).tanh()
    }

    /// Flags as a sorted list.
    pub(crate) fn flag_list(&self) -> Vec<SentimentFlag> {
        let mut out = Vec::new();
        for (bit, flag) in [
            (A, SentimentFlag::Anger),
            (U, SentimentFlag::Urgency),
            (T, SentimentFlag::Threat),
            (P, SentimentFlag::Profanity),
        ] {
            if self.flags & bit != 0 {
                out.push(flag);
            }
        }
        out
    }

    /// Sentiment from the lexicon alone.
    pub(crate) fn sentiment(&self) -> Sentiment {
        let score = self.score();
        Sentiment {
            label: label_for(score),
            score: (score * 1000.0).round() / 1000.0,
            flags: self.flag_list(),
        }
    }

    /// Features for the learned sentiment model: the lexicon score in
    /// buckets, each flag, and whether a negation was seen.
    pub(crate) fn features(&self, out: &mut Vec<u64>) {
        let bucket = match self.raw {
            r if r <= -2.0 => 0,
            r if r <= -1.0 => 1,
            r if r <= -0.3 => 2,
            r if r < 0.3 => 3,
            r if r < 1.0 => 4,
            _ => 5,
        };
        out.push(0x5e47_0000 + bucket);
        for bit in [A, U, T, P] {
            if self.flags & bit != 0 {
                out.push(0x5e47_0100 + u64::from(bit));
            }
        }
        if self.negations > 0 {
            out.push(0x5e47_0200);
        }
    }
}

/// The label for a score in [-1, 1].
pub(crate) fn label_for(score: f32) -> SentimentLabel {
    if score <= NEGATIVE_BELOW {
        SentimentLabel::Negative
    } else if score >= POSITIVE_ABOVE {
        SentimentLabel::Positive
    } else {
        SentimentLabel::Neutral
    }
}

fn max_run(text: &str, ch: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Normalizer;

    fn sentiment(text: &str) -> Sentiment {
        let n = Normalizer::new();
        let folded = crate::text::fold(text);
        SentimentAnalyzer::new().analyze(&n.canonical(&folded), &folded)
    }

    fn label(text: &str) -> SentimentLabel {
        sentiment(text).label
    }

    #[test]
    fn negation_flips_polarity() {
        use SentimentLabel::*;
        let cases = [
            ("很满意", Positive),
            ("不满意", Negative),
            ("不是很满意", Negative),
            ("没有不满意的地方", Positive),
            ("服务不错", Positive),
            ("not bad", Positive),
            ("bad service", Negative),
            ("not happy with this", Negative),
            ("I am happy", Positive),
            ("not satisfied at all", Negative),
            ("no problem, thanks", Positive),
        ];
        for (text, want) in cases {
            assert_eq!(label(text), want, "{text}: {:?}", sentiment(text));
        }
    }

    #[test]
    fn plain_problem_reports_are_neutral() {
        for text in [
            "卡密没收到",
            "my code does not work",
            "订单显示处理中",
            "how do I redeem this",
        ] {
            assert_eq!(label(text), SentimentLabel::Neutral, "{text}");
        }
    }

    #[test]
    fn flags_are_raised() {
        use SentimentFlag::*;
        let cases: &[(&str, &[SentimentFlag])] = &[
            ("急死了，马上发给我", &[Urgency]),
            ("hurry up!!!", &[Anger, Urgency]),
            ("再不处理我就去12315投诉", &[Threat]),
            ("I will file a chargeback", &[Threat]),
            ("给你们差评", &[Threat]),
            ("what the fuck", &[Anger, Profanity]),
            ("他妈的什么服务", &[Anger, Profanity]),
            ("WHERE IS MY CODE", &[Anger]),
            ("不急，慢慢来", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(&sentiment(text).flags, want, "{text}");
        }
    }

    #[test]
    fn threats_and_profanity_are_negative() {
        for text in ["我要投诉你们", "scammers!", "垃圾店铺", "wtf is this"] {
            assert_eq!(label(text), SentimentLabel::Negative, "{text}");
        }
    }

    #[test]
    fn score_stays_in_range() {
        let s = sentiment("垃圾 垃圾 垃圾 骗子 骗子 他妈的 投诉 差评 fuck shit");
        assert!(s.score >= -1.0 && s.score < -0.9, "{s:?}");
        let s = sentiment("谢谢 感谢 好评 满意 完美 great awesome");
        assert!(s.score <= 1.0 && s.score > 0.9, "{s:?}");
    }
}
