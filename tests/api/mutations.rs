//! Mutations through the one write path: tokens and roles, validation, versions, history, search and caching.

use axum::http::{StatusCode, header};
use entity::{Role, SubjectKind};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_every_backend;

const CREATE_PROJECT: &str = r#"mutation($input: ProjectInput!, $sources: [SourceInput!]) {
    createProject(input: $input, sources: $sources) {
        id slug version title start end domains { domain dacCode } citations { totalCount nodes { locator quote } }
    } }"#;

const UPDATE_PROJECT: &str = r#"mutation($id: ID!, $version: Int!, $input: ProjectInput!) {
    updateProject(id: $id, version: $version, input: $input) { id version title domains { domain } } }"#;

const DELETE: &str = r#"mutation($id: ID!, $version: Int!) { delete(id: $id, version: $version) { id dataVersion } }"#;

/// The global id of the node of type `kind` with `slug`, found through the query `field`.
async fn id_of(app: &TestApp, field: &str, slug: &str) -> String {
    let data = app
        .query_with(&format!("query($slug: String!) {{ {field}(slug: $slug) {{ id }} }}"), json!({ "slug": slug }))
        .await;
    data[field]["id"].as_str().expect("an id").to_owned()
}

async fn partnership_id(app: &TestApp) -> String {
    id_of(app, "partnership", "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine").await
}

fn new_project(partnership: &str, slug: &str) -> Value {
    json!({
        "slug": slug, "partnership": partnership, "kind": "PROJECT", "originalLang": "fr",
        "title": "Bibliothèque de Jénine", "start": "2021", "durationMonths": 24,
        "budget": { "amount": 12500.5, "currency": "EUR" },
        "domains": [{ "domain": "CULTURE", "dacCode": "16066" }, { "domain": "YOUTH" }],
    })
}

async fn project_count(app: &TestApp) -> u64 {
    app.query("{ projects { totalCount } }").await["projects"]["totalCount"].as_u64().expect("a count")
}

async fn data_version(app: &TestApp) -> i64 {
    coopkb::db::data_version::current(&app.db).await.expect("the data version")
}

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_editor_creates_and_updates_and_the_change_is_read_searched_and_recorded_at_once() {
    on_every_backend!(|app| {
        let token = app.token("service-international-94", Role::Editor).await;
        let partnership = partnership_id(&app).await;
        let document = id_of(&app, "document", "communique-val-de-marne-2019-11-27").await;
        let etag = app.get("/graphql?query=%7Bprojects%7BtotalCount%7D%7D", "application/json").await;
        let etag = etag.headers[header::ETAG].to_str().expect("an ETag").to_owned();
        let before = project_count(&app).await;
        let built_in_libraries =
            app.query(r#"{ search(query: "bibliotheque") { totalCount } }"#).await["search"]["totalCount"].clone();

        let sources = json!([{ "document": document, "locator": "§2", "quote": "plus de 40 projets" }]);
        let input = new_project(&partnership, "bibliotheque-jenine");
        let created = app.mutate(&token, CREATE_PROJECT, json!({ "input": input, "sources": sources })).await;
        let project = &created["createProject"];
        assert_eq!(project["version"], 1);
        assert_eq!(project["start"], "2021");
        assert_eq!(
            project["domains"],
            json!([{ "domain": "CULTURE", "dacCode": "16066" }, { "domain": "YOUTH", "dacCode": null }])
        );
        assert_eq!(project["citations"]["nodes"], json!([{ "locator": "§2", "quote": "plus de 40 projets" }]));
        assert_eq!(project_count(&app).await, before + 1);

        // The period is derived by the write path, as for the built-in knowledge: 24 months from 2021.
        let active = app
            .query(r#"{ projects(filter: { period: { from: "2022-12-31", to: "2022-12-31" }, domains: [CULTURE] }) { nodes { slug } } }"#)
            .await;
        assert_eq!(active["projects"]["nodes"], json!([{ "slug": "bibliotheque-jenine" }]));
        let later = app
            .query(r#"{ projects(filter: { period: { from: "2023-01-01" }, domains: [CULTURE] }) { totalCount } }"#)
            .await;
        assert_eq!(later["projects"]["totalCount"], 0);

        // Found by search at once, and the ETag of any cached answer changed.
        let hits = app.query(r#"{ search(query: "bibliotheque jenine", first: 50) { nodes { title } } }"#).await;
        let titles: Vec<&str> =
            hits["search"]["nodes"].as_array().unwrap().iter().filter_map(|n| n["title"].as_str()).collect();
        assert!(titles.contains(&"Bibliothèque de Jénine"), "{titles:?}");
        let cached = app
            .request(
                axum::http::Request::builder()
                    .uri("/graphql?query=%7Bprojects%7BtotalCount%7D%7D")
                    .header(header::ACCEPT, "application/json")
                    .header(header::IF_NONE_MATCH, &etag)
                    .body(axum::body::Body::empty())
                    .expect("a request"),
            )
            .await;
        assert_eq!(cached.status, StatusCode::OK, "the data changed, so the old ETag must not match");

        let id = project["id"].clone();
        let updated = app
            .mutate(&token, UPDATE_PROJECT, json!({ "id": id, "version": 1, "input": { "title": "Médiathèque de Jénine", "domains": [{ "domain": "CULTURE" }] } }))
            .await;
        assert_eq!(updated["updateProject"]["version"], 2);
        assert_eq!(updated["updateProject"]["title"], "Médiathèque de Jénine");
        assert_eq!(updated["updateProject"]["domains"], json!([{ "domain": "CULTURE" }]));
        let renamed = app.query(r#"{ search(query: "mediatheque") { nodes { title } } old: search(query: "bibliotheque") { totalCount } }"#).await;
        assert_eq!(renamed["search"]["nodes"][0]["title"], "Médiathèque de Jénine");
        assert_eq!(renamed["old"]["totalCount"], built_in_libraries, "the index entry was replaced, not added to");

        let history = app
            .query_with(
                "query($id: ID!) { changes(filter: { about: $id }) { nodes { by operation dataVersion before after } } }",
                json!({ "id": id }),
            )
            .await;
        let changes = history["changes"]["nodes"].as_array().expect("changes").clone();
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0]["operation"], "CREATE");
        assert_eq!(changes[0]["by"], "service-international-94");
        assert_eq!(changes[0]["before"], Value::Null);
        assert_eq!(changes[1]["operation"], "UPDATE");
        assert_eq!(changes[1]["before"]["title"], "Bibliothèque de Jénine");
        assert_eq!(changes[1]["after"]["title"], "Médiathèque de Jénine");
        assert!(changes[1]["dataVersion"].as_i64() > changes[0]["dataVersion"].as_i64());
        let loaded = app.query(r#"{ changes(filter: { by: "knowledge" }) { totalCount } }"#).await;
        assert!(loaded["changes"]["totalCount"].as_u64() > Some(100), "the knowledge loader records its rows too");
    });
}

#[tokio::test]
async fn mutations_need_a_valid_token_with_the_right_role() {
    on_every_backend!(|app| {
        let partnership = partnership_id(&app).await;
        let mut input = new_project(&partnership, "sans-jeton");
        input["domains"] = json!([]);
        let body = json!({ "query": CREATE_PROJECT, "variables": { "input": input } });

        let anonymous = app.post_graphql_as(None, body.clone()).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert_eq!(codes(&anonymous.json()), ["UNAUTHENTICATED"]);
        assert_eq!(anonymous.headers[header::WWW_AUTHENTICATE], "Bearer");

        let forged = app.post_graphql_as(Some("coopkb_1_not-the-secret"), body.clone()).await;
        assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
        assert_eq!(codes(&forged.json()), ["UNAUTHENTICATED"]);
        let garbage = app.post_graphql_as(Some("hunter2"), body.clone()).await;
        assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);

        let editor = app.token("editor", Role::Editor).await;
        let created = app.post_graphql_as(Some(&editor), body.clone()).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text);
        let project = created.json()["data"]["createProject"].clone();
        let delete = json!({ "query": DELETE, "variables": { "id": project["id"], "version": 1 } });
        let refused = app.post_graphql_as(Some(&editor), delete.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(codes(&refused.json()), ["FORBIDDEN"]);

        coopkb::auth::revoke(&app.db, "editor").await.expect("revoke");
        let revoked = app.post_graphql_as(Some(&editor), body).await;
        assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);

        let admin = app.token("admin", Role::Admin).await;
        let deleted = app.post_graphql_as(Some(&admin), delete).await;
        assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text);
        assert_eq!(deleted.json()["data"]["delete"]["id"], project["id"]);
        let tokens = coopkb::auth::list(&app.db).await.expect("list");
        assert!(tokens.iter().all(|token| token.secret_hash.len() == 64 && !editor.contains(&token.secret_hash)));
    });
}

#[tokio::test]
async fn reads_can_require_a_token() {
    for backend in crate::helpers::backends() {
        let app = TestApp::spawn_with(&backend, |config| config.require_token_for_reads = true).await;
        let anonymous = app.post_graphql(json!({ "query": "{ projects { totalCount } }" })).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert_eq!(codes(&anonymous.json()), ["UNAUTHENTICATED"]);
        let token = app.token("reader", Role::Editor).await;
        let read = app.post_graphql_as(Some(&token), json!({ "query": "{ projects { totalCount } }" })).await;
        assert_eq!(read.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn every_problem_of_an_input_is_reported_at_its_path_and_nothing_is_written() {
    on_every_backend!(|app| {
        let token = app.token("editor", Role::Editor).await;
        let partnership = partnership_id(&app).await;
        let before = (project_count(&app).await, data_version(&app).await);
        let input = json!({
            "slug": "Not A Slug", "partnership": partnership, "kind": "PROJECT", "originalLang": "french",
            "title": "  ", "start": "2020", "end": "2019", "durationMonths": -3,
            "budget": { "amount": -5, "currency": "euro" },
            "titleTranslations": [{ "lang": "en", "text": "A" }, { "lang": "en", "text": "B" }],
            "domains": [{ "domain": "CULTURE", "dacCode": "123" }],
        });
        let response = app
            .post_graphql_as(Some(&token), json!({ "query": CREATE_PROJECT, "variables": { "input": input } }))
            .await;
        let body = response.json();
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body}");
        let mut fields: Vec<String> = body["errors"][0]["extensions"]["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| p["field"].as_str().expect("field").to_owned())
            .collect();
        fields.sort();
        let mut expected = vec![
            "input.budget.amount",
            "input.budget.currency",
            "input.domains.0.dacCode",
            "input.durationMonths",
            "input.end",
            "input.originalLang",
            "input.slug",
            "input.title",
            "input.titleTranslations.1.lang",
        ];
        expected.sort();
        assert_eq!(fields, expected, "{body}");
        let extensions = &body["errors"][0]["extensions"];
        assert_eq!(extensions["field"], extensions["problems"][0]["field"], "`field` is the first problem's");

        // A reference to nothing, of the wrong type, and a missing required field.
        let missing = json!({ "slug": "x", "partnership": id_of(&app, "organization", "jenin").await, "kind": "PROJECT", "title": "T" });
        let body = app
            .post_graphql_as(Some(&token), json!({ "query": CREATE_PROJECT, "variables": { "input": missing } }))
            .await
            .json();
        let fields: Vec<&str> = body["errors"][0]["extensions"]["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|p| p["field"].as_str())
            .collect();
        assert!(fields.contains(&"input.partnership") && fields.contains(&"input.originalLang"), "{body}");

        // Valid columns but a linked row the rules refuse: the project is not written either.
        let mut input = new_project(&partnership, "moitie");
        input["domains"] = json!([{ "domain": "CULTURE" }, { "domain": "SPORT", "dacCode": "1606" }]);
        let body = app
            .post_graphql_as(Some(&token), json!({ "query": CREATE_PROJECT, "variables": { "input": input } }))
            .await
            .json();
        assert_eq!(body["errors"][0]["extensions"]["field"], "input.domains.1.dacCode", "{body}");
        let sources = json!([{ "document": partnership }]);
        let input = new_project(&partnership, "moitie");
        let body = app
            .post_graphql_as(
                Some(&token),
                json!({ "query": CREATE_PROJECT, "variables": { "input": input, "sources": sources } }),
            )
            .await
            .json();
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body}");
        let gone = app.query(r#"{ project(slug: "moitie") { id } search(query: "moitie") { totalCount } }"#).await;
        assert_eq!(gone["project"], Value::Null);
        assert_eq!((project_count(&app).await, data_version(&app).await), before, "nothing was written");
    });
}

#[tokio::test]
async fn a_stale_version_conflicts_and_of_two_concurrent_updates_exactly_one_wins() {
    on_every_backend!(|app| {
        let token = app.token("editor", Role::Editor).await;
        let partnership = partnership_id(&app).await;
        let created =
            app.mutate(&token, CREATE_PROJECT, json!({ "input": new_project(&partnership, "concurrence") })).await;
        let id = created["createProject"]["id"].clone();
        let update = |title: &str| json!({ "query": UPDATE_PROJECT, "variables": { "id": id, "version": 1, "input": { "title": title } } });
        let (a, b) = tokio::join!(
            app.post_graphql_as(Some(&token), update("Titre A")),
            app.post_graphql_as(Some(&token), update("Titre B"))
        );
        let (a, b) = (a.json(), b.json());
        let won: Vec<&Value> = [&a, &b].into_iter().filter(|body| body.get("errors").is_none()).collect();
        let lost: Vec<&Value> = [&a, &b].into_iter().filter(|body| body.get("errors").is_some()).collect();
        assert_eq!((won.len(), lost.len()), (1, 1), "{a} {b}");
        assert_eq!(codes(lost[0]), ["CONFLICT"]);
        assert_eq!(lost[0]["errors"][0]["extensions"]["currentVersion"], 2);
        let title = won[0]["data"]["updateProject"]["title"].clone();
        let now = app.query(r#"{ project(slug: "concurrence") { title version } }"#).await;
        assert_eq!(now["project"], json!({ "title": title, "version": 2 }), "the winner's change is kept");
        let history = app
            .query_with("query($id: ID!) { changes(filter: { about: $id }) { totalCount } }", json!({ "id": id }))
            .await;
        assert_eq!(history["changes"]["totalCount"], 2);
    });
}

#[tokio::test]
async fn a_referenced_object_is_not_deleted_and_a_deleted_one_is_restored_as_it_was() {
    on_every_backend!(|app| {
        let admin = app.token("admin", Role::Admin).await;
        let jenin = app.query(r#"{ organization(slug: "jenin") { id version } }"#).await["organization"].clone();
        let refused = app.post_graphql_as(Some(&admin), json!({ "query": DELETE, "variables": jenin })).await.json();
        assert_eq!(codes(&refused), ["CONFLICT"], "{refused}");
        let kinds: Vec<&str> = refused["errors"][0]["extensions"]["references"]
            .as_array()
            .expect("references")
            .iter()
            .filter_map(|r| r["kind"].as_str())
            .collect();
        assert!(kinds.contains(&"partnership member") && kinds.contains(&"citation"), "{refused}");

        let partnership = partnership_id(&app).await;
        let query = r#"query($slug: String!) { project(slug: $slug) { id version slug title start end budget { amount currency } domains { domain } } }"#;
        app.mutate(&admin, CREATE_PROJECT, json!({ "input": new_project(&partnership, "a-restaurer") })).await;
        let project = app.query_with(query, json!({ "slug": "a-restaurer" })).await["project"].clone();
        // Its domains refer to it: they go first.
        let with_domains = app
            .post_graphql_as(
                Some(&admin),
                json!({ "query": DELETE, "variables": { "id": project["id"], "version": 1 } }),
            )
            .await
            .json();
        assert_eq!(codes(&with_domains), ["CONFLICT"]);
        app.mutate(&admin, UPDATE_PROJECT, json!({ "id": project["id"], "version": 1, "input": { "domains": [] } }))
            .await;
        app.mutate(&admin, DELETE, json!({ "id": project["id"], "version": 2 })).await;
        assert_eq!(app.query_with(query, json!({ "slug": "a-restaurer" })).await["project"], Value::Null);
        let stale = app
            .post_graphql_as(
                Some(&admin),
                json!({ "query": DELETE, "variables": { "id": project["id"], "version": 2 } }),
            )
            .await
            .json();
        assert_eq!(codes(&stale), ["NOT_FOUND"]);

        let restored = app
            .mutate(
                &admin,
                r#"mutation($id: ID!) { restore(id: $id) { id ... on Project { slug version } } }"#,
                json!({ "id": project["id"] }),
            )
            .await;
        assert_eq!(restored["restore"], json!({ "id": project["id"], "slug": "a-restaurer", "version": 3 }));
        let back = app.query_with(query, json!({ "slug": "a-restaurer" })).await["project"].clone();
        let mut expected = project.clone();
        expected["version"] = json!(3);
        expected["domains"] = json!([]);
        assert_eq!(back, expected);
        let again = app.post_graphql_as(Some(&admin), json!({ "query": "mutation($id: ID!) { restore(id: $id) { id } }", "variables": { "id": project["id"] } })).await.json();
        assert_eq!(codes(&again), ["BAD_USER_INPUT"], "it exists: nothing to restore");
        let operations = app
            .query_with(
                "query($id: ID!) { changes(filter: { about: $id }) { nodes { operation by } } }",
                json!({ "id": project["id"] }),
            )
            .await;
        let operations: Vec<&str> = operations["changes"]["nodes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter_map(|c| c["operation"].as_str())
            .collect();
        assert_eq!(operations, ["CREATE", "UPDATE", "DELETE", "RESTORE"]);
    });
}

/// Runs `coopkb token …` on `url` and returns its standard output, failing the test when it fails.
fn token_command(url: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopkb"))
        .arg("token")
        .args(args)
        .args(["--log", "warn"])
        .env("DATABASE_URL", url)
        .output()
        .expect("run coopkb token");
    assert!(output.status.success(), "coopkb token {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn the_cli_creates_lists_and_revokes_tokens() {
    on_every_backend!(|app| {
        let url = app.config.database_url.clone();
        let token = token_command(&url, &["create", "--name", "presse-93", "--role", "admin"]).trim().to_owned();
        assert!(token.starts_with("coopkb_"), "{token}");
        let listed = token_command(&url, &["list"]);
        assert!(listed.contains("presse-93") && listed.contains("ADMIN"), "{listed}");
        assert!(!listed.contains(token.rsplit('_').next().expect("a secret")), "the secret is never shown again");
        let stored = coopkb::auth::list(&app.db).await.expect("list");
        assert!(stored.iter().all(|row| !token.contains(&row.secret_hash)), "only the hash is stored");

        let query = json!({ "query": DELETE, "variables": { "id": "UHJvamVjdDo5OTk5", "version": 1 } });
        let allowed = app.post_graphql_as(Some(&token), query.clone()).await;
        assert_eq!(codes(&allowed.json()), ["NOT_FOUND"], "an ADMIN token from the CLI may delete");
        token_command(&url, &["revoke", "--name", "presse-93"]);
        let revoked = app.post_graphql_as(Some(&token), query).await;
        assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
        assert!(token_command(&url, &["list"]).contains("presse-93"), "a revoked token stays listed");
    });
}

#[tokio::test]
async fn a_committed_change_is_announced_once_with_its_data_version_and_rows() {
    on_every_backend!(|app| {
        let mut feed = app.state.feed.subscribe();
        let token = app.token("editor", Role::Editor).await;
        let partnership = partnership_id(&app).await;
        let failed = app
            .post_graphql_as(
                Some(&token),
                json!({ "query": CREATE_PROJECT, "variables": { "input": { "slug": "Bad" } } }),
            )
            .await;
        assert_eq!(codes(&failed.json()), ["BAD_USER_INPUT"]);
        app.mutate(&token, CREATE_PROJECT, json!({ "input": new_project(&partnership, "annoncee") })).await;
        let event = feed.try_recv().expect("one event, for the committed write only");
        assert!(feed.try_recv().is_err(), "a refused write announces nothing");
        assert_eq!(event.actor, "editor");
        assert_eq!(event.data_version, data_version(&app).await);
        let kinds: Vec<SubjectKind> = event.rows.iter().map(|row| row.kind).collect();
        assert_eq!(kinds, [SubjectKind::Project, SubjectKind::ProjectDomain, SubjectKind::ProjectDomain]);
        assert!(event.rows.iter().all(|row| row.operation == entity::ChangeOperation::Create));
    });
}
