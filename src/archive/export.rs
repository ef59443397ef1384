//! Writes the knowledge base as the document of [`super`], one table at a time and one row per line.

use std::collections::HashMap;

use entity::SubjectKind;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, IdenStatic, Iterable, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Map, Value};

use super::{FORMAT, FORMAT_VERSION, Keying, field_of, keying, knowledge_of, table_name};
use crate::progress::Progress;
use crate::write::{ForeignKey, TABLES, Table, foreign_keys, with_table};

/// The key of every row written so far, by table and id.
#[derive(Default)]
struct Keys(HashMap<SubjectKind, HashMap<i32, String>>);

impl Keys {
    fn of(&self, kind: SubjectKind, id: i32) -> Result<&str, DbErr> {
        self.0
            .get(&kind)
            .and_then(|keys| keys.get(&id))
            .map(String::as_str)
            .ok_or_else(|| DbErr::Custom(format!("no {} has id {id}, yet a row points at it", table_name(kind))))
    }
}

fn io_error(error: std::io::Error) -> DbErr {
    DbErr::Custom(format!("writing the export: {error}"))
}

/// Writes every row of every table to `out`; returns how many rows it wrote. The same database gives the same
/// bytes.
pub async fn export_json(
    db: &impl ConnectionTrait,
    out: &mut impl std::io::Write,
    progress: &Progress,
) -> Result<u64, DbErr> {
    let mut keys = Keys::default();
    let mut written = 0;
    write!(out, "{{\"format\":\"{FORMAT}\",\"formatVersion\":{FORMAT_VERSION},\"tables\":{{").map_err(io_error)?;
    for (n, kind) in TABLES.into_iter().enumerate() {
        let rows = with_table!(kind, |E| rows_of::<E>(db, &mut keys, progress).await)?;
        let separator = if n == 0 { "" } else { "," };
        write!(out, "{separator}\n{}:{{", Value::from(table_name(kind))).map_err(io_error)?;
        // Nothing points at citations and mentions: their keys need not be kept.
        let referenced = !matches!(kind, SubjectKind::Citation | SubjectKind::Mention);
        let mut ids = HashMap::with_capacity(if referenced { rows.len() } else { 0 });
        for (n, (key, id, row)) in rows.into_iter().enumerate() {
            let separator = if n == 0 { "" } else { "," };
            write!(out, "{separator}\n{}:{row}", Value::from(key.as_str())).map_err(io_error)?;
            if referenced {
                ids.insert(id, key);
            }
            written += 1;
        }
        write!(out, "\n}}").map_err(io_error)?;
        keys.0.insert(kind, ids);
    }
    writeln!(out, "\n}}}}").map_err(io_error)?;
    out.flush().map_err(io_error)?;
    Ok(written)
}

/// Rows are read this many at a time.
const READ_PAGE: u64 = 5_000;

/// The rows of `E` as the document holds them (each written as its JSON text at once, which takes far less
/// memory than the models), in the document's order: each with its key and id.
async fn rows_of<E: Table>(
    db: &impl ConnectionTrait,
    keys: &mut Keys,
    progress: &Progress,
) -> Result<Vec<(String, i32, String)>, DbErr> {
    progress.stage(table_name(E::KIND), E::find().count(db).await?);
    let references = foreign_keys::<E>();
    let keying = keying(E::KIND);
    if keying == Keying::Slug {
        // Rows of one table may point at each other (an organization's parent): their keys are their slugs.
        let slug = E::Column::iter()
            .find(|column| column.as_str() == "slug")
            .ok_or_else(|| DbErr::Custom(format!("a {} has no slug", table_name(E::KIND))))?;
        let slugs = E::find().select_only().column(E::ID).column(slug).into_tuple::<(i32, String)>().all(db).await?;
        keys.0.insert(E::KIND, slugs.into_iter().collect());
    }
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let models = E::find().filter(E::ID.gt(after)).order_by_asc(E::ID).limit(READ_PAGE).all(db).await?;
        let Some(last) = models.last() else { break };
        after = E::id_of(last);
        for model in &models {
            rows.push(row_of::<E>(model, keying, &references, keys)?);
            progress.advance(1);
        }
    }
    // Rows with a slug in slug order; the others grouped by what they belong to, in id order within it.
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ranks: HashMap<String, usize> = HashMap::new();
    Ok(rows
        .into_iter()
        .map(|(owner, id, row)| {
            let key = match keying {
                Keying::Slug => owner,
                Keying::Rank => {
                    let rank = ranks.entry(String::new()).or_default();
                    *rank += 1;
                    rank.to_string()
                }
                Keying::Link(_) | Keying::Subject => {
                    let rank = ranks.entry(owner.clone()).or_default();
                    *rank += 1;
                    format!("{owner}#{rank}")
                }
            };
            (key, id, row)
        })
        .collect())
}

/// A row of `E` as the document holds it: what it belongs to (or its slug), its id, and its columns as JSON.
fn row_of<E: Table>(
    model: &E::Model,
    keying: Keying,
    references: &[ForeignKey],
    keys: &Keys,
) -> Result<(String, i32, String), DbErr> {
    let id = E::id_of(model);
    let columns = knowledge_of::<E>(model)?;
    let subject_kind = columns.get("subject_kind").and_then(Value::as_str).and_then(kind_of_subject);
    let mut row = Map::new();
    let mut slug = None;
    for (column, value) in columns {
        if column == "subject_kind" {
            continue;
        }
        if column == "slug" && keying == Keying::Slug {
            slug = value.as_str().map(str::to_owned);
            continue;
        }
        let target = if column == "subject_id" {
            subject_kind.map(|kind| (kind, "subject"))
        } else {
            references.iter().find(|key| key.column == column).map(|key| (key.target, field_of(&key.column)))
        };
        match target {
            None => {
                row.insert(column, value);
            }
            Some((target, field)) => {
                let reference = match value.as_i64().and_then(|id| i32::try_from(id).ok()) {
                    None => Value::Null,
                    Some(id) if field == "subject" => {
                        Value::from(format!("{}:{}", table_name(target), keys.of(target, id)?))
                    }
                    Some(id) => Value::from(keys.of(target, id)?),
                };
                row.insert(field.to_owned(), reference);
            }
        }
    }
    let owner = match keying {
        Keying::Slug => slug.ok_or_else(|| DbErr::Custom(format!("a {} has no slug", table_name(E::KIND))))?,
        Keying::Link(column) => row.get(field_of(column)).and_then(Value::as_str).unwrap_or_default().to_owned(),
        Keying::Subject => row.get("subject").and_then(Value::as_str).unwrap_or_default().to_owned(),
        Keying::Rank => String::new(),
    };
    Ok((owner, id, Value::Object(row).to_string()))
}

/// The kind a citation's or mention's `subject_kind` names (`PARTNERSHIP_MEMBER`).
fn kind_of_subject(name: &str) -> Option<SubjectKind> {
    serde_json::from_value(Value::from(name)).ok()
}
