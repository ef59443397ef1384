//! Orders names and titles as people read them: each orderable name gets a `sort_key` (lower case, accents and
//! other combining marks removed, spaces collapsed), filled here for the rows already stored and derived by the
//! write path from then on, with an index on (sort_key, id) for keyset pages.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables ordered by a name or title: (table, the column its key folds).
const NAMED: [(&str, &str); 4] =
    [("organization", "name"), ("partnership", "name"), ("project", "title"), ("document", "title")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column) in NAMED {
            let mut key = ColumnDef::new(Alias::new("sort_key"));
            key.string_len(500).not_null().default("");
            // Keys compare byte by byte on both databases (SQLite's default), whatever PostgreSQL's locale.
            if manager.get_database_backend() == DatabaseBackend::Postgres {
                key.extra("COLLATE \"C\"");
            }
            manager.alter_table(Table::alter().table(Alias::new(table)).add_column(&mut key).to_owned()).await?;
            let select =
                Query::select().columns([Alias::new("id"), Alias::new(column)]).from(Alias::new(table)).to_owned();
            for row in db.query_all(&select).await? {
                let id: i32 = row.try_get("", "id")?;
                let text: String = row.try_get("", column)?;
                let update = Query::update()
                    .table(Alias::new(table))
                    .value(Alias::new("sort_key"), crate::sort_key(&text))
                    .and_where(Expr::col(Alias::new("id")).eq(id))
                    .to_owned();
                db.execute(&update).await?;
            }
            let columns = [Alias::new("sort_key"), Alias::new("id")];
            crate::create_index(manager, &format!("ix_{table}_sort_key_id"), Alias::new(table), &columns, false)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, _) in NAMED {
            manager
                .drop_index(Index::drop().name(format!("ix_{table}_sort_key_id")).table(Alias::new(table)).to_owned())
                .await?;
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new("sort_key")).to_owned())
                .await?;
        }
        Ok(())
    }
}
