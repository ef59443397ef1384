//! What SQLite and PostgreSQL do differently for the server's own bookkeeping: taking the one writer's place
//! when a server starts, recognising a database locked by another process, and where a SQLite database lives.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

/// The advisory lock key PostgreSQL serialises coopkb's start-ups with (the ASCII of "coopkb", as a number).
const START_LOCK_KEY: i64 = 0x636f_6f70_6b62;

/// A transaction no other coopkb start-up or writer runs beside: `BEGIN IMMEDIATE` on SQLite (the file's write
/// lock, waited for up to the busy timeout); on PostgreSQL, a transaction holding coopkb's advisory lock until it
/// ends (waited for as long as the other start-up takes).
pub async fn begin_exclusive(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            };
            db.begin_with_options(options).await
        }
        _ => {
            let txn = db.begin().await?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({START_LOCK_KEY})")).await?;
            Ok(txn)
        }
    }
}

/// Whether `error` says another connection holds the database's lock (SQLite's `SQLITE_BUSY` and
/// `SQLITE_LOCKED`), so that trying again later can succeed.
pub fn is_locked(error: &DbErr) -> bool {
    let message = error.to_string();
    message.contains("database is locked") || message.contains("database table is locked")
}

/// How often a start-up tries again while another process holds the lock, and how long it waits in between.
const LOCKED_ATTEMPTS: u32 = 20;
const LOCKED_PAUSE: Duration = Duration::from_millis(250);

/// Runs `attempt` until it does not fail on a lock held by another process (see [`is_locked`]), a bounded
/// number of times; `database_error` finds the database error inside `E`.
pub async fn retry_while_locked<T, E, F, Fut>(
    database_error: impl Fn(&E) -> Option<&DbErr>,
    mut attempt: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut tries = 1;
    loop {
        match attempt().await {
            Err(error) if tries < LOCKED_ATTEMPTS && database_error(&error).is_some_and(is_locked) => {
                tracing::info!(tries, "the database is locked by another process; trying again");
                tries += 1;
                tokio::time::sleep(LOCKED_PAUSE).await;
            }
            result => return result,
        }
    }
}

/// The file a SQLite URL names (`sqlite://FILE?…`, `sqlite:FILE`), or `None` for another backend or an
/// in-memory database.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// What tells a file apart from another put at its path: its device and inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileIdentity {
    device: u64,
    inode: u64,
}

impl FileIdentity {
    /// The identity of the file at `path`, if there is one.
    #[cfg(unix)]
    pub fn of(path: &std::path::Path) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some(Self { device: metadata.dev(), inode: metadata.ino() })
    }

    /// The identity of the file at `path`: on this platform, only whether it exists.
    #[cfg(not(unix))]
    pub fn of(path: &std::path::Path) -> Option<Self> {
        path.exists().then_some(Self { device: 0, inode: 0 })
    }
}

/// The SQLite file a server opened, to notice when it is removed or replaced under the server.
#[derive(Clone, Debug)]
pub struct DatabaseFile {
    path: PathBuf,
    identity: Option<FileIdentity>,
}

impl DatabaseFile {
    /// The file `url` names as it is now, if `url` is a SQLite file.
    pub fn of_url(url: &str) -> Option<Self> {
        let path = sqlite_file(url)?;
        let identity = FileIdentity::of(&path);
        Some(Self { path, identity })
    }

    /// Whether the file at the path is still the one the server opened.
    pub fn is_unchanged(&self) -> bool {
        self.identity.is_some() && FileIdentity::of(&self.path) == self.identity
    }

    /// The file's path.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}
