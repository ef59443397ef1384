//! The full-text search index: built from the rows of every searchable table, queried with each backend's own
//! engine (SQLite FTS5 with BM25, PostgreSQL `tsvector` with `ts_rank`). Titles weigh more than other names,
//! which weigh more than bodies. A document is also indexed under every spelling of what it mentions, so
//! `Tulkarm` finds the press release that writes `Tulkarem`.

use std::collections::HashMap;

use entity::{SubjectKind, Translations};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbBackend, DbErr, QueryFilter, QueryOrder, QuerySelect, Statement, Value,
};

use super::{Keyed, children_of};
use crate::search_query::SearchQuery;
use crate::text::search_key;

/// The tables search covers, in the order results of equal rank come.
pub const SEARCHABLE: [SubjectKind; 7] = [
    SubjectKind::Organization,
    SubjectKind::Partnership,
    SubjectKind::Project,
    SubjectKind::Delegation,
    SubjectKind::Event,
    SubjectKind::Place,
    SubjectKind::Document,
];

/// The text a row is found by.
struct Entry {
    kind: SubjectKind,
    row_id: i32,
    title: String,
    aliases: String,
    body: String,
}

fn translations(values: &[&Translations]) -> String {
    values.iter().flat_map(|t| t.0.values()).cloned().collect::<Vec<_>>().join(" \n")
}

fn join(parts: &[Option<&str>]) -> String {
    parts.iter().flatten().copied().collect::<Vec<_>>().join(" \n")
}

const BATCH: u64 = 2_000;

/// Calls `index` on every row of `E`, `BATCH` rows at a time, in id order.
async fn batches<E, F>(db: &impl ConnectionTrait, mut index: F) -> Result<(), DbErr>
where
    E: Keyed,
    F: AsyncFnMut(Vec<E::Model>) -> Result<(), DbErr>,
{
    let mut after = 0;
    loop {
        let rows = E::find().filter(E::ID.gt(after)).order_by_asc(E::ID).limit(BATCH).all(db).await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after = E::id_of(last);
        index(rows).await?;
    }
}

async fn insert(db: &impl ConnectionTrait, entries: Vec<Entry>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut statement = Query::insert();
    statement.into_table(Alias::new("search_index")).columns(
        ["kind", "row_id", "title", "aliases", "body", "title_text", "aliases_text", "body_text"].map(Alias::new),
    );
    for entry in entries {
        statement
            .values([
                entry.kind.to_value().into(),
                entry.row_id.into(),
                search_key(&entry.title).into(),
                search_key(&entry.aliases).into(),
                search_key(&entry.body).into(),
                entry.title.into(),
                entry.aliases.into(),
                entry.body.into(),
            ])
            .map_err(|error| DbErr::Custom(format!("search index row: {error}")))?;
    }
    db.execute(&statement).await?;
    Ok(())
}

/// Indexes every row of `E` as `entry` describes it.
async fn index_rows<E: Keyed>(db: &impl ConnectionTrait, entry: impl Fn(E::Model) -> Entry) -> Result<(), DbErr> {
    batches::<E, _>(db, async |rows| insert(db, rows.into_iter().map(&entry).collect()).await).await
}

/// The names of organizations, by organization.
async fn names_of(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let names = children_of::<entity::organization_name::Entity>(
        db,
        entity::organization_name::Column::OrganizationId,
        |n| Some(n.organization_id),
        ids,
    )
    .await?;
    Ok(names.into_iter().map(|(id, names)| (id, names.into_iter().map(|n| n.value).collect())).collect())
}

/// Rebuilds the whole index from the tables; run inside the transaction that wrote them.
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM search_index").await?;
    batches::<entity::organization::Entity, _>(db, async |rows| {
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let names = names_of(db, &ids).await?;
        let entries = rows
            .into_iter()
            .map(|row| Entry {
                kind: SubjectKind::Organization,
                row_id: row.id,
                aliases: names.get(&row.id).map(|n| n.join(" \n")).unwrap_or_default()
                    + " \n"
                    + &join(&[row.official_code.as_deref(), row.seat.as_deref(), row.postal_code.as_deref()]),
                title: row.name,
                body: String::new(),
            })
            .collect();
        insert(db, entries).await
    })
    .await?;
    index_rows::<entity::partnership::Entity>(db, |row| Entry {
        kind: SubjectKind::Partnership,
        row_id: row.id,
        aliases: translations(&[&row.name_i18n]),
        body: join(&[row.description.as_deref(), Some(&translations(&[&row.description_i18n]))]),
        title: row.name,
    })
    .await?;
    index_rows::<entity::project::Entity>(db, |row| Entry {
        kind: SubjectKind::Project,
        row_id: row.id,
        aliases: translations(&[&row.title_i18n]),
        body: join(&[row.description.as_deref(), Some(&translations(&[&row.description_i18n]))]),
        title: row.title,
    })
    .await?;
    index_rows::<entity::delegation::Entity>(db, |row| Entry {
        kind: SubjectKind::Delegation,
        row_id: row.id,
        aliases: translations(&[&row.title_i18n]),
        body: join(&[
            row.purpose.as_deref(),
            row.occasion.as_deref(),
            Some(&translations(&[&row.purpose_i18n, &row.occasion_i18n])),
        ]),
        title: row.title,
    })
    .await?;
    index_rows::<entity::event::Entity>(db, |row| Entry {
        kind: SubjectKind::Event,
        row_id: row.id,
        aliases: translations(&[&row.title_i18n]),
        body: join(&[row.description.as_deref(), Some(&translations(&[&row.description_i18n]))]),
        title: row.title,
    })
    .await?;
    index_rows::<entity::place::Entity>(db, |row| Entry {
        kind: SubjectKind::Place,
        row_id: row.id,
        aliases: String::new(),
        body: row.address.unwrap_or_default(),
        title: row.name,
    })
    .await?;
    batches::<entity::document::Entity, _>(db, async |rows| {
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let mentions = children_of::<entity::mention::Entity>(
            db,
            entity::mention::Column::DocumentId,
            |m| Some(m.document_id),
            &ids,
        )
        .await?;
        let organizations: Vec<i32> = mentions
            .values()
            .flatten()
            .filter(|m| m.subject_kind == SubjectKind::Organization)
            .map(|m| m.subject_id)
            .collect();
        let names = names_of(db, &organizations).await?;
        let entries = rows
            .into_iter()
            .map(|row| {
                // Every spelling of what the document mentions, so any of them finds it.
                let spellings: Vec<String> = mentions
                    .get(&row.id)
                    .into_iter()
                    .flatten()
                    .flat_map(|m| {
                        let mut found = vec![m.surface_form.clone()];
                        if m.subject_kind == SubjectKind::Organization {
                            found.extend(names.get(&m.subject_id).cloned().unwrap_or_default());
                        }
                        found
                    })
                    .collect();
                Entry {
                    kind: SubjectKind::Document,
                    row_id: row.id,
                    aliases: translations(&[&row.title_i18n]) + " \n" + &spellings.join(" \n"),
                    body: row.body.unwrap_or_default(),
                    title: row.title,
                }
            })
            .collect();
        insert(db, entries).await
    })
    .await
}

/// One row that matches a search.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Its table.
    pub kind: SubjectKind,
    /// Its id.
    pub row_id: i32,
    /// Its relevance: higher is better (comparable within one backend only).
    pub score: f64,
    /// Its title, as written.
    pub title: String,
    /// Its other names (an organization's spellings, translated titles), as written.
    pub aliases: String,
    /// Its body, as written.
    pub body: String,
}

fn kinds_clause(kinds: &[SubjectKind], values: &mut Vec<Value>, placeholder: &dyn Fn(usize) -> String) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let list: Vec<String> = kinds
        .iter()
        .map(|kind| {
            values.push(kind.to_value().into());
            placeholder(values.len())
        })
        .collect();
    format!(" AND kind IN ({})", list.join(", "))
}

fn statement(
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    kinds: &[SubjectKind],
    page: Option<(u64, u64)>,
) -> Statement {
    let backend = db.get_database_backend();
    let mut values: Vec<Value> = Vec::new();
    let (sql, placeholder): (String, &dyn Fn(usize) -> String) = if backend == DbBackend::Postgres {
        values.push(query.to_tsquery().into());
        ("FROM search_index, to_tsquery('simple', $1) AS q WHERE document @@ q".to_owned(), &|n| format!("${n}"))
    } else {
        values.push(query.to_fts5().into());
        ("FROM search_index WHERE search_index MATCH ?".to_owned(), &|_| "?".to_owned())
    };
    let filter = kinds_clause(kinds, &mut values, placeholder);
    let sql = match page {
        None => format!("SELECT COUNT(*) {sql}{filter}"),
        Some((limit, offset)) => {
            values.push((limit as i64).into());
            let limit_at = placeholder(values.len());
            values.push((offset as i64).into());
            let offset_at = placeholder(values.len());
            let score = if backend == DbBackend::Postgres {
                "CAST(ts_rank(document, q) AS DOUBLE PRECISION)"
            } else {
                // bm25 is lower for better matches; its weights follow the columns (title, aliases, body).
                "-bm25(search_index, 0.0, 0.0, 10.0, 4.0, 1.0, 0.0, 0.0, 0.0)"
            };
            format!(
                "SELECT kind, row_id, {score} AS score, title_text, aliases_text, body_text {sql}{filter} \
                 ORDER BY score DESC, kind, row_id LIMIT {limit_at} OFFSET {offset_at}"
            )
        }
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The rows matching `query` (of the given tables, all when empty), best first, `limit` of them after `offset`.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    kinds: &[SubjectKind],
    limit: u64,
    offset: u64,
) -> Result<Vec<Hit>, DbErr> {
    let rows = db.query_all_raw(statement(db, query, kinds, Some((limit, offset)))).await?;
    rows.into_iter()
        .map(|row| {
            let kind: String = row.try_get_by_index(0)?;
            Ok(Hit {
                kind: SubjectKind::try_from_value(&kind)?,
                row_id: row.try_get_by_index(1)?,
                score: row.try_get_by_index(2)?,
                title: row.try_get_by_index(3)?,
                aliases: row.try_get_by_index(4)?,
                body: row.try_get_by_index(5)?,
            })
        })
        .collect()
}

/// How many rows match `query`.
pub async fn count(db: &impl ConnectionTrait, query: &SearchQuery, kinds: &[SubjectKind]) -> Result<u64, DbErr> {
    let row = db.query_one_raw(statement(db, query, kinds, None)).await?;
    let count: i64 = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(count).unwrap_or(0))
}
