//! Behaviour of the whole pipeline, one behaviour per test.

use std::sync::OnceLock;

use super::*;

fn nlu() -> &'static Nlu {
    static NLU: OnceLock<Nlu> = OnceLock::new();
    NLU.get_or_init(Nlu::builtin)
}

fn intent(text: &str) -> String {
    nlu().parse(text, None).intent.name
}

#[test]
fn nlu_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Nlu>();
    assert_send_sync::<Catalogue>();
}

#[test]
fn parse_serialises_to_the_documented_json_shape() {
    let p = nlu().parse("订单D20241120X7731没收到卡密，急死了！", None);
    let json = serde_json::to_string(&p).expect("serialisable");
    // Fields in the documented order.
    let positions: Vec<usize> = [
        "\"text\":",
        "\"language\":",
        "\"intent\":",
        "\"alternatives\":",
        "\"entities\":",
        "\"sentiment\":",
    ]
    .iter()
    .map(|k| json.find(k).unwrap_or(usize::MAX))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    assert_eq!(v.as_object().map(|o| o.len()), Some(6));
    assert_eq!(v["language"], "zh");
    assert!(v["intent"]["name"].is_string());
    assert!(v["intent"]["confidence"].is_number());
    assert!(v["alternatives"][0]["name"].is_string());
    let entity = &v["entities"][0];
    assert_eq!(entity["kind"], "order_no");
    assert_eq!(entity["value"], "D20241120X7731");
    assert_eq!(entity["start"], 2);
    assert_eq!(entity["end"], 16);
    assert_eq!(v["sentiment"]["label"], "negative");
    assert_eq!(v["sentiment"]["flags"], serde_json::json!(["urgency"]));
    let back: Parse = serde_json::from_value(v).expect("round trip");
    assert_eq!(back, p);
}

#[test]
fn typical_messages_get_their_intent() {
    let cases = [
        ("你好", "greeting"),
        ("hello, anyone there?", "greeting"),
        ("谢谢老板", "thanks"),
        ("拜拜", "goodbye"),
        ("帮我查下订单20241120153012345678的状态", "order_status"),
        ("付款了但是没收到卡密", "card_not_received"),
        ("I paid but never got my key", "card_not_received"),
        ("卡密显示已被使用", "card_invalid"),
        ("the code says invalid", "card_invalid"),
        ("点券直充没到账", "recharge_failed"),
        ("支付宝付款失败", "payment_issue"),
        ("我要退款", "refund_request"),
        ("you sent me the wrong region", "product_mismatch"),
        ("兑换码怎么用", "usage_help"),
        ("有货吗，多少钱", "product_inquiry"),
        ("转人工", "human_agent"),
        ("你们服务太差了，我要投诉", "complaint"),
        ("有人冒充你们客服骗我", "fraud_report"),
        ("忘记密码登录不了", "account_issue"),
    ];
    for (text, want) in cases {
        assert_eq!(intent(text), want, "{text}");
    }
}

#[test]
fn typos_homophones_and_pinyin_are_understood() {
    assert_eq!(intent("卡蜜没收到"), "card_not_received");
    assert_eq!(intent("冲值失败 没到账"), "recharge_failed");
    assert_eq!(intent("兑换吗无效"), "card_invalid");
    assert_eq!(intent("zhuan ren gong"), "human_agent");
    assert_eq!(intent("i didnt recieve my code"), "card_not_received");
}

#[test]
fn gibberish_falls_back_with_alternatives() {
    for text in ["asdkjh qwe zxcmn", "🙂🙂", "lorem ipsum", "。。。"] {
        let p = nlu().parse(text, None);
        assert_eq!(p.intent.name, FALLBACK, "{text}: {p:?}");
        assert!(!p.alternatives.is_empty());
    }
}

#[test]
fn low_confidence_means_fallback_and_the_best_guess_becomes_an_alternative() {
    let strict = nlu().clone().with_config(NluConfig {
        fallback_threshold: 1.1,
        alternatives: 3,
    });
    let p = strict.parse("卡密没收到", None);
    assert_eq!(p.intent.name, FALLBACK);
    assert_eq!(p.alternatives[0].name, "card_not_received");
}

#[test]
fn alternatives_are_sorted_bounded_and_never_fallback() {
    let p = nlu().parse("钱扣了卡密也没给，退钱", None);
    assert_eq!(p.alternatives.len(), 3);
    assert!(p.alternatives.iter().all(|a| a.name != FALLBACK));
    assert!(p.alternatives.iter().all(|a| a.name != p.intent.name));
    assert!(p
        .alternatives
        .windows(2)
        .all(|w| w[0].confidence >= w[1].confidence));
    let total: f32 = std::iter::once(p.intent.confidence)
        .chain(p.alternatives.iter().map(|a| a.confidence))
        .sum();
    assert!(total <= 1.01, "probabilities sum to at most one: {total}");
}

#[test]
fn card_keys_are_masked_in_the_text_and_the_entities() {
    let key = "X7K9-M2P4-Q8R1-T5W3";
    let p = nlu().parse(&format!("卡密 {key} 用不了"), None);
    let json = serde_json::to_string(&p).expect("serialisable");
    assert!(!json.contains("X7K9"), "{json}");
    assert!(!json.contains("M2P4-Q8R1"), "{json}");
    let e = p
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::CardKey)
        .expect("card key found");
    assert_eq!(e.value, "****-****-****-T5W3");
    assert_eq!(p.text, "卡密 ****-****-****-T5W3 用不了");
    assert_eq!(p.intent.name, "card_invalid");
}

#[test]
fn entity_offsets_index_chars_of_the_returned_text() {
    let p = nlu().parse(
        "我在支付宝付了¥30，订单２０２４１１２０１５３０１２３４５６７８",
        None,
    );
    for e in &p.entities {
        let span: String = p.text.chars().skip(e.start).take(e.end - e.start).collect();
        assert!(!span.is_empty(), "{e:?}");
    }
    let kinds: Vec<EntityKind> = p.entities.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntityKind::Platform,
            EntityKind::Amount,
            EntityKind::OrderNo
        ]
    );
    assert_eq!(
        p.values(EntityKind::OrderNo).collect::<Vec<_>>(),
        ["20241120153012345678"]
    );
}

#[test]
fn products_come_from_the_catalogue_passed_in() {
    let mut catalogue = Catalogue::new();
    catalogue.add("王者荣耀点券", &["王者点券"]);
    let p = nlu().parse("王者荣耀点卷充了没到", Some(&catalogue));
    assert_eq!(
        p.values(EntityKind::Product).collect::<Vec<_>>(),
        ["王者荣耀点券"]
    );
    assert_eq!(nlu().parse("王者荣耀点卷充了没到", None).entities, vec![]);
}

#[test]
fn language_is_reported() {
    assert_eq!(nlu().parse("卡密没收到", None).language, Language::Zh);
    assert_eq!(nlu().parse("where is my key", None).language, Language::En);
    assert_eq!(
        nlu().parse("my 卡密 is invalid", None).language,
        Language::Mixed
    );
    assert_eq!(nlu().parse("zhuan ren gong", None).language, Language::Zh);
}

#[test]
fn angry_buyers_read_negative_with_flags() {
    let p = nlu().parse("垃圾店铺，骗子！再不退款我就去12315投诉", None);
    assert_eq!(p.sentiment.label, SentimentLabel::Negative);
    assert!(p.sentiment.flags.contains(&SentimentFlag::Threat));
    assert!(p.sentiment.flags.contains(&SentimentFlag::Anger));
    let p = nlu().parse("thanks, great service", None);
    assert_eq!(p.sentiment.label, SentimentLabel::Positive);
    let p = nlu().parse("how do I redeem this code", None);
    assert_eq!(p.sentiment.label, SentimentLabel::Neutral);
}

#[test]
fn operators_can_add_a_custom_intent_and_retrain() {
    let mut set = TrainingSet::builtin();
    let extra: String = [
        "能开发票吗",
        "需要开具发票",
        "可以给我开个增值税发票吗",
        "发票怎么开",
        "I need an invoice for my purchase",
        "can you issue an invoice",
        "please send me a VAT invoice",
        "invoice for order 20241120153012345678",
        "公司报销要发票",
        "发票抬头怎么填",
    ]
    .iter()
    .map(|t| format!("invoice_request\t{t}\n"))
    .collect();
    assert_eq!(set.merge_tsv(&extra), Ok(10));
    let retrained = nlu().retrain(&set).expect("retrains");
    assert!(retrained.intents().iter().any(|i| i == "invoice_request"));
    assert_eq!(
        retrained.parse("麻烦开一张发票", None).intent.name,
        "invoice_request"
    );
    assert_eq!(
        retrained.parse("卡密没收到", None).intent.name,
        "card_not_received"
    );
}

#[test]
fn training_needs_two_intents() {
    let mut set = TrainingSet::new();
    set.push("greeting", "hi");
    assert_eq!(
        Nlu::train(&set).map(|_| ()),
        Err(TrainError::TooFewIntents { found: 1 })
    );
}

#[test]
fn memory_is_reported() {
    let m = nlu().memory();
    assert_eq!(m.intents, 17);
    assert!(m.features > 1000);
    assert!(m.intent_model_bytes > m.features * 17 * 4);
}

#[test]
fn empty_and_huge_inputs_are_handled() {
    let p = nlu().parse("", None);
    assert_eq!(p.language, Language::Unknown);
    assert!(p.entities.is_empty());
    let long = "卡密没收到 ".repeat(2000);
    let p = nlu().parse(&long, None);
    assert_eq!(p.intent.name, "card_not_received");
}

#[cfg(feature = "openapi")]
#[test]
fn result_types_have_openapi_schemas() {
    use utoipa::PartialSchema;
    let json = serde_json::to_string(&Parse::schema()).expect("schema serialises");
    assert!(json.contains("alternatives"), "{json}");
}
