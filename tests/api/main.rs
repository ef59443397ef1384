//! Integration tests: the real router on a migrated database, asserting on what a client sees.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod archive;
mod batching;
mod columns;
mod docs;
mod errors;
mod export;
mod filters;
mod fuzz;
mod geo;
mod helpers;
mod http;
mod ingest;
mod knowledge;
mod limits;
mod mutations;
mod ordering;
mod pagination;
mod plans;
mod relations;
mod schema;
mod search;
mod server;
mod sources;
mod startup;
mod statements;
mod stats;
mod subscriptions;
mod synthetic;
mod write_path;
