//! Keyset pagination over a table's id: no OFFSET scans, stable when rows are inserted between pages.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use super::Keyed;

/// Which slice of an id-ordered list to read.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    /// Only rows with a greater id.
    pub after: Option<i32>,
    /// Only rows with a smaller id.
    pub before: Option<i32>,
    /// How many rows at most.
    pub limit: u64,
    /// Take the last `limit` rows of the slice instead of the first.
    pub from_end: bool,
}

/// A slice of rows, in ascending id order, and whether the list goes on beyond it in the reading direction.
#[derive(Debug)]
pub struct Page<M> {
    /// The rows.
    pub rows: Vec<M>,
    /// Whether more rows follow (forward) or precede (from the end) this slice.
    pub has_more: bool,
}

/// Reads one page of `select`, ordered by id.
pub async fn page<E: Keyed>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    request: PageRequest,
) -> Result<Page<E::Model>, DbErr> {
    let mut select = select;
    if let Some(after) = request.after {
        select = select.filter(E::ID.gt(after));
    }
    if let Some(before) = request.before {
        select = select.filter(E::ID.lt(before));
    }
    select = if request.from_end { select.order_by_desc(E::ID) } else { select.order_by_asc(E::ID) };
    let mut rows = select.limit(request.limit + 1).all(db).await?;
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(request.limit as usize);
    if request.from_end {
        rows.reverse();
    }
    Ok(Page { rows, has_more })
}

/// The number of rows of `select`.
pub async fn count<E: Keyed>(db: &impl ConnectionTrait, select: Select<E>) -> Result<u64, DbErr>
where
    E::Model: Sync,
{
    select.count(db).await
}
