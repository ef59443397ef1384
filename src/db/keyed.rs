//! Batch lookups shared by every table: rows by id, rows by the id of the row they belong to, and a page of
//! those rows for each of many parents.

use std::collections::HashMap;

use super::dialect::one_of;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Order, OverStatement, Query, SelectStatement, WindowStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, QueryTrait, RelationDef, Select, Statement,
};

/// A table whose rows have an integer `id` primary key.
pub trait Keyed: EntityTrait {
    /// The `id` column.
    const ID: Self::Column;
    /// The id of a row.
    fn id_of(model: &Self::Model) -> i32;

    /// The models of `rows`, the rows of one statement: by SeaORM, which finds each column by name, unless the
    /// table reads its rows by the place of their columns (see [`super::rows`]).
    fn decode(rows: &[QueryResult]) -> Result<Vec<Self::Model>, DbErr> {
        rows.iter().map(|row| Self::Model::from_query_result(row, "")).collect()
    }
}

/// The rows of `statement` as models of `E` (see [`Keyed::decode`]).
pub async fn models<E: Keyed>(db: &impl ConnectionTrait, statement: Statement) -> Result<Vec<E::Model>, DbErr> {
    E::decode(&db.query_all_raw(statement).await?)
}

macro_rules! keyed {
    ($($table:ident),+ $(,)?) => {$(
        impl Keyed for entity::$table::Entity {
            const ID: Self::Column = entity::$table::Column::Id;
            fn id_of(model: &Self::Model) -> i32 {
                model.id
            }
        }
    )+};
}

keyed!(
    citation,
    contact,
    delegation,
    delegation_host,
    delegation_member,
    document,
    document_contact,
    event,
    event_organizer,
    history,
    mention,
    organization,
    organization_name,
    partnership,
    partnership_member,
    person,
    person_role,
    place,
    project_domain,
    project_participant,
    reported_figure,
);

/// The rows of `E` with the given ids, by id, in one statement.
pub async fn by_ids<E: Keyed>(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, E::Model>, DbErr> {
    let backend = db.get_database_backend();
    let rows = models::<E>(db, E::find().filter(one_of(backend, E::ID, ids)).build(backend)).await?;
    Ok(rows.into_iter().map(|row| (E::id_of(&row), row)).collect())
}

/// The rows of `E` whose `parent_column` holds one of `parent_ids`, grouped by that parent id and ordered
/// by id, in one statement.
pub async fn children_of<E: Keyed>(
    db: &impl ConnectionTrait,
    parent_column: E::Column,
    parent_of: fn(&E::Model) -> Option<i32>,
    parent_ids: &[i32],
) -> Result<HashMap<i32, Vec<E::Model>>, DbErr> {
    let backend = db.get_database_backend();
    let among = one_of(backend, parent_column, parent_ids);
    let rows = models::<E>(db, E::find().filter(among).order_by_asc(E::ID).build(backend)).await?;
    let mut grouped: HashMap<i32, Vec<E::Model>> = HashMap::new();
    for row in rows {
        if let Some(parent) = parent_of(&row) {
            grouped.entry(parent).or_default().push(row);
        }
    }
    Ok(grouped)
}

/// Which page of a list to read: the rows past cursor positions of type `K`, `limit` of them, from either end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PageWindow<K> {
    /// Only rows after this position.
    pub after: Option<K>,
    /// Only rows before this position.
    pub before: Option<K>,
    /// How many rows (per parent, for nested lists).
    pub limit: u64,
    /// Whether the page is the last `limit` rows rather than the first.
    pub from_end: bool,
}

/// Which page of each parent's children a nested connection reads, in id order.
pub type ChildWindow = PageWindow<i32>;

impl ChildWindow {
    /// Every child, for lists that are not paged.
    pub const WHOLE: ChildWindow = ChildWindow { after: None, before: None, limit: u64::MAX, from_end: false };
}

/// `select` over the rows of `E` matching `rows`, keeping the window's rows of each partition (rows with equal
/// `partition` columns), plus one so the caller knows whether more follow: one statement for any number of
/// parents, with ROW_NUMBER() over the partition rather than a query per parent. The rows are read from the
/// ranked rows themselves, named as the table so that the caller's columns, joins and order apply unchanged:
/// selecting them again by id (`id IN (ranked ids)`) had PostgreSQL hash every row of the table.
pub fn windowed<E: Keyed>(
    mut select: Select<E>,
    mut rows: Condition,
    partition: &[E::Column],
    window: &ChildWindow,
) -> Select<E> {
    if let Some(after) = window.after {
        rows = rows.add(E::ID.gt(after));
    }
    if let Some(before) = window.before {
        rows = rows.add(E::ID.lt(before));
    }
    if window.limit == ChildWindow::WHOLE.limit {
        return select.filter(rows);
    }
    let mut over = WindowStatement::new();
    for column in partition {
        over.add_partition_by(Expr::col(*column));
    }
    over.order_by(E::ID, if window.from_end { Order::Desc } else { Order::Asc });
    let position = Alias::new("position");
    let ranked = Query::select()
        .column(Asterisk)
        .expr_window_as(Expr::cust("ROW_NUMBER()"), over, position.clone())
        .from(E::default())
        .cond_where(rows)
        .to_owned();
    QueryTrait::query(&mut select)
        .from_clear()
        .from_subquery(ranked, E::default())
        .and_where(Expr::col(position).lte(window.limit.saturating_add(1)));
    select
}

/// The rows of `E` whose `parent_column` holds one of `parent_ids` and that match `filter`, restricted to the
/// window of each parent, in id order (not run: a caller may join other tables to it).
pub fn children_in_window<E: Keyed>(
    backend: DbBackend,
    parent_column: E::Column,
    parent_ids: &[i32],
    filter: Condition,
    window: &ChildWindow,
) -> Select<E> {
    let rows = Condition::all().add(one_of(backend, parent_column, parent_ids)).add(filter);
    windowed(E::find(), rows, &[parent_column], window).order_by_asc(E::ID)
}

/// Rows of another table that a page of children can read in the same statement, by a join.
#[derive(Clone, Debug)]
pub enum Along {
    /// The organization each child points to (a partnership member's).
    Organization(RelationDef),
}

/// A page of children with the rows read along with them.
#[derive(Clone, Debug)]
pub struct ChildPage<M> {
    /// The children, in id order (one more than the window's limit when more follow).
    pub rows: Vec<M>,
    /// The organizations the children point to, when read along.
    pub organizations: Vec<entity::organization::Model>,
}

impl<M> Default for ChildPage<M> {
    fn default() -> Self {
        Self { rows: Vec::new(), organizations: Vec::new() }
    }
}

/// Runs `children` (ordered by id) and, with `along`, the join it names, in one statement; the pages are
/// grouped by the parent `parent_of` gives.
pub async fn read_children<E: Keyed>(
    db: &impl ConnectionTrait,
    children: Select<E>,
    along: Option<Along>,
    parent_of: impl Fn(&E::Model) -> Option<i32>,
) -> Result<HashMap<i32, ChildPage<E::Model>>, DbErr> {
    let mut pages: HashMap<i32, ChildPage<E::Model>> = HashMap::new();
    match along {
        None => {
            for row in models::<E>(db, children.build(db.get_database_backend())).await? {
                if let Some(parent) = parent_of(&row) {
                    pages.entry(parent).or_default().rows.push(row);
                }
            }
        }
        Some(Along::Organization(join)) => {
            let rows =
                children.select_also(entity::organization::Entity).join(JoinType::LeftJoin, join).all(db).await?;
            for (row, organization) in rows {
                let Some(parent) = parent_of(&row) else { continue };
                let page = pages.entry(parent).or_default();
                page.rows.push(row);
                page.organizations.extend(organization);
            }
        }
    }
    Ok(pages)
}

#[derive(FromQueryResult)]
struct GroupCount {
    parent: i32,
    count: i64,
}

/// How many rows of `E` matching `filter` each of `parent_ids` has in `parent_column`, in one statement.
pub async fn child_counts<E: Keyed>(
    db: &impl ConnectionTrait,
    parent_column: E::Column,
    parent_ids: &[i32],
    filter: Condition,
) -> Result<HashMap<i32, u64>, DbErr> {
    let counts = E::find()
        .select_only()
        .column_as(parent_column, "parent")
        .column_as(Expr::col(E::ID).count(), "count")
        .filter(one_of(db.get_database_backend(), parent_column, parent_ids))
        .filter(filter)
        .group_by(parent_column)
        .into_model::<GroupCount>()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|row| (row.parent, u64::try_from(row.count).unwrap_or_default())).collect())
}

/// A row with the id of the parent it was read for (a row reached from several parents comes once for each).
struct WithParent<M> {
    parent: i32,
    row: M,
}

impl<M: FromQueryResult> FromQueryResult for WithParent<M> {
    fn from_query_result(result: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self { parent: result.try_get(prefix, "parent")?, row: M::from_query_result(result, prefix)? })
    }
}

/// The rows of `T` each parent reaches through `links` (distinct `parent`, `target` id pairs: a link table
/// read from one side, or a path through several), restricted to the window of each parent, with `columns`, by
/// parent, in id order, in one statement; [`ChildWindow::WHOLE`] reads every row.
pub async fn linked_in_window<T: Keyed>(
    db: &impl ConnectionTrait,
    links: SelectStatement,
    window: &ChildWindow,
    columns: Columns,
) -> Result<HashMap<i32, Vec<T::Model>>, DbErr> {
    let (parent, target, position, ranked) =
        (Alias::new("parent"), Alias::new("target"), Alias::new("position"), Alias::new("ranked"));
    let mut over = WindowStatement::new();
    over.add_partition_by(Expr::col(parent.clone()));
    over.order_by(target.clone(), if window.from_end { Order::Desc } else { Order::Asc });
    let mut pairs = Query::select();
    pairs
        .columns([parent.clone(), target.clone()])
        .expr_window_as(Expr::cust("ROW_NUMBER()"), over, position.clone())
        .from_subquery(links, Alias::new("links"));
    if let Some(after) = window.after {
        pairs.and_where(Expr::col(target.clone()).gt(after));
    }
    if let Some(before) = window.before {
        pairs.and_where(Expr::col(target.clone()).lt(before));
    }
    let mut select = reading(db.get_database_backend(), T::find(), columns)
        .column_as(Expr::col((ranked.clone(), parent)), "parent")
        .order_by_asc(T::ID);
    let on = Expr::col((T::default(), T::ID)).equals((ranked.clone(), target));
    QueryTrait::query(&mut select).join_subquery(JoinType::InnerJoin, pairs, ranked.clone(), on);
    if window.limit != ChildWindow::WHOLE.limit {
        QueryTrait::query(&mut select).and_where(Expr::col((ranked, position)).lte(window.limit.saturating_add(1)));
    }
    let mut grouped: HashMap<i32, Vec<T::Model>> = HashMap::new();
    for found in select.into_model::<WithParent<T::Model>>().all(db).await? {
        grouped.entry(found.parent).or_default().push(found.row);
    }
    Ok(grouped)
}

/// How many rows each parent reaches through `links` (distinct `parent`, `target` pairs), in one statement.
pub async fn linked_counts(db: &impl ConnectionTrait, links: SelectStatement) -> Result<HashMap<i32, u64>, DbErr> {
    let counts = Query::select()
        .column(Alias::new("parent"))
        .expr_as(Expr::col(Alias::new("target")).count(), Alias::new("count"))
        .from_subquery(links, Alias::new("links"))
        .group_by_col(Alias::new("parent"))
        .to_owned();
    let counts = GroupCount::find_by_statement(db.get_database_backend().build(&counts)).all(db).await?;
    Ok(counts.into_iter().map(|row| (row.parent, u64::try_from(row.count).unwrap_or_default())).collect())
}

/// A set of a table's columns (by their place in the table), for reads that fill only some of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Columns(u64);

impl Columns {
    /// Every column.
    pub const ALL: Columns = Columns(u64::MAX);
    /// No column (the id and what has no placeholder are read all the same).
    pub const NONE: Columns = Columns(0);

    fn bit<C: ColumnTrait>(column: C) -> u64 {
        C::iter().position(|other| other.as_str() == column.as_str()).map_or(0, |place| 1 << place)
    }

    /// This set and `column`.
    #[must_use]
    pub fn with<C: ColumnTrait>(self, column: C) -> Self {
        Self(self.0 | Self::bit(column))
    }

    /// This set and `columns`.
    #[must_use]
    pub fn with_all<C: ColumnTrait>(self, columns: &[C]) -> Self {
        columns.iter().fold(self, |set, column| set.with(*column))
    }

    /// This set without `column`.
    #[must_use]
    pub fn without<C: ColumnTrait>(self, column: C) -> Self {
        Self(self.0 & !Self::bit(column))
    }

    /// Whether `column` is in the set.
    pub fn contains<C: ColumnTrait>(self, column: C) -> bool {
        self.0 & Self::bit(column) != 0
    }
}

/// `select` reading only `columns` (and the required columns without a placeholder: ids, references, numbers,
/// vocabularies); the nullable others are left out of the row (they decode as `None`), the required others hold
/// a placeholder of their type (see [`super::dialect::placeholder`]), so rows still decode as models without
/// reading, decoding and allocating texts, translations and timestamps nobody asked for.
pub fn reading<E: EntityTrait>(backend: DbBackend, select: Select<E>, columns: Columns) -> Select<E> {
    use sea_orm::{IdenStatic, Iterable};
    if columns == Columns::ALL {
        return select;
    }
    let mut select = select.select_only();
    for column in E::Column::iter() {
        if columns.contains(column) {
            select = select.column(column);
            continue;
        }
        let definition = column.def();
        if definition.is_null() {
            // Left out of the row: cheaper than any value, for the database, the driver and the decoding.
            continue;
        }
        match super::dialect::placeholder(backend, &definition) {
            Some(placeholder) => select = select.expr_as(placeholder, column.as_str()),
            None => select = select.column(column),
        }
    }
    select
}

/// A table whose rows have a unique human `slug`.
pub trait Slugged: Keyed {
    /// The `slug` column.
    const SLUG: Self::Column;
}

macro_rules! slugged {
    ($($table:ident),+ $(,)?) => {$(
        impl Slugged for entity::$table::Entity {
            const SLUG: Self::Column = entity::$table::Column::Slug;
        }
    )+};
}

slugged!(delegation, document, event, organization, partnership, person, place, project);

/// The row of `E` with the given slug, if any.
pub async fn by_slug<E: Slugged>(db: &impl ConnectionTrait, slug: &str) -> Result<Option<E::Model>, DbErr> {
    E::find().filter(E::SLUG.eq(slug)).one(db).await
}
