//! The whole knowledge base as one JSON document: export → import into an empty database → export is identical,
//! importing twice changes nothing, a document with problems reports all of them and writes nothing, and a
//! process killed during an import leaves the database as it was.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use coopkb::progress::Progress;
use coopkb::write::{ChangeFeed, WriteError};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDatabase, backends};
use crate::on_every_backend;

/// The export of `db`, as text.
async fn export(db: &DatabaseConnection) -> String {
    let mut bytes = Vec::new();
    coopkb::archive::export_json(db, &mut bytes, &Progress::hidden()).await.expect("export");
    String::from_utf8(bytes).expect("UTF-8")
}

const IMPORT: &str = "mutation($document: JSON!, $dryRun: Boolean) {
    importKnowledge(document: $document, dryRun: $dryRun) {
        rows changed dryRun dataVersion tables { table created updated deleted unchanged }
    }
}";

#[tokio::test]
async fn export_then_import_into_an_empty_database_then_export_gives_the_same_document() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let document = export(&app.db).await;
        let parsed: Value = serde_json::from_str(&document).expect("the export is JSON");
        assert_eq!(parsed["format"], "coopkb");
        assert_eq!(parsed["formatVersion"], 1);
        let tables = parsed["tables"].as_object().expect("tables");
        assert_eq!(tables["project"].as_object().map(|rows| rows.len()), Some(27), "[{backend:?}]");
        // Keyed by slugs, references by keys, no ids.
        let water = &tables["project"]["schema-directeur-eau-assainissement-jenine"];
        assert!(water.is_object(), "[{backend:?}] projects are keyed by slug: {:?}", tables["project"]);
        assert!(water["partnership"].is_string() && water.get("id").is_none() && water.get("partnership_id").is_none());
        let body = tables["document"]["communique-val-de-marne-2019-11-27"]["body"].as_str().unwrap_or_default();
        assert!(body.contains("CRETEIL"), "[{backend:?}] the document bodies are exported");

        let (_empty, db) = TestDatabase::migrated(&backend).await;
        let feed = ChangeFeed::default();
        let report = coopkb::archive::import_json(&db, &document, "test", &feed, false, &Progress::hidden())
            .await
            .expect("import into an empty database");
        assert_eq!(report.rows(), report.changed(), "[{backend:?}] every row is created");
        assert_eq!(export(&db).await, document, "[{backend:?}] export → import → export is identical");

        let again = coopkb::archive::import_json(&db, &document, "test", &feed, false, &Progress::hidden())
            .await
            .expect("import again");
        assert_eq!((again.changed(), again.data_version), (0, None), "[{backend:?}] {again:?}");
        assert_eq!(export(&db).await, document);
    });
}

#[tokio::test]
async fn the_import_mutation_updates_by_slug_replaces_links_and_counts_a_dry_run() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let admin = app.token("admin", entity::Role::Admin).await;
        let before = export(&app.db).await;
        let mut document: Value = serde_json::from_str(&before).unwrap();
        document["tables"]["organization"]["jenin"]["population"] = json!(50_000);
        let domains = document["tables"]["project_domain"].as_object_mut().unwrap();
        let first = domains.keys().next().cloned().unwrap();
        domains.shift_remove(&first);

        let dry = app.mutate(&admin, IMPORT, json!({ "document": document, "dryRun": true })).await;
        let counts = |data: &Value, table: &str| {
            let tables = data["importKnowledge"]["tables"].as_array().unwrap();
            let row = tables.iter().find(|row| row["table"] == table).unwrap();
            (row["created"].as_u64(), row["updated"].as_u64(), row["deleted"].as_u64())
        };
        assert_eq!(counts(&dry, "organization"), (Some(0), Some(1), Some(0)), "[{backend:?}] {dry}");
        assert_eq!(counts(&dry, "project_domain"), (Some(0), Some(0), Some(1)), "[{backend:?}] {dry}");
        assert_eq!(dry["importKnowledge"]["dryRun"], true);
        assert_eq!(dry["importKnowledge"]["dataVersion"], Value::Null);
        assert_eq!(export(&app.db).await, before, "[{backend:?}] a dry run writes nothing");

        let applied = app.mutate(&admin, IMPORT, json!({ "document": document })).await;
        assert_eq!(applied["importKnowledge"]["changed"], 2, "[{backend:?}] {applied}");
        assert!(applied["importKnowledge"]["dataVersion"].as_i64().is_some());
        let jenin = app.query(r#"{ organization(slug: "jenin") { population { count } } }"#).await;
        assert_eq!(jenin["organization"]["population"]["count"], 50_000, "[{backend:?}] {jenin}");
        let after = export(&app.db).await;
        assert_eq!(serde_json::from_str::<Value>(&after).unwrap(), document, "[{backend:?}]");

        let again = app.mutate(&admin, IMPORT, json!({ "document": document })).await;
        assert_eq!(again["importKnowledge"]["changed"], 0, "[{backend:?}] importing twice changes nothing");

        let editor = app.token("editor", entity::Role::Editor).await;
        let refused =
            app.post_graphql_as(Some(&editor), json!({ "query": IMPORT, "variables": { "document": document } })).await;
        assert_eq!(refused.error_code(), "FORBIDDEN", "[{backend:?}] importing needs the ADMIN role");
    });
}

#[tokio::test]
async fn an_import_with_several_problems_reports_every_one_and_writes_nothing() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let admin = app.token("admin", entity::Role::Admin).await;
        let before = export(&app.db).await;
        let mut document: Value = serde_json::from_str(&before).unwrap();
        let tables = &mut document["tables"];
        tables["organization"]["jenin"]["kind"] = json!("CITY");
        tables["organization"]["jenin"]["colour"] = json!("red");
        tables["organization"]["qalqilya"]["population_year"] = json!(1700);
        tables["partnership_member"].as_object_mut().unwrap().values_mut().next().unwrap()["organization"] =
            json!("atlantis");
        tables["document"]["communique-val-de-marne-2019-11-27"]["url"] = json!("not a url");
        tables["planets"] = json!({});

        let response =
            app.post_graphql_as(Some(&admin), json!({ "query": IMPORT, "variables": { "document": document } })).await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT", "[{backend:?}] {}", response.text);
        let problems: Vec<String> = response.json()["errors"][0]["extensions"]["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|problem| problem["field"].as_str().unwrap_or_default().to_owned())
            .collect();
        for expected in [
            "tables.planets",
            r#"tables.organization["jenin"].colour"#,
            r#"tables.organization["jenin"].kind"#,
            r#"tables.organization["qalqilya"].populationYear"#,
            r#"tables.document["communique-val-de-marne-2019-11-27"].url"#,
        ] {
            assert!(
                problems.iter().any(|field| field == expected),
                "[{backend:?}] no problem at {expected}: {problems:?}"
            );
        }
        assert!(
            problems
                .iter()
                .any(|field| field.starts_with("tables.partnership_member[") && field.ends_with(".organization")),
            "[{backend:?}] {problems:?}"
        );
        assert_eq!(export(&app.db).await, before, "[{backend:?}] nothing was written");

        // Another format or version is refused by name.
        let mut newer: Value = serde_json::from_str(&before).unwrap();
        newer["formatVersion"] = json!(2);
        let refused = coopkb::archive::import_json(
            &app.db,
            &newer.to_string(),
            "test",
            &ChangeFeed::default(),
            false,
            &Progress::hidden(),
        )
        .await;
        match refused {
            Err(WriteError::Invalid { problems }) => {
                assert_eq!(problems[0].field, "formatVersion");
                assert!(problems[0].message.contains("version 1"), "{problems:?}");
            }
            other => panic!("[{backend:?}] a version 2 document is refused, not {other:?}"),
        }
    });
}

#[tokio::test]
async fn a_process_killed_during_an_import_leaves_the_database_as_it_was() {
    for backend in backends() {
        // A document large enough to be killed in the middle of: a synthetic data set.
        let (_source, source) = TestDatabase::migrated(&backend).await;
        coopkb::synthetic::generate(&source, 1, false).await.expect("synthetic data");
        let document = export(&source).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("synthetic.json");
        std::fs::write(&file, &document).unwrap();

        let app = TestApp::spawn(&backend).await;
        let before = export(&app.db).await;
        let mut child = Command::new(env!("CARGO_BIN_EXE_coopkb"))
            .args(["--database-url", &app.config.database_url, "import"])
            .arg(&file)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start coopkb import");
        // Progress lines name each table as it is done: once projects are being written, kill it.
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut seen = Vec::new();
        for line in stderr.lines() {
            let line = line.unwrap();
            let writing = line.starts_with("partnership_member:");
            seen.push(line);
            if writing {
                break;
            }
        }
        child.kill().expect("kill the import");
        let status = child.wait().unwrap();
        assert!(!status.success(), "[{backend:?}] the import was killed before it finished: {seen:?}");
        assert!(seen.iter().any(|line| line.starts_with("partnership_member:")), "[{backend:?}] {seen:?}");

        let db = coopkb::db::connect(&app.config.database_url, 2).await.expect("connect after the kill");
        assert_eq!(export(&db).await, before, "[{backend:?}] the database is as it was");
        let loaded = coopkb::knowledge::migrate_and_load_if_empty(&db).await.expect("the next start uses it");
        assert!(loaded.is_none(), "[{backend:?}] the knowledge is still there");
    }
}

/// The IATI export of `db`.
async fn export_iati(db: &DatabaseConnection) -> String {
    let mut bytes = Vec::new();
    coopkb::export::export_file(db, coopkb::export::ExportFile::Iati, None, false, &mut bytes).await.expect("export");
    String::from_utf8(bytes).expect("UTF-8")
}

/// The `iati-identifier`s of an IATI file, sorted.
fn identifiers(xml: &str) -> Vec<String> {
    let mut found: Vec<String> = xml
        .split("<iati-identifier>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</iati-identifier>").map(|(id, _)| id.to_owned()))
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn iati_activities_import_as_projects_with_their_sources() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let feed = ChangeFeed::default();
        let import = |db: DatabaseConnection, xml: String| {
            let feed = feed.clone();
            async move {
                coopkb::archive::iati::import_iati(&db, &xml, "test", &feed, false, &Progress::hidden())
                    .await
                    .expect("import IATI")
            }
        };

        // coopkb's own activities, into an empty database: the same activities come back out.
        let own = export_iati(&app.db).await;
        let (_empty, db) = TestDatabase::migrated(&backend).await;
        let (report, reading) = import(db.clone(), own.clone()).await;
        assert_eq!((reading.activities, reading.known), (27, 0), "[{backend:?}]");
        assert!(report.changed() > 0);
        assert_eq!(identifiers(&export_iati(&db).await), identifiers(&own), "[{backend:?}]");
        // Into the database they came from: every activity is known, nothing changes.
        let (report, reading) = import(app.db.clone(), own).await;
        assert_eq!((reading.known, report.changed()), (27, 0), "[{backend:?}]");

        // Another publisher's activity: a project with its domains, participants, budget and source.
        let other = include_str!("../fixtures/iati-other-publisher.xml").to_owned();
        let (report, reading) = import(app.db.clone(), other.clone()).await;
        assert_eq!((reading.activities, reading.known), (1, 0));
        assert!(report.data_version.is_some(), "[{backend:?}] {report:?}");
        let project = app
            .query(
                r#"{ project(slug: "gb-chc-1234567-pal-042") {
                    title titleFr: title(lang: FR) status start end budget { amount currency }
                    domains { domain dacCode } partnership { slug }
                    participants { role organization { slug name country } }
                    citations { nodes { locator stance document { url title kind } } }
                } }"#,
            )
            .await["project"]
            .clone();
        assert_eq!(project["title"], "Inclusive playgrounds in Qalqilya", "[{backend:?}] {project}");
        assert_eq!(project["titleFr"], "Aires de jeux inclusives à Qalqilya");
        assert_eq!(
            (project["status"].as_str(), project["start"].as_str()),
            (Some("IMPLEMENTATION"), Some("2024-03-01"))
        );
        assert_eq!(project["budget"], json!({ "amount": 125000.5, "currency": "GBP" }));
        assert_eq!(project["domains"], json!([{ "domain": "DISABILITY", "dacCode": "16010" }]));
        assert_eq!(project["partnership"]["slug"], "iati-gb-chc-1234567");
        let participants = project["participants"].as_array().unwrap();
        assert!(
            participants.iter().any(|p| p["role"] == "IMPLEMENTING" && p["organization"]["slug"] == "qalqilya"),
            "[{backend:?}] a known organization is pointed at, not copied: {participants:?}"
        );
        assert!(participants.iter().any(|p| p["role"] == "FUNDING"
            && p["organization"]
                == json!({ "slug": "gb-chc-1234567", "name": "Example Water Charity", "country": "GB" })));
        let citation = &project["citations"]["nodes"][0];
        assert_eq!(citation["document"]["url"], "https://example.org/projects/pal-042", "[{backend:?}] {project}");
        assert_eq!(citation["document"]["kind"], "WEB_PAGE");
        let qalqilya = app.query(r#"{ organization(slug: "qalqilya") { population { count } } }"#).await;
        assert_eq!(
            qalqilya["organization"]["population"]["count"], 51_683,
            "[{backend:?}] known rows keep their facts"
        );

        let (again, reading) = import(app.db.clone(), other).await;
        assert_eq!((reading.known, again.changed()), (1, 0), "[{backend:?}] importing twice changes nothing");
    });
}
