//! The SQL statements each named benchmark request runs (`benches/requests`): one per level, never a COUNT
//! nobody asked for, never one per parent, and a deep page as cheap as the first.

use serde_json::{Value, json};

use crate::helpers::{TestApp, backends};
use crate::on_every_backend;

const FLAT_PAGE: &str = include_str!("../../benches/requests/a_flat_page.graphql");
const DASHBOARD: &str = include_str!("../../benches/requests/b_dashboard.graphql");
const WATER_SINCE_2011: &str = include_str!("../../benches/requests/c_water_since_2011.graphql");
const BY_START_DATE: &str = include_str!("../../benches/requests/d_deep_page.graphql");

/// The data of `query` and the number of statements it ran.
async fn run(app: &TestApp, query: &str, variables: Value) -> (Value, u64) {
    let before = app.metrics.statements();
    let data = app.query_with(query, variables).await;
    (data, app.metrics.statements() - before)
}

fn nodes<'a>(connection: &'a Value, list: &str) -> &'a [Value] {
    connection[list].as_array().map(Vec::as_slice).unwrap_or_default()
}

#[tokio::test]
async fn named_requests_run_their_target_statement_counts() {
    on_every_backend!(|app| {
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let backend = app.backend.clone();

        let (data, statements) = run(&app, FLAT_PAGE, json!({})).await;
        assert_eq!(nodes(&data["projects"], "edges").len(), 100);
        assert!(data["projects"].get("totalCount").is_none());
        assert_eq!(statements, 1, "[{backend:?}] (a) a flat page");
        let (data, statements) = run(&app, FLAT_PAGE, json!({ "count": true })).await;
        assert_eq!(data["projects"]["totalCount"], 5000 + 27, "synthetic and built-in projects");
        assert_eq!(statements, 2, "[{backend:?}] (a) with totalCount");

        let (data, statements) = run(&app, DASHBOARD, json!({})).await;
        let partnerships = nodes(&data["partnerships"], "nodes");
        assert_eq!(partnerships.len(), 20);
        for partnership in partnerships {
            let members = nodes(&partnership["members"], "nodes");
            assert!(members.iter().any(|m| m["side"] == "FRENCH") && members.iter().any(|m| m["side"] == "PARTNER"));
            assert!(members.iter().all(|m| m["organization"]["name"].as_str().is_some_and(|n| !n.is_empty())));
            let projects = nodes(&partnership["projects"], "nodes");
            assert!(!projects.is_empty());
            assert!(projects.iter().all(|p| !nodes(p, "domains").is_empty()), "every synthetic project has a domain");
        }
        assert!(partnerships.iter().any(|p| !nodes(&p["delegations"], "nodes").is_empty()));
        // Partnerships, members with their organizations, projects, their domains (by project id: cheaper than
        // repeating each project's row once per domain in a join), delegations.
        assert!(statements <= 5, "[{backend:?}] (b) the dashboard ran {statements} statements");

        let (data, statements) = run(&app, WATER_SINCE_2011, json!({})).await;
        let water = nodes(&data["projects"], "nodes");
        assert!(!water.is_empty());
        assert!(water.iter().all(|p| p["start"].as_str().is_some_and(|start| start >= "2011")), "{water:?}");
        assert_eq!(statements, 1, "[{backend:?}] (c) a filtered list");

        let mut after = Value::Null;
        // Ordered by the first day of each start, so years never go back (`2006` and `2006-01` tie).
        let year =
            |edge: &Value| edge["node"]["start"].as_str().unwrap_or_default().chars().take(4).collect::<String>();
        let mut last_year = String::new();
        for page in 1..=40 {
            let (data, statements) = run(&app, BY_START_DATE, json!({ "after": after })).await;
            assert_eq!(statements, 1, "[{backend:?}] (d) page {page} by start date");
            let edges = nodes(&data["projects"], "edges");
            assert_eq!(edges.len(), 100, "page {page}");
            assert!(year(&edges[0]) >= last_year, "page {page} starts in {}, before {last_year}", year(&edges[0]));
            last_year = year(&edges[99]);
            after = data["projects"]["pageInfo"]["endCursor"].clone();
        }
    });
}

#[tokio::test]
async fn nested_pages_are_windows_of_each_parents_list() {
    on_every_backend!(|app| {
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let query = r#"query($first: Int, $last: Int, $after: String, $before: String) { partnerships(first: 5) { nodes {
            all: projects(first: 100) { totalCount nodes { slug } }
            page: projects(first: $first, last: $last, after: $after, before: $before) {
                totalCount nodes { slug } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            }
        } } }"#;
        let slugs = |connection: &Value| -> Vec<String> {
            nodes(connection, "nodes").iter().filter_map(|n| n["slug"].as_str().map(str::to_owned)).collect()
        };
        let first = app.query_with(query, json!({ "first": 3 })).await;
        let last = app.query_with(query, json!({ "last": 3 })).await;
        // The two built-in partnerships come first; the synthetic ones have dozens of projects each.
        for (i, partnership) in nodes(&first["partnerships"], "nodes").iter().enumerate().skip(2) {
            let all = slugs(&partnership["all"]);
            assert!(all.len() > 6, "{all:?}");
            assert_eq!(partnership["all"]["totalCount"], all.len());
            assert_eq!(partnership["page"]["totalCount"], all.len());
            assert_eq!(slugs(&partnership["page"]), all[..3]);
            assert_eq!(partnership["page"]["pageInfo"]["hasNextPage"], true);

            let tail = &nodes(&last["partnerships"], "nodes")[i]["page"];
            assert_eq!(slugs(tail), all[all.len() - 3..]);
            assert_eq!(tail["pageInfo"]["hasPreviousPage"], true);
            assert_eq!(tail["pageInfo"]["hasNextPage"], false);
        }
        // A cursor of one parent's list applies to every parent: items after that id.
        let cursor = nodes(&first["partnerships"], "nodes")[2]["page"]["pageInfo"]["endCursor"].clone();
        let next = app.query_with(query, json!({ "first": 3, "after": cursor })).await;
        let partnership = &nodes(&next["partnerships"], "nodes")[2];
        assert_eq!(slugs(&partnership["page"]), slugs(&partnership["all"])[3..6]);
        assert_eq!(partnership["page"]["pageInfo"]["hasPreviousPage"], true);
    });
}

#[tokio::test]
async fn pages_of_linked_rows_are_windows_of_each_parents_list() {
    for backend in backends() {
        // The reference lists are read whole (pages of 100 under pages of 100): more than a client's budget.
        let app = TestApp::spawn_with(&backend, |config| config.max_query_cost = 10_000_000).await;
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let backend = app.backend.clone();
        let query = r#"query($organizations: Int = 12, $first: Int, $last: Int, $after: String) {
            organizations(first: $organizations, filter: { kinds: [DEPARTMENT, MUNICIPALITY, COMMUNE] }) { nodes { slug
                projects(first: $first, last: $last, after: $after) {
                    totalCount nodes { slug } pageInfo { hasNextPage hasPreviousPage endCursor }
                }
                partnerships(first: $first, last: $last) { totalCount nodes { slug } }
                partners(first: $first, last: $last) { totalCount nodes { slug } }
                partnerCities { slug }
                participations(first: 100) { totalCount }
                memberships(first: 100) { nodes { partnership { slug members(first: 100) { nodes {
                    side organization { slug kind isCollectivity }
                } } } side } }
            } } }"#;
        let slugs = |connection: &Value| -> Vec<String> {
            nodes(connection, "nodes").iter().filter_map(|n| n["slug"].as_str().map(str::to_owned)).collect()
        };
        let (first, statements) = run(&app, query, json!({ "first": 3 })).await;
        let (_, statements_for_more) = run(&app, query, json!({ "first": 3, "organizations": 24 })).await;
        assert_eq!(statements, statements_for_more, "[{backend:?}] the statements do not depend on the parents");
        let last = app.query_with(query, json!({ "last": 3 })).await;
        let organizations = nodes(&first["organizations"], "nodes");
        assert_eq!(organizations.len(), 12);
        let mut projects_checked = 0;
        for (i, organization) in organizations.iter().enumerate() {
            let slug = organization["slug"].as_str().unwrap_or_default();
            // The same list from the root, filtered by participant, in id order.
            let root = app
                .query_with(
                    r#"query($slug: String!) {
                        head: projects(first: 6, filter: { participant: { organization: $slug } }) {
                            totalCount nodes { slug } }
                        tail: projects(last: 3, filter: { participant: { organization: $slug } }) { nodes { slug } }
                    }"#,
                    json!({ "slug": slug }),
                )
                .await;
            let head = slugs(&root["head"]);
            let page = &organization["projects"];
            assert_eq!(page["totalCount"], root["head"]["totalCount"], "{slug}: each project once, whatever the roles");
            assert_eq!(slugs(page), head[..head.len().min(3)]);
            assert_eq!(slugs(&nodes(&last["organizations"], "nodes")[i]["projects"]), slugs(&root["tail"]));
            if head.len() == 6 {
                assert_eq!(page["pageInfo"]["hasNextPage"], true);
                let next = app.query_with(query, json!({ "first": 3, "after": page["pageInfo"]["endCursor"] })).await;
                assert_eq!(slugs(&nodes(&next["organizations"], "nodes")[i]["projects"]), head[3..6]);
                projects_checked += 1;
            }

            // Partnerships and partners, from the memberships and their members.
            let memberships = nodes(&organization["memberships"], "nodes");
            let mut partnerships: Vec<&str> =
                memberships.iter().filter_map(|m| m["partnership"]["slug"].as_str()).collect();
            partnerships.dedup();
            assert_eq!(organization["partnerships"]["totalCount"], partnerships.len(), "{slug}");
            let mut partners = Vec::new();
            let mut cities = Vec::new();
            for membership in memberships {
                for member in nodes(&membership["partnership"]["members"], "nodes") {
                    let other = &member["organization"];
                    if other["slug"] == slug {
                        continue;
                    }
                    partners.push(other["slug"].as_str().unwrap_or_default());
                    if member["side"] != membership["side"] && other["isCollectivity"] == true {
                        cities.push(other["slug"].as_str().unwrap_or_default());
                    }
                }
            }
            partners.sort_unstable();
            partners.dedup();
            cities.sort_unstable();
            cities.dedup();
            assert_eq!(organization["partners"]["totalCount"], partners.len(), "{slug}");
            assert_eq!(slugs(&organization["partners"]).len(), partners.len().min(3));
            let mut found_cities = slugs(&json!({ "nodes": organization["partnerCities"] }));
            found_cities.sort_unstable();
            assert_eq!(found_cities, cities, "{slug}");
        }
        assert!(projects_checked >= 3, "only {projects_checked} organizations have 6 projects");
    }
}

#[tokio::test]
async fn nested_timelines_are_windows_of_each_owners_timeline() {
    on_every_backend!(|app| {
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let backend = app.backend.clone();
        for (list, filter) in [("partnerships", ""), ("organizations", "filter: { kinds: [DEPARTMENT, MUNICIPALITY] }")]
        {
            let query = format!(
                r#"query($owners: Int = 12, $first: Int, $last: Int, $after: String, $before: String) {{
                    {list}(first: $owners, {filter}) {{ nodes {{ slug
                        all: timeline(first: 100) {{ totalCount edges {{ cursor node {{ kind date }} }} }}
                        page: timeline(first: $first, last: $last, after: $after, before: $before) {{
                            totalCount edges {{ cursor node {{ kind date }} }}
                            pageInfo {{ hasNextPage hasPreviousPage }}
                        }}
                    }} }} }}"#
            );
            let cursors = |connection: &Value| -> Vec<Value> {
                nodes(connection, "edges").iter().map(|edge| edge["cursor"].clone()).collect()
            };
            let (first, statements) = run(&app, &query, json!({ "first": 3 })).await;
            let (_, statements_for_more) = run(&app, &query, json!({ "first": 3, "owners": 24 })).await;
            // The list, the two windows and the counts beside them, the items by id (one statement per kind).
            for statements in [statements, statements_for_more] {
                assert!(statements <= 1 + 2 + 1 + 4, "[{backend:?}] {list}: {statements} statements");
            }
            let mut checked = 0;
            for (i, owner) in nodes(&first[list], "nodes").iter().enumerate() {
                // The first 100 items (all of them for most partnerships, not for most organizations).
                let all = cursors(&owner["all"]);
                if all.len() < 8 {
                    continue;
                }
                checked += 1;
                let dates: Vec<&str> =
                    nodes(&owner["all"], "edges").iter().filter_map(|e| e["node"]["date"].as_str()).collect();
                assert!(dates.windows(2).all(|pair| pair[0][..4] <= pair[1][..4]), "{list}: {dates:?}");
                assert_eq!(owner["page"]["totalCount"], owner["all"]["totalCount"]);
                assert_eq!(cursors(&owner["page"]), all[..3]);
                assert_eq!(owner["page"]["pageInfo"]["hasNextPage"], true);
                let n = all.len();
                let tail = app.query_with(&query, json!({ "last": 3, "before": all[n - 1] })).await;
                let tail = &nodes(&tail[list], "nodes")[i]["page"];
                assert_eq!(cursors(tail), all[n - 4..n - 1]);
                assert_eq!(tail["pageInfo"]["hasPreviousPage"], true);
                let middle = app.query_with(&query, json!({ "first": 2, "after": all[2], "before": all[7] })).await;
                assert_eq!(cursors(&nodes(&middle[list], "nodes")[i]["page"]), all[3..5]);
            }
            assert!(checked >= 2, "{list}: only {checked} timelines hold 8 items");
        }
    });
}

#[tokio::test]
async fn document_bodies_are_read_only_for_pages_that_show_them() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let with_body = r#"{ documents(first: 100) { nodes { slug body } } }"#;
        let (data, statements) = run(&app, with_body, json!({})).await;
        let documents = nodes(&data["documents"], "nodes");
        let bodies: Vec<&Value> = documents.iter().map(|d| &d["body"]).collect();
        assert!(bodies.iter().any(|b| b.as_str().is_some_and(|b| b.contains("Tulkarem"))), "the press release's text");
        assert!(bodies.iter().any(|b| b.is_null()), "sources whose text we do not hold");
        assert_eq!(statements, 1, "[{backend:?}] the page reads the bodies with the rows");

        // Without `body` the page leaves it out; a body selected only through a fragment the page did not look
        // at is still answered, from the row read by id.
        let (data, statements) = run(&app, r#"{ documents(first: 100) { nodes { slug } } }"#, json!({})).await;
        assert_eq!(nodes(&data["documents"], "nodes").len(), documents.len());
        assert_eq!(statements, 1);
        let through_node = r#"{ documents(first: 100) { nodes { slug ...Text } } } fragment Text on Node { ... on Document { body } }"#;
        let data = app.query(through_node).await;
        let again: Vec<&Value> = nodes(&data["documents"], "nodes").iter().map(|d| &d["body"]).collect();
        assert_eq!(again, bodies);
    });
}
