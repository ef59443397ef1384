//! Creating and changing source documents, their contacts, the mentions in them, and citations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use sea_orm::ActiveValue::Set;

use super::{
    Convert, Link, Links, RowInput, TranslationInput, create, set, set_enum, set_nullable, set_partial_date, update,
};
use crate::error::AppResult;
use crate::graphql::ids::subject_of_id;
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::enums::{DocumentKind, Stance};
use crate::graphql::types::{Citation, Contact, Document, Mention};

/// The fields of a source document: all needed to create one except those marked optional; an update changes
/// only the fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct DocumentInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// What kind of document it is.
    pub kind: Option<DocumentKind>,
    /// Its language (ISO 639-1).
    pub language: Option<String>,
    /// Its title, as written.
    pub title: Option<String>,
    /// The title in other languages (replaces them all).
    pub title_translations: Option<Vec<TranslationInput>>,
    /// The place of its dateline (optional: `CRETEIL`).
    pub dateline: MaybeUndefined<String>,
    /// When it was published, as precisely as known (optional).
    pub published: MaybeUndefined<PartialDate>,
    /// The organization that published it (optional).
    pub publisher: MaybeUndefined<ID>,
    /// Where it can be read (optional, http or https).
    pub url: MaybeUndefined<String>,
    /// Its text, in Markdown (optional; its SHA-256 is recorded).
    pub body: MaybeUndefined<String>,
    /// Its contacts (replaces them all).
    pub contacts: Option<Vec<ID>>,
}

impl RowInput for DocumentInput {
    type Row = entity::document::ActiveModel;
    const TYPE: &'static str = "Document";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        set_enum(&mut row.kind, self.kind);
        set(&mut row.language, self.language);
        set(&mut row.title, self.title);
        convert.set_translations(&mut row.title_i18n, "titleTranslations", self.title_translations);
        set_nullable(&mut row.dateline, self.dateline);
        set_partial_date(&mut row.published_date, &mut row.published_precision, self.published);
        convert.set_optional_reference(&mut row.publisher_id, "publisher", self.publisher, "Organization");
        set_nullable(&mut row.url, self.url);
        set_nullable(&mut row.body, self.body);
        let mut links = Links::default();
        if let Some(contacts) = self.contacts {
            let rows = contacts
                .iter()
                .enumerate()
                .filter_map(|(n, id)| convert.reference(&format!("contacts.{n}"), id, "Contact"))
                .map(|contact| entity::document_contact::ActiveModel { contact_id: Set(contact), ..Default::default() })
                .collect();
            links.0.push(Link::Contacts(rows));
        }
        (row, links)
    }
}

/// A contact given by documents (a press office).
#[derive(InputObject)]
pub struct ContactInput {
    /// What it is (`Relations presse`).
    pub label: Option<String>,
    /// Its phone number (optional).
    pub phone: MaybeUndefined<String>,
    /// Its e-mail address (optional).
    pub email: MaybeUndefined<String>,
    /// Its postal address (optional).
    pub postal_address: MaybeUndefined<String>,
    /// The organization it belongs to (optional).
    pub organization: MaybeUndefined<ID>,
}

impl RowInput for ContactInput {
    type Row = entity::contact::ActiveModel;
    const TYPE: &'static str = "Contact";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.label, self.label);
        set_nullable(&mut row.phone, self.phone);
        set_nullable(&mut row.email, self.email);
        set_nullable(&mut row.postal_address, self.postal_address);
        convert.set_optional_reference(&mut row.organization_id, "organization", self.organization, "Organization");
        (row, Links::default())
    }
}

/// Sets the subject columns of a citation or a mention from the id of any object.
fn set_subject(
    convert: &mut Convert,
    kind: &mut sea_orm::ActiveValue<entity::SubjectKind>,
    id: &mut sea_orm::ActiveValue<i32>,
    subject: Option<ID>,
) {
    let Some(subject) = subject else { return };
    match subject_of_id(&subject) {
        Ok((subject_kind, row)) => (*kind, *id) = (Set(subject_kind), Set(row)),
        Err(_) => convert.problems.add("subject", format!("`{}` is not the id of an object", subject.as_str())),
    }
}

/// A place in a document's text where it names an object.
#[derive(InputObject)]
pub struct MentionInput {
    /// The document (needed to create).
    pub document: Option<ID>,
    /// The spelling the document uses (`Jenine`).
    pub surface_form: Option<String>,
    /// Where it starts, in characters from the start of the body.
    pub start_offset: Option<i32>,
    /// Where it ends (exclusive).
    pub end_offset: Option<i32>,
    /// The object it names.
    pub subject: Option<ID>,
}

impl RowInput for MentionInput {
    type Row = entity::mention::ActiveModel;
    const TYPE: &'static str = "Mention";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        convert.set_reference(&mut row.document_id, "document", self.document, "Document");
        set(&mut row.surface_form, self.surface_form);
        set(&mut row.start_offset, self.start_offset);
        set(&mut row.end_offset, self.end_offset);
        set_subject(convert, &mut row.subject_kind, &mut row.subject_id, self.subject);
        (row, Links::default())
    }
}

/// A citation: which document supports (or contradicts) a fact about an object.
#[derive(InputObject)]
pub struct CitationInput {
    /// The object the fact is about (needed to create).
    pub subject: Option<ID>,
    /// The document (needed to create).
    pub document: Option<ID>,
    /// The field the citation supports (optional: the whole object).
    pub field: MaybeUndefined<String>,
    /// Where in the document (optional: `p. 3`).
    pub locator: MaybeUndefined<String>,
    /// The words of the document, verbatim (optional).
    pub quote: MaybeUndefined<String>,
    /// How the document supports the fact.
    pub stance: Option<Stance>,
}

impl RowInput for CitationInput {
    type Row = entity::citation::ActiveModel;
    const TYPE: &'static str = "Citation";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set_subject(convert, &mut row.subject_kind, &mut row.subject_id, self.subject);
        convert.set_reference(&mut row.document_id, "document", self.document, "Document");
        set_nullable(&mut row.field, self.field);
        set_nullable(&mut row.locator, self.locator);
        set_nullable(&mut row.quote, self.quote);
        set_enum(&mut row.stance, self.stance);
        (row, Links::default())
    }
}

/// Creating and changing documents, contacts, mentions and citations.
#[derive(Default)]
pub struct DocumentMutation;

/// Creating and changing documents, contacts, mentions and citations.
#[Object]
impl DocumentMutation {
    /// Creates a source document with its contacts (EDITOR).
    async fn create_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: DocumentInput,
    ) -> AppResult<Document> {
        create(ctx, input, None).await.map(Document)
    }

    /// Changes a document (EDITOR) by the fields given; `contacts`, when given, replaces its contacts.
    async fn update_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: DocumentInput,
    ) -> AppResult<Document> {
        update(ctx, &id, version, input).await.map(Document)
    }

    /// Creates a contact (EDITOR).
    async fn create_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: ContactInput,
    ) -> AppResult<Contact> {
        create(ctx, input, None).await.map(Contact)
    }

    /// Changes a contact (EDITOR) by the fields given.
    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: ContactInput,
    ) -> AppResult<Contact> {
        update(ctx, &id, version, input).await.map(Contact)
    }

    /// Records that a document names an object at a range of its text (EDITOR).
    async fn create_mention(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: MentionInput,
    ) -> AppResult<Mention> {
        create(ctx, input, None).await.map(Mention)
    }

    /// Changes a mention (EDITOR) by the fields given.
    async fn update_mention(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: MentionInput,
    ) -> AppResult<Mention> {
        update(ctx, &id, version, input).await.map(Mention)
    }

    /// Cites a document for a fact about an object (EDITOR).
    async fn create_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: CitationInput,
    ) -> AppResult<Citation> {
        create(ctx, input, None).await.map(Citation)
    }

    /// Changes a citation (EDITOR) by the fields given.
    async fn update_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: CitationInput,
    ) -> AppResult<Citation> {
        update(ctx, &id, version, input).await.map(Citation)
    }
}
