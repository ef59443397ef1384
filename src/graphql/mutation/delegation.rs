//! Creating and changing delegations, their hosts and members, and the public persons who take part.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use sea_orm::ActiveValue::Set;

use super::{
    Convert, Link, Links, RowInput, SourceInput, TranslationInput, create, set, set_enum, set_nullable,
    set_nullable_enum, set_partial_date, update,
};
use crate::error::AppResult;
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::enums::{DelegateRole, DelegationDirection};
use crate::graphql::types::{Delegation, DelegationMember, Person};

/// The fields of a delegation: all needed to create one except those marked optional; an update changes only
/// the fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct DelegationInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// The partnership it travels within.
    pub partnership: Option<ID>,
    /// Which way it travels.
    pub direction: Option<DelegationDirection>,
    /// The language of the texts (ISO 639-1).
    pub original_lang: Option<String>,
    /// The title in the original language.
    pub title: Option<String>,
    /// The title in other languages (replaces them all).
    pub title_translations: Option<Vec<TranslationInput>>,
    /// What it came for (optional).
    pub purpose: MaybeUndefined<String>,
    /// The purpose in other languages (replaces them all).
    pub purpose_translations: Option<Vec<TranslationInput>>,
    /// The occasion (optional).
    pub occasion: MaybeUndefined<String>,
    /// The occasion in other languages (replaces them all).
    pub occasion_translations: Option<Vec<TranslationInput>>,
    /// When it started, as precisely as known (optional).
    pub start: MaybeUndefined<PartialDate>,
    /// When it ended, as precisely as known (optional).
    pub end: MaybeUndefined<PartialDate>,
    /// The organizations that hosted it (replaces them all).
    pub hosts: Option<Vec<ID>>,
}

impl RowInput for DelegationInput {
    type Row = entity::delegation::ActiveModel;
    const TYPE: &'static str = "Delegation";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        convert.set_reference(&mut row.partnership_id, "partnership", self.partnership, "Partnership");
        set_enum(&mut row.direction, self.direction);
        set(&mut row.original_lang, self.original_lang);
        set(&mut row.title, self.title);
        convert.set_translations(&mut row.title_i18n, "titleTranslations", self.title_translations);
        set_nullable(&mut row.purpose, self.purpose);
        convert.set_translations(&mut row.purpose_i18n, "purposeTranslations", self.purpose_translations);
        set_nullable(&mut row.occasion, self.occasion);
        convert.set_translations(&mut row.occasion_i18n, "occasionTranslations", self.occasion_translations);
        set_partial_date(&mut row.start_date, &mut row.start_precision, self.start);
        set_partial_date(&mut row.end_date, &mut row.end_precision, self.end);
        let mut links = Links::default();
        if let Some(hosts) = self.hosts {
            let rows = hosts
                .iter()
                .enumerate()
                .filter_map(|(n, id)| convert.reference(&format!("hosts.{n}"), id, "Organization"))
                .map(|organization| entity::delegation_host::ActiveModel {
                    organization_id: Set(organization),
                    ..Default::default()
                })
                .collect();
            links.0.push(Link::Hosts(rows));
        }
        (row, links)
    }
}

/// A member of a delegation: an organization, a public person, or a headcount when names are not known.
#[derive(InputObject)]
pub struct DelegationMemberInput {
    /// The delegation (needed to create).
    pub delegation: Option<ID>,
    /// The organization the member represents (optional with a person).
    pub organization: MaybeUndefined<ID>,
    /// The public person (optional).
    pub person: MaybeUndefined<ID>,
    /// The member's role (optional).
    pub role: MaybeUndefined<DelegateRole>,
    /// How many people, when names are not known (optional, at least 1).
    pub headcount: MaybeUndefined<i32>,
}

impl RowInput for DelegationMemberInput {
    type Row = entity::delegation_member::ActiveModel;
    const TYPE: &'static str = "DelegationMember";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        convert.set_reference(&mut row.delegation_id, "delegation", self.delegation, "Delegation");
        convert.set_optional_reference(&mut row.organization_id, "organization", self.organization, "Organization");
        convert.set_optional_reference(&mut row.person_id, "person", self.person, "Person");
        set_nullable_enum(&mut row.role, self.role);
        set_nullable(&mut row.headcount, self.headcount);
        (row, Links::default())
    }
}

/// A role a person held in an organization.
#[derive(InputObject)]
pub struct PersonRoleInput {
    /// The organization.
    pub organization: ID,
    /// The title (`Président du Conseil départemental`).
    pub title: String,
    /// Since when, as precisely as known (optional).
    pub start: Option<PartialDate>,
    /// Until when, as precisely as known (optional).
    pub end: Option<PartialDate>,
}

/// A public figure (never a private individual).
#[derive(InputObject)]
pub struct PersonInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// The name.
    pub name: Option<String>,
    /// The honorific (optional).
    pub honorific: MaybeUndefined<String>,
    /// The roles held (replaces them all).
    pub roles: Option<Vec<PersonRoleInput>>,
}

impl RowInput for PersonInput {
    type Row = entity::person::ActiveModel;
    const TYPE: &'static str = "Person";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        set(&mut row.name, self.name);
        set_nullable(&mut row.honorific, self.honorific);
        let mut links = Links::default();
        if let Some(roles) = self.roles {
            let rows = roles
                .into_iter()
                .enumerate()
                .map(|(n, role)| {
                    let mut row = entity::person_role::ActiveModel { title: Set(role.title), ..Default::default() };
                    set(
                        &mut row.organization_id,
                        convert.reference(&format!("roles.{n}.organization"), &role.organization, "Organization"),
                    );
                    row.start_date = Set(role.start.map(|date| date.0.first_day()));
                    row.start_precision = Set(role.start.map(|date| date.0.precision()));
                    row.end_date = Set(role.end.map(|date| date.0.first_day()));
                    row.end_precision = Set(role.end.map(|date| date.0.precision()));
                    row
                })
                .collect();
            links.0.push(Link::Roles(rows));
        }
        (row, links)
    }
}

/// Creating and changing delegations, their members, and persons.
#[derive(Default)]
pub struct DelegationMutation;

/// Creating and changing delegations, their members, and persons.
#[Object]
impl DelegationMutation {
    /// Creates a delegation with its hosts (EDITOR), with the sources of what it records.
    async fn create_delegation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: DelegationInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Delegation> {
        create(ctx, input, sources).await.map(Delegation)
    }

    /// Changes a delegation (EDITOR) by the fields given; `hosts`, when given, replaces its hosts.
    async fn update_delegation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: DelegationInput,
    ) -> AppResult<Delegation> {
        update(ctx, &id, version, input).await.map(Delegation)
    }

    /// Adds a member to a delegation (EDITOR), with the sources that say so.
    async fn create_delegation_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: DelegationMemberInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<DelegationMember> {
        create(ctx, input, sources).await.map(DelegationMember)
    }

    /// Changes a delegation member (EDITOR) by the fields given.
    async fn update_delegation_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: DelegationMemberInput,
    ) -> AppResult<DelegationMember> {
        update(ctx, &id, version, input).await.map(DelegationMember)
    }

    /// Records a public person with the roles they held (EDITOR).
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Their fields.")] input: PersonInput,
        #[graphql(desc = "The documents that name them.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Person> {
        create(ctx, input, sources).await.map(Person)
    }

    /// Changes a person (EDITOR) by the fields given; `roles`, when given, replaces their roles.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Their id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: PersonInput,
    ) -> AppResult<Person> {
        update(ctx, &id, version, input).await.map(Person)
    }
}
