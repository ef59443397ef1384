//! Knowledge a researcher can check: every built-in citation locatable and its quote found in the text held,
//! conflicts between sources side by side, citations about an object, reported figures, and honest counts.

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_every_backend;

/// Every citation matching `filter`, with its locator, quote, stance, document and subject, page after page.
async fn all_citations(app: &TestApp, filter: Value) -> Vec<Value> {
    let query = r#"query($filter: CitationFilter, $after: String) { citations(filter: $filter, first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { locator quote stance field document { slug body } subject { __typename } } } }"#;
    let mut found = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.query_with(query, json!({ "filter": filter, "after": after })).await;
        found.extend(page["citations"]["nodes"].as_array().expect("nodes").iter().cloned());
        if page["citations"]["pageInfo"]["hasNextPage"] == false {
            assert_eq!(page["citations"]["totalCount"].as_u64(), Some(found.len() as u64));
            return found;
        }
        after = page["citations"]["pageInfo"]["endCursor"].clone();
    }
}

async fn id_of(app: &TestApp, list: &str, slug: &str) -> Value {
    let data = app.query(&format!(r#"{{ item: {list}(slug: "{slug}") {{ id }} }}"#)).await;
    data["item"]["id"].clone()
}

#[tokio::test]
async fn every_built_in_citation_has_a_locator_and_every_quote_is_in_the_text_held() {
    on_every_backend!(|app| {
        let citations = all_citations(&app, json!({})).await;
        assert!(citations.len() > 500, "{}", citations.len());
        let without: Vec<&Value> =
            citations.iter().filter(|c| c["locator"].as_str().is_none_or(str::is_empty)).collect();
        assert!(without.is_empty(), "citations without a locator: {without:?}");
        let mut checked = 0;
        for citation in &citations {
            let (Some(quote), Some(body)) = (citation["quote"].as_str(), citation["document"]["body"].as_str()) else {
                continue;
            };
            // The words, not the Markdown emphasis around them.
            let text = body.replace("**", "");
            assert!(text.contains(quote), "«{quote}» is not in {}", citation["document"]["slug"]);
            checked += 1;
        }
        assert!(checked > 20, "the press release's quotes are checked: {checked}");
    });
}

#[tokio::test]
async fn the_master_plans_answer_with_one_stated_and_one_contradicted_citation() {
    on_every_backend!(|app| {
        let plan = id_of(&app, "project", "schema-directeur-eau-assainissement-jenine").await;
        let data = app
            .query_with(
                r#"query($plan: ID!) { conflicts(filter: { about: $plan }) { field subjectKind
                    supporting { stance quote document { slug } } contradicting { stance quote document { slug } } } }"#,
                json!({ "plan": plan }),
            )
            .await;
        assert_eq!(
            data["conflicts"],
            json!([{
                "field": "end", "subjectKind": "PROJECT",
                "supporting": [{ "stance": "STATED", "quote": null, "document": { "slug": "pseau-action-2104" } }],
                "contradicting": [{ "stance": "CONTRADICTED", "quote": "Ces dernières années",
                                    "document": { "slug": "communique-val-de-marne-2019-11-27" } }]
            }])
        );
        // Every conflict has both sides; the sources of facts-2.md disagree on more than the master plans.
        let all = app.query("{ conflicts(first: 100) { field subject { __typename } supporting { stance } contradicting { stance } } }").await;
        let all = all["conflicts"].as_array().expect("conflicts");
        assert!(all.len() >= 10, "{all:?}");
        for conflict in all {
            assert!(
                conflict["supporting"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty() && s.iter().all(|c| c["stance"] != "CONTRADICTED"))
            );
            assert!(
                conflict["contradicting"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty() && c.iter().all(|c| c["stance"] == "CONTRADICTED"))
            );
        }
        let kinds: Vec<&str> = all.iter().filter_map(|c| c["subject"]["__typename"].as_str()).collect();
        for kind in ["Project", "Event", "PersonRole", "Person", "DelegationMember", "Partnership"] {
            assert!(kinds.contains(&kind), "a {kind} with disagreeing sources: {kinds:?}");
        }
        let bad = app.post_graphql(json!({ "query": "{ conflicts(first: 1000) { field } }" })).await;
        assert_eq!(bad.error_code(), "BAD_USER_INPUT");
    });
}

#[tokio::test]
async fn citations_about_jenin_include_its_memberships_and_participations() {
    on_every_backend!(|app| {
        let jenin = id_of(&app, "organization", "jenin").await;
        let about = all_citations(&app, json!({ "about": jenin })).await;
        let kinds: Vec<&str> = about.iter().filter_map(|c| c["subject"]["__typename"].as_str()).collect();
        for kind in ["Organization", "PartnershipMember", "ProjectParticipant", "DelegationMember", "PersonRole"] {
            assert!(kinds.contains(&kind), "citations of Jenin's {kind} rows: {kinds:?}");
        }
        let own = all_citations(&app, json!({ "about": jenin, "subjectKinds": ["ORGANIZATION"] })).await;
        assert_eq!(own.len(), 6, "the organization's own citations");
        let contradicted = all_citations(&app, json!({ "stances": ["CONTRADICTED"] })).await;
        assert!(contradicted.iter().all(|c| c["stance"] == "CONTRADICTED") && contradicted.len() >= 10);
        let press = app.query(r#"{ document(slug: "communique-val-de-marne-2019-11-27") { id } }"#).await;
        let from_press =
            all_citations(&app, json!({ "documents": [press["document"]["id"]], "fields": ["end"] })).await;
        assert_eq!(from_press.len(), 3, "the three master plans' end, each contradicted");
        let bad =
            app.post_graphql(json!({ "query": r#"{ citations(filter: { about: "nope" }) { totalCount } }"# })).await;
        assert_eq!(bad.error_code(), "BAD_USER_INPUT");
    });
}

#[tokio::test]
async fn every_domain_the_press_release_names_has_projects() {
    on_every_backend!(|app| {
        let data = app.query("{ domains { domain projectCount } }").await;
        for named in ["CULTURE", "SPORT", "YOUTH", "WATER_SANITATION", "DISABILITY", "EARLY_CHILDHOOD"] {
            let domain =
                data["domains"].as_array().expect("domains").iter().find(|d| d["domain"] == named).expect("domain");
            assert!(domain["projectCount"].as_u64() > Some(0), "{named} has projects");
        }
        let culture = app.query("{ projects(filter: { domains: [CULTURE, YOUTH] }) { totalCount } }").await;
        assert!(culture["projects"]["totalCount"].as_u64() > Some(3));
    });
}

#[tokio::test]
async fn a_partnership_reports_more_projects_than_it_itemizes() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ partnership(slug: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") {
                    projects { totalCount }
                    reportedFigures { totalCount nodes { metric qualifier value amount { amount currency } domains asOf
                        citations { nodes { quote document { slug } } } } } } }"#,
            )
            .await;
        let partnership = &data["partnership"];
        let figures = partnership["reportedFigures"]["nodes"].as_array().expect("figures");
        assert_eq!(partnership["reportedFigures"]["totalCount"], 5);
        let reported = &figures[0];
        assert_eq!(
            (&reported["metric"], &reported["qualifier"], &reported["value"], &reported["asOf"]),
            (&json!("PROJECTS"), &json!("AT_LEAST"), &json!(40), &json!("2019-11"))
        );
        assert_eq!(reported["citations"]["nodes"][0]["quote"], "plus de 40 projets");
        let itemized = partnership["projects"]["totalCount"].as_u64().expect("count");
        assert!(itemized > 20 && itemized < 40, "{itemized} itemized of more than 40 reported");
        let water = figures.iter().find(|f| f["domains"] == json!(["WATER_SANITATION"])).expect("the 2019 evaluation");
        assert_eq!(
            (&water["value"], &water["amount"]),
            (&json!(14), &json!({ "amount": 3468000.0, "currency": "EUR" }))
        );
        let qalqilya = app.query(r#"{ organization(slug: "qalqilya") { population { count year } reportedFigures { nodes { metric value asOf } } } }"#).await;
        assert_eq!(qalqilya["organization"]["population"], json!({ "count": 51683, "year": 2017 }));
        assert_eq!(
            qalqilya["organization"]["reportedFigures"]["nodes"],
            json!([{ "metric": "POPULATION", "value": 50000, "asOf": "2024" }, { "metric": "POPULATION", "value": 45000, "asOf": null }])
        );
    });
}

#[tokio::test]
async fn unsourced_lists_what_no_citation_covers() {
    on_every_backend!(|app| {
        let query = r#"{ overview { unsourcedFacts } unsourced { totalCount nodes { kind subject { ... on Organization { slug } } } } }"#;
        let before = app.query(query).await;
        assert_eq!(before["overview"]["unsourcedFacts"], 0);
        assert_eq!(before["unsourced"], json!({ "totalCount": 0, "nodes": [] }));
        for slug in ["unsourced-a", "unsourced-b"] {
            app.db
                .execute_unprepared(&format!("INSERT INTO organization (slug, kind, country, name, synthetic, created_at, updated_at, version) VALUES ('{slug}', 'NGO', 'FR', '{slug}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
                .await
                .expect("insert");
        }
        // Rows written behind the write path's back: a new data version is what tells the servers (their kept
        // summaries, such as the overview's counts, are of the previous one).
        coopkb::db::data_version::bump(&app.db).await.expect("a new data version");
        let after = app.query(query).await;
        assert_eq!(after["overview"]["unsourcedFacts"], 2);
        assert_eq!(
            after["unsourced"],
            json!({ "totalCount": 2, "nodes": [
                { "kind": "ORGANIZATION", "subject": { "slug": "unsourced-a" } },
                { "kind": "ORGANIZATION", "subject": { "slug": "unsourced-b" } }
            ] })
        );
        let first = app.query("{ unsourced(first: 1) { nodes { kind } pageInfo { hasNextPage endCursor } } }").await;
        assert_eq!(first["unsourced"]["pageInfo"]["hasNextPage"], true);
        let next = app
            .query_with(
                "query($after: String) { unsourced(first: 1, after: $after) { nodes { subject { ... on Organization { slug } } } pageInfo { hasNextPage } } }",
                json!({ "after": first["unsourced"]["pageInfo"]["endCursor"] }),
            )
            .await;
        assert_eq!(next["unsourced"]["nodes"], json!([{ "subject": { "slug": "unsourced-b" } }]));
        assert_eq!(next["unsourced"]["pageInfo"]["hasNextPage"], false);
        let projects = app.query("{ unsourced(kinds: [PROJECT]) { totalCount } }").await;
        assert_eq!(projects["unsourced"]["totalCount"], 0);
    });
}
