//! A way to reach an organization about a document: phone, email, postal address.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A way to reach an organization about a document: phone, email, postal address.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contact")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `label`.
    pub label: String,
    /// Column `phone`.
    pub phone: Option<String>,
    /// Column `email`.
    pub email: Option<String>,
    /// Column `postal_address`.
    #[sea_orm(column_type = "Text")]
    pub postal_address: Option<String>,
    /// Column `organization_id`.
    pub organization_id: Option<i32>,
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
