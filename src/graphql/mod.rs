//! The GraphQL schema: queries per domain, output types wrapping entity models, loaders and pagination.

pub mod batching;
pub mod columns;
pub mod ids;
pub mod inputs;
pub mod lang;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod pagination;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod types;
pub mod yielding;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::{Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;
use std::num::NonZeroUsize;

use std::sync::Arc;

use crate::config::Config;
use crate::db::summary::Summaries;
use crate::error::ErrorCodes;
use crate::error::{AppError, AppResult};
use crate::live::ChangeHub;
use crate::metrics::Metrics;
use crate::write::ChangeFeed;
use batching::RequestActivity;
use limits::shape::SchemaShape;
use limits::{QueryLimits, RequestLimits, Schemas};
use loaders::{DbLoader, RequestLoader};
use mutation::Mutation;
use pagination::PageLimits;
use query::Query;
use subscription::Subscription;
use yielding::ResolvedNodes;

/// The coopkb GraphQL schema (built twice: see [`Schemas`]).
pub type AppSchema = Schemas<Query, Mutation, Subscription>;

fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    pagination::describe_connections(Schema::build(Query::default(), Mutation::default(), Subscription))
        // No field returns `Sourced` itself; registering it lists it with its implementations.
        .register_output_type::<types::Sourced>()
}

/// Builds the schema serving `db`, with the page sizes of `config`, announcing the changes mutations commit on
/// `feed`, streaming committed changes from `hub` (executions go through [`request_limits`]).
pub fn build_schema(db: DatabaseConnection, config: &Config, feed: ChangeFeed, hub: ChangeHub) -> AppSchema {
    let summaries = Arc::new(Summaries::new(SUMMARIES_KEPT));
    Schemas::new(|| {
        builder()
            // Directives per field; the query's limits count them across the query.
            .limit_directives(8)
            .data(PageLimits { default: config.default_page_size, max: config.max_page_size })
            .data(db.clone())
            .data(summaries.clone())
            .data(feed.clone())
            .data(hub.clone())
    })
}

/// The limits and error codes every execution on `schema` passes through, as `config` sets them, counting
/// errors in `metrics`.
pub fn request_limits(schema: &AppSchema, config: &Config, metrics: Arc<Metrics>) -> RequestLimits {
    // The schema's own SDL, rather than a second schema built for it at start-up.
    let shape = SchemaShape::from_sdl(&schema.strict().sdl());
    RequestLimits::new(QueryLimits::from_config(config), shape, ErrorCodes::counting(metrics))
}

/// How many aggregations (of distinct arguments) the server keeps for the current data version.
const SUMMARIES_KEPT: NonZeroUsize = NonZeroUsize::new(64).unwrap();

/// The database the schema serves, from the request context.
pub fn database<'a>(ctx: &'a async_graphql::Context<'_>) -> AppResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>().map_err(|_| AppError::Internal("the schema has no database".to_owned()))
}

/// The summary named `key` at the current data version, kept or computed by `compute` (see [`Summaries::get`]).
pub async fn summarized<T, Computing>(
    ctx: &async_graphql::Context<'_>,
    key: String,
    compute: impl FnOnce(sea_orm::DatabaseTransaction) -> Computing,
) -> AppResult<Arc<T>>
where
    T: Send + Sync + 'static,
    Computing: Future<Output = Result<T, sea_orm::DbErr>>,
{
    let summaries =
        ctx.data::<Arc<Summaries>>().map_err(|_| AppError::Internal("the schema has no summaries".to_owned()))?;
    Ok(summaries.get(database(ctx)?, key, compute).await?)
}

/// The most keys one batched statement carries.
pub const MAX_KEYS_PER_STATEMENT: usize = 20_000;

/// The per-request DataLoaders over `db` (nothing is shared across requests), made when a resolver first needs
/// them (a request that loads nothing, `{ __typename }` or a page without relations, does not pay for them): each
/// batch closes when `activity` says the request is idle, and rows loaded once are not loaded again within the
/// request.
pub struct RequestLoaders {
    db: DatabaseConnection,
    activity: Arc<RequestActivity>,
    loader: std::sync::OnceLock<Arc<RequestLoader>>,
}

impl RequestLoaders {
    /// The loaders of a request over `db` whose activity is `activity`.
    pub fn new(db: &DatabaseConnection, activity: &Arc<RequestActivity>) -> Self {
        Self { db: db.clone(), activity: activity.clone(), loader: std::sync::OnceLock::new() }
    }

    /// The request's DataLoader.
    pub fn get(&self) -> &Arc<RequestLoader> {
        self.loader.get_or_init(|| {
            Arc::new(
                DataLoader::with_cache(
                    DbLoader::new(self.db.clone()),
                    self.activity.spawner(),
                    HashMapCache::default(),
                )
                .delay(std::time::Duration::ZERO)
                // One statement per level up to this many keys (below SQLite's and PostgreSQL's parameter
                // limits); a level with more rows is loaded in several statements.
                .max_batch_size(MAX_KEYS_PER_STATEMENT),
            )
        })
    }
}

/// Executes `request` on `schema` within `limits` for `caller` (the holder of the request's valid token, if any),
/// with fresh per-request DataLoaders over `db`.
pub async fn execute(
    schema: &AppSchema,
    limits: &RequestLimits,
    db: &DatabaseConnection,
    caller: Option<crate::auth::Caller>,
    request: async_graphql::Request,
) -> async_graphql::Response {
    let activity = RequestActivity::new();
    let mut request = request.data(RequestLoaders::new(db, &activity)).data(ResolvedNodes::default());
    if let Some(caller) = caller {
        request = request.data(caller);
    }
    activity.track(limits.execute(schema, request)).await
}

/// The schema in SDL, types and fields sorted, as committed in `schema.graphql`.
pub fn sdl() -> String {
    let options = async_graphql::SDLExportOptions::new()
        .sorted_fields()
        .sorted_arguments()
        .sorted_enum_items()
        .include_specified_by();
    builder().finish().sdl_with_options(options)
}
