//! Queries of delegations.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
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

    /// Every delegation, in the order they were recorded.
    async fn delegations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Delegation>> {
        list_all::<entity::delegation::Entity, _>(ctx, PageArgs::new(after, before, first, last), Delegation).await
    }
}
