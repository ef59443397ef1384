//! An actor: a collectivity, an agency, a ministry, an NGO or a network.

use crate::OrganizationKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An actor: a collectivity, an agency, a ministry, an NGO or a network.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `kind`.
    pub kind: OrganizationKind,
    /// Column `country`.
    pub country: String,
    /// Column `parent_id`.
    pub parent_id: Option<i32>,
    /// Column `name`.
    pub name: String,
    /// The name (title) folded for ordering: lower case, accents removed, derived by the write path.
    pub sort_key: String,
    /// Column `official_code`.
    pub official_code: Option<String>,
    /// Column `official_code_scheme`.
    pub official_code_scheme: Option<String>,
    /// Column `subdivision_code`.
    pub subdivision_code: Option<String>,
    /// Column `postal_code`.
    pub postal_code: Option<String>,
    /// Column `seat`.
    pub seat: Option<String>,
    /// Column `latitude`.
    #[sea_orm(column_type = "Double")]
    pub latitude: Option<f64>,
    /// Column `longitude`.
    #[sea_orm(column_type = "Double")]
    pub longitude: Option<f64>,
    /// Column `population`.
    pub population: Option<i64>,
    /// Column `population_year`.
    pub population_year: Option<i32>,
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
    /// The row `parent_id` points to.
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
}

crate::stamped_behavior!();
