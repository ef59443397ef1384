//! The server on a real socket: slow and idle clients are dropped, a connection over the cap gets a 503 while
//! accepting goes on, executions wait for a slot and then get a 503 with `Retry-After`.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, backends};

/// Reads until the server closes the connection (or `limit` passes); returns what was read and when it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        match tokio::time::timeout_at((started + limit).into(), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&received).into_owned(), Some(started.elapsed()));
            }
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
            Err(_) => return (String::from_utf8_lossy(&received).into_owned(), None),
        }
    }
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nhost: coopkb\r\n\r\n";

#[tokio::test]
async fn a_client_that_sends_half_a_header_is_dropped_after_the_header_timeout() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.header_read_timeout_secs = 1).await;
    let address = app.serve_tcp().await;
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nhost: co").await.unwrap();
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    let closed = closed.expect("the server closed the slow connection");
    assert!(closed >= Duration::from_millis(900) && closed < Duration::from_secs(3), "closed after {closed:?}");
    // Meanwhile and afterwards, other clients are answered.
    let mut client = TcpStream::connect(address).await.unwrap();
    client.write_all(HEALTH).await.unwrap();
    let mut response = [0_u8; 64];
    let read = client.read(&mut response).await.unwrap();
    assert!(String::from_utf8_lossy(&response[..read]).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.idle_timeout_secs = 1).await;
    let address = app.serve_tcp().await;
    let mut client = TcpStream::connect(address).await.unwrap();
    client.write_all(HEALTH).await.unwrap();
    let (received, closed) = read_until_closed(&mut client, Duration::from_secs(5)).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    let closed = closed.expect("the server closed the idle connection");
    assert!(closed < Duration::from_secs(3), "closed after {closed:?}");
}

#[tokio::test]
async fn connections_over_the_cap_get_503_and_accepting_goes_on() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.max_connections = 3).await;
    let address = app.serve_tcp().await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        // A request answered shows the connection was accepted and counted.
        stream.write_all(HEALTH).await.unwrap();
        let mut response = [0_u8; 256];
        let read = stream.read(&mut response).await.unwrap();
        assert!(String::from_utf8_lossy(&response[..read]).starts_with("HTTP/1.1 200"));
        held.push(stream);
    }
    for _ in 0..20 {
        let mut over = TcpStream::connect(address).await.unwrap();
        over.write_all(HEALTH).await.unwrap();
        let (received, closed) = read_until_closed(&mut over, Duration::from_secs(3)).await;
        assert!(received.starts_with("HTTP/1.1 503"), "{received}");
        assert!(received.to_ascii_lowercase().contains("retry-after: 1"), "{received}");
        assert!(closed.is_some(), "the refused connection is closed");
    }
    // Once one closes, a new connection is served.
    drop(held.pop());
    let served = async {
        loop {
            let mut stream = TcpStream::connect(address).await.unwrap();
            stream.write_all(HEALTH).await.unwrap();
            let mut response = [0_u8; 64];
            let read = stream.read(&mut response).await.unwrap_or(0);
            if String::from_utf8_lossy(&response[..read]).starts_with("HTTP/1.1 200") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(3), served).await.expect("a freed place is used again");
}

#[tokio::test]
async fn executions_wait_for_a_slot_then_get_503_with_retry_after() {
    let app = TestApp::spawn_with(&backends()[0], |config| {
        config.max_concurrent_executions = 1;
        config.queue_timeout_ms = 200;
    })
    .await;
    let held = app.state.admission.admit(None).await.expect("the only slot");
    let started = Instant::now();
    let response = app.post_graphql(json!({ "query": "{ overview { projects } }" })).await;
    assert!(started.elapsed() >= Duration::from_millis(190), "waited in the queue first");
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers["retry-after"], "1");
    assert_eq!(response.error_code(), "SERVICE_UNAVAILABLE");
    drop(held);
    // A request queued while the slot is taken runs as soon as it is released.
    let held = app.state.admission.admit(None).await.expect("the only slot");
    let release = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(held);
    };
    let (response, ()) = tokio::join!(app.post_graphql(json!({ "query": "{ overview { projects } }" })), release);
    assert_eq!(response.status, StatusCode::OK, "{}", response.text);
}

#[tokio::test]
async fn one_client_cannot_take_every_slot() {
    let app = TestApp::spawn_with(&backends()[0], |config| {
        config.max_concurrent_executions = 3;
        config.max_executions_per_client = 2;
        config.queue_timeout_ms = 100;
    })
    .await;
    let greedy = Some("192.0.2.1".parse().unwrap());
    let (first, second) = (app.state.admission.admit(greedy).await, app.state.admission.admit(greedy).await);
    assert!(first.is_ok() && second.is_ok());
    assert!(app.state.admission.admit(greedy).await.is_err(), "a third request of the same client waits, then 503");
    assert!(app.state.admission.admit(Some("192.0.2.2".parse().unwrap())).await.is_ok(), "another client is served");
}

/// Four nested pages of 100: tens of millions of rows if it ran to the end.
const HEAVY: &str = "{ organizations(first: 100) { nodes { projects(first: 100) { nodes { participants { organization { \
    projects(first: 100) { nodes { title participants { organization { projects(first: 100) { nodes { title } } } } \
    } } } } } } } } }";

/// An application on synthetic data that lets heavy queries through the cost limit, stopped by `timeout_secs`.
async fn unbounded_app(timeout_secs: u64) -> TestApp {
    let app = TestApp::spawn_with(&backends()[0], |config| {
        config.request_timeout_secs = timeout_secs;
        config.max_query_cost = u64::MAX;
        config.max_response_bytes = usize::MAX;
    })
    .await;
    coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
    app
}

/// Waits until no request executes any more (its future dropped, its slot released), then checks that no
/// statement runs after the batch that was under way.
async fn assert_work_stops(app: &TestApp) {
    let stopped = async {
        while app.state.admission.executing() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), stopped).await.expect("the execution stops within 5 s");
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let settled = app.metrics.statements();
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(app.metrics.statements(), settled, "no statement runs for a request nobody waits for");
}

// On several threads, as the server runs: the timeout is answered while the work is busy on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_timeout_stops_the_work_of_a_heavy_query() {
    let app = unbounded_app(1).await;
    let heavy = HEAVY;
    let started = Instant::now();
    let response = app.query_response(heavy).await;
    assert_eq!(response.status, StatusCode::REQUEST_TIMEOUT, "{}", &response.text[..response.text.len().min(300)]);
    assert!(started.elapsed() < Duration::from_secs(3), "stopped after {:?}", started.elapsed());
    assert_work_stops(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_stops_the_work_of_its_query() {
    let app = unbounded_app(60).await;
    let address = app.serve_tcp().await;
    let body = json!({ "query": HEAVY }).to_string();
    let mut client = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nhost: coopkb\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    client.write_all(request.as_bytes()).await.unwrap();
    let before = app.metrics.statements();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(app.metrics.statements() > before, "the query started");
    assert_eq!(app.state.admission.executing(), 1, "and is under way");
    drop(client);
    assert_work_stops(&app).await;
}
