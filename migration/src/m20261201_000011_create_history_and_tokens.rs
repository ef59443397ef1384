//! Creates the change history (every create, update, delete and restore, with the values before and after)
//! and the API tokens (stored as hashes) that writes are authorised by.

use sea_orm_migration::prelude::*;

/// The migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Identifiers of the `history` table.
#[derive(Clone, Copy, DeriveIden)]
pub enum History {
    /// The table.
    Table,
    /// Primary key, in commit order within a data version.
    Id,
    /// The data version the change was committed with.
    DataVersion,
    /// When the change was committed.
    At,
    /// Who made it: a token's name, or the writer that is not a person (`knowledge`, `synthetic`).
    Actor,
    /// CREATE, UPDATE, DELETE or RESTORE.
    Operation,
    /// The table of the changed row.
    SubjectKind,
    /// The id of the changed row.
    SubjectId,
    /// The row as JSON before the change (none for a creation).
    Before,
    /// The row as JSON after the change (none for a deletion).
    After,
}

/// Identifiers of the `api_token` table.
#[derive(Clone, Copy, DeriveIden)]
pub enum ApiToken {
    /// The table.
    Table,
    /// Primary key, also the public part of the token.
    Id,
    /// The unique name the token was created with, recorded as the actor of its changes.
    Name,
    /// EDITOR or ADMIN.
    Role,
    /// SHA-256 of the token's secret part, hex.
    SecretHash,
    /// When the token was created.
    CreatedAt,
    /// When the token was revoked, if it was.
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(History::Table)
                    .col(ColumnDef::new(History::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(History::DataVersion).big_integer().not_null())
                    .col(ColumnDef::new(History::At).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(History::Actor).string_len(100).not_null())
                    .col(ColumnDef::new(History::Operation).string_len(16).not_null())
                    .col(ColumnDef::new(History::SubjectKind).string_len(32).not_null())
                    .col(ColumnDef::new(History::SubjectId).integer().not_null())
                    .col(ColumnDef::new(History::Before).text())
                    .col(ColumnDef::new(History::After).text())
                    .to_owned(),
            )
            .await?;
        let subject = [History::SubjectKind, History::SubjectId, History::Id];
        crate::create_index(manager, "ix_history_subject", History::Table, &subject, false).await?;
        crate::create_index(manager, "ix_history_data_version", History::Table, &[History::DataVersion], false).await?;
        crate::create_index(manager, "ix_history_actor", History::Table, &[History::Actor, History::Id], false).await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(ColumnDef::new(ApiToken::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(ApiToken::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(ApiToken::Role).string_len(16).not_null())
                    .col(ColumnDef::new(ApiToken::SecretHash).string_len(64).not_null())
                    .col(ColumnDef::new(ApiToken::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(ApiToken::RevokedAt).timestamp_with_time_zone())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApiToken::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(History::Table).to_owned()).await
    }
}
