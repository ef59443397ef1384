//! Timelines: the projects, delegations, events and documents of a partnership or an organization in date order.

use async_graphql::{Context, Enum, Object, Union};
use entity::SubjectKind;

use super::{Delegation, Document, Event, Project};
use crate::db::timeline::{self, TimelineFilter};
use crate::error::AppResult;
use crate::graphql::inputs::DateRangeInput;
use crate::graphql::loaders::load_required;
use crate::graphql::scalars::PartialDate;
use crate::partial_date;

/// What kind of item a timeline entry is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineKind {
    /// A project, dated by its start (or its end when only that is known).
    Project,
    /// A delegation, dated by its start.
    Delegation,
    /// An event, placed by its start day in UTC (its entry's `date` is its local start day).
    Event,
    /// A document, dated by its publication.
    Document,
}

/// The item of a timeline entry.
#[derive(Union, Clone, Debug)]
pub enum TimelineItem {
    /// A project.
    Project(Project),
    /// A delegation.
    Delegation(Delegation),
    /// An event.
    Event(Event),
    /// A document.
    Document(Document),
}

/// One dated item of a timeline.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    date: partial_date::PartialDate,
    kind: TimelineKind,
    item: TimelineItem,
}

/// One dated item of a timeline.
#[Object]
impl TimelineEntry {
    /// The date the item is placed at, as precisely as it is known.
    async fn date(&self) -> PartialDate {
        PartialDate(self.date)
    }

    /// What kind of item it is.
    async fn kind(&self) -> TimelineKind {
        self.kind
    }

    /// The item.
    async fn item(&self) -> &TimelineItem {
        &self.item
    }
}

impl TimelineEntry {
    /// The entry of a project, if it has a date.
    pub fn project(model: entity::project::Model) -> Option<Self> {
        let date = partial_date::PartialDate::from_columns(model.start_date, model.start_precision)
            .or(partial_date::PartialDate::from_columns(model.end_date, model.end_precision))?;
        Some(Self { date, kind: TimelineKind::Project, item: TimelineItem::Project(Project(model)) })
    }

    /// The entry of a delegation, if it has a date: its start (or its end when only that is known).
    pub fn delegation(model: entity::delegation::Model) -> Option<Self> {
        let date = partial_date::PartialDate::from_columns(model.start_date, model.start_precision)
            .or(partial_date::PartialDate::from_columns(model.end_date, model.end_precision))?;
        Some(Self { date, kind: TimelineKind::Delegation, item: TimelineItem::Delegation(Delegation(model)) })
    }

    /// The entry of an event, on its local start day.
    pub fn event(model: entity::event::Model) -> Self {
        let date = super::event::start_date(&model);
        Self { date, kind: TimelineKind::Event, item: TimelineItem::Event(Event(model)) }
    }

    /// The entry of the row a timeline item names, if it has a date.
    pub async fn of_item(ctx: &Context<'_>, item: &timeline::TimelineItem) -> AppResult<Option<Self>> {
        Ok(match item.kind() {
            SubjectKind::Project => Self::project(load_required::<entity::project::Entity>(ctx, item.id).await?),
            SubjectKind::Delegation => {
                Self::delegation(load_required::<entity::delegation::Entity>(ctx, item.id).await?)
            }
            SubjectKind::Event => Some(Self::event(load_required::<entity::event::Entity>(ctx, item.id).await?)),
            _ => Self::document(load_required::<entity::document::Entity>(ctx, item.id).await?),
        })
    }

    /// The entry of a document, if it has a publication date.
    pub fn document(model: entity::document::Model) -> Option<Self> {
        let date = partial_date::PartialDate::from_columns(model.published_date, model.published_precision)?;
        Some(Self { date, kind: TimelineKind::Document, item: TimelineItem::Document(Document(model)) })
    }
}

/// The kind of item of a timeline kind.
fn subject_kind(kind: TimelineKind) -> SubjectKind {
    match kind {
        TimelineKind::Project => SubjectKind::Project,
        TimelineKind::Delegation => SubjectKind::Delegation,
        TimelineKind::Event => SubjectKind::Event,
        TimelineKind::Document => SubjectKind::Document,
    }
}

/// The items of the given kinds (all when `None`) dated within `period`, of the partnership with this slug
/// when given.
pub fn timeline_filter(
    kinds: Option<Vec<TimelineKind>>,
    period: Option<DateRangeInput>,
    partnership: Option<String>,
) -> AppResult<TimelineFilter> {
    Ok(TimelineFilter {
        kinds: kinds.unwrap_or_default().into_iter().map(subject_kind).collect(),
        period: period.map(|p| p.to_db("period")).transpose()?.unwrap_or_default(),
        partnership,
    })
}
