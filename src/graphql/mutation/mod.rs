//! Mutations: create and update every kind, delete and restore any object by its id. Each mutation is one write
//! transaction through the write path, needs a bearer token (EDITOR creates and updates, ADMIN also deletes and
//! restores), and returns the changed object.

mod delegation;
mod document;
mod event;
mod import;
mod ingest;
mod organization;
mod partnership;
mod project;

use async_graphql::{Context, ID, InputObject, MaybeUndefined, MergedObject, Object, SimpleObject};
use entity::{Role, Translations};
use sea_orm::ActiveValue::{self, Set};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::graphql::ids::{decode_global_id, global_id, subject_of_id, type_name};
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::enums::Stance;
use crate::graphql::types::{Node, node_by_id};
use crate::write::{ChangeFeed, Problems, Row, Table, Write, with_table};

/// Every mutation of the schema.
#[derive(MergedObject, Default)]
pub struct Mutation(
    organization::OrganizationMutation,
    partnership::PartnershipMutation,
    project::ProjectMutation,
    delegation::DelegationMutation,
    event::EventMutation,
    document::DocumentMutation,
    ChangeMutation,
    import::ImportMutation,
    ingest::IngestMutation,
);

/// The caller of the request, if it has the role `needed`: `UNAUTHENTICATED` without a valid token,
/// `FORBIDDEN` with a token of a lesser role.
pub fn require(ctx: &Context<'_>, needed: Role) -> AppResult<Caller> {
    let caller = ctx.data_opt::<Caller>().ok_or_else(|| {
        AppError::Unauthenticated("this needs a token: send `Authorization: Bearer <token>`".to_owned())
    })?;
    if caller.may(needed) {
        Ok(caller.clone())
    } else {
        let needed = if needed == Role::Admin { "ADMIN" } else { "EDITOR" };
        Err(AppError::Forbidden(format!("the token `{}` may not do this: it needs the {needed} role", caller.name)))
    }
}

/// Opens a write transaction on behalf of the caller, if it has the role `needed`.
async fn begin(ctx: &Context<'_>, needed: Role) -> AppResult<Write> {
    let caller = require(ctx, needed)?;
    let (db, feed) = writer(ctx)?;
    Ok(Write::begin(db, &caller.name, feed).await?)
}

/// What a write needs from the schema: the database and the feed its changes are announced on.
fn writer<'a>(ctx: &Context<'a>) -> AppResult<(&'a DatabaseConnection, &'a ChangeFeed)> {
    let db = ctx.data::<DatabaseConnection>().map_err(|_| AppError::Internal("the schema has no database".into()))?;
    let feed = ctx.data::<ChangeFeed>().map_err(|_| AppError::Internal("the schema has no change feed".into()))?;
    Ok((db, feed))
}

/// Turns the values of an input into columns, collecting every problem on the way (ids of the wrong type).
pub struct Convert {
    problems: Problems,
}

impl Convert {
    fn new() -> Self {
        Self { problems: Problems::at("input") }
    }

    /// The row id inside the global id `id` of a `type_name`, or a problem at `field`.
    fn reference(&mut self, field: &str, id: &ID, type_name: &str) -> Option<i32> {
        match decode_global_id(id) {
            Ok((found, row)) if found == type_name => Some(row),
            _ => {
                self.problems.add(field, format!("`{}` is not the id of a {type_name}", id.as_str()));
                None
            }
        }
    }

    /// Sets a reference column from an id.
    fn set_reference(&mut self, target: &mut ActiveValue<i32>, field: &str, id: Option<ID>, type_name: &str) {
        if let Some(row) = id.and_then(|id| self.reference(field, &id, type_name)) {
            *target = Set(row);
        }
    }

    /// Sets a nullable reference column from an id, or clears it on an explicit `null`.
    fn set_optional_reference(
        &mut self,
        target: &mut ActiveValue<Option<i32>>,
        field: &str,
        id: MaybeUndefined<ID>,
        type_name: &str,
    ) {
        match id {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => *target = Set(None),
            MaybeUndefined::Value(id) => {
                if let Some(row) = self.reference(field, &id, type_name) {
                    *target = Set(Some(row));
                }
            }
        }
    }

    /// Sets a money amount (in cents) and its currency.
    fn set_money(
        &mut self,
        cents: &mut ActiveValue<Option<i64>>,
        currency: &mut ActiveValue<Option<String>>,
        field: &str,
        money: MaybeUndefined<MoneyInput>,
    ) {
        match money {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => (*cents, *currency) = (Set(None), Set(None)),
            MaybeUndefined::Value(money) => match crate::money::cents(money.amount) {
                Some(amount) => (*cents, *currency) = (Set(Some(amount)), Set(Some(money.currency))),
                None => self.problems.add(&format!("{field}.amount"), format!("{} is out of range", money.amount)),
            },
        }
    }

    /// Sets translations from a list of texts by language; problems for unknown or repeated languages.
    fn set_translations(
        &mut self,
        target: &mut ActiveValue<Translations>,
        field: &str,
        texts: Option<Vec<TranslationInput>>,
    ) {
        let Some(texts) = texts else { return };
        let mut map = std::collections::BTreeMap::new();
        for (n, text) in texts.into_iter().enumerate() {
            let path = format!("{field}.{n}");
            crate::write::problems::language(&mut self.problems, Some(&text.lang), &format!("{path}.lang"));
            if text.text.trim().is_empty() {
                self.problems.add(&format!("{path}.text"), "must not be blank");
            }
            if map.insert(text.lang.clone(), text.text).is_some() {
                self.problems.add(&format!("{path}.lang"), format!("`{}` is given twice", text.lang));
            }
        }
        *target = Set(Translations(map));
    }

    /// The problems found, with those the rules of their tables find in the links and, when creating, in the
    /// row (an update's row is checked once merged with the stored one): the error to answer, if any.
    fn finish<A: Row>(self, row: Option<&A>, links: &Links) -> AppResult<()> {
        let mut problems = self.problems;
        problems.extend(links.check());
        if problems.is_empty() {
            return Ok(());
        }
        if let Some(row) = row {
            problems.extend(Write::check::<A::Table>(row, "input"));
        }
        Err(AppError::Invalid(problems.into_vec()))
    }
}

/// Sets a required column when the input gives it.
fn set<T: Into<sea_orm::Value>>(target: &mut ActiveValue<T>, value: Option<T>) {
    if let Some(value) = value {
        *target = Set(value);
    }
}

/// Sets a nullable column when the input gives it, clearing it on an explicit `null`.
fn set_nullable<T>(target: &mut ActiveValue<Option<T>>, value: MaybeUndefined<T>)
where
    Option<T>: Into<sea_orm::Value>,
{
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = Set(None),
        MaybeUndefined::Value(value) => *target = Set(Some(value)),
    }
}

/// Sets a required enum column from its GraphQL enum.
fn set_enum<G: Into<T>, T: Into<sea_orm::Value>>(target: &mut ActiveValue<T>, value: Option<G>) {
    set(target, value.map(Into::into));
}

/// Sets a nullable enum column from its GraphQL enum.
fn set_nullable_enum<G: Into<T>, T>(target: &mut ActiveValue<Option<T>>, value: MaybeUndefined<G>)
where
    Option<T>: Into<sea_orm::Value>,
{
    set_nullable(target, value.map_value(Into::into));
}

/// Sets the two columns of a partial date (first day, precision), clearing both on an explicit `null`.
fn set_partial_date(
    day: &mut ActiveValue<Option<chrono::NaiveDate>>,
    precision: &mut ActiveValue<Option<entity::DatePrecision>>,
    value: MaybeUndefined<PartialDate>,
) {
    set_nullable(day, value.map_value(|date| date.0.first_day()));
    set_nullable(precision, value.map_value(|date| date.0.precision()));
}

/// A text in a language.
#[derive(InputObject, Clone, Debug)]
pub struct TranslationInput {
    /// The language (ISO 639-1: `fr`, `en`, `ar`).
    pub lang: String,
    /// The text in that language.
    pub text: String,
}

/// An amount of money in a currency.
#[derive(InputObject, Clone, Debug)]
pub struct MoneyInput {
    /// The amount, in units of the currency (590000.0 for 590 000 €); not negative.
    pub amount: f64,
    /// The ISO 4217 currency code (`EUR`).
    pub currency: String,
}

/// A source of a fact, attached to the object a mutation creates.
#[derive(InputObject, Clone, Debug)]
pub struct SourceInput {
    /// The document that says it.
    pub document: ID,
    /// The field the source supports (`budget`, `start`), or none for the whole object.
    pub field: Option<String>,
    /// Where in the document (`p. 3`, `§2`).
    pub locator: Option<String>,
    /// The words of the document, verbatim.
    pub quote: Option<String>,
    /// How the document supports the fact (STATED when not given).
    pub stance: Option<Stance>,
}

/// An input that becomes a row of one table.
trait RowInput: Sized {
    /// The row.
    type Row: Row;
    /// The GraphQL type of the row's objects (what their ids name).
    const TYPE: &'static str;
    /// The columns the input sets (all others `NotSet`); problems go to `convert`.
    fn columns(self, convert: &mut Convert) -> (Self::Row, Links);
}

/// The linked rows an input replaces as a whole: a project's domains, a delegation's hosts, an event's
/// organizers, a document's contacts, a person's roles.
#[derive(Default)]
struct Links(Vec<Link>);

enum Link {
    Domains(Vec<entity::project_domain::ActiveModel>),
    Hosts(Vec<entity::delegation_host::ActiveModel>),
    Organizers(Vec<entity::event_organizer::ActiveModel>),
    Contacts(Vec<entity::document_contact::ActiveModel>),
    Roles(Vec<entity::person_role::ActiveModel>),
}

impl Links {
    /// The problems the rules of their tables find in the links (before their parent exists).
    fn check(&self) -> Problems {
        use entity::{delegation_host, document_contact, event_organizer, person_role, project_domain};
        let mut problems = Problems::default();
        for link in &self.0 {
            problems.extend(match link {
                Link::Domains(rows) => check_children(rows, project_domain::Column::ProjectId, "domains"),
                Link::Hosts(rows) => check_children(rows, delegation_host::Column::DelegationId, "hosts"),
                Link::Organizers(rows) => check_children(rows, event_organizer::Column::EventId, "organizers"),
                Link::Contacts(rows) => check_children(rows, document_contact::Column::DocumentId, "contacts"),
                Link::Roles(rows) => check_children(rows, person_role::Column::PersonId, "roles"),
            });
        }
        problems
    }
}

/// The problems of linked rows by the rules of their table, their parent column taken as given.
fn check_children<A: Row>(rows: &[A], parent_column: <A::Table as EntityTrait>::Column, path: &str) -> Problems {
    let mut problems = Problems::default();
    for (n, row) in rows.iter().enumerate() {
        let mut row = row.clone();
        if row.try_set(parent_column, 0.into()).is_ok() {
            problems.extend(Write::check::<A::Table>(&row, &format!("input.{path}.{n}")));
        }
    }
    problems
}

/// Replaces the links of the row `id` by those the input gives.
async fn replace_links(write: &mut Write, id: i32, links: Links) -> AppResult<()> {
    use entity::{delegation_host, document_contact, event_organizer, person_role, project_domain};
    for link in links.0 {
        match link {
            Link::Domains(rows) => {
                replace_children(write, project_domain::Column::ProjectId, id, rows, "domains").await?
            }
            Link::Hosts(rows) => {
                replace_children(write, delegation_host::Column::DelegationId, id, rows, "hosts").await?
            }
            Link::Organizers(rows) => {
                replace_children(write, event_organizer::Column::EventId, id, rows, "organizers").await?
            }
            Link::Contacts(rows) => {
                replace_children(write, document_contact::Column::DocumentId, id, rows, "contacts").await?
            }
            Link::Roles(rows) => replace_children(write, person_role::Column::PersonId, id, rows, "roles").await?,
        }
    }
    Ok(())
}

/// Deletes the rows whose `parent_column` is `parent`, then inserts `rows` with it (problems under
/// `input.<path>.<n>`).
async fn replace_children<A: Row>(
    write: &mut Write,
    parent_column: <A::Table as EntityTrait>::Column,
    parent: i32,
    rows: Vec<A>,
    path: &str,
) -> AppResult<()> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let old = A::Table::find().filter(parent_column.eq(parent)).all(write.connection()).await?;
    for row in old {
        let (id, version) = (<A::Table as crate::db::Keyed>::id_of(&row), <A::Table as Table>::version_of(&row));
        write.delete::<A::Table>(id, version).await?;
    }
    for (n, mut row) in rows.into_iter().enumerate() {
        row.try_set(parent_column, parent.into())?;
        write.insert(row, &format!("input.{path}.{n}")).await?;
    }
    Ok(())
}

/// Creates the row `input` describes, with its links and the citations `sources` gives, in one transaction.
async fn create<I: RowInput>(
    ctx: &Context<'_>,
    input: I,
    sources: Option<Vec<SourceInput>>,
) -> AppResult<<<I::Row as Row>::Table as EntityTrait>::Model> {
    let mut convert = Convert::new();
    let (row, links) = input.columns(&mut convert);
    let citations = sources.map(|sources| citation_rows(&mut convert, sources)).unwrap_or_default();
    convert.finish(Some(&row), &links)?;
    let mut write = begin(ctx, Role::Editor).await?;
    let model = write.insert(row, "input").await?;
    let id = <<I::Row as Row>::Table as crate::db::Keyed>::id_of(&model);
    replace_links(&mut write, id, links).await?;
    for (n, mut citation) in citations.into_iter().enumerate() {
        citation.subject_kind = Set(<<I::Row as Row>::Table as Table>::KIND);
        citation.subject_id = Set(id);
        write.insert(citation, &format!("sources.{n}")).await?;
    }
    write.commit().await?;
    Ok(model)
}

/// The citation rows of `sources` (their subject is set once the object exists).
fn citation_rows(convert: &mut Convert, sources: Vec<SourceInput>) -> Vec<entity::citation::ActiveModel> {
    sources
        .into_iter()
        .enumerate()
        .map(|(n, source)| {
            let mut row = entity::citation::ActiveModel::default();
            let document = convert.reference(&format!("sources.{n}.document"), &source.document, "Document");
            set(&mut row.document_id, document);
            row.field = Set(source.field);
            row.locator = Set(source.locator);
            row.quote = Set(source.quote);
            row.stance = Set(source.stance.map_or(entity::Stance::Stated, Into::into));
            row
        })
        .collect()
}

/// Changes the row `id` (a global id of an `I::TYPE`), last read at `version`, by the fields `input` gives.
async fn update<I: RowInput>(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    input: I,
) -> AppResult<<<I::Row as Row>::Table as EntityTrait>::Model> {
    let mut convert = Convert::new();
    let row_id = match decode_global_id(id) {
        Ok((found, row)) if found == I::TYPE => Some(row),
        _ => None,
    };
    let (patch, links) = input.columns(&mut convert);
    let Some(row_id) = row_id else {
        return Err(AppError::bad_input("id", format!("`{}` is not the id of a {}", id.as_str(), I::TYPE)));
    };
    convert.finish(None::<&I::Row>, &links)?;
    let mut write = begin(ctx, Role::Editor).await?;
    let model = write.update(row_id, version, patch, "input").await?;
    replace_links(&mut write, row_id, links).await?;
    write.commit().await?;
    Ok(model)
}

/// What a deletion answers.
#[derive(SimpleObject)]
pub struct DeletePayload {
    /// The id of the deleted object (`restore` takes it).
    pub id: ID,
    /// The data version the deletion committed.
    pub data_version: i64,
}

/// Deletion and restoration of any object.
#[derive(Default)]
pub struct ChangeMutation;

/// Deletion and restoration of any object.
#[Object]
impl ChangeMutation {
    /// Deletes the object `id` (ADMIN), last read at `version`; refused while other objects refer to it
    /// (`CONFLICT` with `extensions.references`). Its history keeps it, and `restore` puts it back.
    async fn delete(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The object's id.")] id: ID,
        #[graphql(desc = "The version the deletion is based on (`CONFLICT` if the object changed since).")]
        version: i32,
    ) -> AppResult<DeletePayload> {
        let (kind, row) = subject_of_id(&id)?;
        let mut write = begin(ctx, Role::Admin).await?;
        with_table!(kind, |E| write.delete::<E>(row, version).await.map(|_| ()))?;
        let event = write.commit().await?;
        Ok(DeletePayload { id, data_version: event.data_version })
    }

    /// Puts back the deleted object `id` (ADMIN) as it was when it was deleted, from its history.
    async fn restore(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The deleted object's id.")] id: ID,
    ) -> AppResult<Node> {
        let (kind, row) = subject_of_id(&id)?;
        let mut write = begin(ctx, Role::Admin).await?;
        write.restore(kind, row).await?;
        write.commit().await?;
        let type_name = type_name(kind);
        node_by_id(ctx, &global_id(&type_name, row))
            .await?
            .ok_or_else(|| AppError::Internal(format!("restored {type_name} {row} is not found")))
    }
}
