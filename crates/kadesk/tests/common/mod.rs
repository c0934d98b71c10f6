//! Support for the tests of the `kadesk` binary: the binary as a command on
//! a data folder, and a server process on 127.0.0.1:0. HTTP goes through
//! `kadesk::bench::http_json`, the client the benchmarks use.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

/// `kadesk ARGS --data-dir DATA`, run in `data`, logging at `warn`; the
/// caller adds input, environment and output handling.
pub fn kadesk_command(data: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kadesk"));
    command
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("KADESK_LOG", "warn")
        .current_dir(data);
    command
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `kadesk serve` on `data` and a free loopback port: the process (killed
/// when dropped) and the address it printed.
pub async fn start(data: &Path) -> (Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kadesk"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env("KADESK_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("server starts within 30 s")
            .unwrap()
            .expect("server printed its address");
        if let Some(addr) = line.strip_prefix("kadesk listening on http://") {
            break addr.trim().to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}

/// The SQLite database of data folder `data`.
pub fn sqlite_url(data: &Path) -> String {
    format!("sqlite://{}", data.join("kadesk.db").display())
}

/// A desk in the new folder `data`: the demo shop, its card keys sealed with
/// the key generated in `data/keys`. Its store.
pub async fn demo_desk(data: &Path) -> kadesk_store::Store {
    std::fs::create_dir_all(data).unwrap();
    let store = kadesk_store::Store::connect(&sqlite_url(data))
        .await
        .unwrap();
    let shop =
        kadesk_shop::Shop::from_config(store.clone(), &kadesk_shop::ShopConfig::default(), data)
            .unwrap();
    kadesk::demo::first_start(&store, true, &shop)
        .await
        .unwrap();
    store
}

/// A web buyer `name` whose conversation holds their message `said`:
/// (contact id, conversation id).
pub async fn buyer_said(store: &kadesk_store::Store, name: &str, said: &[&str]) -> (i64, i64) {
    use kadesk_domain::{Channel, ConversationStatus, SenderKind};
    let contact = store
        .create_contact(name, "zh-CN", Channel::Web, None)
        .await
        .unwrap();
    let conversation = store
        .create_conversation(contact.id, Channel::Web, ConversationStatus::Queued)
        .await
        .unwrap();
    for text in said {
        store
            .append_message(&kadesk_store::NewMessage {
                conversation_id: conversation.id,
                sender: SenderKind::Buyer,
                sender_id: None,
                sender_name: None,
                text: (*text).into(),
                attachments: Vec::new(),
                client_id: None,
                quick_replies: Vec::new(),
            })
            .await
            .unwrap();
    }
    (contact.id, conversation.id)
}
