//! `Organization` and its names.

use async_graphql::{Context, ID, Object, SelectionField};
use entity::{NameKind, SubjectKind};

use super::enums;
use super::{
    Citation, Document, GeoPoint, Mention, OfficialCode, Partnership, PartnershipMember, PersonRole, Population,
    Project, ProjectParticipant, ReportedFigure, TimelineEntry, TimelineKind, citations_connection, figures_connection,
    timeline_filter,
};
use crate::db::timeline::Owner;
use crate::error::AppResult;
use crate::graphql::columns::FieldColumns;
use crate::graphql::ids::global_id;
use crate::graphql::inputs::DateRangeInput;
use crate::graphql::lang::Lang;
use crate::graphql::loaders::{
    ChildrenOfOrganization, DocumentsOfPublisher, MembershipsOfOrganization, NamesOfOrganization,
    ParticipationsOfOrganization, PartnersOfOrganization, PartnershipsOfOrganization, ProjectsOfOrganization,
    RolesInOrganization, about_connection, children_connection, load_children, load_one, load_whole,
    owned_timeline_connection,
};
use crate::graphql::pagination::{Conn, PageArgs};

/// An actor of cooperation: a collectivity (department, municipality, commune…), an agency, a ministry, an NGO or a network.
#[derive(Clone, Debug)]
pub struct Organization(pub entity::organization::Model);

/// An actor of cooperation: a collectivity (department, municipality, commune…), an agency, a ministry, an NGO or a network.
#[Object]
impl Organization {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Organization", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Organization, self.0.id, args).await
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

    /// The stable human handle (`val-de-marne`), used by `organization(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// What the organization is.
    async fn kind(&self) -> enums::OrganizationKind {
        self.0.kind.into()
    }

    /// Whether it is a collectivity (a local or regional authority, a refugee camp) rather than an agency, ministry, NGO or network.
    async fn is_collectivity(&self) -> bool {
        self.0.kind.is_collectivity()
    }

    /// The ISO 3166-1 alpha-2 country code (`FR`, `PS`).
    async fn country(&self) -> &str {
        &self.0.country
    }

    /// The name; with `lang`, the official (else common) name in that language when one is recorded, else the usual name.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Language of the name.")] lang: Option<Lang>,
    ) -> AppResult<String> {
        let Some(lang) = lang else { return Ok(self.0.name.clone()) };
        let names = load_children::<NamesOfOrganization>(ctx, self.0.id).await?;
        let rank = |kind: NameKind| match kind {
            NameKind::Official => 0,
            NameKind::Common => 1,
            NameKind::Transliteration => 2,
            NameKind::Variant => 3,
        };
        Ok(names
            .into_iter()
            .filter(|name| name.lang.as_deref() == Some(lang.code()))
            .min_by_key(|name| rank(name.kind))
            .map_or_else(|| self.0.name.clone(), |name| name.value))
    }

    /// Every recorded name and spelling, with its language and kind.
    async fn names(&self, ctx: &Context<'_>) -> AppResult<Vec<OrganizationName>> {
        Ok(load_children::<NamesOfOrganization>(ctx, self.0.id).await?.into_iter().map(OrganizationName).collect())
    }

    /// The official code (INSEE for French collectivities), if any.
    async fn official_code(&self) -> Option<OfficialCode> {
        Some(OfficialCode { scheme: self.0.official_code_scheme.clone()?, value: self.0.official_code.clone()? })
    }

    /// The ISO 3166-2 subdivision code (`FR-94`), if any.
    async fn subdivision_code(&self) -> Option<&str> {
        self.0.subdivision_code.as_deref()
    }

    /// The postal code, if any.
    async fn postal_code(&self) -> Option<&str> {
        self.0.postal_code.as_deref()
    }

    /// The seat (prefecture, chief town), if recorded.
    async fn seat(&self) -> Option<&str> {
        self.0.seat.as_deref()
    }

    /// Where it is, if known.
    async fn location(&self) -> Option<GeoPoint> {
        GeoPoint::from_columns(self.0.latitude, self.0.longitude)
    }

    /// Its population and the year counted, if known.
    async fn population(&self) -> Option<Population> {
        Some(Population { count: self.0.population?, year: self.0.population_year? })
    }

    /// The organization it is part of (Valenton → Val-de-Marne).
    async fn parent(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(parent) = self.0.parent_id else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, parent).await?.map(Organization))
    }

    /// The organizations that are part of it (the communes of a department).
    async fn subdivisions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Organization>> {
        children_connection::<ChildrenOfOrganization, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Organization,
        )
        .await
    }

    /// Its memberships of partnerships, with side and role.
    async fn memberships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<PartnershipMember>> {
        children_connection::<MembershipsOfOrganization, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            PartnershipMember,
        )
        .await
    }

    /// The partnerships it is a member of.
    async fn partnerships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Partnership>> {
        let args = PageArgs::new(after, before, first, last);
        children_connection::<PartnershipsOfOrganization, _>(ctx, self.0.id, (), &args, Partnership).await
    }

    /// Its participations in projects, with role and contribution.
    async fn participations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<ProjectParticipant>> {
        children_connection::<ParticipationsOfOrganization, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            ProjectParticipant,
        )
        .await
    }

    /// The projects it takes part in, whatever its role.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Project>> {
        let args = PageArgs::new(after, before, first, last);
        children_connection::<ProjectsOfOrganization, _>(ctx, self.0.id, (), &args, Project).await
    }

    /// The other members of its partnerships, on any side; optionally only the collectivities of the other side.
    async fn partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only collectivities on the other side of the partnership (its partner cities).")]
        other_side_collectivities: Option<bool>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Organization>> {
        let args = PageArgs::new(after, before, first, last);
        let filter = other_side_collectivities.unwrap_or(false);
        children_connection::<PartnersOfOrganization, _>(ctx, self.0.id, filter, &args, Organization).await
    }

    /// The collectivities on the other side of its partnerships (for Val-de-Marne: Tulkarem, Qalqilya, Jenin).
    async fn partner_cities(&self, ctx: &Context<'_>) -> AppResult<Vec<Organization>> {
        Ok(load_whole::<PartnersOfOrganization>(ctx, self.0.id, true).await?.into_iter().map(Organization).collect())
    }

    /// The documents it published.
    async fn documents(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Document>> {
        children_connection::<DocumentsOfPublisher, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Document,
        )
        .await
    }

    /// The places in documents that name it, by whatever spelling.
    async fn mentions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Mention>> {
        let args = PageArgs::new(after, before, first, last);
        about_connection::<entity::mention::Entity, _>(ctx, SubjectKind::Organization, self.0.id, &args, Mention).await
    }

    /// What it took part in, in date order: projects, delegations it hosted or joined, events it organized,
    /// documents it published or is named in. Items without a date are left out.
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
        owned_timeline_connection(ctx, Owner::Organization, self.0.id, filter, &args).await
    }

    /// The public roles people held in it, as the sources give them.
    async fn people(&self, ctx: &Context<'_>) -> AppResult<Vec<PersonRole>> {
        Ok(load_children::<RolesInOrganization>(ctx, self.0.id).await?.into_iter().map(PersonRole).collect())
    }

    /// Figures sources report about it without listing their items (populations of given years).
    async fn reported_figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<ReportedFigure>> {
        figures_connection(ctx, SubjectKind::Organization, self.0.id, PageArgs::new(after, before, first, last)).await
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
        citations_connection(ctx, SubjectKind::Organization, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

impl FieldColumns for entity::organization::Entity {
    fn field_columns(field: &SelectionField<'_>) -> Option<&'static [Self::Column]> {
        use entity::organization::Column::*;
        Some(match field.name() {
            "id" | "history" | "version" | "synthetic" | "kind" | "isCollectivity" | "names" => &[],
            "subdivisions" | "memberships" | "partnerships" | "participations" | "projects" | "partners" => &[],
            "partnerCities" | "documents" | "mentions" | "timeline" | "people" | "reportedFigures" | "citations" => &[],
            "slug" => &[Slug],
            "name" => &[Name],
            "country" => &[Country],
            "officialCode" => &[OfficialCode, OfficialCodeScheme],
            "subdivisionCode" => &[SubdivisionCode],
            "postalCode" => &[PostalCode],
            "seat" => &[Seat],
            "location" => &[Latitude, Longitude],
            "population" => &[Population, PopulationYear],
            "parent" => &[ParentId],
            _ => return None,
        })
    }
}

/// One name or spelling of an organization (Jenin, Jénine, Jenine, Djénine, جنين).
#[derive(Clone, Debug)]
pub struct OrganizationName(pub entity::organization_name::Model);

/// One name or spelling of an organization (Jenin, Jénine, Jenine, Djénine, جنين).
#[Object]
impl OrganizationName {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("OrganizationName", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::OrganizationName, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The name as written.
    async fn value(&self) -> &str {
        &self.0.value
    }

    /// Its language (ISO 639-1: `fr`, `en`, `ar`), when it belongs to one.
    async fn lang(&self) -> Option<&str> {
        self.0.lang.as_deref()
    }

    /// What kind of name it is.
    async fn kind(&self) -> enums::NameKind {
        self.0.kind.into()
    }
}
