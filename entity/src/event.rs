//! A dated happening: a public debate, a conference, a signing, a ceremony, a training, a meeting.

use crate::{DatePrecision, EventKind, Translations};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A dated happening: a public debate, a conference, a signing, a ceremony, a training, a meeting.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "event")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique human handle of the row.
    #[sea_orm(unique)]
    pub slug: String,
    /// Column `partnership_id`.
    pub partnership_id: Option<i32>,
    /// Column `kind`.
    pub kind: EventKind,
    /// Language (ISO 639-1) of the original text columns.
    pub original_lang: String,
    /// Column `title`.
    pub title: String,
    /// Column `title_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub title_i18n: Translations,
    /// Column `description`.
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// Column `description_i18n`.
    #[sea_orm(column_type = "JsonBinary")]
    pub description_i18n: Translations,
    /// Column `starts_at`.
    pub starts_at: DateTimeUtc,
    /// How precisely the source dates the start when it gives no time (DAY, MONTH, YEAR): `starts_at` is then
    /// midnight UTC of the first day of that day, month or year. Null when the time is known.
    pub starts_precision: Option<DatePrecision>,
    /// Column `ends_at`.
    pub ends_at: Option<DateTimeUtc>,
    /// Column `time_zone`.
    pub time_zone: String,
    /// Column `place_id`.
    pub place_id: Option<i32>,
    /// Column `is_public`.
    pub is_public: bool,
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
    /// The row `place_id` points to.
    #[sea_orm(belongs_to = "super::place::Entity", from = "Column::PlaceId", to = "super::place::Column::Id")]
    Place,
}

crate::stamped_behavior!();
