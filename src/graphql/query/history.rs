//! Queries of the change history.

use async_graphql::{Context, ID, InputObject, Object};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::db::page::Ordering;
use crate::error::AppResult;
use crate::graphql::ids::subject_of_id;
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
use crate::graphql::types::Change;

/// Which changes to list.
#[derive(InputObject, Default)]
pub struct ChangeFilter {
    /// Only the changes of this object.
    pub about: Option<ID>,
    /// Only the changes committed after this data version.
    pub since: Option<i64>,
    /// Only the changes made by this token name (or `knowledge`, `synthetic`).
    pub by: Option<String>,
}

/// Queries of the change history.
#[derive(Default)]
pub struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// Every recorded change, oldest first: who did what to which object, with its values before and after.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which changes to list.")] filter: Option<ChangeFilter>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Change>> {
        use entity::history::{Column, Entity};
        let filter = filter.unwrap_or_default();
        let mut select = Entity::find();
        if let Some(about) = &filter.about {
            let (kind, id) = subject_of_id(about)?;
            select = select.filter(Column::SubjectKind.eq(kind)).filter(Column::SubjectId.eq(id));
        }
        if let Some(since) = filter.since {
            select = select.filter(Column::DataVersion.gt(since));
        }
        if let Some(by) = filter.by {
            select = select.filter(Column::Actor.eq(by));
        }
        let args = PageArgs::new(after, before, first, last);
        keyset_connection(ctx, select, Ordering::default(), &args, Change).await
    }
}
