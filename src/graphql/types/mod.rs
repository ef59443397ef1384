//! GraphQL output types. Each wraps an entity model; relations resolve through the request's DataLoaders.

mod citation;
mod common;
mod delegation;
mod document;
pub mod enums;
mod event;
mod organization;
mod partnership;
mod project;

pub use citation::{Citation, Mention, Subject, citations_connection};
pub use common::{GeoPoint, Money, OfficialCode, Population};
pub use delegation::{Delegation, DelegationMember, Person};
pub use document::{Contact, Document};
pub use event::{Event, Place};
pub use organization::{Organization, OrganizationName};
pub use partnership::{Partnership, PartnershipMember};
pub use project::{Project, ProjectDomain, ProjectParticipant};
