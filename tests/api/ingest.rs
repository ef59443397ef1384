//! Press-release ingestion: the founding release reads as its dateline, title, contact, mentions and proposed
//! facts; the built-in copy and an ingested copy are one document; a second ingestion creates nothing; accepted
//! proposals are written with their quotes; text that is not a release gets an error naming what was expected.

use serde_json::{Value, json};

use crate::on_every_backend;

const FOUNDING_RELEASE: &str = include_str!("../../knowledge/documents/val-de-marne-press-release-2019-11-27.md");

const INGEST: &str = "mutation($text: String!, $publisher: ID!) {
    ingestPressRelease(text: $text, publisher: $publisher) {
        created datelinePlace date title
        document { id slug kind dateline published sha256 publisher { slug } contacts { label phone email postalAddress } }
        contact { label phone email postalAddress }
        mentions { surface start end subject { ... on Organization { slug } ... on Place { slug } } }
        proposals { index kind quote locator start end value }
    }
}";

const ACCEPT: &str = "mutation($document: ID!, $proposals: [Int!]!) {
    acceptProposedFacts(document: $document, proposals: $proposals) {
        citations dataVersion
        events { slug kind startsAt localStartsAt timeZone isPublic place { slug } organizers { slug }
                 citations { nodes { locator quote document { slug } } } }
        delegations { slug direction start hosts { slug } }
    }
}";

fn proposal<'a>(ingested: &'a Value, kind: &str) -> &'a Value {
    ingested["proposals"].as_array().unwrap().iter().find(|p| p["kind"] == kind).unwrap_or_else(|| panic!("no {kind}"))
}

#[tokio::test]
async fn the_founding_release_reads_as_its_dateline_title_contact_mentions_and_facts() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let editor = app.token("editor", entity::Role::Editor).await;
        let publisher =
            app.query(r#"{ organization(slug: "val-de-marne") { id } }"#).await["organization"]["id"].clone();
        let version = coopkb::db::data_version::current(&app.db).await.unwrap();
        let data = app.mutate(&editor, INGEST, json!({ "text": FOUNDING_RELEASE, "publisher": publisher })).await;
        let ingested = &data["ingestPressRelease"];

        // The built-in copy and the ingested copy are the same document: nothing is written.
        assert_eq!(ingested["created"], false, "[{backend:?}] {ingested}");
        assert_eq!(ingested["document"]["slug"], "communique-val-de-marne-2019-11-27");
        assert_eq!(coopkb::db::data_version::current(&app.db).await.unwrap(), version, "[{backend:?}]");

        assert_eq!(
            (ingested["datelinePlace"].as_str(), ingested["date"].as_str()),
            (Some("CRETEIL"), Some("2019-11-27"))
        );
        assert!(ingested["title"].as_str().unwrap().starts_with("Le Département du Val-de-Marne célèbre les 20 ans"));
        assert_eq!(
            ingested["contact"],
            json!({ "label": "Relation presse", "phone": "01 43 99 70 23", "email": "relationpresse94@valdemarne.fr",
                    "postalAddress": "Hôtel du Département\n94054 Créteil cedex" }),
            "[{backend:?}]"
        );
        let chars: Vec<char> = FOUNDING_RELEASE.chars().collect();
        let mut named: Vec<&str> = Vec::new();
        for mention in ingested["mentions"].as_array().unwrap() {
            let (start, end) = (mention["start"].as_u64().unwrap() as usize, mention["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[start..end].iter().collect::<String>(), mention["surface"].as_str().unwrap());
            named.push(mention["subject"]["slug"].as_str().unwrap());
        }
        for slug in
            ["val-de-marne", "seine-saint-denis", "tulkarem", "qalqilya", "jenin", "valenton", "salle-rosa-parks"]
        {
            assert!(named.contains(&slug), "[{backend:?}] {slug} is not among the mentions {named:?}");
        }

        // Each proposal quotes the text, verbatim, where it says it does.
        for proposal in ingested["proposals"].as_array().unwrap() {
            let (start, end) =
                (proposal["start"].as_u64().unwrap() as usize, proposal["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[start..end].iter().collect::<String>(), proposal["quote"].as_str().unwrap(), "{proposal}");
        }
        let event = proposal(ingested, "EVENT");
        assert_eq!(
            event["quote"],
            "Une soirée-débat, ouverte au public, le vendredi 29 novembre à 19h, salle Rosa Parks à Valenton"
        );
        assert_eq!(event["value"]["starts_at"], "2019-11-29T19:00:00");
        assert_eq!((event["value"]["public"].as_bool(), event["locator"].as_str()), (Some(true), Some("§8")));
        let delegation = proposal(ingested, "DELEGATION");
        assert_eq!(delegation["value"]["title"], "Une délégation de Maires des villes palestiniennes");
        assert_eq!(
            (delegation["value"]["direction"].as_str(), delegation["locator"].as_str()),
            (Some("TO_FRANCE"), Some("§6"))
        );
        let count = proposal(ingested, "COUNT");
        assert_eq!((count["quote"].as_str(), count["value"]["value"].as_i64()), (Some("plus de 40 projets"), Some(40)));
        assert_eq!(count["value"]["qualifier"], "AT_LEAST");
        let domains = proposal(ingested, "DOMAINS");
        assert_eq!(
            domains["value"]["domains"],
            json!(["CULTURE", "SPORT", "YOUTH", "WATER_SANITATION", "DISABILITY", "EARLY_CHILDHOOD"]),
            "[{backend:?}] every domain the release names"
        );
        assert_eq!(proposal(ingested, "SINCE")["value"]["year"], 1999);
    });
}

#[tokio::test]
async fn a_new_release_becomes_a_document_once_and_its_accepted_facts_are_written_with_their_quotes() {
    on_every_backend!(|app| {
        let backend = app.backend.clone();
        let editor = app.token("editor", entity::Role::Editor).await;
        let publisher =
            app.query(r#"{ organization(slug: "val-de-marne") { id } }"#).await["organization"]["id"].clone();
        let text = FOUNDING_RELEASE.replace("CRETEIL, le 27 novembre 2019", "CRETEIL, 27/11/2021");
        let first = app.mutate(&editor, INGEST, json!({ "text": text, "publisher": publisher })).await;
        let ingested = &first["ingestPressRelease"];
        assert_eq!(ingested["created"], true, "[{backend:?}] {ingested}");
        let document = &ingested["document"];
        assert_eq!(document["kind"], "PRESS_RELEASE");
        assert_eq!(
            (document["dateline"].as_str(), document["published"].as_str()),
            (Some("CRETEIL"), Some("2021-11-27"))
        );
        assert_eq!(document["publisher"]["slug"], "val-de-marne");
        assert_eq!(document["contacts"][0]["email"], "relationpresse94@valdemarne.fr");
        assert_eq!(document["sha256"].as_str().map(str::len), Some(64));
        let stored = app
            .query_with(
                "query($id: ID!) { node(id: $id) { ... on Document { body mentions(first: 50) { totalCount } } } }",
                json!({ "id": document["id"] }),
            )
            .await;
        assert_eq!(stored["node"]["body"], text.as_str());
        assert_eq!(stored["node"]["mentions"]["totalCount"], ingested["mentions"].as_array().unwrap().len());

        let version = coopkb::db::data_version::current(&app.db).await.unwrap();
        let again = app.mutate(&editor, INGEST, json!({ "text": text, "publisher": publisher })).await;
        assert_eq!(again["ingestPressRelease"]["created"], false, "[{backend:?}] the same text twice creates nothing");
        assert_eq!(again["ingestPressRelease"]["document"]["id"], document["id"]);
        assert_eq!(coopkb::db::data_version::current(&app.db).await.unwrap(), version);

        let chosen: Vec<&Value> =
            ["EVENT", "DELEGATION", "COUNT"].iter().map(|kind| &proposal(ingested, kind)["index"]).collect();
        let accepted = app.mutate(&editor, ACCEPT, json!({ "document": document["id"], "proposals": chosen })).await;
        let accepted = &accepted["acceptProposedFacts"];
        assert_eq!(accepted["citations"], 3, "[{backend:?}] {accepted}");
        let event = &accepted["events"][0];
        assert_eq!(
            (event["kind"].as_str(), event["isPublic"].as_bool()),
            (Some("PUBLIC_DEBATE"), Some(true)),
            "{event}"
        );
        assert_eq!(event["startsAt"], "2021-11-29T18:00:00+00:00", "[{backend:?}] 19h in Paris");
        assert_eq!(
            (event["timeZone"].as_str(), event["place"]["slug"].as_str()),
            (Some("Europe/Paris"), Some("salle-rosa-parks"))
        );
        assert_eq!(event["organizers"], json!([{ "slug": "val-de-marne" }]));
        let citation = &event["citations"]["nodes"][0];
        assert_eq!(citation["locator"], "§8");
        assert!(text.contains(citation["quote"].as_str().unwrap()), "[{backend:?}] {citation}");
        let delegation = &accepted["delegations"][0];
        assert_eq!(
            (delegation["direction"].as_str(), delegation["start"].as_str()),
            (Some("TO_FRANCE"), Some("2021-11"))
        );
        assert_eq!(delegation["hosts"], json!([{ "slug": "val-de-marne" }, { "slug": "seine-saint-denis" }]));

        // Accepting a fact again writes it again, under a slug of its own, rather than failing.
        let twice = app.mutate(&editor, ACCEPT, json!({ "document": document["id"], "proposals": [chosen[0]] })).await;
        let second = twice["acceptProposedFacts"]["events"][0]["slug"].as_str().unwrap().to_owned();
        assert_eq!(second, format!("{}-2", event["slug"].as_str().unwrap()), "[{backend:?}]");

        let wrong = app
            .post_graphql_as(
                Some(&editor),
                json!({ "query": ACCEPT, "variables": { "document": document["id"], "proposals": [99] } }),
            )
            .await;
        assert_eq!(wrong.error_code(), "BAD_USER_INPUT", "[{backend:?}] {}", wrong.text);
    });
}

#[tokio::test]
async fn text_that_is_not_a_release_gets_an_error_naming_the_part_expected_and_where() {
    on_every_backend!(|app| {
        let editor = app.token("editor", entity::Role::Editor).await;
        let publisher =
            app.query(r#"{ organization(slug: "val-de-marne") { id } }"#).await["organization"]["id"].clone();
        let version = coopkb::db::data_version::current(&app.db).await.unwrap();
        let response = app
            .post_graphql_as(Some(&editor), json!({ "query": INGEST, "variables": { "text": "\nHello everyone,\n\nno date here.", "publisher": publisher } }))
            .await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT", "{}", response.text);
        let message = response.json()["errors"][0]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("line 2") && message.contains("dateline"), "{message}");
        assert_eq!(coopkb::db::data_version::current(&app.db).await.unwrap(), version);

        // An English dateline reads as well.
        let english =
            "LONDON, 3 March 2021\n\n# Twinning news\n\nA delegation of mayors from Jenin is welcomed in Val-de-Marne.";
        let data = app.mutate(&editor, INGEST, json!({ "text": english, "publisher": publisher })).await;
        assert_eq!(data["ingestPressRelease"]["date"], "2021-03-03");
        assert_eq!(data["ingestPressRelease"]["title"], "Twinning news");
        assert_eq!(data["ingestPressRelease"]["document"]["contacts"], json!([]));
    });
}
