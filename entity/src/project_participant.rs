//! An organization taking part in a project, with its IATI role and contribution.

use crate::ParticipantRole;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An organization taking part in a project, with its IATI role and contribution.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "project_participant")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `project_id`.
    pub project_id: i32,
    /// Column `organization_id`.
    pub organization_id: i32,
    /// Column `role`.
    pub role: ParticipantRole,
    /// Contribution in hundredths of the currency unit.
    pub contribution_cents: Option<i64>,
    /// Column `contribution_currency`.
    pub contribution_currency: Option<String>,
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
    /// The row `project_id` points to.
    #[sea_orm(belongs_to = "super::project::Entity", from = "Column::ProjectId", to = "super::project::Column::Id")]
    Project,
    /// The row `organization_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

crate::stamped_behavior!();
