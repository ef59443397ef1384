//! Rows about other rows (citations and mentions point at a subject: a table and an id), looked up by subject.

use std::collections::HashMap;

use entity::{SubjectKind, citation, mention};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, QueryFilter, QueryOrder};

use super::Keyed;

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

/// The rows of `E` about the given subjects (of any tables), by subject, in id order, in one statement.
pub async fn about<E: AboutSubject>(
    db: &impl ConnectionTrait,
    subjects: &[(SubjectKind, i32)],
) -> Result<HashMap<(SubjectKind, i32), Vec<E::Model>>, DbErr> {
    let mut by_kind: HashMap<SubjectKind, Vec<i32>> = HashMap::new();
    for (kind, id) in subjects {
        by_kind.entry(*kind).or_default().push(*id);
    }
    let mut condition = Condition::any();
    for (kind, ids) in by_kind {
        condition = condition.add(Condition::all().add(E::SUBJECT_KIND.eq(kind)).add(E::SUBJECT_ID.is_in(ids)));
    }
    let rows = E::find().filter(condition).order_by_asc(E::ID).all(db).await?;
    let mut grouped: HashMap<(SubjectKind, i32), Vec<E::Model>> = HashMap::new();
    for row in rows {
        grouped.entry(E::subject_of(&row)).or_default().push(row);
    }
    Ok(grouped)
}
