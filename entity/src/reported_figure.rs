//! A figure a source reports without listing its items: "plus de 40 projets", a population in a given year.

use crate::{DatePrecision, Domains, FigureMetric, FigureQualifier, SubjectKind};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A figure a source reports without listing its items: "plus de 40 projets", a population in a given year.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "reported_figure")]
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The table of the row the figure is about.
    pub subject_kind: SubjectKind,
    /// The id of that row.
    pub subject_id: i32,
    /// What is counted or measured.
    pub metric: FigureMetric,
    /// How exact the source is.
    pub qualifier: FigureQualifier,
    /// The count, when the figure is a count.
    pub value: Option<i64>,
    /// The amount in cents, when the figure is (or comes with) an amount of money.
    pub amount_cents: Option<i64>,
    /// The currency of the amount (ISO 4217).
    pub currency: Option<String>,
    /// The domains the figure is restricted to (empty: all).
    #[sea_orm(column_type = "JsonBinary")]
    pub domains: Domains,
    /// What was counted, in the source's words.
    #[sea_orm(column_type = "Text")]
    pub label: Option<String>,
    /// The first day of the date the figure is given for.
    pub as_of_date: Option<Date>,
    /// The precision of that date.
    pub as_of_precision: Option<DatePrecision>,
    /// Whether the synthetic data generator made the row (never real knowledge).
    pub synthetic: bool,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last changed.
    pub updated_at: DateTimeUtc,
    /// Optimistic-concurrency version, incremented on every change.
    pub version: i32,
}

/// Foreign keys of this table (the subject is a kind and an id, like a citation's).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

crate::stamped_behavior!();
