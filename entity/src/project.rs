//! A project, programme, study, master plan, works or training carried out within a partnership.

use crate::{DatePrecision, ProjectKind, ProjectStatus, Translations};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A project, programme, study, master plan, works or training carried out within a partnership.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "project")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `partnership_id`.
    pub partnership_id: i32,
    /// Column `parent_id`.
    pub parent_id: Option<i32>,
    /// Column `kind`.
    pub kind: ProjectKind,
    /// Column `status`.
    pub status: Option<ProjectStatus>,
    /// Language (ISO 639-1) of the original text columns.
    pub original_lang: String,
    /// Column `title`.
    pub title: String,
    /// The name (title) folded for ordering: lower case, accents removed, derived by the write path.
    pub sort_key: String,
    /// Column `title_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub title_i18n: Translations,
    /// Column `description`.
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// Column `description_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub description_i18n: Translations,
    /// Column `start_date`.
    pub start_date: Option<Date>,
    /// Column `start_precision`.
    pub start_precision: Option<DatePrecision>,
    /// Column `end_date`.
    pub end_date: Option<Date>,
    /// Column `end_precision`.
    pub end_precision: Option<DatePrecision>,
    /// Column `duration_months`.
    pub duration_months: Option<i32>,
    /// Budget in hundredths of the currency unit.
    pub budget_amount_cents: Option<i64>,
    /// Column `budget_currency`.
    pub budget_currency: Option<String>,
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
    /// The row `parent_id` points to.
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
}

crate::stamped_behavior!();
