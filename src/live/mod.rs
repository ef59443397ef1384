//! Live changes: each server reads every committed write transaction once from the history, when one is
//! announced (in process on SQLite, by PostgreSQL `NOTIFY` from any server), and fans it out to its subscribers;
//! a subscriber resumes from any data version by reading the history, so nothing it needs lives only in one
//! server's memory.

mod hub;
mod selector;

use std::collections::{BTreeSet, HashMap};

use entity::SubjectKind;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::history::{self, CommittedVersion};
use crate::write::references_in;

pub use hub::{ChangeHub, Selected, Subscription};
pub use selector::ChangeSelector;

/// The most write transactions one read of the history returns.
const VERSIONS_PER_READ: u64 = 100;

/// The most changes of one write transaction a subscriber receives (a bulk load lists its first ones; the
/// `changes` query lists all of them).
pub const CHANGES_PER_VERSION: u64 = 1_000;

/// One change, with every object it concerns.
#[derive(Debug)]
pub struct LiveChange {
    /// The change as the history records it.
    pub change: entity::history::Model,
    /// The changed object, the objects its row points at (before and after the change), and the partnerships of
    /// those that belong to one.
    pub concerns: BTreeSet<(SubjectKind, i32)>,
}

/// One committed write transaction as subscribers receive it.
#[derive(Debug)]
pub struct LiveVersion {
    /// The data version it committed.
    pub data_version: i64,
    /// The version the server had read before it: a subscriber that has not seen that one missed something.
    pub after: i64,
    /// How many rows it changed in all.
    pub change_count: u64,
    /// Its changes (at most [`CHANGES_PER_VERSION`]).
    pub changes: Vec<LiveChange>,
}

/// The write transactions committed after `after`, oldest first, each with what its changes concern.
pub async fn read_after(db: &impl ConnectionTrait, after: i64) -> Result<Vec<LiveVersion>, DbErr> {
    let versions = history::committed_after(db, after, VERSIONS_PER_READ, CHANGES_PER_VERSION).await?;
    let mut concerns: Vec<Vec<BTreeSet<(SubjectKind, i32)>>> = Vec::with_capacity(versions.len());
    let mut belonging: HashMap<SubjectKind, BTreeSet<i32>> = HashMap::new();
    for version in &versions {
        let of_version: Vec<BTreeSet<(SubjectKind, i32)>> = version.changes.iter().map(direct_concerns).collect();
        for &(kind, id) in of_version.iter().flatten() {
            belonging.entry(kind).or_default().insert(id);
        }
        concerns.push(of_version);
    }
    let mut partnerships: HashMap<(SubjectKind, i32), i32> = HashMap::new();
    for (kind, ids) in &belonging {
        for (id, partnership) in history::partnerships_of(db, *kind, ids).await? {
            partnerships.insert((*kind, id), partnership);
        }
    }
    let mut previous = after;
    Ok(versions
        .into_iter()
        .zip(concerns)
        .map(|(CommittedVersion { data_version, change_count, changes }, concerns)| {
            let changes = changes
                .into_iter()
                .zip(concerns)
                .map(|(change, mut concerns)| {
                    let owners: Vec<i32> =
                        concerns.iter().filter_map(|object| partnerships.get(object)).copied().collect();
                    concerns.extend(owners.into_iter().map(|id| (SubjectKind::Partnership, id)));
                    LiveChange { change, concerns }
                })
                .collect();
            let version = LiveVersion { data_version, after: previous, change_count, changes };
            previous = data_version;
            version
        })
        .collect())
}

/// The changed object and the objects its row points at, before and after the change.
fn direct_concerns(change: &entity::history::Model) -> BTreeSet<(SubjectKind, i32)> {
    let mut concerns = BTreeSet::from([(change.subject_kind, change.subject_id)]);
    for text in [&change.before, &change.after].into_iter().flatten() {
        if let Ok(row) = serde_json::from_str::<serde_json::Value>(text) {
            concerns.extend(references_in(change.subject_kind, &row));
        }
    }
    concerns
}
