//! Starting is crash-safe: a server killed at any point of its first start leaves a database the next start
//! completes, servers starting together load the knowledge once, and readiness tells when the database is gone.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use coopkb::config::Config;
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::helpers::{Backend, TestApp, TestDatabase, backends};

/// The organizations of the built-in knowledge.
const BUILT_IN_ORGANIZATIONS: u64 = 39;

async fn organizations(db: &sea_orm::DatabaseConnection) -> u64 {
    entity::organization::Entity::find().count(db).await.expect("count organizations")
}

/// Starts `coopkb serve` on `url` and kills it (SIGKILL) after `delay`.
async fn start_and_kill(url: &str, delay: Duration) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coopkb"))
        .args(["serve", "--bind", "127.0.0.1:0", "--log", "warn"])
        .env("DATABASE_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start coopkb");
    tokio::time::sleep(delay).await;
    child.kill().expect("kill coopkb");
    child.wait().expect("reap coopkb");
}

#[tokio::test]
async fn a_start_killed_at_any_point_is_completed_by_the_next() {
    for backend in backends() {
        // Migrations run from about 10 to 45 ms after the process starts, the knowledge loads until about 200 ms.
        for delay_ms in [5, 10, 15, 20, 25, 30, 35, 40, 50, 80, 120, 200, 400] {
            let database = TestDatabase::create(&backend).await;
            start_and_kill(&database.url, Duration::from_millis(delay_ms)).await;
            // The next start migrates what is left to migrate and loads the knowledge.
            let config = Config::for_database(database.url.clone());
            let state = coopkb::app::prepare(&config)
                .await
                .unwrap_or_else(|error| panic!("[{backend:?}] start after a kill at {delay_ms} ms: {error}"));
            assert_eq!(organizations(&state.db).await, BUILT_IN_ORGANIZATIONS, "[{backend:?}] killed at {delay_ms} ms");
            state.db.clone().close().await.ok();
        }
    }
}

#[tokio::test]
async fn servers_starting_together_load_the_knowledge_once() {
    for backend in backends() {
        let database = TestDatabase::create(&backend).await;
        let config = Config::for_database(database.url.clone());
        // Polled together: each start waits for the lock the first one holds.
        let states =
            tokio::join!(coopkb::app::prepare(&config), coopkb::app::prepare(&config), coopkb::app::prepare(&config));
        for state in [states.0, states.1, states.2] {
            let state = state.unwrap_or_else(|error| panic!("[{backend:?}] a start failed: {error}"));
            assert_eq!(organizations(&state.db).await, BUILT_IN_ORGANIZATIONS, "[{backend:?}] loaded once");
        }
    }
}

#[tokio::test]
async fn readiness_notices_a_removed_sqlite_file() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    assert_eq!(app.get("/readyz", "text/plain").await.status, StatusCode::OK);
    let file = coopkb::db::dialect::sqlite_file(&app.config.database_url).expect("a SQLite file");
    std::fs::remove_file(&file).expect("remove the database file");
    let response = app.get("/readyz", "text/plain").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text.contains("removed or replaced"), "{}", response.text);
    // A new file at the same path is not the database the server opened either.
    std::fs::write(&file, b"").expect("a new file");
    assert_eq!(app.get("/readyz", "text/plain").await.status, StatusCode::SERVICE_UNAVAILABLE);
}

/// A TCP proxy to `upstream` that stops forwarding while `paused` is set: a database that does not answer.
async fn pausable_proxy(upstream: String, paused: Arc<AtomicBool>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
    let address = listener.local_addr().expect("proxy address");
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let Ok(outbound) = tokio::net::TcpStream::connect(&upstream).await else { continue };
            let (inbound_read, inbound_write) = inbound.into_split();
            let (outbound_read, outbound_write) = outbound.into_split();
            tokio::spawn(pump(inbound_read, outbound_write, paused.clone()));
            tokio::spawn(pump(outbound_read, inbound_write, paused.clone()));
        }
    });
    address
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    paused: Arc<AtomicBool>,
) {
    let mut buffer = [0_u8; 8192];
    while let Ok(read) = from.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        while paused.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        if to.write_all(&buffer[..read]).await.is_err() {
            break;
        }
    }
}

#[tokio::test]
async fn readiness_answers_503_at_once_while_postgresql_does_not_answer() {
    let Some(backend) = backends().into_iter().find(|backend| matches!(backend, Backend::Postgres(_))) else {
        return;
    };
    let database = TestDatabase::create(&backend).await;
    let (before_host, rest) = database.url.split_once('@').expect("a URL with a user");
    let (upstream, path) = rest.split_once('/').expect("a URL with a database");
    let paused = Arc::new(AtomicBool::new(false));
    let proxy = pausable_proxy(upstream.to_owned(), paused.clone()).await;
    let mut config = Config::for_database(format!("{before_host}@{proxy}/{path}"));
    config.ready_timeout_ms = 300;
    let state = coopkb::app::prepare(&config).await.expect("start through the proxy");
    let router = coopkb::app::router(state, &config);
    let readyz = || async {
        let request = axum::http::Request::builder().uri("/readyz").body(axum::body::Body::empty()).unwrap();
        let started = Instant::now();
        let status = router.clone().oneshot(request).await.expect("an answer").status();
        (status, started.elapsed())
    };
    assert_eq!(readyz().await.0, StatusCode::OK);
    paused.store(true, Ordering::SeqCst);
    let (status, took) = readyz().await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(took < Duration::from_secs(1), "answered after {took:?}");
    // Asked again during the outage, it answers as fast; once the database answers, ready again.
    let (status, took) = readyz().await;
    assert_eq!((status, took < Duration::from_secs(1)), (StatusCode::SERVICE_UNAVAILABLE, true));
    paused.store(false, Ordering::SeqCst);
    let recovered = async {
        while readyz().await.0 != StatusCode::OK {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(15), recovered).await.expect("ready again after the outage");
}
