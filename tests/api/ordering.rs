//! Orderings both ways, keyset pages across boundaries with inserts in between, and cursors tied to their ordering.

use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde_json::{Value, json};

use crate::helpers::{TestApp, edge_slugs};
use crate::on_every_backend;

async fn ordered(app: &TestApp, list: &str, order_type: &str, order: Value) -> Vec<String> {
    let query =
        format!("query($o: {order_type}) {{ {list}(orderBy: $o, first: 100) {{ edges {{ node {{ slug }} }} }} }}");
    let data = app.query_with(&query, json!({ "o": order })).await;
    edge_slugs(&data[list])
}

/// The water and sanitation projects of facts.md: the programme, its works, the master plans and the 2015 works.
const WATER_UNTIL_2015: &str = r#"{ kinds: [MASTER_PLAN, PROGRAMME, WORKS, PROJECT], period: { to: "2015" } }"#;

async fn ordered_projects(app: &TestApp, order: Value) -> Vec<String> {
    let query = format!(
        "query($o: ProjectOrder) {{ projects(orderBy: $o, first: 100, filter: {WATER_UNTIL_2015}) {{ edges {{ node {{ slug }} }} }} }}"
    );
    let data = app.query_with(&query, json!({ "o": order })).await;
    edge_slugs(&data["projects"])
}

fn slugs(page: &Value) -> Vec<String> {
    edge_slugs(&page["projects"])
}

const PROGRAMME: &str = "assainissement-tulkarem-qalqilya-2008";
const SHWAIKEH: &str = "extension-egouts-shwaikeh-tulkarem";
const PLANS: [&str; 3] = [
    "schema-directeur-eau-assainissement-tulkarem",
    "schema-directeur-eau-assainissement-qalqilya",
    "schema-directeur-eau-assainissement-jenine",
];
const WORKS: &str = "rehabilitation-reseaux-eaux-usees-qalqilya-2015";

#[tokio::test]
async fn projects_order_by_date_title_and_budget_both_ways() {
    on_every_backend!(|app| {
        let projects = |order: Value| ordered_projects(&app, order);
        let by_start = [PROGRAMME, SHWAIKEH, PLANS[0], PLANS[1], PLANS[2], WORKS];
        assert_eq!(projects(json!({ "field": "START" })).await, by_start);
        let by_start_desc = [WORKS, PLANS[2], PLANS[1], PLANS[0], SHWAIKEH, PROGRAMME];
        assert_eq!(projects(json!({ "field": "START", "direction": "DESC" })).await, by_start_desc);
        // Ends: the plans end in 2013, the programme in 2008 and the Shwaikeh works in 2010 (the end of their
        // start year), the 2015 works after their 36 months.
        assert_eq!(
            projects(json!({ "field": "END" })).await,
            [PROGRAMME, SHWAIKEH, PLANS[0], PLANS[1], PLANS[2], WORKS]
        );
        // Rows without a budget come last in both directions, in id order.
        let budget_asc = projects(json!({ "field": "BUDGET" })).await;
        let budget_desc = projects(json!({ "field": "BUDGET", "direction": "DESC" })).await;
        assert_eq!(budget_asc[0], WORKS);
        assert_eq!(budget_desc[0], WORKS);
        assert_eq!(budget_asc[1..], [PLANS[0], PLANS[1], PLANS[2], PROGRAMME, SHWAIKEH]);
        assert_eq!(budget_desc[1..], [SHWAIKEH, PROGRAMME, PLANS[2], PLANS[1], PLANS[0]]);
        let titles = projects(json!({ "field": "TITLE" })).await;
        let mut reversed = projects(json!({ "field": "TITLE", "direction": "DESC" })).await;
        reversed.reverse();
        assert_eq!(titles, reversed);
        assert_eq!(titles[0], "extension-egouts-shwaikeh-tulkarem", "« Extension… » sorts first");
    });
}

#[tokio::test]
async fn other_lists_order_both_ways() {
    on_every_backend!(|app| {
        let spring = "delegation-seine-saint-denis-palestine-2019-02";
        let autumn = "delegation-maires-palestiniens-2019-11";
        let delegations = |order: Value| ordered(&app, "delegations", "DelegationOrder", order);
        let by_start = delegations(json!({ "field": "START" })).await;
        let position = |slug: &str| by_start.iter().position(|s| s == slug).expect("listed");
        assert_eq!(by_start[0], "bibliothecaires-palestiniens-fresnes-2002");
        assert_eq!(position(autumn), position(spring) + 1);
        assert_eq!(
            by_start[18..],
            [
                "maire-tulkarem-seine-saint-denis",
                "jenine-seine-saint-denis-seminaire-capitalisation",
                "fsgt-mission-de-suivi-cisjordanie"
            ],
            "undated last"
        );
        let by_start_desc = delegations(json!({ "field": "START", "direction": "DESC" })).await;
        assert_eq!(by_start_desc[0], "rcdp-jerusalem-2025-02");

        let names = ordered(&app, "organizations", "OrganizationOrder", json!({ "field": "NAME" })).await;
        let mut reversed =
            ordered(&app, "organizations", "OrganizationOrder", json!({ "field": "NAME", "direction": "DESC" })).await;
        reversed.reverse();
        assert_eq!(names, reversed);
        assert_eq!(names.first().map(String::as_str), Some("aesn"));

        let documents =
            ordered(&app, "documents", "DocumentOrder", json!({ "field": "PUBLISHED", "direction": "DESC" })).await;
        assert_eq!(documents[0], "fsgt-bilan-cooperation-decentralisee-palestine", "the latest first, undated last");
        assert_eq!(documents.len(), 73);
        assert_eq!(documents.last().map(String::as_str), Some("pseau-action-2104"));
        let events = ordered(&app, "events", "EventOrder", json!({ "field": "STARTS_AT" })).await;
        assert_eq!(events.len(), 16);
        assert_eq!(
            (events[0].as_str(), events[15].as_str()),
            ("signature-protocole-cooperation-1999", "audition-senat-rcdp-2025-02-12")
        );
        let partnerships =
            ordered(&app, "partnerships", "PartnershipOrder", json!({ "field": "NAME", "direction": "DESC" })).await;
        assert_eq!(partnerships.len(), 2);
    });
}

async fn insert_project(app: &TestApp, slug: &str, start: chrono::NaiveDate) {
    entity::project::ActiveModel {
        slug: Set(slug.to_owned()),
        partnership_id: Set(1),
        kind: Set(entity::ProjectKind::Project),
        original_lang: Set("fr".to_owned()),
        title: Set(slug.to_owned()),
        title_i18n: Set(Default::default()),
        description_i18n: Set(Default::default()),
        start_date: Set(Some(start)),
        start_precision: Set(Some(entity::DatePrecision::Day)),
        period_start: Set(Some(start)),
        period_end: Set(Some(start)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("insert a project");
}

#[tokio::test]
async fn pages_stay_consistent_when_rows_are_inserted_between_them() {
    on_every_backend!(|app| {
        let query = format!(
            "query($after: String) {{ projects(first: 2, after: $after, orderBy: {{ field: START }}, filter: \
             {WATER_UNTIL_2015}) {{ edges {{ node {{ slug }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
        );
        let query = query.as_str();
        let first = app.query_with(query, json!({})).await;
        assert_eq!(slugs(&first), [PROGRAMME, SHWAIKEH]);
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        insert_project(&app, "inserted-before-the-cursor", day(2009, 6, 1)).await;
        insert_project(&app, "inserted-after-the-cursor", day(2014, 6, 1)).await;

        let mut rest = Vec::new();
        let mut cursor = first["projects"]["pageInfo"]["endCursor"].clone();
        loop {
            let page = app.query_with(query, json!({ "after": cursor })).await;
            rest.extend(slugs(&page));
            if page["projects"]["pageInfo"]["hasNextPage"] == false {
                break;
            }
            cursor = page["projects"]["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(rest, [PLANS[0], PLANS[1], PLANS[2], "inserted-after-the-cursor", WORKS]);

        // A cursor read under one ordering is refused under another.
        let by_id = app.query("{ projects(first: 1) { pageInfo { endCursor } } }").await;
        let response = app
            .post_graphql(json!({
                "query": "query($a: String) { projects(first: 1, after: $a, orderBy: { field: TITLE }) { totalCount } }",
                "variables": { "a": by_id["projects"]["pageInfo"]["endCursor"] }
            }))
            .await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT");
    });
}

#[tokio::test]
async fn keyset_pages_cross_from_values_to_nulls_both_ways() {
    on_every_backend!(|app| {
        let query = r#"query($o: ProjectOrder, $first: Int, $after: String, $last: Int, $before: String) {
            projects(orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
                edges { node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            } }"#;
        // One project has a budget, five have none: pages of two cross from the valued rows to the NULL ones.
        for direction in ["ASC", "DESC"] {
            let order = json!({ "field": "BUDGET", "direction": direction });
            let all = ordered(&app, "projects", "ProjectOrder", order.clone()).await;
            let (mut forward, mut after) = (Vec::new(), Value::Null);
            loop {
                let page = app.query_with(query, json!({ "o": order, "first": 2, "after": after })).await;
                forward.extend(slugs(&page));
                if page["projects"]["pageInfo"]["hasNextPage"] == false {
                    break;
                }
                after = page["projects"]["pageInfo"]["endCursor"].clone();
            }
            assert_eq!(forward, all, "[{:?}] forward, {direction}", app.backend);
            let (mut backward, mut before) = (Vec::new(), Value::Null);
            loop {
                let page = app.query_with(query, json!({ "o": order, "last": 2, "before": before })).await;
                backward.splice(0..0, slugs(&page));
                if page["projects"]["pageInfo"]["hasPreviousPage"] == false {
                    break;
                }
                before = page["projects"]["pageInfo"]["startCursor"].clone();
            }
            assert_eq!(backward, all, "[{:?}] backward, {direction}", app.backend);
        }
    });
}

#[tokio::test]
async fn names_and_titles_order_ignoring_case_and_accents() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ organizations(orderBy: { field: NAME }, first: 100) { nodes { name } }
                     projects(orderBy: { field: TITLE }, first: 100) { nodes { title } } }"#,
            )
            .await;
        for (list, field) in [("organizations", "name"), ("projects", "title")] {
            let names: Vec<&str> =
                data[list]["nodes"].as_array().unwrap().iter().map(|n| n[field].as_str().unwrap()).collect();
            let mut folded = names.clone();
            folded.sort_by_key(|name| coopkb::text::search_key(name));
            assert_eq!(names, folded, "{list} by {field}, case and accents aside");
        }
        let names: Vec<&str> =
            data["organizations"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
        let at = |name: &str| names.iter().position(|n| *n == name).unwrap_or_else(|| panic!("{name}"));
        assert!(
            at("Délégation pour l'action extérieure des collectivités territoriales")
                < at("Direction Europe-International de la Seine-Saint-Denis")
        );
        assert!(at("FSGT 93") < at("iReMMO") && at("iReMMO") < at("Jénine"), "{names:?}");
    });
}
