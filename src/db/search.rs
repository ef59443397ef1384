//! The full-text search index: built from the rows of every searchable table, queried with each backend's own
//! engine (SQLite FTS5 with BM25, PostgreSQL `tsvector` with `ts_rank`). Titles weigh more than other names,
//! which weigh more than bodies. A document is also indexed under every spelling of what it mentions, so
//! `Tulkarm` finds the press release that writes `Tulkarem`.

use std::collections::{BTreeSet, HashMap};

use entity::{SubjectKind, Translations};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Statement, Value,
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

/// How many rows are read, and their entries written, at a time.
const BATCH: usize = 2_000;

/// The key of a row's entry: on SQLite the FTS5 rowid, so an entry is replaced without scanning the index.
fn entry_key(kind: SubjectKind, row_id: i32) -> i64 {
    let table = SEARCHABLE.iter().position(|searchable| *searchable == kind).unwrap_or(SEARCHABLE.len()) as i64;
    ((table + 1) << 32) | i64::from(row_id)
}

async fn insert(db: &impl ConnectionTrait, entries: Vec<Entry>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let keyed = super::dialect::search_entries_keyed_by_rowid(db);
    let mut statement = Query::insert();
    let mut columns = vec!["kind", "row_id", "title", "aliases", "body", "title_text", "aliases_text", "body_text"];
    if keyed {
        columns.push("rowid");
    }
    statement.into_table(Alias::new("search_index")).columns(columns.into_iter().map(Alias::new));
    for entry in entries {
        let mut values: Vec<sea_orm::sea_query::SimpleExpr> = vec![
            entry.kind.to_value().into(),
            entry.row_id.into(),
            search_key(&entry.title).into(),
            search_key(&entry.aliases).into(),
            search_key(&entry.body).into(),
            entry.title.into(),
            entry.aliases.into(),
            entry.body.into(),
        ];
        if keyed {
            values.push(entry_key(entry.kind, entry.row_id).into());
        }
        statement.values(values).map_err(|error| DbErr::Custom(format!("search index row: {error}")))?;
    }
    db.execute(&statement).await?;
    Ok(())
}

/// Removes the entries of the rows `ids` of `kind`.
async fn remove(db: &impl ConnectionTrait, kind: SubjectKind, ids: &[i32]) -> Result<(), DbErr> {
    let condition = if super::dialect::search_entries_keyed_by_rowid(db) {
        Expr::col(Alias::new("rowid")).is_in(ids.iter().map(|id| entry_key(kind, *id)))
    } else {
        Expr::col(Alias::new("kind"))
            .eq(kind.to_value())
            .and(Expr::col(Alias::new("row_id")).is_in(ids.iter().copied()))
    };
    db.execute(&Query::delete().from_table(Alias::new("search_index")).cond_where(condition).to_owned()).await?;
    Ok(())
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

/// The rows `ids` of `E`, in id order.
async fn rows<E: Keyed>(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<E::Model>, DbErr> {
    E::find().filter(E::ID.is_in(ids.iter().copied())).order_by_asc(E::ID).all(db).await
}

/// The entries of the rows `ids` of `kind` that exist.
async fn entries(db: &impl ConnectionTrait, kind: SubjectKind, ids: &[i32]) -> Result<Vec<Entry>, DbErr> {
    let entry =
        |row_id: i32, title: String, aliases: String, body: String| Entry { kind, row_id, title, aliases, body };
    // A title found by its translations too, and a description with its translations as the body.
    let described = |row_id: i32, title: String, titles: &Translations, text: Option<String>, texts: &Translations| {
        let body = join(&[text.as_deref(), Some(&translations(&[texts]))]);
        entry(row_id, title, translations(&[titles]), body)
    };
    Ok(match kind {
        SubjectKind::Organization => {
            let names = names_of(db, ids).await?;
            rows::<entity::organization::Entity>(db, ids)
                .await?
                .into_iter()
                .map(|row| {
                    let aliases = names.get(&row.id).map(|n| n.join(" \n")).unwrap_or_default()
                        + " \n"
                        + &join(&[row.official_code.as_deref(), row.seat.as_deref(), row.postal_code.as_deref()]);
                    entry(row.id, row.name, aliases, String::new())
                })
                .collect()
        }
        SubjectKind::Partnership => rows::<entity::partnership::Entity>(db, ids)
            .await?
            .into_iter()
            .map(|row| described(row.id, row.name, &row.name_i18n, row.description, &row.description_i18n))
            .collect(),
        SubjectKind::Project => rows::<entity::project::Entity>(db, ids)
            .await?
            .into_iter()
            .map(|row| described(row.id, row.title, &row.title_i18n, row.description, &row.description_i18n))
            .collect(),
        SubjectKind::Delegation => rows::<entity::delegation::Entity>(db, ids)
            .await?
            .into_iter()
            .map(|row| {
                let body = join(&[
                    row.purpose.as_deref(),
                    row.occasion.as_deref(),
                    Some(&translations(&[&row.purpose_i18n, &row.occasion_i18n])),
                ]);
                entry(row.id, row.title, translations(&[&row.title_i18n]), body)
            })
            .collect(),
        SubjectKind::Event => rows::<entity::event::Entity>(db, ids)
            .await?
            .into_iter()
            .map(|row| described(row.id, row.title, &row.title_i18n, row.description, &row.description_i18n))
            .collect(),
        SubjectKind::Place => rows::<entity::place::Entity>(db, ids)
            .await?
            .into_iter()
            .map(|row| entry(row.id, row.name, String::new(), row.address.unwrap_or_default()))
            .collect(),
        SubjectKind::Document => {
            let mentions = children_of::<entity::mention::Entity>(
                db,
                entity::mention::Column::DocumentId,
                |m| Some(m.document_id),
                ids,
            )
            .await?;
            let organizations: Vec<i32> = mentions
                .values()
                .flatten()
                .filter(|m| m.subject_kind == SubjectKind::Organization)
                .map(|m| m.subject_id)
                .collect();
            let names = names_of(db, &organizations).await?;
            rows::<entity::document::Entity>(db, ids)
                .await?
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
                    let aliases = translations(&[&row.title_i18n]) + " \n" + &spellings.join(" \n");
                    entry(row.id, row.title, aliases, row.body.unwrap_or_default())
                })
                .collect()
        }
        _ => Vec::new(),
    })
}

/// The documents that mention any of the organizations `ids` (their index entries hold the organizations'
/// spellings).
async fn documents_mentioning(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<i32>, DbErr> {
    let mut documents = Vec::new();
    for chunk in ids.chunks(BATCH) {
        let mentions = entity::mention::Entity::find()
            .filter(entity::mention::Column::SubjectKind.eq(SubjectKind::Organization))
            .filter(entity::mention::Column::SubjectId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        documents.extend(mentions.into_iter().map(|m| m.document_id));
    }
    Ok(documents)
}

/// Refreshes the index entries of the searchable rows `touched` (table and id) from the tables, inside the
/// transaction that wrote them: an entry for each row that exists, none for a deleted one. The documents that
/// mention a touched organization are refreshed too.
pub async fn reindex(db: &impl ConnectionTrait, touched: &BTreeSet<(SubjectKind, i32)>) -> Result<(), DbErr> {
    let mut by_kind: HashMap<SubjectKind, BTreeSet<i32>> = HashMap::new();
    for (kind, id) in touched {
        by_kind.entry(*kind).or_default().insert(*id);
    }
    if let Some(organizations) = by_kind.get(&SubjectKind::Organization) {
        let organizations: Vec<i32> = organizations.iter().copied().collect();
        let documents = documents_mentioning(db, &organizations).await?;
        by_kind.entry(SubjectKind::Document).or_default().extend(documents);
    }
    for kind in SEARCHABLE {
        let Some(ids) = by_kind.get(&kind) else { continue };
        let ids: Vec<i32> = ids.iter().copied().collect();
        for chunk in ids.chunks(BATCH) {
            remove(db, kind, chunk).await?;
            insert(db, entries(db, kind, chunk).await?).await?;
        }
    }
    Ok(())
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
    let text = super::dialect::FullText::of(backend);
    let mut values: Vec<Value> = vec![text.match_value(query).into()];
    let (sql, placeholder) = (text.from_where, &|n: usize| text.placeholder(n));
    let filter = kinds_clause(kinds, &mut values, placeholder);
    let sql = match page {
        None => format!("SELECT COUNT(*) {sql}{filter}"),
        Some((limit, offset)) => {
            values.push((limit as i64).into());
            let limit_at = placeholder(values.len());
            values.push((offset as i64).into());
            let offset_at = placeholder(values.len());
            let score = text.score;
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
