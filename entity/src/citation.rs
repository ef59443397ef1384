//! Provenance of a fact: a row (and optionally one of its fields) stated, inferred or contradicted by a document.

use crate::{Stance, SubjectKind};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Provenance of a fact: a row (and optionally one of its fields) stated, inferred or contradicted by a document.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "citation")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The table of the row this points to.
    pub subject_kind: SubjectKind,
    /// The id of the row this points to.
    pub subject_id: i32,
    /// Column `field`.
    pub field: Option<String>,
    /// Column `document_id`.
    pub document_id: i32,
    /// Column `locator`.
    pub locator: Option<String>,
    /// Column `quote`.
    #[sea_orm(column_type = "Text")]
    pub quote: Option<String>,
    /// Column `stance`.
    pub stance: Stance,
    /// Whether the synthetic data generator made the row (never real knowledge).
    pub synthetic: bool,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
    /// Optimistic-concurrency version, incremented on every change.
    pub version: i32,
}

/// Foreign keys of this table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The row `document_id` points to.
    #[sea_orm(belongs_to = "super::document::Entity", from = "Column::DocumentId", to = "super::document::Column::Id")]
    Document,
}

crate::stamped_behavior!();
