//! What the second set of sourced facts needs: a document's publisher named as the source names it, an event
//! dated only to the day (month, year) the source gives, and the figures sources report without listing their
//! items (`reported_figure`: "plus de 40 projets", a population of a given year).

use sea_orm_migration::prelude::*;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Identifiers of the `reported_figure` table.
#[derive(Clone, Copy, DeriveIden)]
pub enum ReportedFigure {
    /// The table.
    Table,
    /// Primary key.
    Id,
    /// The table of the row the figure is about (PARTNERSHIP, ORGANIZATION).
    SubjectKind,
    /// The id of that row.
    SubjectId,
    /// What is counted or measured: PROJECTS, POPULATION, MEMBERS, PARTICIPANTS, BUDGET.
    Metric,
    /// How exact the source is: EXACTLY, AT_LEAST, ABOUT, AT_MOST.
    Qualifier,
    /// The count, when the figure is a count.
    Value,
    /// The amount in cents, when the figure is (or comes with) an amount of money.
    AmountCents,
    /// The currency of the amount (ISO 4217).
    Currency,
    /// The domains the figure is restricted to, as a JSON array (empty: all).
    Domains,
    /// What was counted, in the source's words.
    Label,
    /// The first day of the date the figure is given for.
    AsOfDate,
    /// The precision of that date: YEAR, MONTH or DAY.
    AsOfPrecision,
    /// Whether the synthetic generator made the row.
    Synthetic,
    /// When the row was created.
    CreatedAt,
    /// When the row was last changed.
    UpdatedAt,
    /// Optimistic-concurrency version.
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("document"))
                    .add_column(ColumnDef::new(Alias::new("publisher_name")).string_len(300))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("event"))
                    .add_column(ColumnDef::new(Alias::new("starts_precision")).string_len(32))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportedFigure::Table)
                    .col(ColumnDef::new(ReportedFigure::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ReportedFigure::SubjectKind).string_len(32).not_null())
                    .col(ColumnDef::new(ReportedFigure::SubjectId).integer().not_null())
                    .col(ColumnDef::new(ReportedFigure::Metric).string_len(32).not_null())
                    .col(ColumnDef::new(ReportedFigure::Qualifier).string_len(32).not_null())
                    .col(ColumnDef::new(ReportedFigure::Value).big_integer())
                    .col(ColumnDef::new(ReportedFigure::AmountCents).big_integer())
                    .col(ColumnDef::new(ReportedFigure::Currency).string_len(3))
                    .col(ColumnDef::new(ReportedFigure::Domains).json_binary().not_null())
                    .col(ColumnDef::new(ReportedFigure::Label).text())
                    .col(ColumnDef::new(ReportedFigure::AsOfDate).date())
                    .col(ColumnDef::new(ReportedFigure::AsOfPrecision).string_len(32))
                    .col(ColumnDef::new(ReportedFigure::Synthetic).boolean().not_null().default(false))
                    .col(ColumnDef::new(ReportedFigure::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ReportedFigure::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ReportedFigure::Version).integer().not_null().default(1))
                    .to_owned(),
            )
            .await?;
        let subject = [ReportedFigure::SubjectKind, ReportedFigure::SubjectId, ReportedFigure::Id];
        crate::create_index(manager, "ix_reported_figure_subject", ReportedFigure::Table, &subject, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportedFigure::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table(Alias::new("event")).drop_column(Alias::new("starts_precision")).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(Alias::new("document")).drop_column(Alias::new("publisher_name")).to_owned(),
            )
            .await
    }
}
