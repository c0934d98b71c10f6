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

/// Constructions that carry anger or frustration without a strong word:
/// (pattern over the canonical text, weight, flags, kind). A cue counts once
/// per message however often it matches, and is never negated: the
/// construction already contains its own 不/没 ("不是说…吗", "咋还没…").
/// Kinds: 0 distrust and accusation, 1 impatience, 2 a broken promise,
/// 3 irritation at the bot, 4 exasperation. Each kind is also a feature of
/// the learned model, so examples teach it how much a construction weighs.
const CUES: &[(&str, f32, u8, u8)] = &[
    // Distrust and accusation: asking whether the shop cheats, or saying it sold
    // a used, fake or recycled key.
    (
        r"是不是[^,.?!;]{0,3}(骗|黑店|假|坑|用过|二手|翻新|回收|套路)",
        -1.2,
        A,
        0,
    ),
    (
        r"(该不会|不会|怕不是|莫非|难道)(是|就是)?[^,.?!;]{0,8}(骗|坑|跑路|卷钱|黑店|割韭菜|假货|套路)",
        -1.3,
        A,
        0,
    ),
    (
        r"割韭菜|不地道|收钱不办事|拿钱不办事|卷钱|当[^,.?!]{0,4}傻子|当我傻|当我是傻|智商税|吃相难看",
        -1.3,
        A,
        0,
    ),
    (
        r"卖[^,.?!;]{0,8}(用过|用剩|二手|回收|过期|假的|别人的)",
        -1.2,
        A,
        0,
    ),
    (
        r"(一个|一张|同一个|同一张|这个)[码卡号][^,.?!]{0,4}卖(给)?(了)?[^,.?!]{0,3}(好几|几|多|两|三)",
        -1.2,
        A,
        0,
    ),
    (r"(严重)?怀疑你们|你们[^,.?!]{0,4}(良心|诚信)", -1.0, A, 0),
    (
        r"\b(legit|scamming|con artists?)\b|\b(you are|youre|you guys are|you people are|this (shop|store|site|seller) is|your (shop|store|site) is)( just| a| an| total| complete| such| basically)* (fraud|frauds|fraudulent|con|scam|scammers?)\b",
        -1.2,
        A,
        0,
    ),
    (
        r"\b(sold|sell|selling|resell|reselling|resold|gave) (me |us |people )?(a |an )?(used|fake|dead|expired|recycled|stolen|already[a-z ]{0,12}) ?(code|key|card)",
        -1.3,
        A,
        0,
    ),
    (r"\bresell", -1.0, A, 0),
    (
        r"\btake (the|my|our|peoples) money and\b|\bhow many (people|times|buyers|others) did you\b|\bfeels like a (con|scam)\b",
        -1.3,
        A,
        0,
    ),
    // Impatience with how long something takes.
    (
        r"都[^,.?!;]{0,6}(小时|钟头|天|上午|下午|晚上|星期|礼拜|周|个月|半天|多久|这么久|几点)了",
        -1.2,
        0,
        1,
    ),
    (r"(咋|怎么|为啥|为什么)(还|都)(没|不|是没)", -1.0, 0, 1),
    (r"咋(没|不)", -0.8, 0, 1),
    (
        r"还要(再)?(让我)?等?(到什么时候|到啥时候)|等到(什么时候|啥时候|猴年马月|花|天荒)|稍等到|稍等了|(又|还)是(请)?稍等|一直(让我)?(稍等|等着)",
        -1.2,
        0,
        1,
    ),
    (r"还要(再)?(让我)?等?(多久|多长时间)", -0.5, 0, 1),
    (
        r"等了(好|大半|半|一|两|三|四|五|几|十几|\d)[^,.?!;]{0,5}(小时|钟头|天|上午|下午|晚上|星期|礼拜|周|宿)",
        -1.0,
        0,
        1,
    ),
    (
        r"催了(好|几|三|两|四|五|多少|\d)|从[^,.?!;]{0,6}等到|到现在(都|还|也)(没|不)|这么久(了|还|都)",
        -1.0,
        0,
        1,
    ),
    (
        r"\b(its|it is|its already) been (over |more than |almost |nearly )?(\w+ ){0,2}(minutes|hours|days|weeks|an hour|a day|a week|forever|ages)",
        -1.0,
        0,
        1,
    ),
    (
        r"\bhow (much )?long(er)? (do|must|should|will) (i|we) (have to |need to )?wait|\bhow much longer\b|\b(taking|takes|take|took) (so|this|that|too) long\b",
        -1.1,
        0,
        1,
    ),
    (
        r"\bstill (nothing|no code|no key|no reply|no answer|broken|not fixed)|\bcome on\b|\bbeen (waiting|refreshing) for (an|over|more|\d|two|three|hours)",
        -1.0,
        0,
        1,
    ),
    // A broken promise.
    (
        r"说好的|(说好|写着|说了|说过|答应|承诺|保证)[^?!;]{0,14}(结果|却|到现在|现在又|又没|也没|都没|还没)",
        -1.2,
        0,
        2,
    ),
    (
        r"(不是说|不是写着|不是承诺|不是答应|明明说|明明答应|明明写着)[^?!;]{0,12}(吗|呢|怎么|结果|还|却)",
        -1.2,
        0,
        2,
    ),
    (
        r"\byou (promised|guaranteed|said (you|it) would|said youd|said it would|told me)\b|\bi was (told|promised)\b|\bsupposed to (be|arrive|get|come)|\bsays instant\b|\bnever did\b|\bnothing happened\b",
        -1.1,
        0,
        2,
    ),
    // Irritation at talking to a bot.
    (
        r"机器人话|复制粘贴|人工智障|智障|模板(回复|话)|套话|车轱辘话|(一样|同样|重复)的话|听不懂人话|复读机|只会说",
        -1.3,
        A,
        3,
    ),
    (
        r"\bcanned (answers?|responses?|replies|messages?)\b|\b(talk|talking|chat|chatting|speak|speaking) (to|with) a (bot|machine|robot)\b|\b(stupid|dumb|useless) (bot|robot|machine)\b|\b(keep|keeps) (repeating|saying the same)|\bsame (thing|answer|reply) (again|over)|\bare you (even )?(reading|listening)\b|\bno idea what i\b",
        -1.3,
        A,
        3,
    ),
    // Exasperation.
    (
        r"服了(你们|这|了)|(解释|说|讲|问)了?(几|多少|好几|十|n|\d)遍|一次又一次|不想再说|什么事(啊|呀)|(有|靠)点谱|费劲|折腾死",
        -1.1,
        0,
        4,
    ),
    (
        r"\bwhat is wrong with you|\bwhats wrong with you|\bover and over\b|\b(done|sick|tired) (of )?(explaining|asking|waiting|chasing)\b|\bgetting old\b|\bunreal\b|\bare you serious\b|\bseriously\?",
        -1.1,
        0,
        4,
    ),
];

/// Scores messages; built once.
pub struct SentimentAnalyzer {
    pattern: Regex,
    entries: HashMap<&'static str, (f32, u8)>,
    cues: regex::RegexSet,
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
        let cues = crate::table_regex_set(CUES.iter().map(|c| c.0), "sentiment cues");
        SentimentAnalyzer {
            pattern,
            entries,
            cues,
        }
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
        let mut kinds = 0u8;
        for i in self.cues.matches(canonical).iter() {
            let (_, weight, f, kind) = CUES[i];
            raw += weight;
            flags |= f;
            kinds |= 1 << kind;
        }
        // Punctuation and shouting, from the folded text.
        let bangs = max_run(folded, '!');
        let bangs_total = folded.chars().filter(|&c| c == '!').count();
        let questions = max_run(folded, '?');
        if bangs >= 3 {
            flags |= U;
        }
        // Whole words in capitals; a card key ("ABCD-EFGH-5678") is not
        // shouting, so a word joined to others by '-' or digits is no word.
        let caps_words = folded
            .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-'))
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
        // "where is my code??", "I paid!!": a doubled ? or ! in a sentence is
        // impatience aimed at someone, even without a strong word.
        let latin = folded.chars().filter(|c| c.is_ascii_alphabetic()).count();
        if latin >= 3 && (questions >= 2 || bangs >= 2) && raw < 0.3 {
            raw -= 0.6;
            flags |= A;
            kinds |= 1 << 5;
        }
        if flags & A != 0 && raw > -0.6 {
            // Anger without much else still reads negative.
            raw -= 0.4;
        }
        Reading {
            raw,
            flags,
            negations,
            kinds,
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
    /// Bit per kind of cue that matched (see `CUES`; bit 5 a doubled ?/!).
    pub kinds: u8,
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
        consistent(self.score(), self.flag_list())
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
        for kind in 0..8u64 {
            if self.kinds & (1 << kind) != 0 {
                out.push(0x5e47_0300 + kind);
            }
        }
    }
}

/// Blended score at or below which an anger flag makes the label negative;
/// above it the flag is dropped instead.
const ANGER_FLOOR: f32 = -0.05;

/// The sentiment for a blended score and the lexicon's flags, made
/// consistent: the anger flag is only ever raised on a negative label. A
/// message with anger words whose score leans negative is labelled negative
/// (score at most [`NEGATIVE_BELOW`]); one whose score does not loses the
/// flag. Urgency, threat and profanity do not change the label ("急用，麻烦
/// 快点" is a calm request).
pub(crate) fn consistent(score: f32, mut flags: Vec<SentimentFlag>) -> Sentiment {
    let angry = flags.contains(&SentimentFlag::Anger);
    let score = if angry && score <= ANGER_FLOOR {
        score.min(NEGATIVE_BELOW)
    } else {
        if angry {
            // The words were angry but the whole message is not ("冒充客服的
            // 骗子在群里" reports someone else's fraud): no anger flag.
            flags.retain(|f| *f != SentimentFlag::Anger);
        }
        score
    };
    Sentiment {
        label: label_for(score),
        score: (score * 1000.0).round() / 1000.0,
        flags,
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
    fn constructions_read_as_frustration_without_strong_words() {
        for text in [
            "你们是不是卖假卡的",
            "都两天了还没发货",
            "怎么还没到账",
            "说好的当天退款，结果没动静",
            "不是说马上处理吗",
            "别给我复制粘贴了",
            "you promised it would be instant",
            "how much longer do I need to wait",
            "is this shop even legit",
            "you sold me a used key",
            "what is going on??",
            "paid already!!",
        ] {
            assert_eq!(
                label(text),
                SentimentLabel::Negative,
                "{text}: {:?}",
                sentiment(text)
            );
        }
    }

    #[test]
    fn calm_reports_with_the_same_words_stay_neutral() {
        for text in [
            "充值失败了",
            "都准备好了，下一步呢",
            "卡密提示已使用",
            "the code says already used",
            "is it a bot?",
            "ABCD-EFGH-JKLM-5678 does not work",
        ] {
            assert_eq!(
                label(text),
                SentimentLabel::Neutral,
                "{text}: {:?}",
                sentiment(text)
            );
        }
    }

    #[test]
    fn anger_is_never_flagged_on_a_label_that_is_not_negative() {
        let calm = consistent(0.2, vec![SentimentFlag::Anger, SentimentFlag::Urgency]);
        assert_eq!(calm.label, SentimentLabel::Neutral);
        assert_eq!(calm.flags, vec![SentimentFlag::Urgency]);
        let angry = consistent(-0.1, vec![SentimentFlag::Anger]);
        assert_eq!(angry.label, SentimentLabel::Negative);
        assert_eq!(angry.flags, vec![SentimentFlag::Anger]);
        let threat = consistent(0.0, vec![SentimentFlag::Threat]);
        assert_eq!(threat.label, SentimentLabel::Neutral);
    }

    #[test]
    fn score_stays_in_range() {
        let s = sentiment("垃圾 垃圾 垃圾 骗子 骗子 他妈的 投诉 差评 fuck shit");
        assert!(s.score >= -1.0 && s.score < -0.9, "{s:?}");
        let s = sentiment("谢谢 感谢 好评 满意 完美 great awesome");
        assert!(s.score <= 1.0 && s.score > 0.9, "{s:?}");
    }
}
