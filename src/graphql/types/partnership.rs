//! `Partnership` and its members.

use async_graphql::{Context, ID, Object, SelectionField};
use entity::SubjectKind;

use super::enums;
use super::{
    Citation, Delegation, Event, Organization, Project, ReportedFigure, TimelineEntry, TimelineKind,
    citations_connection, figures_connection, timeline_filter,
};
use crate::db::timeline::Owner;
use crate::error::AppResult;
use crate::graphql::columns::{FieldColumns, in_language};
use crate::graphql::ids::global_id;
use crate::graphql::inputs::DateRangeInput;
use crate::graphql::lang::{Lang, translate, translate_opt};
use crate::graphql::loaders::{
    DelegationsOfPartnership, EventsOfPartnership, MembersOfPartnership, ProjectsOfPartnership, children_connection,
    load_required, owned_timeline_connection,
};
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;

/// A cooperation between organizations: a decentralised cooperation, a twinning or a network programme.
#[derive(Clone, Debug)]
pub struct Partnership(pub entity::partnership::Model);

/// A cooperation between organizations: a decentralised cooperation, a twinning or a network programme.
#[Object]
impl Partnership {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Partnership", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Partnership, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// True for rows made by the synthetic data generator (benchmarks), never real knowledge.
    async fn synthetic(&self) -> bool {
        self.0.synthetic
    }

    /// The stable human handle, used by `partnership(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// What kind of cooperation it is.
    async fn kind(&self) -> enums::PartnershipKind {
        self.0.kind.into()
    }

    /// Whether it is running, when the sources say.
    async fn status(&self) -> Option<enums::PartnershipStatus> {
        self.0.status.map(Into::into)
    }

    /// The name, in `lang` when a translation exists, else in the original language.
    async fn name(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        translate(&self.0.name, &self.0.original_lang, &self.0.name_i18n, lang)
    }

    /// What it is about, in `lang` when a translation exists, else in the original language.
    async fn description(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<String> {
        translate_opt(self.0.description.as_deref(), &self.0.original_lang, &self.0.description_i18n, lang)
    }

    /// The language its texts were written in (ISO 639-1).
    async fn original_lang(&self) -> &str {
        &self.0.original_lang
    }

    /// When it started (the 1999 protocol), as precisely as known.
    async fn start(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.start_date, self.0.start_precision)
    }

    /// When it ended, if it has.
    async fn end(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.end_date, self.0.end_precision)
    }

    /// Its member organizations, with side and role; optionally only one side or one role.
    #[allow(clippy::too_many_arguments)]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only members on this side.")] side: Option<enums::MemberSide>,
        #[graphql(desc = "Only members with this role.")] role: Option<enums::MemberRole>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<PartnershipMember>> {
        let filter = (side.map(Into::into), role.map(Into::into));
        let args = PageArgs::new(after, before, first, last);
        children_connection::<MembersOfPartnership, _>(ctx, self.0.id, filter, &args, PartnershipMember).await
    }

    /// Its projects.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Project>> {
        children_connection::<ProjectsOfPartnership, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Project,
        )
        .await
    }

    /// Its delegations, both ways.
    async fn delegations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Delegation>> {
        children_connection::<DelegationsOfPartnership, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Delegation,
        )
        .await
    }

    /// Its events.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Event>> {
        children_connection::<EventsOfPartnership, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Event,
        )
        .await
    }

    /// Its projects, delegations, events and the documents that are its sources, in date order.
    /// Items without a date are left out.
    #[allow(clippy::too_many_arguments)]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these kinds of items; all when absent.")] kinds: Option<Vec<TimelineKind>>,
        #[graphql(desc = "Only items dated within this range.")] period: Option<DateRangeInput>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<TimelineEntry>> {
        let filter = timeline_filter(kinds, period, None)?;
        let args = PageArgs::new(after, before, first, last);
        owned_timeline_connection(ctx, Owner::Partnership, self.0.id, filter, &args).await
    }

    /// Figures sources report without listing their items ("plus de 40 projets", an evaluation's counts and
    /// costs by domain), to set beside what is itemized.
    async fn reported_figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<ReportedFigure>> {
        figures_connection(ctx, SubjectKind::Partnership, self.0.id, PageArgs::new(after, before, first, last)).await
    }

    /// The sources of what is recorded about it.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::Partnership, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

impl FieldColumns for entity::partnership::Entity {
    fn field_columns(field: &SelectionField<'_>) -> Option<&'static [Self::Column]> {
        use entity::partnership::Column::*;
        Some(match (field.name(), in_language(field)) {
            ("id" | "history" | "version" | "synthetic" | "kind", _) => &[],
            ("members" | "projects" | "delegations" | "events" | "timeline" | "reportedFigures" | "citations", _) => {
                &[]
            }
            ("slug", _) => &[Slug],
            ("status", _) => &[Status],
            ("name", false) => &[Name, OriginalLang],
            ("name", true) => &[Name, OriginalLang, NameI18n],
            ("description", false) => &[Description, OriginalLang],
            ("description", true) => &[Description, OriginalLang, DescriptionI18n],
            ("originalLang", _) => &[OriginalLang],
            ("start", _) => &[StartDate, StartPrecision],
            ("end", _) => &[EndDate, EndPrecision],
            _ => return None,
        })
    }
}

/// An organization's membership of a partnership: which side it is on and its role.
#[derive(Clone, Debug)]
pub struct PartnershipMember(pub entity::partnership_member::Model);

/// An organization's membership of a partnership: which side it is on and its role.
#[Object]
impl PartnershipMember {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("PartnershipMember", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::PartnershipMember, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The member organization.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Organization> {
        Ok(Organization(load_required::<entity::organization::Entity>(ctx, self.0.organization_id).await?))
    }

    /// The partnership.
    async fn partnership(&self, ctx: &Context<'_>) -> AppResult<Partnership> {
        Ok(Partnership(load_required::<entity::partnership::Entity>(ctx, self.0.partnership_id).await?))
    }

    /// Which side of the partnership the member is on.
    async fn side(&self) -> enums::MemberSide {
        self.0.side.into()
    }

    /// The member's role.
    async fn role(&self) -> enums::MemberRole {
        self.0.role.into()
    }

    /// The sources of this membership.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::PartnershipMember, self.0.id, PageArgs::new(after, before, first, last))
            .await
    }
}
