//! Aggregations for dashboards, answered by the database with GROUP BY once per data version and then kept
//! (see [`crate::db::summary`]).

use async_graphql::{Context, Object};

use super::summarized;
use crate::db::stats::{self, ActivityKey};
use crate::error::{AppError, AppResult};
use crate::graphql::inputs::{DelegationFilter, EventFilter, ProjectFilter};
use crate::graphql::types::stats::{
    DelegationBucket, DelegationGroupBy, EventBucket, EventGroupBy, Overview, ProjectBucket, ProjectGroupBy,
    activity_keys,
};

/// Aggregations for dashboards.
#[derive(Default)]
pub struct StatsQuery;

fn check_keys<T: PartialEq>(keys: &[T]) -> AppResult<()> {
    if keys.is_empty() || keys.len() > 2 {
        return Err(AppError::bad_input("groupBy", "give one or two keys"));
    }
    if keys.len() == 2 && keys[0] == keys[1] {
        return Err(AppError::bad_input("groupBy", "the two keys must differ"));
    }
    Ok(())
}

#[Object]
impl StatsQuery {
    /// Projects matching `filter`, grouped by one or two keys, each bucket with its project count, budget sums
    /// by currency and years. A project counts once per bucket it falls in: in each of its domains, in each
    /// country and organization it has participants from, and in the year its period starts.
    async fn project_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to count (the same filter as `projects`).")] filter: Option<ProjectFilter>,
        #[graphql(desc = "One or two keys to group by.")] group_by: Vec<ProjectGroupBy>,
        #[graphql(desc = "When grouped by year: a bucket of zero projects for each year without any between the \
                          first and the last (for each value of the other key), so a chart's axis has no gaps \
                          (default: false).")]
        fill_empty_years: Option<bool>,
    ) -> AppResult<Vec<ProjectBucket>> {
        check_keys(&group_by)?;
        let keys: Vec<stats::ProjectKey> = group_by.iter().map(|key| key.to_db()).collect();
        let filter = filter.unwrap_or_default().to_db()?;
        let summary = format!("projectStats {filter:?} {keys:?}");
        let grouping = keys.clone();
        let buckets =
            summarized(ctx, summary, async move |snapshot| stats::project_buckets(&snapshot, &filter, &grouping).await)
                .await?;
        let mut buckets = Vec::clone(&buckets);
        if fill_empty_years.unwrap_or(false) {
            buckets = stats::with_empty_years(buckets, &keys);
        }
        Ok(buckets.into_iter().map(|bucket| ProjectBucket::new(&keys, bucket)).collect())
    }

    /// Delegations matching `filter`, counted by year and/or direction.
    async fn delegation_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which delegations to count.")] filter: Option<DelegationFilter>,
        #[graphql(desc = "One or two keys to group by.")] group_by: Vec<DelegationGroupBy>,
    ) -> AppResult<Vec<DelegationBucket>> {
        check_keys(&group_by)?;
        let keys: Vec<ActivityKey> = group_by
            .iter()
            .map(|key| match key {
                DelegationGroupBy::Year => ActivityKey::Year,
                DelegationGroupBy::Direction => ActivityKey::Kind,
            })
            .collect();
        let filter = filter.unwrap_or_default().to_db()?;
        let summary = format!("delegationStats {filter:?} {keys:?}");
        let grouping = keys.clone();
        let buckets = summarized(ctx, summary, async move |snapshot| {
            stats::delegation_buckets(&snapshot, &filter, &grouping).await
        })
        .await?;
        Ok(buckets
            .iter()
            .map(|bucket| {
                let (year, direction) = activity_keys(&keys, bucket);
                let direction = direction
                    .and_then(|d| <entity::DelegationDirection as sea_orm::ActiveEnum>::try_from_value(&d).ok())
                    .map(Into::into);
                DelegationBucket { year, direction, count: bucket.count }
            })
            .collect())
    }

    /// Events matching `filter`, counted by year and/or kind.
    async fn event_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to count.")] filter: Option<EventFilter>,
        #[graphql(desc = "One or two keys to group by.")] group_by: Vec<EventGroupBy>,
    ) -> AppResult<Vec<EventBucket>> {
        check_keys(&group_by)?;
        let keys: Vec<ActivityKey> = group_by
            .iter()
            .map(|key| match key {
                EventGroupBy::Year => ActivityKey::Year,
                EventGroupBy::Kind => ActivityKey::Kind,
            })
            .collect();
        let filter = filter.unwrap_or_default().to_db()?;
        let summary = format!("eventStats {filter:?} {keys:?}");
        let grouping = keys.clone();
        let buckets =
            summarized(ctx, summary, async move |snapshot| stats::event_buckets(&snapshot, &filter, &grouping).await)
                .await?;
        Ok(buckets
            .iter()
            .map(|bucket| {
                let (year, kind) = activity_keys(&keys, bucket);
                let kind = kind
                    .and_then(|k| <entity::EventKind as sea_orm::ActiveEnum>::try_from_value(&k).ok())
                    .map(Into::into);
                EventBucket { year, kind, count: bucket.count }
            })
            .collect())
    }

    /// The knowledge base at a glance: how many of each record, the years covered, and how many facts are
    /// sourced and unsourced.
    async fn overview(&self, ctx: &Context<'_>) -> AppResult<Overview> {
        let overview = summarized(ctx, "overview".to_owned(), async |snapshot| {
            Ok((stats::sourcing(&snapshot).await?, stats::years(&snapshot).await?))
        })
        .await?;
        let (sourcing, years) = overview.as_ref().clone();
        Ok(Overview::new(sourcing, years))
    }
}
