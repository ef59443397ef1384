//! What a write costs: `cargo bench --bench writes` changes one project's title `COOPKB_BENCH_WRITES` times
//! (default 500) in three ways, on a temporary SQLite database and, when `COOPKB_BENCH_POSTGRES_URL` is set, on a
//! fresh PostgreSQL database, each loaded with the built-in knowledge:
//!
//! - *floor*: the same UPDATE in its own transaction, without coopkb's write path;
//! - *write path*: `Write::begin` → `update` → `commit` (data version, version check, rules, references, history
//!   row, search index entry, change event);
//! - *mutation*: `updateProject` sent to the router (HTTP stack in process, token check, GraphQL, write path).
//!
//! It also times the history row and the search-index refresh alone. Each figure is the median of
//! `COOPKB_BENCH_REPEATS` rounds (default 3), interleaved; one client, one write at a time.

#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::collections::BTreeSet;
use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, header};
use coopkb::app::{self, AppState};
use coopkb::config::Config;
use coopkb::write::{ChangeFeed, Write};
use entity::{Role, SubjectKind};
use http_body_util::BodyExt;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Statement, TransactionTrait};
use tower::ServiceExt;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

struct Subject {
    state: AppState,
    router: axum::Router,
    token: String,
    id: i32,
    global_id: String,
}

impl Subject {
    async fn new(url: &str) -> Self {
        let config = Config::for_database(url);
        let state = app::prepare(&config).await.expect("migrate and load");
        let router = app::router(state.clone(), &config);
        let token = coopkb::auth::create(&state.db, "bench", Role::Editor).await.expect("token");
        let project = entity::project::Entity::find().one(&state.db).await.expect("read").expect("a project");
        let global_id = coopkb::graphql::ids::global_id("Project", project.id).0;
        Self { state, router, token, id: project.id, global_id }
    }

    fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    async fn version(&self) -> i32 {
        entity::project::Entity::find_by_id(self.id).one(self.db()).await.unwrap().unwrap().version
    }

    /// Microseconds per write of `write`, run `n` times.
    async fn time<F: AsyncFnMut(&Self, usize)>(&self, n: usize, mut write: F) -> f64 {
        let started = Instant::now();
        for i in 0..n {
            write(self, i).await;
        }
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    }

    async fn floor(&self, i: usize) {
        let txn = self.db().begin().await.unwrap();
        let backend = txn.get_database_backend();
        let sql = if backend == sea_orm::DbBackend::Postgres {
            "UPDATE project SET title = $1, version = version + 1, updated_at = $2 WHERE id = $3"
        } else {
            "UPDATE project SET title = ?, version = version + 1, updated_at = ? WHERE id = ?"
        };
        let values = [format!("floor {i}").into(), chrono::Utc::now().into(), self.id.into()];
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.unwrap();
        txn.commit().await.unwrap();
    }

    async fn write_path(&self, i: usize) {
        let version = self.version().await;
        let mut write = Write::begin(self.db(), "bench", &ChangeFeed::default()).await.unwrap();
        let patch = entity::project::ActiveModel { title: Set(format!("write path {i}")), ..Default::default() };
        write.update(self.id, version, patch, "input").await.unwrap();
        write.commit().await.unwrap();
    }

    async fn mutation(&self, i: usize) {
        let version = self.version().await;
        let body = serde_json::json!({
            "query": "mutation($id: ID!, $v: Int!, $t: String!) { updateProject(id: $id, version: $v, input: { title: $t }) { version } }",
            "variables": { "id": self.global_id, "v": version, "t": format!("mutation {i}") },
        });
        let request = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert!(!bytes.windows(8).any(|w| w == b"\"errors\""), "{}", String::from_utf8_lossy(&bytes));
    }

    async fn version_read(&self, _i: usize) {
        std::hint::black_box(self.version().await);
    }

    async fn reindex(&self, _i: usize) {
        let txn = self.db().begin().await.unwrap();
        coopkb::db::search::reindex(&txn, &BTreeSet::from([(SubjectKind::Project, self.id)])).await.unwrap();
        txn.commit().await.unwrap();
    }

    async fn history_row(&self, i: usize) {
        let txn = self.db().begin().await.unwrap();
        let row = entity::history::ActiveModel {
            data_version: Set(i as i64),
            at: Set(chrono::Utc::now()),
            actor: Set("bench".to_owned()),
            operation: Set(entity::ChangeOperation::Update),
            subject_kind: Set(SubjectKind::Project),
            subject_id: Set(self.id),
            before: Set(Some("{\"title\":\"before\"}".repeat(20))),
            after: Set(Some("{\"title\":\"after\"}".repeat(20))),
            ..Default::default()
        };
        entity::history::Entity::insert(row).exec_without_returning(&txn).await.unwrap();
        txn.commit().await.unwrap();
    }
}

async fn bench(backend: &str, url: &str, n: usize, repeats: usize) -> Vec<String> {
    let subject = Subject::new(url).await;
    let names = ["floor", "write path", "mutation", "version read", "search index refresh", "history row"];
    let mut rounds: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for _ in 0..repeats {
        rounds[0].push(subject.time(n, Subject::floor).await);
        rounds[1].push(subject.time(n, Subject::write_path).await);
        rounds[2].push(subject.time(n, Subject::mutation).await);
        rounds[3].push(subject.time(n, Subject::version_read).await);
        rounds[4].push(subject.time(n, Subject::reindex).await);
        rounds[5].push(subject.time(n, Subject::history_row).await);
    }
    let floor = median(rounds[0].clone());
    names
        .iter()
        .zip(rounds)
        .map(|(name, values)| {
            let micros = median(values);
            format!("| {backend} | {name} | {micros:.0} | {:.0} | {:.2} |", 1e6 / micros, micros / floor)
        })
        .collect()
}

fn main() {
    let n = env_or("COOPKB_BENCH_WRITES", 500);
    let repeats = env_or("COOPKB_BENCH_REPEATS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let work = tempfile::tempdir().expect("temporary directory");
    let mut rows = Vec::new();
    runtime.block_on(async {
        let sqlite = format!("sqlite://{}?mode=rwc", work.path().join("writes.db").display());
        rows.extend(bench("SQLite", &sqlite, n, repeats).await);
        if let Ok(server) = std::env::var("COOPKB_BENCH_POSTGRES_URL") {
            let name = format!("coopkb_bench_writes_{}", std::process::id());
            let admin = sea_orm::Database::connect(&server).await.expect("connect to PostgreSQL");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create");
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            rows.extend(bench("PostgreSQL", &format!("{base}/{name}"), n, repeats).await);
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
        }
    });
    println!("{n} writes x {repeats} rounds (median), one at a time\n");
    println!("| backend | what | µs per write | writes/s | / floor |");
    println!("|---|---|---:|---:|---:|");
    for row in rows {
        println!("{row}");
    }
}
