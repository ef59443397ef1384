//! `Document` (a source) and its `Contact`s.

use async_graphql::{Context, ID, Object};
use entity::SubjectKind;

use super::enums;
use super::{Citation, Mention, Organization, citations_connection};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::lang::{Lang, translate};
use crate::graphql::loaders::{
    CitationsFromDocument, ContactsOfDocument, MentionsInDocument, children_connection, load_children, load_many,
    load_one,
};
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;

/// A source: a press release, report, agreement, master plan, web page or dataset.
#[derive(Clone, Debug)]
pub struct Document(pub entity::document::Model);

/// A source: a press release, report, agreement, master plan, web page or dataset.
#[Object]
impl Document {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Document", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Document, self.0.id, args).await
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

    /// The stable human handle, used by `document(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// What kind of source.
    async fn kind(&self) -> enums::DocumentKind {
        self.0.kind.into()
    }

    /// The language it is written in (ISO 639-1).
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// The title, in `lang` when a translation exists, else as published.
    async fn title(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        translate(&self.0.title, &self.0.language, &self.0.title_i18n, lang)
    }

    /// The place it was issued from, as printed in its dateline (`Créteil`).
    async fn dateline(&self) -> Option<&str> {
        self.0.dateline.as_deref()
    }

    /// When it was published, as precisely as known.
    async fn published(&self) -> Option<PartialDate> {
        PartialDate::from_columns(self.0.published_date, self.0.published_precision)
    }

    /// The organization that published it.
    async fn publisher(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(id) = self.0.publisher_id else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, id).await?.map(Organization))
    }

    /// The publisher as the source names it, when it is not an organization of the knowledge base (a newspaper,
    /// a blog); null when `publisher` is set or nothing is known.
    async fn publisher_name(&self) -> Option<&str> {
        self.0.publisher_name.as_deref()
    }

    /// Where it can be read online, if anywhere.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// Its full text, in Markdown, when the knowledge base holds it.
    async fn body(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        if self.0.body.is_some() {
            return Ok(self.0.body.clone());
        }
        // A list whose page did not select the body left it out; read it (once per level) rather than say null.
        Ok(load_one::<entity::document::Entity>(ctx, self.0.id).await?.and_then(|row| row.body))
    }

    /// The SHA-256 of the original text (hex), to check a copy against.
    async fn sha256(&self) -> Option<&str> {
        self.0.sha256.as_deref()
    }

    /// The contacts it gives (press relations).
    async fn contacts(&self, ctx: &Context<'_>) -> AppResult<Vec<Contact>> {
        let links = load_children::<ContactsOfDocument>(ctx, self.0.id).await?;
        let rows = load_many::<entity::contact::Entity>(ctx, links.iter().map(|link| link.contact_id)).await?;
        Ok(rows.into_iter().map(Contact).collect())
    }

    /// Where its text names an organization, place, event or delegation, in text order.
    async fn mentions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Mention>> {
        children_connection::<MentionsInDocument, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Mention,
        )
        .await
    }

    /// Every fact this document is cited for, with the quote and the stance.
    async fn cited_for(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        children_connection::<CitationsFromDocument, _>(
            ctx,
            self.0.id,
            (),
            &PageArgs::new(after, before, first, last),
            Citation,
        )
        .await
    }

    /// The sources of what is recorded about the document itself.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::Document, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

/// A way to reach an organization about a document: phone, email, postal address.
#[derive(Clone, Debug)]
pub struct Contact(pub entity::contact::Model);

/// A way to reach an organization about a document: phone, email, postal address.
#[Object]
impl Contact {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Contact", self.0.id))
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
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Contact, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// What the contact is for (`Relation presse`).
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// The phone number, as printed.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }

    /// The email address.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }

    /// The postal address, one line per line.
    async fn postal_address(&self) -> Option<&str> {
        self.0.postal_address.as_deref()
    }

    /// The organization reached.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(id) = self.0.organization_id else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, id).await?.map(Organization))
    }
}
