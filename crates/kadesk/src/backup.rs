//! `kadesk backup DIR` and `kadesk restore DIR`: everything a desk needs to
//! come back on a new machine, checked on the way back.
//!
//! A backup folder holds:
//! - the database: `kadesk.db`, a consistent copy of SQLite taken while the
//!   server runs (`VACUUM INTO`), or `kadesk.pgdump` from PostgreSQL's own
//!   `pg_dump` (custom format) when it is installed — otherwise the command
//!   to run is printed;
//! - `files/`: the uploaded pictures, as stored;
//! - `card.key`: the key card keys are sealed with, unless it comes from the
//!   configuration (`shop.card_key`) or `--key-out` puts it elsewhere. Whoever
//!   holds the database and this key together can read every card key, so
//!   it is meant to be stored apart;
//! - `backup.json`: what is in it, with a SHA-256 of every file.
//!
//! A restore checks every checksum first, refuses to overwrite a data folder
//! that already has a database, files or a different key unless told to
//! (`--force`), then puts everything in place and opens the database once
//! (migrations run) to count what came back.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use kadesk_store::{Backend, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;

const MANIFEST: &str = "backup.json";
const SQLITE_FILE: &str = "kadesk.db";
const PG_FILE: &str = "kadesk.pgdump";
const KEY_FILE: &str = "card.key";
const FILES: &str = "files";

/// What a backup holds (`backup.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The layout's version.
    pub format: u32,
    /// The kadesk version that wrote it.
    pub kadesk: String,
    /// When it was taken (Unix ms).
    pub created_at: i64,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The database file in the folder; `None` when `pg_dump` was not
    /// installed and the operator runs it.
    pub database_file: Option<String>,
    /// Conversations and messages at the time, to check a restore by.
    pub conversations: i64,
    pub messages: i64,
    /// Where the card key went: `card.key` (in the folder), `elsewhere`
    /// (`--key-out`), `config` (it is in the configuration), or `none`.
    pub card_key: String,
    /// SHA-256 (hex) of the card key, wherever it went, so a restore knows
    /// it was given the right one (the hash of a random 256-bit key tells
    /// nothing about it).
    pub card_key_sha256: Option<String>,
    /// SHA-256 (hex) of every file in the folder but this one, by relative path.
    pub checksums: BTreeMap<String, String>,
}

fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Every regular file under `root`, as paths relative to it (symbolic links
/// are not followed).
fn walk(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = rel.join(entry.file_name());
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies every file under `from` to the same place under `to`.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let files = walk(from)?;
    for rel in &files {
        let target = to.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from.join(rel), &target)
            .with_context(|| format!("cannot copy {}", rel.display()))?;
    }
    Ok(files.len())
}

/// Writes `bytes` to `path` readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

/// The card-key file the configuration points at.
fn key_file(config: &Config) -> PathBuf {
    config
        .shop
        .card_key_file
        .clone()
        .unwrap_or_else(|| config.server.data_dir.join("keys").join(KEY_FILE))
}

fn key_in_config(config: &Config) -> bool {
    config
        .shop
        .card_key
        .as_deref()
        .is_some_and(|k| !k.trim().is_empty())
}

/// Writes a backup of the desk `config` describes into the new or empty
/// folder `dir`; the card key goes to `key_out` when given.
pub async fn backup(
    config: &Config,
    dir: &Path,
    key_out: Option<&Path>,
) -> anyhow::Result<Manifest> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "backup folder {} is not empty; name a new folder",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let url = config.database_url();
    let store = Store::connect(&url).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot open database {}: {e}",
            kadesk_store::redact_url(&url)
        )
    })?;
    let (conversations, messages) = store.table_counts().await?;
    let (database, database_file) = match store.backend() {
        Backend::Sqlite => {
            let target = dir.join(SQLITE_FILE);
            let text = target
                .to_str()
                .context("the backup folder's path is not UTF-8")?;
            store.backup_sqlite(text).await?;
            ("sqlite", Some(SQLITE_FILE.to_owned()))
        }
        Backend::Postgres => {
            let target = dir.join(PG_FILE);
            let done = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(&target)
                .arg("--dbname")
                .arg(&url)
                .status();
            match done {
                Ok(status) if status.success() => ("postgres", Some(PG_FILE.to_owned())),
                Ok(status) => bail!("pg_dump failed ({status}); the database was not backed up"),
                Err(_) => {
                    println!(
                        "pg_dump is not installed here: back the database up with\n  pg_dump --format=custom --no-owner --file {} --dbname '{}'",
                        target.display(),
                        kadesk_store::redact_url(&url)
                    );
                    ("postgres", None)
                }
            }
        }
    };
    store.close().await;

    let files = copy_tree(&config.server.data_dir.join(FILES), &dir.join(FILES))?;

    let mut card_key_sha256 = None;
    let card_key = if key_in_config(config) {
        "config"
    } else {
        let source = key_file(config);
        match std::fs::read(&source) {
            Ok(bytes) => {
                card_key_sha256 = Some(hex::encode(Sha256::digest(&bytes)));
                let target = key_out.map_or_else(|| dir.join(KEY_FILE), Path::to_owned);
                write_private(&target, &bytes)?;
                if key_out.is_some() {
                    "elsewhere"
                } else {
                    KEY_FILE
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "none",
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", source.display())),
        }
    };

    let mut checksums = BTreeMap::new();
    for rel in walk(dir)? {
        let name = rel.to_string_lossy().replace('\\', "/");
        checksums.insert(name, sha256_file(&dir.join(&rel))?);
    }
    let manifest = Manifest {
        format: 1,
        kadesk: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: kadesk_domain::now_millis(),
        database: database.to_owned(),
        database_file,
        conversations,
        messages,
        card_key: card_key.to_owned(),
        card_key_sha256,
        checksums,
    };
    write_private(
        &dir.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    println!(
        "backed up {conversations} conversations, {messages} messages and {files} files to {}",
        dir.display()
    );
    match card_key {
        "card.key" => println!(
            "WARNING: {} is the key every card key is sealed with. Whoever has it and the \
             database can read every card key: move it out of this folder and store it apart \
             (another machine or a password manager); `kadesk restore` asks for it back with --key.",
            dir.join(KEY_FILE).display()
        ),
        "config" => println!(
            "the card key comes from the configuration (shop.card_key): it is not in this \
             backup; keep that value safe, apart from the backup"
        ),
        _ => {}
    }
    Ok(manifest)
}

/// Puts the backup in `dir` back into the data folder `config` describes;
/// `key` names the card-key file when it was stored apart. Refuses to
/// replace anything there unless `force`.
pub async fn restore(
    config: &Config,
    dir: &Path,
    key: Option<&Path>,
    force: bool,
) -> anyhow::Result<Manifest> {
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join(MANIFEST)).with_context(|| {
            format!("{} has no {MANIFEST}: not a kadesk backup", dir.display())
        })?)
        .with_context(|| format!("{MANIFEST} does not read"))?;
    if manifest.format != 1 {
        bail!(
            "backup format {} is newer than this kadesk reads",
            manifest.format
        );
    }
    // Every file as it was written, before anything is replaced.
    let mut damaged = Vec::new();
    for (name, sum) in &manifest.checksums {
        let path = dir.join(name);
        if name == KEY_FILE && !path.exists() && key.is_some() {
            continue;
        }
        match sha256_file(&path) {
            Ok(found) if found == *sum => {}
            _ => damaged.push(name.clone()),
        }
    }
    if !damaged.is_empty() {
        bail!(
            "the backup is damaged or incomplete; nothing was restored. Files that do not match backup.json: {}",
            damaged.join(", ")
        );
    }

    let url = config.database_url();
    let data = &config.server.data_dir;
    std::fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))?;
    let files_dir = data.join(FILES);
    let key_target = key_file(config);
    let key_source = key.map_or_else(|| dir.join(KEY_FILE), Path::to_owned);
    let key_bytes = match manifest.card_key.as_str() {
        "card.key" | "elsewhere" => Some(std::fs::read(&key_source).with_context(|| {
            format!(
                "the card key was stored apart: name it with --key (looked for {})",
                key_source.display()
            )
        })?),
        _ => None,
    };
    if let (Some(bytes), Some(sum)) = (&key_bytes, &manifest.card_key_sha256) {
        if hex::encode(Sha256::digest(bytes)) != *sum {
            bail!(
                "{} is not the key this backup's card keys are sealed with; nothing was restored",
                key_source.display()
            );
        }
    }

    // Refuse before touching anything.
    let is_sqlite = manifest.database == "sqlite";
    let db_path = kadesk_store::sqlite_path(&url);
    let db_path = match (is_sqlite, db_path) {
        (true, None) => {
            bail!("this backup is of a SQLite database; restore it with a SQLite database.url")
        }
        (_, path) => path.unwrap_or_default(),
    };
    if !force {
        if is_sqlite && db_path.exists() {
            bail!(
                "{} already has a database ({}); stop kadesk and pass --force to replace it",
                data.display(),
                db_path.display()
            );
        }
        if !walk(&files_dir)?.is_empty() {
            bail!(
                "{} already holds files; pass --force to replace them",
                files_dir.display()
            );
        }
        if let (Some(bytes), Ok(existing)) = (&key_bytes, std::fs::read(&key_target)) {
            if existing != *bytes {
                bail!(
                    "{} holds a different card key; the restored card keys need the backup's. Pass --force to replace it",
                    key_target.display()
                );
            }
        }
    }

    match (is_sqlite, manifest.database_file.as_deref()) {
        (true, Some(file)) => {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = db_path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            if let Some(parent) = db_path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            write_private(&db_path, &std::fs::read(dir.join(file))?)?;
        }
        (false, Some(file)) => {
            let status = Command::new("pg_restore")
                .args(["--clean", "--if-exists", "--no-owner", "--dbname"])
                .arg(&url)
                .arg(dir.join(file))
                .status()
                .context("pg_restore is not installed: install the PostgreSQL client tools")?;
            if !status.success() {
                bail!("pg_restore failed ({status})");
            }
        }
        (_, None) => println!(
            "this backup holds no database file: restore the pg_dump you took by hand with pg_restore"
        ),
    }
    if files_dir.exists() {
        std::fs::remove_dir_all(&files_dir)?;
    }
    let files = copy_tree(&dir.join(FILES), &files_dir)?;
    if let Some(bytes) = &key_bytes {
        if let Some(parent) = key_target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_private(&key_target, bytes)?;
    }

    let store = Store::connect(&url).await.map_err(|e| {
        anyhow::anyhow!(
            "the restored database does not open {}: {e}",
            kadesk_store::redact_url(&url)
        )
    })?;
    let (conversations, messages) = store.table_counts().await?;
    store.close().await;
    if (conversations, messages) != (manifest.conversations, manifest.messages) {
        bail!(
            "the restored database has {conversations} conversations and {messages} messages; the backup recorded {} and {}",
            manifest.conversations,
            manifest.messages
        );
    }
    println!(
        "restored {conversations} conversations, {messages} messages and {files} files into {}",
        data.display()
    );
    Ok(manifest)
}
