//! The Relay `Node` interface (every object with a global id) and the `Sourced` interface (every object with citations).

use async_graphql::{Context, ID, Interface};

use super::{
    Change, Citation, Contact, Delegation, DelegationMember, Document, Event, Mention, Organization, OrganizationName,
    Partnership, PartnershipMember, Person, PersonRole, Place, Project, ProjectDomain, ProjectParticipant,
    ReportedFigure,
};
use crate::error::AppResult;
use crate::graphql::ids::decode_global_id;
use crate::graphql::loaders::load_one;
use crate::graphql::pagination::Conn;

/// An object with a global id, which `node(id:)` finds again.
// Clippy reads the arguments' shared `ty = "Option<…>"` as repeated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface, Clone, Debug)]
#[graphql(
    field(name = "id", ty = "AppResult<ID>", desc = "The opaque global id."),
    field(name = "version", ty = "i32", desc = "The object's version, incremented by every change."),
    field(
        name = "history",
        ty = "AppResult<Conn<Change>>",
        desc = "The object's changes, oldest first.",
        arg(name = "after", ty = "Option<String>", desc = "Items after this cursor."),
        arg(name = "before", ty = "Option<String>", desc = "Items before this cursor."),
        arg(name = "first", ty = "Option<i32>", desc = "The first n items."),
        arg(name = "last", ty = "Option<i32>", desc = "The last n items.")
    )
)]
pub enum Node {
    /// An organization.
    Organization(Organization),
    /// A name of an organization.
    OrganizationName(OrganizationName),
    /// A partnership.
    Partnership(Partnership),
    /// A partnership membership.
    PartnershipMember(PartnershipMember),
    /// A project.
    Project(Project),
    /// A project's domain.
    ProjectDomain(ProjectDomain),
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
    /// A person.
    Person(Person),
    /// A person's public role.
    PersonRole(PersonRole),
    /// A figure a source reports.
    ReportedFigure(ReportedFigure),
    /// A document.
    Document(Document),
    /// A contact.
    Contact(Contact),
    /// A citation.
    Citation(Citation),
    /// A mention.
    Mention(Mention),
}

/// An object whose facts cite their sources; one without citations is visibly unsourced.
// Clippy reads the arguments' shared `ty = "Option<…>"` as repeated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface, Clone, Debug)]
#[graphql(field(
    name = "citations",
    ty = "AppResult<Conn<Citation>>",
    desc = "The sources of what is recorded about it.",
    arg(name = "after", ty = "Option<String>", desc = "Items after this cursor."),
    arg(name = "before", ty = "Option<String>", desc = "Items before this cursor."),
    arg(name = "first", ty = "Option<i32>", desc = "The first n items."),
    arg(name = "last", ty = "Option<i32>", desc = "The last n items.")
))]
pub enum Sourced {
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
    /// A person.
    Person(Person),
    /// A person's public role.
    PersonRole(PersonRole),
    /// A figure a source reports.
    ReportedFigure(ReportedFigure),
    /// A document.
    Document(Document),
}

/// Loads the row a global id names, wrapped as its GraphQL type: `None` when no such row exists.
pub async fn node_by_id(ctx: &Context<'_>, id: &ID) -> AppResult<Option<Node>> {
    let (type_name, row) = decode_global_id(id)?;
    macro_rules! load {
        ($($name:ident => $table:ident),+ $(,)?) => {
            match type_name.as_str() {
                $(stringify!($name) => load_one::<entity::$table::Entity>(ctx, row).await?.map(|m| Node::$name($name(m))),)+
                _ => None,
            }
        };
    }
    Ok(load!(
        Organization => organization,
        OrganizationName => organization_name,
        Partnership => partnership,
        PartnershipMember => partnership_member,
        Project => project,
        ProjectDomain => project_domain,
        ProjectParticipant => project_participant,
        Delegation => delegation,
        DelegationMember => delegation_member,
        Event => event,
        Place => place,
        Person => person,
        PersonRole => person_role,
        ReportedFigure => reported_figure,
        Document => document,
        Contact => contact,
        Citation => citation,
        Mention => mention,
    ))
}
