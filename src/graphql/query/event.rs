//! Queries of events.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
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

    /// Every event, in the order they were recorded.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Event>> {
        list_all::<entity::event::Entity, _>(ctx, PageArgs::new(after, before, first, last), Event).await
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
