//! Query plans: every ordering the API offers reads a page as a range of an index, on a fresh cursor as deep in
//! the list as anywhere, and every project filter is answered through an index, on both databases.

use coopkb::db::page::page_statements;
use coopkb::db::project::{BudgetRange, ProjectFilter};
use coopkb::db::{Keyed, Ordering, PageRequest, Position, SortValue};
use entity::{delegation, document, event, organization, partnership, project};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};

use crate::helpers::{Backend, TestDatabase, backends};

/// The plan of `statement`, a line per step. PostgreSQL is told not to scan tables sequentially, so a
/// sequential scan in the plan means no index could serve.
async fn plan(db: &DatabaseConnection, statement: Statement) -> String {
    let explain = |prefix: &str| Statement {
        sql: format!("{prefix} {}", statement.sql),
        values: statement.values.clone(),
        db_backend: statement.db_backend,
    };
    let txn = db.begin().await.expect("transaction");
    let rows = match db.get_database_backend() {
        DbBackend::Sqlite => txn.query_all_raw(explain("EXPLAIN QUERY PLAN")).await.expect("explain"),
        _ => {
            txn.execute_unprepared("SET LOCAL enable_seqscan = off").await.expect("set");
            txn.query_all_raw(explain("EXPLAIN")).await.expect("explain")
        }
    };
    let column = if db.get_database_backend() == DbBackend::Sqlite { "detail" } else { "QUERY PLAN" };
    rows.iter().map(|row| row.try_get::<String>("", column).expect("plan line")).collect::<Vec<_>>().join("\n")
}

/// Whether the plan reads all of `table` rather than a range of one of its indexes.
fn scans_whole(plan: &str, table: &str) -> bool {
    plan.lines().any(|line| {
        let line = line.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
        let sqlite = [format!("SCAN {table}"), format!("SCAN TABLE {table}")]
            .iter()
            .any(|scan| line == scan || (line.starts_with(&format!("{scan} ")) && !line.contains("USING")));
        sqlite || line.starts_with(&format!("Seq Scan on {table}"))
    })
}

async fn check_ordering<E: Keyed>(
    db: &DatabaseConnection,
    column: E::Column,
    value: SortValue,
    failures: &mut Vec<String>,
) where
    E::Column: std::fmt::Debug,
{
    let table = E::default().table_name().to_owned();
    let index = format!("ix_{table}_{}_id", sea_orm::IdenStatic::as_str(&column));
    for descending in [false, true] {
        let ordering = Ordering { column: Some(column), descending };
        let deep = Position { value: value.clone(), id: 1_000 };
        let requests = [
            ("first page", PageRequest { after: None, before: None, limit: 100, from_end: false }),
            (
                "page after a cursor",
                PageRequest { after: Some(deep.clone()), before: None, limit: 100, from_end: false },
            ),
            ("page before a cursor", PageRequest { after: None, before: Some(deep), limit: 100, from_end: true }),
        ];
        for (label, request) in requests {
            // The part without values may walk the primary key (ids are its order) and stop after its rows.
            let mut plans = Vec::new();
            for statement in page_statements(db.get_database_backend(), E::find(), &ordering, &request) {
                plans.push(plan(db, statement).await);
            }
            let plans = plans.join("\n");
            if scans_whole(&plans, &table) || !plans.contains(&index) {
                failures.push(format!("{table} by {column:?} (descending: {descending}), {label}:\n{plans}"));
            }
        }
    }
}

async fn check_filter(db: &DatabaseConnection, label: &str, filter: ProjectFilter, failures: &mut Vec<String>) {
    let statements = page_statements(
        db.get_database_backend(),
        filter.select(),
        &Ordering::default(),
        &PageRequest { after: None, before: None, limit: 100, from_end: false },
    );
    let [statement] = statements.as_slice() else { panic!("an ordering by id reads one part: {statements:?}") };
    let plan = plan(db, statement.clone()).await;
    // A page in id order may walk the primary key and stop after its rows; anything else must use an index.
    let walks_primary_key = plan.contains("PRIMARY KEY")
        || plan.contains("project_pkey")
        || plan.lines().any(|l| l.trim_start_matches(|c: char| !c.is_ascii_alphabetic()) == "SCAN project");
    if !walks_primary_key && scans_whole(&plan, "project") {
        failures.push(format!("projects filtered by {label}:\n{plan}"));
    }
}

async fn check_backend(backend: &Backend) -> Vec<String> {
    let (_database, db) = TestDatabase::migrated(backend).await;
    coopkb::synthetic::generate(&db, 1, true).await.expect("synthetic data");
    let mut failures = Vec::new();
    let date = SortValue::Date(chrono::NaiveDate::from_ymd_opt(2010, 6, 1).expect("date"));
    let text = SortValue::Text("M".to_owned());
    check_ordering::<project::Entity>(&db, project::Column::PeriodStart, date.clone(), &mut failures).await;
    check_ordering::<project::Entity>(&db, project::Column::PeriodEnd, date.clone(), &mut failures).await;
    check_ordering::<project::Entity>(&db, project::Column::Title, text.clone(), &mut failures).await;
    check_ordering::<project::Entity>(
        &db,
        project::Column::BudgetAmountCents,
        SortValue::Int(50_000_000),
        &mut failures,
    )
    .await;
    check_ordering::<partnership::Entity>(&db, partnership::Column::PeriodStart, date.clone(), &mut failures).await;
    check_ordering::<partnership::Entity>(&db, partnership::Column::Name, text.clone(), &mut failures).await;
    check_ordering::<organization::Entity>(&db, organization::Column::Name, text.clone(), &mut failures).await;
    check_ordering::<delegation::Entity>(&db, delegation::Column::PeriodStart, date.clone(), &mut failures).await;
    let instant = SortValue::Time(chrono::DateTime::from_timestamp(1_300_000_000, 0).expect("instant"));
    check_ordering::<event::Entity>(&db, event::Column::StartsAt, instant, &mut failures).await;
    check_ordering::<document::Entity>(&db, document::Column::PeriodStart, date.clone(), &mut failures).await;
    check_ordering::<document::Entity>(&db, document::Column::Title, text, &mut failures).await;

    let range = coopkb::db::filter::DateRange { from: chrono::NaiveDate::from_ymd_opt(2011, 1, 1), to: None };
    let filters = [
        ("domains", ProjectFilter { domains: vec![entity::Domain::WaterSanitation], ..Default::default() }),
        ("kinds", ProjectFilter { kinds: vec![entity::ProjectKind::Works], ..Default::default() }),
        ("statuses", ProjectFilter { statuses: vec![entity::ProjectStatus::Closed], ..Default::default() }),
        (
            "partnership",
            ProjectFilter { partnership: Some("synthetic-partnership-3".to_owned()), ..Default::default() },
        ),
        (
            "participant",
            ProjectFilter { participant: Some(("synthetic-organization-3".to_owned(), None)), ..Default::default() },
        ),
        ("country", ProjectFilter { country: Some("PS".to_owned()), ..Default::default() }),
        ("period", ProjectFilter { period: Some(range), ..Default::default() }),
        ("started", ProjectFilter { started: Some(range), ..Default::default() }),
        (
            "budget",
            ProjectFilter {
                budget: Some(BudgetRange { min_cents: Some(1), max_cents: None, currency: "EUR".to_owned() }),
                ..Default::default()
            },
        ),
        ("has citation", ProjectFilter { has_citation: Some(true), ..Default::default() }),
    ];
    for (label, filter) in filters {
        check_filter(&db, label, filter, &mut failures).await;
    }
    failures
}

#[tokio::test]
async fn orderings_and_filters_are_served_by_indexes() {
    for backend in backends() {
        let failures = check_backend(&backend).await;
        assert!(
            failures.is_empty(),
            "[{backend:?}] {} plans without an index:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

/// SQLite's plans never depend on bound values (its build turns the planner's stability guarantee on, and leaves
/// out the value histograms only such plans use): otherwise a statement whose plan could use a bound value, as
/// any `LIMIT ?` can, is compiled again every time a value is bound. The row counts of the indexes stay.
#[tokio::test]
async fn sqlite_plans_do_not_depend_on_bound_values() {
    let (_database, db) = TestDatabase::migrated(&Backend::Sqlite).await;
    coopkb::knowledge::migrate_and_load_if_empty(&db).await.expect("the built-in knowledge");
    coopkb::db::analyze(&db).await.expect("analyze");
    let texts = |sql: &str| {
        let db = db.clone();
        let statement = Statement::from_string(DbBackend::Sqlite, sql);
        async move {
            let rows = db.query_all_raw(statement).await.expect("query");
            rows.iter().map(|row| row.try_get_by_index::<String>(0).expect("text")).collect::<Vec<_>>()
        }
    };
    let statistics = texts("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite\\_stat%' ESCAPE '\\' ORDER BY name");
    assert_eq!(statistics.await, ["sqlite_stat1"]);
    let options = texts("PRAGMA compile_options").await;
    assert!(options.iter().any(|option| option == "ENABLE_QPSG"), "{options:?}");
    assert!(!options.iter().any(|option| option.starts_with("ENABLE_STAT")), "{options:?}");
}
