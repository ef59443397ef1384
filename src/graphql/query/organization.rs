//! Queries of organizations.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::error::AppResult;
use crate::graphql::inputs::{OrganizationFilter, OrganizationOrder};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
use crate::graphql::types::Organization;

/// Queries of organizations.
#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// An organization by its slug (`val-de-marne`, `jenin`).
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's slug.")] slug: String,
    ) -> AppResult<Option<Organization>> {
        find_by_slug::<entity::organization::Entity, _>(ctx, &slug, Organization).await
    }

    /// Organizations, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which organizations to list.")] filter: Option<OrganizationFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<OrganizationOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Organization>> {
        let select = filter.unwrap_or_default().to_db().select();
        keyset_connection(
            ctx,
            select,
            OrganizationOrder::to_db(order_by),
            &PageArgs::new(after, before, first, last),
            Organization,
        )
        .await
    }
}
