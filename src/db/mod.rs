//! Data access: plain async functions over a SeaORM connection, per aggregate. Nothing here knows GraphQL.

pub mod activity;
pub mod citation;
pub mod data_version;
pub mod dialect;
pub mod filter;
pub mod history;
pub mod keyed;
pub mod organization;
pub mod page;
pub mod project;
pub mod rows;
pub mod search;
pub mod stats;
pub mod subject;
pub mod summary;
pub mod timeline;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait,
};

pub use keyed::{
    Along, ChildPage, ChildWindow, Columns, Keyed, PageWindow, Slugged, by_ids, by_slug, child_counts,
    children_in_window, children_of, linked_counts, linked_in_window, read_children, reading, windowed,
};
pub use page::{Ordering, Page, PageRequest, Position, SortValue, page, position_of};

/// Opens a pool of connections to `url` (SQLite or PostgreSQL).
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if let Some(file) = dialect::sqlite_file(url)
        && !file.exists()
    {
        tracing::warn!(file = %file.display(), "the SQLite database does not exist: creating a new, empty one");
    }
    let mut options = ConnectOptions::new(url);
    options.max_connections(max_connections).acquire_timeout(Duration::from_secs(10)).sqlx_logging(false);
    dialect::before_connect(&mut options);
    let db = Database::connect(options).await?;
    dialect::after_connect(&db).await?;
    Ok(db)
}

/// Applies every pending migration, all in one transaction that no other start-up runs beside (see
/// [`dialect::begin_exclusive`]): a process killed half-way leaves the database as it was.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    dialect::retry_while_locked(
        |error: &DbErr| Some(error),
        || async {
            let txn = dialect::begin_exclusive(db).await?;
            migrate_in(&txn).await?;
            txn.commit().await
        },
    )
    .await
}

/// Applies every pending migration inside `txn`.
pub async fn migrate_in(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    Migrator::up(txn, None).await
}

/// Whether the database holds no organization, partnership nor document yet.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(entity::organization::Entity::find().count(db).await? == 0
        && entity::partnership::Entity::find().count(db).await? == 0
        && entity::document::Entity::find().count(db).await? == 0)
}

/// The next free id of a table: rows inserted in bulk get ids chosen from here (then see
/// [`dialect::after_explicit_ids`]).
pub async fn next_id(db: &impl ConnectionTrait, table: &str) -> Result<i32, DbErr> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let statement = Query::select().expr(Expr::col(Alias::new("id")).max()).from(Alias::new(table)).to_owned();
    let max: Option<i32> = match db.query_one(&statement).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    Ok(max.unwrap_or(0) + 1)
}

/// Refreshes the statistics the query planners choose indexes by, after a bulk load: without them, SQLite and
/// PostgreSQL plan the first queries over 100,000 fresh rows as if the tables were empty.
pub async fn analyze(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("ANALYZE").await.map(|_| ())
}

/// Checks that the database answers (for readiness probes).
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}
