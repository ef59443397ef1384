//! Full-text search across the knowledge base.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object};
use sea_orm::DatabaseConnection;

use super::database;
use crate::db::search;
use crate::error::{AppError, AppResult};
use crate::graphql::pagination::{Conn, TotalCount, offset_cursor, offset_window};
use crate::graphql::types::{SearchHit, SearchKind};
use crate::graphql::yielding::Yielding;
use crate::search_query::SearchQuery;

/// Full-text search.
#[derive(Default)]
pub struct SearchQueryRoot;

#[Object]
impl SearchQueryRoot {
    /// Records matching `query`, best first: organizations (by any of their names, in any script), partnerships,
    /// projects, delegations, events, places and documents (by their text and by every spelling of what they
    /// mention). Words must all match, ignoring case and accents; `"quoted words"` must follow each other;
    /// `word*` matches any word starting with it. A title match ranks above a match in other names, which ranks
    /// above a match in the body. Pages forward with `first` and `after`.
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to search for: words, \"phrases\", prefix* words.")] query: String,
        #[graphql(desc = "Only these kinds of records; all when absent.")] kinds: Option<Vec<SearchKind>>,
        #[graphql(desc = "The first n results.")] first: Option<i32>,
        #[graphql(desc = "Results after this cursor.")] after: Option<String>,
    ) -> AppResult<Conn<SearchHit>> {
        let parsed = SearchQuery::parse(&query).map_err(|e| AppError::bad_input("query", e))?;
        let kinds: Vec<entity::SubjectKind> =
            kinds.unwrap_or_default().into_iter().map(SearchKind::subject_kind).collect();
        let (offset, limit) = offset_window(ctx, after, first)?;
        let db: DatabaseConnection = database(ctx)?.clone();
        let mut hits = search::search(&db, &parsed, &kinds, limit + 1, offset).await?;
        let has_next = hits.len() as u64 > limit;
        hits.truncate(limit as usize);
        let count = {
            let (parsed, kinds) = (parsed.clone(), kinds.clone());
            TotalCount::Deferred(Arc::new(move || {
                let (db, parsed, kinds) = (db.clone(), parsed.clone(), kinds.clone());
                Box::pin(async move { Ok(search::count(&db, &parsed, &kinds).await?) })
            }))
        };
        let mut connection = Connection::with_additional_fields(offset > 0, has_next, count);
        connection.edges.extend(hits.into_iter().enumerate().map(|(index, hit)| {
            Edge::new(offset_cursor(offset + index as u64), Yielding(SearchHit::new(hit, parsed.clone())))
        }));
        Ok(connection)
    }
}
