//! What kind of screen it is.

use super::*;

pub(crate) fn has_line(items: &[Item], keys: &[&str]) -> bool {
    items
        .iter()
        .any(|i| keys.contains(&i.key.trim_end_matches(['.', '!', '。'])))
}

pub(crate) fn has_prefix(items: &[Item], keys: &[&str]) -> bool {
    items
        .iter()
        .any(|i| keys.iter().any(|k| i.key.starts_with(k)))
}

/// Words of an error dialog's title.
const ERROR_WORDS: &[&str] = &[
    "失败",
    "错误",
    "异常",
    "出错",
    "无效",
    "failed",
    "error",
    "wentwrong",
    "oops",
    "unable",
    "invalid",
    "declined",
    "denied",
];
/// Buttons of a dialog.
pub(crate) const BUTTONS: &[&str] = &[
    "确定",
    "取消",
    "重试",
    "我知道了",
    "知道了",
    "联系客服",
    "关闭",
    "好的",
    "ok",
    "cancel",
    "retry",
    "gotit",
    "close",
    "tryagain",
    "contactsupport",
    "dismiss",
];

pub(crate) fn is_error_title(i: &Item) -> bool {
    let n = i.key.chars().count();
    n <= 24 && ERROR_WORDS.iter().any(|w| i.key.contains(w))
}

/// A sign of one kind of screen.
enum Cue {
    /// An error code was read.
    ErrorCode,
    /// A short title with an error word ([`ERROR_WORDS`]).
    ErrorTitle,
    /// A whole line is one of these (trailing `.`/`!`/`。` ignored).
    Line(&'static [&'static str]),
    /// A line starts with one of these.
    Prefix(&'static [&'static str]),
    /// Each of these that starts a line counts, at most `most` of them.
    EachPrefix {
        keys: &'static [&'static str],
        most: usize,
    },
    /// A line starts with one of `prefixes` or ends with `suffix`.
    PrefixOrSuffix {
        prefixes: &'static [&'static str],
        suffix: &'static str,
    },
    /// A send button in the bottom fifth of the text block.
    SendAtBottom,
}

/// How much a cue counts for a kind of screen.
struct Weight {
    kind: Kind,
    cue: Cue,
    weight: f32,
}

/// The labels payment apps print on a receipt.
const RECEIPT_STRONG: &[&str] = &[
    "账单详情",
    "支付详情",
    "交易详情",
    "收款方全称",
    "收款方",
    "商户全称",
    "交易单号",
    "商户单号",
    "商家订单号",
    "商户订单号",
    "支付宝交易号",
    "账单分类",
    "paidwith",
    "fundingsource",
    "invoiceid",
    "sentto",
    "paymentsent",
];

/// Every classification weight, in one table: the kind with the highest
/// total wins when it reaches [`MIN_SCORE`].
const WEIGHTS: &[Weight] = &[
    // Error dialog: a code, a short title with an error word, dialog buttons.
    Weight {
        kind: Kind::ErrorDialog,
        cue: Cue::ErrorCode,
        weight: 3.0,
    },
    Weight {
        kind: Kind::ErrorDialog,
        cue: Cue::ErrorTitle,
        weight: 2.0,
    },
    Weight {
        kind: Kind::ErrorDialog,
        cue: Cue::Line(BUTTONS),
        weight: 0.5,
    },
    // Payment receipt: the labels payment apps print.
    Weight {
        kind: Kind::PaymentReceipt,
        cue: Cue::EachPrefix {
            keys: RECEIPT_STRONG,
            most: 3,
        },
        weight: 2.0,
    },
    Weight {
        kind: Kind::PaymentReceipt,
        cue: Cue::Prefix(&["youpaid", "paymentto", "yousent"]),
        weight: 3.0,
    },
    Weight {
        kind: Kind::PaymentReceipt,
        cue: Cue::Line(&["paypal"]),
        weight: 2.0,
    },
    // Order page: the shop's order detail.
    Weight {
        kind: Kind::OrderPage,
        cue: Cue::Line(&[
            "订单详情",
            "订单信息",
            "查询订单",
            "订单查询",
            "orderdetails",
            "order",
            "orderdetail",
        ]),
        weight: 3.0,
    },
    Weight {
        kind: Kind::OrderPage,
        cue: Cue::Prefix(&["购买数量", "quantity", "数量"]),
        weight: 2.0,
    },
    Weight {
        kind: Kind::OrderPage,
        cue: Cue::Prefix(&["复制订单号", "copyorder", "卡密信息", "yourcardkey", "卡密"]),
        weight: 2.0,
    },
    Weight {
        kind: Kind::OrderPage,
        cue: Cue::Prefix(&["订单号", "订单编号", "orderno", "ordernumber", "orderid"]),
        weight: 1.0,
    },
    // Product page: buy buttons, stock, sales.
    Weight {
        kind: Kind::ProductPage,
        cue: Cue::Prefix(&["立即购买", "buynow", "马上购买"]),
        weight: 3.0,
    },
    Weight {
        kind: Kind::ProductPage,
        cue: Cue::Prefix(&["加入购物车", "addtocart"]),
        weight: 2.0,
    },
    Weight {
        kind: Kind::ProductPage,
        cue: Cue::Prefix(&["库存", "instock"]),
        weight: 2.0,
    },
    Weight {
        kind: Kind::ProductPage,
        cue: Cue::PrefixOrSuffix {
            prefixes: &["已售", "销量"],
            suffix: "sold",
        },
        weight: 1.0,
    },
    // Chat: a send button at the bottom.
    Weight {
        kind: Kind::Chat,
        cue: Cue::SendAtBottom,
        weight: 4.0,
    },
];

/// Below this best score the screen is [`Kind::Other`].
const MIN_SCORE: f32 = 2.0;

/// Where a send button must be, as a share of the text block's height from its top.
const SEND_BUTTON_BELOW: f32 = 0.8;

/// How many times a cue is seen (0 when not at all).
fn hits(cue: &Cue, items: &[Item], height: f32, has_error_code: bool) -> usize {
    let seen = |b: bool| usize::from(b);
    match cue {
        Cue::ErrorCode => seen(has_error_code),
        Cue::ErrorTitle => seen(items.iter().any(is_error_title)),
        Cue::Line(keys) => seen(has_line(items, keys)),
        Cue::Prefix(keys) => seen(has_prefix(items, keys)),
        Cue::EachPrefix { keys, most } => keys
            .iter()
            .filter(|k| has_prefix(items, &[**k]))
            .count()
            .min(*most),
        Cue::PrefixOrSuffix { prefixes, suffix } => {
            seen(has_prefix(items, prefixes) || items.iter().any(|i| i.key.ends_with(suffix)))
        }
        Cue::SendAtBottom => {
            let top = items.iter().map(|i| i.y0).fold(f32::MAX, f32::min);
            seen(items.iter().any(|i| {
                (i.key == "发送" || i.key == "send") && i.cy - top > SEND_BUTTON_BELOW * height
            }))
        }
    }
}

/// The kind of screen: the cues of [`WEIGHTS`] summed per kind.
pub(crate) fn classify(items: &[Item], height: f32, has_error_code: bool) -> Kind {
    let mut score = [0f32; 6];
    let idx = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(5);
    for w in WEIGHTS {
        let n = hits(&w.cue, items, height, has_error_code);
        if n > 0 {
            score[idx(w.kind)] += w.weight * n as f32;
        }
    }
    let (best, &best_score) = score
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap_or((5, &0.0));
    if best_score < MIN_SCORE {
        Kind::Other
    } else {
        Kind::ALL[best]
    }
}
