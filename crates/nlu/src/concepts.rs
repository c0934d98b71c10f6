//! Concept features: bilingual synonym clusters of this domain.
//!
//! Buyers say the same thing in many ways and two languages: 退款, 退钱,
//! 钱退给我, "refund", "money back". Each cluster below is one feature, so an
//! example in one wording (or language) teaches the model about the others,
//! which n-grams alone cannot. Concepts are features for the learned model,
//! not rules: the model decides how much each one counts for each intent, and
//! sequences of two concepts (paid → not received) are features too.
//!
//! Forms are matched in canonical text (lower case, typos fixed). Chinese
//! forms match anywhere; ASCII forms match whole words, and a form ending in
//! `*` matches any word starting with it.

use std::collections::HashMap;

use regex::Regex;

/// (concept, forms).
const CONCEPTS: &[(&str, &[&str])] = &[
    (
        "cardkey",
        &[
            "卡密",
            "卡号",
            "激活码",
            "兑换码",
            "充值码",
            "序列号",
            "密钥",
            "礼品卡",
            "点卡",
            "充值卡",
            "cdk",
            "cdkey",
            "key",
            "keys",
            "code",
            "codes",
            "voucher",
            "pin",
            "serial",
            "license",
            "gift card",
            "redeem code",
            "activation key",
            "码",
        ],
    ),
    (
        "not_received",
        &[
            "没收到",
            "没有收到",
            "未收到",
            "收不到",
            "没给",
            "不给",
            "没发",
            "不发",
            "没发货",
            "不发货",
            "没到",
            "还没到",
            "没看到",
            "没显示",
            "是空的",
            "为空",
            "在哪里看",
            "在哪看",
            "只到了",
            "只收到",
            "只发了",
            "补发",
            "重新发",
            "再发",
            "never got",
            "not received",
            "didnt receive",
            "didnt get",
            "havent received",
            "havent got",
            "never received",
            "no key",
            "no code",
            "nothing delivered",
            "never arrived",
            "not delivered",
            "never came",
            "didnt arrive",
            "did not arrive",
            "not arrived",
            "still waiting",
            "resend",
            "send again",
            "blank",
            "got nothing",
            "only received",
        ],
    ),
    (
        "paid",
        &[
            "付款了",
            "付了",
            "已付",
            "已经付",
            "支付成功",
            "付完",
            "钱转了",
            "扣款",
            "扣了",
            "扣钱",
            "钱扣了",
            "已支付",
            "付过",
            "买了",
            "下单了",
            "paid",
            "payment went through",
            "charged",
            "money taken",
            "money deducted",
            "after paying",
            "bought",
            "purchased",
        ],
    ),
    (
        "invalid",
        &[
            "无效",
            "用不了",
            "不能用",
            "已使用",
            "已被使用",
            "被使用",
            "用过",
            "被用",
            "过期",
            "失效",
            "不正确",
            "不存在",
            "兑换失败",
            "激活失败",
            "兑换不了",
            "激活不了",
            "已激活",
            "已被兑换",
            "冻结",
            "锁定",
            "不对",
            "错误",
            "报错",
            "是假的",
            "假的",
            "invalid",
            "not valid",
            "isnt valid",
            "doesnt work",
            "not working",
            "dont work",
            "already used",
            "already redeemed",
            "already claimed",
            "already activated",
            "been used",
            "expired",
            "rejected",
            "wrong pin",
            "not found",
            "not accepted",
            "wont activate",
        ],
    ),
    (
        "recharge",
        &[
            "充值",
            "直充",
            "代充",
            "充了",
            "充的",
            "充进",
            "到账",
            "点券",
            "钻石",
            "游戏币",
            "q币",
            "话费",
            "流量",
            "余额",
            "金币",
            "水晶",
            "结晶",
            "会员",
            "开通",
            "生效",
            "top up",
            "topup",
            "top-up",
            "topped up",
            "recharge",
            "recharged",
            "recharging",
            "credited",
            "gems",
            "diamonds",
            "coins",
            "uc",
            "points",
            "crystals",
            "balance",
            "membership",
            "vip",
            "credit",
        ],
    ),
    (
        "failed",
        &[
            "失败",
            "不成功",
            "没成功",
            "不了",
            "没反应",
            "超时",
            "异常",
            "出错",
            "failed",
            "failing",
            "unsuccessful",
            "didnt go through",
            "did not go through",
            "error",
            "timed out",
            "timeout",
            "stuck",
        ],
    ),
    (
        "payment",
        &[
            "支付",
            "付款",
            "付不了",
            "扫码",
            "二维码",
            "收银台",
            "银行卡",
            "信用卡",
            "支付宝",
            "微信支付",
            "交易",
            "收款",
            "支付方式",
            "支付通道",
            "payment",
            "pay",
            "paying",
            "checkout",
            "check out",
            "declined",
            "qr",
            "paypal",
            "billing",
            "transaction",
            "crypto",
            "usdt",
            "credit card",
            "card declined",
        ],
    ),
    (
        "unpaid",
        &[
            "未支付",
            "未付款",
            "待支付",
            "没付款",
            "显示未",
            "unpaid",
            "not paid",
            "shows unpaid",
        ],
    ),
    (
        "twice",
        &[
            "两次",
            "重复",
            "多扣",
            "多付",
            "扣了两",
            "twice",
            "double",
            "duplicate",
        ],
    ),
    (
        "refund",
        &[
            "退款",
            "退钱",
            "退回",
            "钱退",
            "退了",
            "还钱",
            "还给我",
            "还我",
            "退一下",
            "退给我",
            "能退",
            "可以退",
            "退吗",
            "取消订单",
            "原路返回",
            "refund",
            "refunded",
            "money back",
            "return it",
            "reimburse",
            "cancel",
        ],
    ),
    (
        "wrong_item",
        &[
            "发错",
            "给错",
            "不对",
            "不一样",
            "不符",
            "不是我买的",
            "错了",
            "不一致",
            "货不对板",
            "给的是",
            "发的是",
            "到的是",
            "结果是",
            "实际",
            "买a发b",
            "wrong",
            "different",
            "instead of",
            "not what i ordered",
            "doesnt match",
            "mismatch",
            "not the item",
            "not the product",
            "got a",
            "received a",
        ],
    ),
    (
        "variant",
        &[
            "区",
            "国服",
            "港服",
            "台服",
            "国际服",
            "版本",
            "版",
            "面值",
            "规格",
            "天数",
            "月卡",
            "周卡",
            "年卡",
            "季卡",
            "永久",
            "试用",
            "安卓",
            "苹果",
            "ios",
            "region",
            "edition",
            "version",
            "denomination",
            "value",
            "monthly",
            "weekly",
            "yearly",
            "months",
            "lifetime",
            "trial",
            "android",
            "pro",
            "home",
        ],
    ),
    (
        "howto",
        &[
            "怎么用",
            "怎么兑换",
            "怎么激活",
            "怎么使用",
            "怎么",
            "在哪",
            "哪里",
            "哪儿",
            "教程",
            "步骤",
            "教一下",
            "教我",
            "不会",
            "下一步",
            "操作",
            "how to",
            "how do i",
            "where do i",
            "where to",
            "steps",
            "guide",
            "instructions",
            "walk me through",
            "what do i do",
        ],
    ),
    (
        "redeem",
        &[
            "兑换",
            "激活",
            "使用",
            "输入",
            "绑定",
            "输在",
            "登录使用",
            "用法",
            "redeem",
            "redeeming",
            "activate",
            "activation",
            "enter",
            "use",
            "claim",
        ],
    ),
    (
        "shop",
        &[
            "有货",
            "库存",
            "补货",
            "多少钱",
            "价格",
            "优惠",
            "折扣",
            "便宜",
            "贵",
            "批量",
            "有没有",
            "有吗",
            "卖不卖",
            "卖吗",
            "卖什么",
            "正版",
            "划算",
            "in stock",
            "stock",
            "restock",
            "price",
            "how much",
            "discount",
            "coupon",
            "cheap*",
            "sell",
            "available",
            "bulk",
            "do you have",
            "offer",
        ],
    ),
    (
        "human",
        &[
            "人工",
            "真人",
            "活人",
            "客服本人",
            "工作人员",
            "店主",
            "老板出来",
            "找人",
            "转接",
            "换个人",
            "让人",
            "human",
            "real person",
            "agent",
            "agents",
            "representative",
            "staff",
            "operator",
            "someone",
            "manager",
            "person",
        ],
    ),
    ("bot", &["机器人", "自动回复", "机器", "bot"]),
    (
        "complaint",
        &[
            "投诉",
            "差评",
            "态度",
            "服务",
            "太差",
            "失望",
            "没人理",
            "没人回",
            "敷衍",
            "不满",
            "体验",
            "效率",
            "售后",
            "不负责",
            "再也不",
            "曝光",
            "complaint",
            "terrible",
            "worst",
            "service",
            "rude",
            "disappointed",
            "unacceptable",
            "nobody",
            "ignored",
            "review",
            "experience",
            "never buying",
            "avoid",
        ],
    ),
    (
        "fraud",
        &[
            "骗",
            "诈骗",
            "冒充",
            "盗",
            "盗刷",
            "盗用",
            "钓鱼",
            "不是我",
            "没授权",
            "未授权",
            "陌生人",
            "被骗",
            "自称",
            "代理",
            "假客服",
            "偷偷",
            "报案",
            "保证金",
            "scam*",
            "fraud*",
            "fake",
            "impersonat*",
            "phishing",
            "hacked",
            "stolen",
            "unauthorized",
            "without permission",
            "didnt make",
            "pretending",
            "claiming",
            "tricked",
            "police",
        ],
    ),
    (
        "account",
        &[
            "账号",
            "账户",
            "帐号",
            "登录",
            "密码",
            "注册",
            "验证码",
            "绑定",
            "注销",
            "封",
            "冻结",
            "实名",
            "个人中心",
            "积分",
            "二次验证",
            "邮箱验证",
            "account",
            "login",
            "log in",
            "sign in",
            "password",
            "register",
            "sign up",
            "verification",
            "2fa",
            "banned",
            "suspended",
            "locked",
            "reset",
            "unlock",
        ],
    ),
    (
        "order",
        &[
            "订单", "单号", "单子", "下单", "这单", "那单", "查单", "order", "orders", "purchase",
        ],
    ),
    (
        "status",
        &[
            "状态",
            "进度",
            "处理",
            "查",
            "查询",
            "到哪",
            "多久",
            "排队",
            "完成",
            "什么情况",
            "怎么样了",
            "发货了吗",
            "处理中",
            "status",
            "progress",
            "update",
            "track",
            "processing",
            "pending",
            "check",
            "how long",
            "queue",
            "look up",
            "completed",
            "went through",
            "happening",
        ],
    ),
    (
        "greet",
        &[
            "你好",
            "您好",
            "在吗",
            "在不在",
            "有人吗",
            "有人在",
            "哈喽",
            "嗨",
            "早上好",
            "晚上好",
            "下午好",
            "在么",
            "在线吗",
            "喂",
            "hi",
            "hello",
            "hey",
            "good morning",
            "good evening",
            "good afternoon",
            "anyone",
            "anybody",
            "morning",
            "evening",
            "hiya",
            "greetings",
        ],
    ),
    (
        "thanks",
        &[
            "谢谢",
            "感谢",
            "多谢",
            "谢了",
            "谢啦",
            "辛苦",
            "麻烦你了",
            "thank*",
            "thx",
            "appreciate*",
            "cheers",
            "grateful",
        ],
    ),
    (
        "bye",
        &[
            "再见",
            "拜拜",
            "拜",
            "下次",
            "回头见",
            "先这样",
            "下线",
            "晚安",
            "撤了",
            "先走",
            "bye*",
            "goodbye",
            "see you",
            "see ya",
            "later",
            "good night",
            "take care",
            "signing off",
        ],
    ),
    (
        "done",
        &[
            "没事了",
            "没别的",
            "就这样",
            "就这些",
            "结束",
            "没问题了",
            "不打扰",
            "thats all",
            "nothing else",
            "no more questions",
            "close the chat",
            "end chat",
            "done",
            "everything",
        ],
    ),
    (
        "email",
        &["邮箱", "邮件", "垃圾箱", "email", "e-mail", "spam", "mail"],
    ),
];

/// Finds concepts in canonical text; built once.
pub(crate) struct ConceptMatcher {
    pattern: Regex,
    /// Form (without `*`) → (concept ids, is prefix form).
    forms: HashMap<String, (Vec<u16>, bool)>,
}

impl ConceptMatcher {
    pub(crate) fn new() -> Self {
        let mut forms: HashMap<String, (Vec<u16>, bool)> = HashMap::new();
        for (id, (_, list)) in CONCEPTS.iter().enumerate() {
            for form in list.iter() {
                let prefix = form.ends_with('*');
                let f = form.trim_end_matches('*').to_string();
                let entry = forms.entry(f).or_insert_with(|| (Vec::new(), prefix));
                if !entry.0.contains(&(id as u16)) {
                    entry.0.push(id as u16);
                }
            }
        }
        let mut keys: Vec<&String> = forms.keys().collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation = keys
            .iter()
            .map(|k| {
                let (_, prefix) = forms[k.as_str()];
                if prefix {
                    format!("{}[a-z]*", regex::escape(k))
                } else {
                    regex::escape(k)
                }
            })
            .collect::<Vec<_>>()
            .join("|");
        let pattern = crate::table_regex(&alternation, "concept table");
        ConceptMatcher { pattern, forms }
    }

    /// Concept ids found in `canonical`, in order of appearance.
    pub(crate) fn find(&self, canonical: &str, out: &mut Vec<u16>) {
        out.clear();
        for m in self.pattern.find_iter(canonical) {
            let s = m.as_str();
            let before = canonical[..m.start()].chars().next_back();
            let after = canonical[m.end()..].chars().next();
            let ascii = s.is_ascii();
            if ascii && before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let entry = self.forms.get(s).or_else(|| {
                // A prefix form with its word ending.
                self.forms
                    .iter()
                    .filter(|(k, (_, prefix))| *prefix && s.starts_with(k.as_str()))
                    .max_by_key(|(k, _)| k.len())
                    .map(|(_, v)| v)
            });
            let Some((ids, prefix)) = entry else { continue };
            if ascii && !prefix && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            out.extend_from_slice(ids);
        }
    }

    /// Number of concepts.
    #[cfg(test)]
    pub(crate) fn name(id: u16) -> &'static str {
        CONCEPTS[id as usize].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        let m = ConceptMatcher::new();
        let mut out = Vec::new();
        m.find(text, &mut out);
        out.into_iter().map(ConceptMatcher::name).collect()
    }

    #[test]
    fn paraphrases_in_two_languages_share_concepts() {
        assert_eq!(names("钱退给我"), vec!["refund"]);
        assert_eq!(names("i want my money back"), vec!["refund"]);
        assert_eq!(
            names("付了钱没收到卡密"),
            vec!["paid", "not_received", "cardkey"]
        );
        assert_eq!(
            names("paid but never got the code"),
            vec!["paid", "not_received", "cardkey"]
        );
    }

    #[test]
    fn ascii_forms_match_whole_words_or_prefixes() {
        assert_eq!(names("hit"), Vec::<&str>::new());
        assert_eq!(names("this is a scammer"), vec!["fraud"]);
        assert_eq!(names("keyboard"), Vec::<&str>::new());
    }
}
