//! The limits a query is held to before it runs: its cost in rows, its size with fragments expanded, its aliases,
//! its text; bounded errors and answers. Each is refused with its code, and the server goes on answering.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, backends};
use crate::on_every_backend;

/// The nested pages of issue 14: 227 bytes that grew the server past 7 GiB.
const NESTED_BOMB: &str = "{ organizations(first: 100) { nodes { projects(first: 100) { nodes { participants { \
    organization { projects(first: 100) { nodes { title participants { organization { projects(first: 100) { nodes { \
    title } } } } } } } } } } } } }";

/// 30 fragments, each spreading the next one twice: 2^30 fields once expanded.
fn fragment_fan_out(levels: usize) -> String {
    let mut query = String::from("{ ...F0 }\n");
    for level in 0..levels {
        query.push_str(&format!("fragment F{level} on Query {{ ...F{next} ...F{next} }}\n", next = level + 1));
    }
    query.push_str(&format!("fragment F{levels} on Query {{ overview {{ projects }} }}\n"));
    query
}

#[tokio::test]
async fn the_nested_bomb_is_refused_before_it_runs_and_health_answers_meanwhile() {
    on_every_backend!(|app| {
        let statements = app.metrics.statements();
        let started = Instant::now();
        let (bomb, health) = tokio::join!(app.query_response(NESTED_BOMB), app.get("/healthz", "text/plain"));
        assert!(started.elapsed() < Duration::from_secs(1), "refused at once: {:?}", started.elapsed());
        assert_eq!(health.status, StatusCode::OK);
        assert_eq!(bomb.status, StatusCode::BAD_REQUEST);
        let body = bomb.json();
        let extensions = &body["errors"][0]["extensions"];
        assert_eq!(extensions["code"], "QUERY_TOO_COMPLEX", "{body}");
        assert_eq!(extensions["measure"], "COST");
        assert_eq!(extensions["limit"], app.config.max_query_cost);
        assert!(extensions["estimate"].as_u64().unwrap() > 100_000_000, "{body}");
        assert!(body.get("data").is_none());
        assert_eq!(app.metrics.statements(), statements, "nothing was read");
    });
}

#[tokio::test]
async fn the_cost_counts_the_rows_first_multiplies() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.max_query_cost = 1_000).await;
    let cost = |response: &crate::helpers::TestResponse| response.json()["errors"][0]["extensions"]["estimate"].clone();
    // 1 (organizations) + 1 (nodes) + 40 x (slug + projects + nodes + 40 x title) = 1,722 fields.
    let wide = "{ organizations(first: 40) { nodes { slug projects(first: 40) { nodes { title } } } } }";
    let response = app.query_response(wide).await;
    assert_eq!(response.error_code(), "QUERY_TOO_COMPLEX");
    assert_eq!(cost(&response), 1 + 1 + 40 * (3 + 40));
    // The same from variables, and `last` counts as `first` does.
    let query = "query($n: Int) { organizations(last: $n) { nodes { slug projects(first: $n) { nodes { title } } } } }";
    let response = app.post_graphql(json!({ "query": query, "variables": { "n": 40 } })).await;
    assert_eq!(cost(&response), 1 + 1 + 40 * (3 + 40));
    // `totalCount` and `pageInfo` are counted once per connection, not once per row.
    let small = "{ organizations(first: 5) { totalCount pageInfo { hasNextPage } nodes { slug projects(first: 5) { \
        totalCount nodes { title } } } } }";
    app.query(small).await;
    // Without `first`, the default page size multiplies: 1 + 1 + 20 x 1.
    let default = "{ organizations { nodes { slug } } }";
    assert_eq!(app.query(default).await["organizations"]["nodes"].as_array().map(Vec::len), Some(20));
}

#[tokio::test]
async fn a_fragment_fan_out_is_refused_by_its_expanded_size() {
    let app = TestApp::spawn(&backends()[0]).await;
    let fan_out = fragment_fan_out(30);
    let started = Instant::now();
    let (response, health) = tokio::join!(app.query_response(&fan_out), app.get("/healthz", "text/plain"));
    assert!(started.elapsed() < Duration::from_secs(1), "refused at once: {:?}", started.elapsed());
    assert_eq!(health.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["measure"], "FIELDS");
    assert!(body["errors"][0]["extensions"]["estimate"].as_u64().unwrap() > 1 << 30);
    // A few levels of the same shape stay under the limits and are answered.
    let data = app.query(&fragment_fan_out(3)).await;
    assert!(data["overview"]["projects"].as_u64().is_some());
}

#[tokio::test]
async fn thousands_of_aliases_are_refused() {
    on_every_backend!(|app| {
        let aliases: Vec<String> = (0..2_500).map(|i| format!("o{i}: overview {{ projects }}")).collect();
        let response = app.query_response(&format!("{{ {} }}", aliases.join(" "))).await;
        assert_eq!(response.error_code(), "QUERY_TOO_COMPLEX");
        assert_eq!(response.json()["errors"][0]["extensions"]["measure"], "FIELDS");
        let aliases: Vec<String> =
            (0..201).map(|i| format!(r#"o{i}: organization(slug: "jenin") {{ slug }}"#)).collect();
        let response = app.query_response(&format!("{{ {} }}", aliases.join(" "))).await;
        assert_eq!(response.json()["errors"][0]["extensions"]["measure"], "ALIASES");
        // Within the limit, every alias is answered.
        let aliases: Vec<String> =
            (0..200).map(|i| format!(r#"o{i}: organization(slug: "jenin") {{ slug }}"#)).collect();
        let data = app.query(&format!("{{ {} }}", aliases.join(" "))).await;
        assert_eq!(data["o199"]["slug"], "jenin");
    });
}

#[tokio::test]
async fn deep_queries_are_refused_by_their_depth() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.max_query_depth = 4).await;
    let deep = r#"{ organization(slug: "valenton") { parent { parent { parent { parent { name } } } } } }"#;
    let response = app.query_response(deep).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.json()["errors"][0]["extensions"]["measure"], "DEPTH");
    assert_eq!(response.json()["errors"][0]["extensions"]["estimate"], 6);
}

#[tokio::test]
async fn control_characters_in_text_are_bad_input() {
    on_every_backend!(|app| {
        let literal = app.query_response(r#"{ organization(slug: "jen\u0000in") { name } }"#).await;
        assert_eq!(literal.error_code(), "BAD_USER_INPUT", "[{:?}] {}", app.backend, literal.text);
        assert_eq!(literal.json()["errors"][0]["extensions"]["field"], "organization.slug");
        assert!(literal.json()["errors"][0]["message"].as_str().unwrap().contains("U+0000"));
        let query = "query($slug: String!) { organization(slug: $slug) { name } }";
        for bad in ["jen\u{0}in", "a\u{1b}[31m", "x\u{7f}"] {
            let response = app.post_graphql(json!({ "query": query, "variables": { "slug": bad } })).await;
            assert_eq!(response.error_code(), "BAD_USER_INPUT", "[{:?}] {}", app.backend, response.text);
            assert_eq!(response.json()["errors"][0]["extensions"]["field"], "$slug");
        }
        // Tabs and line breaks are text like any other.
        let search = app
            .post_graphql(json!({ "query": "query($q: String!) { search(query: $q) { totalCount } }",
            "variables": { "q": "jenin\n\ttulkarem" } }))
            .await;
        assert_eq!(search.status, StatusCode::OK, "{}", search.text);
    });
}

#[tokio::test]
async fn parse_errors_quote_a_bounded_excerpt() {
    let app = TestApp::spawn(&backends()[0]).await;
    let long = format!("{{ organizations {{ nodes {{ {} ( }} }} }}", "slug ".repeat(15_000));
    let response = app.query_response(&long).await;
    assert_eq!(response.error_code(), "GRAPHQL_PARSE_FAILED");
    let message = response.json()["errors"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.len() < 400, "{} bytes: {message}", message.len());
    assert!(message.starts_with("syntax error at line 1, column "), "{message}");
    assert!(message.contains("slug  ( }"), "the excerpt shows where: {message}");
}

#[tokio::test]
async fn long_queries_and_many_errors_are_bounded() {
    let app = TestApp::spawn(&backends()[0]).await;
    let long = format!("{{ {} }}", "a ".repeat(60_000));
    let response = app.query_response(&long).await;
    assert_eq!(response.error_code(), "QUERY_TOO_COMPLEX");
    assert_eq!(response.json()["errors"][0]["extensions"]["measure"], "BYTES");
    // 300 unknown fields: 300 validation errors, of which the first 50 are shown and the rest counted.
    let unknown: Vec<String> = (0..300).map(|i| format!("unknown{i}")).collect();
    let response = app.query_response(&format!("{{ {} }}", unknown.join(" "))).await;
    let body = response.json();
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 51);
    assert_eq!(errors[50]["message"], "250 more errors are left out of this response");
    assert_eq!(errors[50]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    assert!(response.text.len() < 20_000, "{} bytes", response.text.len());
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_an_error_instead() {
    on_every_backend!(|app| {
        let small = TestApp::spawn_with(&app.backend, |config| config.max_response_bytes = 1_000).await;
        let query = "{ organizations(first: 100) { nodes { slug name names { value lang kind } } } }";
        let response = small.query_response(query).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.error_code(), "RESPONSE_TOO_LARGE", "{}", response.text);
        assert_eq!(response.json()["errors"][0]["extensions"]["limit"], 1_000);
        assert!(response.text.len() < 1_000);
        // The default limit lets the same answer through.
        assert!(app.query(query).await["organizations"]["nodes"].as_array().is_some());
    });
}

#[tokio::test]
async fn a_fragment_spreading_itself_is_refused_at_once() {
    let app = TestApp::spawn(&backends()[0]).await;
    let started = Instant::now();
    let response = app.query_response("{ ...F }\nfragment F on Query { ...F ...F overview { projects } }").await;
    assert!(started.elapsed() < Duration::from_secs(1), "refused at once: {:?}", started.elapsed());
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(response.json()["errors"][0]["message"], "fragment `F` spreads itself");
}
