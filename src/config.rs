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
#[derive(Debug, Clone, Subcommand)]
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
    /// Write the whole knowledge base as one JSON document (the default), or a list of it as CSV (the rows its
    /// filter selects, streamed), to a file or standard output.
    Export {
        /// The format to write.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// What to list (CSV only).
        #[arg(long, value_enum, required_if_eq("format", "csv"))]
        table: Option<crate::export::CsvTable>,
        /// The filter of the GraphQL list, as JSON (`{"domains": ["CULTURE"]}`; CSV and IATI).
        #[arg(long)]
        filter: Option<String>,
        /// Start with a UTF-8 byte-order mark (for Excel; CSV only).
        #[arg(long)]
        bom: bool,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Import a document of `coopkb export` through the write path, in one transaction: every problem is reported
    /// and nothing written, or all of it is applied (rows matched by slug; importing twice changes nothing).
    Import {
        /// The document to import.
        file: std::path::PathBuf,
        /// Its format: a document of `coopkb export`, or IATI 2.03 activities (projects with their sources).
        #[arg(long, value_enum, default_value_t = ImportFormat::Json)]
        format: ImportFormat,
        /// Check everything and report what would change, without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Ingest a press release (Markdown or plain text): keep it as a document of its publisher with its mentions,
    /// print what was read and the facts it states, and with `--accept` write the proposals chosen.
    Ingest {
        /// The release.
        file: std::path::PathBuf,
        /// The slug of the organization that published it.
        #[arg(long)]
        publisher: String,
        /// The indexes of the proposed facts to write (`--accept 0,2`), as printed.
        #[arg(long, value_delimiter = ',')]
        accept: Vec<usize>,
    },
    /// Create, list and revoke the API tokens mutations are authorised by.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        action: TokenCommand,
    },
}

/// The formats `coopkb export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole knowledge base as one JSON document keyed by slugs, which `coopkb import` reads back.
    Json,
    /// Comma-separated values with a header row, UTF-8: one list (`--table`).
    Csv,
    /// Projects as IATI 2.03 activities (XML), the rows `--filter` selects.
    Iati,
}

/// The formats `coopkb import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A document of `coopkb export`.
    Json,
    /// IATI 2.03 activities (XML), from coopkb or another publisher.
    Iati,
}

/// What `coopkb token` does.
#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once (only its hash is stored).
    Create {
        /// The token's unique name, recorded as the author of its changes.
        #[arg(long)]
        name: String,
        /// What it may do: `editor` (create and update) or `admin` (also delete, restore and import).
        #[arg(long, value_enum)]
        role: TokenRole,
    },
    /// List the tokens: name, role, creation and revocation.
    List,
    /// Revoke a token by its name.
    Revoke {
        /// The token's name.
        #[arg(long)]
        name: String,
    },
}

/// The role of a new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TokenRole {
    /// Creates and updates.
    Editor,
    /// Also deletes, restores and imports.
    Admin,
}

impl From<TokenRole> for entity::Role {
    fn from(role: TokenRole) -> Self {
        match role {
            TokenRole::Editor => entity::Role::Editor,
            TokenRole::Admin => entity::Role::Admin,
        }
    }
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
    pub max_query_depth: u64,

    /// Highest cost of a query, in rows: each field counts once for every row the `first`/`last` of the
    /// connections (or the default page size) and the bounds of the lists above it multiply it by.
    #[arg(long, env = "COOPKB_MAX_QUERY_COST", default_value_t = 200_000, global = true)]
    pub max_query_cost: u64,

    /// Most fields a query may write, every fragment spread expanded where it is spread.
    #[arg(long, env = "COOPKB_MAX_QUERY_FIELDS", default_value_t = 2_000, global = true)]
    pub max_query_fields: u64,

    /// Most aliases a query may use, fragments expanded.
    #[arg(long, env = "COOPKB_MAX_QUERY_ALIASES", default_value_t = 200, global = true)]
    pub max_query_aliases: u64,

    /// Most directives a query may use, fragments expanded.
    #[arg(long, env = "COOPKB_MAX_QUERY_DIRECTIVES", default_value_t = 100, global = true)]
    pub max_query_directives: u64,

    /// Longest query text, in bytes (the body limit also counts variables).
    #[arg(long, env = "COOPKB_MAX_QUERY_BYTES", default_value_t = 100_000, global = true)]
    pub max_query_bytes: usize,

    /// Require a valid token (any role) for reads too; mutations always need one.
    #[arg(long, env = "COOPKB_REQUIRE_TOKEN_FOR_READS", global = true)]
    pub require_token_for_reads: bool,

    /// Most errors one response lists; the rest are summed up in a last error.
    #[arg(long, env = "COOPKB_MAX_ERRORS", default_value_t = 50, global = true)]
    pub max_errors: usize,

    /// Largest response body, in bytes; a larger answer is replaced by a `RESPONSE_TOO_LARGE` error.
    #[arg(long, env = "COOPKB_MAX_RESPONSE_BYTES", default_value_t = 8 * 1_048_576, global = true)]
    pub max_response_bytes: usize,

    /// Page size of a connection when the client gives neither `first` nor `last`.
    #[arg(long, env = "COOPKB_DEFAULT_PAGE_SIZE", default_value_t = 20, global = true)]
    pub default_page_size: usize,

    /// Largest `first` or `last` a client may ask for.
    #[arg(long, env = "COOPKB_MAX_PAGE_SIZE", default_value_t = 100, global = true)]
    pub max_page_size: usize,

    /// How many automatic persisted queries (by SHA-256) the server remembers; the least recently used go first.
    #[arg(long, env = "COOPKB_PERSISTED_QUERIES", default_value = "1000", global = true)]
    pub persisted_queries: NonZeroUsize,

    /// Most bytes of query text the persisted-query store holds; the least recently used go first.
    #[arg(long, env = "COOPKB_PERSISTED_QUERY_BYTES", default_value_t = 4 * 1_048_576, global = true)]
    pub persisted_query_bytes: usize,

    /// Longest time a client may take to send a request's headers, in seconds, counted from the connection's
    /// start or the end of its previous response (so it also closes idle HTTP/1 connections).
    #[arg(long, env = "COOPKB_HEADER_READ_TIMEOUT_SECS", default_value_t = 10, global = true)]
    pub header_read_timeout_secs: u64,

    /// Longest time a connection may stay open with no request under way, in seconds (HTTP/1 and HTTP/2).
    #[arg(long, env = "COOPKB_IDLE_TIMEOUT_SECS", default_value_t = 60, global = true)]
    pub idle_timeout_secs: u64,

    /// Most connections open at once; one more is answered 503 and closed.
    #[arg(long, env = "COOPKB_MAX_CONNECTIONS", default_value_t = 512, global = true)]
    pub max_connections: usize,

    /// Most GraphQL requests executed at once; more wait in a queue.
    #[arg(long, env = "COOPKB_MAX_CONCURRENT_EXECUTIONS", default_value_t = 32, global = true)]
    pub max_concurrent_executions: usize,

    /// Most GraphQL requests of one client (IP address) executed at once; more wait in the queue.
    #[arg(long, env = "COOPKB_MAX_EXECUTIONS_PER_CLIENT", default_value_t = 4, global = true)]
    pub max_executions_per_client: usize,

    /// Longest time a request waits in the queue for its turn, in milliseconds, before a 503 with `Retry-After`.
    #[arg(long, env = "COOPKB_QUEUE_TIMEOUT_MS", default_value_t = 2_000, global = true)]
    pub queue_timeout_ms: u64,

    /// Longest time `/readyz` waits for the database, in milliseconds, before answering 503.
    #[arg(long, env = "COOPKB_READY_TIMEOUT_MS", default_value_t = 1_000, global = true)]
    pub ready_timeout_ms: u64,

    /// Most WebSocket connections (subscriptions) open at once; one more is refused with 503.
    #[arg(long, env = "COOPKB_MAX_WEBSOCKETS", default_value_t = 1_024, global = true)]
    pub max_websockets: usize,

    /// Most subscriptions running at once on one WebSocket connection; one more gets an error.
    #[arg(long, env = "COOPKB_MAX_SUBSCRIPTIONS_PER_CONNECTION", default_value_t = 16, global = true)]
    pub max_subscriptions_per_connection: usize,

    /// Seconds between the pings the server sends on a WebSocket connection; a connection that answers nothing
    /// for two of these periods is closed, and one that sends no `connection_init` within one is closed too.
    #[arg(long, env = "COOPKB_WEBSOCKET_PING_SECS", default_value_t = 30, global = true)]
    pub websocket_ping_secs: u64,

    /// How many whole responses to queries the server keeps, keyed by query, variables and data version, so that
    /// clients refetching the same query after a change cost one execution (0: no cache).
    #[arg(long, env = "COOPKB_RESPONSE_CACHE_ENTRIES", default_value_t = 0, global = true)]
    pub response_cache_entries: usize,

    /// Most bytes of responses the response cache holds.
    #[arg(long, env = "COOPKB_RESPONSE_CACHE_BYTES", default_value_t = 64 * 1024 * 1024, global = true)]
    pub response_cache_bytes: usize,

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

    /// The interval between WebSocket pings.
    pub fn websocket_ping(&self) -> Duration {
        Duration::from_secs(self.websocket_ping_secs.max(1))
    }

    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// How long a request may wait for its turn to execute.
    pub fn queue_timeout(&self) -> Duration {
        Duration::from_millis(self.queue_timeout_ms)
    }

    /// The configuration with every default, on the given database: what tests and tools start from.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        let mut config = Cli::parse_from(["coopkb"]).config;
        config.database_url = database_url.into();
        config
    }
}
