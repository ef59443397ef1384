//! A public figure.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A public figure.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `name`.
    pub name: String,
    /// Column `honorific`.
    pub honorific: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
    /// Optimistic-concurrency version, incremented on every change.
    pub version: i32,
}

/// Foreign keys of this table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::stamped_behavior!();
