//! Indexes that hold every column the aggregations and the organization links read, so those read the index
//! alone: a project's domains by domain, an organization's projects, and a project's dates and budget by id
//! (100,000 projects with their descriptions span a hundred times more pages than these columns do).

use sea_orm_migration::prelude::*;

use crate::create_index;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index replaced by a wider one: (table, old name, old columns, new name, new columns).
type Widening = (&'static str, &'static str, &'static [&'static str], &'static str, &'static [&'static str]);

const WIDENINGS: &[Widening] = &[
    (
        "project_domain",
        "ix_project_domain_domain",
        &["domain"],
        "ix_project_domain_domain_project_id",
        &["domain", "project_id"],
    ),
    (
        "project_participant",
        "ix_project_participant_organization_id",
        &["organization_id"],
        "ix_project_participant_organization_id_project_id",
        &["organization_id", "project_id"],
    ),
];

/// The figures of a project the aggregations read, next to its id.
const FIGURES: (&str, &str, &[&str]) =
    ("project", "ix_project_figures", &["id", "period_start", "period_end", "budget_currency", "budget_amount_cents"]);

async fn create(manager: &SchemaManager<'_>, table: &str, name: &str, columns: &[&str]) -> Result<(), DbErr> {
    let columns: Vec<Alias> = columns.iter().map(|column| Alias::new(*column)).collect();
    create_index(manager, name, Alias::new(table), &columns, false).await
}

async fn drop(manager: &SchemaManager<'_>, table: &str, name: &str) -> Result<(), DbErr> {
    manager.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, old, _, new, columns) in WIDENINGS {
            drop(manager, table, old).await?;
            create(manager, table, new, columns).await?;
        }
        let (table, name, columns) = FIGURES;
        create(manager, table, name, columns).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (table, name, _) = FIGURES;
        drop(manager, table, name).await?;
        for (table, old, old_columns, new, _) in WIDENINGS {
            drop(manager, table, new).await?;
            create(manager, table, old, old_columns).await?;
        }
        Ok(())
    }
}
