//! Creates the projects tables.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;
use crate::m20261127_000001_create_organizations::Organization;
use crate::m20261127_000002_create_partnerships::Partnership;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Project::Table)
                    .col(pk_auto(Project::Id))
                    .col(string_len_uniq(Project::Slug, 96))
                    .col(integer(Project::PartnershipId))
                    .col(integer_null(Project::ParentId))
                    .col(string_len(Project::Kind, 32))
                    .col(string_len_null(Project::Status, 32))
                    .col(string(Project::OriginalLang))
                    .col(string(Project::Title))
                    .col(json_binary(Project::TitleI18n).default("{}"))
                    .col(text_null(Project::Description))
                    .col(json_binary(Project::DescriptionI18n).default("{}"))
                    .col(date_null(Project::StartDate))
                    .col(string_len_null(Project::StartPrecision, 32))
                    .col(date_null(Project::EndDate))
                    .col(string_len_null(Project::EndPrecision, 32))
                    .col(integer_null(Project::DurationMonths))
                    .col(big_integer_null(Project::BudgetAmountCents))
                    .col(string_len_null(Project::BudgetCurrency, 3))
                    .col(date_null(Project::PeriodStart))
                    .col(date_null(Project::PeriodEnd))
                    .col(timestamp_with_time_zone(Project::CreatedAt))
                    .col(timestamp_with_time_zone(Project::UpdatedAt))
                    .col(integer(Project::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_partnership_id")
                            .from(Project::Table, Project::PartnershipId)
                            .to(Partnership::Table, Partnership::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_parent_id")
                            .from(Project::Table, Project::ParentId)
                            .to(Project::Table, Project::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_project_partnership_id", Project::Table, &[Project::PartnershipId], false).await?;
        create_index(manager, "ix_project_parent_id", Project::Table, &[Project::ParentId], false).await?;
        create_index(manager, "ix_project_kind", Project::Table, &[Project::Kind], false).await?;
        create_index(manager, "ix_project_status", Project::Table, &[Project::Status], false).await?;
        create_index(manager, "ix_project_period_start", Project::Table, &[Project::PeriodStart], false).await?;
        create_index(manager, "ix_project_period_end", Project::Table, &[Project::PeriodEnd], false).await?;
        create_index(manager, "ix_project_title", Project::Table, &[Project::Title], false).await?;
        create_index(manager, "ix_project_budget_amount_cents", Project::Table, &[Project::BudgetAmountCents], false)
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectDomain::Table)
                    .col(pk_auto(ProjectDomain::Id))
                    .col(integer(ProjectDomain::ProjectId))
                    .col(string_len(ProjectDomain::Domain, 32))
                    .col(string_len_null(ProjectDomain::DacCode, 5))
                    .col(timestamp_with_time_zone(ProjectDomain::CreatedAt))
                    .col(timestamp_with_time_zone(ProjectDomain::UpdatedAt))
                    .col(integer(ProjectDomain::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_domain_project_id")
                            .from(ProjectDomain::Table, ProjectDomain::ProjectId)
                            .to(Project::Table, Project::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_project_domain_project_id_domain",
            ProjectDomain::Table,
            &[ProjectDomain::ProjectId, ProjectDomain::Domain],
            true,
        )
        .await?;
        create_index(manager, "ix_project_domain_domain", ProjectDomain::Table, &[ProjectDomain::Domain], false)
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProjectParticipant::Table)
                    .col(pk_auto(ProjectParticipant::Id))
                    .col(integer(ProjectParticipant::ProjectId))
                    .col(integer(ProjectParticipant::OrganizationId))
                    .col(string_len(ProjectParticipant::Role, 32))
                    .col(big_integer_null(ProjectParticipant::ContributionCents))
                    .col(string_len_null(ProjectParticipant::ContributionCurrency, 3))
                    .col(timestamp_with_time_zone(ProjectParticipant::CreatedAt))
                    .col(timestamp_with_time_zone(ProjectParticipant::UpdatedAt))
                    .col(integer(ProjectParticipant::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_participant_project_id")
                            .from(ProjectParticipant::Table, ProjectParticipant::ProjectId)
                            .to(Project::Table, Project::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_participant_organization_id")
                            .from(ProjectParticipant::Table, ProjectParticipant::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_project_participant_project_id_organization_id_role",
            ProjectParticipant::Table,
            &[ProjectParticipant::ProjectId, ProjectParticipant::OrganizationId, ProjectParticipant::Role],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_project_participant_organization_id",
            ProjectParticipant::Table,
            &[ProjectParticipant::OrganizationId],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProjectParticipant::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProjectDomain::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Project::Table).to_owned()).await?;
        Ok(())
    }
}

/// Identifiers of the `Project` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Project {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    PartnershipId,
    /// A column.
    ParentId,
    /// A column.
    Kind,
    /// A column.
    Status,
    /// A column.
    OriginalLang,
    /// A column.
    Title,
    /// A column.
    TitleI18n,
    /// A column.
    Description,
    /// A column.
    DescriptionI18n,
    /// A column.
    StartDate,
    /// A column.
    StartPrecision,
    /// A column.
    EndDate,
    /// A column.
    EndPrecision,
    /// A column.
    DurationMonths,
    /// A column.
    BudgetAmountCents,
    /// A column.
    BudgetCurrency,
    /// A column.
    PeriodStart,
    /// A column.
    PeriodEnd,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `ProjectDomain` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum ProjectDomain {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    ProjectId,
    /// A column.
    Domain,
    /// A column.
    DacCode,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `ProjectParticipant` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum ProjectParticipant {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    ProjectId,
    /// A column.
    OrganizationId,
    /// A column.
    Role,
    /// A column.
    ContributionCents,
    /// A column.
    ContributionCurrency,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}
