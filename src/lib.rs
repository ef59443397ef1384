//! coopkb: a GraphQL backend for a knowledge base of decentralised cooperation between local authorities.
//!
//! Layers, outside in: [`http`] (axum handlers) → [`graphql`] (thin resolvers, loaders) → [`db`] (SeaORM
//! functions, no GraphQL) → the `entity` crate. [`app`] assembles the router; [`knowledge`] loads the
//! built-in, sourced knowledge; [`write`] is the one write path and [`live`] streams what it commits to
//! subscribers; [`config`] is the one typed configuration.

pub mod app;
pub mod archive;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod export;
pub mod geo;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod knowledge;
pub mod live;
pub mod metrics;
pub mod money;
pub mod partial_date;
pub mod progress;
pub mod search_query;
pub mod synthetic;
pub mod task;
pub mod text;
pub mod vocabulary;
pub mod write;
