//! Knowledge out, for other tools: CSV for spreadsheets, with the filters of the GraphQL lists.

pub mod csv;

use async_graphql::InputType;
use sea_orm::ConnectionTrait;

use crate::error::{AppError, AppResult};
use crate::graphql::inputs::{DelegationFilter, EventFilter, OrganizationFilter, ProjectFilter};
pub use csv::{ChunkSink, CsvTable};

/// The filter input of a GraphQL list, from its JSON (`{"domains": ["CULTURE"]}`), with the API's coercion and
/// errors.
fn filter<T: InputType + Default>(json: Option<&str>) -> AppResult<T> {
    let Some(json) = json.filter(|json| !json.trim().is_empty()) else { return Ok(T::default()) };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| AppError::bad_input("filter", format!("is not JSON: {error}")))?;
    T::parse(Some(async_graphql::Value::from_json(value).map_err(|error| AppError::bad_input("filter", error))?))
        .map_err(|error| AppError::bad_input("filter", error.into_server_error(Default::default()).message))
}

/// Writes `table` as CSV to `sink`, the rows `filter` selects (the JSON of the GraphQL list's filter input;
/// none for citations); returns how many rows it wrote. A bad filter is refused before anything is written.
pub async fn export_csv(
    db: &impl ConnectionTrait,
    table: CsvTable,
    filter_json: Option<&str>,
    byte_order_mark: bool,
    sink: &mut impl ChunkSink,
) -> AppResult<u64> {
    match table {
        CsvTable::Projects => {
            let select = filter::<ProjectFilter>(filter_json)?.to_db()?.select();
            Ok(csv::export(db, table, select, byte_order_mark, sink).await?)
        }
        CsvTable::Organizations => {
            let select = filter::<OrganizationFilter>(filter_json)?.to_db().select();
            Ok(csv::export(db, table, select, byte_order_mark, sink).await?)
        }
        CsvTable::Delegations => {
            let select = filter::<DelegationFilter>(filter_json)?.to_db()?.select();
            Ok(csv::export(db, table, select, byte_order_mark, sink).await?)
        }
        CsvTable::Events => {
            let select = filter::<EventFilter>(filter_json)?.to_db()?.select();
            Ok(csv::export(db, table, select, byte_order_mark, sink).await?)
        }
        CsvTable::Citations => {
            if filter_json.is_some_and(|json| !json.trim().is_empty()) {
                return Err(AppError::bad_input("filter", "citations are exported whole: they take no filter"));
            }
            let select = sea_orm::EntityTrait::find();
            Ok(csv::export::<entity::citation::Entity>(db, table, select, byte_order_mark, sink).await?)
        }
    }
}
