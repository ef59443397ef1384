//! Creates the full-text search index, with each backend's own engine: an FTS5 table on SQLite, a `tsvector`
//! column with a GIN index on PostgreSQL. Text is folded (lower case, no accents) before it is indexed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                // Folded columns are matched; `*_text` keep the original text for snippets.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_index USING fts5(\
                        kind UNINDEXED, row_id UNINDEXED, title, aliases, body, title_text UNINDEXED, aliases_text UNINDEXED, body_text UNINDEXED, \
                        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE search_index (\
                        id BIGSERIAL PRIMARY KEY, kind VARCHAR(32) NOT NULL, row_id INTEGER NOT NULL, \
                        title TEXT NOT NULL, aliases TEXT NOT NULL, body TEXT NOT NULL, \
                        title_text TEXT NOT NULL, aliases_text TEXT NOT NULL, body_text TEXT NOT NULL, \
                        document TSVECTOR GENERATED ALWAYS AS (\
                            setweight(to_tsvector('simple', title), 'A') || \
                            setweight(to_tsvector('simple', aliases), 'B') || \
                            setweight(to_tsvector('simple', body), 'D')) STORED)",
                )
                .await?;
                db.execute_unprepared("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")
                    .await?;
                db.execute_unprepared("CREATE UNIQUE INDEX ux_search_index_row ON search_index (kind, row_id)").await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE search_index").await?;
        Ok(())
    }
}
