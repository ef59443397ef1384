//! Relay connections: page sizes, cursors both ways, and argument errors.

use serde_json::{Value, json};

use crate::helpers::edge_slugs;
use crate::on_every_backend;

const PAGE: &str = r#"query Page($first: Int, $after: String, $last: Int, $before: String) {
  projects(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"#;

fn slugs(page: &Value) -> Vec<String> {
    edge_slugs(&page["projects"])
}

#[tokio::test]
async fn pages_forward_and_backward_cover_the_list_once() {
    on_every_backend!(|app| {
        let all = slugs(&app.query_with(PAGE, json!({ "first": 100 })).await);
        assert_eq!(all.len(), 27);

        let mut forward = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = app.query_with(PAGE, json!({ "first": 4, "after": after })).await;
            assert_eq!(page["projects"]["totalCount"], 27);
            forward.extend(slugs(&page));
            let info = &page["projects"]["pageInfo"];
            if info["hasNextPage"] == false {
                break;
            }
            after = info["endCursor"].as_str().map(str::to_owned);
        }
        assert_eq!(forward, all);

        let last = app.query_with(PAGE, json!({ "last": 4 })).await;
        assert_eq!(slugs(&last), all[23..]);
        assert_eq!(last["projects"]["pageInfo"]["hasPreviousPage"], true);
        let before = last["projects"]["pageInfo"]["startCursor"].as_str().expect("cursor").to_owned();
        let earlier = app.query_with(PAGE, json!({ "last": 4, "before": before })).await;
        assert_eq!(slugs(&earlier), all[19..23]);
        let mut backward = slugs(&earlier);
        let mut before = earlier["projects"]["pageInfo"]["startCursor"].as_str().map(str::to_owned);
        while let Some(cursor) = before {
            let page = app.query_with(PAGE, json!({ "last": 4, "before": cursor })).await;
            backward.splice(0..0, slugs(&page));
            let info = &page["projects"]["pageInfo"];
            before =
                if info["hasPreviousPage"] == true { info["startCursor"].as_str().map(str::to_owned) } else { None };
        }
        assert_eq!(backward, all[..23], "pages backward cover the list once");
    });
}

#[tokio::test]
async fn nested_connections_page_too() {
    on_every_backend!(|app| {
        let query = r#"query($after: String) { partnership(slug: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") {
            members(first: 2, after: $after) { totalCount edges { node { organization { slug } } } pageInfo { hasNextPage endCursor } }
            partners: members(side: PARTNER) { totalCount }
        } }"#;
        let first = app.query_with(query, json!({})).await;
        let members = &first["partnership"]["members"];
        assert_eq!(members["totalCount"], 5);
        assert_eq!(members["edges"].as_array().map(Vec::len), Some(2));
        assert_eq!(first["partnership"]["partners"]["totalCount"], 3);
        let cursor = members["pageInfo"]["endCursor"].clone();
        let second = app.query_with(query, json!({ "after": cursor })).await;
        assert_eq!(second["partnership"]["members"]["edges"][0]["node"]["organization"]["slug"], "tulkarem");
    });
}

#[tokio::test]
async fn bad_page_arguments_are_bad_user_input() {
    on_every_backend!(|app| {
        let max = app.config.max_page_size;
        for (variables, argument) in [
            (json!({ "first": max + 1 }), "first"),
            (json!({ "first": -1 }), "first"),
            (json!({ "last": max + 1 }), "last"),
            (json!({ "first": 1, "last": 1 }), "last"),
            (json!({ "after": "not-a-cursor" }), "after"),
        ] {
            let response = app.post_graphql(json!({ "query": PAGE, "variables": variables })).await;
            let body = response.json();
            assert_eq!(response.error_code(), "BAD_USER_INPUT", "{variables}: {body}");
            assert!(body["errors"][0]["message"].as_str().expect("message").contains(argument), "{body}");
            assert_eq!(body["errors"][0]["path"], json!(["projects"]));
        }
    });
}
