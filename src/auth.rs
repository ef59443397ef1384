//! API tokens: created by the CLI and shown once, stored as the SHA-256 of their secret, checked in constant
//! time. A token reads `coopkb_<id>_<secret>`: the id finds its row, the secret proves it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use entity::Role;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const PREFIX: &str = "coopkb_";

/// Who sent a request, from its valid token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The token's name, recorded as the author of the caller's changes.
    pub name: String,
    /// What the token may do.
    pub role: Role,
}

impl Caller {
    /// Whether the caller may do what `needed` may.
    pub fn may(&self, needed: Role) -> bool {
        self.role == Role::Admin || self.role == needed
    }
}

/// Why a token could not be created or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The name is empty, too long, or taken.
    #[error("{0}")]
    InvalidName(String),
    /// No token has that name.
    #[error("no token is named `{0}`")]
    Unknown(String),
    /// The operating system gave no randomness.
    #[error("no randomness for the secret: {0}")]
    Randomness(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

fn digest(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// Creates a token named `name` with `role`, and returns the token text (shown once: only its hash is kept).
pub async fn create(db: &impl ConnectionTrait, name: &str, role: Role) -> Result<String, TokenError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(TokenError::InvalidName("a token's name is 1 to 100 printable characters".to_owned()));
    }
    if entity::api_token::Entity::find().filter(entity::api_token::Column::Name.eq(name)).one(db).await?.is_some() {
        return Err(TokenError::InvalidName(format!("a token named `{name}` exists already")));
    }
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| TokenError::Randomness(error.to_string()))?;
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let row = entity::api_token::ActiveModel {
        id: NotSet,
        name: Set(name.to_owned()),
        role: Set(role),
        secret_hash: Set(digest(&secret)),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(format!("{PREFIX}{}_{secret}", row.id))
}

/// Every token, oldest first (their hashes, never their secrets).
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<entity::api_token::Model>, DbErr> {
    entity::api_token::Entity::find().order_by_asc(entity::api_token::Column::Id).all(db).await
}

/// Revokes the token named `name`: it is refused from now on.
pub async fn revoke(db: &impl ConnectionTrait, name: &str) -> Result<(), TokenError> {
    let token = entity::api_token::Entity::find()
        .filter(entity::api_token::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| TokenError::Unknown(name.to_owned()))?;
    let mut token: entity::api_token::ActiveModel = token.into();
    token.revoked_at = Set(Some(Utc::now()));
    token.update(db).await?;
    Ok(())
}

/// The caller a token names, or `None` when it is not a valid, unrevoked token (logged without the token).
pub async fn verify(db: &impl ConnectionTrait, token: &str) -> Result<Option<Caller>, DbErr> {
    let Some((id, secret)) = token.strip_prefix(PREFIX).and_then(|rest| rest.split_once('_')) else {
        tracing::warn!("a request presented a token that is not a coopkb token");
        return Ok(None);
    };
    let Ok(id) = id.parse::<i32>() else {
        tracing::warn!("a request presented a token that is not a coopkb token");
        return Ok(None);
    };
    let row = entity::api_token::Entity::find_by_id(id).one(db).await?;
    // The hash is compared in constant time whether or not the row exists, so timing tells nothing.
    let stored = row.as_ref().map_or_else(|| "0".repeat(64), |row| row.secret_hash.clone());
    let matches: bool = digest(secret).as_bytes().ct_eq(stored.as_bytes()).into();
    match row {
        Some(row) if matches && row.revoked_at.is_none() => Ok(Some(Caller { name: row.name, role: row.role })),
        Some(row) if matches => {
            tracing::warn!(token = %row.name, "a request presented a revoked token");
            Ok(None)
        }
        _ => {
            tracing::warn!(token_id = id, "a request presented a token whose secret does not match");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admin_may_do_what_an_editor_may() {
        let admin = Caller { name: "a".to_owned(), role: Role::Admin };
        let editor = Caller { name: "e".to_owned(), role: Role::Editor };
        assert!(admin.may(Role::Editor) && admin.may(Role::Admin));
        assert!(editor.may(Role::Editor) && !editor.may(Role::Admin));
    }
}
