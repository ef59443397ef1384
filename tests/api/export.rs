//! CSV exports: the documented columns, the same rows as the GraphQL lists with the same filters, a byte-order
//! mark on request, clear errors, streaming in pages, and the CLI equivalent.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::helpers::{TestApp, backends};
use crate::on_every_backend;

/// The header and the rows of a CSV text.
fn parse(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header row").iter().map(str::to_owned).collect();
    let rows = reader.records().map(|row| row.expect("a row").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn uri(path: &str, filter: serde_json::Value) -> String {
    let filter = filter.to_string();
    let encoded: String = filter
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("{path}?filter={encoded}")
}

#[tokio::test]
async fn lists_export_as_csv_with_the_filters_of_the_graphql_lists() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let all = app.get("/export/projects.csv", "*/*").await;
        assert_eq!(all.status, StatusCode::OK, "[{backend:?}] {}", all.text);
        assert_eq!(all.content_type(), "text/csv; charset=utf-8");
        let disposition = all.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok());
        assert_eq!(disposition, Some("attachment; filename=\"projects.csv\""));
        let (columns, rows) = parse(&all.text);
        assert_eq!(columns, coopkb::export::CsvTable::Projects.columns());
        let listed = app.query("{ projects(first: 100) { totalCount nodes { slug start domains { domain } } } }").await;
        assert_eq!(rows.len() as u64, listed["projects"]["totalCount"].as_u64().unwrap(), "[{backend:?}]");
        // Each row says what the API says: its date in EDTF, its domains joined.
        let column = |name: &str| columns.iter().position(|c| c == name).unwrap();
        for node in listed["projects"]["nodes"].as_array().unwrap() {
            let row = rows.iter().find(|row| row[0] == node["slug"].as_str().unwrap()).expect("a row per project");
            assert_eq!(row[column("start")], node["start"].as_str().unwrap_or_default());
            let domains: Vec<&str> =
                node["domains"].as_array().unwrap().iter().map(|d| d["domain"].as_str().unwrap()).collect();
            assert_eq!(row[column("domains")], domains.join("; "));
        }

        // The same filter as the GraphQL list, as JSON.
        let filter = json!({ "domains": ["WATER_SANITATION"], "started": { "from": "2010" } });
        let filtered = parse(&app.get(&uri("/export/projects.csv", filter.clone()), "*/*").await.text).1;
        let expected = app
            .query_with("query($f: ProjectFilter) { projects(filter: $f) { totalCount } }", json!({ "f": filter }))
            .await["projects"]["totalCount"]
            .as_u64()
            .unwrap();
        assert_eq!(filtered.len() as u64, expected, "[{backend:?}]");
        assert!(filtered.len() < rows.len());

        let organizations =
            app.get(&uri("/export/organizations", json!({ "kinds": ["MUNICIPALITY"] })), "text/csv").await;
        let (columns, rows) = parse(&organizations.text);
        assert_eq!(columns, coopkb::export::CsvTable::Organizations.columns());
        let jenin = rows.iter().find(|row| row[0] == "jenin").expect("Jenin is a municipality");
        assert!(jenin[13].contains("جنين"), "every spelling, Arabic included: {jenin:?}");
        for table in ["delegations", "events", "citations"] {
            let export = app.get(&format!("/export/{table}.csv"), "*/*").await;
            assert_eq!(export.status, StatusCode::OK, "[{backend:?}] {table}: {}", export.text);
            assert!(!parse(&export.text).1.is_empty(), "[{backend:?}] {table}");
        }
    });
}

#[tokio::test]
async fn excel_gets_a_byte_order_mark_and_mistakes_get_errors_that_name_them() {
    let app = TestApp::spawn(&backends()[0]).await;
    let with_bom = app.get("/export/events.csv?bom=true", "*/*").await;
    assert!(with_bom.text.starts_with('\u{feff}'), "{}", &with_bom.text[..20]);
    assert!(!app.get("/export/events.csv", "*/*").await.text.starts_with('\u{feff}'));

    let bad = app.get(&uri("/export/projects.csv", json!({ "domains": ["GARDENING"] })), "*/*").await;
    assert_eq!((bad.status, bad.error_code().as_str()), (StatusCode::BAD_REQUEST, "BAD_USER_INPUT"), "{}", bad.text);
    assert!(bad.text.contains("filter"), "{}", bad.text);
    let not_json = app.get("/export/projects.csv?filter=%7Bdomains", "*/*").await;
    assert_eq!(not_json.error_code(), "BAD_USER_INPUT");
    let unknown = app.get("/export/budgets.csv", "*/*").await;
    assert_eq!((unknown.status, unknown.error_code().as_str()), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    assert_eq!(app.get("/export/projects", "application/json").await.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn a_large_export_streams_page_by_page() {
    let app = TestApp::spawn(&backends()[0]).await;
    coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
    let request = Request::builder().uri("/export/projects.csv").body(Body::empty()).unwrap();
    let mut body = app.router.clone().oneshot(request).await.unwrap().into_body();
    let (mut frames, mut text) = (0, Vec::new());
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            frames += 1;
            text.extend_from_slice(&data);
        }
    }
    let rows = parse(&String::from_utf8(text).unwrap()).1;
    let total = app.query("{ projects { totalCount } }").await["projects"]["totalCount"].as_u64().unwrap();
    assert_eq!(rows.len() as u64, total);
    // The header, then a chunk per page of 1,000 rows: the rows are never all in memory at once.
    assert_eq!(frames as u64, 1 + total.div_ceil(1_000), "{total} rows");
}

#[tokio::test]
async fn the_cli_exports_what_the_route_does() {
    on_every_backend!(|app| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("water.csv");
        let filter = json!({ "domains": ["WATER_SANITATION"] }).to_string();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_coopkb"))
            .args(["export", "--format", "csv", "--table", "projects", "--filter", &filter, "--out"])
            .arg(&out)
            .env("DATABASE_URL", &app.config.database_url)
            .env("COOPKB_LOG", "warn")
            .status()
            .unwrap();
        assert!(status.success());
        let written = std::fs::read_to_string(&out).unwrap();
        let served = app.get(&uri("/export/projects.csv", json!({ "domains": ["WATER_SANITATION"] })), "*/*").await;
        assert_eq!(written, served.text, "[{:?}]", app.backend);
        let refused = std::process::Command::new(env!("CARGO_BIN_EXE_coopkb"))
            .args(["export", "--format", "csv", "--table", "projects", "--filter", "{\"domains\": 3}"])
            .env("DATABASE_URL", &app.config.database_url)
            .output()
            .unwrap();
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("filter"));
    });
}

/// Whether `xml` validates against the IATI 2.03 activity schema, by xmllint; its messages when it does not.
fn validate_iati(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iati.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/standards/iati-2.03/iati-activities-schema.xsd");
    let output = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", schema])
        .arg(&file)
        .output()
        .expect("xmllint (Debian's libxml2-utils) runs");
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

#[tokio::test]
async fn projects_export_as_iati_activities_that_validate_against_the_2_03_schema() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let export = app.get("/export/iati.xml", "*/*").await;
        assert_eq!(export.status, StatusCode::OK, "[{backend:?}] {}", export.text);
        assert_eq!(export.content_type(), "application/xml; charset=utf-8");
        if let Err(messages) = validate_iati(&export.text) {
            panic!("[{backend:?}] the IATI export does not validate:\n{messages}\n{}", export.text);
        }
        let projects = app.query("{ projects { totalCount } }").await["projects"]["totalCount"].as_u64().unwrap();
        assert_eq!(export.text.matches("<iati-activity ").count() as u64, projects, "[{backend:?}]");
        for expected in [
            r#"<iati-activities version="2.03""#,
            r#"<reporting-org ref="XX-COOPKB-val-de-marne" type="11">"#,
            r#"<narrative xml:lang="fr">Schéma directeur pour l'eau et l'assainissement de Tulkarem</narrative>"#,
            r#"<recipient-country code="PS"/>"#,
            r#"<sector vocabulary="1" code="14010" percentage="100"/>"#,
            "<pos>32.4611 35.3</pos>",
            r#"<activity-date type="4" iso-date="2013-12-31"/>"#,
            "ac%5B%5D=2104&amp;tout=1",
        ] {
            assert!(export.text.contains(expected), "[{backend:?}] no `{expected}` in\n{}", export.text);
        }

        // The filters of the GraphQL list; an export of synthetic projects (every kind of activity) validates too.
        let filter = json!({ "statuses": ["CLOSED"] });
        let closed = app.get(&uri("/export/iati.xml", filter.clone()), "*/*").await;
        let expected = app
            .query_with("query($f: ProjectFilter) { projects(filter: $f) { totalCount } }", json!({ "f": filter }))
            .await["projects"]["totalCount"]
            .as_u64()
            .unwrap();
        assert_eq!(closed.text.matches("<iati-activity ").count() as u64, expected, "[{backend:?}]");
    });
    let app = TestApp::spawn(&backends()[0]).await;
    coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
    let filter = json!({ "domains": ["DISABILITY", "GENDER"] });
    let export = app.get(&uri("/export/iati.xml", filter), "*/*").await;
    assert!(export.text.contains(r#"<policy-marker vocabulary="1" code="11" significance="2"/>"#));
    validate_iati(&export.text).unwrap_or_else(|messages| panic!("synthetic activities do not validate:\n{messages}"));
}
