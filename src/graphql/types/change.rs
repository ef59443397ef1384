//! A change in the history: who changed which object, when, and its values before and after.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use entity::SubjectKind;

use super::enums::ChangeOperation;
use crate::error::AppResult;
use crate::graphql::ids::{global_id, type_name};
use crate::graphql::loaders::about_connection;
use crate::graphql::pagination::{Conn, PageArgs};

/// One change in the history: who changed which object, when, in which data version, and its values before
/// and after.
#[derive(Clone, Debug)]
pub struct Change(pub entity::history::Model);

fn json(text: &Option<String>) -> Option<Json<serde_json::Value>> {
    text.as_deref().and_then(|text| serde_json::from_str(text).ok()).map(Json)
}

/// One change in the history: who changed which object, when, in which data version, and its values before
/// and after.
#[Object]
impl Change {
    /// The change's opaque id.
    async fn id(&self) -> ID {
        global_id("Change", self.0.id)
    }

    /// The data version the change was committed with (a subscriber resumes from it).
    async fn data_version(&self) -> i64 {
        self.0.data_version
    }

    /// When it was committed.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// Who made it: a token's name, or `knowledge` and `synthetic` for the built-in loaders.
    async fn by(&self) -> &str {
        &self.0.actor
    }

    /// What it did.
    async fn operation(&self) -> ChangeOperation {
        self.0.operation.into()
    }

    /// The id of the changed object (`node(id:)` finds it unless it was deleted).
    async fn subject(&self) -> ID {
        global_id(&type_name(self.0.subject_kind), self.0.subject_id)
    }

    /// The GraphQL type of the changed object.
    async fn subject_type(&self) -> String {
        type_name(self.0.subject_kind)
    }

    /// The object's stored fields before the change (none for a creation).
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        json(&self.0.before)
    }

    /// The object's stored fields after the change (none for a deletion).
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        json(&self.0.after)
    }
}

/// A page of the changes of the row `id` of the table `kind`, oldest first: one statement for all the objects of
/// a level.
pub async fn history_connection(
    ctx: &Context<'_>,
    kind: SubjectKind,
    id: i32,
    args: PageArgs,
) -> AppResult<Conn<Change>> {
    about_connection::<entity::history::Entity, _>(ctx, kind, id, &args, Change).await
}

/// One committed write transaction a subscriber asked for: its data version, who made it, when, and its changes
/// that the subscription's filter selects.
pub struct CommittedChanges {
    version: std::sync::Arc<crate::live::LiveVersion>,
    selected: Vec<usize>,
}

impl From<crate::live::Selected> for CommittedChanges {
    fn from((version, selected): crate::live::Selected) -> Self {
        Self { version, selected }
    }
}

impl CommittedChanges {
    fn first(&self) -> Option<&entity::history::Model> {
        self.version.changes.first().map(|change| &change.change)
    }
}

/// One committed write transaction a subscriber asked for: its data version, who made it, when, and its changes
/// that the subscription's filter selects.
#[Object]
impl CommittedChanges {
    /// The data version the transaction committed: resume a subscription after it with `since`.
    async fn data_version(&self) -> i64 {
        self.version.data_version
    }

    /// When it was committed.
    async fn at(&self) -> Option<DateTime<Utc>> {
        self.first().map(|change| change.at)
    }

    /// Who made it: a token's name, or `knowledge` and `synthetic` for the built-in loaders.
    async fn by(&self) -> Option<&str> {
        self.first().map(|change| change.actor.as_str())
    }

    /// How many objects the transaction changed in all, selected or not.
    async fn change_count(&self) -> u64 {
        self.version.change_count
    }

    /// Whether the transaction changed more objects than it lists (a bulk load lists its first 1,000): the
    /// `changes` query lists all of them.
    async fn truncated(&self) -> bool {
        u64::try_from(self.version.changes.len()).unwrap_or(u64::MAX) < self.version.change_count
    }

    /// The changes the subscription's filter selects, in the order they were made.
    async fn changes(&self) -> Vec<Change> {
        self.selected
            .iter()
            .filter_map(|&index| self.version.changes.get(index))
            .map(|c| Change(c.change.clone()))
            .collect()
    }
}
