//! Applies a document of [`super`] through the write path, in one transaction: every row is checked first and
//! every problem reported with its place in the document; then rows are matched by slug (links by what they
//! hold, within the row they belong to), created or updated, and the links of a listed row that the document no
//! longer lists are deleted. Importing the same document twice changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use entity::SubjectKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, IdenStatic, IntoActiveModel, Iterable, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::ordered::Ordered;
use super::{FORMAT, FORMAT_VERSION, Keying, NOT_EXPORTED, field_of, fields_of, keying, knowledge_of, table_name};
use crate::progress::Progress;
use crate::write::{
    ChangeFeed, ForeignKey, Problem, Problems, TABLES, Table, Write, WriteError, WriteResult, foreign_keys,
    kind_of_table, with_table,
};

/// Stored rows are read this many at a time.
const READ_PAGE: u64 = 5_000;

/// New rows are written this many at a time.
const INSERT_BATCH: usize = 5_000;

/// At most this many problems are reported; the last one says how many more there were.
const REPORTED_PROBLEMS: usize = 500;

/// What an import did (or, in a dry run, would do) to one table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableCounts {
    /// The table.
    pub table: &'static str,
    /// Rows created.
    pub created: u64,
    /// Rows changed.
    pub updated: u64,
    /// Links deleted because the document no longer lists them.
    pub deleted: u64,
    /// Rows the document lists as they already were.
    pub unchanged: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Per table, in the order they were imported.
    pub tables: Vec<TableCounts>,
    /// Whether nothing was written (a dry run).
    pub dry_run: bool,
    /// The data version of the change, if anything was written.
    pub data_version: Option<i64>,
    /// How long it took.
    pub elapsed: Duration,
}

impl ImportReport {
    /// Rows the document lists.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.created + t.updated + t.unchanged).sum()
    }

    /// Rows created, changed or deleted.
    pub fn changed(&self) -> u64 {
        self.tables.iter().map(|t| t.created + t.updated + t.deleted).sum()
    }
}

/// The members read before anything else, to refuse a document of another format or version by name.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    #[serde(rename = "formatVersion")]
    format_version: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document<'a> {
    #[allow(dead_code)]
    format: String,
    #[serde(rename = "formatVersion")]
    #[allow(dead_code)]
    format_version: u64,
    #[serde(borrow)]
    tables: Ordered<Ordered<&'a RawValue>>,
}

/// Checks the document's format and version.
fn check_header(text: &str) -> WriteResult<()> {
    let header: Header = serde_json::from_str(text)
        .map_err(|error| WriteError::invalid("", format!("is not a JSON document: {error}")))?;
    if header.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
        return Err(WriteError::invalid("format", format!("must be \"{FORMAT}\" (a document of `coopkb export`)")));
    }
    match header.format_version.as_ref().and_then(Value::as_u64) {
        Some(FORMAT_VERSION) => Ok(()),
        Some(version) => Err(WriteError::invalid(
            "formatVersion",
            format!("{version} is not a version this coopkb reads: it reads version {FORMAT_VERSION}"),
        )),
        None => Err(WriteError::invalid("formatVersion", "is required: a whole number")),
    }
}

/// Imports the document `text` on behalf of `actor`, in one transaction; a dry run checks and counts everything
/// and writes nothing. On any problem nothing is written and every problem is reported.
pub async fn import_json(
    db: &(impl sea_orm::ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>),
    text: &str,
    actor: &str,
    feed: &ChangeFeed,
    dry_run: bool,
    progress: &Progress,
) -> WriteResult<ImportReport> {
    check_header(text)?;
    let document: Document = serde_json::from_str(text).map_err(|error| WriteError::invalid("", error))?;
    let mut state = State::default();
    let mut tables: HashMap<SubjectKind, &[(String, &RawValue)]> = HashMap::new();
    for (name, rows) in &document.tables.0 {
        match kind_of_table(name) {
            Some(kind) if tables.insert(kind, &rows.0).is_none() => {}
            Some(_) => state.problem(&format!("tables.{name}"), "is given twice"),
            None => state.problem(&format!("tables.{name}"), "is not a table of coopkb"),
        }
    }
    let mut write = Write::begin(db, actor, feed).await?;
    for kind in TABLES {
        let rows = tables.get(&kind).copied().unwrap_or_default();
        with_table!(kind, |E| state.import_table::<E>(&mut write, rows, progress).await)?;
    }
    if !state.problems.is_empty() {
        return Err(WriteError::Invalid { problems: state.reported_problems() });
    }
    state.delete_unlisted(&mut write).await?;
    let mut report = ImportReport { tables: state.counts, dry_run, ..Default::default() };
    // A dry run ends here, its transaction rolled back; PostgreSQL's sequences are not transactional, so they are
    // moved past the ids chosen only when the rows are kept.
    if !dry_run && report.changed() > 0 {
        crate::db::dialect::after_explicit_ids(write.connection(), &state.inserted).await?;
        report.data_version = Some(write.commit().await?.data_version);
    }
    report.elapsed = progress.finish();
    Ok(report)
}

/// A stored row, as an import compares it: by the digest of its knowledge, so that a large table's stored rows
/// take little memory.
struct Stored {
    id: i32,
    version: i32,
    digest: Digest,
    matched: bool,
}

/// The SHA-256 of a row's knowledge as JSON: its columns come in the same order from every model of a table, so
/// equal knowledge has equal digests.
type Digest = [u8; 32];

fn digest_of(knowledge: &Map<String, Value>) -> Result<Digest, serde_json::Error> {
    use sha2::Digest as _;
    Ok(sha2::Sha256::digest(serde_json::to_vec(knowledge)?).into())
}

/// A row of the document, read and resolved.
struct Resolved {
    /// Its columns as stored (references as ids), without what is not exported.
    columns: Map<String, Value>,
    /// The row it belongs to (for links and citations).
    owner: Option<(SubjectKind, i32)>,
    /// The row of its own table it points at (an organization's parent).
    parent_in_table: Option<i32>,
}

#[derive(Default)]
struct State {
    /// The id each key of the document stands for, by table.
    ids: HashMap<SubjectKind, HashMap<String, i32>>,
    /// The id of each slug the database holds, by table, for references to rows the document does not list.
    stored_slugs: HashMap<SubjectKind, HashMap<String, i32>>,
    /// Keys of rows with problems: rows that point at them are not reported again.
    failed: HashSet<(SubjectKind, String)>,
    /// Rows the document lists: their links and citations are the document's.
    listed: HashSet<(SubjectKind, i32)>,
    /// Links of listed rows the document no longer lists, with their versions: deleted at the end.
    unlisted: BTreeMap<(SubjectKind, i32), i32>,
    problems: Vec<Problem>,
    counts: Vec<TableCounts>,
    /// Tables rows were inserted into with ids chosen here.
    inserted: Vec<&'static str>,
}

impl State {
    fn problem(&mut self, field: &str, message: impl std::fmt::Display) {
        self.problems.push(Problem { field: field.to_owned(), message: message.to_string() });
    }

    fn reported_problems(&mut self) -> Vec<Problem> {
        let mut problems = std::mem::take(&mut self.problems);
        if problems.len() > REPORTED_PROBLEMS {
            let more = problems.len() - REPORTED_PROBLEMS;
            problems.truncate(REPORTED_PROBLEMS);
            problems.push(Problem { field: String::new(), message: format!("and {more} more problems") });
        }
        problems
    }

    /// The id a key stands for: a row of the document, or a stored row with that slug.
    fn id_of(&self, kind: SubjectKind, key: &str) -> Option<i32> {
        self.ids
            .get(&kind)
            .and_then(|ids| ids.get(key))
            .or_else(|| self.stored_slugs.get(&kind).and_then(|slugs| slugs.get(key)))
            .copied()
    }

    async fn import_table<E: Table>(
        &mut self,
        write: &mut Write,
        rows: &[(String, &RawValue)],
        progress: &Progress,
    ) -> WriteResult<()> {
        let (kind, name, keying) = (E::KIND, table_name(E::KIND), keying(E::KIND));
        progress.stage(name, rows.len() as u64);
        let references = foreign_keys::<E>();
        let fields = fields_of::<E>();
        let mut counts = TableCounts { table: name, ..Default::default() };

        let mut by_slug: HashMap<String, Stored> = HashMap::new();
        let mut pools: HashMap<Option<(SubjectKind, i32)>, Vec<Stored>> = HashMap::new();
        let mut after = 0;
        loop {
            let page =
                E::find().filter(E::ID.gt(after)).order_by_asc(E::ID).limit(READ_PAGE).all(write.connection()).await?;
            let Some(last) = page.last() else { break };
            after = E::id_of(last);
            for model in &page {
                let knowledge = knowledge_of::<E>(model)?;
                let owner = owner_of(keying, &references, &knowledge);
                let digest = digest_of(&knowledge).map_err(|error| DbErr::Json(error.to_string()))?;
                let stored = Stored { id: E::id_of(model), version: E::version_of(model), digest, matched: false };
                match keying {
                    Keying::Slug => {
                        let slug = knowledge.get("slug").and_then(Value::as_str).unwrap_or_default().to_owned();
                        by_slug.insert(slug, stored);
                    }
                    _ => pools.entry(owner).or_default().push(stored),
                }
            }
        }
        if keying == Keying::Slug {
            self.stored_slugs.insert(kind, by_slug.iter().map(|(slug, stored)| (slug.clone(), stored.id)).collect());
        }

        // Keys first, so rows of one table can point at each other (an organization's parent).
        let mut next_id = crate::db::next_id(write.connection(), name).await?;
        let mut seen = HashSet::new();
        for (key, _) in rows {
            if !seen.insert(key.as_str()) {
                self.problem(&format!("tables.{name}[{key:?}]"), "is listed twice");
            } else if keying == Keying::Slug {
                let id = by_slug.get(key).map_or_else(
                    || {
                        next_id += 1;
                        next_id - 1
                    },
                    |stored| stored.id,
                );
                self.ids.entry(kind).or_default().insert(key.clone(), id);
            }
        }

        let mut inserts: Vec<(E::ActiveModel, i32, Option<i32>)> = Vec::new();
        let self_referencing = references.iter().any(|reference| reference.target == kind);
        let mut updates: Vec<(i32, i32, E::ActiveModel, String)> = Vec::new();
        for (key, raw) in rows {
            progress.advance(1);
            let path = format!("tables.{name}[{key:?}]");
            let Some(resolved) = self.resolve::<E>(key, raw, &fields, &references, &path) else {
                self.failed.insert((kind, key.clone()));
                continue;
            };
            let model: E::Model = match serde_path_to_error::deserialize(with_defaults::<E>(resolved.columns)) {
                Ok(model) => model,
                Err(error) => {
                    let field = field_of(&error.path().to_string()).to_owned();
                    self.problem(&format!("{path}.{field}"), error.into_inner());
                    self.failed.insert((kind, key.clone()));
                    continue;
                }
            };
            let digest = digest_of(&knowledge_of::<E>(&model)?).map_err(|error| DbErr::Json(error.to_string()))?;
            let mut row = model.into_active_model().reset_all();
            for column in E::Column::iter().filter(|column| NOT_EXPORTED.contains(&column.as_str())) {
                row.not_set(column);
            }
            let found = Write::check::<E>(&row, &path);
            if !found.is_empty() {
                self.problems.extend(found.into_vec());
                self.failed.insert((kind, key.clone()));
                continue;
            }
            let stored = match keying {
                Keying::Slug => by_slug.get_mut(key),
                _ => pools
                    .get_mut(&resolved.owner)
                    .and_then(|pool| pool.iter_mut().find(|stored| !stored.matched && stored.digest == digest)),
            };
            let id = match stored {
                Some(stored) => {
                    stored.matched = true;
                    if stored.digest == digest {
                        counts.unchanged += 1;
                    } else {
                        updates.push((stored.id, stored.version, row, path));
                        counts.updated += 1;
                    }
                    stored.id
                }
                None => {
                    let id = match keying {
                        Keying::Slug => self.id_of(kind, key).unwrap_or_default(),
                        _ => {
                            next_id += 1;
                            next_id - 1
                        }
                    };
                    row.set(E::ID, id.into());
                    inserts.push((row, id, resolved.parent_in_table));
                    counts.created += 1;
                    id
                }
            };
            // Rows are written as they are read, a batch at a time, so a large table is never all in memory (the
            // transaction still commits only once everything is checked); rows that point at rows of their own
            // table wait for the end, to go in parents first.
            if inserts.len() >= INSERT_BATCH && !self_referencing && self.problems.is_empty() {
                write.insert_rows::<E>(inserts.drain(..).map(|(row, _, _)| row).collect()).await?;
            }
            self.ids.entry(kind).or_default().insert(key.clone(), id);
            self.listed.insert((kind, id));
        }

        for (owner, pool) in pools {
            let Some(owner) = owner else { continue };
            if self.listed.contains(&owner) || self.unlisted.contains_key(&owner) {
                for stored in pool.into_iter().filter(|stored| !stored.matched) {
                    self.unlisted.insert((kind, stored.id), stored.version);
                    counts.deleted += 1;
                }
            }
        }
        if self.problems.is_empty() {
            for (id, version, row, path) in updates {
                write.update_row::<E>(id, version, row, &path).await?;
            }
            if !inserts.is_empty() {
                write.insert_rows::<E>(parents_first(inserts)).await?;
            }
            if counts.created > 0 {
                self.inserted.push(name);
            }
        }
        self.counts.push(counts);
        Ok(())
    }

    /// Reads the row `key` of `E` and turns its references into ids; `None` when it has problems (recorded).
    fn resolve<E: Table>(
        &mut self,
        key: &str,
        raw: &RawValue,
        fields: &[String],
        references: &[ForeignKey],
        path: &str,
    ) -> Option<Resolved> {
        let kind = E::KIND;
        let row: Map<String, Value> = match serde_json::from_str(raw.get()) {
            Ok(row) => row,
            Err(error) => {
                self.problem(path, format!("is not an object of columns: {error}"));
                return None;
            }
        };
        let mut unknown = Problems::at(path);
        for field in row.keys().filter(|field| !fields.contains(field)) {
            unknown
                .add(field, format!("is not a column of the {} table: it has {}", table_name(kind), fields.join(", ")));
        }
        self.problems.extend(unknown.into_vec());
        let mut problems = Problems::at(path);
        let mut resolved = Resolved { columns: Map::new(), owner: None, parent_in_table: None };
        let mut depends_on_failed = false;
        if keying(kind) == Keying::Slug {
            resolved.columns.insert("slug".to_owned(), Value::from(key));
        }
        for (field, value) in row.into_iter().filter(|(field, _)| fields.contains(field)) {
            let reference = references.iter().find(|reference| field_of(&reference.column) == field);
            if field == "subject" {
                let target = value.as_str().and_then(|subject| subject.split_once(':'));
                let Some((table, target_key)) = target else {
                    problems.add(&field, "must be `table:key`, the key of a row of the document");
                    continue;
                };
                let Some(target_kind) = kind_of_table(table) else {
                    problems.add(&field, format!("`{table}` is not a table of coopkb"));
                    continue;
                };
                match self.id_of(target_kind, target_key) {
                    Some(id) => {
                        resolved.columns.insert("subject_kind".to_owned(), serde_json::json!(target_kind));
                        resolved.columns.insert("subject_id".to_owned(), Value::from(id));
                        if keying(kind) == Keying::Subject {
                            resolved.owner = Some((target_kind, id));
                        }
                    }
                    None if self.failed.contains(&(target_kind, target_key.to_owned())) => depends_on_failed = true,
                    None => problems.add(&field, format!("no {table} has the key `{target_key}`")),
                }
            } else if let Some(reference) = reference {
                let id = match &value {
                    Value::Null => None,
                    Value::String(target_key) => match self.id_of(reference.target, target_key) {
                        Some(id) => Some(id),
                        None => {
                            if self.failed.contains(&(reference.target, target_key.clone())) {
                                depends_on_failed = true;
                            } else {
                                let target = table_name(reference.target);
                                problems.add(&field, format!("no {target} has the key `{target_key}`"));
                            }
                            continue;
                        }
                    },
                    _ => {
                        problems.add(&field, format!("must be the key of a {} or null", table_name(reference.target)));
                        continue;
                    }
                };
                if matches!(keying(kind), Keying::Link(column) if column == reference.column) {
                    resolved.owner = id.map(|id| (reference.target, id));
                }
                if reference.target == kind {
                    resolved.parent_in_table = id;
                }
                resolved.columns.insert(reference.column.clone(), id.map_or(Value::Null, Value::from));
            } else {
                resolved.columns.insert(field, value);
            }
        }
        if !problems.is_empty() {
            self.problems.extend(problems.into_vec());
            return None;
        }
        if depends_on_failed { None } else { Some(resolved) }
    }

    /// Deletes the links the document no longer lists, dependents first.
    async fn delete_unlisted(&mut self, write: &mut Write) -> WriteResult<()> {
        let position = |kind: SubjectKind| TABLES.iter().position(|table| *table == kind).unwrap_or_default();
        let mut unlisted: Vec<((SubjectKind, i32), i32)> = std::mem::take(&mut self.unlisted).into_iter().collect();
        unlisted.sort_by_key(|((kind, id), _)| (std::cmp::Reverse(position(*kind)), *id));
        for ((kind, id), version) in unlisted {
            with_table!(kind, |E| write.delete::<E>(id, version).await.map(|_| ()))?;
        }
        Ok(())
    }
}

/// The row a stored link or citation belongs to.
fn owner_of(keying: Keying, references: &[ForeignKey], knowledge: &Map<String, Value>) -> Option<(SubjectKind, i32)> {
    let id_at = |column: &str| knowledge.get(column).and_then(Value::as_i64).and_then(|id| i32::try_from(id).ok());
    match keying {
        Keying::Link(column) => {
            let target = references.iter().find(|reference| reference.column == column)?.target;
            Some((target, id_at(column)?))
        }
        Keying::Subject => {
            let kind = serde_json::from_value(knowledge.get("subject_kind")?.clone()).ok()?;
            Some((kind, id_at("subject_id")?))
        }
        Keying::Slug | Keying::Rank => None,
    }
}

/// `columns` with placeholders for the columns a document leaves out (the write path sets them), so that they
/// read as a model.
fn with_defaults<E: Table>(mut columns: Map<String, Value>) -> Value {
    for column in E::Column::iter().map(|column| column.as_str()) {
        let placeholder = match column {
            "id" | "version" => Value::from(0),
            "created_at" | "updated_at" => Value::from("1970-01-01T00:00:00Z"),
            "search_key" | "sort_key" => Value::from(""),
            "synthetic" if !columns.contains_key(column) => Value::from(false),
            "period_start" | "period_end" | "sha256" => Value::Null,
            _ => continue,
        };
        columns.insert(column.to_owned(), placeholder);
    }
    Value::Object(columns)
}

/// Rows to insert, each after the row of the same table it points at.
fn parents_first<A>(rows: Vec<(A, i32, Option<i32>)>) -> Vec<A> {
    let parents: HashMap<i32, Option<i32>> = rows.iter().map(|(_, id, parent)| (*id, *parent)).collect();
    let depth = |mut id: i32| {
        let mut depth = 0;
        while let Some(Some(parent)) = parents.get(&id) {
            depth += 1;
            id = *parent;
            if depth > parents.len() {
                break;
            }
        }
        depth
    };
    let mut rows: Vec<(usize, A)> = rows.into_iter().map(|(row, id, _)| (depth(id), row)).collect();
    rows.sort_by_key(|(depth, _)| *depth);
    rows.into_iter().map(|(_, row)| row).collect()
}
