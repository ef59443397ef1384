//! HTTP endpoints: GraphQL over HTTP and over WebSocket, the GraphiQL playground and its assets, map data, health probes.

pub mod admission;
pub mod connections;
pub mod export;
pub mod geo;
pub mod graphiql;
pub mod graphql;
pub mod health;
pub mod persisted;
pub mod response_cache;
pub mod websocket;
