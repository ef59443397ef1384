//! Per-request DataLoaders: every relation is fetched for all the parents of a level in one statement,
//! so the number of statements of a request depends on its depth, never on the number of rows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::futures_util::future::{try_join, try_join_all};
use async_graphql::{Context, OutputType};
use entity::SubjectKind;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{Condition, DatabaseConnection, DbErr, EntityTrait, RelationTrait};

use crate::db::subject::AboutSubject;
use crate::db::timeline::{Owner, TimelineFilter, TimelineItem, TimelineWindow};
use crate::db::{self, Along, ChildPage, ChildWindow, Columns, Keyed};
use crate::error::{AppError, AppResult};
use crate::graphql::columns::{FieldColumns, connection_columns};
use crate::graphql::pagination::{Conn, PageArgs, TotalCount, page_window, window_connection};
use crate::graphql::types::TimelineEntry;

/// The DataLoader of a request.
pub type RequestLoader = DataLoader<DbLoader, HashMapCache>;

/// Loads rows for the DataLoader of one request.
pub struct DbLoader {
    db: DatabaseConnection,
}

impl DbLoader {
    /// A loader over `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Key: the row `id` of table `E`.
pub struct ById<E>(pub i32, PhantomData<fn() -> E>);

impl<E> ById<E> {
    /// The key of row `id`.
    pub fn new(id: i32) -> Self {
        Self(id, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for ById<E> {}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<E> Loader<ById<E>> for DbLoader
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    type Value = E::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, Self::Error> {
        let ids: Vec<i32> = keys.iter().map(|key| key.0).collect();
        let rows = db::by_ids::<E>(&self.db, &ids).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|(id, row)| (ById::new(id), row)).collect())
    }
}

/// A one-to-many relation: the rows of `Child` whose `COLUMN` holds the parent's id.
pub trait ChildRelation: Send + Sync + 'static {
    /// The table of the children.
    type Child: Keyed + FieldColumns + Send + Sync + 'static;
    /// The column holding the parent id.
    const COLUMN: <Self::Child as EntityTrait>::Column;
    /// The parent id of a child row.
    fn parent_of(child: &<Self::Child as EntityTrait>::Model) -> Option<i32>;
    /// The arguments of a connection that narrow the children (`()` when it has none).
    type Filter: Clone + Eq + Hash + Send + Sync + 'static;
    /// The SQL condition of a filter.
    fn condition(filter: &Self::Filter) -> Condition;
    /// The rows of another table a page of children can read along in its statement, and the child fields
    /// that use them.
    fn along() -> Option<(Along, &'static [&'static str])> {
        None
    }
}

/// Key: the children, through relation `R`, of the parent row `id`.
pub struct ChildrenOf<R>(pub i32, PhantomData<fn() -> R>);

impl<R> ChildrenOf<R> {
    /// The key of the children of `parent`.
    pub fn new(parent: i32) -> Self {
        Self(parent, PhantomData)
    }
}

impl<R> Clone for ChildrenOf<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for ChildrenOf<R> {}
impl<R> PartialEq for ChildrenOf<R> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<R> Eq for ChildrenOf<R> {}
impl<R> Hash for ChildrenOf<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<R> Loader<ChildrenOf<R>> for DbLoader
where
    R: ChildRelation,
    <R::Child as EntityTrait>::Model: Clone + Send + Sync,
{
    type Value = Vec<<R::Child as EntityTrait>::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[ChildrenOf<R>]) -> Result<HashMap<ChildrenOf<R>, Self::Value>, Self::Error> {
        let parents: Vec<i32> = keys.iter().map(|key| key.0).collect();
        let rows = db::children_of::<R::Child>(&self.db, R::COLUMN, R::parent_of, &parents).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|(parent, children)| (ChildrenOf::new(parent), children)).collect())
    }
}

/// Declares one-to-many relations: `Name: table.column => field`.
macro_rules! relations {
    ($($(#[$doc:meta])* $name:ident: $table:ident.$column:ident => $field:ident;)+) => {$(
        $(#[$doc])*
        pub struct $name;
        impl ChildRelation for $name {
            type Child = entity::$table::Entity;
            const COLUMN: entity::$table::Column = entity::$table::Column::$column;
            fn parent_of(child: &entity::$table::Model) -> Option<i32> {
                child.$field.into()
            }
            type Filter = ();
            fn condition(_: &()) -> Condition {
                Condition::all()
            }
        }
    )+};
}

relations! {
    /// An organization's names and spellings.
    NamesOfOrganization: organization_name.OrganizationId => organization_id;
    /// An organization's memberships of partnerships.
    MembershipsOfOrganization: partnership_member.OrganizationId => organization_id;
    /// An organization's participations in projects.
    ParticipationsOfOrganization: project_participant.OrganizationId => organization_id;
    /// An organization's sub-divisions (communes of a department).
    ChildrenOfOrganization: organization.ParentId => parent_id;
    /// A partnership's projects.
    ProjectsOfPartnership: project.PartnershipId => partnership_id;
    /// A partnership's delegations.
    DelegationsOfPartnership: delegation.PartnershipId => partnership_id;
    /// A partnership's events.
    EventsOfPartnership: event.PartnershipId => partnership_id;
    /// A project's sub-projects.
    ChildrenOfProject: project.ParentId => parent_id;
    /// A project's domains.
    DomainsOfProject: project_domain.ProjectId => project_id;
    /// A project's participants.
    ParticipantsOfProject: project_participant.ProjectId => project_id;
    /// A delegation's hosts.
    HostsOfDelegation: delegation_host.DelegationId => delegation_id;
    /// A delegation's members.
    MembersOfDelegation: delegation_member.DelegationId => delegation_id;
    /// An event's organizers.
    OrganizersOfEvent: event_organizer.EventId => event_id;
    /// A document's contacts.
    ContactsOfDocument: document_contact.DocumentId => document_id;
    /// A document's mentions of entities.
    MentionsInDocument: mention.DocumentId => document_id;
    /// The citations a document is the source of.
    CitationsFromDocument: citation.DocumentId => document_id;
    /// The documents an organization published.
    DocumentsOfPublisher: document.PublisherId => publisher_id;
    /// A person's roles.
    RolesOfPerson: person_role.PersonId => person_id;
    /// The roles people held in an organization.
    RolesInOrganization: person_role.OrganizationId => organization_id;
}

/// A partnership's members, optionally on one side and with one role.
pub struct MembersOfPartnership;

impl ChildRelation for MembersOfPartnership {
    type Child = entity::partnership_member::Entity;
    const COLUMN: entity::partnership_member::Column = entity::partnership_member::Column::PartnershipId;
    fn parent_of(child: &entity::partnership_member::Model) -> Option<i32> {
        Some(child.partnership_id)
    }
    type Filter = (Option<entity::MemberSide>, Option<entity::MemberRole>);
    fn condition((side, role): &Self::Filter) -> Condition {
        use entity::partnership_member::Column;
        use sea_orm::ColumnTrait;
        Condition::all()
            .add_option(side.map(|side| Column::Side.eq(side)))
            .add_option(role.map(|role| Column::Role.eq(role)))
    }
    fn along() -> Option<(Along, &'static [&'static str])> {
        Some((Along::Organization(entity::partnership_member::Relation::Organization.def()), &["organization"]))
    }
}

/// A relation a nested connection pages: the rows each parent reaches, in id order, read for all the parents
/// of a level in one statement with a window per parent.
pub trait PagedRelation: Send + Sync + 'static {
    /// The table of the rows the relation reaches.
    type Table: FieldColumns;
    /// The rows the relation reaches.
    type Row: Clone + Send + Sync + 'static;
    /// The arguments of a connection that narrow the rows (`()` when it has none).
    type Filter: Clone + Eq + Hash + Send + Sync + 'static;
    /// The id of a row, its cursor.
    fn id_of(row: &Self::Row) -> i32;
    /// The rows of another table a page can read along in its statement, and the row fields that use them.
    fn along() -> Option<(Along, &'static [&'static str])> {
        None
    }
    /// The `window` of rows of each of `parents`, with `columns` (with the join of [`PagedRelation::along`] when
    /// `along`).
    fn pages(
        db: &DatabaseConnection,
        parents: &[i32],
        filter: &Self::Filter,
        window: &ChildWindow,
        reads: Reads,
    ) -> impl Future<Output = Result<HashMap<i32, ChildPage<Self::Row>>, DbErr>> + Send;
    /// How many rows each of `parents` reaches.
    fn counts(
        db: &DatabaseConnection,
        parents: &[i32],
        filter: &Self::Filter,
    ) -> impl Future<Output = Result<HashMap<i32, u64>, DbErr>> + Send;
}

impl<R> PagedRelation for R
where
    R: ChildRelation,
    <R::Child as EntityTrait>::Model: Clone + Send + Sync,
{
    type Table = R::Child;
    type Row = <R::Child as EntityTrait>::Model;
    type Filter = <R as ChildRelation>::Filter;

    fn id_of(row: &Self::Row) -> i32 {
        R::Child::id_of(row)
    }

    fn along() -> Option<(Along, &'static [&'static str])> {
        <R as ChildRelation>::along()
    }

    async fn pages(
        db: &DatabaseConnection,
        parents: &[i32],
        filter: &Self::Filter,
        window: &ChildWindow,
        reads: Reads,
    ) -> Result<HashMap<i32, ChildPage<Self::Row>>, DbErr> {
        let backend = db.get_database_backend();
        let children = db::children_in_window::<R::Child>(backend, R::COLUMN, parents, R::condition(filter), window);
        let children = db::reading(backend, children, reads.columns.with(R::COLUMN));
        let joined = <R as ChildRelation>::along().filter(|_| reads.along).map(|(along, _)| along);
        db::read_children(db, children, joined, R::parent_of).await
    }

    async fn counts(
        db: &DatabaseConnection,
        parents: &[i32],
        filter: &Self::Filter,
    ) -> Result<HashMap<i32, u64>, DbErr> {
        db::child_counts::<R::Child>(db, R::COLUMN, parents, R::condition(filter)).await
    }
}

/// A many-to-many relation: the rows of `Target` that distinct (`parent`, `target`) id pairs lead to.
pub trait LinkRelation: Send + Sync + 'static {
    /// The table of the rows reached.
    type Target: Keyed + FieldColumns + Send + Sync + 'static;
    /// The arguments of a connection that narrow the pairs (`()` when it has none).
    type Filter: Clone + Eq + Hash + Send + Sync + 'static;
    /// The pairs of `parents`.
    fn links(parents: &[i32], filter: &Self::Filter) -> SelectStatement;
}

/// Pages many-to-many relations (one impl each: a second blanket impl would overlap [`ChildRelation`]'s).
macro_rules! paged_by_links {
    ($($relation:ty),+ $(,)?) => {$(
        impl PagedRelation for $relation {
            type Table = <$relation as LinkRelation>::Target;
            type Row = <<$relation as LinkRelation>::Target as EntityTrait>::Model;
            type Filter = <$relation as LinkRelation>::Filter;

            fn id_of(row: &Self::Row) -> i32 {
                row.id
            }

            async fn pages(
                db: &DatabaseConnection,
                parents: &[i32],
                filter: &Self::Filter,
                window: &ChildWindow,
                reads: Reads,
            ) -> Result<HashMap<i32, ChildPage<Self::Row>>, DbErr> {
                let links = <$relation as LinkRelation>::links(parents, filter);
                let found =
                    db::linked_in_window::<<$relation as LinkRelation>::Target>(db, links, window, reads.columns)
                        .await?;
                Ok(found.into_iter().map(|(parent, rows)| (parent, ChildPage { rows, ..ChildPage::default() })).collect())
            }

            async fn counts(
                db: &DatabaseConnection,
                parents: &[i32],
                filter: &Self::Filter,
            ) -> Result<HashMap<i32, u64>, DbErr> {
                db::linked_counts(db, <$relation as LinkRelation>::links(parents, filter)).await
            }
        }
    )+};
}

/// The projects an organization takes part in, whatever its roles.
pub struct ProjectsOfOrganization;

impl LinkRelation for ProjectsOfOrganization {
    type Target = entity::project::Entity;
    type Filter = ();
    fn links(parents: &[i32], _: &()) -> SelectStatement {
        db::organization::project_links(parents)
    }
}

/// The partnerships an organization is a member of.
pub struct PartnershipsOfOrganization;

impl LinkRelation for PartnershipsOfOrganization {
    type Target = entity::partnership::Entity;
    type Filter = ();
    fn links(parents: &[i32], _: &()) -> SelectStatement {
        db::organization::partnership_links(parents)
    }
}

/// The other members of an organization's partnerships; with the filter `true`, only the collectivities on
/// the other side.
pub struct PartnersOfOrganization;

impl LinkRelation for PartnersOfOrganization {
    type Target = entity::organization::Entity;
    type Filter = bool;
    fn links(parents: &[i32], other_side_collectivities: &bool) -> SelectStatement {
        db::organization::partner_links(parents, *other_side_collectivities)
    }
}

paged_by_links!(ProjectsOfOrganization, PartnershipsOfOrganization, PartnersOfOrganization);

/// What a page of rows reads: which of their columns, and whether the rows of the relation's join.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reads {
    /// The columns the selected fields read.
    pub columns: Columns,
    /// Whether the rows of [`PagedRelation::along`] are read too.
    pub along: bool,
}

impl Reads {
    /// Whole rows, without the join.
    pub const WHOLE: Reads = Reads { columns: Columns::ALL, along: false };
}

/// Key: the window of the children of the parent `parent` through relation `R`, narrowed by `filter`, read as
/// `reads` says.
pub struct PageOf<R: PagedRelation> {
    parent: i32,
    window: ChildWindow,
    filter: R::Filter,
    reads: Reads,
}

impl<R: PagedRelation> Clone for PageOf<R> {
    fn clone(&self) -> Self {
        Self { parent: self.parent, window: self.window, filter: self.filter.clone(), reads: self.reads }
    }
}
impl<R: PagedRelation> PartialEq for PageOf<R> {
    fn eq(&self, other: &Self) -> bool {
        (self.parent, self.window, &self.filter, self.reads) == (other.parent, other.window, &other.filter, other.reads)
    }
}
impl<R: PagedRelation> Eq for PageOf<R> {}
impl<R: PagedRelation> Hash for PageOf<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.parent, self.window, &self.filter, self.reads).hash(state);
    }
}

impl<R: PagedRelation> Loader<PageOf<R>> for DbLoader {
    type Value = ChildPage<R::Row>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[PageOf<R>]) -> Result<HashMap<PageOf<R>, Self::Value>, Self::Error> {
        // Sibling connections with the same arguments share one statement.
        let mut groups: HashMap<(ChildWindow, R::Filter, Reads), Vec<i32>> = HashMap::new();
        for key in keys {
            groups.entry((key.window, key.filter.clone(), key.reads)).or_default().push(key.parent);
        }
        let mut pages = HashMap::new();
        for ((window, filter, reads), parents) in groups {
            let mut found = R::pages(&self.db, &parents, &filter, &window, reads).await.map_err(Arc::new)?;
            for parent in parents {
                let key = PageOf { parent, window, filter: filter.clone(), reads };
                pages.insert(key, found.remove(&parent).unwrap_or_default());
            }
        }
        Ok(pages)
    }
}

/// Key: how many children the parent `parent` has through relation `R`, narrowed by `filter`.
pub struct CountOf<R: PagedRelation> {
    parent: i32,
    filter: R::Filter,
}

impl<R: PagedRelation> Clone for CountOf<R> {
    fn clone(&self) -> Self {
        Self { parent: self.parent, filter: self.filter.clone() }
    }
}
impl<R: PagedRelation> PartialEq for CountOf<R> {
    fn eq(&self, other: &Self) -> bool {
        (self.parent, &self.filter) == (other.parent, &other.filter)
    }
}
impl<R: PagedRelation> Eq for CountOf<R> {}
impl<R: PagedRelation> Hash for CountOf<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.parent, &self.filter).hash(state);
    }
}

impl<R: PagedRelation> Loader<CountOf<R>> for DbLoader {
    type Value = u64;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[CountOf<R>]) -> Result<HashMap<CountOf<R>, u64>, Self::Error> {
        let mut groups: HashMap<R::Filter, Vec<i32>> = HashMap::new();
        for key in keys {
            groups.entry(key.filter.clone()).or_default().push(key.parent);
        }
        let mut counts = HashMap::new();
        for (filter, parents) in groups {
            let found = R::counts(&self.db, &parents, &filter).await.map_err(Arc::new)?;
            for parent in parents {
                counts.insert(CountOf { parent, filter: filter.clone() }, found.get(&parent).copied().unwrap_or(0));
            }
        }
        Ok(counts)
    }
}

/// Key: the window of the rows of `E` (citations, mentions) about the row `id` of the table `kind`.
pub struct AboutPage<E>(SubjectKind, i32, ChildWindow, PhantomData<fn() -> E>);

impl<E> Clone for AboutPage<E> {
    fn clone(&self) -> Self {
        Self(self.0, self.1, self.2, PhantomData)
    }
}
impl<E> PartialEq for AboutPage<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1, self.2) == (other.0, other.1, other.2)
    }
}
impl<E> Eq for AboutPage<E> {}
impl<E> Hash for AboutPage<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0, self.1, self.2).hash(state);
    }
}

impl<E> Loader<AboutPage<E>> for DbLoader
where
    E: AboutSubject + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    type Value = Vec<E::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[AboutPage<E>]) -> Result<HashMap<AboutPage<E>, Self::Value>, Self::Error> {
        let mut groups: HashMap<ChildWindow, Vec<(SubjectKind, i32)>> = HashMap::new();
        for key in keys {
            groups.entry(key.2).or_default().push((key.0, key.1));
        }
        let mut pages = HashMap::new();
        for (window, subjects) in groups {
            let mut found = db::subject::about_in_window::<E>(&self.db, &subjects, &window).await.map_err(Arc::new)?;
            for (kind, id) in subjects {
                pages.insert(AboutPage(kind, id, window, PhantomData), found.remove(&(kind, id)).unwrap_or_default());
            }
        }
        Ok(pages)
    }
}

/// Key: how many rows of `E` (citations, mentions) are about the row `1` of the table `0`.
pub struct AboutCount<E>(SubjectKind, i32, PhantomData<fn() -> E>);

impl<E> Clone for AboutCount<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for AboutCount<E> {}
impl<E> PartialEq for AboutCount<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}
impl<E> Eq for AboutCount<E> {}
impl<E> Hash for AboutCount<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0, self.1).hash(state);
    }
}

impl<E> Loader<AboutCount<E>> for DbLoader
where
    E: AboutSubject + Send + Sync + 'static,
{
    type Value = u64;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[AboutCount<E>]) -> Result<HashMap<AboutCount<E>, u64>, Self::Error> {
        let subjects: Vec<(SubjectKind, i32)> = keys.iter().map(|key| (key.0, key.1)).collect();
        let found = db::subject::about_counts::<E>(&self.db, &subjects).await.map_err(Arc::new)?;
        Ok(keys.iter().map(|key| (*key, found.get(&(key.0, key.1)).copied().unwrap_or(0))).collect())
    }
}

/// Key: the window of the timeline of the partnership or organization `id`, narrowed by `filter`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TimelinePage {
    owner: Owner,
    id: i32,
    filter: TimelineFilter,
    window: TimelineWindow,
}

impl Loader<TimelinePage> for DbLoader {
    type Value = Vec<TimelineItem>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[TimelinePage]) -> Result<HashMap<TimelinePage, Self::Value>, Self::Error> {
        let mut groups: HashMap<(Owner, TimelineFilter, TimelineWindow), Vec<i32>> = HashMap::new();
        for key in keys {
            groups.entry((key.owner, key.filter.clone(), key.window.clone())).or_default().push(key.id);
        }
        let mut pages = HashMap::new();
        for ((owner, filter, window), ids) in groups {
            let mut found =
                db::timeline::owned_in_window(&self.db, owner, &ids, &filter, &window).await.map_err(Arc::new)?;
            for id in ids {
                let key = TimelinePage { owner, id, filter: filter.clone(), window: window.clone() };
                pages.insert(key, found.remove(&id).unwrap_or_default());
            }
        }
        Ok(pages)
    }
}

/// Key: how many items the timeline of the partnership or organization `id` holds, narrowed by `filter`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TimelineCount {
    owner: Owner,
    id: i32,
    filter: TimelineFilter,
}

impl Loader<TimelineCount> for DbLoader {
    type Value = u64;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[TimelineCount]) -> Result<HashMap<TimelineCount, u64>, Self::Error> {
        let mut groups: HashMap<(Owner, TimelineFilter), Vec<i32>> = HashMap::new();
        for key in keys {
            groups.entry((key.owner, key.filter.clone())).or_default().push(key.id);
        }
        let mut counts = HashMap::new();
        for ((owner, filter), ids) in groups {
            let found = db::timeline::owned_counts(&self.db, owner, &ids, &filter).await.map_err(Arc::new)?;
            for id in ids {
                counts
                    .insert(TimelineCount { owner, id, filter: filter.clone() }, found.get(&id).copied().unwrap_or(0));
            }
        }
        Ok(counts)
    }
}

fn loader<'a>(ctx: &'a Context<'_>) -> AppResult<&'a Arc<RequestLoader>> {
    let loaders = ctx
        .data::<super::RequestLoaders>()
        .map_err(|_| AppError::Internal("the request has no DataLoader".to_owned()))?;
    Ok(loaders.get())
}

fn loader_error(error: Arc<DbErr>) -> AppError {
    AppError::Database(error)
}

/// The row `id` of table `E`, through the request's DataLoader.
pub async fn load_one<E>(ctx: &Context<'_>, id: i32) -> AppResult<Option<E::Model>>
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    loader(ctx)?.load_one(ById::<E>::new(id)).await.map_err(loader_error)
}

/// The row `id` of table `E`, which a foreign key guarantees to exist.
pub async fn load_required<E>(ctx: &Context<'_>, id: i32) -> AppResult<E::Model>
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    load_one::<E>(ctx, id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("row {id} of {} is missing", E::default().table_name())))
}

/// Puts whole rows of `E` read by a list into the request's cache, so that loading them by id reads nothing.
pub async fn feed_rows<E>(ctx: &Context<'_>, rows: impl IntoIterator<Item = E::Model>) -> AppResult<()>
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    loader(ctx)?.feed_many(rows.into_iter().map(|row| (ById::<E>::new(E::id_of(&row)), row))).await;
    Ok(())
}

/// The rows `ids` of table `E`, in the order of `ids`, through the request's DataLoader.
pub async fn load_many<E>(ctx: &Context<'_>, ids: impl IntoIterator<Item = i32>) -> AppResult<Vec<E::Model>>
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    let ids: Vec<i32> = ids.into_iter().collect();
    let mut found = loader(ctx)?.load_many(ids.iter().map(|id| ById::<E>::new(*id))).await.map_err(loader_error)?;
    Ok(ids.iter().filter_map(|id| found.remove(&ById::new(*id))).collect())
}

/// The children of `parent` through relation `R`, in id order, through the request's DataLoader.
pub async fn load_children<R>(ctx: &Context<'_>, parent: i32) -> AppResult<Vec<<R::Child as EntityTrait>::Model>>
where
    R: ChildRelation,
    <R::Child as EntityTrait>::Model: Clone + Send + Sync,
{
    Ok(loader(ctx)?.load_one(ChildrenOf::<R>::new(parent)).await.map_err(loader_error)?.unwrap_or_default())
}

/// Whether the connection being resolved selects anything but `totalCount`, so its page must be read.
fn selects_page(ctx: &Context<'_>) -> bool {
    let connection = ctx.look_ahead();
    ["edges", "nodes", "pageInfo"].iter().any(|field| connection.field(field).exists())
}

/// Whether the nodes of the connection being resolved select any of `fields`.
pub fn nodes_select_any(ctx: &Context<'_>, fields: &[&str]) -> bool {
    let connection = ctx.look_ahead();
    fields.iter().any(|field| {
        connection.field("nodes").field(field).exists() || connection.field("edges").field("node").field(field).exists()
    })
}

/// A page of the rows `parent` reaches through relation `R`, narrowed by `filter`, as a connection: one
/// statement per level for all the parents (a window per parent), a COUNT only if `totalCount` is selected.
pub async fn children_connection<R, Node>(
    ctx: &Context<'_>,
    parent: i32,
    filter: R::Filter,
    args: &PageArgs,
    node: impl Fn(R::Row) -> Node,
) -> AppResult<Conn<Node>>
where
    R: PagedRelation,
    Node: OutputType,
{
    let window = page_window::<i32>(ctx, args)?;
    let along = R::along().is_some_and(|(_, fields)| nodes_select_any(ctx, fields));
    let reads = Reads { columns: connection_columns::<R::Table>(ctx), along };
    let page =
        if selects_page(ctx) { load_page::<R>(ctx, parent, filter.clone(), window, reads).await? } else { Vec::new() };
    let count_loader = Arc::clone(loader(ctx)?);
    let total = TotalCount::Deferred(Arc::new(move || {
        let (loader, key) = (Arc::clone(&count_loader), CountOf::<R> { parent, filter: filter.clone() });
        Box::pin(async move { Ok(loader.load_one(key).await.map_err(loader_error)?.unwrap_or(0)) })
    }));
    Ok(window_connection(&window, page, total, R::id_of, node))
}

/// Every row `parent` reaches through relation `R`, narrowed by `filter`, in id order (for lists that are not
/// paged).
pub async fn load_whole<R: PagedRelation>(ctx: &Context<'_>, parent: i32, filter: R::Filter) -> AppResult<Vec<R::Row>> {
    load_page::<R>(ctx, parent, filter, ChildWindow::WHOLE, Reads::WHOLE).await
}

/// The `window` of the rows `parent` reaches through relation `R`; what the relation's join read along is put
/// in the request's cache, where the next level looks for it.
async fn load_page<R: PagedRelation>(
    ctx: &Context<'_>,
    parent: i32,
    filter: R::Filter,
    window: ChildWindow,
    reads: Reads,
) -> AppResult<Vec<R::Row>> {
    let loader = loader(ctx)?;
    let key = PageOf::<R> { parent, window, filter, reads };
    let page = loader.load_one(key).await.map_err(loader_error)?.unwrap_or_default();
    loader
        .feed_many(page.organizations.into_iter().map(|row| (ById::<entity::organization::Entity>::new(row.id), row)))
        .await;
    Ok(page.rows)
}

/// A page of the rows of `E` (citations, mentions) about the row `id` of the table `kind`, as a connection.
pub async fn about_connection<E, Node>(
    ctx: &Context<'_>,
    kind: SubjectKind,
    id: i32,
    args: &PageArgs,
    node: impl Fn(E::Model) -> Node,
) -> AppResult<Conn<Node>>
where
    E: AboutSubject + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
    Node: OutputType,
{
    let window = page_window::<i32>(ctx, args)?;
    let loader = loader(ctx)?;
    let rows = if selects_page(ctx) {
        let key = AboutPage::<E>(kind, id, window, PhantomData);
        loader.load_one(key).await.map_err(loader_error)?.unwrap_or_default()
    } else {
        Vec::new()
    };
    let count_loader = Arc::clone(loader);
    let total = TotalCount::Deferred(Arc::new(move || {
        let loader = Arc::clone(&count_loader);
        Box::pin(async move {
            Ok(loader.load_one(AboutCount::<E>(kind, id, PhantomData)).await.map_err(loader_error)?.unwrap_or(0))
        })
    }));
    Ok(window_connection(&window, rows, total, E::id_of, node))
}

/// A page of the timeline of the partnership or organization `id`, narrowed by `filter`, as a connection: one
/// statement per level for all the owners (a window per owner), then the items by id, a COUNT only if
/// `totalCount` is selected.
pub async fn owned_timeline_connection(
    ctx: &Context<'_>,
    owner: Owner,
    id: i32,
    filter: TimelineFilter,
    args: &PageArgs,
) -> AppResult<Conn<TimelineEntry>> {
    let window = page_window::<TimelineItem>(ctx, args)?;
    let loader = loader(ctx)?;
    let page = async {
        if !selects_page(ctx) {
            return AppResult::Ok(Vec::new());
        }
        let key = TimelinePage { owner, id, filter: filter.clone(), window: window.clone() };
        Ok(loader.load_one(key).await.map_err(loader_error)?.unwrap_or_default())
    };
    // The count is loaded beside the window, not after the items: owners whose items come from different
    // tables finish at different times, and counting after them would split the counts into several batches.
    let count = async {
        if !ctx.look_ahead().field("totalCount").exists() {
            return AppResult::Ok(None);
        }
        let key = TimelineCount { owner, id, filter: filter.clone() };
        Ok(Some(loader.load_one(key).await.map_err(loader_error)?.unwrap_or(0)))
    };
    let (items, count) = try_join(page, count).await?;
    let entries = try_join_all(items.iter().map(|item| TimelineEntry::of_item(ctx, item))).await?;
    let total = TotalCount::Known(count.unwrap_or(0) as usize);
    let found: Vec<(TimelineItem, TimelineEntry)> =
        items.into_iter().zip(entries).filter_map(|(item, entry)| Some((item, entry?))).collect();
    Ok(window_connection(&window, found, total, |(item, _)| item.clone(), |(_, entry)| entry))
}
