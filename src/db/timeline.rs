//! Timelines answered by the database: projects (by start), delegations (by start), events (by start day,
//! UTC) and documents (by publication) in one `UNION ALL`, paged with a keyset on (date, kind, id) or counted
//! per year or month; for the whole knowledge base, or for each of many partnerships or organizations at once
//! (a window per owner).

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{
    SubjectKind, citation, delegation, delegation_host, delegation_member, document, event, event_organizer, mention,
    partnership, project, project_participant,
};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, JoinType, Order, OverStatement, Query, SelectStatement, SimpleExpr, UnionType,
    WindowStatement,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityName, QueryResult};

use super::PageWindow;
use super::filter::{DateRange, id_of_slug, select_column};

/// Which items a timeline holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
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

/// Whose timelines to read, each item with the id of its owner in a `parent` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// Partnerships: their projects, delegations and events, and the documents that are their sources.
    Partnership,
    /// Organizations: the projects they take part in, the delegations they hosted or joined, the events they
    /// organized, the documents they published or are named in.
    Organization,
}

/// How the rows of a table reach their owner: by a column of their own, or through a link table.
enum Reach {
    /// The owner's id is in this column of the row.
    Column(&'static str),
    /// A row of `table` links the row (`row` column) to its owner (`owner` column); for a citation or a
    /// mention, only those about an owner of `kind`.
    Link { table: &'static str, row: &'static str, owner: &'static str, kind: Option<SubjectKind> },
}

/// How the items of a kind reach an owner (a document reaches an organization two ways).
fn reaches(owner: Owner, kind: SubjectKind) -> Vec<Reach> {
    let link = |table, row, owner| Reach::Link { table, row, owner, kind: None };
    let about =
        |table, owner_kind| Reach::Link { table, row: "document_id", owner: "subject_id", kind: Some(owner_kind) };
    match (owner, kind) {
        (Owner::Partnership, SubjectKind::Document) => {
            vec![about(citation::Entity.table_name(), SubjectKind::Partnership)]
        }
        (Owner::Partnership, _) => vec![Reach::Column("partnership_id")],
        (Owner::Organization, SubjectKind::Project) => {
            vec![link(project_participant::Entity.table_name(), "project_id", "organization_id")]
        }
        (Owner::Organization, SubjectKind::Delegation) => vec![
            link(delegation_host::Entity.table_name(), "delegation_id", "organization_id"),
            link(delegation_member::Entity.table_name(), "delegation_id", "organization_id"),
        ],
        (Owner::Organization, SubjectKind::Event) => {
            vec![link(event_organizer::Entity.table_name(), "event_id", "organization_id")]
        }
        (Owner::Organization, _) => {
            vec![Reach::Column("publisher_id"), about(mention::Entity.table_name(), SubjectKind::Organization)]
        }
    }
}

/// The owners whose items a timeline holds, and which.
struct Owners<'a> {
    owner: Owner,
    ids: &'a [i32],
}

/// One SELECT per kind (and way of reaching an owner), each giving `(date or label, rank, id)` for the filter,
/// and with `owners` a first `parent` column.
fn selects(
    backend: DbBackend,
    filter: &TimelineFilter,
    bucket: Option<Bucket>,
    owners: Option<&Owners<'_>>,
) -> Vec<SelectStatement> {
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
            Some(bucket) => super::dialect::date_label(backend, table, column, bucket == Bucket::Year, instant),
            None => super::dialect::day_of(backend, table, column, instant),
        };
        let item = |parent: Option<SimpleExpr>| {
            let mut select = Query::select();
            if let Some(parent) = parent {
                // The owner comes first: a window is laid over (parent, date, rank, id).
                select.expr_as(parent, Alias::new("parent"));
            }
            select
                .expr_as(date.clone(), Alias::new("date"))
                .expr_as(Expr::val(rank as i32), Alias::new("rank"))
                .expr_as(Expr::col((Alias::new(table), Alias::new("id"))), Alias::new("id"))
                .from(Alias::new(table))
                .cond_where(condition.clone());
            select
        };
        let Some(owners) = owners else {
            selects.push(item(None));
            continue;
        };
        for reach in reaches(owners.owner, *kind) {
            let select = match reach {
                Reach::Column(column) => {
                    let parent = Expr::col((Alias::new(table), Alias::new(column)));
                    let mut select = item(Some(parent.clone()));
                    select.and_where(parent.is_in(owners.ids.iter().copied()));
                    select
                }
                Reach::Link { table: link, row, owner, kind } => {
                    let parent = Expr::col((Alias::new(link), Alias::new(owner)));
                    let mut on =
                        Expr::col((Alias::new(link), Alias::new(row))).equals((Alias::new(table), Alias::new("id")));
                    if let Some(kind) = kind {
                        on = on.and(Expr::col((Alias::new(link), Alias::new("subject_kind"))).eq(kind));
                    }
                    let mut select = item(Some(parent.clone()));
                    select.join(JoinType::InnerJoin, Alias::new(link), on);
                    select.and_where(parent.is_in(owners.ids.iter().copied()));
                    select
                }
            };
            selects.push(select);
        }
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

/// The items past `item` in (date, kind, id) order: after it, or before it when not `ascending`.
fn beyond(backend: DbBackend, item: &TimelineItem, ascending: bool) -> Condition {
    let date = super::dialect::date_value(backend, item.date);
    let past = |column: &str, value: SimpleExpr| {
        if ascending { Expr::col(Alias::new(column)).gt(value) } else { Expr::col(Alias::new(column)).lt(value) }
    };
    let same = |column: &str, value: SimpleExpr| Expr::col(Alias::new(column)).eq(value);
    Condition::any()
        .add(past("date", date.clone()))
        .add(same("date", date.clone()).and(past("rank", item.rank.into())))
        .add(same("date", date).and(same("rank", item.rank.into())).and(past("id", item.id.into())))
}

/// The item in the columns `date`, `rank`, `id` from `first` on.
fn item_of(row: &QueryResult, first: usize) -> Result<TimelineItem, DbErr> {
    let date = super::dialect::read_date(row, first)?;
    Ok(TimelineItem { date, rank: row.try_get_by_index(first + 1)?, id: row.try_get_by_index(first + 2)? })
}

fn order_by_item(select: &mut SelectStatement, order: Order) {
    for column in ["date", "rank", "id"] {
        select.order_by(Alias::new(column), order.clone());
    }
}

/// `limit` items after `after` in (date, kind, id) order, in one statement.
pub async fn items(
    db: &impl ConnectionTrait,
    filter: &TimelineFilter,
    after: Option<&TimelineItem>,
    limit: u64,
) -> Result<Vec<TimelineItem>, DbErr> {
    let backend = db.get_database_backend();
    let Some(all) = union(selects(backend, filter, None, None)) else { return Ok(Vec::new()) };
    let mut outer = Query::select();
    outer.columns([Alias::new("date"), Alias::new("rank"), Alias::new("id")]).from_subquery(all, Alias::new("items"));
    if let Some(after) = after {
        outer.cond_where(beyond(backend, after, true));
    }
    order_by_item(&mut outer, Order::Asc);
    outer.limit(limit);
    let rows = db.query_all(&outer).await?;
    rows.iter().map(|row| item_of(row, 0)).collect()
}

/// Which page of each owner's timeline to read, in (date, kind, id) order.
pub type TimelineWindow = PageWindow<TimelineItem>;

/// The distinct `(parent, date, rank, id)` items of each of `ids`, or `None` when the filter leaves no kind.
fn owned_items(backend: DbBackend, filter: &TimelineFilter, owner: Owner, ids: &[i32]) -> Option<SelectStatement> {
    let all = union(selects(backend, filter, None, Some(&Owners { owner, ids })))?;
    Some(
        Query::select()
            .distinct()
            .columns([Alias::new("parent"), Alias::new("date"), Alias::new("rank"), Alias::new("id")])
            .from_subquery(all, Alias::new("reached"))
            .to_owned(),
    )
}

/// The window of the timeline of each of `ids` (partnerships or organizations), by owner, in (date, kind,
/// id) order, with one more item than the limit where more follow, in one statement.
pub async fn owned_in_window(
    db: &impl ConnectionTrait,
    owner: Owner,
    ids: &[i32],
    filter: &TimelineFilter,
    window: &TimelineWindow,
) -> Result<HashMap<i32, Vec<TimelineItem>>, DbErr> {
    let backend = db.get_database_backend();
    let Some(items) = owned_items(backend, filter, owner, ids) else { return Ok(HashMap::new()) };
    let mut over = WindowStatement::new();
    over.add_partition_by(Expr::col(Alias::new("parent")));
    for column in ["date", "rank", "id"] {
        over.order_by(Alias::new(column), if window.from_end { Order::Desc } else { Order::Asc });
    }
    let mut ranked = Query::select();
    ranked
        .columns([Alias::new("parent"), Alias::new("date"), Alias::new("rank"), Alias::new("id")])
        .expr_window_as(Expr::cust("ROW_NUMBER()"), over, Alias::new("position"))
        .from_subquery(items, Alias::new("items"));
    if let Some(after) = &window.after {
        ranked.cond_where(beyond(backend, after, true));
    }
    if let Some(before) = &window.before {
        ranked.cond_where(beyond(backend, before, false));
    }
    let mut kept = Query::select();
    kept.columns([Alias::new("parent"), Alias::new("date"), Alias::new("rank"), Alias::new("id")])
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("position")).lte(window.limit.saturating_add(1)))
        .order_by(Alias::new("parent"), Order::Asc);
    order_by_item(&mut kept, Order::Asc);
    let mut found: HashMap<i32, Vec<TimelineItem>> = HashMap::new();
    for row in db.query_all(&kept).await? {
        found.entry(row.try_get_by_index(0)?).or_default().push(item_of(&row, 1)?);
    }
    Ok(found)
}

/// How many items the timeline of each of `ids` holds, in one statement.
pub async fn owned_counts(
    db: &impl ConnectionTrait,
    owner: Owner,
    ids: &[i32],
    filter: &TimelineFilter,
) -> Result<HashMap<i32, u64>, DbErr> {
    let Some(items) = owned_items(db.get_database_backend(), filter, owner, ids) else { return Ok(HashMap::new()) };
    let counts = Query::select()
        .column(Alias::new("parent"))
        .expr(Expr::col(Alias::new("id")).count())
        .from_subquery(items, Alias::new("items"))
        .group_by_col(Alias::new("parent"))
        .to_owned();
    let mut found = HashMap::new();
    for row in db.query_all(&counts).await? {
        let count: i64 = row.try_get_by_index(1)?;
        found.insert(row.try_get_by_index(0)?, u64::try_from(count).unwrap_or(0));
    }
    Ok(found)
}

/// How many items the timeline holds, in one statement.
pub async fn count(db: &impl ConnectionTrait, filter: &TimelineFilter) -> Result<u64, DbErr> {
    let Some(all) = union(selects(db.get_database_backend(), filter, None, None)) else { return Ok(0) };
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
    let Some(all) = union(selects(backend, filter, Some(bucket), None)) else { return Ok(Vec::new()) };
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
