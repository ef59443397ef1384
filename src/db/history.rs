//! Reading the change history by data version: the committed write transactions after a version, each with its
//! changes, for the live change stream and for subscribers catching up.

use std::collections::{BTreeSet, HashMap};

use entity::SubjectKind;
use entity::history::{Column, Entity, Model};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// One committed write transaction, as the history records it.
#[derive(Clone, Debug)]
pub struct CommittedVersion {
    /// The data version it committed.
    pub data_version: i64,
    /// How many rows it changed.
    pub change_count: u64,
    /// Its changes in the order they were made: all of them, or the first `changes_per_version` of a larger one.
    pub changes: Vec<Model>,
}

/// The write transactions committed after `after`, oldest first, at most `versions` of them, each with at most
/// `changes_per_version` of its changes: two statements, plus one per transaction larger than that.
pub async fn committed_after(
    db: &impl ConnectionTrait,
    after: i64,
    versions: u64,
    changes_per_version: u64,
) -> Result<Vec<CommittedVersion>, DbErr> {
    let counted: Vec<(i64, i64)> = Entity::find()
        .select_only()
        .column(Column::DataVersion)
        .column_as(Column::Id.count(), "changes")
        .filter(Column::DataVersion.gt(after))
        .group_by(Column::DataVersion)
        .order_by_asc(Column::DataVersion)
        .limit(versions)
        .into_tuple()
        .all(db)
        .await?;
    let count_of = |count: i64| u64::try_from(count).unwrap_or(0);
    let (small, large): (Vec<_>, Vec<_>) =
        counted.iter().partition(|(_, count)| count_of(*count) <= changes_per_version);
    let mut changes: HashMap<i64, Vec<Model>> = HashMap::new();
    if !small.is_empty() {
        let rows = Entity::find()
            .filter(Column::DataVersion.is_in(small.iter().map(|(version, _)| *version)))
            .order_by_asc(Column::Id)
            .all(db)
            .await?;
        for row in rows {
            changes.entry(row.data_version).or_default().push(row);
        }
    }
    for (version, _) in large {
        let rows = Entity::find()
            .filter(Column::DataVersion.eq(version))
            .order_by_asc(Column::Id)
            .limit(changes_per_version)
            .all(db)
            .await?;
        changes.insert(version, rows);
    }
    Ok(counted
        .into_iter()
        .map(|(data_version, count)| CommittedVersion {
            data_version,
            change_count: count_of(count),
            changes: changes.remove(&data_version).unwrap_or_default(),
        })
        .collect())
}

/// The partnership of each of the rows `ids` of `kind` (projects, delegations and events belong to one; other
/// kinds to none).
pub async fn partnerships_of(
    db: &impl ConnectionTrait,
    kind: SubjectKind,
    ids: &BTreeSet<i32>,
) -> Result<HashMap<i32, i32>, DbErr> {
    let table = match kind {
        SubjectKind::Project => "project",
        SubjectKind::Delegation => "delegation",
        SubjectKind::Event => "event",
        _ => return Ok(HashMap::new()),
    };
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let statement = Query::select()
        .columns([Alias::new("id"), Alias::new("partnership_id")])
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("id")).is_in(ids.iter().copied()))
        .and_where(Expr::col(Alias::new("partnership_id")).is_not_null())
        .to_owned();
    let mut found = HashMap::new();
    for row in db.query_all(&statement).await? {
        found.insert(row.try_get_by_index::<i32>(0)?, row.try_get_by_index::<i32>(1)?);
    }
    Ok(found)
}
