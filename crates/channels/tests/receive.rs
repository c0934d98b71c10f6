//! The channel boundary as an adapter uses it: a platform's buyer becomes
//! one contact, and a repeated delivery of a platform message is stored once.
//! Runs on SQLite, and on PostgreSQL when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_channels::{receive, Inbound, PlatformIdentity, Received};
use kadesk_desk::{Desk, DeskConfig};
use kadesk_domain::Channel;
use kadesk_store::Store;
use rand::RngCore;
use sqlx::{Connection, Executor};

async fn stores(dir: &tempfile::TempDir) -> Vec<(Store, &'static str)> {
    let sqlite = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let mut all = vec![(Store::connect(&sqlite).await.unwrap(), "sqlite")];
    match std::env::var("KADESK_TEST_DATABASE_URL") {
        Ok(base) => {
            sqlx::any::install_default_drivers();
            let mut bytes = [0u8; 6];
            rand::thread_rng().fill_bytes(&mut bytes);
            let name = format!("kadesk_t_ch{}", hex(&bytes));
            let mut admin = sqlx::AnyConnection::connect(&base).await.unwrap();
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (prefix, _) = base.rsplit_once('/').unwrap();
            let url = format!("{prefix}/{name}");
            all.push((Store::connect(&url).await.unwrap(), "postgres"));
        }
        Err(_) => eprintln!("NOTE: KADESK_TEST_DATABASE_URL is unset: SQLite only"),
    }
    all
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn inbound(user: &str, message: &str, text: &str) -> Inbound {
    Inbound {
        from: PlatformIdentity {
            channel: Channel::Telegram,
            platform_user_id: user.into(),
        },
        display_name: Some("Li Lei".into()),
        language: Some("zh-CN".into()),
        text: text.into(),
        attachments: Vec::new(),
        quick_reply: None,
        platform_message_id: message.into(),
    }
}

#[tokio::test]
async fn a_repeated_platform_message_is_stored_once_for_one_contact() {
    let dir = tempfile::tempdir().unwrap();
    for (store, label) in stores(&dir).await {
        // The bot off: nothing but the buyer's messages is written.
        let desk = Desk::new(
            store.clone(),
            DeskConfig {
                files_dir: dir.path().join("files"),
                bot: kadesk_bot_off(),
                ..DeskConfig::default()
            },
        );
        let first = receive(&desk, inbound("chat-7", "m-1", "在吗"))
            .await
            .unwrap();
        let Received::Stored(stored) = first else {
            panic!("{label}: the first delivery is stored");
        };
        let again = receive(&desk, inbound("chat-7", "m-1", "在吗"))
            .await
            .unwrap();
        assert!(
            matches!(again, Received::Duplicate { message_id } if message_id == stored.message.id),
            "{label}: the repeat is recognised"
        );
        let next = receive(&desk, inbound("chat-7", "m-2", "订单没到"))
            .await
            .unwrap();
        let Received::Stored(next) = next else {
            panic!("{label}: a new platform message is stored");
        };
        assert_eq!(
            next.message.conversation_id, stored.message.conversation_id,
            "{label}: same buyer, same conversation"
        );
        let conversation = store
            .conversation(stored.message.conversation_id)
            .await
            .unwrap();
        assert_eq!(conversation.channel, Channel::Telegram, "{label}");
        let contact = store.contact(conversation.contact_id).await.unwrap();
        assert_eq!(contact.name, "Li Lei", "{label}");
        assert_eq!(contact.channel, Channel::Telegram, "{label}");
        let messages = store.messages_after(conversation.id, 0, 10).await.unwrap();
        let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["在吗", "订单没到"], "{label}");
    }
}

fn kadesk_bot_off() -> kadesk_bot::BotConfig {
    kadesk_bot::BotConfig {
        enabled: false,
        ..kadesk_bot::BotConfig::default()
    }
}
