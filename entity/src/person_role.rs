//! A role a person held in an organization, with its dates.

use crate::DatePrecision;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A role a person held in an organization, with its dates.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person_role")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `person_id`.
    pub person_id: i32,
    /// Column `organization_id`.
    pub organization_id: i32,
    /// Column `title`.
    pub title: String,
    /// Column `start_date`.
    pub start_date: Option<Date>,
    /// Column `start_precision`.
    pub start_precision: Option<DatePrecision>,
    /// Column `end_date`.
    pub end_date: Option<Date>,
    /// Column `end_precision`.
    pub end_precision: Option<DatePrecision>,
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
    /// The row `person_id` points to.
    #[sea_orm(belongs_to = "super::person::Entity", from = "Column::PersonId", to = "super::person::Column::Id")]
    Person,
    /// The row `organization_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

crate::stamped_behavior!();
