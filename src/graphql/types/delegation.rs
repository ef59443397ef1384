//! `Delegation`, its members, and `Person`.

use async_graphql::{Context, ID, Object, SelectionField};
use entity::SubjectKind;

use super::enums;
use super::{Citation, Organization, Partnership, citations_connection};
use crate::error::AppResult;
use crate::graphql::columns::{FieldColumns, in_language};
use crate::graphql::ids::global_id;
use crate::graphql::lang::{Lang, translate, translate_opt};
use crate::graphql::loaders::{
    HostsOfDelegation, MembersOfDelegation, RolesOfPerson, load_children, load_many, load_one, load_required,
};
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;

/// A visit of elected officials, staff or experts from one side of a partnership to the other.
#[derive(Clone, Debug)]
pub struct Delegation(pub entity::delegation::Model);

/// A visit of elected officials, staff or experts from one side of a partnership to the other.
#[Object]
impl Delegation {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Delegation", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Delegation, self.0.id, args).await
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

    /// The stable human handle, used by `delegation(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Which way it travelled.
    async fn direction(&self) -> enums::DelegationDirection {
        self.0.direction.into()
    }

    /// A short title, in `lang` when a translation exists, else in the original language.
    async fn title(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        translate(&self.0.title, &self.0.original_lang, &self.0.title_i18n, lang)
    }

    /// What it came to do, in `lang` when a translation exists, else in the original language.
    async fn purpose(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<String> {
        translate_opt(self.0.purpose.as_deref(), &self.0.original_lang, &self.0.purpose_i18n, lang)
    }

    /// The occasion (an anniversary), in `lang` when a translation exists, else in the original language.
    async fn occasion(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<String> {
        translate_opt(self.0.occasion.as_deref(), &self.0.original_lang, &self.0.occasion_i18n, lang)
    }

    /// The language its texts were written in (ISO 639-1).
    async fn original_lang(&self) -> &str {
        &self.0.original_lang
    }

    /// When it started, as precisely as known.
    async fn start(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.start_date, self.0.start_precision)
    }

    /// When it ended, as precisely as known.
    async fn end(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.end_date, self.0.end_precision)
    }

    /// The partnership it belongs to.
    async fn partnership(&self, ctx: &Context<'_>) -> AppResult<Partnership> {
        Ok(Partnership(load_required::<entity::partnership::Entity>(ctx, self.0.partnership_id).await?))
    }

    /// The organizations that hosted it.
    async fn hosts(&self, ctx: &Context<'_>) -> AppResult<Vec<Organization>> {
        let hosts = load_children::<HostsOfDelegation>(ctx, self.0.id).await?;
        let rows =
            load_many::<entity::organization::Entity>(ctx, hosts.iter().map(|host| host.organization_id)).await?;
        Ok(rows.into_iter().map(Organization).collect())
    }

    /// Who travelled: organizations' representatives and named people, with their roles.
    async fn members(&self, ctx: &Context<'_>) -> AppResult<Vec<DelegationMember>> {
        Ok(load_children::<MembersOfDelegation>(ctx, self.0.id).await?.into_iter().map(DelegationMember).collect())
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
        citations_connection(ctx, SubjectKind::Delegation, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

impl FieldColumns for entity::delegation::Entity {
    fn field_columns(field: &SelectionField<'_>) -> Option<&'static [Self::Column]> {
        use entity::delegation::Column::*;
        Some(match (field.name(), in_language(field)) {
            ("id" | "history" | "version" | "synthetic" | "direction" | "partnership", _) => &[],
            ("hosts" | "members" | "citations", _) => &[],
            ("slug", _) => &[Slug],
            ("title", false) => &[Title, OriginalLang],
            ("title", true) => &[Title, OriginalLang, TitleI18n],
            ("purpose", false) => &[Purpose, OriginalLang],
            ("purpose", true) => &[Purpose, OriginalLang, PurposeI18n],
            ("occasion", false) => &[Occasion, OriginalLang],
            ("occasion", true) => &[Occasion, OriginalLang, OccasionI18n],
            ("originalLang", _) => &[OriginalLang],
            ("start", _) => &[StartDate, StartPrecision],
            ("end", _) => &[EndDate, EndPrecision],
            _ => return None,
        })
    }
}

/// A member of a delegation: an organization's representatives and/or a named person, with a role.
#[derive(Clone, Debug)]
pub struct DelegationMember(pub entity::delegation_member::Model);

/// A member of a delegation: an organization's representatives and/or a named person, with a role.
#[Object]
impl DelegationMember {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("DelegationMember", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::DelegationMember, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The organization represented, if known.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(id) = self.0.organization_id else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, id).await?.map(Organization))
    }

    /// The person, when the sources name them.
    async fn person(&self, ctx: &Context<'_>) -> AppResult<Option<Person>> {
        let Some(id) = self.0.person_id else { return Ok(None) };
        Ok(load_one::<entity::person::Entity>(ctx, id).await?.map(Person))
    }

    /// Their role in the delegation, when known.
    async fn role(&self) -> Option<enums::DelegateRole> {
        self.0.role.map(Into::into)
    }

    /// How many people this member stands for, when names are unknown.
    async fn headcount(&self) -> Option<i32> {
        self.0.headcount
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
        citations_connection(ctx, SubjectKind::DelegationMember, self.0.id, PageArgs::new(after, before, first, last))
            .await
    }
}

/// A public figure (a mayor, a president of a departmental council).
#[derive(Clone, Debug)]
pub struct Person(pub entity::person::Model);

/// A public figure (a mayor, a president of a departmental council).
#[Object]
impl Person {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Person", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Person, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The stable human handle.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The honorific (M., Mme, Dr), if any.
    async fn honorific(&self) -> Option<&str> {
        self.0.honorific.as_deref()
    }

    /// The public roles the sources give them, each with its organization and dates.
    async fn roles(&self, ctx: &Context<'_>) -> AppResult<Vec<PersonRole>> {
        Ok(load_children::<RolesOfPerson>(ctx, self.0.id).await?.into_iter().map(PersonRole).collect())
    }

    /// The sources of this person's record (their name).
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::Person, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

/// A public role a person held in an organization, with its dates as precise as the sources.
#[derive(Clone, Debug)]
pub struct PersonRole(pub entity::person_role::Model);

/// A public role a person held in an organization, with its dates as precise as the sources.
#[Object]
impl PersonRole {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("PersonRole", self.0.id))
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
        crate::graphql::types::history_connection(ctx, SubjectKind::PersonRole, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// The person.
    async fn person(&self, ctx: &Context<'_>) -> AppResult<Person> {
        Ok(Person(load_required::<entity::person::Entity>(ctx, self.0.person_id).await?))
    }

    /// The organization the role is in.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Organization> {
        Ok(Organization(load_required::<entity::organization::Entity>(ctx, self.0.organization_id).await?))
    }

    /// The role, in the source's words (`maire`, `vice-présidente du Département`).
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The first date the sources show them in the role.
    async fn start(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.start_date, self.0.start_precision)
    }

    /// The last date the sources show them in the role.
    async fn end(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.end_date, self.0.end_precision)
    }

    /// The sources of the role.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::PersonRole, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}
