//! A place in a document's text where it names an entity.

use crate::SubjectKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A place in a document's text where it names an entity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "mention")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `document_id`.
    pub document_id: i32,
    /// Column `surface_form`.
    pub surface_form: String,
    /// Column `start_offset`.
    pub start_offset: i32,
    /// Column `end_offset`.
    pub end_offset: i32,
    /// The table of the row this points to.
    pub subject_kind: SubjectKind,
    /// The id of the row this points to.
    pub subject_id: i32,
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
