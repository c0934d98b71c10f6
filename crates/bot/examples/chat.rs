//! A terminal test chat with the bot and a tiny demo shop.
//!
//! ```sh
//! cargo run -p kadesk-bot --example chat
//! ```
//!
//! Type as a buyer; `/button PAYLOAD`, `/screenshot {json}`, `/handback` and
//! `/rate N` stand for what is not typed. Demo orders, all bought with
//! `buyer@example.com` (the proof the bot asks for): `D20241120X7731`
//! (delivered), `D20241121P0002` (paid, not delivered), `D20241122U0003`
//! (unpaid). Knowledge: anything with "E003".

use std::io::BufRead;

use kadesk_bot::{
    decide, Action, BotConfig, Context, Diagnosis, DialogState, Event, Input, OrderFacts, Templates,
};

fn order(no: &str, product: &str, amount: &str, d: Diagnosis, zh: &str, en: &str) -> OrderFacts {
    OrderFacts {
        order_no: no.into(),
        product: product.into(),
        amount: amount.into(),
        currency: "CNY".into(),
        diagnosis: d,
        wording_zh: zh.into(),
        wording_en: en.into(),
        escalate: (d == Diagnosis::PaidNotDelivered).then(|| "paid_not_delivered".into()),
        minutes_since_paid: Some(12),
        ..OrderFacts::default()
    }
}

fn answer(a: &Action) -> Option<Event> {
    let orders = [
        order(
            "D20241120X7731",
            "王者荣耀点券 60 元",
            "30.00",
            Diagnosis::Delivered,
            "已付款，卡密已自动发放",
            "Paid; the card keys were delivered.",
        ),
        order(
            "D20241121P0002",
            "Steam 钱包码 100 元",
            "100.00",
            Diagnosis::PaidNotDelivered,
            "已付款，但卡密未发放",
            "Paid, but the card keys were not delivered.",
        ),
        order(
            "D20241122U0003",
            "腾讯视频 VIP 月卡",
            "15.00",
            Diagnosis::Unpaid,
            "订单未付款",
            "The order is not paid.",
        ),
    ];
    let find = |no: &str| {
        orders
            .iter()
            .find(|o| o.order_no.eq_ignore_ascii_case(no))
            .cloned()
    };
    match a {
        // Every demo order is bought with buyer@example.com. A wrong proof
        // and an unknown order get the same answer.
        Action::VerifyOrder {
            order_no,
            by_trade_no,
            proof,
            redeliver,
        } => Some(match find(order_no) {
            Some(o) if !by_trade_no && proof.expose() == "buyer@example.com" => Event::Verified {
                keys: usize::from(*redeliver && o.diagnosis == Diagnosis::Delivered),
                order: o,
            },
            _ => Event::VerificationFailed {
                order_no: order_no.clone(),
                locked: false,
            },
        }),
        Action::SearchKnowledge { query } if query.contains("E003") => {
            Some(Event::KnowledgeAnswer {
                title: "E003".into(),
                answer: "E003 表示卡密已在其他账号兑换。".into(),
            })
        }
        Action::SearchKnowledge { .. } => Some(Event::KnowledgeNone),
        _ => None,
    }
}

fn main() {
    let nlu = kadesk_nlu::Nlu::builtin();
    let (config, templates) = (BotConfig::default(), Templates::builtin());
    let ctx = Context::default();
    let mut state = DialogState::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let first = match Input::from_line(&line) {
            Input::Text(text) => Event::Message {
                parse: nlu.parse(&text, None),
                text,
            },
            Input::Button(payload) => Event::QuickReply { payload },
            Input::Screenshot(f) => Event::Screenshot(f),
            Input::HandBack => Event::HandedBack,
            Input::Rate(stars) => Event::Rated { stars },
            Input::Reopen => {
                state.reopen();
                println!("(reopened: a fresh flow)");
                continue;
            }
        };
        let mut queue = vec![first];
        while let Some(event) = queue.pop() {
            for a in decide(&mut state, &event, &ctx, &config, &templates) {
                match &a {
                    Action::Reply {
                        text,
                        quick_replies,
                        ..
                    } => {
                        println!("bot: {text}");
                        for q in quick_replies {
                            println!("     [{}] /button {}", q.label, q.payload);
                        }
                    }
                    Action::Handoff {
                        reasons,
                        priority,
                        summary,
                    } => {
                        println!(
                            "-- handoff {reasons:?} {priority:?}\n   {}",
                            summary.text_zh
                        )
                    }
                    other => println!("-- {}", other.kind()),
                }
                queue.extend(answer(&a));
            }
        }
    }
}
