//! Per-request DataLoaders: every relation is fetched for all the parents of a level in one statement,
//! so the number of statements of a request depends on its depth, never on the number of rows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::SubjectKind;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use crate::db::subject::AboutSubject;
use crate::db::{self, Keyed};
use crate::error::{AppError, AppResult};

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
    type Child: Keyed + Send + Sync + 'static;
    /// The column holding the parent id.
    const COLUMN: <Self::Child as EntityTrait>::Column;
    /// The parent id of a child row.
    fn parent_of(child: &<Self::Child as EntityTrait>::Model) -> Option<i32>;
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

/// Declares one-to-many relations: `Name: table.column`.
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
    /// A partnership's members.
    MembersOfPartnership: partnership_member.PartnershipId => partnership_id;
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
    /// The delegations an organization hosted.
    HostingsOfOrganization: delegation_host.OrganizationId => organization_id;
    /// The delegations an organization took part in.
    DelegateshipsOfOrganization: delegation_member.OrganizationId => organization_id;
    /// The events an organization organized.
    OrganizingsOfOrganization: event_organizer.OrganizationId => organization_id;
}

/// Key: the rows of `E` (citations, mentions) about the row `1` of the table `0`.
pub struct About<E>(pub SubjectKind, pub i32, PhantomData<fn() -> E>);

impl<E> About<E> {
    /// The key of the rows about `(kind, id)`.
    pub fn new(kind: SubjectKind, id: i32) -> Self {
        Self(kind, id, PhantomData)
    }
}

impl<E> Clone for About<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for About<E> {}
impl<E> PartialEq for About<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}
impl<E> Eq for About<E> {}
impl<E> Hash for About<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0, self.1).hash(state);
    }
}

impl<E> Loader<About<E>> for DbLoader
where
    E: AboutSubject + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    type Value = Vec<E::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[About<E>]) -> Result<HashMap<About<E>, Self::Value>, Self::Error> {
        let subjects: Vec<(SubjectKind, i32)> = keys.iter().map(|key| (key.0, key.1)).collect();
        let rows = db::subject::about::<E>(&self.db, &subjects).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|((kind, id), rows)| (About::new(kind, id), rows)).collect())
    }
}

fn loader<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DataLoader<DbLoader, HashMapCache>> {
    ctx.data::<DataLoader<DbLoader, HashMapCache>>()
        .map_err(|_| AppError::Internal("the request has no DataLoader".to_owned()))
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

/// The rows of `E` (citations, mentions) about the row `id` of the table `kind`, in id order.
pub async fn load_about<E>(ctx: &Context<'_>, kind: SubjectKind, id: i32) -> AppResult<Vec<E::Model>>
where
    E: AboutSubject + Send + Sync + 'static,
    E::Model: Clone + Send + Sync,
{
    Ok(loader(ctx)?.load_one(About::<E>::new(kind, id)).await.map_err(loader_error)?.unwrap_or_default())
}

/// The children of each of `parents` through relation `R`, by parent, through the request's DataLoader.
pub async fn load_children_of_many<R>(
    ctx: &Context<'_>,
    parents: impl IntoIterator<Item = i32>,
) -> AppResult<Vec<<R::Child as EntityTrait>::Model>>
where
    R: ChildRelation,
    <R::Child as EntityTrait>::Model: Clone + Send + Sync,
{
    let keys: Vec<ChildrenOf<R>> = parents.into_iter().map(ChildrenOf::new).collect();
    let mut found = loader(ctx)?.load_many(keys.iter().copied()).await.map_err(loader_error)?;
    Ok(keys.iter().filter_map(|key| found.remove(key)).flatten().collect())
}
