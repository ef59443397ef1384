//! Queries of documents.

use async_graphql::{Context, Object};

use super::find_by_slug;
use crate::db::{self, Columns};
use crate::error::AppResult;
use crate::graphql::database;
use crate::graphql::inputs::{DocumentFilter, DocumentOrder};
use crate::graphql::loaders::{feed_rows, nodes_select_any};
use crate::graphql::pagination::{Conn, PageArgs, keyset_connection};
use crate::graphql::types::Document;

/// Queries of documents.
#[derive(Default)]
pub struct DocumentQuery;

#[Object]
impl DocumentQuery {
    /// A source document by its slug.
    async fn document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document's slug.")] slug: String,
    ) -> AppResult<Option<Document>> {
        find_by_slug::<entity::document::Entity, _>(ctx, &slug, Document).await
    }

    /// Source documents, filtered and ordered; by default in the order they were recorded.
    #[allow(clippy::too_many_arguments)]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which documents to list.")] filter: Option<DocumentFilter>,
        #[graphql(desc = "How to order them.")] order_by: Option<DocumentOrder>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Document>> {
        let mut select = filter.unwrap_or_default().to_db()?.select();
        // Bodies run to several paragraphs: read them only for a page that shows them.
        let reads_body = nodes_select_any(ctx, &["body"]);
        if !reads_body {
            let backend = database(ctx)?.get_database_backend();
            select = db::reading(backend, select, Columns::ALL.without(entity::document::Column::Body));
        }
        let args = PageArgs::new(after, before, first, last);
        let connection = keyset_connection(ctx, select, DocumentOrder::to_db(order_by), &args, Document).await?;
        if reads_body {
            // Whole rows: a body that is null is null, not left out (see `Document::body`).
            let rows: Vec<entity::document::Model> =
                connection.edges.iter().map(|edge| edge.node.0.0.clone()).collect();
            feed_rows::<entity::document::Entity>(ctx, rows).await?;
        }
        Ok(connection)
    }
}
