//! Creating and changing organizations and their names.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::{Convert, Links, RowInput, SourceInput, create, set, set_enum, set_nullable, update};
use crate::error::AppResult;
use crate::graphql::types::enums::{NameKind, OrganizationKind};
use crate::graphql::types::{Organization, OrganizationName};

/// The fields of an organization: all needed to create one except those marked optional; an update changes
/// only the fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct OrganizationInput {
    /// The unique handle (lowercase ASCII letters, digits and hyphens: `val-de-marne`).
    pub slug: Option<String>,
    /// What the organization is.
    pub kind: Option<OrganizationKind>,
    /// The ISO 3166-1 alpha-2 country code (`FR`, `PS`).
    pub country: Option<String>,
    /// The organization it belongs to (optional: Valenton belongs to Val-de-Marne).
    pub parent: MaybeUndefined<ID>,
    /// The name in the original language.
    pub name: Option<String>,
    /// The official code (optional: INSEE `94`).
    pub official_code: MaybeUndefined<String>,
    /// The scheme of the official code (optional: `INSEE`).
    pub official_code_scheme: MaybeUndefined<String>,
    /// The ISO 3166-2 subdivision code (optional: `FR-94`).
    pub subdivision_code: MaybeUndefined<String>,
    /// The postal code (optional).
    pub postal_code: MaybeUndefined<String>,
    /// The seat (optional: `Créteil`).
    pub seat: MaybeUndefined<String>,
    /// The latitude in degrees, -90 to 90 (optional, with the longitude).
    pub latitude: MaybeUndefined<f64>,
    /// The longitude in degrees, -180 to 180 (optional, with the latitude).
    pub longitude: MaybeUndefined<f64>,
    /// The number of inhabitants (optional, with the year it was counted).
    pub population: MaybeUndefined<i64>,
    /// The year the population was counted (optional).
    pub population_year: MaybeUndefined<i32>,
}

impl RowInput for OrganizationInput {
    type Row = entity::organization::ActiveModel;
    const TYPE: &'static str = "Organization";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        set_enum(&mut row.kind, self.kind);
        set(&mut row.country, self.country);
        convert.set_optional_reference(&mut row.parent_id, "parent", self.parent, "Organization");
        set(&mut row.name, self.name);
        set_nullable(&mut row.official_code, self.official_code);
        set_nullable(&mut row.official_code_scheme, self.official_code_scheme);
        set_nullable(&mut row.subdivision_code, self.subdivision_code);
        set_nullable(&mut row.postal_code, self.postal_code);
        set_nullable(&mut row.seat, self.seat);
        set_nullable(&mut row.latitude, self.latitude);
        set_nullable(&mut row.longitude, self.longitude);
        set_nullable(&mut row.population, self.population);
        set_nullable(&mut row.population_year, self.population_year);
        (row, Links::default())
    }
}

/// A name or spelling of an organization.
#[derive(InputObject)]
pub struct OrganizationNameInput {
    /// The organization it names (needed to create).
    pub organization: Option<ID>,
    /// The name as written (`Jénine`, `جنين`).
    pub value: Option<String>,
    /// Its language (ISO 639-1; optional).
    pub lang: MaybeUndefined<String>,
    /// What kind of name it is.
    pub kind: Option<NameKind>,
}

impl RowInput for OrganizationNameInput {
    type Row = entity::organization_name::ActiveModel;
    const TYPE: &'static str = "OrganizationName";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        convert.set_reference(&mut row.organization_id, "organization", self.organization, "Organization");
        set(&mut row.value, self.value);
        set_nullable(&mut row.lang, self.lang);
        set_enum(&mut row.kind, self.kind);
        (row, Links::default())
    }
}

/// Creating and changing organizations and their names.
#[derive(Default)]
pub struct OrganizationMutation;

/// Creating and changing organizations and their names.
#[Object]
impl OrganizationMutation {
    /// Creates an organization (EDITOR), with the sources of what it records.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: OrganizationInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Organization> {
        create(ctx, input, sources).await.map(Organization)
    }

    /// Changes an organization (EDITOR) by the fields given.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: OrganizationInput,
    ) -> AppResult<Organization> {
        update(ctx, &id, version, input).await.map(Organization)
    }

    /// Adds a name or spelling to an organization (EDITOR).
    async fn create_organization_name(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: OrganizationNameInput,
        #[graphql(desc = "The documents that use the name.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<OrganizationName> {
        create(ctx, input, sources).await.map(OrganizationName)
    }

    /// Changes a name of an organization (EDITOR) by the fields given.
    async fn update_organization_name(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: OrganizationNameInput,
    ) -> AppResult<OrganizationName> {
        update(ctx, &id, version, input).await.map(OrganizationName)
    }
}
