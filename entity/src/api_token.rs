//! An API token: a name, a role, and the hash of its secret (the secret itself is shown once and never stored).

use crate::Role;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An API token: a name, a role, and the hash of its secret (the secret itself is shown once and never stored).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    /// Primary key, also the public part of the token.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The unique name the token was created with, recorded as the actor of its changes.
    #[sea_orm(unique)]
    pub name: String,
    /// What the token may do.
    pub role: Role,
    /// SHA-256 of the token's secret part, hex.
    pub secret_hash: String,
    /// When the token was created.
    pub created_at: DateTimeUtc,
    /// When the token was revoked, if it was.
    pub revoked_at: Option<DateTimeUtc>,
}

/// Tokens refer to nothing.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
