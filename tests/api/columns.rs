//! Pages read only the columns their selected fields need (`db::reading`, each type's `FieldColumns`): what a
//! page shows of a row is what the whole row, read by `node(id:)`, shows.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_every_backend;

/// Each kind of row: its list, its type, every field that shows a column (translations included), and fields
/// to select alone.
const KINDS: &[(&str, &str, &str, &[&str])] = &[
    (
        "projects",
        "Project",
        "id slug kind status title titleEn: title(lang: EN) titleAr: title(lang: AR) description \
         descriptionEn: description(lang: EN) originalLang start end durationMonths budget { amount currency } \
         synthetic version parent { id } partnership { id }",
        &["slug", "title", "titleEn: title(lang: EN)", "description(lang: EN)", "start", "budget { amount }"],
    ),
    (
        "partnerships",
        "Partnership",
        "id slug kind status name nameEn: name(lang: EN) nameAr: name(lang: AR) description \
         descriptionEn: description(lang: EN) originalLang start end synthetic version",
        &["name(lang: EN)", "description", "end"],
    ),
    (
        "delegations",
        "Delegation",
        "id slug direction title titleEn: title(lang: EN) purpose purposeEn: purpose(lang: EN) occasion \
         occasionAr: occasion(lang: AR) originalLang start end synthetic version partnership { id }",
        &["title(lang: EN)", "purpose", "start"],
    ),
    (
        "organizations",
        "Organization",
        "id slug kind isCollectivity country name nameAr: name(lang: AR) officialCode { scheme value } \
         subdivisionCode postalCode seat location { latitude longitude } population { count year } parent { id } \
         synthetic version",
        &["name", "country", "location { latitude }", "parent { id }"],
    ),
];

/// The nodes of `connection`.
fn nodes(connection: &Value) -> Vec<Value> {
    connection["nodes"].as_array().cloned().unwrap_or_default()
}

/// Checks each of `nodes` against the whole row of the same id, for the fields `fields` of `type_name`.
async fn same_as_whole_rows(app: &TestApp, type_name: &str, fields: &str, nodes: &[Value]) {
    let query = format!("query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {fields} }} }} }}");
    for node in nodes {
        let whole = app.query_with(&query, json!({ "id": node["id"] })).await;
        assert_eq!(&whole["node"], node, "[{:?}] a {type_name} read by page, then whole", app.backend);
    }
}

#[tokio::test]
async fn a_page_shows_what_whole_rows_show() {
    on_every_backend!(|app| {
        for (list, type_name, fields, alone) in KINDS {
            let page = app.query(&format!("{{ {list}(first: 100) {{ nodes {{ {fields} }} }} }}")).await;
            let rows = nodes(&page[*list]);
            assert!(rows.len() > 1, "{list}");
            same_as_whole_rows(&app, type_name, fields, &rows).await;
            // A page that selects one field reads that field's columns, whatever the others.
            for field in *alone {
                let page = app.query(&format!("{{ {list}(first: 100) {{ nodes {{ id {field} }} }} }}")).await;
                same_as_whole_rows(&app, type_name, &format!("id {field}"), &nodes(&page[*list])).await;
            }
        }
    });
}

#[tokio::test]
async fn nested_pages_show_what_whole_rows_show() {
    on_every_backend!(|app| {
        let (project_fields, delegation_fields) = (KINDS[0].2, KINDS[2].2);
        let query = format!(
            "{{ partnerships(first: 10) {{ nodes {{ projects(first: 100) {{ nodes {{ {project_fields} }} }} \
             delegations(first: 100) {{ nodes {{ {delegation_fields} }} }} }} }} }}"
        );
        let data = app.query(&query).await;
        let partnerships = nodes(&data["partnerships"]);
        let projects: Vec<Value> = partnerships.iter().flat_map(|p| nodes(&p["projects"])).collect();
        let delegations: Vec<Value> = partnerships.iter().flat_map(|p| nodes(&p["delegations"])).collect();
        assert!(projects.len() > 20 && delegations.len() > 10, "the built-in knowledge");
        assert!(projects.iter().any(|p| p["titleEn"] != p["title"]), "some projects have an English title");
        same_as_whole_rows(&app, "Project", project_fields, &projects).await;
        same_as_whole_rows(&app, "Delegation", delegation_fields, &delegations).await;
    });
}
