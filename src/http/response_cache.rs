//! A bounded cache of whole query answers, keyed by the query, its operation and variables, the response media
//! type and the data version: a hundred dashboards refetching the same query after a change cost one execution
//! (the others wait for it and share its answer), and no answer outlives the data version it was computed at.
//! Only successful answers to queries are kept; no query's answer depends on who asks (requests are
//! authenticated before the cache is consulted).

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// The header saying whether an answer came from the cache (`hit`) or was computed (`miss`).
pub const CACHE_STATUS: HeaderName = HeaderName::from_static("x-coopkb-cache");

/// What identifies an answer within one data version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey([u8; 32]);

impl CacheKey {
    /// The key of `request` answered as `media_type`.
    pub fn of(request: &async_graphql::Request, media_type: &str) -> Self {
        let mut digest = Sha256::new();
        for part in [
            media_type,
            request.operation_name.as_deref().unwrap_or_default(),
            &request.query,
            &serde_json::to_string(&request.variables).unwrap_or_default(),
        ] {
            digest.update(part.len().to_le_bytes());
            digest.update(part.as_bytes());
        }
        Self(digest.finalize().into())
    }
}

/// An answer kept: its body and content type.
struct Kept {
    body: Bytes,
    content_type: HeaderValue,
}

type Slot = Arc<OnceCell<Kept>>;

struct Entries {
    data_version: i64,
    slots: LruCache<CacheKey, Slot>,
    bytes: usize,
}

/// The cache of one server.
pub struct ResponseCache {
    entries: Mutex<Entries>,
    max_bytes: usize,
}

fn size(slot: &Slot) -> usize {
    slot.get().map_or(0, |kept| kept.body.len())
}

impl ResponseCache {
    /// A cache of at most `entries` answers and `max_bytes` bytes of them, or `None` when `entries` is 0.
    pub fn new(entries: usize, max_bytes: usize) -> Option<Self> {
        let entries = NonZeroUsize::new(entries)?;
        Some(Self {
            entries: Mutex::new(Entries { data_version: 0, slots: LruCache::new(entries), bytes: 0 }),
            max_bytes,
        })
    }

    /// The slot of `key` at `data_version`, or `None` for an answer of an older version than the cache holds.
    fn slot(&self, data_version: i64, key: CacheKey) -> Option<Slot> {
        let mut entries = self.entries.lock().ok()?;
        if data_version > entries.data_version {
            // Every answer kept is of an older version: none may be served again.
            entries.slots.clear();
            entries.bytes = 0;
            entries.data_version = data_version;
        }
        if data_version < entries.data_version {
            return None;
        }
        Some(entries.slots.get_or_insert(key, || Arc::new(OnceCell::new())).clone())
    }

    /// Counts a new answer, dropping the least recently used ones while the cache holds too many bytes.
    fn kept(&self, data_version: i64, bytes: usize) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.data_version != data_version {
            return;
        }
        entries.bytes += bytes;
        while entries.bytes > self.max_bytes {
            let Some((_, slot)) = entries.slots.pop_lru() else { break };
            entries.bytes = entries.bytes.saturating_sub(size(&slot));
        }
    }

    /// The answer to the request `key` at `data_version`: the kept one, or the one `execute` computes (kept if it
    /// succeeded). Identical requests arriving while it is computed wait for it.
    pub async fn answer(&self, data_version: i64, key: CacheKey, execute: impl Future<Output = Response>) -> Response {
        let Some(slot) = self.slot(data_version, key) else { return execute.await };
        let mut uncacheable = None;
        let mut computed = false;
        let kept = slot
            .get_or_try_init(|| async {
                let response = execute.await;
                computed = true;
                let content_type = response.headers().get(axum::http::header::CONTENT_TYPE).cloned();
                match (response.status(), content_type, response.extensions().get::<super::graphql::HadErrors>()) {
                    (StatusCode::OK, Some(content_type), None) => {
                        let (parts, body) = response.into_parts();
                        match axum::body::to_bytes(body, usize::MAX).await {
                            Ok(body) => Ok(Kept { body, content_type }),
                            Err(error) => {
                                tracing::error!(%error, "could not read an answer to cache");
                                uncacheable = Some(Response::from_parts(parts, Body::empty()));
                                Err(())
                            }
                        }
                    }
                    _ => {
                        uncacheable = Some(response);
                        Err(())
                    }
                }
            })
            .await;
        match kept {
            Ok(kept) => {
                if computed {
                    self.kept(data_version, kept.body.len());
                }
                let mut response = Response::new(Body::from(kept.body.clone()));
                response.headers_mut().insert(axum::http::header::CONTENT_TYPE, kept.content_type.clone());
                let status = if computed { "miss" } else { "hit" };
                response.headers_mut().insert(CACHE_STATUS, HeaderValue::from_static(status));
                response
            }
            Err(()) => uncacheable.unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        }
    }
}
