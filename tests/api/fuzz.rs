//! A seeded fuzzer: malformed bodies, token soup, mutated queries, bombs, floods of aliases, garbage ids and
//! cursors, sent to the real router. No request may panic it, get a 5xx other than 503 or 408, see an internal
//! detail or an error without a code, or get an answer over the size limit; memory stays bounded.
//! `COOPKB_FUZZ_CASES` sets the number of requests per backend (default 400) and `COOPKB_FUZZ_SEED` the seed.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestResponse, backends};

struct Draw(ChaCha8Rng);

impl Draw {
    fn below(&mut self, bound: usize) -> usize {
        (self.0.next_u64() % bound.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Up to `most` random bytes.
    fn bytes(&mut self, most: usize) -> Vec<u8> {
        let length = self.below(most);
        (0..length).map(|_| self.0.next_u64() as u8).collect()
    }

    /// Up to `most` random characters, any script.
    fn text(&mut self, most: usize) -> String {
        let length = self.below(most);
        (0..length).map(|_| char::from_u32(self.0.next_u64() as u32 % 0x3000).unwrap_or('?')).collect()
    }
}

/// Queries the API answers, to cut and mutate.
const QUERIES: &[&str] = &[
    r#"{ organization(slug: "jenin") { name(lang: EN) names { value lang } partnerships { edges { node { slug } } } } }"#,
    "{ projects(first: 5, orderBy: { field: START, direction: DESC }) { edges { cursor node { title start } } pageInfo { endCursor } } }",
    r#"{ search(query: "tulkarm", first: 3) { edges { node { score snippet { marked } } } } }"#,
    "{ projectStats(groupBy: [DOMAIN, YEAR]) { domain count budgets { amount currency } } }",
    "{ timeline(first: 5) { edges { node { date kind } } } overview { projects sourcedFacts } }",
    "query Q($n: Int) { partnerships(first: $n) { nodes { members { nodes { organization { slug } } } } } }",
];

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "...",
    "fragment",
    "F",
    "on",
    "Query",
    "query",
    "mutation",
    "subscription",
    "$n",
    "Int",
    "!",
    "=",
    "@include(if: true)",
    "@skip(if: $n)",
    "organizations",
    "projects",
    "nodes",
    "edges",
    "node",
    "first:",
    "last:",
    "after:",
    "100",
    "-1",
    "2147483648",
    "1e999",
    "\"\"",
    "\"jenin\"",
    "\"\\u0000\"",
    "null",
    "true",
    "#",
    "\n",
    "__typename",
    "__schema",
    "types",
    "fields",
    "name",
    "slug",
    "participants",
    "organization",
    "\"\"\"",
    "\\",
    "😀",
    "ذ",
    "\u{202e}",
    "alias:",
    "id:",
    "ids:",
    "filter:",
    "{ domains: [WATER_SANITATION] }",
];

/// A request with a JSON body.
fn post_json(body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(body.into())
        .expect("a request")
}

fn post_query(query: &str, variables: Value) -> Request<Body> {
    post_json(json!({ "query": query, "variables": variables }).to_string())
}

fn garbage_id(draw: &mut Draw) -> String {
    use base64::Engine;
    match draw.below(4) {
        0 => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(draw.bytes(64)),
        1 => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
            "[\"{}\",{}]",
            draw.pick(&["Project", "Organization", "X"]),
            draw.pick(&["1e99", "-1", "\"a\""])
        )),
        2 => draw.text(200),
        _ => "A".repeat(draw.below(20_000)),
    }
}

fn case(draw: &mut Draw) -> Request<Body> {
    match draw.below(11) {
        0 => post_json(draw.bytes(2_000)),
        1 => {
            let body = json!({ "query": draw.pick(QUERIES) }).to_string();
            let cut = draw.below(body.len());
            post_json(body[..cut].to_owned())
        }
        2 => {
            let soup: Vec<&str> = (0..draw.below(300)).map(|_| draw.pick(TOKENS)).collect();
            post_query(&soup.join(" "), json!({ "n": 3 }))
        }
        3 => {
            let mut query: Vec<char> = draw.pick(QUERIES).chars().collect();
            for _ in 0..1 + draw.below(4) {
                let at = draw.below(query.len());
                match draw.below(3) {
                    0 => {
                        query.remove(at);
                    }
                    1 => query.insert(at, draw.pick(TOKENS).chars().next().unwrap_or('{')),
                    _ => query[at] = char::from_u32(draw.0.next_u64() as u32 % 0x250).unwrap_or('x'),
                }
            }
            post_query(&query.into_iter().collect::<String>(), json!({ "n": draw.below(200) }))
        }
        4 => {
            let ids: Vec<String> = (0..draw.below(120)).map(|_| garbage_id(draw)).collect();
            let single = garbage_id(draw);
            post_query(
                "query($id: ID!, $ids: [ID!]!) { node(id: $id) { id } nodes(ids: $ids) { id } }",
                json!({ "id": single, "ids": ids }),
            )
        }
        5 => {
            let cursor = garbage_id(draw);
            let field = draw.pick(&["projects", "organizations", "timeline", "search(query: \"eau\")"]);
            let field = field.replace("search(query: \"eau\")", "search(query: \"eau\", after: $c)");
            let query = if field.contains("$c") {
                format!("query($c: String) {{ {field} {{ totalCount }} }}")
            } else {
                format!("query($c: String) {{ {field}(after: $c, last: 3) {{ totalCount }} }}")
            };
            post_query(&query, json!({ "c": cursor }))
        }
        6 => {
            let garbage: String = draw.bytes(300).iter().map(|byte| format!("%{byte:02X}")).collect::<String>();
            let uri =
                format!("/graphql?{}={garbage}", draw.pick(&["query", "variables", "extensions", "operationName"]));
            Request::builder().uri(uri).header(header::ACCEPT, "application/json").body(Body::empty()).expect("request")
        }
        7 => {
            // Bombs: deep nesting, fan-out, alias floods, huge pages.
            let depth = 1 + draw.below(40);
            let nested = format!(
                "{{ {}slug{} }}",
                "organizations(first: 100) { nodes { projects(first: 100) { nodes { participants { organization { "
                    .repeat(depth / 4 + 1),
                " } } } } } }".repeat(depth / 4 + 1)
            );
            let fan_out = {
                let levels = 5 + draw.below(40);
                let mut query = String::from("{ ...F0 }");
                for level in 0..levels {
                    query
                        .push_str(&format!(" fragment F{level} on Query {{ ...F{n} ...F{n} ...F{n} }}", n = level + 1));
                }
                query + &format!(" fragment F{levels} on Query {{ overview {{ projects }} }}")
            };
            let aliases: String = (0..draw.below(5_000)).map(|i| format!("a{i}: overview {{ projects }} ")).collect();
            let huge =
                format!("{{ projects(first: {}) {{ nodes {{ slug }} }} }}", draw.pick(&["2147483647", "-5", "0"]));
            let query = match draw.below(4) {
                0 => nested,
                1 => fan_out,
                2 => format!("{{ {aliases} }}"),
                _ => huge,
            };
            post_query(&query, json!({}))
        }
        8 => {
            // Deeply nested or huge variables.
            let depth = draw.below(3_000);
            let variables = format!("{{\"n\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
            let body = format!(
                "{{\"query\": \"query($n: Int) {{ projects(first: $n) {{ totalCount }} }}\", \"variables\": {variables}}}"
            );
            post_json(body)
        }
        9 => {
            let content_type =
                draw.pick(&["text/plain", "application/json; charset=latin1", "", "application/graphql", "\u{7f}"]);
            let accept =
                draw.pick(&["*/*", "text/html", "application/xml", "application/graphql-response+json;q=0", ""]);
            let mut request = Request::builder().method(Method::POST).uri("/graphql");
            if let Ok(value) = header::HeaderValue::from_str(content_type) {
                request = request.header(header::CONTENT_TYPE, value);
            }
            if let Ok(value) = header::HeaderValue::from_str(accept) {
                request = request.header(header::ACCEPT, value);
            }
            request.body(Body::from(json!({ "query": draw.pick(QUERIES) }).to_string())).expect("request")
        }
        _ => {
            // Text with control characters and odd scripts in every string argument.
            let text = draw.text(100) + draw.pick(&["\u{0}", "\u{1b}", "\u{7f}", "", "\u{202e}"]);
            post_query(
                "query($t: String!) { organization(slug: $t) { slug } organizations(filter: { name: $t }) { totalCount } \
                 search(query: $t) { totalCount } }",
                json!({ "t": text }),
            )
        }
    }
}

/// What no response may contain: the server's internals.
const INTERNAL_DETAILS: &[&str] =
    &["panicked", "sqlx", "SQLITE", "sqlite", "postgres", "database error", "internal error:", "DbErr", ".rs:"];

fn check(response: &TestResponse, app: &TestApp, case: usize) {
    let status = response.status;
    assert!(
        !status.is_server_error() || matches!(status, StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT),
        "[{:?}] case {case}: {status} {}",
        app.backend,
        response.text
    );
    for detail in INTERNAL_DETAILS {
        assert!(!response.text.contains(detail), "[{:?}] case {case} shows `{detail}`: {}", app.backend, response.text);
    }
    assert!(response.text.len() <= app.config.max_response_bytes + 1_024, "case {case}: {} bytes", response.text.len());
    if let Ok(body) = serde_json::from_str::<Value>(&response.text)
        && let Some(errors) = body.get("errors").and_then(Value::as_array)
    {
        for error in errors {
            let code = error["extensions"]["code"].as_str();
            assert!(code.is_some(), "[{:?}] case {case}: an error without a code: {error}", app.backend);
            assert_ne!(code, Some("INTERNAL_SERVER_ERROR"), "[{:?}] case {case}: {}", app.backend, response.text);
        }
    }
}

fn resident_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with(field))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn garbage_never_crashes_leaks_or_exhausts_the_server() {
    let cases: usize = std::env::var("COOPKB_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    let seed: u64 = std::env::var("COOPKB_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(14);
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let mut draw = Draw(ChaCha8Rng::seed_from_u64(seed));
        let resident_before = resident_kib("VmRSS:");
        for case_number in 0..cases {
            let request = case(&mut draw);
            let response = app.request(request).await;
            check(&response, &app, case_number);
        }
        let grown_mib = resident_kib("VmRSS:").saturating_sub(resident_before) / 1024;
        // Other tests run in this process at the same time: the bound is loose, but a leak or an unbounded
        // answer (hundreds of MiB) would show.
        assert!(grown_mib < 500, "[{backend:?}] resident memory grew by {grown_mib} MiB over {cases} requests");
        // The server still answers after all of it.
        assert_eq!(app.get("/readyz", "text/plain").await.status, StatusCode::OK);
    }
}
