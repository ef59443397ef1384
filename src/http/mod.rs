//! HTTP endpoints: GraphQL over HTTP, the GraphiQL playground and its assets, map data, health probes.

pub mod geo;
pub mod graphiql;
pub mod graphql;
pub mod health;
pub mod persisted;
