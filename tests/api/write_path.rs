//! Every writer goes through the one write path: the knowledge loader and the synthetic generator derive their
//! columns as mutations do, and record their rows in the history.

use coopkb::write::rules::Rules;
use entity::SubjectKind;
use sea_orm::{ActiveValue, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};

use crate::on_every_backend;

/// `model` with its derived columns derived again by the write path's rules.
fn derived_as_stored<M, A>(model: &M) -> A
where
    M: Clone + IntoActiveModel<A>,
    A: Rules + sea_orm::ActiveModelTrait,
{
    let mut row = model.clone().into_active_model();
    row.derive();
    row
}

fn value<T: Clone + Into<sea_orm::Value>>(value: &ActiveValue<T>) -> Option<T> {
    match value {
        ActiveValue::Set(value) | ActiveValue::Unchanged(value) => Some(value.clone()),
        ActiveValue::NotSet => None,
    }
}

#[tokio::test]
async fn every_writer_derives_the_same_columns_and_records_its_rows() {
    on_every_backend!(|app| {
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let projects = entity::project::Entity::find().all(&app.db).await.expect("projects");
        assert!(projects.iter().any(|p| p.synthetic) && projects.iter().any(|p| !p.synthetic));
        for project in &projects {
            let row = derived_as_stored(project);
            assert_eq!(value(&row.period_start), Some(project.period_start), "{}", project.slug);
            assert_eq!(value(&row.period_end), Some(project.period_end), "{}", project.slug);
        }
        for partnership in entity::partnership::Entity::find().all(&app.db).await.expect("partnerships") {
            let row = derived_as_stored(&partnership);
            assert_eq!(value(&row.period_start), Some(partnership.period_start), "{}", partnership.slug);
            assert_eq!(value(&row.period_end), Some(partnership.period_end), "{}", partnership.slug);
        }
        for delegation in entity::delegation::Entity::find().all(&app.db).await.expect("delegations") {
            let row = derived_as_stored(&delegation);
            assert_eq!(value(&row.period_end), Some(delegation.period_end), "{}", delegation.slug);
        }
        for name in entity::organization_name::Entity::find().all(&app.db).await.expect("names") {
            let row = derived_as_stored(&name);
            assert_eq!(value(&row.search_key), Some(name.search_key.clone()), "{}", name.value);
        }

        let synthetic_projects = projects.iter().filter(|p| p.synthetic).count() as u64;
        let recorded = entity::history::Entity::find()
            .filter(entity::history::Column::Actor.eq("synthetic"))
            .filter(entity::history::Column::SubjectKind.eq(SubjectKind::Project))
            .count(&app.db)
            .await
            .expect("count");
        assert_eq!(recorded, synthetic_projects, "each generated project is recorded as created");
        let loaded =
            app.query(r#"{ changes(filter: { by: "knowledge" }, first: 1) { totalCount nodes { operation } } }"#).await;
        assert_eq!(loaded["changes"]["nodes"][0]["operation"], "CREATE");
        let search = app.query(r#"{ search(query: "synthetique") { totalCount } }"#).await;
        assert!(search["search"]["totalCount"].as_u64() > Some(0), "generated rows are indexed: {search}");
    });
}
