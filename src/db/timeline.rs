//! The timeline of the whole knowledge base, answered by the database: projects (by start), delegations (by
//! start), events (by start day, UTC) and documents (by publication) in one `UNION ALL`, paged with a keyset
//! on (date, kind, id) or counted per year or month.

use chrono::NaiveDate;
use entity::{SubjectKind, citation, delegation, document, event, partnership, project};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr, UnionType};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityName};

use super::filter::{DateRange, id_of_slug, select_column};

/// Which items a timeline holds.
#[derive(Clone, Debug, Default)]
pub struct TimelineFilter {
    /// Only these kinds (projects, delegations, events, documents); all when empty.
    pub kinds: Vec<SubjectKind>,
    /// Only items dated within this range.
    pub period: DateRange,
    /// Only items of the partnership with this slug (documents: those it cites).
    pub partnership: Option<String>,
}

/// The kinds a timeline holds, in the order items of one day come.
pub const TIMELINE_KINDS: [SubjectKind; 4] =
    [SubjectKind::Project, SubjectKind::Delegation, SubjectKind::Event, SubjectKind::Document];

/// One dated item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct TimelineItem {
    /// Its date (the first day of its partial date; an event's UTC day).
    pub date: NaiveDate,
    /// Its rank among the kinds (the order of `TIMELINE_KINDS`).
    pub rank: i32,
    /// Its row id.
    pub id: i32,
}

impl TimelineItem {
    /// The item's table.
    pub fn kind(&self) -> SubjectKind {
        kind_of_rank(self.rank)
    }
}

/// The table of the items of a rank.
fn kind_of_rank(rank: i32) -> SubjectKind {
    usize::try_from(rank).ok().and_then(|rank| TIMELINE_KINDS.get(rank)).copied().unwrap_or(SubjectKind::Project)
}

/// How items are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// Per calendar year.
    Year,
    /// Per calendar month.
    Month,
}

/// The `YYYY` or `YYYY-MM` label of a date column, per backend.
fn label(backend: DbBackend, table: &str, column: &str, bucket: Bucket, instant: bool) -> SimpleExpr {
    let length = if bucket == Bucket::Year { 4 } else { 7 };
    match backend {
        DbBackend::Postgres => {
            let value = if instant {
                format!("(\"{table}\".\"{column}\" AT TIME ZONE 'UTC')")
            } else {
                format!("\"{table}\".\"{column}\"")
            };
            let format = if bucket == Bucket::Year { "YYYY" } else { "YYYY-MM" };
            Expr::cust(format!("to_char({value}, '{format}')"))
        }
        _ => Expr::cust(format!("substr(\"{table}\".\"{column}\", 1, {length})")),
    }
}

/// The day of a date column (events: the UTC day of their start), per backend.
fn day(backend: DbBackend, table: &str, column: &str, instant: bool) -> SimpleExpr {
    match (backend, instant) {
        (DbBackend::Postgres, true) => Expr::cust(format!("CAST(\"{table}\".\"{column}\" AT TIME ZONE 'UTC' AS DATE)")),
        (DbBackend::Postgres, false) => Expr::cust(format!("\"{table}\".\"{column}\"")),
        _ => Expr::cust(format!("substr(\"{table}\".\"{column}\", 1, 10)")),
    }
}

/// One SELECT per kind, each giving `(date or label, rank, id)` for the filter.
fn selects(backend: DbBackend, filter: &TimelineFilter, bucket: Option<Bucket>) -> Vec<SelectStatement> {
    let kinds = if filter.kinds.is_empty() { TIMELINE_KINDS.to_vec() } else { filter.kinds.clone() };
    let partnership_ids = filter.partnership.as_deref().map(id_of_slug::<partnership::Entity>);
    let mut selects = Vec::new();
    for (rank, kind) in TIMELINE_KINDS.iter().enumerate() {
        if !kinds.contains(kind) {
            continue;
        }
        let (table, column, instant, mut condition) = match kind {
            SubjectKind::Project => {
                let mut condition = filter.period.contains(project::Column::PeriodStart);
                if let Some(ids) = &partnership_ids {
                    condition = condition.add(project::Column::PartnershipId.in_subquery(ids.clone()));
                }
                (project::Entity.table_name(), "period_start", false, condition)
            }
            SubjectKind::Delegation => {
                let mut condition = filter.period.contains(delegation::Column::PeriodStart);
                if let Some(ids) = &partnership_ids {
                    condition = condition.add(delegation::Column::PartnershipId.in_subquery(ids.clone()));
                }
                (delegation::Entity.table_name(), "period_start", false, condition)
            }
            SubjectKind::Event => {
                let mut condition = filter.period.contains_instant(event::Column::StartsAt);
                if let Some(ids) = &partnership_ids {
                    condition = condition.add(event::Column::PartnershipId.in_subquery(ids.clone()));
                }
                (event::Entity.table_name(), "starts_at", true, condition)
            }
            _ => {
                let mut condition = filter.period.contains(document::Column::PeriodStart);
                if let Some(ids) = &partnership_ids {
                    let cited = select_column::<citation::Entity>(
                        citation::Column::DocumentId,
                        Condition::all()
                            .add(citation::Column::SubjectKind.eq(SubjectKind::Partnership))
                            .add(citation::Column::SubjectId.in_subquery(ids.clone())),
                    );
                    condition = condition.add(document::Column::Id.in_subquery(cited));
                }
                (document::Entity.table_name(), "period_start", false, condition)
            }
        };
        condition = condition.add(Expr::col((Alias::new(table), Alias::new(column))).is_not_null());
        let date = match bucket {
            Some(bucket) => label(backend, table, column, bucket, instant),
            None => day(backend, table, column, instant),
        };
        selects.push(
            Query::select()
                .expr_as(date, Alias::new("date"))
                .expr_as(Expr::val(rank as i32), Alias::new("rank"))
                .expr_as(Expr::col((Alias::new(table), Alias::new("id"))), Alias::new("id"))
                .from(Alias::new(table))
                .cond_where(condition)
                .to_owned(),
        );
    }
    selects
}

fn union(mut selects: Vec<SelectStatement>) -> Option<SelectStatement> {
    let mut first = selects.drain(..1).next()?;
    for select in selects {
        first.union(UnionType::All, select);
    }
    Some(first)
}

/// `limit` items after `after` in (date, kind, id) order, in one statement.
pub async fn items(
    db: &impl ConnectionTrait,
    filter: &TimelineFilter,
    after: Option<&TimelineItem>,
    limit: u64,
) -> Result<Vec<TimelineItem>, DbErr> {
    let backend = db.get_database_backend();
    let Some(all) = union(selects(backend, filter, None)) else { return Ok(Vec::new()) };
    let mut outer = Query::select();
    outer.columns([Alias::new("date"), Alias::new("rank"), Alias::new("id")]).from_subquery(all, Alias::new("items"));
    if let Some(after) = after {
        let date = after.date.format("%Y-%m-%d").to_string();
        let date: SimpleExpr = if backend == DbBackend::Postgres { Expr::val(after.date) } else { Expr::val(date) };
        outer.cond_where(
            Condition::any()
                .add(Expr::col(Alias::new("date")).gt(date.clone()))
                .add(Expr::col(Alias::new("date")).eq(date.clone()).and(Expr::col(Alias::new("rank")).gt(after.rank)))
                .add(
                    Expr::col(Alias::new("date"))
                        .eq(date)
                        .and(Expr::col(Alias::new("rank")).eq(after.rank))
                        .and(Expr::col(Alias::new("id")).gt(after.id)),
                ),
        );
    }
    outer
        .order_by(Alias::new("date"), Order::Asc)
        .order_by(Alias::new("rank"), Order::Asc)
        .order_by(Alias::new("id"), Order::Asc)
        .limit(limit);
    let rows = db.query_all(&outer).await?;
    rows.iter()
        .map(|row| {
            let date = if backend == DbBackend::Postgres {
                row.try_get_by_index::<NaiveDate>(0)?
            } else {
                let text: String = row.try_get_by_index(0)?;
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|e| DbErr::Type(format!("timeline date {text}: {e}")))?
            };
            Ok(TimelineItem { date, rank: row.try_get_by_index(1)?, id: row.try_get_by_index(2)? })
        })
        .collect()
}

/// How many items the timeline holds, in one statement.
pub async fn count(db: &impl ConnectionTrait, filter: &TimelineFilter) -> Result<u64, DbErr> {
    let Some(all) = union(selects(db.get_database_backend(), filter, None)) else { return Ok(0) };
    let statement =
        Query::select().expr(Expr::col(Alias::new("id")).count()).from_subquery(all, Alias::new("items")).to_owned();
    let count: i64 = match db.query_one(&statement).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(count).unwrap_or(0))
}

/// How many items of each kind each year or month holds, in date order, in one statement.
pub async fn buckets(
    db: &impl ConnectionTrait,
    filter: &TimelineFilter,
    bucket: Bucket,
) -> Result<Vec<(String, SubjectKind, u64)>, DbErr> {
    let backend = db.get_database_backend();
    let Some(all) = union(selects(backend, filter, Some(bucket))) else { return Ok(Vec::new()) };
    let mut outer = Query::select();
    outer
        .columns([Alias::new("date"), Alias::new("rank")])
        .expr(Expr::col(Alias::new("id")).count())
        .from_subquery(all, Alias::new("items"))
        .group_by_col(Alias::new("date"))
        .group_by_col(Alias::new("rank"))
        .order_by(Alias::new("date"), Order::Asc)
        .order_by(Alias::new("rank"), Order::Asc);
    let rows = db.query_all(&outer).await?;
    rows.iter()
        .map(|row| {
            let rank: i32 = row.try_get_by_index(1)?;
            let count: i64 = row.try_get_by_index(2)?;
            Ok((row.try_get_by_index(0)?, kind_of_rank(rank), u64::try_from(count).unwrap_or(0)))
        })
        .collect()
}
