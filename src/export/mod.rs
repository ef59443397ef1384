//! Knowledge out, for other tools: CSV for spreadsheets and IATI 2.03 XML for aid registries, with the filters
//! of the GraphQL lists, streamed a page at a time.

pub mod csv;
pub mod iati;
pub mod stream;

use async_graphql::InputType;
use sea_orm::ConnectionTrait;

use crate::error::{AppError, AppResult};
use crate::graphql::inputs::{DelegationFilter, EventFilter, OrganizationFilter, ProjectFilter};
pub use csv::CsvTable;
pub use stream::{ChunkSink, WriterSink};

use self::csv::Csv;
use self::iati::Iati;
use self::stream::stream;

/// The filter input of a GraphQL list, from its JSON (`{"domains": ["CULTURE"]}`), with the API's coercion and
/// errors.
fn filter<T: InputType + Default>(json: Option<&str>) -> AppResult<T> {
    let Some(json) = json.filter(|json| !json.trim().is_empty()) else { return Ok(T::default()) };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| AppError::bad_input("filter", format!("is not JSON: {error}")))?;
    T::parse(Some(async_graphql::Value::from_json(value).map_err(|error| AppError::bad_input("filter", error))?))
        .map_err(|error| AppError::bad_input("filter", error.into_server_error(Default::default()).message))
}

/// A file an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFile {
    /// A list as CSV.
    Csv(CsvTable),
    /// Projects as IATI 2.03 activities.
    Iati,
}

impl ExportFile {
    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFile::Csv(_) => "text/csv; charset=utf-8",
            ExportFile::Iati => "application/xml; charset=utf-8",
        }
    }

    /// Its file name.
    pub fn file_name(self) -> String {
        match self {
            ExportFile::Csv(table) => format!("{}.csv", csv_name(table)),
            ExportFile::Iati => "iati.xml".to_owned(),
        }
    }
}

fn csv_name(table: CsvTable) -> String {
    clap::ValueEnum::to_possible_value(&table).map(|value| value.get_name().to_owned()).unwrap_or_default()
}

/// Writes `file` to `sink`: the objects `filter_json` selects (the JSON of the GraphQL list's filter input; none
/// for citations), a byte-order mark first when asked (CSV); returns how many objects it wrote. A bad filter is
/// refused before anything is written.
pub async fn export_file(
    db: &impl ConnectionTrait,
    file: ExportFile,
    filter_json: Option<&str>,
    byte_order_mark: bool,
    sink: &mut impl ChunkSink,
) -> AppResult<u64> {
    let table = match file {
        ExportFile::Csv(table) => table,
        ExportFile::Iati => {
            let select = filter::<ProjectFilter>(filter_json)?.to_db()?.select();
            return Ok(stream(db, select, &mut Iati::default(), sink).await?);
        }
    };
    let mut csv = Csv::new(table, byte_order_mark);
    match table {
        CsvTable::Projects => {
            let select = filter::<ProjectFilter>(filter_json)?.to_db()?.select();
            Ok(stream(db, select, &mut csv, sink).await?)
        }
        CsvTable::Organizations => {
            let select = filter::<OrganizationFilter>(filter_json)?.to_db().select();
            Ok(stream(db, select, &mut csv, sink).await?)
        }
        CsvTable::Delegations => {
            let select = filter::<DelegationFilter>(filter_json)?.to_db()?.select();
            Ok(stream(db, select, &mut csv, sink).await?)
        }
        CsvTable::Events => {
            let select = filter::<EventFilter>(filter_json)?.to_db()?.select();
            Ok(stream(db, select, &mut csv, sink).await?)
        }
        CsvTable::Citations => {
            if filter_json.is_some_and(|json| !json.trim().is_empty()) {
                return Err(AppError::bad_input("filter", "citations are exported whole: they take no filter"));
            }
            let select = sea_orm::EntityTrait::find();
            Ok(stream::<entity::citation::Entity>(db, select, &mut csv, sink).await?)
        }
    }
}
