//! One name or spelling of an organization, in a language.

use crate::NameKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One name or spelling of an organization, in a language.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organization_name")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `organization_id`.
    pub organization_id: i32,
    /// Column `value`.
    pub value: String,
    /// Column `lang`.
    pub lang: Option<String>,
    /// Column `kind`.
    pub kind: NameKind,
    /// The value folded to lower case without accents, the key lookups use.
    pub search_key: String,
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
    /// The row `organization_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

crate::stamped_behavior!();
