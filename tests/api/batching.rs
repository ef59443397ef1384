//! DataLoaders: the number of SQL statements of a nested query does not depend on how many rows it returns.

use entity::{NameKind, OrganizationKind, ParticipantRole, PartnershipKind, ProjectKind, Stance, SubjectKind};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;

use crate::helpers::{TestApp, backends};
use crate::on_every_backend;

/// Adds `count` partnerships, each with a project, two participating organizations with a name each, and
/// citations on the partnership and the project.
async fn add_partnerships(db: &DatabaseConnection, count: usize) {
    for i in 0..count {
        let partnership = entity::partnership::ActiveModel {
            slug: Set(format!("partnership-{i}")),
            kind: Set(PartnershipKind::Twinning),
            original_lang: Set("fr".into()),
            name: Set(format!("Jumelage {i}")),
            name_i18n: Set(Default::default()),
            description_i18n: Set(Default::default()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("partnership");
        let project = entity::project::ActiveModel {
            slug: Set(format!("project-{i}")),
            partnership_id: Set(partnership.id),
            kind: Set(ProjectKind::Project),
            original_lang: Set("fr".into()),
            title: Set(format!("Projet {i}")),
            title_i18n: Set(Default::default()),
            description_i18n: Set(Default::default()),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("project");
        for side in ["a", "b"] {
            let organization = entity::organization::ActiveModel {
                slug: Set(format!("organization-{i}-{side}")),
                kind: Set(OrganizationKind::Commune),
                country: Set("FR".into()),
                name: Set(format!("Commune {i}{side}")),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("organization");
            entity::organization_name::ActiveModel {
                organization_id: Set(organization.id),
                value: Set(format!("Commune {i}{side}")),
                lang: Set(Some("fr".into())),
                kind: Set(NameKind::Official),
                search_key: Set(format!("commune {i}{side}")),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("name");
            entity::project_participant::ActiveModel {
                project_id: Set(project.id),
                organization_id: Set(organization.id),
                role: Set(ParticipantRole::Implementing),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("participant");
        }
        for (kind, id) in [(SubjectKind::Partnership, partnership.id), (SubjectKind::Project, project.id)] {
            entity::citation::ActiveModel {
                subject_kind: Set(kind),
                subject_id: Set(id),
                document_id: Set(1),
                quote: Set(Some(format!("citation {i}"))),
                stance: Set(Stance::Stated),
                ..Default::default()
            }
            .insert(db)
            .await
            .expect("citation");
        }
    }
}

const NESTED: &str = r#"query($n: Int) { partnerships(first: $n) { edges { node {
    name
    citations { edges { node { quote document { title } } } }
    projects { edges { node {
        title
        participants { role organization { name names { value } } }
        citations { totalCount }
    } } }
} } } }"#;

async fn statements_of(app: &TestApp, partnerships: usize) -> u64 {
    let before = app.metrics.statements();
    let data = app.query_with(NESTED, json!({ "n": partnerships })).await;
    let after = app.metrics.statements();
    assert_eq!(data["partnerships"]["edges"].as_array().map(Vec::len), Some(partnerships));
    after - before
}

#[tokio::test]
async fn nested_queries_run_the_same_statements_for_2_and_50_partnerships() {
    on_every_backend!(|app| {
        add_partnerships(&app.db, 49).await;
        let for_two = statements_of(&app, 2).await;
        let for_fifty = statements_of(&app, 50).await;
        assert_eq!(for_two, for_fifty, "[{:?}] statements must not grow with the rows", app.backend);
        // One per level: partnerships, their citations, documents, projects, participants, organizations, names,
        // project citations.
        assert!(for_fifty <= 8, "[{:?}] {for_fifty} statements", app.backend);
    });
}

#[tokio::test]
async fn metrics_count_requests_errors_and_statements() {
    on_every_backend!(|app| {
        app.query("{ organizations { totalCount } }").await;
        let response = app.post_graphql(json!({ "query": "{ organizations(first: -1) { totalCount } }" })).await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT");
        // A path no route serves is counted too, under one label, whatever the path.
        assert_eq!(app.get("/nowhere", "*/*").await.status, axum::http::StatusCode::NOT_FOUND);
        let metrics = app.get("/metrics", "*/*").await;
        assert_eq!(metrics.status, axum::http::StatusCode::OK);
        assert!(
            metrics.text.contains(r#"coopkb_http_requests_total{method="POST",route="/graphql",status="200"} 2"#),
            "{}",
            metrics.text
        );
        assert!(
            metrics.text.contains(r#"coopkb_http_requests_total{method="GET",route="unmatched",status="404"} 1"#),
            "{}",
            metrics.text
        );
        assert!(metrics.text.contains(r#"coopkb_graphql_errors_total{code="BAD_USER_INPUT"} 1"#), "{}", metrics.text);
        let statements: u64 = metrics
            .text
            .lines()
            .find_map(|line| line.strip_prefix("coopkb_db_statements_total "))
            .and_then(|value| value.trim().parse().ok())
            .expect("a statement counter");
        assert!(statements > 0);
        assert_eq!(statements, app.metrics.statements());
    });
}

#[tokio::test]
async fn the_statement_count_holds_at_synthetic_volume() {
    for backend in backends() {
        // 100 pages of 100 projects with their participants: more than a client's budget, on purpose.
        let app = TestApp::spawn_with(&backend, |config| config.max_query_cost = 10_000_000).await;
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let query = r#"query($n: Int) { partnerships(first: $n) { edges { node {
            projects(first: 100) { edges { node { title participants { organization { names { value } } } citations { totalCount } } } }
        } } } }"#;
        let mut counts = Vec::new();
        for partnerships in [2, 100] {
            let before = app.metrics.statements();
            let data = app.query_with(query, json!({ "n": partnerships })).await;
            counts.push(app.metrics.statements() - before);
            assert_eq!(data["partnerships"]["edges"].as_array().map(Vec::len), Some(partnerships));
        }
        // 100 partnerships hold about 5,000 projects and 16,000 participations: still one statement per level.
        assert_eq!(counts[0], counts[1], "[{:?}] {counts:?}", app.backend);
    }
}
