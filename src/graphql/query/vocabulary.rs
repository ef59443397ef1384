//! Queries of the vocabularies: domains with their OECD DAC codes.

use async_graphql::{Context, Object};

use crate::error::AppResult;
use crate::graphql::types::{DomainInfo, domains};

/// Queries of the vocabularies.
#[derive(Default)]
pub struct VocabularyQuery;

#[Object]
impl VocabularyQuery {
    /// Every domain of cooperation with its labels (fr, en, ar), its OECD DAC purpose codes and names, and its project count.
    async fn domains(&self, ctx: &Context<'_>) -> AppResult<Vec<DomainInfo>> {
        domains(ctx).await
    }
}
