//! GraphQL output types. Each wraps an entity model; relations resolve through the request's DataLoaders.

mod change;
mod citation;
mod common;
mod delegation;
mod document;
mod domain;
pub mod enums;
mod event;
mod figure;
mod node;
mod organization;
mod partnership;
mod project;
mod search;
pub mod stats;
pub mod timeline;

pub use change::{Change, CommittedChanges, history_connection};
pub use citation::{Citation, Conflict, Mention, Subject, UnsourcedRecord, citations_connection, load_subject};
pub use common::{GeoPoint, Money, OfficialCode, Population};
pub use delegation::{Delegation, DelegationMember, Person, PersonRole};
pub use document::{Contact, Document};
pub use domain::{Code, DomainInfo, domains};
pub use event::{Event, Place};
pub use figure::{ReportedFigure, figures_connection};
pub use node::{Node, Sourced, node_by_id};
pub use organization::{Organization, OrganizationName};
pub use partnership::{Partnership, PartnershipMember};
pub use project::{Project, ProjectDomain, ProjectParticipant};
pub use search::{SearchHit, SearchKind};
pub use timeline::{TimelineEntry, TimelineKind, timeline_filter};
