//! HTTP endpoints: GraphQL over HTTP, the GraphiQL playground and its assets, health probes.

pub mod graphiql;
pub mod graphql;
pub mod health;
