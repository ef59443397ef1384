//! Marks the rows the synthetic data generator makes, so they are never mistaken for real knowledge.

use sea_orm_migration::prelude::*;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows can be synthetic.
const TABLES: [&str; 8] =
    ["organization", "partnership", "project", "delegation", "event", "place", "document", "citation"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("synthetic")).boolean().not_null().default(false))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new("synthetic")).to_owned())
                .await?;
        }
        Ok(())
    }
}
