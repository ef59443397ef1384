//! The root `Query`, merged from one object per domain.

mod delegation;
mod document;
mod event;
mod organization;
mod partnership;
mod project;

use async_graphql::{Context, MergedObject, OutputType};
use sea_orm::DatabaseConnection;

use crate::db::{self, Keyed, Slugged};
use crate::error::{AppError, AppResult};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};

/// Every query of the API.
#[derive(MergedObject, Default)]
pub struct Query(
    organization::OrganizationQuery,
    partnership::PartnershipQuery,
    project::ProjectQuery,
    delegation::DelegationQuery,
    event::EventQuery,
    document::DocumentQuery,
);

fn database<'a>(ctx: &'a Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>().map_err(|_| AppError::Internal("the schema has no database".to_owned()))
}

/// The row of `E` with `slug`, wrapped as a GraphQL object.
async fn find_by_slug<E, Node>(
    ctx: &Context<'_>,
    slug: &str,
    node: impl Fn(E::Model) -> Node,
) -> AppResult<Option<Node>>
where
    E: Slugged,
{
    Ok(db::by_slug::<E>(database(ctx)?, slug).await?.map(node))
}

/// Every row of `E`, as a connection in id order.
async fn list_all<E, Node>(ctx: &Context<'_>, args: PageArgs, node: impl Fn(E::Model) -> Node) -> AppResult<Conn<Node>>
where
    E: Keyed + Send + Sync + 'static,
    E::Model: Send + Sync,
    E::Column: std::fmt::Debug,
    Node: OutputType,
{
    keyset_connection(ctx, E::find(), Default::default(), &args, node).await
}
