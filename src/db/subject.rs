//! Rows about other rows (citations, mentions and changes point at a subject: a table and an id), looked up by
//! subject.

use std::collections::{BTreeMap, HashMap};

use entity::{SubjectKind, citation, history, mention};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use sea_orm::sea_query::{Expr, ExprTrait};

use super::dialect::one_of;
use super::{ChildWindow, Keyed, windowed};

/// A table whose rows point at a subject row of any table.
pub trait AboutSubject: Keyed {
    /// The column holding the subject's table.
    const SUBJECT_KIND: Self::Column;
    /// The column holding the subject's id.
    const SUBJECT_ID: Self::Column;
    /// The subject of a row.
    fn subject_of(model: &Self::Model) -> (SubjectKind, i32);
}

impl AboutSubject for citation::Entity {
    const SUBJECT_KIND: Self::Column = citation::Column::SubjectKind;
    const SUBJECT_ID: Self::Column = citation::Column::SubjectId;
    fn subject_of(model: &citation::Model) -> (SubjectKind, i32) {
        (model.subject_kind, model.subject_id)
    }
}

impl AboutSubject for mention::Entity {
    const SUBJECT_KIND: Self::Column = mention::Column::SubjectKind;
    const SUBJECT_ID: Self::Column = mention::Column::SubjectId;
    fn subject_of(model: &mention::Model) -> (SubjectKind, i32) {
        (model.subject_kind, model.subject_id)
    }
}

impl AboutSubject for entity::reported_figure::Entity {
    const SUBJECT_KIND: Self::Column = entity::reported_figure::Column::SubjectKind;
    const SUBJECT_ID: Self::Column = entity::reported_figure::Column::SubjectId;
    fn subject_of(model: &entity::reported_figure::Model) -> (SubjectKind, i32) {
        (model.subject_kind, model.subject_id)
    }
}

impl AboutSubject for history::Entity {
    const SUBJECT_KIND: Self::Column = history::Column::SubjectKind;
    const SUBJECT_ID: Self::Column = history::Column::SubjectId;
    fn subject_of(model: &history::Model) -> (SubjectKind, i32) {
        (model.subject_kind, model.subject_id)
    }
}

fn about_subjects<E: AboutSubject>(backend: DbBackend, subjects: &[(SubjectKind, i32)]) -> Condition {
    // Kinds in their order, not a hash's: the same subjects give the same statement text, whose plan
    // PostgreSQL keeps.
    let mut by_kind: BTreeMap<SubjectKind, Vec<i32>> = BTreeMap::new();
    for (kind, id) in subjects {
        by_kind.entry(*kind).or_default().push(*id);
    }
    let mut condition = Condition::any();
    for (kind, ids) in by_kind {
        condition =
            condition.add(Condition::all().add(E::SUBJECT_KIND.eq(kind)).add(one_of(backend, E::SUBJECT_ID, &ids)));
    }
    condition
}

fn by_subject<E: AboutSubject>(rows: Vec<E::Model>) -> HashMap<(SubjectKind, i32), Vec<E::Model>> {
    let mut grouped: HashMap<(SubjectKind, i32), Vec<E::Model>> = HashMap::new();
    for row in rows {
        grouped.entry(E::subject_of(&row)).or_default().push(row);
    }
    grouped
}

/// The window of the rows of `E` about each of the given subjects, by subject, in id order, in one statement.
pub async fn about_in_window<E: AboutSubject>(
    db: &impl ConnectionTrait,
    subjects: &[(SubjectKind, i32)],
    window: &ChildWindow,
) -> Result<HashMap<(SubjectKind, i32), Vec<E::Model>>, DbErr> {
    let rows = about_subjects::<E>(db.get_database_backend(), subjects);
    let select: Select<E> = windowed(E::find(), rows, &[E::SUBJECT_KIND, E::SUBJECT_ID], window).order_by_asc(E::ID);
    Ok(by_subject::<E>(select.all(db).await?))
}

#[derive(FromQueryResult)]
struct SubjectCount {
    kind: SubjectKind,
    id: i32,
    count: i64,
}

/// How many rows of `E` are about each of the given subjects, in one statement.
pub async fn about_counts<E: AboutSubject>(
    db: &impl ConnectionTrait,
    subjects: &[(SubjectKind, i32)],
) -> Result<HashMap<(SubjectKind, i32), u64>, DbErr> {
    let counts = E::find()
        .select_only()
        .column_as(E::SUBJECT_KIND, "kind")
        .column_as(E::SUBJECT_ID, "id")
        .column_as(Expr::col(E::ID).count(), "count")
        .filter(about_subjects::<E>(db.get_database_backend(), subjects))
        .group_by(E::SUBJECT_KIND)
        .group_by(E::SUBJECT_ID)
        .into_model::<SubjectCount>()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|row| ((row.kind, row.id), u64::try_from(row.count).unwrap_or_default())).collect())
}
