//! `Project`, its domains and its participants.

use async_graphql::{Context, ID, Object, SelectionField};
use entity::SubjectKind;

use super::domain::domain_label;
use super::enums;
use super::{Citation, Money, Organization, Partnership, citations_connection};
use crate::error::AppResult;
use crate::graphql::columns::{FieldColumns, in_language};
use crate::graphql::ids::global_id;
use crate::graphql::lang::{Lang, translate, translate_opt};
use crate::graphql::loaders::{
    ChildrenOfProject, DomainsOfProject, ParticipantsOfProject, children_connection, load_children, load_one,
    load_required,
};
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;
use crate::vocabulary;

/// A project, programme, study, master plan, works or training carried out within a partnership.
#[derive(Clone, Debug)]
pub struct Project(pub entity::project::Model);

/// A project, programme, study, master plan, works or training carried out within a partnership.
#[Object]
impl Project {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Project", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Project, self.0.id, args).await
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

    /// The stable human handle, used by `project(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// What kind of work it is.
    async fn kind(&self) -> enums::ProjectKind {
        self.0.kind.into()
    }

    /// Its IATI activity status; null when the sources do not say.
    async fn status(&self) -> Option<enums::ProjectStatus> {
        self.0.status.map(Into::into)
    }

    /// The title, in `lang` when a translation exists, else in the original language.
    async fn title(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        translate(&self.0.title, &self.0.original_lang, &self.0.title_i18n, lang)
    }

    /// What it is about, in `lang` when a translation exists, else in the original language.
    async fn description(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<String> {
        translate_opt(self.0.description.as_deref(), &self.0.original_lang, &self.0.description_i18n, lang)
    }

    /// The language its texts were written in (ISO 639-1).
    async fn original_lang(&self) -> &str {
        &self.0.original_lang
    }

    /// When it started, as precisely as known.
    async fn start(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.start_date, self.0.start_precision)
    }

    /// When it ended (or the plan was adopted), as precisely as known.
    async fn end(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.end_date, self.0.end_precision)
    }

    /// Its planned duration in months, when the sources give it.
    async fn duration_months(&self) -> Option<i32> {
        self.0.duration_months
    }

    /// Its total budget, when known.
    async fn budget(&self) -> Option<Money> {
        Money::from_columns(self.0.budget_amount_cents, self.0.budget_currency.as_deref())
    }

    /// The partnership it belongs to.
    async fn partnership(&self, ctx: &Context<'_>) -> AppResult<Partnership> {
        Ok(Partnership(load_required::<entity::partnership::Entity>(ctx, self.0.partnership_id).await?))
    }

    /// The programme it is part of, if any.
    async fn parent(&self, ctx: &Context<'_>) -> AppResult<Option<Project>> {
        let Some(parent) = self.0.parent_id else { return Ok(None) };
        Ok(load_one::<entity::project::Entity>(ctx, parent).await?.map(Project))
    }

    /// The projects that are part of it.
    async fn children(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Project>> {
        children_connection::<ChildrenOfProject, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Project,
        )
        .await
    }

    /// The OECD DAC purpose codes of its domains, each once.
    async fn dac_codes(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        let mut codes: Vec<String> =
            load_children::<DomainsOfProject>(ctx, self.0.id).await?.into_iter().filter_map(|d| d.dac_code).collect();
        codes.sort_unstable();
        codes.dedup();
        Ok(codes)
    }

    /// Its domains, each with its OECD DAC purpose code.
    async fn domains(&self, ctx: &Context<'_>) -> AppResult<Vec<ProjectDomain>> {
        Ok(load_children::<DomainsOfProject>(ctx, self.0.id).await?.into_iter().map(ProjectDomain).collect())
    }

    /// The organizations taking part, with their IATI role; optionally only one role.
    async fn participants(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only participants with this role.")] role: Option<enums::ParticipantRole>,
    ) -> AppResult<Vec<ProjectParticipant>> {
        let role: Option<entity::ParticipantRole> = role.map(Into::into);
        Ok(load_children::<ParticipantsOfProject>(ctx, self.0.id)
            .await?
            .into_iter()
            .filter(|row| role.is_none_or(|role| row.role == role))
            .map(ProjectParticipant)
            .collect())
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
        citations_connection(ctx, SubjectKind::Project, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

impl FieldColumns for entity::project::Entity {
    fn field_columns(field: &SelectionField<'_>) -> Option<&'static [Self::Column]> {
        use entity::project::Column::*;
        Some(match (field.name(), in_language(field)) {
            ("id" | "history" | "version" | "synthetic" | "kind" | "partnership", _) => &[],
            ("children" | "dacCodes" | "domains" | "participants" | "citations", _) => &[],
            ("slug", _) => &[Slug],
            ("status", _) => &[Status],
            ("title", false) => &[Title, OriginalLang],
            ("title", true) => &[Title, OriginalLang, TitleI18n],
            ("description", false) => &[Description, OriginalLang],
            ("description", true) => &[Description, OriginalLang, DescriptionI18n],
            ("originalLang", _) => &[OriginalLang],
            ("start", _) => &[StartDate, StartPrecision],
            ("end", _) => &[EndDate, EndPrecision],
            ("durationMonths", _) => &[DurationMonths],
            ("budget", _) => &[BudgetAmountCents, BudgetCurrency],
            ("parent", _) => &[ParentId],
            _ => return None,
        })
    }
}

/// A domain a project belongs to, with its OECD DAC 5-digit purpose code.
#[derive(Clone, Debug)]
pub struct ProjectDomain(pub entity::project_domain::Model);

/// A domain a project belongs to, with its OECD DAC 5-digit purpose code.
#[Object]
impl ProjectDomain {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("ProjectDomain", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::ProjectDomain, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The domain.
    async fn domain(&self) -> enums::Domain {
        self.0.domain.into()
    }

    /// The domain's label, in `lang` (French when absent).
    async fn label(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        domain_label(self.0.domain, lang)
    }

    /// The OECD DAC CRS purpose code (`14010` for water sector policy and administrative management), if set.
    async fn dac_code(&self) -> Option<&str> {
        self.0.dac_code.as_deref()
    }

    /// The official name of the purpose code, in `lang` (French or English; English otherwise).
    async fn dac_name(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<&'static str> {
        let code = self.0.dac_code.as_deref()?;
        vocabulary::dac_names(code)?.get_or_english(lang.unwrap_or(Lang::Fr).code())
    }
}

/// An organization taking part in a project, with its IATI role and its contribution.
#[derive(Clone, Debug)]
pub struct ProjectParticipant(pub entity::project_participant::Model);

/// An organization taking part in a project, with its IATI role and its contribution.
#[Object]
impl ProjectParticipant {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("ProjectParticipant", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::ProjectParticipant, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The organization.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Organization> {
        Ok(Organization(load_required::<entity::organization::Entity>(ctx, self.0.organization_id).await?))
    }

    /// The project.
    async fn project(&self, ctx: &Context<'_>) -> AppResult<Project> {
        Ok(Project(load_required::<entity::project::Entity>(ctx, self.0.project_id).await?))
    }

    /// Its role in the project.
    async fn role(&self) -> enums::ParticipantRole {
        self.0.role.into()
    }

    /// What it contributed, when known.
    async fn contribution(&self) -> Option<Money> {
        Money::from_columns(self.0.contribution_cents, self.0.contribution_currency.as_deref())
    }

    /// The sources of this participation.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::ProjectParticipant, self.0.id, PageArgs::new(after, before, first, last))
            .await
    }
}
