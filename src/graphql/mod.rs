//! The GraphQL schema: queries per domain, output types wrapping entity models, loaders and pagination.

pub mod ids;
pub mod inputs;
pub mod lang;
pub mod loaders;
pub mod pagination;
pub mod query;
pub mod scalars;
pub mod types;

use async_graphql::dataloader::DataLoader;
use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::error::ErrorCodes;
use loaders::DbLoader;
use pagination::PageLimits;
use query::Query;

/// The coopkb GraphQL schema.
pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        // No field returns `Sourced` itself; registering it lists it with its implementations.
        .register_output_type::<types::Sourced>()
        .extension(ErrorCodes)
}

/// Builds the schema serving `db`, with the limits of `config`.
pub fn build_schema(db: DatabaseConnection, config: &Config) -> AppSchema {
    builder()
        .limit_depth(config.max_query_depth)
        .limit_complexity(config.max_query_complexity)
        .data(PageLimits { default: config.default_page_size, max: config.max_page_size })
        .data(db)
        .finish()
}

/// The per-request data a query needs: a fresh set of DataLoaders over `db`, so nothing is cached across requests.
pub fn request_loader(db: &DatabaseConnection) -> DataLoader<DbLoader> {
    DataLoader::new(DbLoader::new(db.clone()), tokio::spawn)
}

/// The schema in SDL, types and fields sorted, as committed in `schema.graphql`.
pub fn sdl() -> String {
    let options = async_graphql::SDLExportOptions::new().sorted_fields().sorted_arguments().sorted_enum_items();
    builder().finish().sdl_with_options(options)
}
