//! Relay connections: argument checks against the configured limits, opaque cursors, and a `totalCount`
//! computed only when a client selects it.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::futures_util::future::BoxFuture;
use async_graphql::{Context, Object, OutputType, SchemaBuilder};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::Select;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::{self, Columns, Keyed, Ordering, PageRequest, PageWindow, Position};
use crate::error::{AppError, AppResult};
use crate::graphql::columns::{FieldColumns, connection_columns};
use crate::graphql::yielding::Yielding;

/// The default and maximum page sizes, from the configuration.
#[derive(Clone, Copy, Debug)]
pub struct PageLimits {
    /// Page size when neither `first` nor `last` is given.
    pub default: usize,
    /// Largest `first` or `last` accepted.
    pub max: usize,
}

/// The pagination arguments of a connection field.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    /// Items after this cursor.
    pub after: Option<String>,
    /// Items before this cursor.
    pub before: Option<String>,
    /// The first `first` items.
    pub first: Option<i32>,
    /// The last `last` items.
    pub last: Option<i32>,
}

impl PageArgs {
    /// The arguments as given to a connection field.
    pub fn new(after: Option<String>, before: Option<String>, first: Option<i32>, last: Option<i32>) -> Self {
        Self { after, before, first, last }
    }
}

/// A connection whose edges carry opaque cursors and whose `totalCount` is resolved on demand.
pub type Conn<Node> = Connection<String, Yielding<Node>, TotalCount, EmptyFields>;

/// Gives every connection type its description (async-graphql's `Connection` has none of its own).
pub fn describe_connections<Q, M, S>(builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S> {
    use crate::graphql::types::*;
    builder
        .override_output_type_description::<Conn<Change>>("A page of the change history, oldest first.")
        .override_output_type_description::<Conn<Citation>>("A page of citations: who says what, in which source.")
        .override_output_type_description::<Conn<Delegation>>("A page of delegations, with cursors and a total.")
        .override_output_type_description::<Conn<Document>>("A page of source documents, with cursors and a total.")
        .override_output_type_description::<Conn<Event>>("A page of events, with cursors and a total.")
        .override_output_type_description::<Conn<Mention>>("A page of mentions of an entity in documents.")
        .override_output_type_description::<Conn<Organization>>("A page of organizations, with cursors and a total.")
        .override_output_type_description::<Conn<Partnership>>("A page of partnerships, with cursors and a total.")
        .override_output_type_description::<Conn<PartnershipMember>>("A page of a partnership's members.")
        .override_output_type_description::<Conn<Project>>("A page of projects, with cursors and a total.")
        .override_output_type_description::<Conn<ProjectParticipant>>("A page of participations in projects.")
        .override_output_type_description::<Conn<ReportedFigure>>(
            "A page of figures sources report, with their sources.",
        )
        .override_output_type_description::<Conn<SearchHit>>("A page of search hits, best first.")
        .override_output_type_description::<Conn<UnsourcedRecord>>("A page of records no citation covers.")
        .override_output_type_description::<Conn<TimelineEntry>>("A page of a timeline, in date order.")
}

type CountFuture = BoxFuture<'static, AppResult<u64>>;

/// The `totalCount` of a connection: known already, or counted by the database when a client selects it.
#[derive(Clone)]
pub enum TotalCount {
    /// Counted already (the list was read whole).
    Known(usize),
    /// Counted by a statement run only if `totalCount` is selected.
    Deferred(Arc<dyn Fn() -> CountFuture + Send + Sync>),
}

#[Object]
impl TotalCount {
    /// The number of items in the whole list, across all pages.
    async fn total_count(&self) -> AppResult<u64> {
        match self {
            TotalCount::Known(count) => Ok(*count as u64),
            TotalCount::Deferred(count) => count().await,
        }
    }
}

/// The opaque cursor of a position: URL-safe base64 of its JSON.
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The position a cursor holds; a cursor that is not one gets `BAD_USER_INPUT` naming `argument`.
pub fn decode_cursor<K: DeserializeOwned>(argument: &str, cursor: &str) -> AppResult<K> {
    let invalid = || {
        let shown: String = cursor.chars().take(64).collect();
        let shown = if shown.len() < cursor.len() { format!("{shown}…") } else { shown };
        AppError::bad_input(argument, format!("`{shown}` is not a cursor of this list and ordering"))
    };
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

/// Which page of a list the arguments ask for, checked against the limits; the cursors hold positions of type
/// `K` (ids for nested lists, items for timelines).
pub fn page_window<K: DeserializeOwned>(ctx: &Context<'_>, args: &PageArgs) -> AppResult<PageWindow<K>> {
    let limits =
        ctx.data::<PageLimits>().map_err(|_| AppError::Internal("the schema has no page limits".to_owned()))?;
    let size = |argument: &str, value: i32| -> AppResult<u64> {
        match usize::try_from(value) {
            Err(_) => Err(AppError::bad_input(argument, "must not be negative")),
            Ok(value) if value > limits.max => {
                Err(AppError::bad_input(argument, format!("must be at most {}", limits.max)))
            }
            Ok(value) => Ok(value as u64),
        }
    };
    let (limit, from_end) = match (args.first, args.last) {
        (Some(_), Some(_)) => return Err(AppError::bad_input("last", "give `first` or `last`, not both")),
        (Some(first), None) => (size("first", first)?, false),
        (None, Some(last)) => (size("last", last)?, true),
        (None, None) => (limits.default as u64, false),
    };
    Ok(PageWindow {
        after: args.after.as_deref().map(|c| decode_cursor("after", c)).transpose()?,
        before: args.before.as_deref().map(|c| decode_cursor("before", c)).transpose()?,
        limit,
        from_end,
    })
}

/// What a keyset cursor holds: the ordering it belongs to and the position in it.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeysetCursor {
    /// The ordering, so a cursor of another ordering is refused rather than misread.
    o: String,
    /// The position.
    p: Position,
}

/// The name of an ordering that its cursors carry.
pub fn ordering_tag<C: std::fmt::Debug>(ordering: &Ordering<C>) -> String {
    format!("{:?}:{}", ordering.column, ordering.descending)
}

/// The cursor of `position` in the ordering named `tag`.
pub fn keyset_cursor(tag: &str, position: Position) -> String {
    encode_cursor(&KeysetCursor { o: tag.to_owned(), p: position })
}

/// A page of the rows of `select` in `ordering`, read with a keyset (no OFFSET) in one statement, with the
/// columns the selected fields read; `totalCount` is a separate COUNT run only when selected.
pub async fn keyset_connection<E, Node>(
    ctx: &Context<'_>,
    select: Select<E>,
    ordering: Ordering<E::Column>,
    args: &PageArgs,
    node: impl Fn(E::Model) -> Node,
) -> AppResult<Conn<Node>>
where
    E: Keyed + FieldColumns + Send + Sync + 'static,
    E::Model: Send + Sync,
    E::Column: std::fmt::Debug,
    Node: OutputType,
{
    let tag = ordering_tag(&ordering);
    // The cursors hold the sort column's value.
    let columns = ordering.column.into_iter().fold(connection_columns::<E>(ctx), Columns::with);
    let window = page_window::<KeysetCursor>(ctx, args)?;
    let position = |argument: &str, cursor: Option<KeysetCursor>| -> AppResult<Option<Position>> {
        match cursor {
            Some(cursor) if cursor.o != tag => {
                Err(AppError::bad_input(argument, "the cursor belongs to another ordering of this list"))
            }
            cursor => Ok(cursor.map(|cursor| cursor.p)),
        }
    };
    let request = PageRequest {
        after: position("after", window.after)?,
        before: position("before", window.before)?,
        limit: window.limit,
        from_end: window.from_end,
    };
    let db = crate::graphql::database(ctx)?.clone();
    let read = db::reading(db.get_database_backend(), select.clone(), columns);
    let page = db::page(&db, read, &ordering, &request).await?;
    let (has_previous, has_next) = if request.from_end {
        (page.has_more, request.before.is_some())
    } else {
        (request.after.is_some(), page.has_more)
    };
    let count = TotalCount::Deferred(Arc::new(move || {
        let db = db.clone();
        let select = select.clone();
        Box::pin(async move { Ok(db::page::count(&db, select).await?) })
    }));
    let mut connection = Connection::with_additional_fields(has_previous, has_next, count);
    connection.edges.extend(page.rows.into_iter().map(|row| {
        let cursor = keyset_cursor(&tag, db::position_of::<E>(&row, &ordering));
        Edge::new(cursor, Yielding(node(row)))
    }));
    Ok(connection)
}

/// The offset and size of a page of a ranked list (search results), which pages forward only.
pub fn offset_window(ctx: &Context<'_>, after: Option<String>, first: Option<i32>) -> AppResult<(u64, u64)> {
    let window = page_window::<u64>(ctx, &PageArgs::new(after, None, first, None))?;
    Ok((window.after.map_or(0, |offset| offset + 1), window.limit))
}

/// The cursor of the item at `offset` in a ranked list.
pub fn offset_cursor(offset: u64) -> String {
    encode_cursor(&offset)
}

/// The connection of a page read for `window` (of each parent's children, of a timeline): `rows` in list
/// order, one more than the limit when more follow; `key_of` gives the position each row's cursor holds.
pub fn window_connection<K, Row, Key, Node>(
    window: &PageWindow<K>,
    mut rows: Vec<Row>,
    total: TotalCount,
    key_of: impl Fn(&Row) -> Key,
    node: impl Fn(Row) -> Node,
) -> Conn<Node>
where
    Key: Serialize,
    Node: OutputType,
{
    let limit = usize::try_from(window.limit).unwrap_or(usize::MAX);
    let has_more = rows.len() > limit;
    if window.from_end {
        rows.drain(..rows.len().saturating_sub(limit));
    } else {
        rows.truncate(limit);
    }
    let (has_previous, has_next) =
        if window.from_end { (has_more, window.before.is_some()) } else { (window.after.is_some(), has_more) };
    let mut connection = Connection::with_additional_fields(has_previous, has_next, total);
    connection.edges.extend(rows.into_iter().map(|row| Edge::new(encode_cursor(&key_of(&row)), Yielding(node(row)))));
    connection
}
