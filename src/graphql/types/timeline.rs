//! Timelines: the projects, delegations, events and documents of a partnership or an organization in date order.

use async_graphql::{Context, Enum, Object, Union};
use entity::DatePrecision;

use super::{Delegation, Document, Event, Project};
use crate::error::AppResult;
use crate::graphql::inputs::DateRangeInput;
use crate::graphql::pagination::{Conn, PageArgs, slice_connection};
use crate::graphql::scalars::PartialDate;
use crate::partial_date;

/// What kind of item a timeline entry is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineKind {
    /// A project, dated by its start (or its end when only that is known).
    Project,
    /// A delegation, dated by its start.
    Delegation,
    /// An event, dated by its local start day.
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
    id: i32,
    item: TimelineItem,
}

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
        Some(Self { date, kind: TimelineKind::Project, id: model.id, item: TimelineItem::Project(Project(model)) })
    }

    /// The entry of a delegation, if it has a date.
    pub fn delegation(model: entity::delegation::Model) -> Option<Self> {
        let date = partial_date::PartialDate::from_columns(model.start_date, model.start_precision)?;
        Some(Self {
            date,
            kind: TimelineKind::Delegation,
            id: model.id,
            item: TimelineItem::Delegation(Delegation(model)),
        })
    }

    /// The entry of an event, on its local start day.
    pub fn event(model: entity::event::Model) -> Self {
        let day = match model.time_zone.parse::<chrono_tz::Tz>() {
            Ok(zone) => model.starts_at.with_timezone(&zone).date_naive(),
            Err(_) => model.starts_at.date_naive(),
        };
        let date = partial_date::PartialDate::new(day, DatePrecision::Day);
        Self { date, kind: TimelineKind::Event, id: model.id, item: TimelineItem::Event(Event(model)) }
    }

    /// The entry of a document, if it has a publication date.
    pub fn document(model: entity::document::Model) -> Option<Self> {
        let date = partial_date::PartialDate::from_columns(model.published_date, model.published_precision)?;
        Some(Self { date, kind: TimelineKind::Document, id: model.id, item: TimelineItem::Document(Document(model)) })
    }
}

/// The dated entries of these rows (rows without a date have none).
pub fn entries(
    projects: Vec<entity::project::Model>,
    delegations: Vec<entity::delegation::Model>,
    events: Vec<entity::event::Model>,
    documents: Vec<entity::document::Model>,
) -> Vec<TimelineEntry> {
    projects
        .into_iter()
        .filter_map(TimelineEntry::project)
        .chain(delegations.into_iter().filter_map(TimelineEntry::delegation))
        .chain(events.into_iter().map(TimelineEntry::event))
        .chain(documents.into_iter().filter_map(TimelineEntry::document))
        .collect()
}

/// The entries of the given kinds (all when `None`) whose dates overlap `period`, in date order, as a connection.
pub fn timeline_connection(
    ctx: &Context<'_>,
    entries: Vec<TimelineEntry>,
    kinds: Option<Vec<TimelineKind>>,
    period: Option<DateRangeInput>,
    args: PageArgs,
) -> AppResult<Conn<TimelineEntry>> {
    let from = period.and_then(|p| p.from).map(|d| d.0.first_day());
    let to = period.and_then(|p| p.to).map(|d| d.0.last_day());
    let mut entries: Vec<TimelineEntry> = entries
        .into_iter()
        .filter(|entry| kinds.as_ref().is_none_or(|kinds| kinds.contains(&entry.kind)))
        .filter(|entry| to.is_none_or(|to| entry.date.first_day() <= to))
        .filter(|entry| from.is_none_or(|from| entry.date.last_day() >= from))
        .collect();
    let key = |entry: &TimelineEntry| (entry.date.first_day(), entry.kind as u8, entry.id);
    entries.sort_by_key(key);
    entries.dedup_by_key(|entry| key(entry));
    slice_connection(ctx, entries, &args, key, |entry| entry)
}
