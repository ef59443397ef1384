//! Queries of delegations.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::error::AppResult;
use crate::graphql::inputs::{DelegationFilter, DelegationOrder};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
use crate::graphql::types::Delegation;

/// Queries of delegations.
#[derive(Default)]
pub struct DelegationQuery;

#[Object]
impl DelegationQuery {
    /// A delegation by its slug.
    async fn delegation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The delegation's slug.")] slug: String,
    ) -> AppResult<Option<Delegation>> {
        find_by_slug::<entity::delegation::Entity, _>(ctx, &slug, Delegation).await
    }

    /// Delegations, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn delegations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which delegations to list.")] filter: Option<DelegationFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<DelegationOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Delegation>> {
        let select = filter.unwrap_or_default().to_db()?.select();
        keyset_connection(
            ctx,
            select,
            DelegationOrder::to_db(order_by),
            &PageArgs::new(after, before, first, last),
            Delegation,
        )
        .await
    }
}
