//! Creates the documents tables.

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
                    .table(Document::Table)
                    .col(pk_auto(Document::Id))
                    .col(string_len_uniq(Document::Slug, 96))
                    .col(string_len(Document::Kind, 32))
                    .col(string(Document::Language))
                    .col(text(Document::Title))
                    .col(json_binary(Document::TitleI18n).default("{}"))
                    .col(string_null(Document::Dateline))
                    .col(date_null(Document::PublishedDate))
                    .col(string_len_null(Document::PublishedPrecision, 32))
                    .col(integer_null(Document::PublisherId))
                    .col(text_null(Document::Url))
                    .col(text_null(Document::Body))
                    .col(string_len_null(Document::Sha256, 64))
                    .col(date_null(Document::PeriodStart))
                    .col(date_null(Document::PeriodEnd))
                    .col(timestamp_with_time_zone(Document::CreatedAt))
                    .col(timestamp_with_time_zone(Document::UpdatedAt))
                    .col(integer(Document::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_publisher_id")
                            .from(Document::Table, Document::PublisherId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_document_kind", Document::Table, &[Document::Kind], false).await?;
        create_index(manager, "ix_document_language", Document::Table, &[Document::Language], false).await?;
        create_index(manager, "ix_document_period_start", Document::Table, &[Document::PeriodStart], false).await?;
        create_index(manager, "ix_document_publisher_id", Document::Table, &[Document::PublisherId], false).await?;
        create_index(manager, "ix_document_title", Document::Table, &[Document::Title], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(Contact::Table)
                    .col(pk_auto(Contact::Id))
                    .col(string(Contact::Label))
                    .col(string_null(Contact::Phone))
                    .col(string_null(Contact::Email))
                    .col(text_null(Contact::PostalAddress))
                    .col(integer_null(Contact::OrganizationId))
                    .col(timestamp_with_time_zone(Contact::CreatedAt))
                    .col(timestamp_with_time_zone(Contact::UpdatedAt))
                    .col(integer(Contact::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_organization_id")
                            .from(Contact::Table, Contact::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_contact_organization_id", Contact::Table, &[Contact::OrganizationId], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentContact::Table)
                    .col(pk_auto(DocumentContact::Id))
                    .col(integer(DocumentContact::DocumentId))
                    .col(integer(DocumentContact::ContactId))
                    .col(timestamp_with_time_zone(DocumentContact::CreatedAt))
                    .col(timestamp_with_time_zone(DocumentContact::UpdatedAt))
                    .col(integer(DocumentContact::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_contact_document_id")
                            .from(DocumentContact::Table, DocumentContact::DocumentId)
                            .to(Document::Table, Document::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_contact_contact_id")
                            .from(DocumentContact::Table, DocumentContact::ContactId)
                            .to(Contact::Table, Contact::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_document_contact_document_id_contact_id",
            DocumentContact::Table,
            &[DocumentContact::DocumentId, DocumentContact::ContactId],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_document_contact_contact_id",
            DocumentContact::Table,
            &[DocumentContact::ContactId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Citation::Table)
                    .col(pk_auto(Citation::Id))
                    .col(string_len(Citation::SubjectKind, 32))
                    .col(integer(Citation::SubjectId))
                    .col(string_null(Citation::Field))
                    .col(integer(Citation::DocumentId))
                    .col(string_null(Citation::Locator))
                    .col(text_null(Citation::Quote))
                    .col(string_len(Citation::Stance, 32))
                    .col(timestamp_with_time_zone(Citation::CreatedAt))
                    .col(timestamp_with_time_zone(Citation::UpdatedAt))
                    .col(integer(Citation::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_citation_document_id")
                            .from(Citation::Table, Citation::DocumentId)
                            .to(Document::Table, Document::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_citation_subject_kind_subject_id",
            Citation::Table,
            &[Citation::SubjectKind, Citation::SubjectId],
            false,
        )
        .await?;
        create_index(manager, "ix_citation_document_id", Citation::Table, &[Citation::DocumentId], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(Mention::Table)
                    .col(pk_auto(Mention::Id))
                    .col(integer(Mention::DocumentId))
                    .col(string(Mention::SurfaceForm))
                    .col(integer(Mention::StartOffset))
                    .col(integer(Mention::EndOffset))
                    .col(string_len(Mention::SubjectKind, 32))
                    .col(integer(Mention::SubjectId))
                    .col(timestamp_with_time_zone(Mention::CreatedAt))
                    .col(timestamp_with_time_zone(Mention::UpdatedAt))
                    .col(integer(Mention::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mention_document_id")
                            .from(Mention::Table, Mention::DocumentId)
                            .to(Document::Table, Document::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_mention_document_id", Mention::Table, &[Mention::DocumentId], false).await?;
        create_index(
            manager,
            "ix_mention_subject_kind_subject_id",
            Mention::Table,
            &[Mention::SubjectKind, Mention::SubjectId],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Mention::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Citation::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DocumentContact::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Contact::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Document::Table).to_owned()).await?;
        Ok(())
    }
}

/// Identifiers of the `Document` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Document {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Slug,
    /// A column.
    Kind,
    /// A column.
    Language,
    /// A column.
    Title,
    /// A column.
    TitleI18n,
    /// A column.
    Dateline,
    /// A column.
    PublishedDate,
    /// A column.
    PublishedPrecision,
    /// A column.
    PublisherId,
    /// A column.
    Url,
    /// A column.
    Body,
    /// A column.
    Sha256,
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

/// Identifiers of the `Contact` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Contact {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    Label,
    /// A column.
    Phone,
    /// A column.
    Email,
    /// A column.
    PostalAddress,
    /// A column.
    OrganizationId,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `DocumentContact` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum DocumentContact {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    DocumentId,
    /// A column.
    ContactId,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `Citation` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Citation {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    SubjectKind,
    /// A column.
    SubjectId,
    /// A column.
    Field,
    /// A column.
    DocumentId,
    /// A column.
    Locator,
    /// A column.
    Quote,
    /// A column.
    Stance,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}

/// Identifiers of the `Mention` table and its columns.
#[derive(Clone, Copy, DeriveIden)]
pub enum Mention {
    /// The table.
    Table,
    /// A column.
    Id,
    /// A column.
    DocumentId,
    /// A column.
    SurfaceForm,
    /// A column.
    StartOffset,
    /// A column.
    EndOffset,
    /// A column.
    SubjectKind,
    /// A column.
    SubjectId,
    /// A column.
    CreatedAt,
    /// A column.
    UpdatedAt,
    /// A column.
    Version,
}
