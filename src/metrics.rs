//! Prometheus metrics: HTTP requests and their latency, GraphQL errors by code, database statements.
//! Each server process counts its own; `/metrics` exposes them in the OpenMetrics text format.

use std::sync::Arc;
use std::time::{Duration, Instant};

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::{MatchedPath, State};
use axum::http::{self, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tower::{Layer, Service};

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

/// Counts every request with its route, status and duration. A layer of each route's middleware (outermost, so
/// the duration is the whole answer's, a timeout's included), where the route the request matched is known: axum
/// names it before the route's stack runs. Written as a service rather than with `axum::middleware::from_fn`,
/// which clones the rest of the stack and boxes two futures for every request.
#[derive(Clone)]
pub struct TrackLayer(Arc<Metrics>);

impl TrackLayer {
    /// Counting in `metrics`.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self(metrics)
    }
}

impl<S> Layer<S> for TrackLayer {
    type Service = Track<S>;

    fn layer(&self, inner: S) -> Track<S> {
        Track { inner, metrics: self.0.clone() }
    }
}

/// The service of [`TrackLayer`].
#[derive(Clone)]
pub struct Track<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, RequestBody, ResponseBody> Service<http::Request<RequestBody>> for Track<S>
where
    S: Service<http::Request<RequestBody>, Response = http::Response<ResponseBody>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = TrackedAnswer<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<RequestBody>) -> Self::Future {
        let method = method_label(request.method());
        let route = request.extensions().get::<MatchedPath>().cloned();
        TrackedAnswer {
            answer: self.inner.call(request),
            metrics: self.metrics.clone(),
            method,
            route,
            started: Instant::now(),
        }
    }
}

pin_project_lite::pin_project! {
    /// The answer to a request [`Track`] counts once it is ready.
    pub struct TrackedAnswer<F> {
        #[pin]
        answer: F,
        metrics: Arc<Metrics>,
        method: &'static str,
        route: Option<MatchedPath>,
        started: Instant,
    }
}

impl<F, ResponseBody, E> Future for TrackedAnswer<F>
where
    F: Future<Output = Result<http::Response<ResponseBody>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let answer = ready!(this.answer.poll(cx));
        if let Ok(response) = &answer {
            let route = this.route.as_ref().map_or("unmatched", MatchedPath::as_str).to_owned();
            let labels = RequestLabels { method: this.method, route, status: response.status().as_u16() };
            this.metrics.requests.get_or_create(&labels).inc();
            this.metrics.request_seconds.observe(this.started.elapsed().as_secs_f64());
        }
        Poll::Ready(answer)
    }
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
