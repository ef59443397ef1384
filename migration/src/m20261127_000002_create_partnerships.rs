//! Creates the partnerships tables.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;
use crate::m20261127_000001_create_organizations::Organization;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Partnership::Table)
                    .col(pk_auto(Partnership::Id))
                    .col(string_len_uniq(Partnership::Slug, 96))
                    .col(string_len(Partnership::Kind, 32))
                    .col(string_len_null(Partnership::Status, 32))
                    .col(string(Partnership::OriginalLang))
                    .col(string(Partnership::Name))
                    .col(json_binary(Partnership::NameI18n).default("{}"))
                    .col(text_null(Partnership::Description))
                    .col(json_binary(Partnership::DescriptionI18n).default("{}"))
                    .col(date_null(Partnership::StartDate))
                    .col(string_len_null(Partnership::StartPrecision, 32))
                    .col(date_null(Partnership::EndDate))
                    .col(string_len_null(Partnership::EndPrecision, 32))
                    .col(date_null(Partnership::PeriodStart))
                    .col(date_null(Partnership::PeriodEnd))
                    .col(timestamp_with_time_zone(Partnership::CreatedAt))
                    .col(timestamp_with_time_zone(Partnership::UpdatedAt))
                    .col(integer(Partnership::Version).default(1))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_partnership_kind", Partnership::Table, &[Partnership::Kind], false).await?;
        create_index(manager, "ix_partnership_period_start", Partnership::Table, &[Partnership::PeriodStart], false)
            .await?;
        create_index(manager, "ix_partnership_name", Partnership::Table, &[Partnership::Name], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(PartnershipMember::Table)
                    .col(pk_auto(PartnershipMember::Id))
                    .col(integer(PartnershipMember::PartnershipId))
                    .col(integer(PartnershipMember::OrganizationId))
                    .col(string_len(PartnershipMember::Side, 32))
                    .col(string_len(PartnershipMember::Role, 32))
                    .col(timestamp_with_time_zone(PartnershipMember::CreatedAt))
                    .col(timestamp_with_time_zone(PartnershipMember::UpdatedAt))
                    .col(integer(PartnershipMember::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnership_member_partnership_id")
                            .from(PartnershipMember::Table, PartnershipMember::PartnershipId)
                            .to(Partnership::Table, Partnership::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partnership_member_organization_id")
                            .from(PartnershipMember::Table, PartnershipMember::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_partnership_member_partnership_id_organization_id",
            PartnershipMember::Table,
            &[PartnershipMember::PartnershipId, PartnershipMember::OrganizationId],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_partnership_member_organization_id",
            PartnershipMember::Table,
            &[PartnershipMember::OrganizationId],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PartnershipMember::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Partnership::Table).to_owned()).await?;
        Ok(())
    }
}

/// Identifiers of the `Partnership` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Partnership {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    Kind,
    /// A column.
    Status,
    /// A column.
    OriginalLang,
    /// A column.
    Name,
    /// A column.
    NameI18n,
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

/// Identifiers of the `PartnershipMember` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum PartnershipMember {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    PartnershipId,
    /// A column.
    OrganizationId,
    /// A column.
    Side,
    /// A column.
    Role,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}
