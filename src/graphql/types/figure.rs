//! `ReportedFigure`: a figure a source reports without listing its items.

use async_graphql::{Context, ID, Object};
use entity::SubjectKind;

use super::enums;
use super::{Citation, Money, citations_connection};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::loaders::about_connection;
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;

/// A figure a source reports without listing its items ("plus de 40 projets", a population in a given year):
/// a sourced claim of its own, shown beside what the knowledge base itemizes.
#[derive(Clone, Debug)]
pub struct ReportedFigure(pub entity::reported_figure::Model);

/// A figure a source reports without listing its items ("plus de 40 projets", a population in a given year):
/// a sourced claim of its own, shown beside what the knowledge base itemizes.
#[Object]
impl ReportedFigure {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("ReportedFigure", self.0.id))
    }

    /// The object's changes, oldest first: who did what, when, with the values before and after.
    pub(crate) async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<crate::graphql::types::Change>> {
        let args = PageArgs::new(after, before, first, last);
        crate::graphql::types::history_connection(ctx, SubjectKind::ReportedFigure, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// What is counted or measured.
    async fn metric(&self) -> enums::FigureMetric {
        self.0.metric.into()
    }

    /// How exact the source is: `AT_LEAST` for "plus de 40".
    async fn qualifier(&self) -> enums::FigureQualifier {
        self.0.qualifier.into()
    }

    /// The count, when the figure is a count.
    async fn value(&self) -> Option<i64> {
        self.0.value
    }

    /// The amount of money, when the figure is (or comes with) one: what the counted projects cost.
    async fn amount(&self) -> Option<Money> {
        Money::from_columns(self.0.amount_cents, self.0.currency.as_deref())
    }

    /// The domains the figure is restricted to; empty when it covers all.
    async fn domains(&self) -> Vec<enums::Domain> {
        self.0.domains.0.iter().map(|domain| (*domain).into()).collect()
    }

    /// What was counted, in the source's words.
    async fn label(&self) -> Option<&str> {
        self.0.label.as_deref()
    }

    /// The date the figure is given for, as precise as the source.
    async fn as_of(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.as_of_date, self.0.as_of_precision)
    }

    /// The sources of the figure.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::ReportedFigure, self.0.id, PageArgs::new(after, before, first, last))
            .await
    }
}

/// The figures sources report about the row `id` of the table `kind`, as a connection.
pub async fn figures_connection(
    ctx: &Context<'_>,
    kind: SubjectKind,
    id: i32,
    args: PageArgs,
) -> AppResult<Conn<ReportedFigure>> {
    about_connection::<entity::reported_figure::Entity, _>(ctx, kind, id, &args, ReportedFigure).await
}
