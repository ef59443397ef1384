//! Creates the delegations tables.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;
use crate::m20261127_000001_create_organizations::Organization;
use crate::m20261127_000001_create_organizations::Person;
use crate::m20261127_000001_create_organizations::Place;
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
                    .table(Delegation::Table)
                    .col(pk_auto(Delegation::Id))
                    .col(string_len_uniq(Delegation::Slug, 96))
                    .col(integer(Delegation::PartnershipId))
                    .col(string_len(Delegation::Direction, 32))
                    .col(string(Delegation::OriginalLang))
                    .col(string(Delegation::Title))
                    .col(json_binary(Delegation::TitleI18n).default("{}"))
                    .col(text_null(Delegation::Purpose))
                    .col(json_binary(Delegation::PurposeI18n).default("{}"))
                    .col(text_null(Delegation::Occasion))
                    .col(json_binary(Delegation::OccasionI18n).default("{}"))
                    .col(date_null(Delegation::StartDate))
                    .col(string_len_null(Delegation::StartPrecision, 32))
                    .col(date_null(Delegation::EndDate))
                    .col(string_len_null(Delegation::EndPrecision, 32))
                    .col(date_null(Delegation::PeriodStart))
                    .col(date_null(Delegation::PeriodEnd))
                    .col(timestamp_with_time_zone(Delegation::CreatedAt))
                    .col(timestamp_with_time_zone(Delegation::UpdatedAt))
                    .col(integer(Delegation::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_partnership_id")
                            .from(Delegation::Table, Delegation::PartnershipId)
                            .to(Partnership::Table, Partnership::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_delegation_partnership_id", Delegation::Table, &[Delegation::PartnershipId], false)
            .await?;
        create_index(manager, "ix_delegation_direction", Delegation::Table, &[Delegation::Direction], false).await?;
        create_index(manager, "ix_delegation_period_start", Delegation::Table, &[Delegation::PeriodStart], false)
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DelegationHost::Table)
                    .col(pk_auto(DelegationHost::Id))
                    .col(integer(DelegationHost::DelegationId))
                    .col(integer(DelegationHost::OrganizationId))
                    .col(timestamp_with_time_zone(DelegationHost::CreatedAt))
                    .col(timestamp_with_time_zone(DelegationHost::UpdatedAt))
                    .col(integer(DelegationHost::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_host_delegation_id")
                            .from(DelegationHost::Table, DelegationHost::DelegationId)
                            .to(Delegation::Table, Delegation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_host_organization_id")
                            .from(DelegationHost::Table, DelegationHost::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_delegation_host_delegation_id_organization_id",
            DelegationHost::Table,
            &[DelegationHost::DelegationId, DelegationHost::OrganizationId],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_delegation_host_organization_id",
            DelegationHost::Table,
            &[DelegationHost::OrganizationId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(DelegationMember::Table)
                    .col(pk_auto(DelegationMember::Id))
                    .col(integer(DelegationMember::DelegationId))
                    .col(integer_null(DelegationMember::OrganizationId))
                    .col(integer_null(DelegationMember::PersonId))
                    .col(string_len_null(DelegationMember::Role, 32))
                    .col(integer_null(DelegationMember::Headcount))
                    .col(timestamp_with_time_zone(DelegationMember::CreatedAt))
                    .col(timestamp_with_time_zone(DelegationMember::UpdatedAt))
                    .col(integer(DelegationMember::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_member_delegation_id")
                            .from(DelegationMember::Table, DelegationMember::DelegationId)
                            .to(Delegation::Table, Delegation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_member_organization_id")
                            .from(DelegationMember::Table, DelegationMember::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_delegation_member_person_id")
                            .from(DelegationMember::Table, DelegationMember::PersonId)
                            .to(Person::Table, Person::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_delegation_member_delegation_id",
            DelegationMember::Table,
            &[DelegationMember::DelegationId],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_delegation_member_organization_id",
            DelegationMember::Table,
            &[DelegationMember::OrganizationId],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_delegation_member_person_id",
            DelegationMember::Table,
            &[DelegationMember::PersonId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Event::Table)
                    .col(pk_auto(Event::Id))
                    .col(string_len_uniq(Event::Slug, 96))
                    .col(integer_null(Event::PartnershipId))
                    .col(string_len(Event::Kind, 32))
                    .col(string(Event::OriginalLang))
                    .col(string(Event::Title))
                    .col(json_binary(Event::TitleI18n).default("{}"))
                    .col(text_null(Event::Description))
                    .col(json_binary(Event::DescriptionI18n).default("{}"))
                    .col(timestamp_with_time_zone(Event::StartsAt))
                    .col(timestamp_with_time_zone_null(Event::EndsAt))
                    .col(string(Event::TimeZone))
                    .col(integer_null(Event::PlaceId))
                    .col(boolean(Event::IsPublic))
                    .col(timestamp_with_time_zone(Event::CreatedAt))
                    .col(timestamp_with_time_zone(Event::UpdatedAt))
                    .col(integer(Event::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_partnership_id")
                            .from(Event::Table, Event::PartnershipId)
                            .to(Partnership::Table, Partnership::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_place_id")
                            .from(Event::Table, Event::PlaceId)
                            .to(Place::Table, Place::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_event_partnership_id", Event::Table, &[Event::PartnershipId], false).await?;
        create_index(manager, "ix_event_place_id", Event::Table, &[Event::PlaceId], false).await?;
        create_index(manager, "ix_event_starts_at", Event::Table, &[Event::StartsAt], false).await?;
        create_index(manager, "ix_event_kind", Event::Table, &[Event::Kind], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(EventOrganizer::Table)
                    .col(pk_auto(EventOrganizer::Id))
                    .col(integer(EventOrganizer::EventId))
                    .col(integer(EventOrganizer::OrganizationId))
                    .col(timestamp_with_time_zone(EventOrganizer::CreatedAt))
                    .col(timestamp_with_time_zone(EventOrganizer::UpdatedAt))
                    .col(integer(EventOrganizer::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_organizer_event_id")
                            .from(EventOrganizer::Table, EventOrganizer::EventId)
                            .to(Event::Table, Event::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_organizer_organization_id")
                            .from(EventOrganizer::Table, EventOrganizer::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_event_organizer_event_id_organization_id",
            EventOrganizer::Table,
            &[EventOrganizer::EventId, EventOrganizer::OrganizationId],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_event_organizer_organization_id",
            EventOrganizer::Table,
            &[EventOrganizer::OrganizationId],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EventOrganizer::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Event::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DelegationMember::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DelegationHost::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Delegation::Table).to_owned()).await?;
        Ok(())
    }
}

/// Identifiers of the `Delegation` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Delegation {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    PartnershipId,
    /// A column.
    Direction,
    /// A column.
    OriginalLang,
    /// A column.
    Title,
    /// A column.
    TitleI18n,
    /// A column.
    Purpose,
    /// A column.
    PurposeI18n,
    /// A column.
    Occasion,
    /// A column.
    OccasionI18n,
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

/// Identifiers of the `DelegationHost` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum DelegationHost {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    DelegationId,
    /// A column.
    OrganizationId,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `DelegationMember` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum DelegationMember {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    DelegationId,
    /// A column.
    OrganizationId,
    /// A column.
    PersonId,
    /// A column.
    Role,
    /// A column.
    Headcount,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `Event` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Event {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    PartnershipId,
    /// A column.
    Kind,
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
    StartsAt,
    /// A column.
    EndsAt,
    /// A column.
    TimeZone,
    /// A column.
    PlaceId,
    /// A column.
    IsPublic,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `EventOrganizer` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum EventOrganizer {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    EventId,
    /// A column.
    OrganizationId,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}
