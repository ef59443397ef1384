//! Per-data-version summaries: an aggregation over the data set is computed once per data version and kept, so a
//! dashboard's tiles cost one read of the data version until the next write, on every server of a database.

use std::any::Any;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

use lru::LruCache;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

use super::{data_version, dialect};

/// The summaries of one data version, by what they summarize (the aggregation and its arguments).
pub struct Summaries {
    kept: Mutex<Kept>,
}

struct Kept {
    /// The data version every kept summary was computed at.
    data_version: i64,
    entries: LruCache<String, Arc<dyn Any + Send + Sync>>,
}

impl Summaries {
    /// Keeps at most `entries` summaries (the least recently read go first).
    pub fn new(entries: NonZeroUsize) -> Self {
        Self { kept: Mutex::new(Kept { data_version: i64::MIN, entries: LruCache::new(entries) }) }
    }

    /// The summary named `key` at the database's current data version: the kept one, or the one `compute` reads
    /// from a snapshot of the database (then kept for the data version of that snapshot, so a summary never mixes
    /// two versions of the data).
    pub async fn get<T, Computing>(
        &self,
        db: &DatabaseConnection,
        key: String,
        compute: impl FnOnce(DatabaseTransaction) -> Computing,
    ) -> Result<Arc<T>, DbErr>
    where
        T: Send + Sync + 'static,
        Computing: Future<Output = Result<T, DbErr>>,
    {
        let current = data_version::current(db).await?;
        if let Some(kept) = self.kept(current, &key) {
            return Ok(kept);
        }
        let snapshot = dialect::read_snapshot(db).await?;
        let version = data_version::current(&snapshot).await?;
        let summary = Arc::new(compute(snapshot).await?);
        self.keep(version, key, Arc::clone(&summary) as Arc<dyn Any + Send + Sync>);
        Ok(summary)
    }

    fn kept<T: Send + Sync + 'static>(&self, data_version: i64, key: &str) -> Option<Arc<T>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.data_version != data_version {
            return None;
        }
        Arc::clone(kept.entries.get(key)?).downcast().ok()
    }

    fn keep(&self, data_version: i64, key: String, summary: Arc<dyn Any + Send + Sync>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if data_version > kept.data_version {
            kept.entries.clear();
            kept.data_version = data_version;
        }
        // A summary of an older version than the kept ones (computed while a write landed) is not kept.
        if data_version == kept.data_version {
            kept.entries.put(key, summary);
        }
    }
}
