//! The change feed: each committed write transaction is announced once, with its data version, to whoever
//! listens in this process (subscriptions, caches).

use std::sync::Arc;

use entity::{ChangeOperation, SubjectKind};
use tokio::sync::broadcast;

/// One row a committed transaction changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedRow {
    /// Its table.
    pub kind: SubjectKind,
    /// Its id.
    pub id: i32,
    /// What was done to it.
    pub operation: ChangeOperation,
}

/// What one committed write transaction changed.
#[derive(Clone, Debug)]
pub struct ChangeEvent {
    /// The data version it committed.
    pub data_version: i64,
    /// Who wrote it.
    pub actor: String,
    /// The rows it changed, in the order they were written (at most [`ROWS_PER_EVENT`]; `truncated` says
    /// whether there were more, as after a bulk load).
    pub rows: Vec<ChangedRow>,
    /// Whether more rows changed than `rows` lists.
    pub truncated: bool,
}

/// The most rows one event lists; the history holds all of them.
pub const ROWS_PER_EVENT: usize = 1_000;

/// Where committed changes are announced (cheap to clone; every clone announces to the same listeners).
#[derive(Clone, Debug)]
pub struct ChangeFeed {
    sender: broadcast::Sender<Arc<ChangeEvent>>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self { sender: broadcast::channel(1_024).0 }
    }
}

impl ChangeFeed {
    /// Announces a committed change to the current listeners (none is fine).
    pub fn announce(&self, event: ChangeEvent) {
        let _ = self.sender.send(Arc::new(event));
    }

    /// Listens to the changes committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<ChangeEvent>> {
        self.sender.subscribe()
    }
}
