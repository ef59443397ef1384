//! The timeline of the whole knowledge base, for dashboards: items in date order, or counts per year or month.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, Object, SimpleObject};
use entity::SubjectKind;

use super::{database, summarized};
use crate::db::timeline::{self, Bucket, TimelineItem};
use crate::error::AppResult;
use crate::graphql::inputs::DateRangeInput;
use crate::graphql::pagination::{Conn, TotalCount, decode_cursor, encode_cursor, offset_window};
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::{TimelineEntry, TimelineKind, timeline_filter};
use crate::graphql::yielding::Yielding;
use crate::partial_date;

/// How finely `timelineBuckets` counts.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineBucketSize {
    /// One bucket per calendar year.
    Year,
    /// One bucket per calendar month.
    Month,
}

/// How many items of each kind fall in one year or month.
#[derive(SimpleObject, Clone, Debug)]
pub struct TimelineBucket {
    /// The year (`"2019"`) or month (`"2019-11"`).
    pub period: PartialDate,
    /// Projects starting in it.
    pub projects: u64,
    /// Delegations starting in it.
    pub delegations: u64,
    /// Events starting in it (UTC).
    pub events: u64,
    /// Documents published in it.
    pub documents: u64,
    /// All of them.
    pub total: u64,
}

/// The timeline of the whole knowledge base.
#[derive(Default)]
pub struct TimelineQuery;

#[Object]
impl TimelineQuery {
    /// Projects (by start), delegations (by start), events (by start day, UTC) and documents (by publication)
    /// in date order, read by the database page by page; items without a date are left out.
    #[allow(clippy::too_many_arguments)]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these kinds of items; all when absent.")] kinds: Option<Vec<TimelineKind>>,
        #[graphql(desc = "Only items dated within this range.")] period: Option<DateRangeInput>,
        #[graphql(desc = "Only the items of the partnership with this slug (documents: those it cites).")]
        partnership: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
    ) -> AppResult<Conn<TimelineEntry>> {
        let filter = timeline_filter(kinds, period, partnership)?;
        let position: Option<TimelineItem> = after.as_deref().map(|c| decode_cursor("after", c)).transpose()?;
        let (_, limit) = offset_window(ctx, None, first)?;
        let db = database(ctx)?.clone();
        let mut items = timeline::items(&db, &filter, position.as_ref(), limit + 1).await?;
        let has_next = items.len() as u64 > limit;
        items.truncate(limit as usize);
        let entries = async_graphql::futures_util::future::try_join_all(
            items.iter().map(|item| TimelineEntry::of_item(ctx, item)),
        )
        .await?;
        let count = TotalCount::Deferred(Arc::new(move || {
            let (db, filter) = (db.clone(), filter.clone());
            Box::pin(async move { Ok(timeline::count(&db, &filter).await?) })
        }));
        let mut connection = Connection::with_additional_fields(position.is_some(), has_next, count);
        connection.edges.extend(
            items
                .iter()
                .zip(entries)
                .filter_map(|(item, entry)| entry.map(|entry| Edge::new(encode_cursor(item), Yielding(entry)))),
        );
        Ok(connection)
    }

    /// How many projects, delegations, events and documents each year or month holds, in date order (only
    /// periods with items appear).
    async fn timeline_buckets(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Count per year or per month.")] bucket: TimelineBucketSize,
        #[graphql(desc = "Only these kinds of items; all when absent.")] kinds: Option<Vec<TimelineKind>>,
        #[graphql(desc = "Only items dated within this range.")] period: Option<DateRangeInput>,
        #[graphql(desc = "Only the items of the partnership with this slug.")] partnership: Option<String>,
    ) -> AppResult<Vec<TimelineBucket>> {
        let filter = timeline_filter(kinds, period, partnership)?;
        let size = if bucket == TimelineBucketSize::Year { Bucket::Year } else { Bucket::Month };
        let summary = format!("timelineBuckets {filter:?} {size:?}");
        let rows =
            summarized(ctx, summary, async move |snapshot| timeline::buckets(&snapshot, &filter, size).await).await?;
        let mut buckets: Vec<TimelineBucket> = Vec::new();
        for (label, kind, count) in rows.iter() {
            let (kind, count) = (*kind, *count);
            let parsed: Option<partial_date::PartialDate> = label.parse().ok();
            let Some(date) = parsed else { continue };
            if buckets.last().is_none_or(|last| last.period.0 != date) {
                buckets.push(TimelineBucket {
                    period: PartialDate(date),
                    projects: 0,
                    delegations: 0,
                    events: 0,
                    documents: 0,
                    total: 0,
                });
            }
            if let Some(current) = buckets.last_mut() {
                match kind {
                    SubjectKind::Project => current.projects += count,
                    SubjectKind::Delegation => current.delegations += count,
                    SubjectKind::Event => current.events += count,
                    _ => current.documents += count,
                }
                current.total += count;
            }
        }
        Ok(buckets)
    }
}
