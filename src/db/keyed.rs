//! Batch lookups shared by every table: rows by id, and rows by the id of the row they belong to.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// A table whose rows have an integer `id` primary key.
pub trait Keyed: EntityTrait {
    /// The `id` column.
    const ID: Self::Column;
    /// The id of a row.
    fn id_of(model: &Self::Model) -> i32;
}

macro_rules! keyed {
    ($($table:ident),+ $(,)?) => {$(
        impl Keyed for entity::$table::Entity {
            const ID: Self::Column = entity::$table::Column::Id;
            fn id_of(model: &Self::Model) -> i32 {
                model.id
            }
        }
    )+};
}

keyed!(
    citation,
    contact,
    delegation,
    delegation_host,
    delegation_member,
    document,
    document_contact,
    event,
    event_organizer,
    mention,
    organization,
    organization_name,
    partnership,
    partnership_member,
    person,
    person_role,
    place,
    project,
    project_domain,
    project_participant,
);

/// The rows of `E` with the given ids, by id, in one statement.
pub async fn by_ids<E: Keyed>(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, E::Model>, DbErr> {
    let rows = E::find().filter(E::ID.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|row| (E::id_of(&row), row)).collect())
}

/// The rows of `E` whose `parent_column` holds one of `parent_ids`, grouped by that parent id and ordered
/// by id, in one statement.
pub async fn children_of<E: Keyed>(
    db: &impl ConnectionTrait,
    parent_column: E::Column,
    parent_of: fn(&E::Model) -> Option<i32>,
    parent_ids: &[i32],
) -> Result<HashMap<i32, Vec<E::Model>>, DbErr> {
    let rows = E::find().filter(parent_column.is_in(parent_ids.iter().copied())).order_by_asc(E::ID).all(db).await?;
    let mut grouped: HashMap<i32, Vec<E::Model>> = HashMap::new();
    for row in rows {
        if let Some(parent) = parent_of(&row) {
            grouped.entry(parent).or_default().push(row);
        }
    }
    Ok(grouped)
}

/// A table whose rows have a unique human `slug`.
pub trait Slugged: Keyed {
    /// The `slug` column.
    const SLUG: Self::Column;
}

macro_rules! slugged {
    ($($table:ident),+ $(,)?) => {$(
        impl Slugged for entity::$table::Entity {
            const SLUG: Self::Column = entity::$table::Column::Slug;
        }
    )+};
}

slugged!(delegation, document, event, organization, partnership, person, place, project);

/// The row of `E` with the given slug, if any.
pub async fn by_slug<E: Slugged>(db: &impl ConnectionTrait, slug: &str) -> Result<Option<E::Model>, DbErr> {
    E::find().filter(E::SLUG.eq(slug)).one(db).await
}
