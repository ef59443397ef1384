//! The synthetic data generator: deterministic, marked, and kept apart from real knowledge.

use coopkb::synthetic::{self, SyntheticError};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::helpers::{TestApp, TestDatabase, backends};

/// A digest of the generated rows that ignores timestamps.
async fn fingerprint(db: &DatabaseConnection) -> Vec<String> {
    let sql = "SELECT p.slug || '|' || p.title || '|' || p.kind || '|' || COALESCE(CAST(p.start_date AS TEXT), '') || '|' \
               || COALESCE(CAST(p.budget_amount_cents AS TEXT), '') || '|' || o.slug || '|' || pp.role \
               FROM project p JOIN project_participant pp ON pp.project_id = p.id JOIN organization o ON o.id = pp.organization_id \
               ORDER BY p.id, pp.id";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    rows.iter().map(|row| row.try_get_by_index::<String>(0).expect("text")).collect()
}

#[tokio::test]
async fn the_same_scale_gives_the_same_rows() {
    for backend in backends() {
        let (_first_database, first) = TestDatabase::migrated(&backend).await;
        let (_second_database, second) = TestDatabase::migrated(&backend).await;
        let report = synthetic::generate(&first, 1, false).await.expect("generate");
        assert_eq!((report.organizations, report.partnerships, report.projects), (50, 100, 5_000));
        assert_eq!((report.delegations, report.documents), (1_000, 500));
        assert_eq!(report.citations, 50 + 100 + 5_000 + 1_000, "a citation on every row");
        synthetic::generate(&second, 1, false).await.expect("generate");
        let (a, b) = (fingerprint(&first).await, fingerprint(&second).await);
        assert!(a.len() > 10_000);
        assert_eq!(a, b, "[{backend:?}] same scale, same rows");
        assert!(matches!(synthetic::generate(&first, 1, false).await, Err(SyntheticError::AlreadyGenerated)));
    }
}

#[tokio::test]
async fn it_refuses_a_database_with_real_knowledge_unless_told() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let before = app.query("{ projects { totalCount } }").await;
        assert!(matches!(synthetic::generate(&app.db, 1, false).await, Err(SyntheticError::RealKnowledgePresent)));
        assert_eq!(app.query("{ projects { totalCount } }").await, before, "nothing written");
        assert!(matches!(synthetic::generate(&app.db, 0, true).await, Err(SyntheticError::InvalidScale(0))));

        synthetic::generate(&app.db, 1, true).await.expect("generate alongside real knowledge");
        let data = app
            .query(
                r#"{ real: project(slug: "rehabilitation-reseaux-eaux-usees-qalqilya-2015") { synthetic }
                     fake: project(slug: "synthetic-project-0") { synthetic citations { edges { node { synthetic document { synthetic } } } } }
                     projects { totalCount } }"#,
            )
            .await;
        assert_eq!(data["real"]["synthetic"], false);
        assert_eq!(data["fake"]["synthetic"], true);
        assert_eq!(data["fake"]["citations"]["edges"][0]["node"]["synthetic"], true);
        assert_eq!(data["fake"]["citations"]["edges"][0]["node"]["document"]["synthetic"], true);
        assert_eq!(data["projects"]["totalCount"], 5_027);
        // Rows inserted after the generator get fresh ids on every backend.
        app.db.execute_unprepared("INSERT INTO organization (slug, kind, country, name, created_at, updated_at, version) VALUES ('new', 'NGO', 'FR', 'New', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)").await.expect("insert");
    }
}
