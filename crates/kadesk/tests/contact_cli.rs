//! `kadesk contact export|erase` as an operator runs them on a data folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{buyer_said, sqlite_url, text};
use kadesk_store::Store;

/// `kadesk contact --data-dir DATA ARGS`.
fn run_contact(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kadesk"))
        .arg("contact")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("KADESK_LOG", "warn")
        .current_dir(data)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_contact_is_exported_then_erased_from_the_command_line() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let url = sqlite_url(&data);
    let store = Store::connect(&url).await.unwrap();
    let (contact, conversation) =
        buyer_said(&store, "李四删除", &["我的手机 13700001111，卡密没到"]).await;
    store.close().await;
    let id = contact.to_string();

    let out_dir = root.path().join("export");
    let out = run_contact(&data, &["export", &id, "--out", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let exported = std::fs::read_to_string(out_dir.join("contact.json")).unwrap();
    assert!(
        exported.contains("13700001111") && exported.contains("李四删除"),
        "{exported}"
    );

    let out = run_contact(&data, &["erase", &id]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    let out = run_contact(&data, &["erase", &id, "--yes"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("1 messages emptied"),
        "{}",
        text(&out.stdout)
    );

    let store = Store::connect(&url).await.unwrap();
    let messages = store.messages_after(conversation, 0, 10).await.unwrap();
    assert_eq!(messages.len(), 1, "the message stays, for the reports");
    assert!(!messages[0].text.contains("13700001111"));
    assert_eq!(store.contact(contact).await.unwrap().name, "已删除的买家");
    assert!(store
        .audit_entries(10)
        .await
        .unwrap()
        .iter()
        .any(|a| a.action == "contact_erased"));
    store.close().await;
}
