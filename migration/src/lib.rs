//! Backend-neutral schema migrations of coopkb (SQLite and PostgreSQL), one change per file.

use sea_orm_migration::prelude::*;

mod m20261127_000001_create_organizations;
mod m20261127_000002_create_partnerships;
mod m20261127_000003_create_projects;
mod m20261127_000004_create_delegations;
mod m20261127_000005_create_documents;
mod m20261127_000006_add_synthetic_flags;
mod m20261127_000007_create_search_index;
mod m20261127_000008_create_data_version;
mod m20261127_000009_keyset_indexes;
mod m20261127_000010_covering_indexes;
mod m20261201_000011_create_history_and_tokens;
mod m20261206_000012_sourced_figures;
mod m20261206_000013_sort_keys;

pub use sea_orm_migration::MigratorTrait;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The key a name is found and ordered by: lower case, without accents or other combining marks, spaces
/// collapsed, so that `Jénine`, `JENINE` and `jenine` share one key. (Here, so the migration that fills the
/// stored keys and the write path that derives them use the same function.)
pub fn sort_key(text: &str) -> String {
    let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every migration of coopkb, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_organizations::Migration),
            Box::new(m20261127_000002_create_partnerships::Migration),
            Box::new(m20261127_000003_create_projects::Migration),
            Box::new(m20261127_000004_create_delegations::Migration),
            Box::new(m20261127_000005_create_documents::Migration),
            Box::new(m20261127_000006_add_synthetic_flags::Migration),
            Box::new(m20261127_000007_create_search_index::Migration),
            Box::new(m20261127_000008_create_data_version::Migration),
            Box::new(m20261127_000009_keyset_indexes::Migration),
            Box::new(m20261127_000010_covering_indexes::Migration),
            Box::new(m20261201_000011_create_history_and_tokens::Migration),
            Box::new(m20261206_000012_sourced_figures::Migration),
            Box::new(m20261206_000013_sort_keys::Migration),
        ]
    }
}

/// Creates an index named `name` on `columns` of `table` (a unique one when `unique`).
async fn create_index<T, C>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column.clone());
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}
