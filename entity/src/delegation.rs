//! A visit of elected officials, staff or experts from one side of a partnership to the other.

use crate::{DatePrecision, DelegationDirection, Translations};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A visit of elected officials, staff or experts from one side of a partnership to the other.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "delegation")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `partnership_id`.
    pub partnership_id: i32,
    /// Column `direction`.
    pub direction: DelegationDirection,
    /// Language (ISO 639-1) of the original text columns.
    pub original_lang: String,
    /// Column `title`.
    pub title: String,
    /// Column `title_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub title_i18n: Translations,
    /// Column `purpose`.
    #[sea_orm(column_type = "Text")]
    pub purpose: Option<String>,
    /// Column `purpose_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub purpose_i18n: Translations,
    /// Column `occasion`.
    #[sea_orm(column_type = "Text")]
    pub occasion: Option<String>,
    /// Column `occasion_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub occasion_i18n: Translations,
    /// Column `start_date`.
    pub start_date: Option<Date>,
    /// Column `start_precision`.
    pub start_precision: Option<DatePrecision>,
    /// Column `end_date`.
    pub end_date: Option<Date>,
    /// Column `end_precision`.
    pub end_precision: Option<DatePrecision>,
    /// First day of the period the row covers (derived from its partial dates, for filters and ordering).
    pub period_start: Option<Date>,
    /// Last day of the period the row covers (derived from its partial dates, for filters and ordering).
    pub period_end: Option<Date>,
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
    /// The row `partnership_id` points to.
    #[sea_orm(
        belongs_to = "super::partnership::Entity",
        from = "Column::PartnershipId",
        to = "super::partnership::Column::Id"
    )]
    Partnership,
}

crate::stamped_behavior!();
