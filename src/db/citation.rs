//! Citations: the provenance of every fact, looked up by the rows they support.

use std::collections::HashMap;

use entity::{SubjectKind, citation};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The citations of the given rows (of any tables), by row, in one statement.
pub async fn for_subjects(
    db: &impl ConnectionTrait,
    subjects: &[(SubjectKind, i32)],
) -> Result<HashMap<(SubjectKind, i32), Vec<citation::Model>>, DbErr> {
    let mut by_kind: HashMap<SubjectKind, Vec<i32>> = HashMap::new();
    for (kind, id) in subjects {
        by_kind.entry(*kind).or_default().push(*id);
    }
    let mut condition = Condition::any();
    for (kind, ids) in by_kind {
        condition = condition.add(
            Condition::all().add(citation::Column::SubjectKind.eq(kind)).add(citation::Column::SubjectId.is_in(ids)),
        );
    }
    let rows = citation::Entity::find().filter(condition).order_by_asc(citation::Column::Id).all(db).await?;
    let mut grouped: HashMap<(SubjectKind, i32), Vec<citation::Model>> = HashMap::new();
    for row in rows {
        grouped.entry((row.subject_kind, row.subject_id)).or_default().push(row);
    }
    Ok(grouped)
}
