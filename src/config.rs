//! The one typed configuration of coopkb, read from command-line flags and environment variables.

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// coopkb: a GraphQL knowledge base of decentralised cooperation between local authorities.
#[derive(Debug, Parser)]
#[command(name = "coopkb", version, about, long_about = None)]
pub struct Cli {
    /// Settings shared by every subcommand.
    #[command(flatten)]
    pub config: Config,
    /// What to do (default: `serve`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A subcommand of the `coopkb` binary.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum Command {
    /// Migrate the database, load the built-in knowledge if it is empty, and serve the API (the default).
    Serve,
    /// Apply every pending schema migration, then exit.
    Migrate,
    /// Migrate, then load the built-in knowledge into the database (refused if it is already there), or with
    /// `--synthetic`, generate a synthetic data set for benchmarks instead.
    Seed {
        /// Generate synthetic data (every row marked `synthetic`) instead of loading the built-in knowledge.
        #[arg(long)]
        synthetic: bool,
        /// Size of the synthetic data set: scale 1 has 5,000 projects, scale 20 has 100,000.
        #[arg(long, default_value_t = 1, requires = "synthetic")]
        scale: u32,
        /// Generate synthetic data even into a database holding real knowledge.
        #[arg(long, requires = "synthetic")]
        allow_real: bool,
    },
    /// Print the GraphQL schema (SDL) on standard output.
    Schema,
}

/// Every setting of coopkb; each flag can also be given as the environment variable named in `--help`.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database URL: `sqlite://FILE?mode=rwc` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://coopkb.db?mode=rwc", global = true)]
    pub database_url: String,

    /// Address and port the server listens on.
    #[arg(long, env = "COOPKB_BIND", default_value = "127.0.0.1:8000", global = true)]
    pub bind: SocketAddr,

    /// Log filter, in `tracing` EnvFilter syntax (`info`, `coopkb=debug,tower_http=debug`).
    #[arg(long, env = "COOPKB_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Origins allowed to call the API from a browser, comma-separated; empty allows any origin (without credentials).
    #[arg(long, env = "COOPKB_CORS_ORIGINS", value_delimiter = ',', global = true)]
    pub cors_origins: Vec<String>,

    /// Largest request body accepted, in bytes; a larger one gets 413.
    #[arg(long, env = "COOPKB_MAX_BODY_BYTES", default_value_t = 1_048_576, global = true)]
    pub max_body_bytes: usize,

    /// Longest time a request may take, in seconds; a slower one gets 408.
    #[arg(long, env = "COOPKB_REQUEST_TIMEOUT_SECS", default_value_t = 30, global = true)]
    pub request_timeout_secs: u64,

    /// Deepest nesting of fields a query may have.
    #[arg(long, env = "COOPKB_MAX_QUERY_DEPTH", default_value_t = 16, global = true)]
    pub max_query_depth: usize,

    /// Highest complexity (roughly, the number of fields it may resolve) a query may have.
    #[arg(long, env = "COOPKB_MAX_QUERY_COMPLEXITY", default_value_t = 5_000, global = true)]
    pub max_query_complexity: usize,

    /// Page size of a connection when the client gives neither `first` nor `last`.
    #[arg(long, env = "COOPKB_DEFAULT_PAGE_SIZE", default_value_t = 20, global = true)]
    pub default_page_size: usize,

    /// Largest `first` or `last` a client may ask for.
    #[arg(long, env = "COOPKB_MAX_PAGE_SIZE", default_value_t = 100, global = true)]
    pub max_page_size: usize,

    /// How many automatic persisted queries (by SHA-256) the server remembers; the least recently used go first.
    #[arg(long, env = "COOPKB_PERSISTED_QUERIES", default_value = "1000", global = true)]
    pub persisted_queries: NonZeroUsize,

    /// Largest number of database connections the server keeps open; by default 10 on PostgreSQL, and on SQLite
    /// one more than the number of CPUs (SQLite works in the connections' own threads, and each connection
    /// keeps its own page and statement caches in the server's memory).
    #[arg(long, env = "COOPKB_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,
}

impl Config {
    /// How many database connections to keep open at most (see `db_max_connections`).
    pub fn db_pool_size(&self) -> u32 {
        self.db_max_connections.unwrap_or_else(|| {
            if self.database_url.starts_with("sqlite:") {
                std::thread::available_parallelism().map_or(2, |cpus| u32::try_from(cpus.get()).unwrap_or(u32::MAX)) + 1
            } else {
                10
            }
        })
    }

    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The configuration with every default, on the given database: what tests and tools start from.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        let mut config = Cli::parse_from(["coopkb"]).config;
        config.database_url = database_url.into();
        config
    }
}
