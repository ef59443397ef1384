//! Creating and changing partnerships and their members.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::{
    Convert, Links, RowInput, SourceInput, TranslationInput, create, set, set_enum, set_nullable, set_nullable_enum,
    set_partial_date, update,
};
use crate::error::AppResult;
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::enums::{MemberRole, MemberSide, PartnershipKind, PartnershipStatus};
use crate::graphql::types::{Partnership, PartnershipMember};

/// The fields of a partnership: all needed to create one except those marked optional; an update changes only
/// the fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct PartnershipInput {
    /// The unique handle (`val-de-marne-tulkarem-qalqilya-jenin`).
    pub slug: Option<String>,
    /// What kind of cooperation it is.
    pub kind: Option<PartnershipKind>,
    /// Whether it runs (optional).
    pub status: MaybeUndefined<PartnershipStatus>,
    /// The language of the name and description (ISO 639-1).
    pub original_lang: Option<String>,
    /// The name in the original language.
    pub name: Option<String>,
    /// The name in other languages (replaces them all).
    pub name_translations: Option<Vec<TranslationInput>>,
    /// The description in the original language (optional).
    pub description: MaybeUndefined<String>,
    /// The description in other languages (replaces them all).
    pub description_translations: Option<Vec<TranslationInput>>,
    /// When it started, as precisely as known (optional).
    pub start: MaybeUndefined<PartialDate>,
    /// When it ended, as precisely as known (optional: none while it runs).
    pub end: MaybeUndefined<PartialDate>,
}

impl RowInput for PartnershipInput {
    type Row = entity::partnership::ActiveModel;
    const TYPE: &'static str = "Partnership";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        set_enum(&mut row.kind, self.kind);
        set_nullable_enum(&mut row.status, self.status);
        set(&mut row.original_lang, self.original_lang);
        set(&mut row.name, self.name);
        convert.set_translations(&mut row.name_i18n, "nameTranslations", self.name_translations);
        set_nullable(&mut row.description, self.description);
        convert.set_translations(&mut row.description_i18n, "descriptionTranslations", self.description_translations);
        set_partial_date(&mut row.start_date, &mut row.start_precision, self.start);
        set_partial_date(&mut row.end_date, &mut row.end_precision, self.end);
        (row, Links::default())
    }
}

/// An organization's membership of a partnership.
#[derive(InputObject)]
pub struct PartnershipMemberInput {
    /// The partnership (needed to create).
    pub partnership: Option<ID>,
    /// The member organization (needed to create).
    pub organization: Option<ID>,
    /// Which side of the partnership it is on.
    pub side: Option<MemberSide>,
    /// Its role.
    pub role: Option<MemberRole>,
}

impl RowInput for PartnershipMemberInput {
    type Row = entity::partnership_member::ActiveModel;
    const TYPE: &'static str = "PartnershipMember";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        convert.set_reference(&mut row.partnership_id, "partnership", self.partnership, "Partnership");
        convert.set_reference(&mut row.organization_id, "organization", self.organization, "Organization");
        set_enum(&mut row.side, self.side);
        set_enum(&mut row.role, self.role);
        (row, Links::default())
    }
}

/// Creating and changing partnerships and their members.
#[derive(Default)]
pub struct PartnershipMutation;

/// Creating and changing partnerships and their members.
#[Object]
impl PartnershipMutation {
    /// Creates a partnership (EDITOR), with the sources of what it records.
    async fn create_partnership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: PartnershipInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Partnership> {
        create(ctx, input, sources).await.map(Partnership)
    }

    /// Changes a partnership (EDITOR) by the fields given.
    async fn update_partnership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: PartnershipInput,
    ) -> AppResult<Partnership> {
        update(ctx, &id, version, input).await.map(Partnership)
    }

    /// Adds a member to a partnership (EDITOR), with the sources that say so.
    async fn create_partnership_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: PartnershipMemberInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<PartnershipMember> {
        create(ctx, input, sources).await.map(PartnershipMember)
    }

    /// Changes a membership (EDITOR) by the fields given.
    async fn update_partnership_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: PartnershipMemberInput,
    ) -> AppResult<PartnershipMember> {
        update(ctx, &id, version, input).await.map(PartnershipMember)
    }
}
