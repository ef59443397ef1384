//! Full-text search: every spelling, any script, phrases and prefixes, ranking, snippets, and bad queries.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_every_backend;

const SEARCH: &str = r#"query($q: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, first: $first, after: $after) {
    totalCount
    edges { cursor node { score kind title snippet { text marked highlights { start end } } item {
      ... on Organization { slug } ... on Document { slug } ... on Project { slug } ... on Partnership { slug }
      ... on Delegation { slug } ... on Event { slug } ... on Place { slug } } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

async fn search(app: &TestApp, query: &str) -> Value {
    app.query_with(SEARCH, json!({ "q": query, "first": 50 })).await["search"].clone()
}

fn slugs(results: &Value) -> Vec<String> {
    results["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["item"]["slug"].as_str().map(str::to_owned))
        .collect()
}

const PRESS_RELEASE: &str = "communique-val-de-marne-2019-11-27";

#[tokio::test]
async fn every_spelling_finds_the_city_and_the_press_release() {
    on_every_backend!(|app| {
        for (spelling, city) in [
            ("Tulkarm", "tulkarem"),
            ("Tulkarem", "tulkarem"),
            ("طولكرم", "tulkarem"),
            ("tul karem", "tulkarem"),
            ("jenine", "jenin"),
            ("Jénine", "jenin"),
            ("DJENINE", "jenin"),
            ("جنين", "jenin"),
            ("Qalqiliya", "qalqilya"),
        ] {
            let found = slugs(&search(&app, spelling).await);
            assert!(found.contains(&city.to_owned()), "[{:?}] {spelling} finds {city}: {found:?}", app.backend);
            assert!(
                found.contains(&PRESS_RELEASE.to_owned()),
                "[{:?}] {spelling} finds the press release: {found:?}",
                app.backend
            );
        }
        let found = slugs(&search(&app, "ASSAINISSEMENT").await);
        assert!(found.contains(&"schema-directeur-eau-assainissement-jenine".to_owned()), "case is ignored");
        assert!(slugs(&search(&app, "salle rosa parks").await).contains(&"salle-rosa-parks".to_owned()));
    });
}

#[tokio::test]
async fn phrases_and_prefixes() {
    on_every_backend!(|app| {
        let phrase = search(&app, r#""eau potable""#).await;
        assert!(slugs(&phrase).contains(&"schema-directeur-eau-assainissement-qalqilya".to_owned()));
        assert_eq!(search(&app, r#""potable eau""#).await["totalCount"], 0, "a phrase keeps its order");
        assert_eq!(search(&app, "assain").await["totalCount"], 0, "a word matches whole");
        let prefix = search(&app, "assain*").await;
        assert_eq!(prefix["totalCount"], search(&app, "assainissement").await["totalCount"]);
        assert!(prefix["totalCount"].as_u64().expect("count") >= 6);
        assert_eq!(search(&app, "jenine zzzunknown").await["totalCount"], 0, "every word must match");
        // Operators are words, not syntax.
        assert_eq!(search(&app, "jenine OR NOT").await["totalCount"], 0);
    });
}

#[tokio::test]
async fn title_matches_rank_above_body_matches_with_snippets() {
    on_every_backend!(|app| {
        let results = search(&app, "assainissement").await;
        let edges = results["edges"].as_array().expect("edges");
        let position = |slug: &str| edges.iter().position(|e| e["node"]["item"]["slug"] == slug).expect(slug);
        let plan = position("schema-directeur-eau-assainissement-tulkarem");
        let works = position("assainissement-tulkarem-qalqilya-2008");
        let press_release = position(PRESS_RELEASE);
        assert!(
            plan < press_release && works < press_release,
            "title matches first: {plan}, {works} before {press_release}"
        );
        let scores: Vec<f64> = edges.iter().map(|e| e["node"]["score"].as_f64().expect("score")).collect();
        assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "best first: {scores:?}");
        for edge in edges {
            let snippet = &edge["node"]["snippet"];
            let text: Vec<char> = snippet["text"].as_str().expect("text").chars().collect();
            let highlights = snippet["highlights"].as_array().expect("highlights");
            assert!(!highlights.is_empty(), "{snippet}");
            for highlight in highlights {
                let (start, end) = (
                    highlight["start"].as_u64().expect("start") as usize,
                    highlight["end"].as_u64().expect("end") as usize,
                );
                let word: String = text[start..end].iter().collect();
                assert_eq!(word.to_lowercase(), "assainissement", "{snippet}");
            }
            assert!(snippet["marked"].as_str().expect("marked").to_lowercase().contains("«assainissement»"));
        }
    });
}

#[tokio::test]
async fn kinds_pages_and_bad_queries() {
    on_every_backend!(|app| {
        let documents = app.query_with(SEARCH, json!({ "q": "jenine", "kinds": ["DOCUMENT"] })).await;
        let kinds: Vec<&str> = documents["search"]["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| e["node"]["kind"].as_str().expect("kind"))
            .collect();
        assert!(!kinds.is_empty() && kinds.iter().all(|kind| *kind == "DOCUMENT"));

        let all = slugs(&search(&app, "jenine").await);
        let first = app.query_with(SEARCH, json!({ "q": "jenine", "first": 2 })).await;
        assert_eq!(first["search"]["pageInfo"]["hasNextPage"], true);
        let rest = app
            .query_with(
                SEARCH,
                json!({ "q": "jenine", "first": 50, "after": first["search"]["pageInfo"]["endCursor"] }),
            )
            .await;
        let paged: Vec<String> = slugs(&first["search"]).into_iter().chain(slugs(&rest["search"])).collect();
        assert_eq!(paged, all);

        for query in ["", "   ", "!!!", "«»—…", "\"\" * ()"] {
            let response = app.post_graphql(json!({ "query": SEARCH, "variables": { "q": query } })).await;
            assert_eq!(response.status, axum::http::StatusCode::OK, "{query:?}");
            assert_eq!(response.error_code(), "BAD_USER_INPUT", "{query:?}: {}", response.text);
            assert!(response.text.contains("no words"), "{}", response.text);
        }
    });
}

#[tokio::test]
async fn search_hits_give_their_title_in_the_language_asked() {
    on_every_backend!(|app| {
        let found = app
            .query(
                r#"{ search(query: "schéma directeur Tulkarem", kinds: [PROJECT], first: 1) {
                    nodes { title english: title(lang: EN) arabic: title(lang: AR) } } }"#,
            )
            .await;
        let hit = &found["search"]["nodes"][0];
        assert_eq!(hit["title"], "Schéma directeur pour l'eau et l'assainissement de Tulkarem", "{found}");
        assert_eq!(hit["english"], "Water and sanitation master plan of Tulkarem");
        assert_eq!(hit["arabic"], hit["title"], "no Arabic translation: the title as written");
    });
}

#[tokio::test]
async fn a_document_found_through_another_spelling_shows_its_own_passage() {
    on_every_backend!(|app| {
        for spelling in ["Jenin", "جنين", "Djénine"] {
            let results = search(&app, spelling).await;
            let press = results["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .find(|e| e["node"]["item"]["slug"] == PRESS_RELEASE)
                .unwrap_or_else(|| panic!("{spelling} finds the press release"));
            let marked = press["node"]["snippet"]["marked"].as_str().expect("marked");
            assert!(
                marked.contains("«Jenine»"),
                "[{:?}] {spelling}: the release's own word, marked: {marked}",
                app.backend
            );
            assert!(marked.contains("Tulkarem, Qalqilya et"), "{spelling}: a passage of the release: {marked}");
        }
    });
}
