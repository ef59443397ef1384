//! The application: shared state, the HTTP router with its middleware, and serving with graceful shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode, header};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};

use crate::config::Config;
use crate::db::dialect::DatabaseFile;
use crate::error::StartupError;
use crate::graphql::limits::RequestLimits;
use crate::graphql::{AppSchema, build_schema, request_limits};
use crate::http;
use crate::http::admission::Admission;
use crate::http::connections::{self, ConnectionLimits};
use crate::http::persisted::PersistedQueries;
use crate::http::response_cache::ResponseCache;
use crate::http::websocket::WebSocketSlots;
use crate::live::ChangeHub;
use crate::metrics::{self, Metrics, TrackLayer};
use crate::write::ChangeFeed;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every request handler shares (see [`SharedState`]); a clone is one reference count, and handlers clone
/// it several times a request.
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// What every request handler shares: the database pool, the schema and the metrics.
pub struct SharedState {
    /// The database connection pool.
    pub db: DatabaseConnection,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// The limits and error codes every execution on the schema passes through.
    pub limits: RequestLimits,
    /// The process's metrics.
    pub metrics: Arc<Metrics>,
    /// The queries clients registered by hash (automatic persisted queries).
    pub persisted: Arc<PersistedQueries>,
    /// The slots GraphQL executions wait for.
    pub admission: Arc<Admission>,
    /// The configuration the server runs with.
    pub config: Arc<Config>,
    /// The SQLite file the server opened, if it runs on one.
    pub database_file: Option<DatabaseFile>,
    /// Where the changes this server commits are announced.
    pub feed: ChangeFeed,
    /// The committed changes of every server, for this server's subscribers.
    pub hub: ChangeHub,
    /// The WebSocket connections open.
    pub websockets: Arc<WebSocketSlots>,
    /// Whole answers to queries by data version, when configured.
    pub response_cache: Option<Arc<ResponseCache>>,
}

impl AppState {
    /// The state serving `db` with the limits of `config`; `metrics` must be the ones `db` reports statements to.
    pub fn new(db: DatabaseConnection, config: &Config, metrics: Arc<Metrics>) -> Self {
        let feed = ChangeFeed::default();
        let hub = ChangeHub::new(db.clone(), feed.clone());
        let schema = build_schema(db.clone(), config, feed.clone(), hub.clone());
        let limits = request_limits(&schema, config, metrics.clone());
        let persisted = Arc::new(PersistedQueries::new(config.persisted_queries, config.persisted_query_bytes));
        let admission = Arc::new(Admission::from_config(config));
        let database_file = DatabaseFile::of_url(&config.database_url);
        let websockets = Arc::new(WebSocketSlots::new(config.max_websockets));
        let response_cache =
            ResponseCache::new(config.response_cache_entries, config.response_cache_bytes).map(Arc::new);
        Self(Arc::new(SharedState {
            db,
            schema,
            limits,
            metrics,
            persisted,
            admission,
            config: Arc::new(config.clone()),
            database_file,
            feed,
            hub,
            websockets,
            response_cache,
        }))
    }
}

/// Request ids unique across servers and restarts without a random draw per request (a system call for a UUID):
/// a random prefix drawn when the server starts, then a counter, both in hexadecimal (`0123456789abcdef-2a`).
#[derive(Clone)]
struct SequentialRequestIds {
    prefix: [u8; 16],
    next: Arc<AtomicU64>,
}

/// The last `out.len()` hexadecimal digits of `value`, written into `out`.
fn write_hex(value: u64, out: &mut [u8]) {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (position, digit) in out.iter_mut().rev().enumerate() {
        *digit = HEX_DIGITS[(value >> (4 * position) & 0xf) as usize];
    }
}

impl SequentialRequestIds {
    fn new() -> Self {
        // Without randomness (never seen), ids stay unique within the process.
        let mut prefix = [0; 16];
        write_hex(getrandom::u64().unwrap_or_default(), &mut prefix);
        Self { prefix, next: Arc::new(AtomicU64::new(0)) }
    }
}

impl MakeRequestId for SequentialRequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        // Written by hand: `format!` costs more than the rest of the id's making, on every request.
        let sequence = self.next.fetch_add(1, Ordering::Relaxed);
        let digits = (u64::BITS - sequence.leading_zeros()).div_ceil(4).max(1) as usize;
        let mut id = [0u8; 33];
        id[..16].copy_from_slice(&self.prefix);
        id[16] = b'-';
        write_hex(sequence, &mut id[17..17 + digits]);
        HeaderValue::from_bytes(&id[..17 + digits]).ok().map(RequestId::new)
    }
}

fn cors(config: &Config) -> CorsLayer {
    let origins: Vec<HeaderValue> = config
        .cors_origins
        .iter()
        .filter(|origin| !origin.trim().is_empty())
        .filter_map(|origin| match HeaderValue::from_str(origin.trim()) {
            Ok(value) => Some(value),
            Err(_) => {
                tracing::warn!(origin, "ignoring an invalid CORS origin");
                None
            }
        })
        .collect();
    let allow_origin = if origins.is_empty() { AllowOrigin::any() } else { AllowOrigin::list(origins) };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_headers([REQUEST_ID])
        .max_age(Duration::from_secs(3600))
}

/// The router of the whole service, with its middleware; tests call it directly.
pub fn router(state: AppState, config: &Config) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let request_id = request.headers().get(REQUEST_ID).and_then(|id| id.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %request_id)
        })
        // A 503 under load is the server shedding work as configured, not a fault; internal errors are logged
        // at ERROR, with their detail, where they happen.
        .on_failure(DefaultOnFailure::new().level(tracing::Level::WARN));
    let track = TrackLayer::new(state.metrics.clone());
    let routes = Router::new()
        .route("/", get(http::graphiql::page))
        .route("/graphql", get(http::graphql::get).post(http::graphql::post))
        .route("/graphiql/{file}", get(http::graphiql::asset))
        .route("/geo/organizations.geojson", get(http::geo::organizations))
        .route("/export/{file}", get(http::export::export))
        .route("/healthz", get(http::health::healthz))
        .route("/readyz", get(http::health::readyz))
        .route("/metrics", get(metrics::endpoint).with_state(state.metrics.clone()))
        .with_state(state);
    // One stack around each route (and the fallback): `Router::layer` with each layer on its own would box each
    // around each route, and a single service around a second router would route every request twice.
    let middleware = ServiceBuilder::new()
        .layer(track)
        .layer(SetRequestIdLayer::new(REQUEST_ID, SequentialRequestIds::new()))
        .layer(trace)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(cors(config))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.request_timeout()))
        // A compressing body holds an encoder of each kind inline, and every layer above would move it:
        // boxed once, here.
        .map_response(|response: Response<_>| response.map(Body::new))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes));
    routes.layer(middleware)
}

/// Connects, migrates, loads the built-in knowledge into an empty database, and returns the state.
pub async fn prepare(config: &Config) -> Result<AppState, StartupError> {
    let metrics = Metrics::new();
    let mut db = crate::db::connect(&config.database_url, config.db_pool_size()).await?;
    let statements = metrics.clone();
    db.set_metric_callback(move |info| statements.record_statement(info.elapsed, info.failed));
    if let Some(report) = crate::knowledge::migrate_and_load_if_empty(&db).await? {
        tracing::info!(?report, "loaded the built-in knowledge into the empty database");
    }
    Ok(AppState::new(db, config, metrics))
}

/// Serves the API on `config.bind` until SIGTERM or Ctrl-C, then finishes the requests under way.
pub async fn serve(config: &Config) -> Result<(), StartupError> {
    let state = prepare(config).await?;
    let listener = TcpListener::bind(config.bind).await?;
    tracing::info!(address = %listener.local_addr()?, "coopkb is serving GraphQL at /graphql");
    connections::serve(listener, router(state, config), ConnectionLimits::from_config(config), shutdown_signal())
        .await?;
    tracing::info!("coopkb stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_the_prefix_and_the_counter_in_hexadecimal() {
        let mut ids = SequentialRequestIds::new();
        ids.prefix = *b"0123456789abcdef";
        let request = Request::new(());
        let id = |ids: &mut SequentialRequestIds| {
            let id = ids.make_request_id(&request).expect("an id");
            id.header_value().to_str().expect("ASCII").to_owned()
        };
        assert_eq!(id(&mut ids), "0123456789abcdef-0");
        assert_eq!(id(&mut ids), "0123456789abcdef-1");
        ids.next.store(0x2a, Ordering::Relaxed);
        assert_eq!(id(&mut ids), "0123456789abcdef-2a");
        ids.next.store(u64::MAX, Ordering::Relaxed);
        assert_eq!(id(&mut ids), "0123456789abcdef-ffffffffffffffff");

        let drawn = SequentialRequestIds::new();
        assert!(drawn.prefix.iter().all(u8::is_ascii_hexdigit));
    }
}
