//! Importing a whole document of `coopkb export` through the write path.

use async_graphql::{Context, Json, Object, SimpleObject};
use entity::Role;

use super::{require, writer};
use crate::archive::{ImportReport, TableCounts};
use crate::error::AppResult;
use crate::progress::Progress;

/// What an import did (or, in a dry run, would do) to one table.
#[derive(SimpleObject)]
pub struct ImportedTable {
    /// The table, as the document names it (`project`, `partnership_member`).
    pub table: String,
    /// Rows created.
    pub created: u64,
    /// Rows changed.
    pub updated: u64,
    /// Links deleted because the document no longer lists them under a row it lists.
    pub deleted: u64,
    /// Rows the document lists as they already were.
    pub unchanged: u64,
}

/// What an import answers.
#[derive(SimpleObject)]
pub struct ImportPayload {
    /// Per table, in the order they were imported.
    pub tables: Vec<ImportedTable>,
    /// Whether nothing was written (a dry run).
    pub dry_run: bool,
    /// The data version the import committed; null for a dry run or when nothing changed.
    pub data_version: Option<i64>,
    /// Rows the document lists.
    pub rows: u64,
    /// Rows created, changed or deleted.
    pub changed: u64,
}

impl From<ImportReport> for ImportPayload {
    fn from(report: ImportReport) -> Self {
        Self {
            rows: report.rows(),
            changed: report.changed(),
            dry_run: report.dry_run,
            data_version: report.data_version,
            tables: report.tables.into_iter().map(ImportedTable::from).collect(),
        }
    }
}

impl From<TableCounts> for ImportedTable {
    fn from(counts: TableCounts) -> Self {
        Self {
            table: counts.table.to_owned(),
            created: counts.created,
            updated: counts.updated,
            deleted: counts.deleted,
            unchanged: counts.unchanged,
        }
    }
}

/// Importing a whole document.
#[derive(Default)]
pub struct ImportMutation;

/// Importing a whole document.
#[Object]
impl ImportMutation {
    /// Imports a document of `coopkb export` (ADMIN) in one transaction: every problem is reported with its place
    /// in the document (`BAD_USER_INPUT`, `extensions.problems`) and nothing is written, or all of it is applied.
    /// Rows are matched by slug, links by what they hold; importing the same document twice changes nothing.
    async fn import_knowledge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document, as `coopkb export` writes it.")] document: Json<serde_json::Value>,
        #[graphql(desc = "Check everything and count what would change, without writing (default: false).")]
        dry_run: Option<bool>,
    ) -> AppResult<ImportPayload> {
        let caller = require(ctx, Role::Admin)?;
        let (db, feed) = writer(ctx)?;
        let text = document.0.to_string();
        let report =
            crate::archive::import_json(db, &text, &caller.name, feed, dry_run.unwrap_or(false), &Progress::hidden())
                .await?;
        Ok(report.into())
    }
}
