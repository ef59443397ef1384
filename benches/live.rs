//! The live-changes benchmark: how fast one server fans committed changes out to many subscribers, how long a
//! change committed through one server takes to reach a subscriber of another, and what the response cache saves
//! a dashboard query refetched by many clients.
//!
//! `cargo bench --bench live` runs, in this process, on the built-in knowledge in a temporary SQLite database:
//! 1. **fan-out**: `COOPKB_BENCH_SUBSCRIBERS` (default 1,000) WebSocket connections each subscribe to every change;
//!    `COOPKB_BENCH_WRITES` (default 200) write transactions are committed through the write path as fast as it
//!    goes; it reports events delivered per second (subscribers × writes / time from the first commit to the last
//!    delivery) beside the writes per second alone;
//! 2. **across servers** (with `COOPKB_BENCH_POSTGRES_URL`): two servers on one fresh PostgreSQL database, one
//!    subscriber on the second, the same number of writes committed through the first, 20 ms apart; it reports the
//!    delay from each commit to its delivery (p50, p99, max);
//! 3. **cached refetches**: the nested dashboard (b) on synthetic scale 1, sent by 8 keep-alive clients for
//!    `COOPKB_BENCH_SECONDS` (default 5) to a server without and one with the response cache, rounds alternating
//!    (`COOPKB_BENCH_REPEATS`, default 3, medians); it reports requests per second and server CPU per request.
//!
//! `COOPKB_BENCH_PARTS` (default `fan-out,servers,cache`) chooses the parts. Clients and servers share this process
//! and its 2 cores, so the figures are lower bounds of the server's own.

// A benchmark stops at the first thing that goes wrong.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_graphql::futures_util::{SinkExt, StreamExt};
use coopkb::app::{self, AppState};
use coopkb::config::Config;
use coopkb::write::Write;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, Database, EntityTrait};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// Serves `state` on a loopback port, as `coopkb serve` does.
async fn serve(state: AppState, config: &Config) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = coopkb::http::connections::ConnectionLimits::from_config(config);
    tokio::spawn(coopkb::http::connections::serve(
        listener,
        app::router(state, config),
        limits,
        std::future::pending(),
    ));
    address
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// A graphql-transport-ws connection to `address` subscribed to every change.
async fn subscriber(address: SocketAddr) -> Socket {
    let mut request = format!("ws://{address}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket.send(Message::Text(json!({ "type": "connection_init" }).to_string().into())).await.unwrap();
    socket.next().await.unwrap().unwrap();
    let query = "subscription { changes { dataVersion changes { operation subject } } }";
    let subscribe = json!({ "type": "subscribe", "id": "1", "payload": { "query": query } });
    socket.send(Message::Text(subscribe.to_string().into())).await.unwrap();
    socket
}

/// The data version of each `next` message, as it arrives, until `count` have.
async fn receive(socket: &mut Socket, count: usize, mut each: impl FnMut(i64)) {
    let mut received = 0;
    while received < count {
        if let Some(Ok(Message::Text(text))) = socket.next().await {
            let message: Value = serde_json::from_str(&text).unwrap();
            if message["type"] == "next" {
                each(message["payload"]["data"]["changes"]["dataVersion"].as_i64().unwrap());
                received += 1;
            }
        }
    }
}

/// Commits one write transaction changing a project's title.
async fn write(state: &AppState, i: usize) -> i64 {
    let project = entity::project::Entity::find().one(&state.db).await.unwrap().unwrap();
    let mut write = Write::begin(&state.db, "bench", &state.feed).await.unwrap();
    let patch = entity::project::ActiveModel { title: Set(format!("live {i}")), ..Default::default() };
    write.update(project.id, project.version, patch, "input").await.unwrap();
    write.commit().await.unwrap().data_version
}

async fn wait_for_subscribers(state: &AppState, count: usize) {
    while state.hub.subscribers() < count {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn fan_out(state: &AppState, address: SocketAddr, subscribers: usize, writes: usize) {
    let mut sockets = Vec::with_capacity(subscribers);
    for _ in 0..subscribers {
        sockets.push(subscriber(address).await);
    }
    wait_for_subscribers(state, subscribers).await;
    let done = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = sockets
        .into_iter()
        .map(|mut socket| {
            let done = done.clone();
            tokio::spawn(async move {
                receive(&mut socket, writes, |_| {}).await;
                done.fetch_add(1, Ordering::SeqCst);
                socket
            })
        })
        .collect();
    let started = Instant::now();
    for i in 0..writes {
        write(state, i).await;
    }
    let committed = started.elapsed();
    for task in tasks {
        drop(task.await.unwrap());
    }
    let delivered = started.elapsed();
    let events = (subscribers * writes) as f64;
    println!(
        "fan-out: {subscribers} subscribers x {writes} writes: writes alone {:.0}/s ({:.1} ms); \
         every event delivered after {:.1} ms: {:.0} events/s",
        writes as f64 / committed.as_secs_f64(),
        committed.as_secs_f64() * 1e3,
        delivered.as_secs_f64() * 1e3,
        events / delivered.as_secs_f64()
    );
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn across_servers(postgres: &str, writes: usize) {
    let name = format!("coopkb_bench_live_{}", std::process::id());
    let server = Database::connect(postgres).await.unwrap();
    server.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
    server.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
    let url = format!("{}/{name}", postgres.rsplit_once('/').unwrap().0);
    let config = Config::for_database(url);
    let first = app::prepare(&config).await.unwrap();
    let second = app::prepare(&config).await.unwrap();
    let address = serve(second.clone(), &config).await;
    let mut socket = subscriber(address).await;
    wait_for_subscribers(&second, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (sent, mut commits) = tokio::sync::mpsc::unbounded_channel::<(i64, Instant)>();
    let writer = tokio::spawn({
        let first = first.clone();
        async move {
            for i in 0..writes {
                let version = write(&first, i).await;
                sent.send((version, Instant::now())).unwrap();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    let mut arrivals = Vec::with_capacity(writes);
    receive(&mut socket, writes, |version| arrivals.push((version, Instant::now()))).await;
    writer.await.unwrap();
    let mut delays = Vec::with_capacity(writes);
    for (version, arrived) in arrivals {
        let (committed_version, committed) = commits.recv().await.unwrap();
        assert_eq!(version, committed_version);
        delays.push(arrived.saturating_duration_since(committed).as_secs_f64() * 1e3);
    }
    delays.sort_by(f64::total_cmp);
    println!(
        "across two servers on PostgreSQL: commit to delivery over {writes} writes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        delays.last().unwrap()
    );
    drop((first, second, socket));
    server.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
}

/// Sends `request` over keep-alive connections from `clients` tasks for `seconds`; returns requests per second.
async fn load(address: SocketAddr, request: &str, clients: usize, seconds: u64) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let count = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (request, count) = (request.to_owned(), count.clone());
            tokio::spawn(async move {
                let mut stream = TcpStream::connect(address).await.unwrap();
                let mut buffer = Vec::new();
                while Instant::now() < deadline {
                    stream.write_all(request.as_bytes()).await.unwrap();
                    read_response(&mut stream, &mut buffer).await;
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    for task in tasks {
        task.await.unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Reads one HTTP/1.1 response with a `content-length` (what coopkb sends uncompressed).
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) {
    buffer.clear();
    let mut chunk = [0_u8; 65536];
    let (head_end, length) = loop {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the server closed the connection");
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map(|value| value.trim().parse().unwrap())
                .expect("a content-length");
            break (end + 4, length);
        }
    };
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the server closed the connection");
        buffer.extend_from_slice(&chunk[..read]);
    }
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    (fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()) as f64 / 100.0
}

async fn cached_refetches(seconds: u64, repeats: usize) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("coopkb.db").display());
    let mut config = Config::for_database(url);
    config.max_executions_per_client = 32;
    config.max_response_bytes = usize::MAX;
    let uncached = app::prepare(&config).await.unwrap();
    coopkb::synthetic::generate(&uncached.db, 1, true).await.unwrap();
    coopkb::db::analyze(&uncached.db).await.unwrap();
    let plain = serve(uncached, &config).await;
    config.response_cache_entries = 100;
    let cached = serve(app::prepare(&config).await.unwrap(), &config).await;
    let dashboard = include_str!("requests/b_dashboard.graphql");
    let body = json!({ "query": dashboard }).to_string();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nhost: coopkb\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut rounds: [Vec<(f64, f64)>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..repeats {
        for (index, address) in [plain, cached].into_iter().enumerate() {
            let cpu = cpu_seconds();
            let per_second = load(address, &request, 8, seconds).await;
            let cpu_ms = (cpu_seconds() - cpu) * 1e3 / (per_second * seconds as f64);
            rounds[index].push((per_second, cpu_ms));
        }
    }
    for (name, mut runs) in ["without the cache", "with the cache"].into_iter().zip(rounds) {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (per_second, cpu_ms) = runs[runs.len() / 2];
        println!(
            "dashboard (b), scale 1, 8 clients, {name}: {per_second:.0} requests/s, {cpu_ms:.2} ms CPU per request (clients included)"
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let subscribers = env_or("COOPKB_BENCH_SUBSCRIBERS", 1_000);
    let writes = env_or("COOPKB_BENCH_WRITES", 200);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("coopkb.db").display());
    let mut config = Config::for_database(url);
    config.max_websockets = subscribers + 10;
    config.max_connections = subscribers + 100;
    let parts: String = env_or("COOPKB_BENCH_PARTS", "fan-out,servers,cache".to_owned());
    if parts.contains("fan-out") {
        let state = app::prepare(&config).await.unwrap();
        let address = serve(state.clone(), &config).await;
        fan_out(&state, address, subscribers, writes).await;
    }
    if let (true, Ok(postgres)) = (parts.contains("servers"), std::env::var("COOPKB_BENCH_POSTGRES_URL")) {
        across_servers(&postgres, writes).await;
    }
    if parts.contains("cache") {
        cached_refetches(env_or("COOPKB_BENCH_SECONDS", 5), env_or("COOPKB_BENCH_REPEATS", 3)).await;
    }
}
