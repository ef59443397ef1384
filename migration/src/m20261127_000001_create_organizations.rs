//! Creates the organizations tables.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(pk_auto(Organization::Id))
                    .col(string_len_uniq(Organization::Slug, 96))
                    .col(string_len(Organization::Kind, 32))
                    .col(string_len(Organization::Country, 2))
                    .col(integer_null(Organization::ParentId))
                    .col(string(Organization::Name))
                    .col(string_null(Organization::OfficialCode))
                    .col(string_null(Organization::OfficialCodeScheme))
                    .col(string_null(Organization::SubdivisionCode))
                    .col(string_null(Organization::PostalCode))
                    .col(string_null(Organization::Seat))
                    .col(double_null(Organization::Latitude))
                    .col(double_null(Organization::Longitude))
                    .col(big_integer_null(Organization::Population))
                    .col(integer_null(Organization::PopulationYear))
                    .col(timestamp_with_time_zone(Organization::CreatedAt))
                    .col(timestamp_with_time_zone(Organization::UpdatedAt))
                    .col(integer(Organization::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organization_parent_id")
                            .from(Organization::Table, Organization::ParentId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_organization_kind", Organization::Table, &[Organization::Kind], false).await?;
        create_index(manager, "ix_organization_country", Organization::Table, &[Organization::Country], false).await?;
        create_index(manager, "ix_organization_parent_id", Organization::Table, &[Organization::ParentId], false)
            .await?;
        create_index(manager, "ix_organization_name", Organization::Table, &[Organization::Name], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganizationName::Table)
                    .col(pk_auto(OrganizationName::Id))
                    .col(integer(OrganizationName::OrganizationId))
                    .col(string(OrganizationName::Value))
                    .col(string_null(OrganizationName::Lang))
                    .col(string_len(OrganizationName::Kind, 32))
                    .col(string(OrganizationName::SearchKey))
                    .col(timestamp_with_time_zone(OrganizationName::CreatedAt))
                    .col(timestamp_with_time_zone(OrganizationName::UpdatedAt))
                    .col(integer(OrganizationName::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organization_name_organization_id")
                            .from(OrganizationName::Table, OrganizationName::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_organization_name_organization_id_lang_value",
            OrganizationName::Table,
            &[OrganizationName::OrganizationId, OrganizationName::Lang, OrganizationName::Value],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_organization_name_search_key",
            OrganizationName::Table,
            &[OrganizationName::SearchKey],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Place::Table)
                    .col(pk_auto(Place::Id))
                    .col(string_len_uniq(Place::Slug, 96))
                    .col(string(Place::Name))
                    .col(string_null(Place::Address))
                    .col(integer_null(Place::CommuneId))
                    .col(double_null(Place::Latitude))
                    .col(double_null(Place::Longitude))
                    .col(timestamp_with_time_zone(Place::CreatedAt))
                    .col(timestamp_with_time_zone(Place::UpdatedAt))
                    .col(integer(Place::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_place_commune_id")
                            .from(Place::Table, Place::CommuneId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_place_commune_id", Place::Table, &[Place::CommuneId], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(pk_auto(Person::Id))
                    .col(string_len_uniq(Person::Slug, 96))
                    .col(string(Person::Name))
                    .col(string_null(Person::Honorific))
                    .col(timestamp_with_time_zone(Person::CreatedAt))
                    .col(timestamp_with_time_zone(Person::UpdatedAt))
                    .col(integer(Person::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonRole::Table)
                    .col(pk_auto(PersonRole::Id))
                    .col(integer(PersonRole::PersonId))
                    .col(integer(PersonRole::OrganizationId))
                    .col(string(PersonRole::Title))
                    .col(date_null(PersonRole::StartDate))
                    .col(string_len_null(PersonRole::StartPrecision, 32))
                    .col(date_null(PersonRole::EndDate))
                    .col(string_len_null(PersonRole::EndPrecision, 32))
                    .col(timestamp_with_time_zone(PersonRole::CreatedAt))
                    .col(timestamp_with_time_zone(PersonRole::UpdatedAt))
                    .col(integer(PersonRole::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_role_person_id")
                            .from(PersonRole::Table, PersonRole::PersonId)
                            .to(Person::Table, Person::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_role_organization_id")
                            .from(PersonRole::Table, PersonRole::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_person_role_person_id", PersonRole::Table, &[PersonRole::PersonId], false).await?;
        create_index(
            manager,
            "ix_person_role_organization_id",
            PersonRole::Table,
            &[PersonRole::OrganizationId],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PersonRole::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Person::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Place::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OrganizationName::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organization::Table).to_owned()).await?;
        Ok(())
    }
}

/// Identifiers of the `Organization` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Organization {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    Kind,
    /// A column.
    Country,
    /// A column.
    ParentId,
    /// A column.
    Name,
    /// A column.
    OfficialCode,
    /// A column.
    OfficialCodeScheme,
    /// A column.
    SubdivisionCode,
    /// A column.
    PostalCode,
    /// A column.
    Seat,
    /// A column.
    Latitude,
    /// A column.
    Longitude,
    /// A column.
    Population,
    /// A column.
    PopulationYear,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `OrganizationName` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum OrganizationName {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    OrganizationId,
    /// A column.
    Value,
    /// A column.
    Lang,
    /// A column.
    Kind,
    /// A column.
    SearchKey,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `Place` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Place {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    Name,
    /// A column.
    Address,
    /// A column.
    CommuneId,
    /// A column.
    Latitude,
    /// A column.
    Longitude,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `Person` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Person {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    Name,
    /// A column.
    Honorific,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `PersonRole` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum PersonRole {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    PersonId,
    /// A column.
    OrganizationId,
    /// A column.
    Title,
    /// A column.
    StartDate,
    /// A column.
    StartPrecision,
    /// A column.
    EndDate,
    /// A column.
    EndPrecision,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}
