//! The data version: a number every write transaction increments, from which HTTP caching derives its ETags.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// The current data version.
pub async fn current(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let statement = Query::select()
        .column(Alias::new("version"))
        .from(Alias::new("data_version"))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    match db.query_one(&statement).await? {
        Some(row) => row.try_get_by_index(0),
        None => Ok(0),
    }
}

/// Increments the data version; call it inside every write transaction, so the new version and the new data
/// become visible together.
pub async fn bump(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let statement = Query::update()
        .table(Alias::new("data_version"))
        .value(Alias::new("version"), Expr::col(Alias::new("version")).add(1))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    db.execute(&statement).await?;
    Ok(())
}
