//! A domain a project belongs to, with its OECD DAC purpose code.

use crate::Domain;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A domain a project belongs to, with its OECD DAC purpose code.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "project_domain")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `project_id`.
    pub project_id: i32,
    /// Column `domain`.
    pub domain: Domain,
    /// Column `dac_code`.
    pub dac_code: Option<String>,
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
}

crate::stamped_behavior!();
