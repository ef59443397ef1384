//! Queries of projects.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::types::Project;

/// Queries of projects.
#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// A project by its slug.
    async fn project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's slug.")] slug: String,
    ) -> AppResult<Option<Project>> {
        find_by_slug::<entity::project::Entity, _>(ctx, &slug, Project).await
    }

    /// Every project, in the order they were recorded.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Project>> {
        list_all::<entity::project::Entity, _>(ctx, PageArgs::new(after, before, first, last), Project).await
    }
}
