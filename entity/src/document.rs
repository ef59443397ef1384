//! A source: a press release, report, agreement, master plan, web page or dataset.

use crate::{DatePrecision, DocumentKind, Translations};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A source: a press release, report, agreement, master plan, web page or dataset.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "document")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `kind`.
    pub kind: DocumentKind,
    /// Column `language`.
    pub language: String,
    /// Column `title`.
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// The name (title) folded for ordering: lower case, accents removed, derived by the write path.
    pub sort_key: String,
    /// Column `title_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub title_i18n: Translations,
    /// Column `dateline`.
    pub dateline: Option<String>,
    /// Column `published_date`.
    pub published_date: Option<Date>,
    /// Column `published_precision`.
    pub published_precision: Option<DatePrecision>,
    /// Column `publisher_id`.
    pub publisher_id: Option<i32>,
    /// The publisher as the source names it, when it is not an organization of the knowledge base (a newspaper,
    /// a blog).
    pub publisher_name: Option<String>,
    /// Column `url`.
    #[sea_orm(column_type = "Text")]
    pub url: Option<String>,
    /// Column `body`.
    #[sea_orm(column_type = "Text")]
    pub body: Option<String>,
    /// Column `sha256`.
    pub sha256: Option<String>,
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
    /// The row `publisher_id` points to.
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::PublisherId",
        to = "super::organization::Column::Id"
    )]
    Publisher,
}

crate::stamped_behavior!();
