//! Replaces the index of every column a list can be ordered by with an index on (column, id): a page after a
//! cursor is then one range of the index on both databases (`(column, id) > (value, id)`), however deep it is.

use sea_orm_migration::prelude::*;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The orderable columns: (table, column).
const ORDERINGS: &[(&str, &str)] = &[
    ("project", "period_start"),
    ("project", "period_end"),
    ("project", "title"),
    ("project", "budget_amount_cents"),
    ("partnership", "period_start"),
    ("partnership", "name"),
    ("organization", "name"),
    ("delegation", "period_start"),
    ("event", "starts_at"),
    ("document", "period_start"),
    ("document", "title"),
];

async fn replace(manager: &SchemaManager<'_>, (table, column): (&str, &str), with_id: bool) -> Result<(), DbErr> {
    let (old, new) = if with_id {
        (format!("ix_{table}_{column}"), format!("ix_{table}_{column}_id"))
    } else {
        (format!("ix_{table}_{column}_id"), format!("ix_{table}_{column}"))
    };
    manager.drop_index(Index::drop().name(old).table(Alias::new(table)).to_owned()).await?;
    let mut index = Index::create();
    index.name(new).table(Alias::new(table)).col(Alias::new(column));
    if with_id {
        index.col(Alias::new("id"));
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for ordering in ORDERINGS {
            replace(manager, *ordering, true).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for ordering in ORDERINGS {
            replace(manager, *ordering, false).await?;
        }
        Ok(())
    }
}
