//! The dujiaoka and acg-faka connectors against a real MariaDB/MySQL server,
//! with tables made here from the shops' install SQL (the columns kadesk
//! reads, with the types the shops use). Each test makes its own database.
//!
//! Runs when `KADESK_TEST_MYSQL_URL` (e.g. `mysql://root@127.0.0.1:3306/test`)
//! is set; otherwise each test says loudly that it was skipped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use kadesk_shop::sources::mysql::{Flavor, MysqlShop, MysqlSourceConfig};
use kadesk_shop::{
    Attempt, CardCipher, ContactQuery, DeliveryStatus, PaymentStatus, Secret, Shop, ShopConfig,
    ShopSource, SourceConfig, VerifyError,
};
use kadesk_store::Store;
use rand::Rng;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::Executor;

/// A database of its own on the test server; dropped by [`TestMysql::drop_db`].
struct TestMysql {
    url: String,
    name: String,
    admin: MySqlPool,
    pool: MySqlPool,
}

impl TestMysql {
    async fn new(test: &str) -> Option<TestMysql> {
        let Ok(base) = std::env::var("KADESK_TEST_MYSQL_URL") else {
            eprintln!(
                "SKIPPED {test}: KADESK_TEST_MYSQL_URL is unset; set it (e.g. mysql://root@127.0.0.1:3306/test) to test the dujiaoka and acg-faka connectors"
            );
            return None;
        };
        let options = |url: &str| -> MySqlConnectOptions {
            url.parse::<MySqlConnectOptions>()
                .expect("KADESK_TEST_MYSQL_URL is a mysql:// URL")
                .timezone(None)
        };
        let admin = MySqlPoolOptions::new()
            .max_connections(1)
            .connect_with(options(&base))
            .await
            .expect("KADESK_TEST_MYSQL_URL must be reachable");
        let suffix: u64 = rand::thread_rng().gen();
        let name = format!("kadesk_t_{test}_{suffix:x}");
        admin
            .execute(format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4").as_str())
            .await
            .unwrap();
        let (prefix, _) = base.rsplit_once('/').expect("url has a database path");
        let url = format!("{prefix}/{name}");
        let pool = MySqlPoolOptions::new()
            .max_connections(2)
            .connect_with(options(&url))
            .await
            .unwrap();
        Some(TestMysql {
            url,
            name,
            admin,
            pool,
        })
    }

    async fn exec(&self, sql: &str) {
        self.pool.execute(sql).await.unwrap();
    }

    async fn drop_db(self) {
        self.pool.close().await;
        self.admin
            .execute(format!("DROP DATABASE `{}`", self.name).as_str())
            .await
            .unwrap();
    }

    fn source(&self, prefix: Option<&str>, time_zone: Option<&str>) -> MysqlSourceConfig {
        MysqlSourceConfig {
            name: None,
            url: self.url.clone(),
            prefix: prefix.map(str::to_owned),
            time_zone: time_zone.map(str::to_owned),
            currency: None,
            max_connections: Some(2),
        }
    }
}

async fn sqlite_store(dir: &tempfile::TempDir) -> Store {
    Store::connect(&format!("sqlite://{}", dir.path().join("k.db").display()))
        .await
        .unwrap()
}

/// 2024-11-20 14:00:00 in China (UTC+8) as Unix milliseconds.
const NOV20_1400_CST: i64 = 1_732_082_400_000;

const DUJIAOKA_SCHEMA: &[&str] = &[
    "CREATE TABLE `goods` (
      `id` int NOT NULL AUTO_INCREMENT,
      `group_id` int NOT NULL DEFAULT 0,
      `gd_name` varchar(200) COLLATE utf8mb4_unicode_ci NOT NULL COMMENT '商品名称',
      `type` tinyint(1) NOT NULL DEFAULT 1 COMMENT '1自动发货 2人工处理',
      `price` decimal(10,2) NOT NULL DEFAULT 0.00,
      `in_stock` int NOT NULL DEFAULT 0,
      `created_at` timestamp NULL DEFAULT NULL,
      `updated_at` timestamp NULL DEFAULT NULL,
      `deleted_at` timestamp NULL DEFAULT NULL,
      PRIMARY KEY (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    "CREATE TABLE `orders` (
      `id` bigint NOT NULL AUTO_INCREMENT,
      `order_sn` varchar(150) CHARACTER SET utf8 COLLATE utf8_unicode_ci NOT NULL COMMENT '订单号',
      `goods_id` int NOT NULL,
      `coupon_id` int DEFAULT 0,
      `title` varchar(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
      `type` tinyint(1) NOT NULL DEFAULT 1 COMMENT '1自动发货 2人工处理',
      `goods_price` decimal(10,2) NOT NULL DEFAULT 0.00,
      `buy_amount` int NOT NULL DEFAULT 1,
      `total_price` decimal(10,2) NOT NULL DEFAULT 0.00,
      `actual_price` decimal(10,2) NOT NULL DEFAULT 0.00,
      `search_pwd` varchar(200) CHARACTER SET utf8 COLLATE utf8_unicode_ci DEFAULT '',
      `email` varchar(200) CHARACTER SET utf8 COLLATE utf8_unicode_ci NOT NULL,
      `info` text CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
      `pay_id` int DEFAULT NULL,
      `buy_ip` varchar(50) CHARACTER SET utf8 COLLATE utf8_unicode_ci NOT NULL,
      `trade_no` varchar(200) CHARACTER SET utf8 COLLATE utf8_unicode_ci DEFAULT '',
      `status` tinyint(1) NOT NULL DEFAULT 1 COMMENT '1待支付 2待处理 3处理中 4已完成 5处理失败 6异常 -1过期',
      `coupon_ret_back` tinyint(1) NOT NULL DEFAULT 0,
      `created_at` timestamp NULL DEFAULT NULL,
      `updated_at` timestamp NULL DEFAULT NULL,
      `deleted_at` timestamp NULL DEFAULT NULL,
      PRIMARY KEY (`id`),
      UNIQUE KEY `idx_order_sn` (`order_sn`),
      KEY `idex_email` (`email`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE `carmis` (
      `id` int NOT NULL AUTO_INCREMENT,
      `goods_id` int NOT NULL,
      `status` tinyint(1) NOT NULL DEFAULT 1 COMMENT '1未售出 2已售出',
      `is_loop` tinyint(1) NOT NULL DEFAULT 0,
      `carmi` text COLLATE utf8mb4_unicode_ci NOT NULL,
      `created_at` timestamp NULL DEFAULT NULL,
      `updated_at` timestamp NULL DEFAULT NULL,
      `deleted_at` timestamp NULL DEFAULT NULL,
      PRIMARY KEY (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
];

async fn dujiaoka_fixture(db: &TestMysql) {
    for sql in DUJIAOKA_SCHEMA {
        db.exec(sql).await;
    }
    db.exec(
        "INSERT INTO goods (id, gd_name, type, price, in_stock) VALUES \
         (1, '王者荣耀 60 点券', 1, 6.00, 100), (2, 'Steam 钱包代充', 2, 105.00, 0)",
    )
    .await;
    db.exec(
        "INSERT INTO orders (order_sn, goods_id, title, type, buy_amount, total_price, actual_price, \
         search_pwd, email, info, buy_ip, trade_no, status, created_at, updated_at, deleted_at) VALUES \
         ('KX7Q2M9PL4ZR8T3B', 1, '王者荣耀 60 点券 x 2', 1, 2, 12.00, 11.50, 'cha123', 'Buyer@QQ.com', \
          'WZRY-8K2M-Q9PL-77XA\\nWZRY-3J4K-5L6M-88YB', '1.2.3.4', '2024112022001234', 4, \
          '2024-11-20 14:00:00', '2024-11-20 14:01:30', NULL), \
         ('UNPAIDORDER00001', 1, 't', 1, 1, 6.00, 6.00, '', 'buyer@qq.com', NULL, '1.2.3.4', '', 1, \
          '2024-11-20 15:00:00', '2024-11-20 15:00:00', NULL), \
         ('ABNORMALORDER001', 1, 't', 1, 1, 6.00, 6.00, '', 'buyer@qq.com', NULL, '1.2.3.4', 'T2', 6, \
          '2024-11-20 16:00:00', '2024-11-20 16:00:10', NULL), \
         ('MANUALORDER00001', 2, 't', 2, 1, 105.00, 105.00, '', 'other@163.com', '充值账号: 12345', \
          '1.2.3.4', 'T3', 4, '2024-11-19 10:00:00', '2024-11-19 12:00:00', NULL), \
         ('EXPIREDORDER0001', 1, 't', 1, 1, 6.00, 6.00, '', 'other@163.com', NULL, '1.2.3.4', '', -1, \
          '2024-11-18 10:00:00', '2024-11-18 10:30:00', NULL), \
         ('DELETEDORDER0001', 1, 't', 1, 1, 6.00, 6.00, '', 'buyer@qq.com', NULL, '1.2.3.4', '', 4, \
          '2024-11-21 10:00:00', '2024-11-21 10:00:00', '2024-11-21 11:00:00')",
    )
    .await;
}

#[tokio::test]
async fn dujiaoka_orders_read_with_status_product_amount_time_and_keys() {
    let Some(db) = TestMysql::new("dujiaoka_read").await else {
        return;
    };
    dujiaoka_fixture(&db).await;
    let shop = MysqlShop::connect_lazy(Flavor::Dujiaoka, &db.source(None, None)).unwrap();

    let order = shop
        .order("KX7Q2M9PL4ZR8T3B")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(order.source, "dujiaoka");
    assert_eq!(order.product_name, "王者荣耀 60 点券");
    assert_eq!(order.quantity, 2);
    assert_eq!(order.amount_cents, 1150);
    assert_eq!(order.currency, "CNY");
    assert_eq!(order.email.as_deref(), Some("buyer@qq.com"));
    assert_eq!(order.trade_no.as_deref(), Some("2024112022001234"));
    assert_eq!(order.payment_status, PaymentStatus::Paid);
    assert_eq!(order.delivery_status, DeliveryStatus::Delivered);
    assert_eq!(order.created_at, NOV20_1400_CST);
    assert_eq!(order.delivered_at, Some(NOV20_1400_CST + 90_000));
    assert!(order.has_lookup_password);
    assert_eq!(
        order.card_keys,
        ["WZRY-****-****-77XA", "WZRY-****-****-88YB"]
    );
    let keys = shop.card_keys(&order).await.unwrap();
    let plain: Vec<&str> = keys.iter().map(|k| k.expose()).collect();
    assert_eq!(plain, ["WZRY-8K2M-Q9PL-77XA", "WZRY-3J4K-5L6M-88YB"]);

    let statuses = [
        (
            "UNPAIDORDER00001",
            PaymentStatus::Unpaid,
            DeliveryStatus::Pending,
        ),
        (
            "ABNORMALORDER001",
            PaymentStatus::Paid,
            DeliveryStatus::Abnormal,
        ),
        (
            "EXPIREDORDER0001",
            PaymentStatus::Expired,
            DeliveryStatus::Pending,
        ),
        (
            "MANUALORDER00001",
            PaymentStatus::Paid,
            DeliveryStatus::Delivered,
        ),
    ];
    for (no, payment, delivery) in statuses {
        let o = shop.order(no).await.unwrap().expect(no);
        assert_eq!(
            (o.payment_status, o.delivery_status),
            (payment, delivery),
            "{no}"
        );
    }
    // A manual order's `info` is what the buyer typed, not card keys.
    let manual = shop
        .order("MANUALORDER00001")
        .await
        .unwrap()
        .expect("found");
    assert!(manual.manual_delivery);
    assert!(manual.card_keys.is_empty());
    assert!(shop.card_keys(&manual).await.unwrap().is_empty());
    assert!(
        shop.order("DELETEDORDER0001").await.unwrap().is_none(),
        "soft-deleted"
    );
    assert!(shop.order("NOPE").await.unwrap().is_none());

    let mine = shop
        .orders_by_contact(&ContactQuery::parse("BUYER@qq.com"), 10)
        .await
        .unwrap();
    let nos: Vec<&str> = mine.iter().map(|o| o.order_no.as_str()).collect();
    assert_eq!(
        nos,
        ["ABNORMALORDER001", "UNPAIDORDER00001", "KX7Q2M9PL4ZR8T3B"]
    );
    let recent = shop
        .recent_orders(
            &ContactQuery::parse("buyer@qq.com"),
            NOV20_1400_CST + 3_600_000,
            10,
        )
        .await
        .unwrap();
    assert_eq!(recent.len(), 2);

    shop.pool().close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn dujiaoka_connection_is_read_only() {
    let Some(db) = TestMysql::new("dujiaoka_ro").await else {
        return;
    };
    dujiaoka_fixture(&db).await;
    let shop = MysqlShop::connect_lazy(Flavor::Dujiaoka, &db.source(None, None)).unwrap();
    let err = sqlx::query("UPDATE orders SET status = 5")
        .execute(shop.pool())
        .await
        .expect_err("writes are refused");
    assert!(
        err.to_string().to_lowercase().contains("read only"),
        "{err}"
    );
    shop.pool().close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn dujiaoka_buyer_verifies_with_email_or_lookup_password_and_gets_keys() {
    let Some(db) = TestMysql::new("dujiaoka_verify").await else {
        return;
    };
    dujiaoka_fixture(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(&dir).await;
    let config = ShopConfig {
        sources: vec![SourceConfig::Dujiaoka(db.source(None, None))],
        ..ShopConfig::default()
    };
    let shop = Shop::new(store.clone(), CardCipher::ephemeral())
        .configure(&config)
        .unwrap();
    assert_eq!(shop.source_names(), ["builtin", "dujiaoka"]);
    let attempt = |proof: &str| Attempt {
        conversation_id: Some(1),
        ip: None,
        order_no: "KX7Q2M9PL4ZR8T3B".into(),
        proof: Secret::new(proof),
    };
    assert_eq!(
        shop.verify(&attempt("wrong@qq.com")).await.map(|_| ()),
        Err(VerifyError::Mismatch)
    );
    let by_password = shop
        .verify(&attempt("cha123"))
        .await
        .expect("lookup password");
    assert_eq!(by_password.order_no, "KX7Q2M9PL4ZR8T3B");
    let redelivered = shop
        .verify_and_redeliver(&attempt("buyer@qq.com"), "web")
        .await
        .expect("verified");
    assert_eq!(redelivered.keys.len(), 2);
    assert_eq!(redelivered.keys[0].expose(), "WZRY-8K2M-Q9PL-77XA");
    let audit = store.audit_entries(10).await.unwrap();
    assert_eq!(audit[0].action, "card_key_redelivered");
    assert_eq!(audit[0].target, "order:KX7Q2M9PL4ZR8T3B");
    assert_eq!(audit[0].detail["source"], "dujiaoka");
    assert!(!audit[0].detail.to_string().contains("WZRY-8K2M"));
    db.drop_db().await;
}

fn acg_schema(p: &str) -> Vec<String> {
    vec![
        format!(
            "CREATE TABLE `{p}commodity` (
              `id` int UNSIGNED NOT NULL AUTO_INCREMENT,
              `name` varchar(255) NOT NULL COMMENT '商品名称',
              `delivery_way` tinyint UNSIGNED NOT NULL DEFAULT 0 COMMENT '发货方式：0=自动发货，1=手动发货',
              `contact_type` tinyint UNSIGNED NOT NULL DEFAULT 0,
              `price` decimal(10, 2) UNSIGNED NOT NULL DEFAULT 0.00,
              PRIMARY KEY (`id`)
            ) ENGINE = InnoDB CHARACTER SET = utf8mb4 COLLATE = utf8mb4_general_ci"
        ),
        format!(
            "CREATE TABLE `{p}order` (
              `id` int UNSIGNED NOT NULL AUTO_INCREMENT,
              `owner` int UNSIGNED NOT NULL DEFAULT 0,
              `user_id` int UNSIGNED NOT NULL DEFAULT 0,
              `trade_no` char(19) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL COMMENT '订单号',
              `amount` decimal(10, 2) UNSIGNED NOT NULL COMMENT '订单金额',
              `commodity_id` int UNSIGNED NOT NULL,
              `card_id` int UNSIGNED NULL DEFAULT NULL,
              `card_num` int UNSIGNED NOT NULL DEFAULT 0 COMMENT '卡密数量',
              `pay_id` int UNSIGNED NOT NULL,
              `create_time` datetime NOT NULL COMMENT '下单时间',
              `create_ip` varchar(64) NOT NULL,
              `create_device` tinyint UNSIGNED NOT NULL,
              `pay_time` datetime NULL DEFAULT NULL COMMENT '支付时间',
              `status` tinyint UNSIGNED NOT NULL DEFAULT 0 COMMENT '订单状态：0=未支付，1=已支付',
              `secret` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL COMMENT '卡密信息',
              `password` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL DEFAULT NULL COMMENT '查询密码',
              `contact` varchar(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL DEFAULT NULL COMMENT '联系方式',
              `delivery_status` tinyint UNSIGNED NOT NULL DEFAULT 0 COMMENT '发货状态：0=未发货，1=已发货',
              `leave_message` varchar(255) NULL DEFAULT NULL,
              PRIMARY KEY (`id`) USING BTREE,
              UNIQUE INDEX `trade_no`(`trade_no` ASC) USING BTREE,
              INDEX `contact`(`contact` ASC) USING BTREE
            ) ENGINE = InnoDB CHARACTER SET = utf8mb4 COLLATE = utf8mb4_general_ci"
        ),
        format!(
            "CREATE TABLE `{p}card` (
              `id` int UNSIGNED NOT NULL AUTO_INCREMENT,
              `owner` int UNSIGNED NOT NULL DEFAULT 0,
              `commodity_id` int UNSIGNED NOT NULL,
              `secret` varchar(760) NOT NULL COMMENT '卡密信息',
              `create_time` datetime NOT NULL,
              `purchase_time` datetime NULL DEFAULT NULL,
              `order_id` int UNSIGNED NULL DEFAULT NULL,
              `status` tinyint UNSIGNED NOT NULL DEFAULT 0 COMMENT '状态：0=未出售，1=已出售，2=已锁定',
              PRIMARY KEY (`id`)
            ) ENGINE = InnoDB CHARACTER SET = utf8mb4 COLLATE = utf8mb4_general_ci"
        ),
    ]
}

async fn acg_fixture(db: &TestMysql, p: &str) {
    for sql in acg_schema(p) {
        db.exec(&sql).await;
    }
    db.exec(&format!(
        "INSERT INTO `{p}commodity` (id, name, delivery_way) VALUES \
         (1, '腾讯视频 VIP 月卡', 0), (2, '代充服务', 1)"
    ))
    .await;
    db.exec(&format!(
        "INSERT INTO `{p}order` (id, trade_no, amount, commodity_id, card_num, pay_id, create_time, \
         create_ip, create_device, pay_time, status, secret, password, contact, delivery_status) VALUES \
         (1, '2411201400123456789', 15.00, 1, 1, 2, '2024-11-20 14:00:00', '1.2.3.4', 0, \
          '2024-11-20 14:00:40', 1, 'TXVIP-A1B2-C3D4-E5F6', 'pw8', '13800138000', 1), \
         (2, '2411201500123456789', 30.00, 1, 2, 2, '2024-11-20 15:00:00', '1.2.3.4', 1, \
          '2024-11-20 15:00:30', 1, NULL, NULL, '13800138000', 1), \
         (3, '2411201600123456789', 15.00, 1, 1, 2, '2024-11-20 16:00:00', '1.2.3.4', 2, NULL, 0, \
          NULL, NULL, '13800138000', 0), \
         (4, '2411201700123456789', 99.00, 2, 1, 2, '2024-11-20 17:00:00', '1.2.3.4', 0, \
          '2024-11-20 17:01:00', 1, NULL, NULL, 'QQ 55667788', 0)"
    ))
    .await;
    db.exec(&format!(
        "INSERT INTO `{p}card` (commodity_id, secret, create_time, order_id, status) VALUES \
         (1, 'TXVIP-1111-2222-3333', '2024-11-01 00:00:00', 2, 1), \
         (1, 'TXVIP-4444-5555-6666', '2024-11-01 00:00:00', 2, 1), \
         (1, 'TXVIP-UNSOLD-0000-0000', '2024-11-01 00:00:00', NULL, 0)"
    ))
    .await;
}

#[tokio::test]
async fn acg_faka_orders_read_with_a_custom_prefix() {
    let Some(db) = TestMysql::new("acg_read").await else {
        return;
    };
    let prefix = "myshop_";
    acg_fixture(&db, prefix).await;
    let shop =
        MysqlShop::connect_lazy(Flavor::AcgFaka, &db.source(Some(prefix), Some("+08:00"))).unwrap();
    assert_eq!(shop.name(), "acg_faka");

    let order = shop
        .order("2411201400123456789")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(order.product_name, "腾讯视频 VIP 月卡");
    assert_eq!(order.amount_cents, 1500);
    assert_eq!(order.phone.as_deref(), Some("13800138000"));
    assert_eq!(order.payment_status, PaymentStatus::Paid);
    assert_eq!(order.delivery_status, DeliveryStatus::Delivered);
    assert_eq!(order.created_at, NOV20_1400_CST);
    assert_eq!(order.paid_at, Some(NOV20_1400_CST + 40_000));
    assert_eq!(order.card_keys, ["TXVI*-****-****-E5F6"]);
    let keys = shop.card_keys(&order).await.unwrap();
    assert_eq!(keys[0].expose(), "TXVIP-A1B2-C3D4-E5F6");

    // Keys kept in the card table instead of the order.
    let from_cards = shop
        .order("2411201500123456789")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(from_cards.quantity, 2);
    let keys = shop.card_keys(&from_cards).await.unwrap();
    let plain: Vec<&str> = keys.iter().map(|k| k.expose()).collect();
    assert_eq!(plain, ["TXVIP-1111-2222-3333", "TXVIP-4444-5555-6666"]);

    let unpaid = shop
        .order("2411201600123456789")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(unpaid.payment_status, PaymentStatus::Unpaid);
    assert!(shop.card_keys(&unpaid).await.unwrap().is_empty());
    let manual = shop
        .order("2411201700123456789")
        .await
        .unwrap()
        .expect("found");
    assert!(manual.manual_delivery);
    assert_eq!(manual.qq.as_deref(), Some("55667788"));
    assert_eq!(manual.delivery_status, DeliveryStatus::Pending);

    let by_phone = shop
        .orders_by_contact(&ContactQuery::parse("138-0013-8000"), 10)
        .await
        .unwrap();
    assert_eq!(by_phone.len(), 3);
    assert_eq!(by_phone[0].order_no, "2411201600123456789", "newest first");
    let by_qq = shop
        .orders_by_contact(&ContactQuery::parse("QQ 55667788"), 10)
        .await
        .unwrap();
    assert_eq!(by_qq.len(), 1);

    shop.pool().close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn acg_faka_through_the_shop_verifies_and_diagnoses() {
    let Some(db) = TestMysql::new("acg_shop").await else {
        return;
    };
    acg_fixture(&db, "acg_").await;
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(&dir).await;
    let config = ShopConfig {
        sources: vec![SourceConfig::AcgFaka(db.source(None, None))],
        ..ShopConfig::default()
    };
    let clock = Arc::new(kadesk_shop::ManualClock::new(
        NOV20_1400_CST + 3 * 3_600_000,
    ));
    let shop = Shop::new(store.clone(), CardCipher::ephemeral())
        .configure(&config)
        .unwrap()
        .with_clock(clock);
    let order = shop
        .find_order("2411201700123456789")
        .await
        .unwrap()
        .expect("found");
    // Paid at 17:01, manual delivery, and now 17:00 + 0 h: still within the manual window.
    let d = shop.diagnose(&order);
    assert_eq!(d.finding, kadesk_shop::Finding::DeliveryPending, "{}", d.en);
    let mine = shop.orders_for_contact("13800138000", 10).await.unwrap();
    assert_eq!(mine.len(), 3);
    let attempt = Attempt {
        conversation_id: Some(5),
        ip: None,
        order_no: "2411201400123456789".into(),
        proof: Secret::new("pw8"),
    };
    let got = shop
        .verify_and_redeliver(&attempt, "telegram")
        .await
        .unwrap();
    assert_eq!(got.keys.len(), 1);
    let audit = store.audit_entries(1).await.unwrap();
    assert_eq!(audit[0].detail["channel"], "telegram");
    db.drop_db().await;
}
