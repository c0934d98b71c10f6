//! Small readings of a buyer message that the NLU does not make: yes/no,
//! "start over", "I don't know my order number", a lookup password, whether a
//! message is only a slot answer, refund reasons, usage-guide keywords.

use kadesk_nlu::{EntityKind, Parse};

use crate::templates::Templates;

/// Lower-cased, width-folded text with surrounding punctuation and spaces
/// trimmed.
pub(crate) fn canonical(text: &str) -> String {
    let folded = kadesk_nlu::text::fold(text).to_lowercase();
    folded
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const YES: &[&str] = &[
    "是",
    "是的",
    "对",
    "对的",
    "对啊",
    "嗯",
    "嗯嗯",
    "恩",
    "好",
    "好的",
    "好滴",
    "好了",
    "行",
    "可以",
    "可以了",
    "收到",
    "收到了",
    "已收到",
    "解决了",
    "已解决",
    "成功了",
    "到账了",
    "已到账",
    "没问题",
    "没问题了",
    "能用了",
    "可以用了",
    "好了谢谢",
    "好的谢谢",
    "ok",
    "okay",
    "ok了",
    "k",
    "yes",
    "yep",
    "yeah",
    "yea",
    "y",
    "sure",
    "got it",
    "it works",
    "works",
    "it worked",
    "solved",
    "received",
    "fixed",
    "done",
    "perfect",
    "great",
    "all good",
    "ok thanks",
    "yes thanks",
    "👍",
];

const NO: &[&str] = &[
    "不",
    "不是",
    "否",
    "没有",
    "没",
    "还没",
    "还没有",
    "没收到",
    "不行",
    "还是不行",
    "没解决",
    "没用",
    "不可以",
    "没到账",
    "还没到账",
    "还是没有",
    "还不行",
    "no",
    "nope",
    "not yet",
    "nah",
    "n",
    "didn't help",
    "didnt help",
    "doesn't work",
    "doesnt work",
    "still not working",
    "not solved",
    "not received",
    "still no",
    "still nothing",
    "not working",
];

/// `Some(true)` for a short "yes / it worked", `Some(false)` for "no / still
/// not working", `None` otherwise.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    let full = canonical(text);
    let short = full.trim_end_matches(['了', '啊', '呀', '哦', '的', '吧', '!', '.']);
    for c in [full.as_str(), short] {
        if YES.contains(&c) {
            return Some(true);
        }
        if NO.contains(&c) {
            return Some(false);
        }
    }
    None
}

const RESTART: &[&str] = &[
    "重新开始",
    "从头开始",
    "重来",
    "重新来",
    "从头来",
    "重置",
    "start over",
    "restart",
    "start again",
    "reset",
    "begin again",
];

/// The buyer wants to start over.
pub(crate) fn is_restart(text: &str) -> bool {
    let c = canonical(text);
    RESTART
        .iter()
        .any(|r| c.contains(r) && weight(&c.replacen(r, "", 1)) <= 6)
}

/// The buyer says they do not know or cannot find their order number.
pub(crate) fn dont_know_order(text: &str) -> bool {
    let c = canonical(text);
    const NOT: &[&str] = &[
        "不知道",
        "忘了",
        "忘记",
        "找不到",
        "不记得",
        "没有订单号",
        "没有单号",
        "在哪",
        "哪里",
        "怎么找",
        "怎么看",
        "don't know",
        "dont know",
        "do not know",
        "forgot",
        "can't find",
        "cant find",
        "cannot find",
        "lost",
        "no idea",
        "where",
        "how do i find",
        "don't have",
        "dont have",
    ];
    const ORDER: &[&str] = &[
        "订单号",
        "单号",
        "order number",
        "order no",
        "order id",
        "order #",
    ];
    NOT.iter().any(|n| c.contains(n)) && ORDER.iter().any(|o| c.contains(o))
}

/// A contact detail the buyer gave (e-mail, phone, QQ), usable as proof.
pub(crate) fn contact_proof(parse: &Parse) -> Option<String> {
    [EntityKind::Email, EntityKind::Phone, EntityKind::Qq]
        .into_iter()
        .find_map(|k| parse.values(k).next().map(str::to_string))
}

/// A lookup password in the raw text: after 密码/password, or a message that
/// is one token. Only read when the bot asked for proof; never stored.
pub(crate) fn password(raw: &str, parse: &Parse) -> Option<String> {
    let folded = kadesk_nlu::text::fold(raw);
    // ASCII lower-casing keeps byte offsets, so `pos` indexes `folded` too.
    let lower = folded.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "查询密码",
        "提取密码",
        "提取码",
        "查询码",
        "密码",
        "password",
        "pwd",
    ];
    for m in MARKERS {
        if let Some(pos) = lower.find(m) {
            let rest = &folded[pos + m.len()..];
            let rest = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '：' | '是' | '为' | '=' | ',' | '，')
            });
            let rest = rest
                .strip_prefix("is ")
                .map(str::trim_start)
                .unwrap_or(rest);
            let token: String = rest.chars().take_while(|c| is_token_char(*c)).collect();
            if (3..=64).contains(&token.chars().count()) {
                return Some(token);
            }
        }
    }
    let t = folded.trim();
    let n = t.chars().count();
    let single = (3..=64).contains(&n)
        && t.chars().all(is_token_char)
        && (n >= 6 || t.chars().any(|c| c.is_ascii_digit()))
        && yes_no(t).is_none()
        && parse.values(EntityKind::OrderNo).next().is_none();
    single.then(|| t.to_string())
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '-' | '@' | '.' | '#' | '!' | '$' | '%' | '&' | '*')
}

/// Words that carry no meaning in a slot answer ("my e-mail is …").
const FILLERS: &[&str] = &[
    "我的",
    "是",
    "的",
    "订单号",
    "订单",
    "单号",
    "号码",
    "邮箱",
    "手机号",
    "手机",
    "电话",
    "查询密码",
    "密码",
    "这个",
    "那个",
    "下单",
    "用的",
    "留的",
    "填的",
    "这",
    "就",
    "吧",
    "呢",
    "啊",
    "了",
    "交易号",
    "流水号",
    "my",
    "is",
    "it's",
    "its",
    "the",
    "order",
    "number",
    "no",
    "email",
    "e-mail",
    "mail",
    "phone",
    "mobile",
    "qq",
    "password",
    "here",
    "this",
    "one",
    "here's",
    "id",
    "transaction",
    "trade",
];

/// Weight of what is left of a message once its entities and filler words
/// are taken out: CJK characters count 2, other letters and digits 1. A
/// small weight means the message only answers the question asked.
pub(crate) fn residual_weight(parse: &Parse) -> usize {
    let chars: Vec<char> = parse.text.chars().collect();
    let mut kept = String::new();
    for (i, c) in chars.iter().enumerate() {
        if !parse.entities.iter().any(|e| e.start <= i && i < e.end) {
            kept.push(*c);
        }
    }
    let mut c = kadesk_nlu::text::fold(&kept).to_lowercase();
    // A filler that is not in the text changes nothing that counts: its
    // pass would only turn separators into spaces, which weigh nothing (so
    // skipping it keeps the weight; the bot runs this on every message).
    for f in fillers_longest_first() {
        if !c.contains(f) {
            continue;
        }
        if f.is_ascii() {
            c = c
                .split(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '-')
                .filter(|w| w != f)
                .collect::<Vec<_>>()
                .join(" ");
        } else {
            c = c.replace(f, " ");
        }
    }
    weight(&c)
}

/// [`FILLERS`], longest first (sorted once).
fn fillers_longest_first() -> &'static [&'static str] {
    static SORTED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        let mut fillers: Vec<&str> = FILLERS.to_vec();
        fillers.sort_by_key(|f| std::cmp::Reverse(f.len()));
        fillers
    })
}

fn weight(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if is_cjk(c) {
                2
            } else if c.is_alphanumeric() {
                1
            } else {
                0
            }
        })
        .sum()
}

pub(crate) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// How much a message says, for "is it worth searching for".
pub(crate) fn content_weight(text: &str) -> usize {
    weight(&canonical(text))
}

/// A refund reason code read from the text.
pub(crate) fn refund_reason(text: &str) -> Option<&'static str> {
    let c = canonical(text);
    const TABLE: &[(&str, &[&str])] = &[
        (
            "card_invalid",
            &[
                "无效",
                "用不了",
                "不能用",
                "无法使用",
                "已被使用",
                "invalid",
                "doesn't work",
                "not working",
                "already used",
            ],
        ),
        (
            "not_received",
            &[
                "没收到",
                "未收到",
                "没到账",
                "没发",
                "not received",
                "didn't get",
                "didn't receive",
                "never got",
            ],
        ),
        ("wrong_item", &["买错", "拍错", "选错", "错了", "wrong"]),
        (
            "duplicate",
            &["重复", "两次", "多买", "twice", "double", "duplicate"],
        ),
        (
            "changed_mind",
            &[
                "不想要",
                "不要了",
                "不需要",
                "changed my mind",
                "don't need",
                "dont need",
                "don't want",
            ],
        ),
    ];
    TABLE
        .iter()
        .find(|(_, words)| words.iter().any(|w| c.contains(w)))
        .map(|(code, _)| *code)
}

/// The buyer says they were charged twice.
pub(crate) fn double_charge(text: &str) -> bool {
    let c = canonical(text);
    [
        "两次",
        "重复扣",
        "扣了两",
        "多扣",
        "扣两次",
        "twice",
        "double",
        "two times",
        "charged 2",
    ]
    .iter()
    .any(|w| c.contains(w))
}

/// The usage guide a message (or a product name) points at: a platform the
/// NLU found with a `guide.<platform>` template, else the guide whose
/// longest keyword occurs in the text.
pub(crate) fn find_guide(templates: &Templates, text: &str, platforms: &[&str]) -> Option<String> {
    for p in platforms {
        let id = format!("guide.{p}");
        if templates.get(&id).is_some() {
            return Some(id);
        }
    }
    let c = canonical(text);
    let mut best: Option<(usize, &str)> = None;
    for (id, t) in templates.iter() {
        if !id.starts_with("guide.") {
            continue;
        }
        for k in &t.keywords {
            if contains_keyword(&c, k) && best.is_none_or(|(len, _)| k.len() > len) {
                best = Some((k.len(), id));
            }
        }
    }
    best.map(|(_, id)| id.to_string())
}

/// `text` contains `keyword`; ASCII keywords only as whole words.
fn contains_keyword(text: &str, keyword: &str) -> bool {
    if keyword.is_empty() {
        return false;
    }
    if !keyword.is_ascii() {
        return text.contains(keyword);
    }
    text.match_indices(keyword).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + keyword.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        edge(before) && edge(after)
    })
}

/// `"300 CNY"` → 300.0.
pub(crate) fn amount_value(entity_value: &str) -> Option<f64> {
    entity_value.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kadesk_nlu::{Entity, IntentScore, Language, Sentiment, SentimentLabel};

    fn parse(text: &str, entities: Vec<(EntityKind, &str)>) -> Parse {
        let mut ents = Vec::new();
        for (kind, value) in entities {
            let chars: Vec<char> = text.chars().collect();
            let v: Vec<char> = value.chars().collect();
            let start = (0..chars.len())
                .find(|i| chars[*i..].starts_with(&v))
                .expect("entity in text");
            ents.push(Entity {
                kind,
                value: value.to_string(),
                start,
                end: start + v.len(),
            });
        }
        Parse {
            text: text.to_string(),
            language: Language::Zh,
            intent: IntentScore {
                name: "fallback".into(),
                confidence: 0.9,
            },
            alternatives: vec![],
            entities: ents,
            sentiment: Sentiment {
                label: SentimentLabel::Neutral,
                score: 0.0,
                flags: vec![],
            },
        }
    }

    #[test]
    fn yes_and_no_are_read_from_short_answers_only() {
        for y in [
            "好的",
            "嗯嗯",
            "OK",
            "ｏｋ",
            "yes!",
            "收到了",
            "解决了",
            "it works",
        ] {
            assert_eq!(yes_no(y), Some(true), "{y}");
        }
        for n in ["没有", "还是不行", "No", "not yet", "没解决", "didn't help"] {
            assert_eq!(yes_no(n), Some(false), "{n}");
        }
        for other in ["我要退款", "yes I want a refund", "卡密没收到，订单D1"] {
            assert_eq!(yes_no(other), None, "{other}");
        }
    }

    #[test]
    fn restart_and_dont_know_are_recognised() {
        assert!(is_restart("重新开始"));
        assert!(is_restart("Start over please"));
        assert!(!is_restart("重新开始充值以后还是失败了怎么办呢"));
        assert!(dont_know_order("不知道订单号"));
        assert!(dont_know_order("I don't know my order number"));
        assert!(dont_know_order("订单号在哪里看"));
        assert!(!dont_know_order("订单号D20241120X7731"));
        assert!(!dont_know_order("where is my order"));
        assert!(!dont_know_order("我的订单到哪了"));
    }

    /// The weight as it was computed before skipping absent fillers: every
    /// filler's pass ran on every message.
    fn residual_weight_every_pass(parse: &Parse) -> usize {
        let chars: Vec<char> = parse.text.chars().collect();
        let kept: String = chars
            .iter()
            .enumerate()
            .filter(|(i, _)| !parse.entities.iter().any(|e| e.start <= *i && *i < e.end))
            .map(|(_, c)| *c)
            .collect();
        let mut c = kadesk_nlu::text::fold(&kept).to_lowercase();
        let mut fillers: Vec<&str> = FILLERS.to_vec();
        fillers.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for f in fillers {
            if f.is_ascii() {
                c = c
                    .split(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '-')
                    .filter(|w| *w != f)
                    .collect::<Vec<_>>()
                    .join(" ");
            } else {
                c = c.replace(f, " ");
            }
        }
        weight(&c)
    }

    #[test]
    fn skipping_absent_fillers_keeps_the_weight() {
        for text in [
            "我的QQ是 12345678",
            "my e-mail is a@b.com, here's the order number",
            "订单号：D20241120X7731！！ 我要退款",
            "it's 13800138000 (phone)… 就这个吧",
            "Here’s my ORDER-ID: this one; 查询密码是abc-123",
            "the the the 了了 email--mail ,,, qq号",
            "",
        ] {
            let p = parse(text, Vec::new());
            assert_eq!(
                residual_weight(&p),
                residual_weight_every_pass(&p),
                "{text}"
            );
        }
        let p = parse(
            "D20241120X7731 这个订单我要退款",
            vec![(EntityKind::OrderNo, "D20241120X7731")],
        );
        assert_eq!(residual_weight(&p), residual_weight_every_pass(&p));
    }

    #[test]
    fn slot_answers_have_little_left_over() {
        let p = parse("我的QQ是 12345678", vec![(EntityKind::Qq, "12345678")]);
        assert!(residual_weight(&p) <= 6, "{}", residual_weight(&p));
        let p = parse("my email is a@b.com", vec![(EntityKind::Email, "a@b.com")]);
        assert!(residual_weight(&p) <= 6, "{}", residual_weight(&p));
        let p = parse(
            "D20241120X7731 这个订单我要退款",
            vec![(EntityKind::OrderNo, "D20241120X7731")],
        );
        assert!(residual_weight(&p) > 6, "{}", residual_weight(&p));
    }

    #[test]
    fn passwords_are_read_after_a_marker_or_alone() {
        let p = parse("查询密码 abc123", vec![]);
        assert_eq!(password("查询密码 abc123", &p).as_deref(), Some("abc123"));
        assert_eq!(
            password("my password is Secret-9", &p).as_deref(),
            Some("Secret-9")
        );
        assert_eq!(password("  x7Kq92 ", &p).as_deref(), Some("x7Kq92"));
        assert_eq!(password("我也不知道", &p), None);
    }

    #[test]
    fn every_kind_of_proof_is_hidden_by_the_same_rule() {
        let cases = [
            ("a@b.com", vec![(EntityKind::Email, "a@b.com")], "••••••"),
            (
                "邮箱 a@b.com",
                vec![(EntityKind::Email, "a@b.com")],
                "邮箱 ••••••",
            ),
            (
                "13800138000",
                vec![(EntityKind::Phone, "13800138000")],
                "••••••",
            ),
            (
                "手机 13800138000 谢谢",
                vec![(EntityKind::Phone, "13800138000")],
                "手机 •••••• 谢谢",
            ),
            (
                "QQ 12345678",
                vec![(EntityKind::Qq, "12345678")],
                "QQ ••••••",
            ),
            ("查询密码 abc123", vec![], "查询密码 ••••••"),
        ];
        for (raw, ents, want) in cases {
            let p = parse(raw, ents);
            assert_eq!(
                crate::redact_password(raw, &p).as_deref(),
                Some(want),
                "{raw}"
            );
        }
        assert_eq!(
            crate::redact_password("好的谢谢", &parse("好的谢谢", vec![])),
            None
        );
    }

    #[test]
    fn refund_reasons_and_double_charges() {
        assert_eq!(refund_reason("买错了能退吗"), Some("wrong_item"));
        assert_eq!(
            refund_reason("the code is invalid, refund"),
            Some("card_invalid")
        );
        assert_eq!(refund_reason("我要退款"), None);
        assert!(double_charge("被扣了两次钱"));
        assert!(double_charge("I was charged twice"));
    }

    #[test]
    fn guides_are_found_by_platform_then_keyword() {
        let t = Templates::builtin();
        assert_eq!(
            find_guide(&t, "xx", &["steam"]).as_deref(),
            Some("guide.steam")
        );
        assert_eq!(
            find_guide(&t, "王者荣耀点券怎么充", &[]).as_deref(),
            Some("guide.honor_of_kings")
        );
        assert_eq!(
            find_guide(&t, "windows激活码怎么用", &[]).as_deref(),
            Some("guide.windows")
        );
        assert_eq!(
            find_guide(&t, "腾讯视频会员怎么激活", &["tencent"]).as_deref(),
            Some("guide.tencent_video")
        );
        assert_eq!(find_guide(&t, "随便问问", &["alipay"]), None);
    }
}

/// The buyer explicitly asks for a person ("转人工", "人工客服", "找真人",
/// "talk to a human", "real person", "human agent"), anywhere in the message.
pub(crate) fn asks_for_person(text: &str) -> bool {
    const ZH: &[&str] = &[
        "转人工",
        "人工客服",
        "找人工",
        "要人工",
        "接人工",
        "真人客服",
        "找真人",
    ];
    const EN: &[&str] = &[
        "human agent",
        "real person",
        "talk to a human",
        "speak to a human",
        "live agent",
        "talk to a person",
        "speak to a person",
    ];
    let lower = text.to_lowercase();
    ZH.iter().any(|w| text.contains(w)) || EN.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod asks_for_person_tests {
    use super::asks_for_person;

    #[test]
    fn explicit_requests_for_a_person_are_found_anywhere() {
        for yes in [
            "我用支付宝付的 300 元，太慢了，转人工",
            "人工客服在吗",
            "I want a real person now",
            "can I talk to a human?",
        ] {
            assert!(asks_for_person(yes), "{yes}");
        }
        for no in [
            "充值失败了",
            "人工智能是什么",
            "the person who sold it",
            "how do I redeem",
        ] {
            assert!(!asks_for_person(no), "{no}");
        }
    }
}
