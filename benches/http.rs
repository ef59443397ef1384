//! The HTTP benchmark of the named requests in `benches/requests`, as a dashboard and a researcher send them.
//!
//! `cargo bench --bench http` generates the synthetic data set at each scale (`COOPKB_BENCH_SCALES`, default
//! `1,20`) into a temporary SQLite database and, when `COOPKB_BENCH_POSTGRES_URL` is set, into a fresh PostgreSQL
//! database; starts the release `coopkb serve` on it; and loads each request with `wrk` (Debian's package) over 2
//! connections for `COOPKB_BENCH_SECONDS` (default 5), `COOPKB_BENCH_REPEATS` times (default 3, the median is
//! reported). For each request it reports the SQL statements it runs (from `/metrics`), the server's CPU time per
//! request and with the database's (the PostgreSQL backends serving the benchmark's database, from `/proc`),
//! p50/p99 latency and throughput, and the server's peak resident memory.
//!
//! It also starts a **floor** server (this same program, in another process): the minimal SQL statements for the
//! rows and columns of (a)–(e), run directly with sqlx and written as the same JSON (checked equal) with
//! serde_json, and a bare axum route for `{ __typename }`. The floor and coopkb are loaded in interleaved rounds;
//! the last column is coopkb's total CPU per request over the floor's. `COOPKB_BENCH_BINARY` runs another
//! `coopkb` binary (an earlier build, to measure a change) instead of the one cargo built.

// A benchmark stops at the first thing that goes wrong.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The floor allocates as coopkb does (see `src/main.rs`), so that the ratio compares the work done.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const REQUESTS: &[(&str, &str, &str)] = &[
    ("a", "flat page of 100 projects", include_str!("requests/a_flat_page.graphql")),
    ("b", "nested dashboard", include_str!("requests/b_dashboard.graphql")),
    ("c", "water projects since 2011", include_str!("requests/c_water_since_2011.graphql")),
    ("d", "page 40 by start date", include_str!("requests/d_deep_page.graphql")),
    ("e", "projectStats by domain and year", include_str!("requests/e_project_stats.graphql")),
    ("f", "search a common word", include_str!("requests/f_search.graphql")),
];

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// A child process killed when dropped.
struct Process {
    child: Child,
    address: SocketAddr,
}

impl Drop for Process {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Process {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// User and system CPU time the process has used, in clock ticks (1/100 s on Linux).
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).expect("/proc/PID/stat");
        let fields: Vec<&str> = stat.rsplit_once(')').expect("stat format").1.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    /// A line of `/proc/PID/status` in MiB (`VmHWM`: peak resident memory; `VmRSS`: resident now).
    fn memory_mib(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc/PID/status");
        let kib: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("memory field");
        kib / 1024.0
    }
}

/// CPU time, in clock ticks, of the PostgreSQL backends serving database `name` (the processes whose title
/// names it); zero for SQLite, which runs inside the server.
fn database_ticks(name: Option<&str>) -> u64 {
    let Some(name) = name else { return 0 };
    let mut ticks = 0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(title) = std::fs::read(path.join("cmdline")) else { continue };
        let title = String::from_utf8_lossy(&title);
        if !title.starts_with("postgres: ") || !title.split_whitespace().any(|word| word == name) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(path.join("stat")) else { continue };
        let Some((_, rest)) = stat.rsplit_once(')') else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        ticks += fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    }
    ticks
}

fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port")
}

/// One HTTP/1.1 exchange on a new connection; the status and the body.
fn http(address: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nAccept: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, body.to_owned())
}

fn wait_ready(process: &mut Process) {
    let started = Instant::now();
    loop {
        if TcpStream::connect(process.address).is_ok() && http(process.address, "GET", "/readyz", "").0 == 200 {
            return;
        }
        if let Ok(Some(status)) = process.child.try_wait() {
            panic!("the server exited: {status}");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the server did not get ready");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn statements(server: &Process) -> u64 {
    let (_, metrics) = http(server.address, "GET", "/metrics", "");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("coopkb_db_statements_total "))
        .and_then(|value| value.trim().parse().ok())
        .expect("the statement counter")
}

/// What one load run measured.
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
    /// The server's CPU per request.
    cpu_ms: f64,
    /// The server's and the database's CPU per request (the server's alone on SQLite).
    total_ms: f64,
}

/// Loads `path` of `process` with `body` for `seconds` with wrk, 2 connections, and the CPU the process and the
/// database `database` (PostgreSQL's name; `None` on SQLite) used.
fn load(process: &Process, path: &str, body: &str, seconds: u64, script_dir: &Path, database: Option<&str>) -> Run {
    let script = script_dir.join("request.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.headers[\"Accept\"] = \"application/json\"\nwrk.body = [==[{body}]==]\n\
             function done(summary, latency, requests)\n\
               local e = summary.errors\n\
               io.write(string.format(\"RESULT %d %d %d %d %d\\n\", summary.requests, summary.duration,\n\
                 e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))\n\
             end\n"
        ),
    )
    .expect("wrk script");
    let (ticks, database_before) = (process.cpu_ticks(), database_ticks(database));
    let output = Command::new("wrk")
        .args(["-t1", "-c2", &format!("-d{seconds}s"), "--timeout", "30s", "-s"])
        .arg(&script)
        .arg(format!("http://{}{path}", process.address))
        .output()
        .expect("wrk (apt install wrk)");
    let cpu_ticks = process.cpu_ticks() - ticks;
    let database_ticks = database_ticks(database).saturating_sub(database_before);
    let text = String::from_utf8_lossy(&output.stdout);
    let result: Vec<f64> = text
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("wrk printed no result: {text}"))
        .split_whitespace()
        .map(|n| n.parse().expect("a number"))
        .collect();
    let (requests, duration_us, errors) = (result[0], result[1], result[2]);
    assert!(errors == 0.0, "wrk saw {errors} errors (non-2xx or socket) on {path}");
    Run {
        p50_ms: result[3] / 1000.0,
        p99_ms: result[4] / 1000.0,
        per_second: requests / (duration_us / 1e6),
        cpu_ms: cpu_ticks as f64 * 10.0 / requests,
        total_ms: (cpu_ticks + database_ticks) as f64 * 10.0 / requests,
    }
}

fn median(runs: &[Run], field: impl Fn(&Run) -> f64) -> f64 {
    let mut values: Vec<f64> = runs.iter().map(field).collect();
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn median_run(runs: &[Run]) -> Run {
    Run {
        p50_ms: median(runs, |r| r.p50_ms),
        p99_ms: median(runs, |r| r.p99_ms),
        per_second: median(runs, |r| r.per_second),
        cpu_ms: median(runs, |r| r.cpu_ms),
        total_ms: median(runs, |r| r.total_ms),
    }
}

/// The floor's route for request `letter` (`t`: `{ __typename }`) sent as `body`; page 40 names its position.
fn floor_path(letter: &str, body: &str) -> String {
    match letter {
        "t" => "/bare".to_owned(),
        "d" => {
            use base64::Engine as _;
            let body: Value = serde_json::from_str(body).expect("JSON");
            let cursor = body["variables"]["after"].as_str().expect("the cursor of page 39");
            let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).expect("base64");
            let cursor: Value = serde_json::from_slice(&cursor).expect("a keyset cursor");
            let position = &cursor["p"];
            format!("/floor/d?date={}&id={}", position["value"]["Date"].as_str().expect("a date"), position["id"])
        }
        _ => format!("/floor/{letter}"),
    }
}

/// The body of request `letter`; page 40 needs the end cursor of page 39, read by paging there.
fn body_of(server: &Process, letter: &str, query: &str) -> String {
    let mut variables = json!({});
    if letter == "d" {
        for _ in 1..40 {
            let (_, page) = http(
                server.address,
                "POST",
                "/graphql",
                &json!({ "query": query, "variables": variables }).to_string(),
            );
            let page: Value = serde_json::from_str(&page).expect("JSON");
            variables = json!({ "after": page["data"]["projects"]["pageInfo"]["endCursor"] });
        }
    }
    json!({ "query": query, "variables": variables }).to_string()
}

fn run(binary: &Path, backend: &str, url: &str, scale: u32, seconds: u64, repeats: usize, work: &Path) -> Vec<String> {
    let coopkb = |args: &[&str]| {
        let status = Command::new(binary)
            .args(args)
            .env("DATABASE_URL", url)
            .env("COOPKB_LOG", "warn")
            .status()
            .expect("run coopkb");
        assert!(status.success(), "coopkb {args:?} failed");
    };
    let started = Instant::now();
    coopkb(&["migrate"]);
    coopkb(&["seed", "--synthetic", "--scale", &scale.to_string()]);
    println!("\n{backend}, scale {scale}: generated in {:.1} s", started.elapsed().as_secs_f64());

    let address = free_address();
    let child = Command::new(binary)
        .args(["serve", "--bind", &address.to_string()])
        .env("DATABASE_URL", url)
        .env("COOPKB_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start coopkb serve");
    let mut server = Process { child, address };
    wait_ready(&mut server);
    let floor_address = free_address();
    let child = Command::new(std::env::current_exe().expect("this program"))
        .env("COOPKB_BENCH_FLOOR", floor_address.to_string())
        .env("DATABASE_URL", url)
        .spawn()
        .expect("start the floor");
    let mut floor = Process { child, address: floor_address };
    wait_ready(&mut floor);

    let database = url.starts_with("postgres").then(|| url.rsplit('/').next().unwrap_or_default());
    println!(
        "{:<36} {:>5} {:>8} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "request", "stmts", "p50 ms", "p99 ms", "req/s", "CPU ms", "+db ms", "floor", "+db", "ratio"
    );
    let mut rows = Vec::new();
    let typename = ("t", "{ __typename }", "{ __typename }");
    // `COOPKB_BENCH_REQUESTS` picks some of the letters, to measure one change quickly.
    let wanted = std::env::var("COOPKB_BENCH_REQUESTS").unwrap_or_else(|_| "abcdet".to_owned());
    for (letter, name, query) in REQUESTS.iter().copied().chain([typename]) {
        if letter == "f" || !wanted.contains(letter) {
            continue;
        }
        let body = body_of(&server, letter, query);
        let before = statements(&server);
        let (status, answer) = http(server.address, "POST", "/graphql", &body);
        let count = statements(&server) - before;
        assert!(status == 200 && !answer.contains("\"errors\""), "({letter}) {name}: {answer}");
        let floor_path = floor_path(letter, &body);
        let (_, floor_answer) = http(floor.address, "POST", &floor_path, "");
        let same = serde_json::from_str::<Value>(&floor_answer).ok() == serde_json::from_str::<Value>(&answer).ok();
        assert!(same, "({letter}) the floor must write the same JSON:\n{floor_answer}\n{answer}");
        // Interleaved rounds, so that a change in the machine's load touches both alike.
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..repeats {
            ours.push(load(&server, "/graphql", &body, seconds, work, database));
            theirs.push(load(&floor, &floor_path, "", seconds, work, database));
        }
        let (graphql, floor_run) = (median_run(&ours), median_run(&theirs));
        let ratio = graphql.total_ms / floor_run.total_ms;
        let label = format!("({letter}) {name}");
        println!(
            "{label:<36} {count:>5} {:>8.2} {:>8.2} {:>7.0} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {ratio:>6.1}×",
            graphql.p50_ms,
            graphql.p99_ms,
            graphql.per_second,
            graphql.cpu_ms,
            graphql.total_ms,
            floor_run.cpu_ms,
            floor_run.total_ms
        );
        rows.push(format!(
            "| {backend} | {scale} | {label} | {count} | {:.2} | {:.2} | {:.0} | {:.3} | {:.3} | {:.3} | {ratio:.1}× |",
            graphql.p50_ms, graphql.p99_ms, graphql.per_second, graphql.cpu_ms, graphql.total_ms, floor_run.total_ms
        ));
    }
    println!(
        "server memory: peak {:.1} MiB, resident now {:.1} MiB",
        server.memory_mib("VmHWM"),
        server.memory_mib("VmRSS")
    );
    rows.push(format!(
        "| {backend} | {scale} | peak resident memory of the server: {:.1} MiB | | | | | | | | |",
        server.memory_mib("VmHWM")
    ));
    rows
}

fn main() {
    if let Ok(address) = std::env::var("COOPKB_BENCH_FLOOR") {
        return floor::serve(address.parse().expect("a socket address"));
    }
    // cargo passes `--bench` to benchmark binaries; a filter argument is not supported.
    let binary: PathBuf =
        std::env::var_os("COOPKB_BENCH_BINARY").map_or(env!("CARGO_BIN_EXE_coopkb").into(), PathBuf::from);
    let scales: Vec<u32> = std::env::var("COOPKB_BENCH_SCALES")
        .unwrap_or_else(|_| "1,20".to_owned())
        .split(',')
        .filter_map(|scale| scale.trim().parse().ok())
        .collect();
    let seconds = env_or("COOPKB_BENCH_SECONDS", 5);
    let repeats = env_or("COOPKB_BENCH_REPEATS", 3);
    let work = tempfile::tempdir().expect("temporary directory");
    println!("coopkb: {}; wrk -t1 -c2, {seconds} s x {repeats} (median)", binary.display());
    let mut rows = Vec::new();
    for scale in &scales {
        let sqlite = format!("sqlite://{}?mode=rwc", work.path().join(format!("bench-{scale}.db")).display());
        rows.extend(run(&binary, "SQLite", &sqlite, *scale, seconds, repeats, work.path()));
        if let Ok(server) = std::env::var("COOPKB_BENCH_POSTGRES_URL") {
            let name = format!("coopkb_bench_{}_{scale}", std::process::id());
            let admin = server.clone();
            psql(&admin, &format!("CREATE DATABASE {name}"));
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            rows.extend(run(&binary, "PostgreSQL", &format!("{base}/{name}"), *scale, seconds, repeats, work.path()));
            psql(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
    println!(
        "\n| backend | scale | request | statements | p50 ms | p99 ms | req/s | server CPU ms/req | + database | floor + database | / floor |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        println!("{row}");
    }
}

/// Runs one SQL statement on the PostgreSQL server at `url` (to create and drop the benchmark's database).
fn psql(url: &str, sql: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(url).await.expect("connect to PostgreSQL");
        db.execute_unprepared(sql).await.expect(sql);
        db.close().await.ok();
    });
}

/// The floor: the minimal statements for the rows and columns of (a)–(e), run directly with sqlx (no SeaORM, no
/// GraphQL, no middleware), written as the same JSON with serde_json; and a bare route for `{ __typename }`.
mod floor {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::net::SocketAddr;
    use std::sync::Arc;

    use axum::extract::{Path, Query, State};
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use axum::routing::{get, post};
    use chrono::{Datelike, NaiveDate};
    use coopkb::db::{Position, SortValue};
    use coopkb::graphql::ids::global_id;
    use coopkb::graphql::pagination::keyset_cursor;
    use sea_orm::sqlx::{self, Row};
    use serde_json::{Map, Value, json};

    /// A connection pool of either backend.
    enum Pool {
        Postgres(sqlx::PgPool),
        Sqlite(sqlx::SqlitePool),
    }

    /// The same row-reading code for either backend's rows.
    macro_rules! fetch {
        ($pool:expr, $sql:expr, |$row:ident| $body:expr) => {
            match $pool {
                Pool::Postgres(pool) => sqlx::query(sqlx::AssertSqlSafe::<&str>($sql))
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(|$row| $body)
                    .collect::<Result<Vec<_>, sqlx::Error>>()?,
                Pool::Sqlite(pool) => sqlx::query(sqlx::AssertSqlSafe::<&str>($sql))
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(|$row| $body)
                    .collect::<Result<Vec<_>, sqlx::Error>>()?,
            }
        };
    }

    pub fn serve(address: SocketAddr) {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
            let pool = if url.starts_with("postgres") {
                Pool::Postgres(
                    sqlx::postgres::PgPoolOptions::new().max_connections(10).connect(&url).await.expect("connect"),
                )
            } else {
                Pool::Sqlite(
                    sqlx::sqlite::SqlitePoolOptions::new()
                        .max_connections(10)
                        .connect_with(
                            url.parse::<sqlx::sqlite::SqliteConnectOptions>()
                                .expect("a SQLite URL")
                                .row_buffer_size(coopkb::db::dialect::SQLITE_ROWS_IN_FLIGHT),
                        )
                        .await
                        .expect("connect"),
                )
            };
            let app = axum::Router::new()
                .route("/readyz", get(|| async { "ready" }))
                .route(
                    "/bare",
                    post(|| async {
                        ([(header::CONTENT_TYPE, "application/json")], r#"{"data":{"__typename":"Query"}}"#)
                    }),
                )
                .route("/floor/{letter}", post(answer))
                .with_state(Arc::new(pool));
            let listener = tokio::net::TcpListener::bind(address).await.expect("bind");
            axum::serve(listener, app).await.expect("serve");
        });
    }

    async fn answer(
        State(pool): State<Arc<Pool>>,
        Path(letter): Path<String>,
        Query(after): Query<BTreeMap<String, String>>,
    ) -> impl IntoResponse {
        let data = match letter.as_str() {
            "a" => flat_page(&pool).await,
            "b" => dashboard(&pool).await,
            "c" => water_since_2011(&pool).await,
            "d" => by_start_date(&pool, &after).await,
            _ => stats_by_domain_and_year(&pool).await,
        };
        match data {
            Ok(data) => {
                (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], json!({ "data": data }).to_string())
            }
            Err(error) => {
                (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/plain")], error.to_string())
            }
        }
    }

    /// A partial date as the `PartialDate` scalar writes it.
    fn date(day: Option<NaiveDate>, precision: Option<String>) -> Value {
        match (day, precision.as_deref()) {
            (Some(day), Some("YEAR")) => json!(format!("{:04}", day.year())),
            (Some(day), Some("MONTH")) => json!(day.format("%Y-%m").to_string()),
            (Some(day), Some(_)) => json!(day.format("%Y-%m-%d").to_string()),
            _ => Value::Null,
        }
    }

    fn money(cents: Option<i64>, currency: Option<String>) -> Value {
        match (cents, currency) {
            (Some(cents), Some(currency)) => json!({ "amount": cents as f64 / 100.0, "currency": currency }),
            _ => Value::Null,
        }
    }

    const PROJECT_COLUMNS: &str = "id, slug, title, kind, status, start_date, start_precision, end_date, \
                                   end_precision, budget_amount_cents, budget_currency";

    /// A project row of [`PROJECT_COLUMNS`]: its id, and its fields as (a), (c) and (d) select them.
    fn project(row: &impl ProjectRow) -> Result<(i32, Map<String, Value>), sqlx::Error> {
        let id: i32 = row.int("id")?;
        let mut node = Map::new();
        node.insert("id".into(), json!(global_id("Project", id).0));
        node.insert("slug".into(), json!(row.text("slug")?));
        node.insert("title".into(), json!(row.text("title")?));
        node.insert("kind".into(), json!(row.text("kind")?));
        node.insert("status".into(), json!(row.optional_text("status")?));
        node.insert("start".into(), date(row.date("start_date")?, row.optional_text("start_precision")?));
        node.insert("end".into(), date(row.date("end_date")?, row.optional_text("end_precision")?));
        node.insert("budget".into(), money(row.big("budget_amount_cents")?, row.optional_text("budget_currency")?));
        Ok((id, node))
    }

    /// Typed reads of a row of either backend.
    trait ProjectRow {
        fn int(&self, column: &str) -> Result<i32, sqlx::Error>;
        fn big(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
        fn text(&self, column: &str) -> Result<String, sqlx::Error>;
        fn optional_text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
        fn date(&self, column: &str) -> Result<Option<NaiveDate>, sqlx::Error>;
    }

    macro_rules! typed_row {
        ($($row:ty),+) => {$(
            impl ProjectRow for $row {
                fn int(&self, column: &str) -> Result<i32, sqlx::Error> { self.try_get(column) }
                fn big(&self, column: &str) -> Result<Option<i64>, sqlx::Error> { self.try_get(column) }
                fn text(&self, column: &str) -> Result<String, sqlx::Error> { self.try_get(column) }
                fn optional_text(&self, column: &str) -> Result<Option<String>, sqlx::Error> { self.try_get(column) }
                fn date(&self, column: &str) -> Result<Option<NaiveDate>, sqlx::Error> { self.try_get(column) }
            }
        )+};
    }
    typed_row!(sqlx::postgres::PgRow, sqlx::sqlite::SqliteRow);

    /// The cursor of a project in id order.
    fn id_cursor(id: i32) -> String {
        keyset_cursor("None:false", Position { value: SortValue::Null, id })
    }

    async fn flat_page(pool: &Pool) -> Result<Value, sqlx::Error> {
        let sql = format!("SELECT {PROJECT_COLUMNS} FROM project ORDER BY id LIMIT 101");
        let rows = fetch!(pool, &sql, |row| project(row));
        edges(rows, 100, |(id, _)| id_cursor(*id))
    }

    /// A connection of edges with cursors, from `limit + 1` rows.
    fn edges(
        mut rows: Vec<(i32, Map<String, Value>)>,
        limit: usize,
        cursor: impl Fn(&(i32, Map<String, Value>)) -> String,
    ) -> Result<Value, sqlx::Error> {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let end = rows.last().map(&cursor);
        let edges: Vec<Value> = rows.iter().map(|row| json!({ "cursor": cursor(row), "node": row.1 })).collect();
        Ok(json!({ "projects": { "edges": edges, "pageInfo": { "hasNextPage": more, "endCursor": end } } }))
    }

    async fn water_since_2011(pool: &Pool) -> Result<Value, sqlx::Error> {
        let sql = format!(
            "SELECT {PROJECT_COLUMNS} FROM project WHERE start_date >= '2011-01-01' AND EXISTS (SELECT 1 FROM \
             project_domain WHERE project_domain.project_id = project.id AND domain = 'WATER_SANITATION') \
             ORDER BY id LIMIT 101"
        );
        let mut rows = fetch!(pool, &sql, |row| project(row));
        let more = rows.len() > 100;
        rows.truncate(100);
        let end = rows.last().map(|(id, _)| id_cursor(*id));
        let nodes: Vec<Value> = rows
            .into_iter()
            .map(|(_, mut node)| {
                node.remove("slug");
                Value::Object(node)
            })
            .collect();
        Ok(json!({ "projects": { "nodes": nodes, "pageInfo": { "hasNextPage": more, "endCursor": end } } }))
    }

    async fn by_start_date(pool: &Pool, after: &BTreeMap<String, String>) -> Result<Value, sqlx::Error> {
        let (day, id) = (&after["date"], &after["id"]);
        let sql = format!(
            "SELECT {PROJECT_COLUMNS}, period_start FROM project WHERE (period_start, id) > ('{day}', {id}) \
             ORDER BY period_start, id LIMIT 101"
        );
        let rows = fetch!(pool, &sql, |row| {
            let start: Option<NaiveDate> = row.try_get("period_start")?;
            project(row).map(|(id, node)| (id, node, start))
        });
        let tag = "Some(PeriodStart):false";
        let cursors: BTreeMap<i32, String> = rows
            .iter()
            .map(|(id, _, start)| {
                let value = start.map_or(SortValue::Null, SortValue::Date);
                (*id, keyset_cursor(tag, Position { value, id: *id }))
            })
            .collect();
        edges(rows.into_iter().map(|(id, node, _)| (id, node)).collect(), 100, |(id, _)| cursors[id].clone())
    }

    async fn stats_by_domain_and_year(pool: &Pool) -> Result<Value, sqlx::Error> {
        let year = match pool {
            Pool::Postgres(_) => "CAST(EXTRACT(YEAR FROM p.period_start) AS INTEGER)",
            Pool::Sqlite(_) => "CAST(substr(p.period_start, 1, 4) AS INTEGER)",
        };
        let sql = format!(
            "SELECT d.domain, {year} AS year, p.budget_currency AS currency, COUNT(*) AS projects, \
             CAST(SUM(p.budget_amount_cents) AS BIGINT) AS budget FROM project p JOIN project_domain d ON \
             d.project_id = p.id GROUP BY 1, 2, 3"
        );
        let rows = fetch!(pool, &sql, |row| {
            let domain: String = row.try_get("domain")?;
            let year: Option<i32> = row.try_get("year")?;
            let currency: Option<String> = row.try_get("currency")?;
            let projects: i64 = row.try_get("projects")?;
            let budget: Option<i64> = row.try_get("budget")?;
            Ok((domain, year, currency, projects, budget))
        });
        // By domain then year (no year first); a bucket counts projects and sums budgets by currency.
        type Bucket = (i64, BTreeMap<String, i64>);
        let mut buckets: BTreeMap<(String, Option<i32>), Bucket> = BTreeMap::new();
        for (domain, year, currency, projects, budget) in rows {
            let bucket = buckets.entry((domain, year)).or_default();
            bucket.0 += projects;
            if let (Some(currency), Some(budget)) = (currency, budget) {
                *bucket.1.entry(currency).or_default() += budget;
            }
        }
        let items: Vec<Value> = buckets
            .into_iter()
            .map(|((domain, year), (count, budgets))| {
                let budgets: Vec<Value> = budgets
                    .into_iter()
                    .map(|(currency, cents)| json!({ "amount": cents as f64 / 100.0, "currency": currency }))
                    .collect();
                json!({ "domain": domain, "year": year, "count": count, "budgets": budgets })
            })
            .collect();
        Ok(json!({ "projectStats": items }))
    }

    /// The ids in a list SQL can read.
    fn id_list(ids: impl Iterator<Item = i32>) -> String {
        let mut list = String::new();
        for id in ids {
            if !list.is_empty() {
                list.push(',');
            }
            let _ = write!(list, "{id}");
        }
        list
    }

    /// The first `limit + 1` rows of `table` of each of `parents` in id order, with `columns`.
    fn windowed(table: &str, columns: &str, parents: &str, limit: u32) -> String {
        format!(
            "SELECT {columns} FROM (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY partnership_id ORDER BY id) AS n \
             FROM {table} WHERE partnership_id IN ({parents})) AS w WHERE n <= {} ORDER BY id",
            limit + 1
        )
    }

    async fn dashboard(pool: &Pool) -> Result<Value, sqlx::Error> {
        let partnerships =
            fetch!(pool, "SELECT id, name, start_date, start_precision FROM partnership ORDER BY id LIMIT 20", |row| {
                let id: i32 = row.try_get("id")?;
                let name: String = row.try_get("name")?;
                Ok((id, name, date(row.try_get("start_date")?, row.try_get("start_precision")?)))
            });
        let parents = id_list(partnerships.iter().map(|p| p.0));
        let members_sql = format!(
            "SELECT m.partnership_id, m.side, m.role, o.id, o.name, o.kind, o.country FROM ({}) AS m JOIN organization o \
             ON o.id = m.organization_id ORDER BY m.id",
            windowed("partnership_member", "id, partnership_id, organization_id, side, role", &parents, 20)
        );
        let projects_sql = windowed(
            "project",
            "id, partnership_id, title, status, start_date, start_precision, end_date, end_precision, \
             budget_amount_cents, budget_currency",
            &parents,
            100,
        );
        let delegations_sql = windowed(
            "delegation",
            "id, partnership_id, title, direction, start_date, start_precision, end_date, end_precision",
            &parents,
            100,
        );
        let mut members: BTreeMap<i32, Vec<Value>> = BTreeMap::new();
        for (parent, member) in fetch!(pool, &members_sql, |row| {
            let parent: i32 = row.try_get(0)?;
            let organization: i32 = row.try_get(3)?;
            Ok((
                parent,
                json!({
                    "side": row.try_get::<String, _>(1)?, "role": row.try_get::<String, _>(2)?,
                    "organization": { "id": global_id("Organization", organization).0, "name": row.try_get::<String, _>(4)?,
                        "kind": row.try_get::<String, _>(5)?, "country": row.try_get::<String, _>(6)? },
                }),
            ))
        }) {
            members.entry(parent).or_default().push(member);
        }
        type Node = (i32, Map<String, Value>);
        let mut projects: BTreeMap<i32, Vec<Node>> = BTreeMap::new();
        for (parent, id, node) in fetch!(pool, &projects_sql, |row| {
            let id: i32 = row.try_get("id")?;
            let mut node = Map::new();
            node.insert("id".into(), json!(global_id("Project", id).0));
            node.insert("title".into(), json!(row.try_get::<String, _>("title")?));
            node.insert("status".into(), json!(row.try_get::<Option<String>, _>("status")?));
            node.insert("start".into(), date(row.try_get("start_date")?, row.try_get("start_precision")?));
            node.insert("end".into(), date(row.try_get("end_date")?, row.try_get("end_precision")?));
            node.insert("budget".into(), money(row.try_get("budget_amount_cents")?, row.try_get("budget_currency")?));
            Ok((row.try_get::<i32, _>("partnership_id")?, id, node))
        }) {
            projects.entry(parent).or_default().push((id, node));
        }
        let shown = projects.values().flat_map(|rows| rows.iter().take(100).map(|(id, _)| *id));
        let domains_sql = format!(
            "SELECT project_id, domain, dac_code FROM project_domain WHERE project_id IN ({}) ORDER BY id",
            id_list(shown)
        );
        let mut domains: BTreeMap<i32, Vec<Value>> = BTreeMap::new();
        for (project, domain) in fetch!(pool, &domains_sql, |row| {
            let project: i32 = row.try_get(0)?;
            Ok((
                project,
                json!({ "domain": row.try_get::<String, _>(1)?, "dacCode": row.try_get::<Option<String>, _>(2)? }),
            ))
        }) {
            domains.entry(project).or_default().push(domain);
        }
        let mut delegations: BTreeMap<i32, Vec<Value>> = BTreeMap::new();
        for (parent, delegation) in fetch!(pool, &delegations_sql, |row| {
            let id: i32 = row.try_get("id")?;
            Ok((
                row.try_get::<i32, _>("partnership_id")?,
                json!({
                    "id": global_id("Delegation", id).0, "title": row.try_get::<String, _>("title")?,
                    "direction": row.try_get::<String, _>("direction")?,
                    "start": date(row.try_get("start_date")?, row.try_get("start_precision")?),
                    "end": date(row.try_get("end_date")?, row.try_get("end_precision")?),
                }),
            ))
        }) {
            delegations.entry(parent).or_default().push(delegation);
        }
        let nodes: Vec<Value> = partnerships
            .into_iter()
            .map(|(id, name, start)| {
                let members: Vec<Value> = members.remove(&id).unwrap_or_default().into_iter().take(20).collect();
                let projects: Vec<Value> = projects
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .take(100)
                    .map(|(project, mut node)| {
                        node.insert("domains".into(), json!(domains.remove(&project).unwrap_or_default()));
                        Value::Object(node)
                    })
                    .collect();
                let delegations: Vec<Value> =
                    delegations.remove(&id).unwrap_or_default().into_iter().take(100).collect();
                json!({
                    "id": global_id("Partnership", id).0, "name": name, "start": start,
                    "members": { "nodes": members }, "projects": { "nodes": projects },
                    "delegations": { "nodes": delegations },
                })
            })
            .collect();
        Ok(json!({ "partnerships": { "nodes": nodes } }))
    }
}
