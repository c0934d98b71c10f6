//! First-start accounts and the demo shop (`--demo`): a 发卡 shop with game
//! points, video memberships and gift cards, about fifty orders in every
//! state (delivered ones with realistic card keys, sealed like real ones,
//! and the two orders of `buyer2024@qq.com` the README talks about:
//! `D20241120X7731` delivered, `D20241120X8842` paid and stuck), two
//! agents, and about twenty knowledge-base articles. Passwords are generated, never fixed.

use kadesk_domain::{now_millis, ReplyLanguage, Role};
use kadesk_server::auth::hash_password;
use kadesk_shop::model::classify_contact;
use kadesk_shop::{DeliveryStatus, PaymentStatus, PlainKey, Shop, ValidOrder};
use kadesk_store::{CannedDraft, NewProduct, Store};
use rand::seq::SliceRandom;
use rand::Rng;

/// An account created at this start, with its password to show once.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub role: Role,
    pub password: String,
}

/// A random password without look-alike characters.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..14)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

async fn add_user(
    store: &Store,
    username: &str,
    display: &str,
    role: Role,
) -> anyhow::Result<NewAccount> {
    let password = generate_password();
    let hash = hash_password(password.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.create_user(username, display, role, &hash).await?;
    Ok(NewAccount {
        username: username.to_owned(),
        role,
        password,
    })
}

/// Creates the first admin when there are no users, and the demo agents with
/// the demo shop when `demo` is set and it was not loaded before. The demo's
/// card keys are sealed with `shop`'s key.
pub async fn first_start(
    store: &Store,
    demo: bool,
    shop: &Shop,
) -> anyhow::Result<Vec<NewAccount>> {
    let mut created = Vec::new();
    if store.user_count().await? == 0 {
        created.push(add_user(store, "admin", "管理员", Role::Admin).await?);
    }
    if demo && store.setting("demo_loaded").await?.is_none() {
        for (name, display) in [("xiaowang", "小王"), ("xiaoli", "小李")] {
            if store.user_by_name(name).await?.is_none() {
                created.push(add_user(store, name, display, Role::Agent).await?);
            }
        }
        load_shop(store, shop).await?;
        store.set_setting("demo_loaded", "1").await?;
    }
    if demo && store.setting("demo_knowledge_loaded").await?.is_none() {
        load_knowledge(store).await?;
        store.set_setting("demo_knowledge_loaded", "1").await?;
    }
    if demo && store.setting("demo_widget_loaded").await?.is_none() {
        // The demo shop's name on its widget, saved as an admin would on
        // the console's widget page (so changing it there shows on /demo).
        let widget = kadesk_desk::settings::WidgetSettings {
            title: Some("星河数卡客服".into()),
            ..Default::default()
        };
        store
            .set_setting(
                kadesk_desk::settings::WIDGET_KEY,
                &serde_json::to_string(&widget)?,
            )
            .await?;
        store.set_setting("demo_widget_loaded", "1").await?;
    }
    if demo && store.setting("demo_routing_loaded").await?.is_none() {
        load_routing(store).await?;
        store.set_setting("demo_routing_loaded", "1").await?;
    }
    if demo && store.setting("demo_canned_loaded").await?.is_none() {
        load_canned(store).await?;
        store.set_setting("demo_canned_loaded", "1").await?;
    }
    Ok(created)
}

/// The demo's teams (售后, 充值, VIP专席), its agents' skills and the
/// default routing rules of a card shop
/// ([`kadesk_desk::routing::demo_rules`]).
async fn load_routing(store: &Store) -> anyhow::Result<()> {
    let now = kadesk_domain::now_millis();
    let after_sales = store.create_team("售后", true, now).await?;
    let recharge = store.create_team("充值", true, now).await?;
    let vip = store.create_team("VIP专席", true, now).await?;
    let wang = store.user_by_name("xiaowang").await?;
    let li = store.user_by_name("xiaoli").await?;
    if let Some(wang) = wang {
        let skills = ["zh".to_owned(), "游戏点券".to_owned()];
        let teams = [after_sales.id, recharge.id];
        store
            .set_agent_profile(wang.id, None, Some(&skills), Some(&teams))
            .await?;
    }
    if let Some(li) = li {
        let skills = ["zh".to_owned(), "en".to_owned()];
        let teams = [after_sales.id, vip.id];
        store
            .set_agent_profile(li.id, None, Some(&skills), Some(&teams))
            .await?;
    }
    for rule in kadesk_desk::routing::demo_rules(after_sales.id, recharge.id, vip.id) {
        store
            .create_rule(&serde_json::to_string(&rule)?, None, now)
            .await?;
    }
    Ok(())
}

/// The demo's shared canned replies: (shortcut, title, body, language).
const CANNED: &[(&str, &str, &str, ReplyLanguage)] = &[
    (
        "您好",
        "开场问候",
        "{buyer_name}您好，我是客服{agent_name}，很高兴为您服务，请问有什么可以帮您？",
        ReplyLanguage::Zh,
    ),
    (
        "查单",
        "核对订单",
        "您好，已查到您的订单 {order_no}（{product}），我这边马上为您核实处理，请稍等 1-2 分钟。",
        ReplyLanguage::Zh,
    ),
    (
        "补发",
        "卡密已补发",
        "订单 {order_no} 的卡密已为您重新发送，请在聊天窗口的卡密框中查看；如仍无法使用，请截图兑换页面发给我。",
        ReplyLanguage::Zh,
    ),
    (
        "兑换",
        "兑换步骤",
        "{product} 的兑换步骤：1. 复制卡密；2. 打开官方兑换页面并登录账号；3. 粘贴卡密后点击兑换。兑换成功后余额一般 5 分钟内到账。",
        ReplyLanguage::Zh,
    ),
    (
        "退款",
        "退款说明",
        "已为您提交订单 {order_no} 的退款申请，款项将在 1-3 个工作日内原路退回，请留意支付宝/微信的退款通知。",
        ReplyLanguage::Zh,
    ),
    (
        "结束",
        "结束语",
        "请问还有其他可以帮您的吗？如果没有，祝您生活愉快，欢迎再次光临～",
        ReplyLanguage::Zh,
    ),
    (
        "hello",
        "Greeting (English)",
        "Hi {buyer_name}, this is {agent_name}. How can I help you today?",
        ReplyLanguage::En,
    ),
];

/// The demo's shared canned replies (a card shop's greetings, order checks,
/// re-delivery, redemption steps, refunds).
async fn load_canned(store: &Store) -> anyhow::Result<()> {
    let now = kadesk_domain::now_millis();
    for (shortcut, title, body, language) in CANNED {
        let draft = CannedDraft {
            shortcut: (*shortcut).to_owned(),
            title: (*title).to_owned(),
            body: (*body).to_owned(),
            language: *language,
        };
        store.create_canned_reply(None, &draft, now).await?;
    }
    Ok(())
}

/// (name, category, price in fen, stock, card-key pattern: `X` is a random
/// letter or digit, anything else is kept)
const PRODUCTS: &[(&str, &str, i64, i64, &str)] = &[
    (
        "王者荣耀 60 点券",
        "游戏点券",
        600,
        320,
        "WZRY-XXXX-XXXX-XXXX",
    ),
    (
        "王者荣耀 648 点券",
        "游戏点券",
        6480,
        85,
        "WZRY-XXXX-XXXX-XXXX",
    ),
    ("原神 创世结晶 6480", "游戏点券", 64800, 12, "XXXXXXXXXXXX"),
    (
        "Steam 钱包充值卡 ¥100",
        "礼品卡",
        10500,
        40,
        "XXXXX-XXXXX-XXXXX",
    ),
    (
        "App Store 充值卡 ¥50（中国区）",
        "礼品卡",
        5000,
        0,
        "XXXXXXXXXXXXXXXX",
    ),
    (
        "腾讯视频 VIP 月卡",
        "影视会员",
        1500,
        560,
        "TXVIP-XXXX-XXXX-XXXX",
    ),
    (
        "爱奇艺黄金 VIP 季卡",
        "影视会员",
        5800,
        210,
        "IQY-XXXX-XXXX-XXXX-XXXX",
    ),
    (
        "网易云音乐 黑胶 VIP 年卡",
        "音乐会员",
        13800,
        95,
        "NCM-XXXX-XXXX-XXXX",
    ),
    (
        "Netflix 高级版 1 个月",
        "影视会员",
        6900,
        30,
        "NFLX-XXXX-XXXX-XXXX",
    ),
    (
        "Windows 11 专业版 激活码",
        "软件激活码",
        3900,
        150,
        "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
    ),
];

/// A card key in `pattern`'s shape.
fn card_key(pattern: &str, rng: &mut impl Rng) -> PlainKey {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    PlainKey::new(
        pattern
            .chars()
            .map(|c| {
                if c == 'X' {
                    char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])
                } else {
                    c
                }
            })
            .collect::<String>(),
    )
}

/// (payment, delivery, share of orders)
const STATES: &[(&str, &str)] = &[
    ("paid", "delivered"),
    ("paid", "delivered"),
    ("paid", "delivered"),
    ("paid", "delivered"),
    ("paid", "pending"),
    ("paid", "abnormal"),
    ("paid", "failed"),
    ("unpaid", "pending"),
    ("refunded", "pending"),
    ("failed", "pending"),
];

async fn load_shop(store: &Store, shop: &Shop) -> anyhow::Result<()> {
    let mut products = Vec::new();
    for (name, category, price, stock, pattern) in PRODUCTS {
        let product = store
            .create_product(&NewProduct {
                name: (*name).into(),
                category: (*category).into(),
                price_cents: *price,
                currency: "CNY".into(),
                stock: *stock,
            })
            .await?;
        products.push((product, *pattern));
    }
    let mut rng = rand::thread_rng();
    let now = now_millis();
    let contacts = [
        "buyer2024@qq.com",
        "13800138000",
        "zhangsan@163.com",
        "QQ 1234567890",
        "gamer.li@gmail.com",
        "13912345678",
        "wangwu@outlook.com",
        "88886666@qq.com",
    ];
    for i in 0..50i64 {
        let (product, pattern) = products
            .choose(&mut rng)
            .ok_or_else(|| anyhow::anyhow!("no products"))?;
        let (payment, delivery) = STATES[usize::try_from(i).unwrap_or(0) % STATES.len()];
        let created_at = now - rng.gen_range(5..(14 * 24 * 60)) * 60_000;
        let quantity = if rng.gen_bool(0.8) {
            1
        } else {
            rng.gen_range(2..5)
        };
        let paid = payment != "unpaid" && payment != "failed";
        let paid_at = paid.then(|| created_at + rng.gen_range(20..300) * 1000);
        let day = chrono_like_date(created_at);
        let contact = contacts[rng.gen_range(0..contacts.len())];
        let (email, phone, qq) = classify_contact(contact);
        let delivered = delivery == "delivered";
        let card_keys = delivered.then(|| {
            (0..quantity)
                .map(|_| card_key(pattern, &mut rng))
                .collect::<Vec<_>>()
        });
        shop.save(ValidOrder {
            // 7919 is coprime to 9000, so the suffixes of the fifty orders differ.
            order_no: format!("D{day}X{:04}", 1000 + (i * 7919) % 9000),
            trade_no: paid.then(|| {
                format!(
                    "{day}2200{:016}",
                    rng.gen_range(0..9_999_999_999_999_999i64)
                )
            }),
            product: product.name.clone(),
            contact: contact.into(),
            email,
            phone,
            qq,
            lookup_password: None,
            quantity,
            amount_cents: product.price_cents * quantity,
            currency: "CNY".into(),
            payment_status: kadesk_shop::model::parse_status::<PaymentStatus>(payment)
                .map_err(|e| anyhow::anyhow!(e))?,
            delivery_status: kadesk_shop::model::parse_status::<DeliveryStatus>(delivery)
                .map_err(|e| anyhow::anyhow!(e))?,
            manual_delivery: false,
            created_at,
            paid_at,
            delivered_at: delivered.then(|| paid_at.unwrap_or(created_at) + 2000),
            card_keys,
        })
        .await
        .map_err(|e| anyhow::anyhow!("demo order: {e}"))?;
    }
    // The orders the README and the examples talk about: one delivered, one
    // paid half an hour ago and still not delivered.
    let (product, pattern) = &products[0];
    for (order_no, delivered, minutes_ago) in [
        ("D20241120X7731", true, 3 * 24 * 60),
        ("D20241120X8842", false, 30),
    ] {
        let created_at = now - minutes_ago * 60_000;
        shop.save(ValidOrder {
            order_no: order_no.into(),
            trade_no: Some(format!("2024112022001{}", &order_no[10..])),
            product: product.name.clone(),
            contact: "buyer2024@qq.com".into(),
            email: Some("buyer2024@qq.com".into()),
            phone: None,
            qq: None,
            lookup_password: None,
            quantity: 1,
            amount_cents: product.price_cents,
            currency: "CNY".into(),
            payment_status: PaymentStatus::Paid,
            delivery_status: if delivered {
                DeliveryStatus::Delivered
            } else {
                DeliveryStatus::Pending
            },
            manual_delivery: false,
            created_at,
            paid_at: Some(created_at + 40_000),
            delivered_at: delivered.then_some(created_at + 42_000),
            card_keys: delivered.then(|| vec![card_key(pattern, &mut rng)]),
        })
        .await
        .map_err(|e| anyhow::anyhow!("demo order: {e}"))?;
    }
    Ok(())
}

/// `YYYYMMDD` of a Unix-millisecond time (UTC); times out of range give
/// `19700101`.
fn chrono_like_date(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y%m%d")
        .to_string()
}

/// The demo shop's knowledge base: how to redeem its cards, its error codes,
/// delivery, orders, payment and refunds (`crates/knowledge/data/demo.jsonl`).
async fn load_knowledge(store: &Store) -> anyhow::Result<()> {
    for draft in kadesk_knowledge::demo_articles() {
        store.create_article(&draft, None).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(chrono_like_date(0), "19700101");
        assert_eq!(chrono_like_date(1_732_060_800_000), "20241120");
        assert_eq!(chrono_like_date(951_782_400_000), "20000229");
    }

    #[test]
    fn passwords_are_long_random_and_unambiguous() {
        let a = generate_password();
        assert_eq!(a.len(), 14);
        assert_ne!(a, generate_password());
        assert!(!a.contains(['0', 'O', 'l', '1', 'I']));
    }

    #[tokio::test]
    async fn demo_start_creates_admin_two_agents_and_the_shop_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("k.db").display());
        let store = Store::connect(&url).await.expect("store");
        let shop = Shop::new(store.clone(), kadesk_shop::CardCipher::ephemeral());
        let first = first_start(&store, true, &shop).await.expect("first start");
        let names: Vec<&str> = first.iter().map(|a| a.username.as_str()).collect();
        assert_eq!(names, ["admin", "xiaowang", "xiaoli"]);
        assert_eq!(store.products().await.expect("products").len(), 10);
        assert_eq!(store.orders(100).await.expect("orders").len(), 52);
        let again = first_start(&store, true, &shop)
            .await
            .expect("second start");
        assert!(again.is_empty(), "no new accounts on a second start");
        assert_eq!(store.orders(100).await.expect("orders").len(), 52);
    }

    #[tokio::test]
    async fn delivered_demo_orders_have_sealed_card_keys_that_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("k.db").display());
        let store = Store::connect(&url).await.expect("store");
        let shop = Shop::new(store.clone(), kadesk_shop::CardCipher::ephemeral())
            .with_agents_can_reveal(true);
        first_start(&store, true, &shop).await.expect("first start");
        let mut delivered = 0;
        for order in store.orders(100).await.expect("orders") {
            let stored = shop
                .find_order(&order.order_no)
                .await
                .expect("lookup")
                .expect("found");
            if stored.delivery_status == DeliveryStatus::Delivered {
                delivered += 1;
                assert_eq!(stored.card_keys.len() as i64, order.quantity);
                assert!(stored.card_keys[0].contains('*'), "{:?}", stored.card_keys);
                let revealed = shop
                    .reveal(1, Role::Agent, &order.order_no, None, "test")
                    .await
                    .expect("reveal");
                let key = revealed.keys[0].expose();
                assert_eq!(kadesk_shop::mask_key(key), stored.card_keys[0]);
                assert!(!key.contains('*') && key.len() >= 12, "{key}");
            } else {
                assert!(stored.card_keys.is_empty());
            }
        }
        assert_eq!(
            delivered, 21,
            "four in ten orders, and D20241120X7731, are delivered"
        );
        let stuck = shop
            .find_order("D20241120X8842")
            .await
            .expect("lookup")
            .expect("found");
        assert_eq!(
            shop.diagnose(&stuck).escalate,
            Some(kadesk_shop::EscalationReason::PaidNotDelivered)
        );
    }
}
