//! The HTTP benchmark of the named requests in `benches/requests`, as a dashboard and a researcher send them.
//!
//! `cargo bench --bench http` generates the synthetic data set at each scale (`COOPKB_BENCH_SCALES`, default
//! `1,20`) into a temporary SQLite database and, when `COOPKB_BENCH_POSTGRES_URL` is set, into a fresh PostgreSQL
//! database; starts the release `coopkb serve` on it; and loads each request with `wrk` (Debian's package) over 2
//! connections for `COOPKB_BENCH_SECONDS` (default 5), `COOPKB_BENCH_REPEATS` times (default 3, the median is
//! reported). For each request it reports the SQL statements it runs (from `/metrics`), the server's CPU time per
//! request (from `/proc`), p50/p99 latency and throughput, and the server's peak resident memory.
//!
//! It also starts a **floor** server (this same program, in another process): for (a), (b) and (c) it runs the
//! same SQL through the same `db::` functions and writes the same JSON, with no GraphQL in between; the report
//! gives the GraphQL layer's cost as the ratio of CPU per request. `COOPKB_BENCH_BINARY` runs another `coopkb`
//! binary (an earlier build, to measure a change) instead of the one cargo built.

// A benchmark stops at the first thing that goes wrong.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const REQUESTS: &[(&str, &str, &str)] = &[
    ("a", "flat page of 100 projects", include_str!("requests/a_flat_page.graphql")),
    ("b", "nested dashboard", include_str!("requests/b_dashboard.graphql")),
    ("c", "water projects since 2011", include_str!("requests/c_water_since_2011.graphql")),
    ("d", "page 40 by start date", include_str!("requests/d_deep_page.graphql")),
    ("e", "projectStats by domain and year", include_str!("requests/e_project_stats.graphql")),
    ("f", "search a common word", include_str!("requests/f_search.graphql")),
];

/// Whether the floor serves a request (the ones made of rows, not aggregations or search).
fn has_floor(letter: &str) -> bool {
    matches!(letter, "a" | "b" | "c")
}

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
    cpu_ms: f64,
}

/// Loads `path` of `process` with `body` for `seconds` with wrk, 2 connections, and the CPU the process used.
fn load(process: &Process, path: &str, body: &str, seconds: u64, script_dir: &Path) -> Run {
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
    let ticks = process.cpu_ticks();
    let output = Command::new("wrk")
        .args(["-t1", "-c2", &format!("-d{seconds}s"), "--timeout", "30s", "-s"])
        .arg(&script)
        .arg(format!("http://{}{path}", process.address))
        .output()
        .expect("wrk (apt install wrk)");
    let cpu_ticks = process.cpu_ticks() - ticks;
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

    println!(
        "{:<36} {:>10} {:>8} {:>8} {:>8} {:>9} {:>10} {:>7}",
        "request", "statements", "p50 ms", "p99 ms", "req/s", "CPU ms/req", "floor CPU", "ratio"
    );
    let mut rows = Vec::new();
    for (letter, name, query) in REQUESTS {
        let body = body_of(&server, letter, query);
        let before = statements(&server);
        let (status, answer) = http(server.address, "POST", "/graphql", &body);
        let count = statements(&server) - before;
        assert!(status == 200 && !answer.contains("\"errors\""), "({letter}) {name}: {answer}");
        let runs: Vec<Run> = (0..repeats).map(|_| load(&server, "/graphql", &body, seconds, work)).collect();
        let graphql = median_run(&runs);
        let (floor_cpu, ratio) = if has_floor(letter) {
            let (_, floor_answer) = http(floor.address, "POST", &format!("/floor/{letter}"), "");
            let same = serde_json::from_str::<Value>(&floor_answer).ok() == serde_json::from_str::<Value>(&answer).ok();
            assert!(same, "({letter}) the floor must write the same JSON:\n{floor_answer}\n{answer}");
            let runs: Vec<Run> =
                (0..repeats).map(|_| load(&floor, &format!("/floor/{letter}"), "", seconds, work)).collect();
            let floor_run = median_run(&runs);
            (format!("{:.2}", floor_run.cpu_ms), format!("{:.1}×", graphql.cpu_ms / floor_run.cpu_ms))
        } else {
            ("".to_owned(), "".to_owned())
        };
        let label = format!("({letter}) {name}");
        println!(
            "{label:<36} {count:>10} {:>8.2} {:>8.2} {:>8.0} {:>9.2} {floor_cpu:>10} {ratio:>7}",
            graphql.p50_ms, graphql.p99_ms, graphql.per_second, graphql.cpu_ms
        );
        rows.push(format!(
            "| {backend} | {scale} | {label} | {count} | {:.2} | {:.2} | {:.0} | {:.2} | {floor_cpu} | {ratio} |",
            graphql.p50_ms, graphql.p99_ms, graphql.per_second, graphql.cpu_ms
        ));
    }
    println!(
        "server memory: peak {:.1} MiB, resident now {:.1} MiB",
        server.memory_mib("VmHWM"),
        server.memory_mib("VmRSS")
    );
    rows.push(format!(
        "| {backend} | {scale} | peak resident memory of the server: {:.1} MiB | | | | | | | |",
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
        "\n| backend | scale | request | statements | p50 ms | p99 ms | req/s | CPU ms/req | floor CPU ms/req | GraphQL / floor |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
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

/// The floor: the rows of (a), (b) and (c) read with the same SQL and written as the same JSON, without GraphQL.
mod floor {
    use std::net::SocketAddr;
    use std::sync::Arc;

    use async_graphql::InputType;
    use axum::extract::{Path, State};
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use axum::routing::{get, post};
    use coopkb::db::filter::DateRange;
    use coopkb::db::project::ProjectFilter;
    use coopkb::db::{self, Along, ChildWindow, Ordering, PageRequest};
    use coopkb::graphql::ids::global_id;
    use coopkb::graphql::pagination::{keyset_cursor, ordering_tag};
    use coopkb::graphql::scalars::PartialDate;
    use coopkb::graphql::types::{Money, enums};
    use entity::{delegation, organization, partnership, partnership_member, project, project_domain};
    use sea_orm::{Condition, DatabaseConnection, DbErr, EntityTrait, RelationTrait};
    use serde_json::{Value, json};

    pub fn serve(address: SocketAddr) {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
            let db = db::connect(&url, 10).await.expect("connect");
            let app = axum::Router::new()
                .route("/readyz", get(|| async { "ready" }))
                .route("/floor/{letter}", post(answer))
                .with_state(Arc::new(db));
            let listener = tokio::net::TcpListener::bind(address).await.expect("bind");
            axum::serve(listener, app).await.expect("serve");
        });
    }

    async fn answer(State(db): State<Arc<DatabaseConnection>>, Path(letter): Path<String>) -> impl IntoResponse {
        let data = match letter.as_str() {
            "a" => flat_page(&db).await,
            "b" => dashboard(&db).await,
            _ => water_since_2011(&db).await,
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

    fn name<T: InputType>(value: T) -> Value {
        value.to_value().into_json().unwrap_or(Value::Null)
    }

    fn date(date: Option<chrono::NaiveDate>, precision: Option<entity::DatePrecision>) -> Value {
        PartialDate::from_columns(date, precision).map_or(Value::Null, name)
    }

    fn money(cents: Option<i64>, currency: Option<&str>) -> Value {
        Money::from_columns(cents, currency)
            .map_or(Value::Null, |m| json!({ "amount": m.amount, "currency": m.currency }))
    }

    /// The fields (a) and (c) select of a project; (a) adds its slug.
    fn project_row(row: &project::Model) -> Value {
        json!({
            "id": global_id("Project", row.id).0,
            "title": row.title,
            "kind": name(enums::ProjectKind::from(row.kind)),
            "status": row.status.map_or(Value::Null, |s| name(enums::ProjectStatus::from(s))),
            "start": date(row.start_date, row.start_precision),
            "end": date(row.end_date, row.end_precision),
            "budget": money(row.budget_amount_cents, row.budget_currency.as_deref()),
        })
    }

    const FIRST_100: PageRequest = PageRequest { after: None, before: None, limit: 100, from_end: false };

    async fn flat_page(db: &DatabaseConnection) -> Result<Value, DbErr> {
        let ordering = Ordering::<project::Column>::default();
        let page = db::page(db, project::Entity::find(), &ordering, &FIRST_100).await?;
        let tag = ordering_tag(&ordering);
        let cursor = |row: &project::Model| keyset_cursor(&tag, db::position_of::<project::Entity>(row, &ordering));
        let edges: Vec<Value> = page
            .rows
            .iter()
            .map(|row| {
                let mut node = project_row(row);
                node["slug"] = json!(row.slug);
                json!({ "cursor": cursor(row), "node": node })
            })
            .collect();
        let end = page.rows.last().map(cursor);
        Ok(json!({ "projects": { "edges": edges, "pageInfo": { "hasNextPage": page.has_more, "endCursor": end } } }))
    }

    async fn water_since_2011(db: &DatabaseConnection) -> Result<Value, DbErr> {
        let filter = ProjectFilter {
            domains: vec![entity::Domain::WaterSanitation],
            started: Some(DateRange { from: chrono::NaiveDate::from_ymd_opt(2011, 1, 1), to: None }),
            ..ProjectFilter::default()
        };
        let ordering = Ordering::<project::Column>::default();
        let page = db::page(db, filter.select(), &ordering, &FIRST_100).await?;
        let tag = ordering_tag(&ordering);
        let end = page.rows.last().map(|row| keyset_cursor(&tag, db::position_of::<project::Entity>(row, &ordering)));
        let nodes: Vec<Value> = page.rows.iter().map(project_row).collect();
        Ok(json!({ "projects": { "nodes": nodes, "pageInfo": { "hasNextPage": page.has_more, "endCursor": end } } }))
    }

    async fn dashboard(db: &DatabaseConnection) -> Result<Value, DbErr> {
        let first_20 = PageRequest { limit: 20, ..FIRST_100 };
        let partnerships = db::page(db, partnership::Entity::find(), &Ordering::default(), &first_20).await?.rows;
        let ids: Vec<i32> = partnerships.iter().map(|p| p.id).collect();
        let window = |limit| ChildWindow { after: None, before: None, limit, from_end: false };
        let members = db::children_in_window::<partnership_member::Entity>(
            partnership_member::Column::PartnershipId,
            &ids,
            Condition::all(),
            &window(20),
        );
        let projects = db::children_in_window::<project::Entity>(
            project::Column::PartnershipId,
            &ids,
            Condition::all(),
            &window(100),
        );
        let delegations = db::children_in_window::<delegation::Entity>(
            delegation::Column::PartnershipId,
            &ids,
            Condition::all(),
            &window(100),
        );
        let (mut members, mut projects, mut delegations) = tokio::try_join!(
            db::read_children(
                db,
                members,
                Some(Along::Organization(partnership_member::Relation::Organization.def())),
                |m| Some(m.partnership_id)
            ),
            db::read_children(db, projects, Some(Along::Domains(project_domain::Relation::Project.def().rev())), |p| {
                Some(p.partnership_id)
            }),
            db::read_children(db, delegations, None, |d| Some(d.partnership_id)),
        )?;
        let nodes: Vec<Value> = partnerships.iter().map(|p| {
            let members = members.remove(&p.id).unwrap_or_default();
            let organizations: std::collections::HashMap<i32, &organization::Model> = members.organizations.iter().map(|o| (o.id, o)).collect();
            let members: Vec<Value> = members.rows.iter().take(20).map(|m| {
                let organization = organizations.get(&m.organization_id).map_or(Value::Null, |o| json!({
                    "id": global_id("Organization", o.id).0, "name": o.name, "kind": name(enums::OrganizationKind::from(o.kind)), "country": o.country,
                }));
                json!({ "side": name(enums::MemberSide::from(m.side)), "role": name(enums::MemberRole::from(m.role)), "organization": organization })
            }).collect();
            let projects = projects.remove(&p.id).unwrap_or_default();
            let domains: std::collections::HashMap<i32, &Vec<project_domain::Model>> = projects.domains.iter().map(|(id, d)| (*id, d)).collect();
            let projects: Vec<Value> = projects.rows.iter().take(100).map(|row| {
                let domains: Vec<Value> = domains.get(&row.id).map(|d| d.iter().map(|d| json!({ "domain": name(enums::Domain::from(d.domain)), "dacCode": d.dac_code })).collect()).unwrap_or_default();
                json!({
                    "id": global_id("Project", row.id).0, "title": row.title,
                    "status": row.status.map_or(Value::Null, |s| name(enums::ProjectStatus::from(s))),
                    "start": date(row.start_date, row.start_precision), "end": date(row.end_date, row.end_precision),
                    "budget": money(row.budget_amount_cents, row.budget_currency.as_deref()), "domains": domains,
                })
            }).collect();
            let delegations: Vec<Value> = delegations.remove(&p.id).unwrap_or_default().rows.iter().take(100).map(|d| json!({
                "id": global_id("Delegation", d.id).0, "title": d.title, "direction": name(enums::DelegationDirection::from(d.direction)),
                "start": date(d.start_date, d.start_precision), "end": date(d.end_date, d.end_precision),
            })).collect();
            json!({
                "id": global_id("Partnership", p.id).0, "name": p.name, "start": date(p.start_date, p.start_precision),
                "members": { "nodes": members }, "projects": { "nodes": projects }, "delegations": { "nodes": delegations },
            })
        }).collect();
        Ok(json!({ "partnerships": { "nodes": nodes } }))
    }
}
