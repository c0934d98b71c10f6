//! `kadesk backup` and `kadesk restore` as an operator runs them: a desk
//! with conversations, uploaded files and sealed card keys is backed up,
//! wiped and restored, and everything is back — the card keys open with the
//! restored key. A damaged backup, a data folder in use and a key stored
//! apart are each refused with the fix named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{buyer_said, demo_desk, kadesk_command, sqlite_url, text};
use kadesk_domain::Role;
use kadesk_shop::{DeliveryStatus, Shop, ShopConfig};
use kadesk_store::Store;

/// Runs `kadesk ARGS --data-dir DATA`: (success, stdout + stderr).
fn run(data: &Path, args: &[&str]) -> (bool, String) {
    let out = kadesk_command(data, args).output().unwrap();
    (out.status.success(), text(&out.stdout) + &text(&out.stderr))
}

/// Every delivered order's card keys, opened (order, keys).
async fn open_keys(data: &Path) -> Vec<(String, Vec<String>)> {
    let store = Store::connect(&sqlite_url(data)).await.unwrap();
    let shop = Shop::from_config(store.clone(), &ShopConfig::default(), data)
        .unwrap()
        .with_agents_can_reveal(true);
    let mut out = Vec::new();
    for order in store.orders(1000).await.unwrap() {
        let found = shop.find_order(&order.order_no).await.unwrap().unwrap();
        if found.delivery_status != DeliveryStatus::Delivered {
            continue;
        }
        let revealed = shop
            .reveal(1, Role::Agent, &order.order_no, None, "backup test")
            .await
            .expect("the card keys open with the key");
        out.push((
            order.order_no.clone(),
            revealed
                .keys
                .iter()
                .map(|k| k.expose().to_owned())
                .collect(),
        ));
    }
    store.close().await;
    out.sort();
    out
}

#[tokio::test]
async fn a_desk_comes_back_whole_from_its_backup() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");

    // A desk: the demo shop (sealed card keys), a conversation, a picture.
    let store = demo_desk(&data).await;
    let (_, conversation) = buyer_said(
        &store,
        "买家甲",
        &["卡密没收到，订单 DEMO1001", "请稍等，我查一下"],
    )
    .await;
    store.close().await;
    let picture = data.join("files").join("ab").join("screenshot.png");
    std::fs::create_dir_all(picture.parent().unwrap()).unwrap();
    std::fs::write(&picture, b"\x89PNG not really, but bytes").unwrap();
    let keys_before = open_keys(&data).await;
    assert!(!keys_before.is_empty(), "the demo delivered some orders");
    let key_before = std::fs::read(data.join("keys").join("card.key")).unwrap();

    // Backed up, with the warning about the key.
    let backup = root.path().join("backup");
    let (ok, out) = run(&data, &["backup", backup.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(
        out.contains("1 conversations, 2 messages and 1 files"),
        "{out}"
    );
    assert!(out.contains("store it apart"), "{out}");
    for name in [
        "kadesk.db",
        "card.key",
        "backup.json",
        "files/ab/screenshot.png",
    ] {
        assert!(backup.join(name).exists(), "{name} is in the backup");
    }
    let (ok, out) = run(&data, &["backup", backup.to_str().unwrap()]);
    assert!(!ok && out.contains("not empty"), "{out}");

    // Into the data folder in use: refused without --force.
    let (ok, out) = run(&data, &["restore", backup.to_str().unwrap()]);
    assert!(!ok && out.contains("--force"), "{out}");

    // The machine is lost; a new data folder gets everything back.
    std::fs::remove_dir_all(&data).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let (ok, out) = run(&data, &["restore", backup.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(
        out.contains("restored 1 conversations, 2 messages and 1 files"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&picture).unwrap(),
        b"\x89PNG not really, but bytes"
    );
    assert_eq!(
        std::fs::read(data.join("keys").join("card.key")).unwrap(),
        key_before
    );
    assert_eq!(open_keys(&data).await, keys_before, "every card key opens");
    let store = Store::connect(&sqlite_url(&data)).await.unwrap();
    let messages = store.messages_after(conversation, 0, 10).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].text, "卡密没收到，订单 DEMO1001");
    store.close().await;

    // A damaged backup restores nothing.
    std::fs::write(backup.join("files").join("ab").join("screenshot.png"), b"x").unwrap();
    let fresh = root.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let (ok, out) = run(&fresh, &["restore", backup.to_str().unwrap()]);
    assert!(!ok && out.contains("damaged"), "{out}");
    assert!(out.contains("files/ab/screenshot.png"), "{out}");
    assert!(!fresh.join("kadesk.db").exists(), "nothing was restored");
}

#[tokio::test]
async fn a_key_stored_apart_is_asked_for_on_restore() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    demo_desk(&data).await.close().await;
    let keys_before = open_keys(&data).await;

    let backup = root.path().join("backup");
    let apart = root.path().join("safe-place.key");
    let (ok, out) = run(
        &data,
        &[
            "backup",
            backup.to_str().unwrap(),
            "--key-out",
            apart.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    assert!(
        !backup.join("card.key").exists(),
        "the key is not in the backup"
    );
    assert!(apart.exists());

    let fresh = root.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let (ok, out) = run(&fresh, &["restore", backup.to_str().unwrap()]);
    assert!(!ok && out.contains("--key"), "{out}");
    let wrong = root.path().join("wrong.key");
    std::fs::write(&wrong, "00".repeat(32)).unwrap();
    let (ok, out) = run(
        &fresh,
        &[
            "restore",
            backup.to_str().unwrap(),
            "--key",
            wrong.to_str().unwrap(),
        ],
    );
    assert!(!ok && out.contains("not the key"), "{out}");
    assert!(!fresh.join("kadesk.db").exists(), "nothing was restored");
    let (ok, out) = run(
        &fresh,
        &[
            "restore",
            backup.to_str().unwrap(),
            "--key",
            apart.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(open_keys(&fresh).await, keys_before);
}
