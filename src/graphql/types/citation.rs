//! Provenance: `Citation` (a fact's source) and `Mention` (where a document names an entity).

use async_graphql::{Context, ID, Object, Union};
use entity::{SubjectKind, citation};

use super::enums;
use super::{Delegation, Document, Event, Organization, Partnership, Place, Project};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::{load_citations, load_one, load_required};
use crate::graphql::pagination::{Conn, PageArgs, slice_connection};

/// The source of a fact: which document supports it (or contradicts it), where, and in which words.
#[derive(Clone, Debug)]
pub struct Citation(pub citation::Model);

#[Object]
impl Citation {
    /// The opaque global id.
    async fn id(&self) -> ID {
        global_id("Citation", self.0.id)
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
    let rows = load_citations(ctx, kind, id).await?;
    slice_connection(ctx, rows, &args, |row| row.id, Citation)
}

/// Something a document can name.
#[derive(Union, Clone, Debug)]
pub enum Subject {
    /// An organization.
    Organization(Organization),
    /// A partnership.
    Partnership(Partnership),
    /// A project.
    Project(Project),
    /// A delegation.
    Delegation(Delegation),
    /// An event.
    Event(Event),
    /// A place.
    Place(Place),
    /// A document.
    Document(Document),
}

/// A place in a document's text where it names an entity, by the spelling it uses.
#[derive(Clone, Debug)]
pub struct Mention(pub entity::mention::Model);

#[Object]
impl Mention {
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
        let id = self.0.subject_id;
        Ok(match self.0.subject_kind {
            SubjectKind::Organization => {
                load_one::<entity::organization::Entity>(ctx, id).await?.map(|m| Subject::Organization(Organization(m)))
            }
            SubjectKind::Partnership => {
                load_one::<entity::partnership::Entity>(ctx, id).await?.map(|m| Subject::Partnership(Partnership(m)))
            }
            SubjectKind::Project => {
                load_one::<entity::project::Entity>(ctx, id).await?.map(|m| Subject::Project(Project(m)))
            }
            SubjectKind::Delegation => {
                load_one::<entity::delegation::Entity>(ctx, id).await?.map(|m| Subject::Delegation(Delegation(m)))
            }
            SubjectKind::Event => load_one::<entity::event::Entity>(ctx, id).await?.map(|m| Subject::Event(Event(m))),
            SubjectKind::Place => load_one::<entity::place::Entity>(ctx, id).await?.map(|m| Subject::Place(Place(m))),
            SubjectKind::Document => {
                load_one::<entity::document::Entity>(ctx, id).await?.map(|m| Subject::Document(Document(m)))
            }
            _ => None,
        })
    }
}
