//! SeaORM models of the coopkb tables, one module per table, and the value types their columns use.

pub mod citation;
pub mod contact;
pub mod delegation;
pub mod delegation_host;
pub mod delegation_member;
pub mod document;
pub mod document_contact;
pub mod event;
pub mod event_organizer;
pub mod mention;
pub mod organization;
pub mod organization_name;
pub mod partnership;
pub mod partnership_member;
pub mod person;
pub mod person_role;
pub mod place;
pub mod project;
pub mod project_domain;
pub mod project_participant;

mod values;

pub use values::*;
