//! Errors: each has a message naming the problem and a stable `extensions.code`; limits are enforced.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, backends};

#[tokio::test]
async fn a_missing_slug_is_null_not_an_error() {
    let app = TestApp::spawn(&backends()[0]).await;
    let data = app.query(r#"{ organization(slug: "atlantis") { name } }"#).await;
    assert!(data["organization"].is_null());
}

#[tokio::test]
async fn wrong_argument_types_are_bad_input() {
    let app = TestApp::spawn(&backends()[0]).await;
    let response = app.query_response(r#"{ organizations(first: "ten") { totalCount } }"#).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn documents_answered_before_are_answered_alike_and_invalid_ones_refused_every_time() {
    let app = TestApp::spawn(&backends()[0]).await;
    let document =
        "query Count { organizations { totalCount } } query Names { organizations(first: 1) { nodes { name } } }";
    let wrong = r#"{ organizations(first: "ten") { totalCount } }"#;
    for _ in 0..3 {
        for (operation, field) in [("Count", "totalCount"), ("Names", "nodes")] {
            let response = app.post_graphql(json!({ "query": document, "operationName": operation })).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.json());
            let organizations = &response.json()["data"]["organizations"];
            assert!(!organizations[field].is_null(), "{operation}: {organizations}");
            let other = if field == "nodes" { "totalCount" } else { "nodes" };
            assert!(organizations.get(other).is_none(), "{operation} runs its own selection: {organizations}");
        }
        let response = app.query_response(wrong).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    }
    // Variables' values are validated on every request, whatever the document's earlier answers.
    let document = "query($n: Int) { organizations(first: $n) { totalCount } }";
    for (n, status) in [(json!(2), StatusCode::OK), (json!("two"), StatusCode::BAD_REQUEST), (json!(2), StatusCode::OK)]
    {
        let response = app.post_graphql(json!({ "query": document, "variables": { "n": n } })).await;
        assert_eq!(response.status, status, "first: {n}");
    }
}

#[tokio::test]
async fn queries_too_deep_or_too_complex_are_refused() {
    let app = TestApp::spawn_with(&backends()[0], |config| {
        config.max_query_depth = 4;
        config.max_query_cost = 30;
    })
    .await;
    let deep = r#"{ organization(slug: "valenton") { parent { parent { parent { parent { name } } } } } }"#;
    let response = app.query_response(deep).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "QUERY_TOO_COMPLEX");

    let wide = format!(
        "{{ {} }}",
        (0..40).map(|i| format!("o{i}: organizations {{ totalCount }}")).collect::<Vec<_>>().join(" ")
    );
    let response = app.query_response(&wide).await;
    assert_eq!(response.error_code(), "QUERY_TOO_COMPLEX");

    // Within the limits the same shapes are answered.
    let data = app.query(r#"{ organization(slug: "valenton") { parent { slug } } }"#).await;
    assert_eq!(data["organization"]["parent"]["slug"], "val-de-marne");
}

#[tokio::test]
async fn introspection_is_on_for_graphiql() {
    let app = TestApp::spawn(&backends()[0]).await;
    let data = app.query(r#"{ __type(name: "Organization") { description fields { name description } } }"#).await;
    let fields = data["__type"]["fields"].as_array().expect("fields");
    assert!(fields.len() > 10);
    assert!(
        fields.iter().all(|field| field["description"].as_str().is_some_and(|d| !d.is_empty())),
        "every field is described"
    );
}
