//! Queries of the citations across the knowledge base: every citation by stance, document, kind, field or
//! object; the facts whose sources disagree; the records no citation covers.

use async_graphql::{Context, ID, InputObject, Object};
use entity::SubjectKind;
use sea_orm::{EntityTrait, QueryFilter};
use std::sync::Arc;

use crate::db::citation::{self, CitationFilter as DbFilter, FACT_TABLES};
use crate::db::page::Ordering;
use crate::error::{AppError, AppResult};
use crate::graphql::database;
use crate::graphql::ids::{row_of_id, subject_of_id};
use crate::graphql::pagination::{Conn, PageArgs, TotalCount, keyset_connection, page_window, window_connection};
use crate::graphql::types::enums;
use crate::graphql::types::{Citation, Conflict, UnsourcedRecord};

/// Which citations to list; each part narrows the list.
#[derive(InputObject, Default)]
pub struct CitationFilter {
    /// Only citations with one of these stances (`CONTRADICTED` for what sources dispute).
    pub stances: Option<Vec<enums::Stance>>,
    /// Only citations from one of these documents.
    pub documents: Option<Vec<ID>>,
    /// Only citations of these kinds of records.
    pub subject_kinds: Option<Vec<enums::SubjectKind>>,
    /// Only citations of one of these fields (`start`, `budget`, `population`).
    pub fields: Option<Vec<String>>,
    /// Only citations of this object and of the links it takes part in: an organization's names, memberships,
    /// participations, roles, hosted and joined delegations, events organized, figures and mentions.
    pub about: Option<ID>,
}

impl CitationFilter {
    fn to_db(&self) -> AppResult<DbFilter> {
        Ok(DbFilter {
            stances: self.stances.iter().flatten().map(|stance| (*stance).into()).collect(),
            documents: self
                .documents
                .iter()
                .flatten()
                .map(|id| row_of_id(id, "Document", "filter.documents"))
                .collect::<AppResult<_>>()?,
            subject_kinds: self.subject_kinds.iter().flatten().map(|kind| (*kind).into()).collect(),
            fields: self.fields.clone().unwrap_or_default(),
            about: self.about.as_ref().map(subject_of_id).transpose()?,
        })
    }
}

/// The most conflicts one request lists.
const MAX_CONFLICTS: i32 = 100;

/// Queries of the citations across the knowledge base.
#[derive(Default)]
pub struct CitationQuery;

#[Object]
impl CitationQuery {
    /// Every citation, in the order recorded: which document says what about which record, where, in which
    /// words, and whether it states, implies or contradicts it.
    async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which citations to list.")] filter: Option<CitationFilter>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        let condition = filter.unwrap_or_default().to_db()?.condition();
        let select = entity::citation::Entity::find().filter(condition);
        let args = PageArgs::new(after, before, first, last);
        keyset_connection(ctx, select, Ordering::default(), &args, Citation).await
    }

    /// The facts whose sources disagree (one citation contradicts what others state), each with its citations
    /// side by side, in the order the first contradicting citation was recorded.
    async fn conflicts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only conflicts among these citations (`about:` an object, `subjectKinds`, `fields`).")]
        filter: Option<CitationFilter>,
        #[graphql(desc = "At most this many conflicts (100 at most).", default = 20)] first: i32,
    ) -> AppResult<Vec<Conflict>> {
        if !(0..=MAX_CONFLICTS).contains(&first) {
            return Err(AppError::bad_input("first", format!("must be between 0 and {MAX_CONFLICTS}")));
        }
        let filter = filter.unwrap_or_default().to_db()?;
        let found = citation::conflicts(database(ctx)?, &filter, first as u64).await?;
        Ok(found.into_iter().map(Conflict).collect())
    }

    /// The records no citation covers (facts held without a source), by kind then in the order recorded; forward
    /// pages only.
    async fn unsourced(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only records of these kinds; every kind of fact when absent.")] kinds: Option<
            Vec<enums::SubjectKind>,
        >,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
    ) -> AppResult<Conn<UnsourcedRecord>> {
        let kinds: Vec<SubjectKind> = kinds.unwrap_or_default().into_iter().map(Into::into).collect();
        let window = page_window::<(SubjectKind, i32)>(ctx, &PageArgs::new(after, None, first, None))?;
        let db = database(ctx)?;
        let rows = citation::unsourced(db, &kinds, window.after, window.limit + 1).await?;
        let counted = kinds.clone();
        let db = db.clone();
        let total = TotalCount::Deferred(Arc::new(move || {
            let (db, kinds) = (db.clone(), counted.clone());
            Box::pin(async move {
                let sourcing = crate::db::stats::sourcing(&db).await?;
                Ok(sourcing
                    .iter()
                    .filter(|s| FACT_TABLES.contains(&s.kind) && (kinds.is_empty() || kinds.contains(&s.kind)))
                    .map(|s| s.rows - s.sourced)
                    .sum())
            })
        }));
        Ok(window_connection(&window, rows, total, |row| *row, |(kind, id)| UnsourcedRecord { kind, id }))
    }
}
