//! Relay's `node` and `nodes`: any object by its global id.

use async_graphql::{Context, ID, Object};

use crate::error::{AppError, AppResult};
use crate::graphql::pagination::PageLimits;
use crate::graphql::types::{Node, node_by_id};

/// Queries of any object by its global id.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The object with this global id, whatever its type; null when none has it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as read from an `id` field.")] id: ID,
    ) -> AppResult<Option<Node>> {
        node_by_id(ctx, &id).await
    }

    /// The objects with these global ids, in the same order; null where none has an id. At most the maximum page size.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, as read from `id` fields.")] ids: Vec<ID>,
    ) -> AppResult<Vec<Option<Node>>> {
        let max = ctx.data::<PageLimits>().map(|limits| limits.max).unwrap_or(100);
        if ids.len() > max {
            return Err(AppError::bad_input("ids", format!("at most {max} ids at once")));
        }
        let loads = ids.iter().map(|id| node_by_id(ctx, id));
        async_graphql::futures_util::future::try_join_all(loads).await
    }
}
