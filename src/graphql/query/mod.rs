//! The root `Query`, merged from one object per domain.

mod citation;
mod delegation;
mod document;
mod event;
mod geo;
mod history;
mod node;
mod organization;
mod partnership;
mod project;
mod search;
mod stats;
mod timeline;
mod vocabulary;

use async_graphql::{Context, MergedObject};

use crate::db::{self, Slugged};
use crate::error::AppResult;

/// Every query of the API.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    organization::OrganizationQuery,
    partnership::PartnershipQuery,
    project::ProjectQuery,
    delegation::DelegationQuery,
    event::EventQuery,
    document::DocumentQuery,
    vocabulary::VocabularyQuery,
    search::SearchQueryRoot,
    stats::StatsQuery,
    geo::GeoQuery,
    timeline::TimelineQuery,
    history::HistoryQuery,
    citation::CitationQuery,
);

use crate::graphql::{database, summarized};

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
