//! Automatic persisted queries (the Apollo protocol): a client sends the SHA-256 of a query instead of its text,
//! and the text only when the server answers that it does not know the hash yet.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use lru::LruCache;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::code;

/// Why a request's `persistedQuery` extension could not be honoured.
#[derive(Debug, thiserror::Error)]
pub enum PersistedQueryError {
    /// The hash is unknown (never sent with its text, or forgotten): the client sends the text again.
    #[error("PersistedQueryNotFound")]
    NotFound,
    /// The text sent does not hash to the hash sent with it.
    #[error("the query's SHA-256 is not the `sha256Hash` sent with it")]
    HashMismatch,
    /// The extension is not `{ "version": 1, "sha256Hash": "<64 hex digits>" }`.
    #[error("invalid `persistedQuery` extension: {0}")]
    Invalid(String),
}

impl PersistedQueryError {
    /// The stable `extensions.code` of the error (Apollo clients look for `PERSISTED_QUERY_NOT_FOUND`).
    pub fn code(&self) -> &'static str {
        match self {
            PersistedQueryError::NotFound => code::PERSISTED_QUERY_NOT_FOUND,
            PersistedQueryError::HashMismatch | PersistedQueryError::Invalid(_) => code::BAD_REQUEST,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PersistedQuery {
    version: u32,
    sha256_hash: String,
}

/// The queries clients registered by hash, the least recently used forgotten first, within a count and a byte
/// budget.
pub struct PersistedQueries {
    store: Mutex<Store>,
    max_bytes: usize,
}

struct Store {
    queries: LruCache<String, Arc<str>>,
    bytes: usize,
}

impl PersistedQueries {
    /// A store keeping at most `capacity` queries of `max_bytes` of text in all.
    pub fn new(capacity: NonZeroUsize, max_bytes: usize) -> Self {
        Self { store: Mutex::new(Store { queries: LruCache::new(capacity), bytes: 0 }), max_bytes }
    }

    /// The bytes of query text held.
    pub fn bytes(&self) -> usize {
        self.store.lock().map_or(0, |store| store.bytes)
    }

    fn remember(&self, hash: String, query: &str) {
        // A text over the whole budget is answered but not kept.
        if query.len() > self.max_bytes {
            return;
        }
        let Ok(mut store) = self.store.lock() else { return };
        let Store { queries, bytes } = &mut *store;
        if let Some((_, evicted)) = queries.push(hash, Arc::from(query)) {
            *bytes -= evicted.len();
        }
        *bytes += query.len();
        while *bytes > self.max_bytes {
            let Some((_, evicted)) = queries.pop_lru() else { break };
            *bytes -= evicted.len();
        }
    }

    /// Completes `request` when it carries a `persistedQuery` extension: fills in the text of a known hash, or
    /// checks a text sent with its hash and remembers it. A request without the extension is left as it is.
    pub fn resolve(&self, request: &mut async_graphql::Request) -> Result<(), PersistedQueryError> {
        let Some(extension) = request.extensions.remove("persistedQuery") else { return Ok(()) };
        let extension = extension.into_json().map_err(|error| PersistedQueryError::Invalid(error.to_string()))?;
        let persisted: PersistedQuery =
            serde_json::from_value(extension).map_err(|error| PersistedQueryError::Invalid(error.to_string()))?;
        if persisted.version != 1 {
            return Err(PersistedQueryError::Invalid(format!("version {} is not supported; use 1", persisted.version)));
        }
        let hash = persisted.sha256_hash.to_ascii_lowercase();
        if request.query.is_empty() {
            let known = self.store.lock().ok().and_then(|mut store| store.queries.get(&hash).cloned());
            let text = known.ok_or(PersistedQueryError::NotFound)?;
            request.query = text.to_string();
            return Ok(());
        }
        if format!("{:x}", Sha256::digest(request.query.as_bytes())) != hash {
            return Err(PersistedQueryError::HashMismatch);
        }
        self.remember(hash, &request.query);
        Ok(())
    }
}
