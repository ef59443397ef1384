//! `Organization` and its names.

use async_graphql::{Context, ID, Object};
use entity::{NameKind, SubjectKind};

use super::enums;
use super::{
    Citation, GeoPoint, OfficialCode, Partnership, PartnershipMember, Population, Project, ProjectParticipant,
    citations_connection,
};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::lang::Lang;
use crate::graphql::loaders::{
    ChildrenOfOrganization, MembershipsOfOrganization, NamesOfOrganization, ParticipationsOfOrganization,
    load_children, load_many, load_one,
};
use crate::graphql::pagination::{Conn, PageArgs, slice_connection};

/// An actor of cooperation: a collectivity (department, municipality, commune…), an agency, a ministry, an NGO or a network.
#[derive(Clone, Debug)]
pub struct Organization(pub entity::organization::Model);

#[Object]
impl Organization {
    /// The opaque global id.
    async fn id(&self) -> ID {
        global_id("Organization", self.0.id)
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
        use entity::OrganizationKind as K;
        matches!(
            self.0.kind,
            K::Department
                | K::Region
                | K::Municipality
                | K::Commune
                | K::Governorate
                | K::VillageCouncil
                | K::JointServicesCouncil
                | K::RefugeeCamp
        )
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
        let rows = load_children::<ChildrenOfOrganization>(ctx, self.0.id).await?;
        slice_connection(ctx, rows, &PageArgs::new(after, before, first, last), |row| row.id, Organization)
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
        let rows = load_children::<MembershipsOfOrganization>(ctx, self.0.id).await?;
        slice_connection(ctx, rows, &PageArgs::new(after, before, first, last), |row| row.id, PartnershipMember)
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
        let memberships = load_children::<MembershipsOfOrganization>(ctx, self.0.id).await?;
        let mut ids: Vec<i32> = memberships.iter().map(|m| m.partnership_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = load_many::<entity::partnership::Entity>(ctx, ids).await?;
        slice_connection(ctx, rows, &PageArgs::new(after, before, first, last), |row| row.id, Partnership)
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
        let rows = load_children::<ParticipationsOfOrganization>(ctx, self.0.id).await?;
        slice_connection(ctx, rows, &PageArgs::new(after, before, first, last), |row| row.id, ProjectParticipant)
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
        let participations = load_children::<ParticipationsOfOrganization>(ctx, self.0.id).await?;
        let mut ids: Vec<i32> = participations.iter().map(|p| p.project_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = load_many::<entity::project::Entity>(ctx, ids).await?;
        slice_connection(ctx, rows, &PageArgs::new(after, before, first, last), |row| row.id, Project)
    }

    /// The sources of what is recorded about it.
    async fn citations(
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

/// One name or spelling of an organization (Jenin, Jénine, Jenine, Djénine, جنين).
#[derive(Clone, Debug)]
pub struct OrganizationName(pub entity::organization_name::Model);

#[Object]
impl OrganizationName {
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
