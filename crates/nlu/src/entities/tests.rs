use super::*;
use crate::text::fold;

fn kinds(text: &str) -> Vec<(EntityKind, String, usize, usize)> {
    Extractor::new()
        .extract(&fold(text), None)
        .into_iter()
        .map(|e| (e.kind, e.value, e.start, e.end))
        .collect()
}

fn one(text: &str, kind: EntityKind) -> Vec<String> {
    kinds(text)
        .into_iter()
        .filter(|(k, ..)| *k == kind)
        .map(|(_, v, ..)| v)
        .collect()
}

#[test]
fn identifiers_are_told_apart_by_shape_and_context() {
    use EntityKind::*;
    let table: &[(&str, EntityKind, &str)] = &[
        (
            "订单20241120153012345678没收到",
            OrderNo,
            "20241120153012345678",
        ),
        ("单号：D20241120X7731", OrderNo, "D20241120X7731"),
        (
            "order 2411201530123456789 status?",
            OrderNo,
            "2411201530123456789",
        ),
        ("订单号 KX7Q2M9PL4ZR8T3B", OrderNo, "KX7Q2M9PL4ZR8T3B"),
        (
            "my order is DJ202411201234567",
            OrderNo,
            "DJ202411201234567",
        ),
        (
            "支付宝交易号2024112022001412345678901234",
            TradeNo,
            "2024112022001412345678901234",
        ),
        (
            "4200002345202412081234567890 扣款成功",
            TradeNo,
            "4200002345202412081234567890",
        ),
        (
            "transaction 8AB12345CD6789012",
            TradeNo,
            "8AB12345CD6789012",
        ),
        ("邮箱 abc123@qq.com 查单", Email, "abc123@qq.com"),
        ("手机13812345678", Phone, "13812345678"),
        ("call +86 139 1234 5678", Phone, "+8613912345678"),
        ("whatsapp +44 7700 900123", Phone, "+447700900123"),
        ("我QQ是 87654321", Qq, "87654321"),
        ("提示错误代码E003", ErrorCode, "E003"),
        ("error 0x80040154 on activation", ErrorCode, "0x80040154"),
        ("ERR_4021 when redeeming", ErrorCode, "ERR_4021"),
        ("错误代码 40013", ErrorCode, "40013"),
        ("付了¥30", Amount, "30 CNY"),
        ("充了100元点券", Amount, "100 CNY"),
        ("50块钱", Amount, "50 CNY"),
        ("paid $9.99", Amount, "9.99 USD"),
        ("paid 9.99 USD", Amount, "9.99 USD"),
        ("charged 1,200 yuan", Amount, "1200 CNY"),
        ("扣了我五十块", Amount, "50 CNY"),
        ("一百五十元", Amount, "150 CNY"),
        ("用支付宝付的", Platform, "alipay"),
        ("steam钱包码", Platform, "steam"),
        ("PlayStation store", Platform, "psn"),
    ];
    for (text, kind, value) in table {
        assert_eq!(one(text, *kind), vec![value.to_string()], "{text}");
    }
}

#[test]
fn nothing_is_invented_from_ordinary_text() {
    for text in [
        "你好，在吗",
        "iPhone15ProMax 能用吗",
        "游戏ID 55667788",
        "I need 500 UC",
        "100点券",
        "2024-11-20 买的",
        "win10 激活",
    ] {
        assert_eq!(kinds(text), vec![], "{text}");
    }
}

#[test]
fn offsets_are_char_offsets_into_the_original_text() {
    let text = "订单号：２０２４１１２０１５３０１２３４５６７８ 没收到";
    let e = &Extractor::new().extract(&fold(text), None)[0];
    assert_eq!(e.kind, EntityKind::OrderNo);
    assert_eq!(e.value, "20241120153012345678");
    let span: String = text.chars().skip(e.start).take(e.end - e.start).collect();
    assert_eq!(span, "２０２４１１２０１５３０１２３４５６７８");
}

#[test]
fn card_keys_are_masked_never_echoed() {
    let cases = [
        ("卡密 ABCD-EFGH-1234-5678 用不了", "ABCD-EFGH-1234-5678"),
        ("the key X7K9M2P4Q8R1T5W3 is invalid", "X7K9M2P4Q8R1T5W3"),
        ("兑换码：8F3K2J9D7S1L", "8F3K2J9D7S1L"),
        ("密码是 hunter22", "hunter22"),
    ];
    for (text, key) in cases {
        let found = one(text, EntityKind::CardKey);
        assert_eq!(found.len(), 1, "{text}");
        let masked = &found[0];
        assert_eq!(masked.chars().count(), key.chars().count());
        assert!(
            !masked.contains(&key[..key.len() - 4]),
            "{masked} leaks {key}"
        );
        assert!(masked.contains('*'));
    }
    assert_eq!(mask_secret("ABCD-EFGH-1234-5678"), "****-****-****-5678");
    assert_eq!(mask_secret("hunter22"), "********");
}

#[test]
fn two_order_numbers_in_one_message_are_both_found() {
    assert_eq!(
        one(
            "订单2412082200123123123和2412082201456456456都没发",
            EntityKind::OrderNo
        ),
        vec!["2412082200123123123", "2412082201456456456"]
    );
}

#[test]
fn products_match_fuzzily_against_the_catalogue() {
    let mut catalogue = Catalogue::new();
    catalogue.add("王者荣耀点券", &["王者点券"]);
    catalogue.add("Netflix Premium 月卡", &["netflix", "奈飞"]);
    catalogue.add("Steam 钱包充值卡", &[]);
    let x = Extractor::new();
    let find = |t: &str| -> Vec<(String, usize, usize)> {
        x.extract(&fold(t), Some(&catalogue))
            .into_iter()
            .filter(|e| e.kind == EntityKind::Product)
            .map(|e| (e.value, e.start, e.end))
            .collect()
    };
    assert_eq!(
        find("王者荣耀点卷没到账"),
        vec![("王者荣耀点券".into(), 0, 6)]
    );
    assert_eq!(find("买的王者点券呢"), vec![("王者荣耀点券".into(), 2, 6)]);
    assert_eq!(
        find("NETFLIX 不能登录"),
        vec![("Netflix Premium 月卡".into(), 0, 7)]
    );
    assert_eq!(
        find("steam钱包充值卡怎么用"),
        vec![("Steam 钱包充值卡".into(), 0, 10)]
    );
    assert_eq!(find("你好"), vec![]);
}

#[test]
fn chinese_numerals_parse() {
    for (s, v) in [
        ("五十", 50),
        ("两百", 200),
        ("一百五", 150),
        ("三千", 3000),
        ("十", 10),
        ("十五", 15),
        ("一万", 10000),
        ("两万五", 25000),
        ("一百零五", 105),
    ] {
        assert_eq!(parse_zh_number(s), Some(v), "{s}");
    }
}
