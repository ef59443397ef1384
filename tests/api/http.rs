//! HTTP behaviour of `/graphql` per the GraphQL-over-HTTP specification, GraphiQL, probes and middleware.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::helpers::{TestApp, backends};
use crate::on_every_backend;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

fn post(body: &str, content_type: &str, accept: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/graphql")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, accept)
        .body(Body::from(body.to_owned()))
        .expect("valid request")
}

#[tokio::test]
async fn post_answers_in_the_negotiated_media_type() {
    on_every_backend!(|app| {
        let body = r#"{"query":"{ organization(slug: \"qalqilya\") { name } }"}"#;
        let response = app.request(post(body, "application/json", GRAPHQL_RESPONSE)).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.content_type(), GRAPHQL_RESPONSE);
        assert_eq!(response.json(), json!({ "data": { "organization": { "name": "Qalqilya" } } }));

        let response = app.request(post(body, "application/json; charset=utf-8", "application/json")).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.content_type(), "application/json");

        let response = app.request(post(body, "application/json", "text/plain")).await;
        assert_eq!(response.status, StatusCode::NOT_ACCEPTABLE);
    });
}

#[tokio::test]
async fn get_runs_queries_from_the_url() {
    on_every_backend!(|app| {
        let response = app
            .get(
                "/graphql?query=%7B%20organization(slug%3A%20%22tulkarem%22)%20%7B%20name%20%7D%20%7D",
                GRAPHQL_RESPONSE,
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json()["data"]["organization"]["name"], "Tulkarem");

        let with_variables = "/graphql?query=query%20Q(%24s%3AString!)%7Borganization(slug%3A%24s)%7Bslug%7D%7D&variables=%7B%22s%22%3A%22jenin%22%7D";
        let response = app.get(with_variables, "application/json").await;
        assert_eq!(response.json()["data"]["organization"]["slug"], "jenin");
    });
}

#[tokio::test]
async fn malformed_requests_get_400_with_an_error() {
    let app = TestApp::spawn(&backends()[0]).await;
    for body in ["{not json", r#"{"variables": {}}"#, r#"{"query": 42}"#, ""] {
        let response = app.request(post(body, "application/json", GRAPHQL_RESPONSE)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "body {body:?}");
        let json = response.json();
        assert!(json.get("data").is_none(), "no data entry for {body:?}");
        assert_eq!(response.error_code(), "BAD_REQUEST");
        assert!(!json["errors"][0]["message"].as_str().expect("message").is_empty());
    }
    // Not well-formed GraphQL: 400 with the new media type, 200 with the legacy one, never a `data` entry.
    let body = r#"{"query":"{ organization(slug: "}"#;
    let response = app.request(post(body, "application/json", GRAPHQL_RESPONSE)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "GRAPHQL_PARSE_FAILED");
    assert!(response.json().get("data").is_none());
    let response = app.request(post(body, "application/json", "application/json")).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.error_code(), "GRAPHQL_PARSE_FAILED");

    let invalid = r#"{"query":"{ organization(slug: \"jenin\") { nickname } }"}"#;
    let response = app.request(post(invalid, "application/json", GRAPHQL_RESPONSE)).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(response.json()["errors"][0]["message"].as_str().expect("message").contains("nickname"));
}

#[tokio::test]
async fn unsupported_content_types_get_415() {
    let app = TestApp::spawn(&backends()[0]).await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/graphql"] {
        let response = app.request(post("{ organizations { totalCount } }", content_type, GRAPHQL_RESPONSE)).await;
        assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
    }
}

#[tokio::test]
async fn mutations_are_refused_over_get() {
    let app = TestApp::spawn(&backends()[0]).await;
    let response = app.get("/graphql?query=mutation%20%7B%20x%20%7D", GRAPHQL_RESPONSE).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.headers.get(header::ALLOW).is_some_and(|allow| allow.to_str().is_ok_and(|a| a.contains("POST"))));
    let response = app.get("/graphql", GRAPHQL_RESPONSE).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST, "a GET without a query is not a GraphQL request");
}

#[tokio::test]
async fn graphiql_is_served_with_its_own_assets() {
    let app = TestApp::spawn(&backends()[0]).await;
    for uri in ["/graphql", "/"] {
        let page = app.get(uri, "text/html,application/xhtml+xml,*/*;q=0.8").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.content_type().starts_with("text/html"));
        assert!(page.text.contains("GraphiQL") && page.text.contains("val-de-marne"));
        assert!(!page.text.contains("http://") && !page.text.contains("https://"), "no external URL in the page");
        for asset in ["graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"] {
            assert!(page.text.contains(&format!("/graphiql/{asset}")), "page loads {asset}");
            let response = app.get(&format!("/graphiql/{asset}"), "*/*").await;
            assert_eq!(response.status, StatusCode::OK, "{asset}");
            assert!(response.text.len() > 5_000, "{asset} is served whole");
        }
    }
    assert_eq!(app.get("/graphiql/missing.js", "*/*").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn probes_report_health_and_readiness() {
    on_every_backend!(|app| {
        assert_eq!(app.get("/healthz", "*/*").await.status, StatusCode::OK);
        assert_eq!(app.get("/readyz", "*/*").await.status, StatusCode::OK);
        app.db.clone().close().await.expect("close the pool");
        assert_eq!(app.get("/readyz", "*/*").await.status, StatusCode::SERVICE_UNAVAILABLE);
    });
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.max_body_bytes = 1_000).await;
    let query =
        format!(r#"{{"query":"{{ organizations {{ totalCount }} }}","variables":{{"pad":"{}"}}}}"#, "x".repeat(2_000));
    let response = app.request(post(&query, "application/json", GRAPHQL_RESPONSE)).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn responses_carry_a_request_id_and_cors_headers() {
    let app = TestApp::spawn(&backends()[0]).await;
    let request = Request::builder()
        .uri("/healthz")
        .header(header::ORIGIN, "https://dashboard.example")
        .body(Body::empty())
        .expect("valid request");
    let response = app.request(request).await;
    assert!(response.headers.get("x-request-id").is_some_and(|id| !id.is_empty()));
    assert_eq!(response.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()), Some(&b"*"[..]));

    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/graphql")
        .header(header::ORIGIN, "https://dashboard.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .expect("valid request");
    let response = app.request(preflight).await;
    assert!(response.status.is_success());
    assert!(
        response
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_METHODS)
            .is_some_and(|m| m.to_str().is_ok_and(|m| m.contains("POST")))
    );

    let restricted =
        TestApp::spawn_with(&backends()[0], |config| config.cors_origins = vec!["https://allowed.example".into()])
            .await;
    let request = |origin: &str| {
        Request::builder().uri("/healthz").header(header::ORIGIN, origin).body(Body::empty()).expect("valid request")
    };
    let allowed = restricted.request(request("https://allowed.example")).await;
    assert_eq!(
        allowed.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.as_bytes()),
        Some(&b"https://allowed.example"[..])
    );
    let other = restricted.request(request("https://other.example")).await;
    assert!(other.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn every_graphiql_example_runs_without_errors() {
    let page = include_str!("../../assets/graphiql/index.html");
    let examples: Vec<&str> = page.split("= `").skip(1).filter_map(|rest| rest.split("`;").next()).collect();
    assert_eq!(examples.len(), 10);
    on_every_backend!(|app| {
        for example in &examples {
            app.run_example(example).await;
        }
    });
}

#[tokio::test]
async fn responses_are_compressed_as_the_client_accepts() {
    let app = TestApp::spawn(&backends()[0]).await;
    let plain = app.get("/graphiql/graphiql.min.js", "*/*").await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    // Brotli is not offered: its encoder's state, kilobytes kept inline in every response body, was moved by
    // each layer above the compression on every request.
    let offered_brotli_first = Request::builder()
        .uri("/graphiql/graphiql.min.js")
        .header(header::ACCEPT_ENCODING, "br, gzip;q=0.5")
        .body(Body::empty())
        .expect("valid request");
    let response = app.router.clone().oneshot(offered_brotli_first).await.expect("response");
    assert_eq!(response.headers().get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(&b"gzip"[..]));
    for encoding in ["gzip", "zstd"] {
        let request = Request::builder()
            .uri("/graphiql/graphiql.min.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .expect("valid request");
        let response = app.router.clone().oneshot(request).await.expect("response");
        assert_eq!(response.headers().get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(encoding.as_bytes()));
        let compressed = response.into_body().collect().await.expect("body").to_bytes();
        assert!(
            compressed.len() * 3 < plain.text.len(),
            "{encoding}: {} of {} bytes",
            compressed.len(),
            plain.text.len()
        );
    }
}

/// Whether an answer came from the response cache.
fn cache_status(response: &crate::helpers::TestResponse) -> &str {
    response.headers.get("x-coopkb-cache").and_then(|v| v.to_str().ok()).unwrap_or("none")
}

#[tokio::test]
async fn the_response_cache_shares_one_execution_and_never_serves_an_older_data_version() {
    for backend in backends() {
        let app = TestApp::spawn_with(&backend, |config| config.response_cache_entries = 100).await;
        let token = app.token("editor", entity::Role::Editor).await;
        let dashboard = json!({ "query": "query($kind: OrganizationKind) { organizations(filter: { kinds: [$kind] }) { totalCount } }",
                                "variables": { "kind": "COMMUNE" } });
        let first = app.post_graphql(dashboard.clone()).await;
        assert_eq!(cache_status(&first), "miss", "[{backend:?}]");
        let again = app.post_graphql(dashboard.clone()).await;
        assert_eq!((cache_status(&again), again.text.as_str()), ("hit", first.text.as_str()), "[{backend:?}]");
        // Other variables are another answer.
        let mut other = dashboard.clone();
        other["variables"]["kind"] = json!("DEPARTMENT");
        assert_eq!(cache_status(&app.post_graphql(other).await), "miss");

        // A write between two identical requests changes the second answer.
        let communes = first.json()["data"]["organizations"]["totalCount"].as_u64().unwrap();
        let create = "mutation($input: OrganizationInput!) { createOrganization(input: $input) { id } }";
        let commune = json!({ "input": { "slug": "orly", "name": "Orly", "kind": "COMMUNE", "country": "FR" } });
        app.mutate(&token, create, commune).await;
        // A hundred dashboards refetch at once: one execution, every one of them the new answer.
        let refetches = (0..100).map(|_| app.post_graphql(dashboard.clone()));
        let answers = async_graphql::futures_util::future::join_all(refetches).await;
        let statuses: Vec<&str> = answers.iter().map(cache_status).collect();
        assert_eq!(statuses.iter().filter(|status| **status == "miss").count(), 1, "[{backend:?}] {statuses:?}");
        for answer in &answers {
            assert_eq!(answer.json()["data"]["organizations"]["totalCount"].as_u64(), Some(communes + 1));
        }

        // Mutations and answers with errors are not kept.
        let failed = json!({ "query": "{ projects(first: -1) { totalCount } }" });
        assert_eq!(cache_status(&app.post_graphql(failed.clone()).await), "none");
        assert_eq!(cache_status(&app.post_graphql(failed).await), "none");
        let commune = json!({ "input": { "slug": "thiais", "name": "Thiais", "kind": "COMMUNE", "country": "FR" } });
        let created = app.post_graphql_as(Some(&token), json!({ "query": create, "variables": commune })).await;
        assert_eq!(cache_status(&created), "none");
    }
}

#[tokio::test]
async fn get_answers_carry_an_etag_that_any_write_changes() {
    on_every_backend!(|app| {
        let uri = "/graphql?query=%7B%20projects%20%7B%20totalCount%20%7D%20%7D";
        let first = app.get(uri, GRAPHQL_RESPONSE).await;
        assert_eq!(first.status, StatusCode::OK);
        let etag = first.headers.get(header::ETAG).expect("an ETag").to_str().expect("ASCII").to_owned();
        assert_eq!(first.headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()), Some(&b"no-cache"[..]));

        let conditional = |etag: String| {
            Request::builder()
                .uri(uri)
                .header(header::ACCEPT, GRAPHQL_RESPONSE)
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .expect("valid request")
        };
        let unchanged = app.request(conditional(etag.clone())).await;
        assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
        assert!(unchanged.text.is_empty());

        // Any write moves the data version on: the old ETag no longer matches, the new answer is sent.
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("a write");
        let changed = app.request(conditional(etag.clone())).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert_eq!(changed.json()["data"]["projects"]["totalCount"], 5_027);
        assert_ne!(changed.headers.get(header::ETAG).and_then(|v| v.to_str().ok()), Some(etag.as_str()));

        // POST answers and answers with errors are not cached.
        let posted = app.post_graphql(json!({ "query": "{ projects { totalCount } }" })).await;
        assert!(posted.headers.get(header::ETAG).is_none());
        let failed = app
            .get("/graphql?query=%7B%20projects(first%3A%20-1)%20%7B%20totalCount%20%7D%20%7D", GRAPHQL_RESPONSE)
            .await;
        assert_eq!(failed.error_code(), "BAD_USER_INPUT");
        assert!(failed.headers.get(header::ETAG).is_none());
    });
}

/// Percent-encodes every byte but ASCII letters and digits (enough for a URL's query string).
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn automatic_persisted_queries_follow_the_apollo_protocol() {
    let backend = &backends()[0];
    let app = TestApp::spawn_with(backend, |config| config.persisted_queries = std::num::NonZeroUsize::MIN).await;
    let query = "{ partnerships { totalCount } }";
    let hash = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(query.as_bytes()));
    let extension = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });

    // The hash alone, unknown yet: 200 (so clients go on using hashes) with the code Apollo clients look for.
    let unknown = app.post_graphql(json!({ "extensions": extension })).await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.error_code(), "PERSISTED_QUERY_NOT_FOUND");
    assert_eq!(unknown.json()["errors"][0]["message"], "PersistedQueryNotFound");
    assert!(unknown.json().get("data").is_none());

    // The text with its hash registers it; then the hash alone runs it, by POST and by GET (with an ETag).
    let registered = app.post_graphql(json!({ "query": query, "extensions": extension })).await;
    assert_eq!(registered.json()["data"]["partnerships"]["totalCount"], 2);
    let by_hash = app.post_graphql(json!({ "extensions": extension })).await;
    assert_eq!(by_hash.json()["data"]["partnerships"]["totalCount"], 2);
    let uri = format!("/graphql?extensions={}", percent_encoded(&extension.to_string()));
    let got = app.get(&uri, GRAPHQL_RESPONSE).await;
    assert_eq!(got.json()["data"]["partnerships"]["totalCount"], 2);
    assert!(got.headers.get(header::ETAG).is_some());

    // A text that does not hash to the hash sent, or another version of the protocol: 400, nothing registered.
    let other = "{ organizations { totalCount } }";
    let mismatch = app.post_graphql(json!({ "query": other, "extensions": extension })).await;
    assert_eq!((mismatch.status, mismatch.error_code().as_str()), (StatusCode::BAD_REQUEST, "BAD_REQUEST"));
    assert!(mismatch.json()["errors"][0]["message"].as_str().is_some_and(|m| m.contains("sha256Hash")));
    let version = json!({ "persistedQuery": { "version": 2, "sha256Hash": hash } });
    let unsupported = app.post_graphql(json!({ "extensions": version })).await;
    assert_eq!((unsupported.status, unsupported.error_code().as_str()), (StatusCode::BAD_REQUEST, "BAD_REQUEST"));
    assert_eq!(
        app.post_graphql(json!({ "extensions": extension })).await.json()["data"]["partnerships"]["totalCount"],
        2
    );

    // The store is bounded: with room for one query, registering another forgets the first.
    let other_hash = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(other.as_bytes()));
    let other_extension = json!({ "persistedQuery": { "version": 1, "sha256Hash": other_hash } });
    app.post_graphql(json!({ "query": other, "extensions": other_extension })).await;
    assert_eq!(app.post_graphql(json!({ "extensions": extension })).await.error_code(), "PERSISTED_QUERY_NOT_FOUND");
}

#[tokio::test]
async fn the_persisted_query_store_holds_a_bounded_number_of_bytes() {
    let app = TestApp::spawn_with(&backends()[0], |config| config.persisted_query_bytes = 2_000).await;
    let register = |i: usize| {
        let query = format!("{{ o{i}: organizations {{ totalCount }} {} }}", "__typename ".repeat(40));
        let hash = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(query.as_bytes()));
        (query, json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }))
    };
    for i in 0..50 {
        let (query, extension) = register(i);
        let response = app.post_graphql(json!({ "query": query, "extensions": extension })).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text);
        assert!(app.state.persisted.bytes() <= 2_000, "{} bytes held", app.state.persisted.bytes());
    }
    // The most recent queries are kept, the oldest forgotten.
    assert_eq!(app.post_graphql(json!({ "extensions": register(49).1 })).await.status, StatusCode::OK);
    assert_eq!(
        app.post_graphql(json!({ "extensions": register(0).1 })).await.error_code(),
        "PERSISTED_QUERY_NOT_FOUND"
    );
    // A text larger than the whole budget is answered but not kept.
    let query = format!("{{ {} }}", "__typename ".repeat(300));
    let hash = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(query.as_bytes()));
    let extension = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    assert_eq!(app.post_graphql(json!({ "query": query, "extensions": extension })).await.status, StatusCode::OK);
    assert!(app.state.persisted.bytes() <= 2_000);
}

#[tokio::test]
async fn metrics_label_methods_from_a_fixed_set() {
    let app = TestApp::spawn(&backends()[0]).await;
    for method in ["FOOBAR", "PURGE", "X-ATTACK-1", "X-ATTACK-2"] {
        let request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri("/graphql")
            .body(Body::empty())
            .unwrap();
        app.request(request).await;
    }
    let metrics = app.get("/metrics", "text/plain").await.text;
    assert!(metrics.contains(r#"method="OTHER""#), "{metrics}");
    for method in ["FOOBAR", "PURGE", "X-ATTACK"] {
        assert!(!metrics.contains(method), "{method} is not a label value");
    }
}
