//! Latency of search and dashboard aggregations on a synthetic data set (scale 20: 100,000 projects).
//!
//! `cargo bench --bench search_and_stats` generates the data set once into a temporary SQLite file (and into a
//! fresh PostgreSQL database when `COOPKB_BENCH_POSTGRES_URL` is set), then sends each named request through
//! the real router many times and prints its median, 99th percentile and mean latency. `COOPKB_BENCH_SCALE`
//! changes the scale, `COOPKB_BENCH_RUNS` the number of runs per request.

// A benchmark that cannot set itself up has nothing to report: it stops.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use coopkb::app;
use coopkb::config::Config;
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use tower::ServiceExt;

const REQUESTS: &[(&str, &str)] = &[
    (
        "search: one common word",
        r#"{ search(query: "assainissement", first: 20) { edges { node { score title snippet { text } } } } }"#,
    ),
    ("search: a prefix", r#"{ search(query: "kafr bel*", first: 20) { edges { node { kind title } } } }"#),
    (
        "search: a phrase, projects only",
        r#"{ search(query: "\"services publics\"", kinds: [PROJECT], first: 20) { totalCount edges { node { title } } } }"#,
    ),
    ("search: a rare name", r#"{ search(query: "tulkarm", first: 20) { edges { node { title } } } }"#),
    (
        "projectStats by domain",
        "{ projectStats(groupBy: [DOMAIN]) { domain count budgets { amount currency } firstYear lastYear } }",
    ),
    (
        "projectStats by domain and year",
        "{ projectStats(groupBy: [DOMAIN, YEAR]) { domain year count budgets { amount } } }",
    ),
    (
        "projectStats by country, water only",
        "{ projectStats(groupBy: [COUNTRY], filter: { domains: [WATER_SANITATION] }) { country count } }",
    ),
    ("projectStats by organization", "{ projectStats(groupBy: [ORGANIZATION]) { organization { name } count } }"),
    ("timelineBuckets by year", "{ timelineBuckets(bucket: YEAR) { period total } }"),
    ("overview", "{ overview { projects sourcedFacts unsourcedFacts } }"),
];

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    sorted[((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1]
}

async fn run(label: &str, database_url: String, scale: u32, runs: usize) {
    let config = Config::for_database(database_url);
    let state = app::prepare(&config).await.expect("prepare the database");
    let started = Instant::now();
    coopkb::synthetic::generate(&state.db, scale, true).await.expect("generate synthetic data");
    println!("\n{label}: scale {scale} generated in {:.1} s", started.elapsed().as_secs_f64());
    let router = app::router(state, &config);
    println!("{:<40} {:>10} {:>10} {:>10}", "request", "p50 ms", "p99 ms", "mean ms");
    for (name, query) in REQUESTS {
        let mut timings = Vec::with_capacity(runs);
        for _ in 0..runs + 2 {
            let request = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json!({ "query": query }).to_string()))
                .expect("request");
            let started = Instant::now();
            let response = router.clone().oneshot(request).await.expect("response");
            let body = response.into_body().collect().await.expect("body").to_bytes();
            timings.push(started.elapsed());
            assert!(!body.windows(9).any(|w| w == b"\"errors\":"), "{name}: {}", String::from_utf8_lossy(&body));
        }
        timings.drain(..2); // warm-up
        timings.sort();
        let mean = timings.iter().sum::<Duration>() / timings.len() as u32;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<40} {:>10.2} {:>10.2} {:>10.2}",
            ms(percentile(&timings, 0.5)),
            ms(percentile(&timings, 0.99)),
            ms(mean)
        );
    }
}

fn main() {
    let scale: u32 = std::env::var("COOPKB_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let runs: usize = std::env::var("COOPKB_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let directory = tempfile::tempdir().expect("temporary directory");
        let sqlite = format!("sqlite://{}?mode=rwc", directory.path().join("bench.db").display());
        run("SQLite", sqlite, scale, runs).await;
        if let Ok(server) = std::env::var("COOPKB_BENCH_POSTGRES_URL") {
            let name = format!("coopkb_bench_{}", std::process::id());
            let admin = Database::connect(server.as_str()).await.expect("connect to PostgreSQL");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create the database");
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            run("PostgreSQL", format!("{base}/{name}"), scale, runs).await;
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
        }
    });
}
