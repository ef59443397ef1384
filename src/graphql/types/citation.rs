//! Provenance: `Citation` (a fact's source) and `Mention` (where a document names an entity).

use async_graphql::{Context, ID, Object, Union};
use entity::{SubjectKind, citation};

use super::enums;
use super::{
    Delegation, DelegationMember, Document, Event, Organization, Partnership, PartnershipMember, Person, PersonRole,
    Place, Project, ProjectParticipant, ReportedFigure,
};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::{about_connection, load_one, load_required};
use crate::graphql::pagination::{Conn, PageArgs};

/// The source of a fact: which document supports it (or contradicts it), where, and in which words.
#[derive(Clone, Debug)]
pub struct Citation(pub citation::Model);

/// The source of a fact: which document supports it (or contradicts it), where, and in which words.
#[Object]
impl Citation {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Citation", self.0.id))
    }

    /// The object's changes, oldest first: who did what, when, with the values before and after.
    pub(crate) async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<crate::graphql::types::Change>> {
        let args = PageArgs::new(after, before, first, last);
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Citation, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// True for rows made by the synthetic data generator (benchmarks), never real knowledge.
    async fn synthetic(&self) -> bool {
        self.0.synthetic
    }

    /// The source document.
    async fn document(&self, ctx: &Context<'_>) -> AppResult<Document> {
        Ok(Document(load_required::<entity::document::Entity>(ctx, self.0.document_id).await?))
    }

    /// The field the citation supports (`start`, `budget`); null when it supports the record as a whole.
    async fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// Where in the document (`§5`, `infobox`), if given.
    async fn locator(&self) -> Option<&str> {
        self.0.locator.as_deref()
    }

    /// The document's own words, quoted verbatim, if given.
    async fn quote(&self) -> Option<&str> {
        self.0.quote.as_deref()
    }

    /// What the citation is the source of.
    async fn subject(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.0.subject_kind, self.0.subject_id).await
    }

    /// Whether the document states, implies or contradicts the fact.
    async fn stance(&self) -> enums::Stance {
        self.0.stance.into()
    }
}

/// The citations of a row, as a connection.
pub async fn citations_connection(
    ctx: &Context<'_>,
    kind: SubjectKind,
    id: i32,
    args: PageArgs,
) -> AppResult<Conn<Citation>> {
    about_connection::<citation::Entity, _>(ctx, kind, id, &args, Citation).await
}

/// A record of the knowledge base: what a citation, a mention or a search result points at.
#[derive(Union, Clone, Debug)]
pub enum Subject {
    /// An organization.
    Organization(Organization),
    /// A partnership.
    Partnership(Partnership),
    /// A partnership membership.
    PartnershipMember(PartnershipMember),
    /// A project.
    Project(Project),
    /// A project participation.
    ProjectParticipant(ProjectParticipant),
    /// A delegation.
    Delegation(Delegation),
    /// A delegation member.
    DelegationMember(DelegationMember),
    /// An event.
    Event(Event),
    /// A place.
    Place(Place),
    /// A document.
    Document(Document),
    /// A public figure.
    Person(Person),
    /// A public role of a person.
    PersonRole(PersonRole),
    /// A figure a source reports.
    ReportedFigure(ReportedFigure),
}

/// The row `id` of the table `kind`, as a `Subject`; `None` for tables nothing points at, or a missing row.
pub async fn load_subject(ctx: &Context<'_>, kind: SubjectKind, id: i32) -> AppResult<Option<Subject>> {
    macro_rules! load {
        ($($kind:ident => $table:ident),+ $(,)?) => {
            match kind {
                $(SubjectKind::$kind => load_one::<entity::$table::Entity>(ctx, id).await?.map(|m| Subject::$kind($kind(m))),)+
                _ => None,
            }
        };
    }
    Ok(load!(
        Organization => organization,
        Partnership => partnership,
        PartnershipMember => partnership_member,
        Project => project,
        ProjectParticipant => project_participant,
        Delegation => delegation,
        DelegationMember => delegation_member,
        Event => event,
        Place => place,
        Document => document,
        Person => person,
        PersonRole => person_role,
        ReportedFigure => reported_figure,
    ))
}

/// A place in a document's text where it names an entity, by the spelling it uses.
#[derive(Clone, Debug)]
pub struct Mention(pub entity::mention::Model);

/// A place in a document's text where it names an entity, by the spelling it uses.
#[Object]
impl Mention {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Mention", self.0.id))
    }

    /// The object's changes, oldest first: who did what, when, with the values before and after.
    pub(crate) async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<crate::graphql::types::Change>> {
        let args = PageArgs::new(after, before, first, last);
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Mention, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The document whose text this is.
    async fn document(&self, ctx: &Context<'_>) -> AppResult<Document> {
        Ok(Document(load_required::<entity::document::Entity>(ctx, self.0.document_id).await?))
    }

    /// The words as written in the document (`Jenine`).
    async fn surface_form(&self) -> &str {
        &self.0.surface_form
    }

    /// Offset of the first character in the document's body, in Unicode characters from 0.
    async fn start(&self) -> i32 {
        self.0.start_offset
    }

    /// Offset just past the last character, in Unicode characters.
    async fn end(&self) -> i32 {
        self.0.end_offset
    }

    /// The entity named.
    async fn subject(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.0.subject_kind, self.0.subject_id).await
    }
}

/// A fact whose sources disagree: the citations that state or imply it beside those that contradict it.
#[derive(Clone, Debug)]
pub struct Conflict(pub crate::db::citation::Conflict);

/// A fact whose sources disagree: the citations that state or imply it beside those that contradict it.
#[Object]
impl Conflict {
    /// The record the fact is about.
    async fn subject(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.0.subject_kind, self.0.subject_id).await
    }

    /// The kind of record.
    async fn subject_kind(&self) -> enums::SubjectKind {
        self.0.subject_kind.into()
    }

    /// The field the sources disagree on (`start`, `end`); null for the record as a whole.
    async fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The citations that state or imply the recorded value.
    async fn supporting(&self) -> Vec<Citation> {
        self.0.supporting.iter().cloned().map(Citation).collect()
    }

    /// The citations that contradict it, each with the words of its source.
    async fn contradicting(&self) -> Vec<Citation> {
        self.0.contradicting.iter().cloned().map(Citation).collect()
    }
}

/// A record that no citation covers: a fact the knowledge base holds without a source.
#[derive(Clone, Debug)]
pub struct UnsourcedRecord {
    /// The table of the record.
    pub kind: SubjectKind,
    /// The record's id.
    pub id: i32,
}

/// A record that no citation covers: a fact the knowledge base holds without a source.
#[Object]
impl UnsourcedRecord {
    /// The kind of record.
    async fn kind(&self) -> enums::SubjectKind {
        self.kind.into()
    }

    /// The record.
    async fn subject(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.kind, self.id).await
    }
}
