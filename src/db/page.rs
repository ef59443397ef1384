//! Keyset pagination: a page is the rows after (or before) a position in an ordering `(column, id)`, never an
//! OFFSET, so deep pages cost what first pages cost and rows inserted between two pages are neither skipped
//! nor repeated. Rows whose sort column is NULL come last in both directions.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Value;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, ModelTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Statement,
};
use serde::{Deserialize, Serialize};

use super::Keyed;

/// The value of a sort column at a position, in a form a cursor can carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SortValue {
    /// SQL NULL (sorted last).
    Null,
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// An instant.
    Time(DateTime<Utc>),
}

impl SortValue {
    fn from_value(value: Value) -> Self {
        match value {
            Value::Int(Some(v)) => SortValue::Int(v.into()),
            Value::BigInt(Some(v)) => SortValue::Int(v),
            Value::String(Some(v)) => SortValue::Text(v),
            Value::ChronoDate(Some(v)) => SortValue::Date(v),
            Value::ChronoDateTimeUtc(Some(v)) => SortValue::Time(v),
            _ => SortValue::Null,
        }
    }

    fn to_value(&self) -> Option<Value> {
        match self {
            SortValue::Null => None,
            SortValue::Int(v) => Some(Value::BigInt(Some(*v))),
            SortValue::Text(v) => Some(Value::String(Some(v.clone()))),
            SortValue::Date(v) => Some(Value::ChronoDate(Some(*v))),
            SortValue::Time(v) => Some(Value::ChronoDateTimeUtc(Some(*v))),
        }
    }
}

/// A row's place in an ordering: its sort value and its id (the tiebreak).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The value of the sort column (`Null` when ordering by id only).
    pub value: SortValue,
    /// The row id.
    pub id: i32,
}

/// How a list is ordered: by a column then id, or by id alone; ascending or descending.
#[derive(Clone, Copy, Debug)]
pub struct Ordering<C> {
    /// The sort column; `None` orders by id alone.
    pub column: Option<C>,
    /// Descending instead of ascending.
    pub descending: bool,
}

impl<C> Default for Ordering<C> {
    fn default() -> Self {
        Self { column: None, descending: false }
    }
}

/// Which slice of an ordered list to read.
#[derive(Clone, Debug)]
pub struct PageRequest {
    /// Only rows after this position.
    pub after: Option<Position>,
    /// Only rows before this position.
    pub before: Option<Position>,
    /// How many rows at most.
    pub limit: u64,
    /// Take the last `limit` rows of the slice instead of the first.
    pub from_end: bool,
}

/// A slice of rows, in the ordering, and whether the list goes on beyond it in the reading direction.
#[derive(Debug)]
pub struct Page<M> {
    /// The rows.
    pub rows: Vec<M>,
    /// Whether more rows follow (forward) or precede (from the end) this slice.
    pub has_more: bool,
}

/// The position of `row` in `ordering`.
pub fn position_of<E: Keyed>(row: &E::Model, ordering: &Ordering<E::Column>) -> Position {
    let value = ordering.column.map_or(SortValue::Null, |column| SortValue::from_value(row.get(column)));
    Position { value, id: E::id_of(row) }
}

/// The rows of a part of the list beyond `position` when reading it in `ascending` (or descending) order.
fn beyond<E: Keyed>(column: Option<E::Column>, position: &Position, ascending: bool) -> Condition {
    let id = Expr::col((E::default(), E::ID));
    let condition = match (column, position.value.to_value()) {
        // A row-value comparison, which both databases answer with a range scan of the (column, id) index.
        (Some(column), Some(value)) => {
            let key = Expr::tuple([Expr::col((E::default(), column)), id]);
            let at = Expr::tuple([Expr::val(value), Expr::val(position.id)]);
            if ascending { key.gt(at) } else { key.lt(at) }
        }
        _ => {
            if ascending {
                id.gt(position.id)
            } else {
                id.lt(position.id)
            }
        }
    };
    Condition::all().add(condition)
}

/// One of the two parts of a list ordered by a nullable column, read in one direction: the rows with a value in
/// column order, or the rows without one in id order (ids go the way of the ordering in both). Each part is an index range, so a deep page costs what a
/// first page costs.
struct Part<E: Keyed> {
    select: Select<E>,
    /// The sort column, `None` for the part ordered by id alone.
    column: Option<E::Column>,
}

impl<E: Keyed> Part<E> {
    fn ordered(self, ascending: bool, limit: u64) -> Select<E> {
        let direction = if ascending { Order::Asc } else { Order::Desc };
        let select = match self.column {
            Some(column) => self.select.order_by(column, direction.clone()),
            None => self.select,
        };
        select.order_by(E::ID, direction).limit(limit)
    }
}

/// The statements of a page (not run), in reading order: the rows of `select` past the request's cursors, one
/// more than the limit so the caller knows whether more follow. A list ordered by a nullable column has two
/// parts, the rows with a value and the rows without; the second statement is only needed when the first
/// returns fewer rows than that.
pub fn page_statements<E: Keyed>(
    backend: DbBackend,
    select: Select<E>,
    ordering: &Ordering<E::Column>,
    request: &PageRequest,
) -> Vec<Statement> {
    let limit = request.limit + 1;
    // Reading from the end goes against the ordering; NULLs come last along it, so first when reading back.
    let ascending = ordering.descending == request.from_end;
    let Some(column) = ordering.column else {
        let mut select = select;
        if let Some(after) = &request.after {
            select = select.filter(beyond::<E>(None, after, !ordering.descending));
        }
        if let Some(before) = &request.before {
            select = select.filter(beyond::<E>(None, before, ordering.descending));
        }
        return vec![Part { select, column: None }.ordered(ascending, limit).build(backend)];
    };
    let mut valued = Some(select.clone().filter(column.is_not_null()));
    // A NOT NULL column has no NULL part: do not make the database look for one.
    let mut null = column.def().is_null().then(|| select.filter(column.is_null()));
    for (position, along) in [(&request.after, true), (&request.before, false)] {
        let Some(position) = position else { continue };
        // `along`: the rows after the cursor in the ordering; otherwise the rows before it.
        let ascending = ordering.descending != along;
        if position.value.to_value().is_some() {
            valued = valued.map(|part| part.filter(beyond::<E>(Some(column), position, ascending)));
            if !along {
                null = None;
            }
        } else {
            null = null.map(|part| part.filter(beyond::<E>(None, position, ascending)));
            if along {
                valued = None;
            }
        }
    }
    let valued = valued.map(|select| Part { select, column: Some(column) }.ordered(ascending, limit));
    let null = null.map(|select| Part { select, column: None }.ordered(ascending, limit));
    let (first, second) = if request.from_end { (null, valued) } else { (valued, null) };
    let parts: Vec<Statement> = [first, second].into_iter().flatten().map(|part| part.build(backend)).collect();
    if parts.is_empty() {
        // The cursors leave nothing between them.
        return vec![Part { select: E::find().filter(Expr::val(false)), column: None }.ordered(true, 1).build(backend)];
    }
    parts
}

/// Reads one page of `select` in `ordering`, in one statement.
pub async fn page<E: Keyed>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    ordering: &Ordering<E::Column>,
    request: &PageRequest,
) -> Result<Page<E::Model>, DbErr> {
    let mut rows = Vec::new();
    for statement in page_statements(db.get_database_backend(), select, ordering, request) {
        if rows.len() as u64 > request.limit {
            break;
        }
        rows.extend(super::keyed::models::<E>(db, statement).await?);
    }
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(request.limit as usize);
    if request.from_end {
        rows.reverse();
    }
    Ok(Page { rows, has_more })
}

/// The number of rows of `select`.
pub async fn count<E>(db: &impl ConnectionTrait, select: Select<E>) -> Result<u64, DbErr>
where
    E: EntityTrait,
    E::Model: Sync,
{
    select.count(db).await
}
