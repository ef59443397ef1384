//! Queries of partnerships.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::error::AppResult;
use crate::graphql::inputs::{PartnershipFilter, PartnershipOrder};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
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

    /// Partnerships, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn partnerships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which partnerships to list.")] filter: Option<PartnershipFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<PartnershipOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Partnership>> {
        let select = filter.unwrap_or_default().to_db()?.select();
        keyset_connection(
            ctx,
            select,
            PartnershipOrder::to_db(order_by),
            &PageArgs::new(after, before, first, last),
            Partnership,
        )
        .await
    }
}
