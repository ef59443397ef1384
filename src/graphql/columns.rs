//! Which columns a query reads: each GraphQL type names the columns of its table that its fields read (next to
//! its resolvers), and a page of rows reads only those of the fields selected (see [`crate::db::reading`]).

use async_graphql::{Context, SelectionField, Value};
use sea_orm::EntityTrait;

use crate::db::Columns;

/// A table whose rows a GraphQL type shows.
pub trait FieldColumns: EntityTrait {
    /// The columns `field` (with its arguments) reads; `None` when the field is not known to the table (every
    /// column is then read, so a field added without its columns shows the truth, only slower).
    fn field_columns(field: &SelectionField<'_>) -> Option<&'static [Self::Column]> {
        let _ = field;
        None
    }
}

/// Tables whose rows are read whole (the ones read a few at a time).
macro_rules! read_whole {
    ($($table:ident),+ $(,)?) => {$(
        impl FieldColumns for entity::$table::Entity {}
    )+};
}

read_whole!(
    citation,
    contact,
    delegation_host,
    delegation_member,
    document,
    document_contact,
    event,
    event_organizer,
    history,
    mention,
    organization_name,
    partnership_member,
    person,
    person_role,
    place,
    project_domain,
    project_participant,
    reported_figure,
);

/// The columns the `fields` selected on a row of `E` read: every column when one of them is unknown.
pub fn selected_columns<'a, E: FieldColumns>(fields: impl IntoIterator<Item = SelectionField<'a>>) -> Columns {
    let mut columns = Columns::NONE;
    for field in fields {
        if field.name() == "__typename" {
            continue;
        }
        match E::field_columns(&field) {
            Some(read) => columns = columns.with_all(read),
            None => return Columns::ALL,
        }
    }
    columns
}

/// The columns the nodes of the connection being resolved read (under `nodes` and `edges.node`).
pub fn connection_columns<E: FieldColumns>(ctx: &Context<'_>) -> Columns {
    let connection = ctx.look_ahead();
    let nodes = connection.field("nodes").selection_fields();
    let edge_nodes = connection.field("edges").field("node").selection_fields();
    selected_columns::<E>(nodes.iter().chain(&edge_nodes).flat_map(SelectionField::selection_set))
}

/// Whether `field` asks for a language (its `lang` argument is given): only then are translations read.
pub fn in_language(field: &SelectionField<'_>) -> bool {
    field.arguments().map_or(true, |arguments| {
        arguments.iter().any(|(name, value)| name.as_str() == "lang" && *value != Value::Null)
    })
}
