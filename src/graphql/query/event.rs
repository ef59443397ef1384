//! Queries of events.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::error::AppResult;
use crate::graphql::inputs::{EventFilter, EventOrder};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
use crate::graphql::types::{Event, Place};

/// Queries of events.
#[derive(Default)]
pub struct EventQuery;

#[Object]
impl EventQuery {
    /// An event by its slug.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's slug.")] slug: String,
    ) -> AppResult<Option<Event>> {
        find_by_slug::<entity::event::Entity, _>(ctx, &slug, Event).await
    }

    /// Events, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to list.")] filter: Option<EventFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<EventOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Event>> {
        let select = filter.unwrap_or_default().to_db()?.select();
        keyset_connection(ctx, select, EventOrder::to_db(order_by), &PageArgs::new(after, before, first, last), Event)
            .await
    }

    /// A place by its slug (`salle-rosa-parks`).
    async fn place(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The place's slug.")] slug: String,
    ) -> AppResult<Option<Place>> {
        find_by_slug::<entity::place::Entity, _>(ctx, &slug, Place).await
    }
}
