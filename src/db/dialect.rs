//! Everything SQLite and PostgreSQL do differently, in one place: taking the writer's lock, recognising a
//! database locked by another process, ids after bulk inserts, lists of ids, dates in SQL (years, labels, days,
//! values), read snapshots, placeholders for columns left out, full-text search, connection set-up (the rows
//! SQLite's driver hands over at once), and where a SQLite database lives.

use std::fmt::Write as _;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, SimpleExpr, StringLen};
use sea_orm::{
    AccessMode, ColumnDef, ColumnTrait, ColumnType, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, IsolationLevel, QueryResult, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// The advisory lock key PostgreSQL serialises coopkb's start-ups with (the ASCII of "coopkb", as a number).
const START_LOCK_KEY: i64 = 0x636f_6f70_6b62;

/// A write transaction: on SQLite `BEGIN IMMEDIATE`, which takes the file's write lock at once (waited for up
/// to the busy timeout) instead of failing when a reader upgrades; on PostgreSQL a plain transaction (writers are
/// serialised by the data version's row lock, taken first). Inside a transaction, a savepoint.
pub async fn begin_write(
    db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            };
            db.begin_with_options(options).await
        }
        _ => db.begin().await,
    }
}

/// A read-only transaction whose statements all see one state of the data: on PostgreSQL `REPEATABLE READ`; on
/// SQLite any transaction (in WAL mode its reads see the database as it was at the first).
pub async fn read_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await
        }
        _ => db.begin().await,
    }
}

/// A transaction no other coopkb start-up or writer runs beside: a write transaction (see [`begin_write`]) that
/// on PostgreSQL also holds coopkb's advisory lock until it ends (waited for as long as the other start-up takes).
pub async fn begin_exclusive(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = begin_write(db).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({START_LOCK_KEY})")).await?;
    }
    Ok(txn)
}

/// After rows were inserted with explicit ids into `tables`, makes the ids the database hands out next come after
/// them: PostgreSQL's identity sequences do not move by themselves (SQLite takes the largest id plus one).
pub async fn after_explicit_ids(db: &impl ConnectionTrait, tables: &[&str]) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in tables {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .await?;
    }
    Ok(())
}

/// The year of a date or instant column.
pub fn year_of(backend: DbBackend, table: &str, column: &str) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust(format!("CAST(EXTRACT(YEAR FROM \"{table}\".\"{column}\") AS INTEGER)")),
        // SQLite stores dates and instants as ISO 8601 text: the year is its first four characters.
        _ => Expr::cust(format!("CAST(substr(\"{table}\".\"{column}\", 1, 4) AS INTEGER)")),
    }
}

/// The `YYYY` (when `year`) or `YYYY-MM` label of a date column (of an instant, in UTC, when `instant`).
pub fn date_label(backend: DbBackend, table: &str, column: &str, year: bool, instant: bool) -> SimpleExpr {
    let length = if year { 4 } else { 7 };
    match backend {
        DbBackend::Postgres => {
            let value = if instant {
                format!("(\"{table}\".\"{column}\" AT TIME ZONE 'UTC')")
            } else {
                format!("\"{table}\".\"{column}\"")
            };
            let format = if year { "YYYY" } else { "YYYY-MM" };
            Expr::cust(format!("to_char({value}, '{format}')"))
        }
        _ => Expr::cust(format!("substr(\"{table}\".\"{column}\", 1, {length})")),
    }
}

/// The day of a date column (events: the UTC day of their start), per backend.
pub fn day_of(backend: DbBackend, table: &str, column: &str, instant: bool) -> SimpleExpr {
    match (backend, instant) {
        (DbBackend::Postgres, true) => Expr::cust(format!("CAST(\"{table}\".\"{column}\" AT TIME ZONE 'UTC' AS DATE)")),
        (DbBackend::Postgres, false) => Expr::cust(format!("\"{table}\".\"{column}\"")),
        _ => Expr::cust(format!("substr(\"{table}\".\"{column}\", 1, 10)")),
    }
}

/// `column` holds one of `ids`: on PostgreSQL `= ANY` of one array parameter, so that the statement's text (and
/// the plan PostgreSQL keeps for it) is the same for any number of ids and binding costs one value rather than one
/// per id (a page of 1,000 children's ids took a millisecond to bind); on SQLite, which binds in-process, `IN`.
pub fn one_of<C: ColumnTrait>(backend: DbBackend, column: C, ids: &[i32]) -> SimpleExpr {
    if backend != DbBackend::Postgres {
        return column.is_in(ids.iter().copied());
    }
    let mut array = String::with_capacity(ids.len() * 6 + 2);
    array.push('{');
    for (index, id) in ids.iter().enumerate() {
        let separator = if index == 0 { "" } else { "," };
        let _ = write!(array, "{separator}{id}");
    }
    array.push('}');
    Expr::cust_with_exprs("$1 = ANY(CAST($2 AS INT4[]))", [column.into_expr(), Expr::val(array)])
}

/// A value standing in for a required column a read leaves out, that decodes as the column's type: an empty
/// text, an empty JSON object (typed `jsonb` on PostgreSQL), the epoch (an integer on SQLite, which decodes it
/// as seconds); `None` for the other required columns (ids, references, numbers, vocabularies: they are read).
/// A nullable column left out is not selected at all: SeaORM reads a column missing from the row as `None`.
pub fn placeholder(backend: DbBackend, column: &ColumnDef) -> Option<SimpleExpr> {
    let postgres = backend == DbBackend::Postgres;
    let value = match column.get_column_type() {
        ColumnType::Json | ColumnType::JsonBinary if postgres => "CAST('{}' AS JSONB)",
        ColumnType::Json | ColumnType::JsonBinary => "'{}'",
        ColumnType::TimestampWithTimeZone if postgres => "TIMESTAMPTZ 'epoch'",
        ColumnType::TimestampWithTimeZone => "0",
        ColumnType::Text | ColumnType::String(StringLen::None) => "''",
        _ => return None,
    };
    Some(Expr::cust(value))
}

/// A date as a value to compare a date column with: a date on PostgreSQL, ISO 8601 text on SQLite (which stores
/// dates as text).
pub fn date_value(backend: DbBackend, date: NaiveDate) -> SimpleExpr {
    if backend == DbBackend::Postgres { Expr::val(date) } else { Expr::val(date.format("%Y-%m-%d").to_string()) }
}

/// The date in column `index` of `row`, as `date_label`, `day_of` and date columns give it.
pub fn read_date(row: &QueryResult, index: usize) -> Result<NaiveDate, DbErr> {
    read_optional_date(row, index)?.ok_or_else(|| DbErr::Type(format!("the date in column {index} is NULL")))
}

/// The date in column `index` of `row`, `None` for NULL. SQLite's text is read in place and parsed by hand: the
/// driver's own decoding goes through chrono's pattern parser, several times the cost, for every date of a page.
pub fn read_optional_date(row: &QueryResult, index: usize) -> Result<Option<NaiveDate>, DbErr> {
    let Some(sqlite) = row.try_as_sqlite_row() else {
        return row.try_get_by_index::<Option<NaiveDate>>(index);
    };
    let text: Option<&str> = sea_orm::sqlx::Row::try_get(sqlite, index).map_err(|e| DbErr::Type(e.to_string()))?;
    text.map(iso_date).transpose()
}

/// `YYYY-MM-DD`, as SQLite stores dates (chrono's parser for any other form of year).
fn iso_date(text: &str) -> Result<NaiveDate, DbErr> {
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0u32, |value, digit| digit.is_ascii_digit().then(|| value * 10 + u32::from(digit - b'0')))
    };
    let by_hand = match text.as_bytes() {
        [year @ .., b'-', m1, m2, b'-', d1, d2] if year.len() == 4 => {
            match (number(year).map(i32::try_from), number(&[*m1, *m2]), number(&[*d1, *d2])) {
                (Some(Ok(year)), Some(month), Some(day)) => NaiveDate::from_ymd_opt(year, month, day),
                _ => None,
            }
        }
        _ => None,
    };
    match by_hand {
        Some(date) => Ok(date),
        None => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| DbErr::Type(format!("date {text}: {e}"))),
    }
}

/// Rows SQLite's driver may hand over ahead of the request reading them. The driver steps each statement on a
/// thread of its own and sends the rows through a channel of 50 by default: past 50 rows the thread blocks, and
/// is woken again for every row the request takes. With a page's rows in flight it steps a statement through
/// without waiting: the dashboard's context switches went from 776 to 458 a request, its CPU down 13 %.
pub const SQLITE_ROWS_IN_FLIGHT: usize = 4096;

/// The driver's options of each backend, before connecting.
pub fn before_connect(options: &mut sea_orm::ConnectOptions) {
    options.map_sqlx_sqlite_opts(|sqlite| sqlite.row_buffer_size(SQLITE_ROWS_IN_FLIGHT));
}

/// Sets up a new connection pool: on SQLite, write-ahead logging, which lets readers go on while a writer
/// commits (a property of the file, set once). Changing the journal mode takes an exclusive lock that SQLite's
/// busy timeout does not wait for: a server starting while another migrates the same new file tries again.
pub async fn after_connect(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        retry_while_locked(|error: &DbErr| Some(error), || db.execute_unprepared("PRAGMA journal_mode = WAL")).await?;
    }
    Ok(())
}

/// The full-text search of the `search_index` table in each backend's own engine: SQLite FTS5 with BM25,
/// PostgreSQL `tsvector` with `ts_rank`.
pub struct FullText {
    /// `FROM … WHERE …` matching the query, its first parameter.
    pub from_where: &'static str,
    /// The relevance of a matching row, higher is better (comparable within one backend only).
    pub score: &'static str,
    postgres: bool,
}

impl FullText {
    /// The search of `backend`.
    pub fn of(backend: DbBackend) -> Self {
        if backend == DbBackend::Postgres {
            Self {
                from_where: "FROM search_index, to_tsquery('simple', $1) AS q WHERE document @@ q",
                score: "CAST(ts_rank(document, q) AS DOUBLE PRECISION)",
                postgres: true,
            }
        } else {
            Self {
                from_where: "FROM search_index WHERE search_index MATCH ?",
                // bm25 is lower for better matches; its weights follow the columns (title, aliases, body).
                score: "-bm25(search_index, 0.0, 0.0, 10.0, 4.0, 1.0, 0.0, 0.0, 0.0)",
                postgres: false,
            }
        }
    }

    /// The first parameter: `query` in the engine's query syntax.
    pub fn match_value(&self, query: &crate::search_query::SearchQuery) -> String {
        if self.postgres { query.to_tsquery() } else { query.to_fts5() }
    }

    /// The placeholder of the `n`th parameter (from 1).
    pub fn placeholder(&self, n: usize) -> String {
        if self.postgres { format!("${n}") } else { "?".to_owned() }
    }
}

/// Whether search index entries are addressed by a computed rowid (SQLite's FTS5 table has no index on its
/// columns) rather than by their `(kind, row_id)` unique index (PostgreSQL).
pub fn search_entries_keyed_by_rowid(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Sqlite
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

/// The PostgreSQL channel committed writes are announced on; every server listens to it.
pub const CHANGES_CHANNEL: &str = "coopkb_changes";

/// Announces, inside a write transaction, that it commits `data_version`: on PostgreSQL a `NOTIFY` on
/// [`CHANGES_CHANNEL`], which PostgreSQL delivers to every listening server only if the transaction commits; on
/// SQLite nothing (one server: the in-process change feed carries the announcement).
pub async fn announce_commit(txn: &DatabaseTransaction, data_version: i64) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let statement = sea_orm::Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANGES_CHANNEL.into(), data_version.to_string().into()],
    );
    txn.execute_raw(statement).await.map(|_| ())
}

/// The pool's PostgreSQL connections, to listen on, or `None` on SQLite.
pub fn postgres_pool(db: &DatabaseConnection) -> Option<&sea_orm::sqlx::PgPool> {
    (db.get_database_backend() == DbBackend::Postgres).then(|| db.get_postgres_connection_pool())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_read_by_hand_and_odd_years_by_chrono() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        assert_eq!(iso_date("2011-01-31").ok(), Some(date(2011, 1, 31)));
        assert_eq!(iso_date("0999-12-01").ok(), Some(date(999, 12, 1)));
        assert_eq!(iso_date("+12345-06-07").ok(), Some(date(12345, 6, 7)));
        for wrong in ["2011-02-30", "2011-13-01", "2011-1-011", "20x1-01-01", "", "2011-01-01 "] {
            assert!(iso_date(wrong).is_err(), "{wrong}");
        }
    }
}
