//! The built-in knowledge, as a client reads it.

use coopkb::knowledge::{self, KnowledgeError};
use serde_json::{Value, json};

use crate::helpers::{TestDatabase, backends};
use crate::on_every_backend;

fn names(list: &Value, path: &[&str]) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| path.iter().fold(item, |value, key| &value[*key]).as_str().expect("a string").to_owned())
        .collect()
}

#[tokio::test]
async fn val_de_marne_partners_with_the_three_palestinian_cities() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ organization(slug: "val-de-marne") { name partnerships { totalCount edges { node {
                    start kind
                    members { edges { node { side role organization { slug name country } } } }
                } } } } }"#,
            )
            .await;
        let partnerships = &data["organization"]["partnerships"];
        assert_eq!(partnerships["totalCount"], 2, "the cooperation and the RCDP network's programmes");
        let partnership = &partnerships["edges"]
            .as_array()
            .expect("partnerships")
            .iter()
            .find(|edge| edge["node"]["kind"] == "DECENTRALISED_COOPERATION")
            .expect("the decentralised cooperation")["node"];
        assert_eq!(partnership["start"], "1999");
        assert_eq!(partnership["kind"], "DECENTRALISED_COOPERATION");
        let members = partnership["members"]["edges"].as_array().expect("members");
        let partners: Vec<&str> = members
            .iter()
            .filter(|edge| edge["node"]["side"] == "PARTNER")
            .map(|edge| edge["node"]["organization"]["slug"].as_str().expect("slug"))
            .collect();
        assert_eq!(partners, ["tulkarem", "qalqilya", "jenin"]);
        assert!(
            members
                .iter()
                .all(|edge| edge["node"]["side"] != "PARTNER" || edge["node"]["organization"]["country"] == "PS")
        );
        let french: Vec<&str> = members
            .iter()
            .filter(|edge| edge["node"]["side"] == "FRENCH")
            .map(|edge| edge["node"]["organization"]["name"].as_str().expect("name"))
            .collect();
        assert_eq!(french, ["Val-de-Marne", "Seine-Saint-Denis"]);
    });
}

#[tokio::test]
async fn jenin_has_all_its_spellings_and_languages() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ organization(slug: "jenin") {
                    name en: name(lang: EN) ar: name(lang: AR) fr: name(lang: FR)
                    names { value lang kind } population { count year } location { latitude longitude }
                } }"#,
            )
            .await;
        let jenin = &data["organization"];
        assert_eq!(jenin["name"], "Jénine");
        assert_eq!(jenin["en"], "Jenin");
        assert_eq!(jenin["ar"], "جنين");
        assert_eq!(jenin["fr"], "Jénine");
        let spellings = names(&jenin["names"], &["value"]);
        for spelling in ["Jénine", "Jenine", "Jenin", "Djénine", "Jinin", "جنين"] {
            assert!(spellings.contains(&spelling.to_owned()), "missing spelling {spelling} in {spellings:?}");
        }
        assert_eq!(jenin["population"], json!({ "count": 49908, "year": 2017 }));
        assert_eq!(jenin["location"]["latitude"], 32.4611);
    });
}

#[tokio::test]
async fn the_public_debate_starts_at_seven_in_paris() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ event(slug: "soiree-debat-valenton-2019-11-29") {
                    kind startsAt localStartsAt timeZone isPublic
                    place { name commune { name parent { slug } } }
                    organizers { slug }
                    citations { edges { node { quote stance document { kind published } } } }
                } }"#,
            )
            .await;
        let event = &data["event"];
        assert_eq!(event["kind"], "PUBLIC_DEBATE");
        assert_eq!(event["startsAt"], "2019-11-29T18:00:00+00:00");
        assert_eq!(event["localStartsAt"], "2019-11-29T19:00:00+01:00");
        assert_eq!(event["timeZone"], "Europe/Paris");
        assert_eq!(event["isPublic"], true);
        assert_eq!(event["place"]["name"], "Salle Rosa Parks");
        assert_eq!(event["place"]["commune"]["name"], "Valenton");
        assert_eq!(event["place"]["commune"]["parent"]["slug"], "val-de-marne");
        assert_eq!(event["organizers"][0]["slug"], "val-de-marne");
        let citation = &event["citations"]["edges"][0]["node"];
        assert!(citation["quote"].as_str().expect("quote").contains("vendredi 29 novembre à 19h"));
        assert_eq!(citation["document"]["published"], "2019-11-27");
    });
}

#[tokio::test]
async fn the_press_release_is_a_document_with_its_text_and_contact() {
    let seed = include_str!("../../knowledge/documents/val-de-marne-press-release-2019-11-27.md");
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ document(slug: "communique-val-de-marne-2019-11-27") {
                    kind language dateline published body sha256 publisher { slug }
                    contacts { label phone email postalAddress organization { slug } }
                    mentions(first: 50) { totalCount edges { node { surfaceForm start end subject { __typename ... on Organization { slug } } } } }
                } }"#,
            )
            .await;
        let document = &data["document"];
        assert_eq!(document["kind"], "PRESS_RELEASE");
        assert_eq!(document["dateline"], "Créteil");
        assert_eq!(document["published"], "2019-11-27");
        assert_eq!(document["publisher"]["slug"], "val-de-marne");
        assert_eq!(document["body"], seed);
        assert_eq!(document["sha256"].as_str().map(str::len), Some(64));
        let contact = &document["contacts"][0];
        assert_eq!(contact["email"], "relationpresse94@valdemarne.fr");
        assert_eq!(contact["phone"], "01 43 99 70 23");
        assert!(contact["postalAddress"].as_str().expect("address").contains("94054 Créteil cedex"));
        // Every mention's range points at its surface form in the body.
        let body: Vec<char> = seed.chars().collect();
        let mentions = document["mentions"]["edges"].as_array().expect("mentions");
        assert!(mentions.len() >= 9);
        for mention in mentions {
            let node = &mention["node"];
            let (start, end) =
                (node["start"].as_u64().expect("start") as usize, node["end"].as_u64().expect("end") as usize);
            let text: String = body[start..end].iter().collect();
            assert_eq!(text, node["surfaceForm"].as_str().expect("surface form"));
        }
        assert!(
            mentions.iter().any(|m| m["node"]["surfaceForm"] == "Jenine" && m["node"]["subject"]["slug"] == "jenin")
        );
    });
}

#[tokio::test]
async fn projects_carry_their_sources_side_by_side() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ project(slug: "schema-directeur-eau-assainissement-qalqilya") {
                    kind end domains { domain dacCode } participants { role organization { slug } }
                    citations { edges { node { field stance document { slug } } } }
                }
                works: project(slug: "rehabilitation-reseaux-eaux-usees-qalqilya-2015") {
                    start durationMonths budget { amount currency } participants(role: FUNDING) { organization { slug } }
                } }"#,
            )
            .await;
        let plan = &data["project"];
        assert_eq!(plan["kind"], "MASTER_PLAN");
        assert_eq!(plan["end"], "2013");
        assert_eq!(plan["domains"], json!([{ "domain": "WATER_SANITATION", "dacCode": "14010" }]));
        let end_sources: Vec<&str> = plan["citations"]["edges"]
            .as_array()
            .expect("citations")
            .iter()
            .filter(|edge| edge["node"]["field"] == "end")
            .map(|edge| edge["node"]["document"]["slug"].as_str().expect("slug"))
            .collect();
        assert_eq!(end_sources, ["communique-val-de-marne-2019-11-27", "pseau-action-2104"]);
        let works = &data["works"];
        assert_eq!(works["start"], "2015");
        assert_eq!(works["durationMonths"], 36);
        assert_eq!(works["budget"], json!({ "amount": 590000.0, "currency": "EUR" }));
        let funders = names(&works["participants"], &["organization", "slug"]);
        assert_eq!(funders, ["aesn", "seine-saint-denis", "val-de-marne", "ministere-affaires-etrangeres"]);
    });
}

#[tokio::test]
async fn delegations_have_direction_dates_hosts_and_members() {
    on_every_backend!(|app| {
        let data = app
            .query("{ delegations(first: 100) { totalCount edges { node { slug direction start end hosts { slug } members { role organization { slug } } } } } }")
            .await;
        assert_eq!(data["delegations"]["totalCount"], 21);
        let delegations = data["delegations"]["edges"].as_array().expect("delegations");
        let by_slug = |slug: &str| {
            &delegations.iter().find(|edge| edge["node"]["slug"] == slug).unwrap_or_else(|| panic!("{slug}"))["node"]
        };
        let spring = by_slug("delegation-seine-saint-denis-palestine-2019-02");
        assert_eq!(spring["direction"], "FROM_FRANCE");
        assert_eq!((spring["start"].as_str(), spring["end"].as_str()), (Some("2019-02-24"), Some("2019-03-03")));
        let mayors = by_slug("delegation-maires-palestiniens-2019-11");
        assert_eq!(mayors["direction"], "TO_FRANCE");
        assert_eq!(mayors["start"], "2019-11");
        assert_eq!(names(&mayors["hosts"], &["slug"]), ["val-de-marne", "seine-saint-denis"]);
        assert!(mayors["members"].as_array().expect("members").iter().all(|m| m["role"] == "MAYOR"));
    });
}

#[tokio::test]
async fn translated_text_falls_back_to_the_original() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ project(slug: "schema-directeur-eau-assainissement-jenine") {
                    title en: title(lang: EN) ar: title(lang: AR) fr: title(lang: FR)
                } }"#,
            )
            .await;
        let project = &data["project"];
        assert_eq!(project["en"], "Water and sanitation master plan of Jenin");
        assert_eq!(project["ar"], project["title"], "no Arabic translation: the original");
        assert_eq!(project["fr"], project["title"]);
    });
}

#[tokio::test]
async fn the_knowledge_is_loaded_once() {
    on_every_backend!(|app| {
        let counts = "{ organizations { totalCount } documents { totalCount } projects { totalCount } }";
        let before = app.query(counts).await;
        assert_eq!(before["organizations"]["totalCount"], 39);
        assert!(matches!(knowledge::load_built_in(&app.db).await, Err(KnowledgeError::NotEmpty)));
        assert_eq!(app.query(counts).await, before);
    });
}

#[tokio::test]
async fn a_broken_knowledge_file_writes_nothing() {
    for backend in backends() {
        let (_database, db) = TestDatabase::migrated(&backend).await;
        // Every record is valid but the last, which refers to a place that does not exist.
        let broken = format!(
            "{}\n[[event]]\nslug = \"x\"\nkind = \"MEETING\"\noriginal_lang = \"fr\"\ntitle = \"x\"\nstarts_at = \"2020-01-01T10:00:00\"\ntime_zone = \"Europe/Paris\"\npublic = true\nplace = \"nowhere\"\n",
            knowledge::BUILT_IN
        );
        let files = |_: &str| Some(String::from("body"));
        let error = knowledge::load(&db, &broken, &files).await.expect_err("refused");
        assert!(error.to_string().contains("event `x`") && error.to_string().contains("nowhere"), "{error}");
        assert!(coopkb::db::is_empty(&db).await.expect("count"), "[{backend:?}] nothing may be written");

        let malformed = knowledge::load(&db, "[[organization]]\nslug = 3", &files).await.expect_err("refused");
        assert!(matches!(malformed, KnowledgeError::Malformed(_)));
    }
}
