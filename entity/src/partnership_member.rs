//! An organization taking part in a partnership, on a side and with a role.

use crate::{MemberRole, MemberSide};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An organization taking part in a partnership, on a side and with a role.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "partnership_member")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `partnership_id`.
    pub partnership_id: i32,
    /// Column `organization_id`.
    pub organization_id: i32,
    /// Column `side`.
    pub side: MemberSide,
    /// Column `role`.
    pub role: MemberRole,
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
    /// The row `partnership_id` points to.
    #[sea_orm(
        belongs_to = "super::partnership::Entity",
        from = "Column::PartnershipId",
        to = "super::partnership::Column::Id"
    )]
    Partnership,
    /// The row `organization_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

crate::stamped_behavior!();
