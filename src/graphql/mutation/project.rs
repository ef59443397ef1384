//! Creating and changing projects, their domains and their participants.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use sea_orm::ActiveValue::Set;

use super::{
    Convert, Link, Links, MoneyInput, RowInput, SourceInput, TranslationInput, create, set, set_enum, set_nullable,
    set_nullable_enum, set_partial_date, update,
};
use crate::error::AppResult;
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::enums::{Domain, ParticipantRole, ProjectKind, ProjectStatus};
use crate::graphql::types::{Project, ProjectParticipant};

/// A domain of a project.
#[derive(InputObject)]
pub struct ProjectDomainInput {
    /// The domain.
    pub domain: Domain,
    /// Its OECD DAC purpose code (5 digits, optional: `14020`).
    pub dac_code: Option<String>,
}

/// The fields of a project: all needed to create one except those marked optional; an update changes only the
/// fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct ProjectInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// The partnership it is part of.
    pub partnership: Option<ID>,
    /// The project it is part of (optional).
    pub parent: MaybeUndefined<ID>,
    /// What kind of project it is.
    pub kind: Option<ProjectKind>,
    /// Its IATI activity status (optional).
    pub status: MaybeUndefined<ProjectStatus>,
    /// The language of the title and description (ISO 639-1).
    pub original_lang: Option<String>,
    /// The title in the original language.
    pub title: Option<String>,
    /// The title in other languages (replaces them all).
    pub title_translations: Option<Vec<TranslationInput>>,
    /// The description in the original language (optional).
    pub description: MaybeUndefined<String>,
    /// The description in other languages (replaces them all).
    pub description_translations: Option<Vec<TranslationInput>>,
    /// When it started, as precisely as known (optional).
    pub start: MaybeUndefined<PartialDate>,
    /// When it ended, as precisely as known (optional).
    pub end: MaybeUndefined<PartialDate>,
    /// How long it runs, in months, when its end is not known (optional).
    pub duration_months: MaybeUndefined<i32>,
    /// Its budget (optional).
    pub budget: MaybeUndefined<MoneyInput>,
    /// Its domains (replaces them all).
    pub domains: Option<Vec<ProjectDomainInput>>,
}

impl RowInput for ProjectInput {
    type Row = entity::project::ActiveModel;
    const TYPE: &'static str = "Project";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        convert.set_reference(&mut row.partnership_id, "partnership", self.partnership, "Partnership");
        convert.set_optional_reference(&mut row.parent_id, "parent", self.parent, "Project");
        set_enum(&mut row.kind, self.kind);
        set_nullable_enum(&mut row.status, self.status);
        set(&mut row.original_lang, self.original_lang);
        set(&mut row.title, self.title);
        convert.set_translations(&mut row.title_i18n, "titleTranslations", self.title_translations);
        set_nullable(&mut row.description, self.description);
        convert.set_translations(&mut row.description_i18n, "descriptionTranslations", self.description_translations);
        set_partial_date(&mut row.start_date, &mut row.start_precision, self.start);
        set_partial_date(&mut row.end_date, &mut row.end_precision, self.end);
        set_nullable(&mut row.duration_months, self.duration_months);
        convert.set_money(&mut row.budget_amount_cents, &mut row.budget_currency, "budget", self.budget);
        let mut links = Links::default();
        if let Some(domains) = self.domains {
            let rows = domains
                .into_iter()
                .map(|domain| entity::project_domain::ActiveModel {
                    domain: Set(domain.domain.into()),
                    dac_code: Set(domain.dac_code),
                    ..Default::default()
                })
                .collect();
            links.0.push(Link::Domains(rows));
        }
        (row, links)
    }
}

/// An organization's part in a project.
#[derive(InputObject)]
pub struct ProjectParticipantInput {
    /// The project (needed to create).
    pub project: Option<ID>,
    /// The organization (needed to create).
    pub organization: Option<ID>,
    /// Its role (IATI organisation role, or BENEFICIARY).
    pub role: Option<ParticipantRole>,
    /// What it contributed (optional).
    pub contribution: MaybeUndefined<MoneyInput>,
}

impl RowInput for ProjectParticipantInput {
    type Row = entity::project_participant::ActiveModel;
    const TYPE: &'static str = "ProjectParticipant";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        convert.set_reference(&mut row.project_id, "project", self.project, "Project");
        convert.set_reference(&mut row.organization_id, "organization", self.organization, "Organization");
        set_enum(&mut row.role, self.role);
        convert.set_money(
            &mut row.contribution_cents,
            &mut row.contribution_currency,
            "contribution",
            self.contribution,
        );
        (row, Links::default())
    }
}

/// Creating and changing projects, their domains and their participants.
#[derive(Default)]
pub struct ProjectMutation;

/// Creating and changing projects, their domains and their participants.
#[Object]
impl ProjectMutation {
    /// Creates a project with its domains (EDITOR), with the sources of what it records.
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: ProjectInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Project> {
        create(ctx, input, sources).await.map(Project)
    }

    /// Changes a project (EDITOR) by the fields given; `domains`, when given, replaces its domains.
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: ProjectInput,
    ) -> AppResult<Project> {
        update(ctx, &id, version, input).await.map(Project)
    }

    /// Adds a participant to a project (EDITOR), with the sources that say so.
    async fn create_project_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: ProjectParticipantInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<ProjectParticipant> {
        create(ctx, input, sources).await.map(ProjectParticipant)
    }

    /// Changes a participation (EDITOR) by the fields given.
    async fn update_project_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: ProjectParticipantInput,
    ) -> AppResult<ProjectParticipant> {
        update(ctx, &id, version, input).await.map(ProjectParticipant)
    }
}
