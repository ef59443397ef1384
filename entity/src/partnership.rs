//! A cooperation between organizations: a decentralised cooperation, a twinning, a network programme.

use crate::{DatePrecision, PartnershipKind, PartnershipStatus, Translations};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A cooperation between organizations: a decentralised cooperation, a twinning, a network programme.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "partnership")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `kind`.
    pub kind: PartnershipKind,
    /// Column `status`.
    pub status: Option<PartnershipStatus>,
    /// Language (ISO 639-1) of the original text columns.
    pub original_lang: String,
    /// Column `name`.
    pub name: String,
    /// The name (title) folded for ordering: lower case, accents removed, derived by the write path.
    pub sort_key: String,
    /// Column `name_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub name_i18n: Translations,
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
pub enum Relation {}

crate::stamped_behavior!();
