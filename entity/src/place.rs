//! A venue where events happen.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A venue where events happen.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "place")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `name`.
    pub name: String,
    /// Column `address`.
    pub address: Option<String>,
    /// Column `commune_id`.
    pub commune_id: Option<i32>,
    /// Column `latitude`.
    #[sea_orm(column_type = "Double")]
    pub latitude: Option<f64>,
    /// Column `longitude`.
    #[sea_orm(column_type = "Double")]
    pub longitude: Option<f64>,
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
    /// The row `commune_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::CommuneId",
        to = "super::organization::Column::Id"
    )]
    Commune,
}

crate::stamped_behavior!();
