//! What the channel tests share: the databases they run on, a desk, a
//! picture, and waiting for a stand-in to be sent something.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use kadesk_desk::{Desk, DeskConfig};
use kadesk_store::Store;
use rand::RngCore;
use sqlx::{Connection, Executor};

/// A store on SQLite in `dir`, and one on a fresh PostgreSQL database
/// (named after `tag`) when `KADESK_TEST_DATABASE_URL` is set.
pub async fn stores(dir: &tempfile::TempDir, tag: &str) -> Vec<(Store, &'static str)> {
    let sqlite = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let mut all = vec![(Store::connect(&sqlite).await.unwrap(), "sqlite")];
    if let Ok(base) = std::env::var("KADESK_TEST_DATABASE_URL") {
        sqlx::any::install_default_drivers();
        let mut bytes = [0u8; 6];
        rand::thread_rng().fill_bytes(&mut bytes);
        let name = format!("kadesk_t_{tag}{}", hex(&bytes));
        let mut admin = sqlx::AnyConnection::connect(&base).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let (prefix, _) = base.rsplit_once('/').unwrap();
        all.push((
            Store::connect(&format!("{prefix}/{name}")).await.unwrap(),
            "postgres",
        ));
    } else {
        eprintln!("NOTE: KADESK_TEST_DATABASE_URL is unset: SQLite only");
    }
    all
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A desk on `store`, its files in `dir`, the bot on or off.
pub fn desk(store: Store, dir: &tempfile::TempDir, bot: bool) -> Desk {
    Desk::new(
        store,
        DeskConfig {
            files_dir: dir.path().join("files"),
            nlu_examples: dir.path().join("nlu.tsv"),
            bot: kadesk_bot::BotConfig {
                enabled: bot,
                ..kadesk_bot::BotConfig::default()
            },
            ..DeskConfig::default()
        },
    )
}

/// A small PNG picture (120×80).
pub fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 80, |x, y| {
        image::Rgb([(x * 2) as u8, (y * 3) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Waits (at most 20 s) until `check` holds; `what` and `shown()` name
/// what was missing when it never does.
pub async fn until(what: &str, check: impl Fn() -> bool, shown: impl Fn() -> String) {
    for _ in 0..400 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}; sent: {}", shown());
}
