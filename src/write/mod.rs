//! The one write path: every writer (the knowledge loader, the synthetic generator, mutations, imports) changes
//! the database through a [`Write`] transaction, which derives what is derived, validates, checks and increments
//! row versions, records the history, keeps the search index and the data version in step, and announces the
//! change on commit.

mod feed;
pub mod problems;
mod references;
pub mod rules;
mod table;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use entity::{ChangeOperation, SubjectKind};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, Iterable, QueryFilter, TransactionTrait, TryIntoModel,
};

pub use feed::{ChangeEvent, ChangeFeed, ChangedRow, ROWS_PER_EVENT};
pub use problems::{Problem, Problems};
pub use references::{
    ForeignKey, TABLES, describe, foreign_keys, kind_of_table, pointing_at, references_in, table_of_kind,
};
pub(crate) use table::with_table;
pub use table::{Row, Table};

use crate::db::{data_version, dialect, search};
use rules::Rules;

/// Why a write was refused; nothing of its transaction was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The input is invalid: every problem found, each at its input path.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// What is wrong, and where.
        problems: Vec<Problem>,
    },
    /// The row changed since the version the write was based on.
    #[error("{} {id} is at version {current}, not {expected}: read it again and reapply the change", describe(*kind))]
    Conflict {
        /// The row's table.
        kind: SubjectKind,
        /// The row's id.
        id: i32,
        /// The version the write was based on.
        expected: i32,
        /// The row's current version.
        current: i32,
    },
    /// Other rows point at the row to delete.
    #[error("{} {id} cannot be deleted: {}", describe(*kind), by.iter().map(|(kind, count)| format!("{count} {} refer to it", describe(*kind))).collect::<Vec<_>>().join(", "))]
    Referenced {
        /// The row's table.
        kind: SubjectKind,
        /// The row's id.
        id: i32,
        /// How many rows of each table point at it.
        by: Vec<(SubjectKind, u64)>,
    },
    /// There is no such row (or, for a restore, no deletion of it in the history).
    #[error("{message}")]
    NotFound {
        /// What was not found.
        message: String,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

impl WriteError {
    /// The error of a single problem at `field`.
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        let mut problems = Problems::default();
        problems.add(field, message);
        WriteError::Invalid { problems: problems.into_vec() }
    }

    /// The database's error, when the database failed.
    pub fn database_error(&self) -> Option<&DbErr> {
        match self {
            WriteError::Database(error) => Some(error),
            _ => None,
        }
    }
}

/// The result of a write step.
pub type WriteResult<T> = Result<T, WriteError>;

/// History rows are written in statements of this many.
const HISTORY_BATCH: usize = 500;

/// One write transaction: open it with [`Write::begin`], make changes, then [`Write::commit`]; dropped without a
/// commit, nothing of it is written.
pub struct Write {
    txn: DatabaseTransaction,
    actor: String,
    data_version: i64,
    at: DateTime<Utc>,
    history: Vec<entity::history::ActiveModel>,
    indexed: BTreeSet<(SubjectKind, i32)>,
    rows: Vec<ChangedRow>,
    changed: usize,
    feed: ChangeFeed,
}

impl Write {
    /// Opens a write transaction on behalf of `actor` (a token's name, or `knowledge`, `synthetic`): it takes the
    /// database's write lock and the next data version at once, so writers commit in data-version order.
    pub async fn begin(
        db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
        actor: &str,
        feed: &ChangeFeed,
    ) -> WriteResult<Self> {
        let txn = dialect::begin_write(db).await?;
        data_version::bump(&txn).await?;
        let data_version = data_version::current(&txn).await?;
        Ok(Self {
            txn,
            actor: actor.to_owned(),
            data_version,
            at: Utc::now(),
            history: Vec::new(),
            indexed: BTreeSet::new(),
            rows: Vec::new(),
            changed: 0,
            feed: feed.clone(),
        })
    }

    /// The transaction, for reads that must see what it wrote.
    pub fn connection(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// What is wrong with `row` by the rules of its table (references are checked when it is written), its
    /// problems under `path`.
    pub fn check<E: Table>(row: &E::ActiveModel, path: &str) -> Problems {
        let mut problems = Problems::at(path);
        row.check(&mut problems);
        problems
    }

    /// Inserts `row` (its problems reported under `path`) and returns it as stored.
    pub async fn insert<A: Row>(&mut self, row: A, path: &str) -> WriteResult<<A::Table as EntityTrait>::Model> {
        self.insert_row::<A::Table>(row, path).await
    }

    async fn insert_row<E: Table>(&mut self, row: E::ActiveModel, path: &str) -> WriteResult<E::Model> {
        let row = self.prepare::<E>(row, 1, path)?;
        self.check_rows::<E>(&[(&row, path)], &BTreeSet::new()).await?;
        let model = row.insert(&self.txn).await?;
        self.record::<E>(ChangeOperation::Create, None, Some(&model))?;
        Ok(model)
    }

    /// Inserts many rows at once, each with its id set (the synthetic generator's bulk load).
    pub async fn insert_many<A: Row>(&mut self, rows: Vec<A>) -> WriteResult<()> {
        self.insert_rows::<A::Table>(rows).await
    }

    /// Inserts many rows of `E` at once, each with its id set.
    pub(crate) async fn insert_rows<E: Table>(&mut self, rows: Vec<E::ActiveModel>) -> WriteResult<()> {
        const PARAMETERS: usize = 30_000;
        let chunk = (PARAMETERS / E::Column::iter().count()).clamp(1, 2_000);
        let rows: Vec<E::ActiveModel> =
            rows.into_iter().map(|row| self.prepare::<E>(row, 1, "")).collect::<WriteResult<_>>()?;
        let models: Vec<E::Model> =
            rows.iter().map(|row| row.clone().try_into_model()).collect::<Result<_, DbErr>>()?;
        let ids: BTreeSet<i32> = models.iter().map(E::id_of).collect();
        let paths: Vec<String> = (0..rows.len()).map(|n| format!("{}[{n}]", describe(E::KIND))).collect();
        let checked: Vec<(&E::ActiveModel, &str)> =
            rows.iter().zip(&paths).map(|(row, path)| (row, path.as_str())).collect();
        self.check_rows::<E>(&checked, &ids).await?;
        for batch in rows.chunks(chunk) {
            E::insert_many(batch.to_vec()).exec_without_returning(&self.txn).await?;
        }
        for model in &models {
            self.record::<E>(ChangeOperation::Create, None, Some(model))?;
        }
        self.flush_history(HISTORY_BATCH).await
    }

    /// Changes the row `id` of `E`, last read at `version`, by the columns `patch` sets (its problems reported
    /// under `path`), and returns it as stored.
    pub async fn update<A: Row>(
        &mut self,
        id: i32,
        version: i32,
        patch: A,
        path: &str,
    ) -> WriteResult<<A::Table as EntityTrait>::Model> {
        self.update_row::<A::Table>(id, version, patch, path).await
    }

    /// Changes the row `id` of `E` (see [`Write::update`]).
    pub(crate) async fn update_row<E: Table>(
        &mut self,
        id: i32,
        version: i32,
        patch: E::ActiveModel,
        path: &str,
    ) -> WriteResult<E::Model> {
        let before = self.current::<E>(id, version).await?;
        let mut row = before.clone().into_active_model();
        for column in E::Column::iter() {
            if let ActiveValue::Set(value) = patch.get(column) {
                row.try_set(column, value)?;
            }
        }
        let row = self.prepare::<E>(row, E::version_of(&before) + 1, path)?;
        self.check_rows::<E>(&[(&row, path)], &BTreeSet::new()).await?;
        let after = row.update(&self.txn).await?;
        self.record::<E>(ChangeOperation::Update, Some(&before), Some(&after))?;
        Ok(after)
    }

    /// Deletes the row `id` of `E`, last read at `version`, unless other rows point at it; returns it as it was.
    pub async fn delete<E: Table>(&mut self, id: i32, version: i32) -> WriteResult<E::Model> {
        let before = self.current::<E>(id, version).await?;
        let by = references::referenced_by::<E>(&self.txn, id).await?;
        if !by.is_empty() {
            return Err(WriteError::Referenced { kind: E::KIND, id, by });
        }
        E::delete_many().filter(E::ID.eq(id)).exec(&self.txn).await?;
        self.record::<E>(ChangeOperation::Delete, Some(&before), None)?;
        Ok(before)
    }

    /// Puts back the row `id` of the table of `kind` as it was when it was last deleted.
    pub async fn restore(&mut self, kind: SubjectKind, id: i32) -> WriteResult<()> {
        with_table!(kind, |E| self.restore_row::<E>(id).await)
    }

    async fn restore_row<E: Table>(&mut self, id: i32) -> WriteResult<()> {
        use sea_orm::QueryOrder;
        let what = || format!("{} {id}", describe(E::KIND));
        if E::find().filter(E::ID.eq(id)).one(&self.txn).await?.is_some() {
            return Err(WriteError::invalid("id", format!("{} exists: there is nothing to restore", what())));
        }
        let deletion = entity::history::Entity::find()
            .filter(entity::history::Column::SubjectKind.eq(E::KIND))
            .filter(entity::history::Column::SubjectId.eq(id))
            .filter(entity::history::Column::Operation.eq(ChangeOperation::Delete))
            .order_by_desc(entity::history::Column::Id)
            .one(&self.txn)
            .await?
            .and_then(|change| change.before)
            .ok_or_else(|| WriteError::NotFound { message: format!("the history holds no deletion of {}", what()) })?;
        let json: serde_json::Value = serde_json::from_str(&deletion)
            .map_err(|error| DbErr::Custom(format!("history of {}: {error}", what())))?;
        let version = json.get("version").and_then(serde_json::Value::as_i64).unwrap_or(0);
        let row = E::ActiveModel::from_json(json)?;
        let row = self.prepare::<E>(row, i32::try_from(version).unwrap_or(0) + 1, "")?;
        self.check_rows::<E>(&[(&row, "id")], &BTreeSet::new()).await?;
        let model = row.insert(&self.txn).await?;
        self.record::<E>(ChangeOperation::Restore, None, Some(&model))?;
        Ok(())
    }

    /// Commits: refreshes the search index entries of the rows written, writes the history, and announces the
    /// change.
    pub async fn commit(mut self) -> WriteResult<ChangeEvent> {
        search::reindex(&self.txn, &self.indexed).await?;
        self.flush_history(1).await?;
        dialect::announce_commit(&self.txn, self.data_version).await?;
        self.txn.commit().await?;
        let event = ChangeEvent {
            data_version: self.data_version,
            actor: self.actor,
            truncated: self.changed > self.rows.len(),
            rows: self.rows,
        };
        self.feed.announce(event.clone());
        Ok(event)
    }

    /// The row `id` of `E` if it is at `version`.
    async fn current<E: Table>(&self, id: i32, version: i32) -> WriteResult<E::Model> {
        let row = E::find()
            .filter(E::ID.eq(id))
            .one(&self.txn)
            .await?
            .ok_or_else(|| WriteError::NotFound { message: format!("no {} has id {id}", describe(E::KIND)) })?;
        let current = E::version_of(&row);
        if current != version {
            return Err(WriteError::Conflict { kind: E::KIND, id, expected: version, current });
        }
        Ok(row)
    }

    /// Stamps `row` with this transaction's time and `version`, derives its derived columns, and checks it
    /// (its problems under `path`).
    fn prepare<E: Table>(&self, mut row: E::ActiveModel, version: i32, path: &str) -> WriteResult<E::ActiveModel> {
        if row.is_not_set(E::CREATED_AT) {
            row.try_set(E::CREATED_AT, self.at.into())?;
        }
        row.try_set(E::UPDATED_AT, self.at.into())?;
        row.try_set(E::VERSION, version.into())?;
        row.derive();
        let mut problems = Problems::at(path);
        row.check(&mut problems);
        if problems.is_empty() { Ok(row) } else { Err(WriteError::Invalid { problems: problems.into_vec() }) }
    }

    async fn check_rows<E: Table>(
        &self,
        rows: &[(&E::ActiveModel, &str)],
        inserted: &BTreeSet<i32>,
    ) -> WriteResult<()> {
        let problems: Vec<Problem> = references::check_references::<E>(&self.txn, rows, inserted)
            .await?
            .into_iter()
            .flat_map(Problems::into_vec)
            .collect();
        if problems.is_empty() { Ok(()) } else { Err(WriteError::Invalid { problems }) }
    }

    /// Records a change of a row of `E` in the history, the search index entries to refresh, and the event.
    fn record<E: Table>(
        &mut self,
        operation: ChangeOperation,
        before: Option<&E::Model>,
        after: Option<&E::Model>,
    ) -> WriteResult<()> {
        let json = |model: Option<&E::Model>| {
            model
                .map(serde_json::to_string)
                .transpose()
                .map_err(|error| DbErr::Custom(format!("history of a {}: {error}", describe(E::KIND))))
        };
        let Some(id) = after.or(before).map(E::id_of) else { return Ok(()) };
        for model in [before, after].into_iter().flatten() {
            self.indexed.extend(E::indexed_as(model));
        }
        self.history.push(entity::history::ActiveModel {
            id: ActiveValue::NotSet,
            data_version: ActiveValue::Set(self.data_version),
            at: ActiveValue::Set(self.at),
            actor: ActiveValue::Set(self.actor.clone()),
            operation: ActiveValue::Set(operation),
            subject_kind: ActiveValue::Set(E::KIND),
            subject_id: ActiveValue::Set(id),
            before: ActiveValue::Set(json(before)?),
            after: ActiveValue::Set(json(after)?),
        });
        self.changed += 1;
        if self.rows.len() < ROWS_PER_EVENT {
            self.rows.push(ChangedRow { kind: E::KIND, id, operation });
        }
        Ok(())
    }

    /// Writes the recorded history rows once at least `at_least` are waiting.
    async fn flush_history(&mut self, at_least: usize) -> WriteResult<()> {
        if self.history.len() < at_least.max(1) {
            return Ok(());
        }
        for batch in std::mem::take(&mut self.history).chunks(HISTORY_BATCH) {
            entity::history::Entity::insert_many(batch.to_vec()).exec_without_returning(&self.txn).await?;
        }
        Ok(())
    }
}
