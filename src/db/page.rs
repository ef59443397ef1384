//! Keyset pagination: a page is the rows after (or before) a position in an ordering `(column, id)`, never an
//! OFFSET, so deep pages cost what first pages cost and rows inserted between two pages are neither skipped
//! nor repeated. Rows whose sort column is NULL come last in both directions.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Value;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ModelTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
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

/// The rows that come strictly after `position` in `ordering` (never NULL, so it can be negated).
fn after<E: Keyed>(ordering: &Ordering<E::Column>, position: &Position) -> Condition {
    let id_after = if ordering.descending { E::ID.lt(position.id) } else { E::ID.gt(position.id) };
    let Some(column) = ordering.column else { return Condition::all().add(id_after) };
    match position.value.to_value() {
        None => Condition::all().add(column.is_null()).add(id_after),
        Some(value) => Condition::any()
            .add(if ordering.descending { column.lt(value.clone()) } else { column.gt(value.clone()) })
            .add(Condition::all().add(column.eq(value)).add(id_after))
            .add(column.is_null()),
    }
}

fn before<E: Keyed>(ordering: &Ordering<E::Column>, position: &Position) -> Condition {
    Condition::all().add(after::<E>(ordering, position).not()).add(E::ID.ne(position.id))
}

fn order<E: Keyed>(select: Select<E>, ordering: &Ordering<E::Column>, reverse: bool) -> Select<E> {
    let direction = if ordering.descending != reverse { Order::Desc } else { Order::Asc };
    let nulls = if reverse { Order::Desc } else { Order::Asc };
    let select = match ordering.column {
        Some(column) => select.order_by(column.is_null(), nulls).order_by(column, direction.clone()),
        None => select,
    };
    select.order_by(E::ID, direction)
}

/// Reads one page of `select` in `ordering`, in one statement.
pub async fn page<E: Keyed>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    ordering: &Ordering<E::Column>,
    request: &PageRequest,
) -> Result<Page<E::Model>, DbErr> {
    let mut select = select;
    if let Some(position) = &request.after {
        select = select.filter(after::<E>(ordering, position));
    }
    if let Some(position) = &request.before {
        select = select.filter(before::<E>(ordering, position));
    }
    let mut rows = order(select, ordering, request.from_end).limit(request.limit + 1).all(db).await?;
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
