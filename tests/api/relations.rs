//! Relations a researcher follows: partners, timelines, provenance both ways, the domain vocabulary, and `node`.

use serde_json::{Value, json};

use crate::on_every_backend;

fn list(value: &Value, key: &str) -> Vec<String> {
    value.as_array().expect("a list").iter().map(|item| item[key].as_str().expect("a string").to_owned()).collect()
}

#[tokio::test]
async fn partners_and_partner_cities() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ vdm: organization(slug: "val-de-marne") { partnerCities { slug } partners { totalCount } }
                     tulkarem: organization(slug: "tulkarem") { partnerCities { slug } }
                     p: partnership(slug: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") {
                       leads: members(role: LEAD) { edges { node { organization { slug } } } }
                     } }"#,
            )
            .await;
        assert_eq!(list(&data["vdm"]["partnerCities"], "slug"), ["tulkarem", "qalqilya", "jenin"]);
        assert_eq!(data["vdm"]["partners"]["totalCount"], 7, "both partnerships' other members");
        assert_eq!(list(&data["tulkarem"]["partnerCities"], "slug"), ["val-de-marne", "seine-saint-denis"]);
        assert_eq!(data["p"]["leads"]["edges"][0]["node"]["organization"]["slug"], "val-de-marne");
    });
}

#[tokio::test]
async fn a_partnership_timeline_is_in_date_order() {
    on_every_backend!(|app| {
        let query = r#"query($kinds: [TimelineKind!], $period: DateRangeInput) {
            partnership(slug: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") {
              timeline(kinds: $kinds, period: $period) { totalCount edges { node { date kind item {
                ... on Project { slug } ... on Delegation { slug } ... on Event { slug } ... on Document { slug } } } } }
            } }"#;
        let entries = |data: Value| -> Vec<(String, String)> {
            data["partnership"]["timeline"]["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .map(|e| {
                    (
                        e["node"]["date"].as_str().expect("date").to_owned(),
                        e["node"]["item"]["slug"].as_str().expect("slug").to_owned(),
                    )
                })
                .collect()
        };
        let first = entries(app.query_with(query, json!({})).await);
        assert_eq!(first[0], ("1999".to_owned(), "signature-protocole-cooperation-1999".to_owned()), "the protocol");
        let anniversary =
            entries(app.query_with(query, json!({ "period": { "from": "2019-02", "to": "2019-12" } })).await);
        let dates: Vec<&str> = anniversary.iter().map(|(date, _)| date.as_str()).collect();
        assert_eq!(
            dates,
            ["2019-02-24", "2019-11", "2019-11", "2019-11-27", "2019-11-28", "2019-11-29", "2019-11-30", "2019-12-05"]
        );
        assert_eq!(anniversary[5].1, "soiree-debat-valenton-2019-11-29");
        assert_eq!(anniversary[3].1, "communique-val-de-marne-2019-11-27");

        let recent = entries(
            app.query_with(
                query,
                json!({ "kinds": ["EVENT", "DELEGATION"], "period": { "from": "2019-06", "to": "2019" } }),
            )
            .await,
        );
        assert_eq!(
            recent.iter().map(|(_, slug)| slug.as_str()).collect::<Vec<_>>(),
            [
                "delegation-maires-palestiniens-2019-11",
                "journee-solidarite-peuple-palestinien-2019",
                "and-here-i-am-aubervilliers-2019-11-28",
                "soiree-debat-valenton-2019-11-29"
            ]
        );

        let organization = app
            .query(r#"{ organization(slug: "seine-saint-denis") { timeline(kinds: [DELEGATION, PROJECT], period: { from: "2015", to: "2019" }) { edges { node { kind date } } } } }"#)
            .await;
        let kinds = list(
            &organization["organization"]["timeline"]["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .map(|e| e["node"].clone())
                .collect::<Value>(),
            "kind",
        );
        assert_eq!(
            kinds,
            ["PROJECT", "PROJECT", "PROJECT", "PROJECT", "DELEGATION", "DELEGATION"],
            "the projects it took part in from 2015 to 2019, the delegation it sent and the one it hosted"
        );
    });
}

#[tokio::test]
async fn provenance_runs_both_ways() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ document(slug: "communique-val-de-marne-2019-11-27") {
                      citedFor(first: 100) { totalCount edges { node { stance subject { __typename ... on Event { slug } } } } }
                    }
                    organization(slug: "jenin") { mentions { edges { node { surfaceForm document { slug } } } } } }"#,
            )
            .await;
        let cited = &data["document"]["citedFor"];
        assert!(cited["totalCount"].as_u64().expect("count") > 30);
        let subjects: Vec<&str> = cited["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .filter_map(|e| e["node"]["subject"]["__typename"].as_str())
            .collect();
        for typename in [
            "Organization",
            "Partnership",
            "PartnershipMember",
            "Project",
            "ProjectParticipant",
            "Delegation",
            "DelegationMember",
            "Event",
            "Place",
        ] {
            assert!(subjects.contains(&typename), "the press release is cited for a {typename}");
        }
        let mention = &data["organization"]["mentions"]["edges"][0]["node"];
        assert_eq!(mention["surfaceForm"], "Jenine");
        assert_eq!(mention["document"]["slug"], "communique-val-de-marne-2019-11-27");
    });
}

#[tokio::test]
async fn the_domain_vocabulary_has_labels_codes_and_counts() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ domains { domain fr: label ar: label(lang: AR) en: label(lang: EN) dacCodes { code nameEn nameFr } policyMarker { code nameEn } projectCount }
                     project(slug: "schema-directeur-eau-assainissement-jenine") { dacCodes domains { label(lang: EN) dacCode dacName } } }"#,
            )
            .await;
        let domains = data["domains"].as_array().expect("domains");
        assert_eq!(domains.len(), 14);
        let water = &domains[0];
        assert_eq!(water["domain"], "WATER_SANITATION");
        assert_eq!(
            (water["fr"].as_str(), water["en"].as_str()),
            (Some("Eau et assainissement"), Some("Water and sanitation"))
        );
        assert_eq!(water["ar"], "المياه والصرف الصحي");
        assert_eq!(water["projectCount"], 10);
        assert!(
            water["dacCodes"]
                .as_array()
                .expect("codes")
                .iter()
                .any(|c| c["code"] == "14010"
                    && c["nameFr"] == "Politique et gestion administrative du secteur de l'eau")
        );
        let disability = domains.iter().find(|d| d["domain"] == "DISABILITY").expect("disability");
        assert_eq!(disability["policyMarker"], json!({ "code": "11", "nameEn": "Disability" }));
        assert_eq!(disability["projectCount"], 5);
        let project = &data["project"];
        assert_eq!(project["dacCodes"], json!(["14010"]));
        assert_eq!(project["domains"][0]["dacName"], "Politique et gestion administrative du secteur de l'eau");
        assert_eq!(project["domains"][0]["label"], "Water and sanitation");
    });
}

#[tokio::test]
async fn every_object_round_trips_through_node() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ organizations(first: 1) { edges { node { id names { id } memberships { edges { node { id } } } participations { edges { node { id } } } } } }
                     projects(first: 1) { edges { node { id domains { id } citations(first: 1) { edges { node { id } } } } } }
                     partnerships { edges { node { id } } }
                     delegations(first: 1) { edges { node { id members { id } } } }
                     events(first: 1) { edges { node { id place { id } } } }
                     persons: delegation(slug: "ovf-djenine-2022-05") { members { person { id roles { id } } } }
                     qalqilya: organization(slug: "qalqilya") { reportedFigures(first: 1) { edges { node { id } } } }
                     documents(first: 1) { edges { node { id contacts { id } mentions(first: 1) { edges { node { id } } } } } } }"#,
            )
            .await;
        let mut ids = Vec::new();
        collect_ids(&data, &mut ids);
        assert_eq!(ids.len(), 39, "ids of every type: {ids:?}");
        for id in &ids {
            let node = app.query_with("query($id: ID!) { node(id: $id) { __typename id } }", json!({ "id": id })).await;
            assert_eq!(node["node"]["id"], *id);
        }
        let typenames =
            app.query_with("query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }", json!({ "ids": ids })).await;
        let mut names: Vec<&str> = typenames["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["__typename"].as_str().expect("typename"))
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 18, "{names:?}");

        let missing = app
            .query_with("query($id: ID!) { node(id: $id) { id } }", json!({ "id": "T3JnYW5pemF0aW9uOjk5OTk" }))
            .await;
        assert!(missing["node"].is_null(), "Organization:9999 does not exist");
        let response = app.post_graphql(json!({ "query": "{ node(id: \"!!\") { id } }" })).await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT");
    });
}

fn collect_ids(value: &Value, ids: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("id", Value::String(id)) => ids.push(id.clone()),
                    _ => collect_ids(child, ids),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_ids(item, ids)),
        _ => {}
    }
}

#[tokio::test]
async fn programmes_list_their_projects() {
    on_every_backend!(|app| {
        let data = app
            .query(r#"{ project(slug: "assainissement-tulkarem-qalqilya-2008") { children { totalCount edges { node { slug parent { slug } } } } } }"#)
            .await;
        let children = &data["project"]["children"];
        assert_eq!(children["totalCount"], 1);
        assert_eq!(children["edges"][0]["node"]["slug"], "extension-egouts-shwaikeh-tulkarem");
        assert_eq!(children["edges"][0]["node"]["parent"]["slug"], "assainissement-tulkarem-qalqilya-2008");
    });
}
