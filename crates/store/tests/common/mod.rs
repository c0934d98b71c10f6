//! What every store test file shares: a fresh store on SQLite always and on
//! PostgreSQL when `KADESK_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_store::Store;
use sqlx::{Connection, Executor};

/// A fresh store, and what keeps its database alive.
pub struct TestStore {
    pub store: Store,
    pub label: &'static str,
    _dir: tempfile::TempDir,
}

/// A new SQLite store, plus a new PostgreSQL database when configured.
pub async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kadesk.db").display());
    let mut all = vec![TestStore {
        store: Store::connect(&url).await.unwrap(),
        label: "sqlite",
        _dir: dir,
    }];
    match std::env::var("KADESK_TEST_DATABASE_URL") {
        Ok(base) => {
            sqlx::any::install_default_drivers();
            let name = format!("kadesk_s_{:016x}", rand_id());
            let mut admin = sqlx::AnyConnection::connect(&base)
                .await
                .expect("KADESK_TEST_DATABASE_URL must be reachable");
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (prefix, _) = base.rsplit_once('/').expect("url has a database path");
            all.push(TestStore {
                store: Store::connect(&format!("{prefix}/{name}")).await.unwrap(),
                label: "postgres",
                _dir: tempfile::tempdir().unwrap(),
            });
        }
        Err(_) => {
            eprintln!("NOTE: KADESK_TEST_DATABASE_URL is unset: these tests run on SQLite only")
        }
    }
    all
}

fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}
