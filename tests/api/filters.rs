//! Filters of every list, as a dashboard sends them.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_every_backend;

async fn slugs(app: &TestApp, list: &str, filter_type: &str, filter: Value) -> Vec<String> {
    let query = format!(
        "query($filter: {filter_type}) {{ {list}(filter: $filter, first: 100) {{ totalCount edges {{ node {{ slug }} }} }} }}"
    );
    let data = app.query_with(&query, json!({ "filter": filter })).await;
    let connection = &data[list];
    let slugs: Vec<String> = connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["slug"].as_str().expect("slug").to_owned())
        .collect();
    assert_eq!(connection["totalCount"].as_u64(), Some(slugs.len() as u64), "totalCount agrees with the edges");
    slugs
}

const PLANS: [&str; 3] = [
    "schema-directeur-eau-assainissement-tulkarem",
    "schema-directeur-eau-assainissement-qalqilya",
    "schema-directeur-eau-assainissement-jenine",
];
const WORKS_2015: &str = "rehabilitation-reseaux-eaux-usees-qalqilya-2015";

#[tokio::test]
async fn project_filters() {
    on_every_backend!(|app| {
        let projects = |filter: Value| slugs(&app, "projects", "ProjectFilter", filter);
        assert_eq!(projects(json!({ "domains": ["WATER_SANITATION"] })).await.len(), 10);
        let culture_or_sport = projects(json!({ "domains": ["CULTURE", "SPORT"] })).await;
        assert_eq!(culture_or_sport.len(), 9, "{culture_or_sport:?}");
        assert!(culture_or_sport.contains(&"je-joue-je-rencontre-le-monde".to_owned()));
        assert_eq!(projects(json!({ "kinds": ["MASTER_PLAN"] })).await, PLANS);
        assert_eq!(projects(json!({ "statuses": ["CLOSED"], "kinds": ["MASTER_PLAN", "WORKS"] })).await, PLANS);
        let partnership = "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine";
        assert_eq!(projects(json!({ "partnership": partnership })).await.len(), 26, "all but the network's JER'EST");
        assert!(projects(json!({ "partnership": "nowhere" })).await.is_empty());
        assert_eq!(
            projects(json!({ "participant": { "organization": "siaap" } })).await,
            ["assainissement-tulkarem-qalqilya-2008", "extension-egouts-shwaikeh-tulkarem", WORKS_2015]
        );
        assert!(projects(json!({ "participant": { "organization": "siaap", "role": "FUNDING" } })).await.is_empty());
        assert_eq!(
            projects(json!({ "participant": { "organization": "aesn", "role": "FUNDING" } })).await,
            [WORKS_2015]
        );
        assert_eq!(projects(json!({ "country": "PS" })).await.len(), 26);
        assert_eq!(projects(json!({ "country": "FR" })).await.len(), 23);
        // Periods overlap: the 2015 works run 36 months; the master plans are dated by their 2013 adoption.
        assert_eq!(
            projects(json!({ "period": { "from": "2016-06", "to": "2017" } })).await,
            [WORKS_2015, "je-joue-je-rencontre-le-monde"]
        );
        let water = json!(["WATER_SANITATION"]);
        assert_eq!(
            projects(json!({ "period": { "from": "2013", "to": "2013" }, "kinds": ["MASTER_PLAN", "WORKS"] })).await,
            PLANS
        );
        assert_eq!(
            projects(json!({ "period": { "to": "2008-12-31" }, "domains": water })).await,
            ["assainissement-tulkarem-qalqilya-2008"]
        );
        assert_eq!(
            projects(json!({ "started": { "from": "2010" }, "domains": water })).await,
            ["extension-egouts-shwaikeh-tulkarem", WORKS_2015, "rehabilitation-egouts-qalqilya-phase-4"]
        );
        assert_eq!(projects(json!({ "budget": { "min": 500000 } })).await, [WORKS_2015]);
        assert!(projects(json!({ "budget": { "max": 100000 } })).await.is_empty());
        assert!(projects(json!({ "budget": { "min": 1, "currency": "USD" } })).await.is_empty());
        assert_eq!(projects(json!({ "hasCitation": true })).await.len(), 27);
        assert!(projects(json!({ "hasCitation": false })).await.is_empty());
        assert_eq!(
            projects(json!({ "domains": ["WATER_SANITATION"], "kinds": ["WORKS"], "country": "FR" })).await.len(),
            3
        );

        let response = app
            .post_graphql(json!({
                "query": "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }",
                "variables": { "f": { "period": { "from": "2015", "to": "2014" } } }
            }))
            .await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT");
        assert!(response.json()["errors"][0]["message"].as_str().expect("message").contains("filter.period"));
        let response = app
            .post_graphql(json!({
                "query": "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }",
                "variables": { "f": { "started": { "from": "2015-13" } } }
            }))
            .await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT", "a malformed PartialDate is refused: {}", response.text);
        assert!(response.text.contains("2015-13"));
    });
}

#[tokio::test]
async fn organization_filters_find_every_spelling() {
    on_every_backend!(|app| {
        let organizations = |filter: Value| slugs(&app, "organizations", "OrganizationFilter", filter);
        assert_eq!(organizations(json!({ "kinds": ["MUNICIPALITY"] })).await, ["tulkarem", "qalqilya", "jenin"]);
        let palestinian = organizations(json!({ "countries": ["PS"] })).await;
        assert_eq!(palestinian.len(), 17, "{palestinian:?}");
        assert_eq!(palestinian[..3], ["tulkarem", "qalqilya", "jenin"]);
        let partnership = "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine";
        assert_eq!(organizations(json!({ "partnership": partnership })).await.len(), 5);
        for (spelling, slug) in [
            ("jenine", "jenin"),
            ("JÉNINE", "jenin"),
            ("Djénine", "jenin"),
            ("جنين", "jenin"),
            ("tulkarm", "tulkarem"),
            ("Tul Karem", "tulkarem"),
            ("طولكرم", "tulkarem"),
            ("qalqiliya", "qalqilya"),
            ("assainissement", "siaap"),
        ] {
            let kinds = json!(["MUNICIPALITY", "PUBLIC_AGENCY"]);
            assert_eq!(organizations(json!({ "name": spelling, "kinds": kinds })).await, [slug], "{spelling}");
        }
        assert_eq!(
            organizations(json!({ "name": "jénine" })).await,
            ["jenin", "observatoire-violences-femmes-jenine", "amis-theatre-liberte-jenine", "theatre-liberte-jenine"],
            "a spelling finds every organization whose names contain it"
        );
        assert!(organizations(json!({ "name": "%" })).await.is_empty(), "wildcards are literal");
        assert_eq!(organizations(json!({ "name": "val", "kinds": ["COMMUNE"] })).await, ["valenton"]);
    });
}

#[tokio::test]
async fn delegation_event_document_and_partnership_filters() {
    on_every_backend!(|app| {
        let spring = "delegation-seine-saint-denis-palestine-2019-02";
        let autumn = "delegation-maires-palestiniens-2019-11";
        let delegations = |filter: Value| slugs(&app, "delegations", "DelegationFilter", filter);
        let to_france = delegations(json!({ "directions": ["TO_FRANCE"] })).await;
        assert_eq!((to_france.len(), to_france[0].as_str()), (9, autumn));
        assert_eq!(delegations(json!({ "period": { "from": "2019-03", "to": "2019-03" } })).await, [spring]);
        assert_eq!(delegations(json!({ "period": { "from": "2019-11-15", "to": "2020" } })).await, [autumn]);

        let debate = "soiree-debat-valenton-2019-11-29";
        let events = |filter: Value| slugs(&app, "events", "EventFilter", filter);
        assert_eq!(events(json!({ "period": { "from": "2019-11-29", "to": "2019-11-29" } })).await, [debate]);
        assert!(events(json!({ "period": { "from": "2019-11-30", "to": "2020" } })).await.is_empty());
        assert_eq!(
            events(json!({ "place": "salle-rosa-parks", "isPublic": true, "kinds": ["PUBLIC_DEBATE"] })).await,
            [debate]
        );
        let private = events(json!({ "isPublic": false })).await;
        assert_eq!(private.len(), 13);
        assert!(!private.contains(&debate.to_owned()));

        let documents = |filter: Value| slugs(&app, "documents", "DocumentFilter", filter);
        assert_eq!(documents(json!({ "kinds": ["PRESS_RELEASE"] })).await, ["communique-val-de-marne-2019-11-27"]);
        assert_eq!(documents(json!({ "languages": ["en"] })).await.len(), 4);
        assert_eq!(documents(json!({ "published": { "from": "2019-11", "to": "2019" } })).await.len(), 4);
        assert_eq!(documents(json!({ "publisher": "siaap" })).await, ["siaap-cisjordanie-qalqilya-tulkarem"]);

        let partnerships = |filter: Value| slugs(&app, "partnerships", "PartnershipFilter", filter);
        assert_eq!(partnerships(json!({ "member": "jenin", "kinds": ["DECENTRALISED_COOPERATION"] })).await.len(), 1);
        assert!(partnerships(json!({ "member": "siaap" })).await.is_empty());
        assert_eq!(partnerships(json!({ "period": { "from": "1999", "to": "1999" } })).await.len(), 1);
        assert_eq!(partnerships(json!({ "period": { "from": "2020" } })).await.len(), 1, "still running");
        assert!(partnerships(json!({ "period": { "to": "1998" } })).await.is_empty());
    });
}
