//! An organization hosting a delegation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An organization hosting a delegation.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "delegation_host")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `delegation_id`.
    pub delegation_id: i32,
    /// Column `organization_id`.
    pub organization_id: i32,
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
    /// The row `delegation_id` points to.
    #[sea_orm(
        belongs_to = "super::delegation::Entity",
        from = "Column::DelegationId",
        to = "super::delegation::Column::Id"
    )]
    Delegation,
    /// The row `organization_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

crate::stamped_behavior!();
