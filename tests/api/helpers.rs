//! The test harness: boots the real router on a freshly migrated database holding the built-in knowledge,
//! on SQLite always and on PostgreSQL when `COOPKB_TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use coopkb::app::{self, AppState};
use coopkb::config::Config;
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

/// A database backend the tests run against.
#[derive(Clone, Debug)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the PostgreSQL server at this URL.
    Postgres(String),
}

/// Every backend available: SQLite, and PostgreSQL when `COOPKB_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("COOPKB_TEST_POSTGRES_URL")
        && !url.is_empty()
    {
        backends.push(Backend::Postgres(url));
    }
    backends
}

/// An HTTP response as a client sees it.
#[derive(Debug)]
pub struct TestResponse {
    /// The status code.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, as text.
    pub text: String,
}

impl TestResponse {
    /// The body parsed as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text))
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The `extensions.code` of the first error.
    pub fn error_code(&self) -> String {
        self.json()["errors"][0]["extensions"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// A fresh, empty database for one test, dropped with this guard.
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(#[allow(dead_code)] TempDir),
    PostgresDatabase { server_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    match query {
        Some(query) => format!("{prefix}/{name}?{query}"),
        None => format!("{prefix}/{name}"),
    }
}

impl TestDatabase {
    /// A new empty database on `backend`.
    pub async fn create(backend: &Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("coopkb.db").display());
                TestDatabase { url, cleanup: Cleanup::SqliteDir(dir) }
            }
            Backend::Postgres(server_url) => {
                let nanos =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
                let name =
                    format!("coopkb_test_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
                let server = Database::connect(server_url.as_str()).await.expect("connect to PostgreSQL");
                server.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                server.close().await.ok();
                TestDatabase {
                    url: with_database_name(server_url, &name),
                    cleanup: Cleanup::PostgresDatabase { server_url: server_url.clone(), name },
                }
            }
        }
    }

    /// A new database on `backend` with every migration applied and nothing in it.
    pub async fn migrated(backend: &Backend) -> (TestDatabase, DatabaseConnection) {
        let database = Self::create(backend).await;
        let db = coopkb::db::connect(&database.url, 2).await.expect("connect");
        coopkb::db::migrate(&db).await.expect("migrate");
        (database, db)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::PostgresDatabase { server_url, name } = &self.cleanup {
            let (server_url, name) = (server_url.clone(), name.clone());
            // Dropping needs async I/O; do it on a thread with its own runtime so any test runtime can drop it.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                runtime.block_on(async move {
                    if let Ok(server) = Database::connect(server_url.as_str()).await {
                        let _ =
                            server.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                        server.close().await.ok();
                    }
                });
            });
            let _ = dropped.join();
        }
    }
}

/// The real application on a migrated database holding the built-in knowledge.
pub struct TestApp {
    /// The router, called without a network.
    pub router: Router,
    /// The database the router serves.
    pub db: DatabaseConnection,
    /// The configuration it runs with.
    pub config: Config,
    /// Which backend this is.
    pub backend: Backend,
    /// The metrics the application records.
    pub metrics: std::sync::Arc<coopkb::metrics::Metrics>,
    /// The state the router serves.
    pub state: AppState,
    _database: TestDatabase,
}

impl TestApp {
    /// The application on `backend` with the default configuration.
    pub async fn spawn(backend: &Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// The application on `backend`, with the configuration changed by `configure`.
    pub async fn spawn_with(backend: &Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::create(backend).await;
        let mut config = Config::for_database(database.url.clone());
        config.db_max_connections = Some(4);
        configure(&mut config);
        let state: AppState = app::prepare(&config).await.expect("migrate and load the built-in knowledge");
        let (db, metrics) = (state.db.clone(), state.metrics.clone());
        TestApp {
            router: app::router(state.clone(), &config),
            db,
            config,
            backend: backend.clone(),
            metrics,
            state,
            _database: database,
        }
    }

    /// Serves the router on a loopback port, as `coopkb serve` does, until the test ends; returns the address.
    pub async fn serve_tcp(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let limits = coopkb::http::connections::ConnectionLimits::from_config(&self.config);
        tokio::spawn(coopkb::http::connections::serve(listener, self.router.clone(), limits, std::future::pending()));
        address
    }

    /// Starts another server on the same database, as a second instance behind a load balancer would be, serves
    /// it on a loopback port until the test ends, and returns its address.
    pub async fn serve_another(&self) -> std::net::SocketAddr {
        let state = app::prepare(&self.config).await.expect("another server on the same database");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        let limits = coopkb::http::connections::ConnectionLimits::from_config(&self.config);
        let router = app::router(state, &self.config);
        tokio::spawn(coopkb::http::connections::serve(listener, router, limits, std::future::pending()));
        address
    }

    /// Sends a request to the router.
    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("read the body").to_bytes();
        TestResponse { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// `POST /graphql` with a JSON body, accepting `application/graphql-response+json`.
    pub async fn post_graphql(&self, body: Value) -> TestResponse {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/graphql-response+json")
            .body(Body::from(body.to_string()))
            .expect("valid request");
        self.request(request).await
    }

    /// `POST /graphql` with a JSON body and, when given, `Authorization: Bearer <token>`.
    pub async fn post_graphql_as(&self, token: Option<&str>, body: Value) -> TestResponse {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/graphql-response+json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.request(request.body(Body::from(body.to_string())).expect("valid request")).await
    }

    /// A new token named `name` with `role`.
    pub async fn token(&self, name: &str, role: entity::Role) -> String {
        coopkb::auth::create(&self.db, name, role).await.expect("create a token")
    }

    /// Runs the mutation `query` with `variables` as the holder of `token`, and returns its `data`, failing the
    /// test on any error.
    pub async fn mutate(&self, token: &str, query: &str, variables: Value) -> Value {
        let response = self.post_graphql_as(Some(token), json!({ "query": query, "variables": variables })).await;
        let body = response.json();
        assert_eq!(response.status, StatusCode::OK, "[{:?}] status of {query}: {body}", self.backend);
        assert!(body.get("errors").is_none(), "[{:?}] errors from {query}: {body}", self.backend);
        body["data"].clone()
    }

    /// `GET` of `uri` with the given `Accept` header.
    pub async fn get(&self, uri: &str, accept: &str) -> TestResponse {
        let request =
            Request::builder().uri(uri).header(header::ACCEPT, accept).body(Body::empty()).expect("valid request");
        self.request(request).await
    }

    /// Runs `query` with `variables` and returns its `data`, failing the test on any error.
    pub async fn query_with(&self, query: &str, variables: Value) -> Value {
        let response = self.post_graphql(json!({ "query": query, "variables": variables })).await;
        let body = response.json();
        assert_eq!(response.status, StatusCode::OK, "[{:?}] status of {query}: {body}", self.backend);
        assert!(body.get("errors").is_none(), "[{:?}] errors from {query}: {body}", self.backend);
        body["data"].clone()
    }

    /// Runs `query` and returns its `data`, failing the test on any error.
    pub async fn query(&self, query: &str) -> Value {
        self.query_with(query, json!({})).await
    }

    /// Runs an example of the documentation, failing the test on any error or missing field: a query or a
    /// mutation over HTTP; a subscription on the schema, where it must be valid and start without an error
    /// (it waits for changes, so its first result, if one comes within a moment, must have no error).
    pub async fn run_example(&self, example: &str) {
        let operation = example.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#'));
        if operation.is_some_and(|line| line.starts_with("subscription")) {
            use async_graphql::futures_util::StreamExt;
            let request = async_graphql::Request::new(example);
            let mut stream = self.state.limits.execute_stream(&self.state.schema, request, Default::default());
            if let Ok(Some(first)) = tokio::time::timeout(std::time::Duration::from_millis(300), stream.next()).await {
                assert!(first.errors.is_empty(), "{example}: {:?}", first.errors);
            }
            return;
        }
        let data = self.query(example).await;
        assert!(data.as_object().is_some_and(|fields| fields.values().all(|v| !v.is_null())), "{example}: {data}");
    }

    /// Runs `query` and returns the whole response, errors included.
    pub async fn query_response(&self, query: &str) -> TestResponse {
        self.post_graphql(json!({ "query": query })).await
    }
}

/// Runs `test` against every backend, one after the other.
#[macro_export]
macro_rules! on_every_backend {
    (|$app:ident| $body:block) => {
        for backend in $crate::helpers::backends() {
            let $app = $crate::helpers::TestApp::spawn(&backend).await;
            $body
        }
    };
}

/// The slugs of the nodes of a connection's `edges`, in order.
pub fn edge_slugs(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["slug"].as_str().expect("slug").to_owned())
        .collect()
}
