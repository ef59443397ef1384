//! Queries of organizations.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
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

    /// Every organization, in the order they were recorded.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Organization>> {
        list_all::<entity::organization::Entity, _>(ctx, PageArgs::new(after, before, first, last), Organization).await
    }
}
