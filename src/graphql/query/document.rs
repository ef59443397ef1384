//! Queries of documents.

use async_graphql::{Context, Object};

use super::{find_by_slug, list_all};
use crate::error::AppResult;
use crate::graphql::pagination::{Conn, PageArgs};
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

    /// Every source document, in the order they were recorded.
    async fn documents(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Document>> {
        list_all::<entity::document::Entity, _>(ctx, PageArgs::new(after, before, first, last), Document).await
    }
}
