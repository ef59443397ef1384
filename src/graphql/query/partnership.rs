//! Queries of partnerships.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::types::Partnership;

/// Queries of partnerships.
#[derive(Default)]
pub struct PartnershipQuery;

#[Object]
impl PartnershipQuery {
    /// A partnership by its slug.
    async fn partnership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partnership's slug.")] slug: String,
    ) -> AppResult<Option<Partnership>> {
        find_by_slug::<entity::partnership::Entity, _>(ctx, &slug, Partnership).await
    }

    /// Every partnership, in the order they were recorded.
    async fn partnerships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Partnership>> {
        list_all::<entity::partnership::Entity, _>(ctx, PageArgs::new(after, before, first, last), Partnership).await
    }
}
