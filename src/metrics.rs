//! Prometheus metrics: HTTP requests and their latency, GraphQL errors by code, database statements.
//! Each server process counts its own; `/metrics` exposes them in the OpenMetrics text format.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of an HTTP request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The HTTP method, from a fixed set (`OTHER` for any other), so that clients cannot add label values.
    pub method: &'static str,
    /// The route (`/graphql`), never the raw path, so the label set stays small.
    pub route: String,
    /// The response status code.
    pub status: u16,
}

/// Labels of a GraphQL error.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    /// The error's `extensions.code`.
    pub code: String,
}

/// Every metric of a server process.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Histogram,
    graphql_errors: Family<ErrorLabels, Counter>,
    statements: Counter,
    failed_statements: Counter,
    statement_seconds: Histogram,
}

impl Metrics {
    /// A fresh set of metrics, all at zero.
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("coopkb");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by method, route and status", requests.clone());
        let request_seconds = Histogram::new(exponential_buckets(0.000_5, 2.0, 16));
        registry.register("http_request_duration_seconds", "Time to answer an HTTP request", request_seconds.clone());
        let graphql_errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "graphql_errors",
            "GraphQL errors sent to clients, by extensions.code",
            graphql_errors.clone(),
        );
        let statements = Counter::default();
        registry.register("db_statements", "SQL statements executed", statements.clone());
        let failed_statements = Counter::default();
        registry.register("db_statement_errors", "SQL statements that failed", failed_statements.clone());
        let statement_seconds = Histogram::new(exponential_buckets(0.000_05, 2.0, 16));
        registry.register(
            "db_statement_duration_seconds",
            "Time to execute an SQL statement",
            statement_seconds.clone(),
        );
        Arc::new(Self {
            registry,
            requests,
            request_seconds,
            graphql_errors,
            statements,
            failed_statements,
            statement_seconds,
        })
    }

    /// Records one executed SQL statement.
    pub fn record_statement(&self, elapsed: Duration, failed: bool) {
        self.statements.inc();
        if failed {
            self.failed_statements.inc();
        }
        self.statement_seconds.observe(elapsed.as_secs_f64());
    }

    /// Records one GraphQL error sent to a client.
    pub fn record_error(&self, code: &str) {
        self.graphql_errors.get_or_create(&ErrorLabels { code: code.to_owned() }).inc();
    }

    /// The number of SQL statements executed so far.
    pub fn statements(&self) -> u64 {
        self.statements.get()
    }

    /// The metrics in the OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if let Err(error) = encode(&mut text, &self.registry) {
            tracing::error!(%error, "could not encode the metrics");
        }
        text
    }
}

/// The label of an HTTP method: the methods coopkb answers, and `OTHER`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Middleware counting every request with its route, status and duration.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    metrics.requests.get_or_create(&RequestLabels { method, route, status: response.status().as_u16() }).inc();
    metrics.request_seconds.observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: the metrics for Prometheus.
pub async fn endpoint(State(metrics): State<Arc<Metrics>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        metrics.encode(),
    )
        .into_response()
}
