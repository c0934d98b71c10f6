//! Durable storage for kadesk: contacts, conversations, messages, users and
//! sessions, files' metadata, the audit log, and the demo shop's products and
//! orders.
//!
//! One [`Store`] speaks to both backends through sqlx's `Any` driver, so every
//! query is written once (with `$1` placeholders, which SQLite and PostgreSQL
//! both read). Each backend has its own append-only migrations under
//! `migrations/`, embedded in the binary.
//!
//! SQLite (the embedded default) runs in WAL mode with one writer connection
//! and a small pool of readers: writes never fight over the database lock and
//! reads never wait for writes. PostgreSQL uses one pool for both.
//!
//! The write that matters most is [`Store::append_message`]: it stores a
//! message and advances the conversation in one transaction, and a retry with
//! the same client id returns the stored message instead of a second copy.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

mod agent_status;
mod audit;
mod bot;
pub use agent_status::AgentTime;
pub use audit::{AuditEntry, AuditFilter};
pub use bot::{BotOutcome, RefundRequest};
mod analyses;
mod annotations;
mod canned;
mod cases;
mod channel_outbox;
mod contacts;
mod conversations;
mod events;
mod identities;
mod knowledge;
mod limits;
mod llm_usage;
mod messages;
mod notes;
mod privacy;
mod rating;
mod report_facts;
mod reports;
mod routing;
mod search;
mod shop;
mod sla;
mod sql;
mod users;
pub use analyses::{NewAnalysis, StoredFingerprint};
pub use annotations::{Annotation, ConfirmedTags};
pub use canned::{CannedDraft, CannedFilter, CannedReply};
pub use cases::{CaseFilter, CasePicture, NewCase, StoredCase};
pub use channel_outbox::{Delivery, DeliveryStatus, NewOutgoing, Outgoing, PlatformMessage};
pub use knowledge::{ArticleFilter, ArticlePage};
pub use limits::{Charge, LimitScope, OnSuccess};
pub use llm_usage::{LlmCallCount, LlmUsageRow};

pub use contacts::{ContactPatch, MAX_TAGS, MAX_TAG_CHARS};
pub use conversations::{ConversationFilter, ConversationPage, Cursor};
pub use messages::{AppendOutcome, NewMessage};
pub use privacy::{Erased, ExportedConversation};
pub use reports::{
    ConversationFacts, GroupFacts, History, HistoryEvent, HistoryMessage, LabelKind, OpenWindow,
    ReportGroup, ReportScope,
};
pub use routing::{AgentLoad, QueueEntry, StoredRule, Team, Unrouted};
pub use search::{SearchField, SearchHit};
pub use shop::{NewOrder, NewProduct, Order, OrderRecord, SaveOutcome, SealedKey, StoredOrder};
pub use sla::SlaClock;
pub use users::{ActiveSession, SessionInfo, SessionOrigin, SessionUser};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist.
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    /// A unique value is already taken.
    #[error("{field} {value:?} is already taken")]
    Conflict { field: &'static str, value: String },
    /// The conversation is closed and takes no new messages.
    #[error("conversation {0} is closed")]
    Closed(i64),
    /// The database URL names no database kadesk speaks (a setting to fix,
    /// not a broken database).
    #[error("database.url {0:?} is neither sqlite://PATH nor postgres://…; fix the [database] url setting (KADESK_DATABASE__URL)")]
    BadUrl(String),
    /// A stored value could not be read back (a bug or a hand-edited row).
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// `NotFound` for a write that touched no row: no `what` with this `id`.
pub(crate) fn found(rows: u64, what: &'static str, id: impl std::fmt::Display) -> Result<()> {
    if rows == 0 {
        return Err(StoreError::NotFound {
            what,
            id: id.to_string(),
        });
    }
    Ok(())
}

/// Database connections now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections.
    pub open: u32,
    /// Of those, the ones not in use.
    pub idle: usize,
}

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    /// Connections that write. One connection on SQLite, the shared pool on PostgreSQL.
    write: AnyPool,
    /// Connections that only read.
    read: AnyPool,
    backend: Backend,
    /// The queue of the message writer task (group commit).
    appender: tokio::sync::mpsc::Sender<messages::AppendJob>,
    /// Tells the writer task to store what is queued and stop ([`Store::stop_writer`]).
    appender_stop: std::sync::Arc<tokio::sync::Notify>,
    /// The writer task, joined by [`Store::stop_writer`].
    appender_task: std::sync::Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
    /// A buyer writing into a resolved conversation gives it back to the bot
    /// (true) instead of the queue; the server keeps it in step with the
    /// bot's `enabled` setting.
    reopen_to_bot: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// When expired attempt counters were last swept (see [`limits`]).
    last_limit_purge: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Store {
    /// Opens the database at `url` (`sqlite://PATH` or `postgres://…`) and
    /// brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let store = if url.starts_with("sqlite:") {
            let url = if url.contains('?') {
                url.to_owned()
            } else {
                format!("{url}?mode=rwc")
            };
            if let Some(file) = sqlite_file(&url) {
                private_database_file(&file).map_err(sqlx::Error::Io)?;
            }
            let write = sqlite_pool(&url, 1).await?;
            let read = sqlite_pool(&url, 4).await?;
            Store::new(write, read, Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Store::new(pool.clone(), pool, Backend::Postgres)
        } else {
            return Err(StoreError::BadUrl(redact_url(url)));
        };
        store.migrate().await?;
        Ok(store)
    }

    fn new(write: AnyPool, read: AnyPool, backend: Backend) -> Store {
        // Bounded: a flood of sends waits here instead of growing memory.
        let (appender, jobs) = tokio::sync::mpsc::channel(4096);
        let reopen_to_bot = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let appender_stop = std::sync::Arc::new(tokio::sync::Notify::new());
        let task = tokio::spawn(messages::run_appender(
            write.clone(),
            jobs,
            reopen_to_bot.clone(),
            appender_stop.clone(),
        ));
        Store {
            write,
            read,
            backend,
            appender,
            appender_stop,
            appender_task: std::sync::Arc::new(std::sync::Mutex::new(Some(task))),
            reopen_to_bot,
            last_limit_purge: std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0)),
        }
    }

    /// Stops the message writer at shutdown: appends already queued are
    /// stored and answered, later ones fail, and this returns once the
    /// writer task has ended. Reads and other writes keep working.
    pub async fn stop_writer(&self) {
        self.appender_stop.notify_one();
        let task = self
            .appender_task
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(task) = task {
            if let Err(e) = task.await {
                tracing::warn!(error = %e, "message writer ended abnormally");
            }
        }
    }

    /// Whether the message writer has stopped ([`Store::stop_writer`]).
    pub fn is_closed(&self) -> bool {
        self.appender.is_closed()
    }

    /// Whether a buyer writing into a resolved conversation gives it back to
    /// the bot (status `bot`, unassigned, normal priority) instead of the
    /// queue. Off until the server turns it on.
    pub fn set_reopen_to_bot(&self, on: bool) {
        self.reopen_to_bot
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Connections of the pools now (for `/metrics`).
    pub fn pool_stats(&self) -> PoolStats {
        let (w, r) = (&self.write, &self.read);
        let shared = self.backend == Backend::Postgres;
        PoolStats {
            open: w.size() + if shared { 0 } else { r.size() },
            idle: w.num_idle() + if shared { 0 } else { r.num_idle() },
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.write)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.write)
                    .await?
            }
        }
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to the new file `to`
    /// while it stays in use (`VACUUM INTO`). SQLite only (see
    /// [`Store::backend`]): PostgreSQL is backed up with its own `pg_dump`.
    pub async fn backup_sqlite(&self, to: &str) -> Result<()> {
        sqlx::query("VACUUM INTO $1")
            .bind(to)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// How many conversations and messages are stored (a restore is checked
    /// by them).
    pub async fn table_counts(&self) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM conversations) AS c, (SELECT COUNT(*) FROM messages) AS m",
        )
        .fetch_one(&self.read)
        .await?;
        Ok((row.try_get("c")?, row.try_get("m")?))
    }

    /// After a bulk import: refreshes PostgreSQL's planner statistics
    /// (`ANALYZE`, as autovacuum would soon). Nothing on SQLite: without
    /// statistics its planner reads the report views from the narrow
    /// indexes, which is quicker here.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("ANALYZE").execute(&self.write).await?;
        }
        Ok(())
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Stops the message writer (see [`Store::stop_writer`]), then closes
    /// every connection, waiting for running queries.
    pub async fn close(&self) {
        self.stop_writer().await;
        self.write.close().await;
        self.read.close().await;
    }

    /// Reads a setting.
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }

    /// Removes a setting (its default applies again).
    pub async fn delete_setting(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM settings WHERE key = $1")
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Writes a setting.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}

/// The database file a `sqlite:` URL names (with the URL's query), or
/// `None` for another database or an in-memory one.
fn sqlite_parts(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (!path.is_empty() && path != ":memory:").then_some((path, query))
}

/// The database file a `sqlite:` URL names (a backup copies it), or `None`
/// for PostgreSQL or an in-memory database.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    sqlite_parts(url).map(|(path, _)| path.into())
}

/// The database file a `sqlite:` URL names and may create, or `None` for
/// an in-memory database or one opened without creating (`mode=ro`/`rw`).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let (path, query) = sqlite_parts(url)?;
    let creates = query.split('&').any(|p| p == "mode=rwc");
    creates.then(|| path.into())
}

/// Makes the database file readable and writable by its owner only (it holds
/// sealed card keys, session hashes and every conversation): created 0600
/// before SQLite opens it, or tightened to 0600 when it is wider. SQLite gives
/// the `-wal` and `-shm` files the database file's permissions.
fn private_database_file(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(file = %path.display(), mode = format!("{:o}", mode & 0o777), "the database file was readable by others; making it 0600");
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            for suffix in ["-wal", "-shm"] {
                let mut side = path.as_os_str().to_owned();
                side.push(suffix);
                let side = std::path::PathBuf::from(side);
                if side.exists() {
                    std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600))?;
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

async fn sqlite_pool(url: &str, connections: u32) -> Result<AnyPool> {
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL: readers never block the writer. NORMAL sync keeps every
                // committed transaction across a process crash (kill -9).
                sqlx::query("PRAGMA journal_mode = WAL")
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("PRAGMA synchronous = NORMAL")
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("PRAGMA busy_timeout = 5000")
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("PRAGMA foreign_keys = ON")
                    .execute(&mut *conn)
                    .await?;
                // Reads map the file instead of copying each page through a
                // read call: a report scans 100,000 index entries.
                sqlx::query("PRAGMA mmap_size = 268435456")
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(pool)
}

/// Removes a password from a database URL so it can be shown.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Reads a wire-named enum from a text column.
fn parse_col<T>(row: &AnyRow, col: &str) -> Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let raw: String = row.try_get(col)?;
    raw.parse()
        .map_err(|e: T::Err| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// Whether an error is a unique-constraint violation.
fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.code().as_deref() == Some("23505")
                || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{redact_url, sqlite_file};

    #[test]
    fn only_files_sqlite_may_create_are_prepared() {
        assert_eq!(
            sqlite_file("sqlite:///data/kadesk.db?mode=rwc"),
            Some("/data/kadesk.db".into())
        );
        assert_eq!(
            sqlite_file("sqlite://./data/kadesk.db?mode=rwc"),
            Some("./data/kadesk.db".into())
        );
        assert_eq!(sqlite_file("sqlite:///data/kadesk.db?mode=ro"), None);
        assert_eq!(sqlite_file("sqlite::memory:?mode=rwc"), None);
        assert_eq!(sqlite_file("postgres://db/kadesk"), None);
    }

    #[cfg(unix)]
    mod permissions {
        use std::os::unix::fs::PermissionsExt;

        fn mode(path: &std::path::Path) -> u32 {
            std::fs::metadata(path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .permissions()
                .mode()
                & 0o777
        }

        fn side(db: &std::path::Path, suffix: &str) -> std::path::PathBuf {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            name.into()
        }

        #[tokio::test]
        async fn a_new_database_and_its_wal_files_are_private_to_the_owner() {
            let dir = tempfile::tempdir().expect("tempdir");
            let db = dir.path().join("kadesk.db");
            let store = crate::Store::connect(&format!("sqlite://{}", db.display()))
                .await
                .expect("opens");
            store.set_setting("probe", "1").await.expect("writes");
            for file in [db.clone(), side(&db, "-wal"), side(&db, "-shm")] {
                assert_eq!(mode(&file), 0o600, "{}", file.display());
            }
            store.close().await;
        }

        #[tokio::test]
        async fn a_database_readable_by_others_is_made_private() {
            let dir = tempfile::tempdir().expect("tempdir");
            let db = dir.path().join("kadesk.db");
            let url = format!("sqlite://{}", db.display());
            crate::Store::connect(&url)
                .await
                .expect("opens")
                .close()
                .await;
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let store = crate::Store::connect(&url).await.expect("opens again");
            assert_eq!(mode(&db), 0o600);
            store.close().await;
        }
    }

    #[tokio::test]
    async fn a_bad_database_url_is_a_setting_error_not_a_corrupt_database() {
        let err = crate::Store::connect("mysql://kadesk:s3cret@db/kadesk")
            .await
            .expect_err("not a backend kadesk speaks");
        assert!(matches!(err, crate::StoreError::BadUrl(_)), "{err}");
        let text = err.to_string();
        assert!(text.contains("database.url"), "{text}");
        assert!(
            !text.contains("invalid") && !text.contains("s3cret"),
            "{text}"
        );
    }

    #[test]
    fn redact_url_hides_only_the_password() {
        assert_eq!(
            redact_url("postgres://kadesk:s3cret@db:5432/kadesk"),
            "postgres://kadesk:***@db:5432/kadesk"
        );
        assert_eq!(
            redact_url("sqlite:///data/kadesk.db"),
            "sqlite:///data/kadesk.db"
        );
    }
}
