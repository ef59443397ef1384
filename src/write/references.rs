//! References between rows, read from the entities' own relations: a row must point at rows that exist, and a
//! row others point at cannot be deleted. Citations and mentions point at any table by kind and id.

use std::collections::{BTreeSet, HashMap};

use entity::SubjectKind;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, TableName, TableRef};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue, ConnectionTrait, DbErr, EntityName, EntityTrait, IdenStatic, Iterable,
    RelationTrait, Value,
};
use serde::Deserialize;

use super::problems::Problems;
use super::table::{Table, with_table};

/// Every table the write path knows, parents before the rows that point at them.
pub const TABLES: [SubjectKind; 21] = [
    SubjectKind::Organization,
    SubjectKind::OrganizationName,
    SubjectKind::Partnership,
    SubjectKind::PartnershipMember,
    SubjectKind::Project,
    SubjectKind::ProjectDomain,
    SubjectKind::ProjectParticipant,
    SubjectKind::Person,
    SubjectKind::PersonRole,
    SubjectKind::Delegation,
    SubjectKind::DelegationHost,
    SubjectKind::DelegationMember,
    SubjectKind::Place,
    SubjectKind::Event,
    SubjectKind::EventOrganizer,
    SubjectKind::Document,
    SubjectKind::Contact,
    SubjectKind::DocumentContact,
    SubjectKind::Mention,
    SubjectKind::ReportedFigure,
    SubjectKind::Citation,
];

/// A foreign key: the column of one table that holds the id of a row of another.
#[derive(Clone, Debug)]
pub struct ForeignKey {
    /// The column (`partnership_id`).
    pub column: String,
    /// The table it points at.
    pub target: SubjectKind,
}

fn table_name(table: &TableRef) -> Option<String> {
    match table {
        TableRef::Table(TableName(_, name), _) => Some(name.inner().into_owned()),
        _ => None,
    }
}

/// The table called `name`.
pub fn kind_of_table(name: &str) -> Option<SubjectKind> {
    TABLES.into_iter().find(|kind| with_table!(kind, |E| E::default().table_name() == name))
}

/// The name of the table of `kind`.
pub fn table_of_kind(kind: SubjectKind) -> &'static str {
    with_table!(kind, |E| E::default().table_name())
}

/// The foreign keys of table `E`.
pub fn foreign_keys<E: Table>() -> Vec<ForeignKey> {
    E::Relation::iter()
        .map(|relation| relation.def())
        .filter(|def| table_name(&def.from_tbl).as_deref() == Some(E::default().table_name()))
        .filter_map(|def| {
            let sea_orm::Identity::Unary(column) = &def.from_col else { return None };
            Some(ForeignKey { column: column.inner().into_owned(), target: kind_of_table(&table_name(&def.to_tbl)?)? })
        })
        .collect()
}

/// The rows a row of `kind` points at, read from the row as the history stores it (JSON): its foreign keys, and
/// the subject of a citation or a mention.
pub fn references_in(kind: SubjectKind, row: &serde_json::Value) -> Vec<(SubjectKind, i32)> {
    let id_at = |field: &str| row.get(field).and_then(serde_json::Value::as_i64).and_then(|id| i32::try_from(id).ok());
    let mut found: Vec<(SubjectKind, i32)> = with_table!(kind, |E| foreign_keys::<E>())
        .into_iter()
        .filter_map(|key| Some((key.target, id_at(&key.column)?)))
        .collect();
    let subject_kind = row.get("subject_kind").and_then(|kind| SubjectKind::deserialize(kind).ok());
    if let (Some(subject_kind), Some(subject_id)) = (subject_kind, id_at("subject_id")) {
        found.push((subject_kind, subject_id));
    }
    found
}

/// The input name of a reference column: `partnership_id` is `partnership`.
fn field_of(column: &str) -> String {
    let base = column.strip_suffix("_id").unwrap_or(column);
    let mut field = String::new();
    let mut upper = false;
    for c in base.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            field.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            field.push(c);
        }
    }
    field
}

fn column_of<E: EntityTrait>(name: &str) -> Option<E::Column> {
    E::Column::iter().find(|column| column.as_str() == name)
}

fn int_of(value: ActiveValue<Value>) -> Option<i32> {
    match value {
        ActiveValue::Set(Value::Int(id)) | ActiveValue::Unchanged(Value::Int(id)) => id,
        _ => None,
    }
}

/// The row a citation or a mention is about.
pub fn subject_of<E: Table>(row: &E::ActiveModel) -> Option<(SubjectKind, i32)> {
    let kind = match row.get(column_of::<E>("subject_kind")?) {
        ActiveValue::Set(Value::String(Some(kind))) | ActiveValue::Unchanged(Value::String(Some(kind))) => kind,
        _ => return None,
    };
    Some((SubjectKind::try_from_value(&kind).ok()?, int_of(row.get(column_of::<E>("subject_id")?))?))
}

/// Which of `ids` are rows of the table of `kind`.
async fn existing(db: &impl ConnectionTrait, kind: SubjectKind, ids: &BTreeSet<i32>) -> Result<BTreeSet<i32>, DbErr> {
    let mut found = BTreeSet::new();
    let ids: Vec<i32> = ids.iter().copied().collect();
    for chunk in ids.chunks(10_000) {
        let statement = Query::select()
            .column(Alias::new("id"))
            .from(Alias::new(table_of_kind(kind)))
            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&statement).await? {
            found.insert(row.try_get_by_index::<i32>(0)?);
        }
    }
    Ok(found)
}

/// Records, for each of `rows` (at `paths`), every reference to a row that does not exist; `inserted` are the
/// ids of rows of `E` written in the same statement, which a row may point at.
pub async fn check_references<E: Table>(
    db: &impl ConnectionTrait,
    rows: &[(&E::ActiveModel, &str)],
    inserted: &BTreeSet<i32>,
) -> Result<Vec<Problems>, DbErr> {
    let keys = foreign_keys::<E>();
    let mut wanted: HashMap<SubjectKind, BTreeSet<i32>> = HashMap::new();
    let mut references: Vec<Vec<(String, SubjectKind, i32)>> = Vec::with_capacity(rows.len());
    for (row, _) in rows {
        let mut of_row = Vec::new();
        for key in &keys {
            if let Some(id) = column_of::<E>(&key.column).and_then(|column| int_of(row.get(column))) {
                of_row.push((field_of(&key.column), key.target, id));
            }
        }
        if let Some((kind, id)) = subject_of::<E>(row) {
            of_row.push(("subject".to_owned(), kind, id));
        }
        for (_, kind, id) in &of_row {
            if !(*kind == E::KIND && inserted.contains(id)) {
                wanted.entry(*kind).or_default().insert(*id);
            }
        }
        references.push(of_row);
    }
    let mut found: HashMap<SubjectKind, BTreeSet<i32>> = HashMap::new();
    for (kind, ids) in &wanted {
        found.insert(*kind, existing(db, *kind, ids).await?);
    }
    Ok(rows
        .iter()
        .zip(references)
        .map(|((_, path), of_row)| {
            let mut problems = Problems::at(path);
            for (field, kind, id) in of_row {
                let exists = (kind == E::KIND && inserted.contains(&id))
                    || found.get(&kind).is_some_and(|ids| ids.contains(&id));
                if !exists {
                    problems.add(&field, format!("no {} has id {id}", describe(kind)));
                }
            }
            problems
        })
        .collect())
}

/// A kind in words: `PROJECT_DOMAIN` is `project domain`.
pub fn describe(kind: SubjectKind) -> String {
    table_of_kind(kind).replace('_', " ")
}

/// The rows of `kind` that point at the row `id` of `target`: through a foreign key, or as their subject (citations,
/// mentions, reported figures); `None` when rows of `kind` cannot point at `target`.
pub fn pointing_at(kind: SubjectKind, target: SubjectKind, id: i32) -> Option<sea_orm::sea_query::SimpleExpr> {
    let keys = with_table!(kind, |T| foreign_keys::<T>());
    let mut conditions: Vec<sea_orm::sea_query::SimpleExpr> = keys
        .into_iter()
        .filter(|key| key.target == target)
        .map(|key| Expr::col(Alias::new(key.column)).eq(id))
        .collect();
    if matches!(kind, SubjectKind::Citation | SubjectKind::Mention | SubjectKind::ReportedFigure) {
        conditions.push(
            Expr::col(Alias::new("subject_kind")).eq(target.to_value()).and(Expr::col(Alias::new("subject_id")).eq(id)),
        );
    }
    conditions.into_iter().reduce(|a, b| a.or(b))
}

/// How many rows of each kind point at the row `id` of `E`: through their foreign keys, or as the subject of
/// citations, mentions and reported figures.
pub async fn referenced_by<E: Table>(db: &impl ConnectionTrait, id: i32) -> Result<Vec<(SubjectKind, u64)>, DbErr> {
    let mut found = Vec::new();
    for kind in TABLES {
        let Some(condition) = pointing_at(kind, E::KIND, id) else { continue };
        let statement = Query::select()
            .expr(Expr::col(sea_orm::sea_query::Asterisk).count())
            .from(Alias::new(table_of_kind(kind)))
            .and_where(condition)
            .to_owned();
        let count: i64 = match db.query_one(&statement).await? {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        if count > 0 {
            found.push((kind, u64::try_from(count).unwrap_or(0)));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_columns_are_named_as_inputs() {
        assert_eq!(field_of("partnership_id"), "partnership");
        assert_eq!(field_of("parent_id"), "parent");
        assert_eq!(field_of("subject_kind"), "subjectKind");
    }

    #[test]
    fn foreign_keys_come_from_the_relations() {
        let keys = foreign_keys::<entity::project::Entity>();
        let mut found: Vec<(String, SubjectKind)> = keys.into_iter().map(|k| (k.column, k.target)).collect();
        found.sort();
        assert_eq!(
            found,
            [("parent_id".to_owned(), SubjectKind::Project), ("partnership_id".to_owned(), SubjectKind::Partnership)]
        );
        for kind in TABLES {
            assert_eq!(kind_of_table(table_of_kind(kind)), Some(kind));
        }
    }
}
