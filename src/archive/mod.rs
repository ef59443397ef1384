//! The whole knowledge base as one deterministic JSON document keyed by slugs (`coopkb export`), and its import
//! through the write path (`coopkb import`, the `importKnowledge` mutation).
//!
//! The document is `{"format": "coopkb", "formatVersion": 1, "tables": {...}}`: for each table, its rows as an
//! object from the row's key to its columns. A row with a slug is keyed by its slug; a link is keyed by the key
//! of the row it belongs to and its rank among that row's links (`val-de-marne-tulkarem#2`), a citation by its
//! subject (`project:water-tulkarem#1`), a contact by its rank. References hold keys (`"partnership":
//! "val-de-marne-tulkarem"`, `"subject": "partnership_member:val-de-marne-tulkarem#2"`), never ids; ids,
//! versions, time stamps and what the write path derives are left out.

mod export;
pub mod iati;
mod import;
mod ordered;

use entity::SubjectKind;
use sea_orm::{IdenStatic, Iterable};

pub use export::export_json;
pub use import::{ImportReport, TableCounts, import_json};

use crate::write::{Table, foreign_keys};

/// The name of the format, in every document.
pub const FORMAT: &str = "coopkb";
/// The version of the format this build writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// Columns that are not knowledge: the row's id, its stamps, and what the write path derives.
const NOT_EXPORTED: [&str; 9] =
    ["id", "version", "created_at", "updated_at", "search_key", "sort_key", "period_start", "period_end", "sha256"];

/// How the rows of a table are keyed in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keying {
    /// By the row's slug.
    Slug,
    /// By the key of the row this column points at, and the rank among its rows.
    Link(&'static str),
    /// By the row's subject (`table:key`), and the rank among its rows.
    Subject,
    /// By rank alone.
    Rank,
}

fn keying(kind: SubjectKind) -> Keying {
    use SubjectKind as K;
    match kind {
        K::Organization
        | K::Partnership
        | K::Project
        | K::Person
        | K::Delegation
        | K::Place
        | K::Event
        | K::Document => Keying::Slug,
        K::OrganizationName => Keying::Link("organization_id"),
        K::PartnershipMember => Keying::Link("partnership_id"),
        K::ProjectDomain | K::ProjectParticipant => Keying::Link("project_id"),
        K::PersonRole => Keying::Link("person_id"),
        K::DelegationHost | K::DelegationMember => Keying::Link("delegation_id"),
        K::EventOrganizer => Keying::Link("event_id"),
        K::DocumentContact | K::Mention => Keying::Link("document_id"),
        K::Citation | K::ReportedFigure => Keying::Subject,
        K::Contact => Keying::Rank,
    }
}

/// The document's name for a reference column: `partnership_id` is `partnership`.
fn field_of(column: &str) -> &str {
    column.strip_suffix("_id").unwrap_or(column)
}

/// The fields of a row of `E` in the document, in column order.
fn fields_of<E: Table>() -> Vec<String> {
    let keys = foreign_keys::<E>();
    let slugged = keying(E::KIND) == Keying::Slug;
    E::Column::iter()
        .map(|column| column.as_str())
        .filter(|name| !NOT_EXPORTED.contains(name) && *name != "subject_kind" && !(slugged && *name == "slug"))
        .map(|name| {
            if name == "subject_id" {
                "subject".to_owned()
            } else if keys.iter().any(|key| key.column == name) {
                field_of(name).to_owned()
            } else {
                name.to_owned()
            }
        })
        .collect()
}

/// The name of a table in the document.
fn table_name(kind: SubjectKind) -> &'static str {
    crate::write::table_of_kind(kind)
}

/// The columns of a stored row that are knowledge, as JSON, in column order: what an export writes (its
/// references then turned into keys) and what an import compares to decide whether a row changes.
fn knowledge_of<E: Table>(model: &E::Model) -> Result<serde_json::Map<String, serde_json::Value>, sea_orm::DbErr> {
    let serde_json::Value::Object(mut columns) = serde_json::to_value(model)
        .map_err(|error| sea_orm::DbErr::Json(format!("a {}: {error}", table_name(E::KIND))))?
    else {
        return Err(sea_orm::DbErr::Json(format!("a {} is not a JSON object", table_name(E::KIND))));
    };
    for column in NOT_EXPORTED {
        columns.shift_remove(column);
    }
    Ok(columns)
}
