//! Queries of projects.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::error::AppResult;
use crate::graphql::inputs::{ProjectFilter, ProjectOrder};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
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

    /// Projects, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which projects to list.")] filter: Option<ProjectFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<ProjectOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Project>> {
        let select = filter.unwrap_or_default().to_db()?.select();
        keyset_connection(
            ctx,
            select,
            ProjectOrder::to_db(order_by),
            &PageArgs::new(after, before, first, last),
            Project,
        )
        .await
    }
}
