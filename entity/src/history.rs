//! One change in the history: who changed which row, when, in which data version, and its values before and after.

use crate::{ChangeOperation, SubjectKind};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One change in the history: who changed which row, when, in which data version, and its values before and after.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "history")]
pub struct Model {
    /// Primary key, in commit order.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The data version the change was committed with.
    pub data_version: i64,
    /// When the change was committed.
    pub at: DateTimeUtc,
    /// Who made it: a token's name, or the writer that is not a person (`knowledge`, `synthetic`).
    pub actor: String,
    /// What was done.
    pub operation: ChangeOperation,
    /// The table of the changed row.
    pub subject_kind: SubjectKind,
    /// The id of the changed row.
    pub subject_id: i32,
    /// The row as JSON before the change (none for a creation).
    #[sea_orm(column_type = "Text")]
    pub before: Option<String>,
    /// The row as JSON after the change (none for a deletion).
    #[sea_orm(column_type = "Text")]
    pub after: Option<String>,
}

/// The history refers to rows by kind and id, not by foreign key: it outlives the rows it describes.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
