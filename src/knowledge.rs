//! The built-in knowledge (`knowledge/knowledge.toml`) and its loading into the database in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use entity::{
    DatePrecision, DelegateRole, DelegationDirection, DocumentKind, Domain, EventKind, FigureMetric, FigureQualifier,
    MemberRole, MemberSide, NameKind, OrganizationKind, ParticipantRole, PartnershipKind, PartnershipStatus,
    ProjectKind, ProjectStatus, Stance, SubjectKind, Translations,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use serde::Deserialize;

use crate::partial_date::PartialDate;
use crate::write::{ChangeFeed, Write, WriteError};

/// The knowledge file compiled into the binary.
pub const BUILT_IN: &str = include_str!("../knowledge/knowledge.toml");

/// Files the built-in knowledge refers to (document bodies), by the path it uses.
const BUILT_IN_FILES: &[(&str, &str)] = &[(
    "documents/val-de-marne-press-release-2019-11-27.md",
    include_str!("../knowledge/documents/val-de-marne-press-release-2019-11-27.md"),
)];

/// Why knowledge could not be loaded; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The file is not valid TOML of the expected shape.
    #[error("the knowledge file is malformed: {0}")]
    Malformed(#[from] toml::de::Error),
    /// A value is invalid; the message names the record and the field.
    #[error("{0}")]
    Invalid(String),
    /// The database already holds knowledge.
    #[error("the database already holds knowledge; load into an empty database")]
    NotEmpty,
    /// The database failed.
    #[error("database error while loading knowledge: {0}")]
    Database(#[from] DbErr),
}

impl KnowledgeError {
    /// The database's error, when the database failed.
    pub fn database_error(&self) -> Option<&DbErr> {
        match self {
            KnowledgeError::Database(error) => Some(error),
            _ => None,
        }
    }
}

type LoadResult<T> = Result<T, KnowledgeError>;

fn invalid(record: &str, problem: impl std::fmt::Display) -> KnowledgeError {
    KnowledgeError::Invalid(format!("{record}: {problem}"))
}

/// What was loaded, row counts per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// Organizations.
    pub organizations: usize,
    /// Documents.
    pub documents: usize,
    /// Partnerships.
    pub partnerships: usize,
    /// Projects.
    pub projects: usize,
    /// Delegations.
    pub delegations: usize,
    /// Events.
    pub events: usize,
    /// Public figures.
    pub persons: usize,
    /// Citations.
    pub citations: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Knowledge {
    #[serde(default)]
    organization: Vec<OrganizationSpec>,
    #[serde(default)]
    document: Vec<DocumentSpec>,
    #[serde(default)]
    place: Vec<PlaceSpec>,
    #[serde(default)]
    person: Vec<PersonSpec>,
    #[serde(default)]
    partnership: Vec<PartnershipSpec>,
    #[serde(default)]
    project: Vec<ProjectSpec>,
    #[serde(default)]
    delegation: Vec<DelegationSpec>,
    #[serde(default)]
    event: Vec<EventSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationSpec {
    document: String,
    field: Option<String>,
    locator: Option<String>,
    quote: Option<String>,
    #[serde(default = "stated")]
    stance: Stance,
}

fn stated() -> Stance {
    Stance::Stated
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeSpec {
    scheme: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PopulationSpec {
    count: i64,
    year: i32,
}

/// A figure a source reports without listing its items.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureSpec {
    metric: FigureMetric,
    #[serde(default = "exactly")]
    qualifier: FigureQualifier,
    value: Option<i64>,
    amount: Option<MoneySpec>,
    #[serde(default)]
    domains: Vec<Domain>,
    label: Option<String>,
    as_of: Option<String>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

fn exactly() -> FigureQualifier {
    FigureQualifier::Exactly
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameSpec {
    value: String,
    lang: Option<String>,
    kind: NameKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationSpec {
    slug: String,
    kind: OrganizationKind,
    country: String,
    parent: Option<String>,
    name: String,
    official_code: Option<CodeSpec>,
    subdivision_code: Option<String>,
    postal_code: Option<String>,
    seat: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    population: Option<PopulationSpec>,
    #[serde(default)]
    names: Vec<NameSpec>,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MentionSpec {
    surface: String,
    subject: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSpec {
    label: String,
    phone: Option<String>,
    email: Option<String>,
    postal_address: Option<String>,
    organization: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentSpec {
    slug: String,
    kind: DocumentKind,
    language: String,
    title: String,
    #[serde(default)]
    title_i18n: Translations,
    dateline: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    publisher_name: Option<String>,
    url: Option<String>,
    body_file: Option<String>,
    #[serde(default)]
    mentions: Vec<MentionSpec>,
    #[serde(default)]
    contacts: Vec<ContactSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceSpec {
    slug: String,
    name: String,
    address: Option<String>,
    commune: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    organization: String,
    title: String,
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

/// A public figure in a public role (never a private individual).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonSpec {
    slug: String,
    name: String,
    honorific: Option<String>,
    #[serde(default)]
    roles: Vec<RoleSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberSpec {
    organization: String,
    side: MemberSide,
    role: MemberRole,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnershipSpec {
    slug: String,
    kind: PartnershipKind,
    status: Option<PartnershipStatus>,
    original_lang: String,
    name: String,
    #[serde(default)]
    name_i18n: Translations,
    description: Option<String>,
    #[serde(default)]
    description_i18n: Translations,
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    members: Vec<MemberSpec>,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainSpec {
    domain: Domain,
    dac_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneySpec {
    amount: f64,
    currency: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantSpec {
    organization: String,
    role: ParticipantRole,
    contribution: Option<MoneySpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectSpec {
    slug: String,
    partnership: String,
    parent: Option<String>,
    kind: ProjectKind,
    status: Option<ProjectStatus>,
    original_lang: String,
    title: String,
    #[serde(default)]
    title_i18n: Translations,
    description: Option<String>,
    #[serde(default)]
    description_i18n: Translations,
    start: Option<String>,
    end: Option<String>,
    duration_months: Option<i32>,
    budget: Option<MoneySpec>,
    #[serde(default)]
    domains: Vec<DomainSpec>,
    #[serde(default)]
    participants: Vec<ParticipantSpec>,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DelegateSpec {
    organization: Option<String>,
    person: Option<String>,
    role: Option<DelegateRole>,
    headcount: Option<i32>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DelegationSpec {
    slug: String,
    partnership: String,
    direction: DelegationDirection,
    original_lang: String,
    title: String,
    #[serde(default)]
    title_i18n: Translations,
    purpose: Option<String>,
    #[serde(default)]
    purpose_i18n: Translations,
    occasion: Option<String>,
    #[serde(default)]
    occasion_i18n: Translations,
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    members: Vec<DelegateSpec>,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventSpec {
    slug: String,
    partnership: Option<String>,
    kind: EventKind,
    original_lang: String,
    title: String,
    #[serde(default)]
    title_i18n: Translations,
    description: Option<String>,
    #[serde(default)]
    description_i18n: Translations,
    starts_at: String,
    ends_at: Option<String>,
    time_zone: String,
    place: Option<String>,
    public: bool,
    #[serde(default)]
    organizers: Vec<String>,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    citations: Vec<CitationSpec>,
}

/// Row ids by table and slug, filled as rows are inserted so later records can refer to earlier ones.
#[derive(Default)]
struct Slugs(HashMap<(SubjectKind, String), i32>);

impl Slugs {
    fn add(&mut self, kind: SubjectKind, slug: &str, id: i32, record: &str) -> LoadResult<()> {
        if self.0.insert((kind, slug.to_owned()), id).is_some() {
            return Err(invalid(record, format!("slug `{slug}` is used twice")));
        }
        Ok(())
    }

    fn get(&self, kind: SubjectKind, slug: &str, record: &str) -> LoadResult<i32> {
        self.0
            .get(&(kind, slug.to_owned()))
            .copied()
            .ok_or_else(|| invalid(record, format!("refers to unknown {kind:?} `{slug}`")))
    }

    fn get_opt(&self, kind: SubjectKind, slug: Option<&str>, record: &str) -> LoadResult<Option<i32>> {
        slug.map(|slug| self.get(kind, slug, record)).transpose()
    }

    /// Resolves a `table:slug` reference.
    fn reference(&self, reference: &str, record: &str) -> LoadResult<(SubjectKind, i32)> {
        let (table, slug) = reference
            .split_once(':')
            .ok_or_else(|| invalid(record, format!("`{reference}` is not of the form table:slug")))?;
        let kind = match table {
            "organization" => SubjectKind::Organization,
            "partnership" => SubjectKind::Partnership,
            "project" => SubjectKind::Project,
            "delegation" => SubjectKind::Delegation,
            "event" => SubjectKind::Event,
            "place" => SubjectKind::Place,
            "document" => SubjectKind::Document,
            _ => return Err(invalid(record, format!("`{table}` is not a table that can be mentioned"))),
        };
        Ok((kind, self.get(kind, slug, record)?))
    }
}

fn partial_date(text: Option<&str>, record: &str, field: &str) -> LoadResult<Option<PartialDate>> {
    text.map(|text| text.parse().map_err(|e| invalid(record, format!("{field}: {e}")))).transpose()
}

/// A partial date's day and precision columns.
type DateColumns = (Option<chrono::NaiveDate>, Option<entity::DatePrecision>);

/// The two columns (first day, precision) a partial date is stored in.
fn columns(date: Option<PartialDate>) -> DateColumns {
    (date.map(|d| d.first_day()), date.map(|d| d.precision()))
}

/// The columns of a start and an end given as partial dates.
fn dated_columns(start: Option<&str>, end: Option<&str>, record: &str) -> LoadResult<(DateColumns, DateColumns)> {
    Ok((columns(partial_date(start, record, "start")?), columns(partial_date(end, record, "end")?)))
}

/// When an event starts: a local date-time, or a partial date (the source gives no time) as midnight UTC of its
/// first day, so that its day is the same in every time zone and in the database's own date arithmetic.
fn event_start(text: &str, zone: chrono_tz::Tz, record: &str) -> LoadResult<(DateTime<Utc>, Option<DatePrecision>)> {
    if text.contains('T') {
        return Ok((local_time(text, zone, record)?, None));
    }
    let date: PartialDate = text.parse().map_err(|e| invalid(record, format!("starts_at: {e}")))?;
    Ok((date.first_day().and_time(chrono::NaiveTime::MIN).and_utc(), Some(date.precision())))
}

/// When an event ends: a local date-time, or a day (the source gives no time) as the last second of that day
/// in UTC.
fn event_end(text: &str, zone: chrono_tz::Tz, record: &str) -> LoadResult<DateTime<Utc>> {
    if text.contains('T') {
        return local_time(text, zone, record);
    }
    let date: PartialDate = text.parse().map_err(|e| invalid(record, format!("ends_at: {e}")))?;
    Ok(date.last_day().and_hms_opt(23, 59, 59).unwrap_or_default().and_utc())
}

fn local_time(text: &str, zone: chrono_tz::Tz, record: &str) -> LoadResult<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| invalid(record, format!("`{text}` is not a local date-time YYYY-MM-DDTHH:MM:SS: {e}")))?;
    zone.from_local_datetime(&naive)
        .single()
        .map(|time| time.with_timezone(&Utc))
        .ok_or_else(|| invalid(record, format!("`{text}` does not exist or is ambiguous in {zone}")))
}

fn cents(amount: f64, record: &str) -> LoadResult<i64> {
    crate::money::cents(amount).ok_or_else(|| invalid(record, format!("amount {amount} is out of range")))
}

impl From<WriteError> for KnowledgeError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::Database(error) => KnowledgeError::Database(error),
            error => KnowledgeError::Invalid(error.to_string()),
        }
    }
}

/// A refused write, as the error of the record it was writing.
fn written(record: &str, error: WriteError) -> KnowledgeError {
    match error {
        WriteError::Database(error) => KnowledgeError::Database(error),
        error => invalid(record, error),
    }
}

/// Inserts the reported figures about `subject`; returns their citations, to be written once every document is.
async fn insert_figures(
    write: &mut Write,
    subject: (SubjectKind, i32),
    figures: Vec<FigureSpec>,
    record: &str,
) -> LoadResult<Vec<PendingCitation>> {
    let mut citations = Vec::new();
    for figure in figures {
        let as_of = partial_date(figure.as_of.as_deref(), record, "as_of")?;
        let (as_of_date, as_of_precision) = columns(as_of);
        let row = write
            .insert(
                entity::reported_figure::ActiveModel {
                    subject_kind: Set(subject.0),
                    subject_id: Set(subject.1),
                    metric: Set(figure.metric),
                    qualifier: Set(figure.qualifier),
                    value: Set(figure.value),
                    amount_cents: Set(figure.amount.as_ref().map(|a| cents(a.amount, record)).transpose()?),
                    currency: Set(figure.amount.map(|a| a.currency)),
                    domains: Set(entity::Domains(figure.domains)),
                    label: Set(figure.label),
                    as_of_date: Set(as_of_date),
                    as_of_precision: Set(as_of_precision),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(record, error))?;
        cite(&mut citations, (SubjectKind::ReportedFigure, row.id), figure.citations, record);
    }
    Ok(citations)
}

/// Queues the citations `specs` of `subject` for when every document is inserted.
fn cite(pending: &mut Vec<PendingCitation>, subject: (SubjectKind, i32), specs: Vec<CitationSpec>, record: &str) {
    pending.extend(specs.into_iter().map(|spec| PendingCitation { subject, spec, record: record.to_owned() }));
}

/// A citation waiting for every document to be inserted.
struct PendingCitation {
    subject: (SubjectKind, i32),
    spec: CitationSpec,
    record: String,
}

/// Loads the knowledge of `source` (TOML) into an empty database, in one transaction: on any error,
/// nothing is written. `files` resolves the `body_file` paths the source uses.
pub async fn load(
    db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
    source: &str,
    files: &dyn Fn(&str) -> Option<String>,
) -> LoadResult<LoadReport> {
    let knowledge: Knowledge = toml::from_str(source)?;
    let mut write = Write::begin(db, "knowledge", &ChangeFeed::default()).await?;
    if !crate::db::is_empty(write.connection()).await? {
        return Err(KnowledgeError::NotEmpty);
    }
    let mut slugs = Slugs::default();
    let mut citations: Vec<PendingCitation> = Vec::new();
    let mut report = LoadReport::default();

    for org in knowledge.organization {
        let record = format!("organization `{}`", org.slug);
        let parent_id = slugs.get_opt(SubjectKind::Organization, org.parent.as_deref(), &record)?;
        let (code_scheme, code) = org.official_code.map(|c| (c.scheme, c.value)).unzip();
        let row = write
            .insert(
                entity::organization::ActiveModel {
                    slug: Set(org.slug.clone()),
                    kind: Set(org.kind),
                    country: Set(org.country),
                    parent_id: Set(parent_id),
                    name: Set(org.name),
                    official_code: Set(code),
                    official_code_scheme: Set(code_scheme),
                    subdivision_code: Set(org.subdivision_code),
                    postal_code: Set(org.postal_code),
                    seat: Set(org.seat),
                    latitude: Set(org.latitude),
                    longitude: Set(org.longitude),
                    population: Set(org.population.as_ref().map(|p| p.count)),
                    population_year: Set(org.population.as_ref().map(|p| p.year)),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Organization, &org.slug, row.id, &record)?;
        for name in org.names {
            write
                .insert(
                    entity::organization_name::ActiveModel {
                        organization_id: Set(row.id),
                        value: Set(name.value),
                        lang: Set(name.lang),
                        kind: Set(name.kind),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
        }
        citations.extend(insert_figures(&mut write, (SubjectKind::Organization, row.id), org.figures, &record).await?);
        cite(&mut citations, (SubjectKind::Organization, row.id), org.citations, &record);
        report.organizations += 1;
    }

    let mut pending_mentions: Vec<(i32, String, Vec<MentionSpec>, String)> = Vec::new();
    for doc in knowledge.document {
        let record = format!("document `{}`", doc.slug);
        let published = partial_date(doc.published.as_deref(), &record, "published")?;
        let (published_date, published_precision) = columns(published);
        let publisher_id = slugs.get_opt(SubjectKind::Organization, doc.publisher.as_deref(), &record)?;
        let body = match &doc.body_file {
            None => None,
            Some(path) => Some(files(path).ok_or_else(|| invalid(&record, format!("body file `{path}` not found")))?),
        };
        let row = write
            .insert(
                entity::document::ActiveModel {
                    slug: Set(doc.slug.clone()),
                    kind: Set(doc.kind),
                    language: Set(doc.language),
                    title: Set(doc.title),
                    title_i18n: Set(doc.title_i18n),
                    dateline: Set(doc.dateline),
                    published_date: Set(published_date),
                    published_precision: Set(published_precision),
                    publisher_id: Set(publisher_id),
                    publisher_name: Set(doc.publisher_name),
                    url: Set(doc.url),
                    body: Set(body.clone()),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Document, &doc.slug, row.id, &record)?;
        for contact in doc.contacts {
            let organization_id = slugs.get_opt(SubjectKind::Organization, contact.organization.as_deref(), &record)?;
            let contact = write
                .insert(
                    entity::contact::ActiveModel {
                        label: Set(contact.label),
                        phone: Set(contact.phone),
                        email: Set(contact.email),
                        postal_address: Set(contact.postal_address),
                        organization_id: Set(organization_id),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
            write
                .insert(
                    entity::document_contact::ActiveModel {
                        document_id: Set(row.id),
                        contact_id: Set(contact.id),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
        }
        if !doc.mentions.is_empty() {
            let body = body.ok_or_else(|| invalid(&record, "mentions need a body"))?;
            pending_mentions.push((row.id, body, doc.mentions, record));
        }
        report.documents += 1;
    }

    for place in knowledge.place {
        let record = format!("place `{}`", place.slug);
        let commune_id = slugs.get_opt(SubjectKind::Organization, place.commune.as_deref(), &record)?;
        let row = write
            .insert(
                entity::place::ActiveModel {
                    slug: Set(place.slug.clone()),
                    name: Set(place.name),
                    address: Set(place.address),
                    commune_id: Set(commune_id),
                    latitude: Set(place.latitude),
                    longitude: Set(place.longitude),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Place, &place.slug, row.id, &record)?;
        cite(&mut citations, (SubjectKind::Place, row.id), place.citations, &record);
    }

    for person in knowledge.person {
        let record = format!("person `{}`", person.slug);
        let row = write
            .insert(
                entity::person::ActiveModel {
                    slug: Set(person.slug.clone()),
                    name: Set(person.name),
                    honorific: Set(person.honorific),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Person, &person.slug, row.id, &record)?;
        for role in person.roles {
            let ((start_date, start_precision), (end_date, end_precision)) =
                dated_columns(role.start.as_deref(), role.end.as_deref(), &record)?;
            let role_row = write
                .insert(
                    entity::person_role::ActiveModel {
                        person_id: Set(row.id),
                        organization_id: Set(slugs.get(SubjectKind::Organization, &role.organization, &record)?),
                        title: Set(role.title),
                        start_date: Set(start_date),
                        start_precision: Set(start_precision),
                        end_date: Set(end_date),
                        end_precision: Set(end_precision),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
            cite(&mut citations, (SubjectKind::PersonRole, role_row.id), role.citations, &record);
        }
        cite(&mut citations, (SubjectKind::Person, row.id), person.citations, &record);
        report.persons += 1;
    }

    for partnership in knowledge.partnership {
        let record = format!("partnership `{}`", partnership.slug);
        let ((start_date, start_precision), (end_date, end_precision)) =
            dated_columns(partnership.start.as_deref(), partnership.end.as_deref(), &record)?;
        let row = write
            .insert(
                entity::partnership::ActiveModel {
                    slug: Set(partnership.slug.clone()),
                    kind: Set(partnership.kind),
                    status: Set(partnership.status),
                    original_lang: Set(partnership.original_lang),
                    name: Set(partnership.name),
                    name_i18n: Set(partnership.name_i18n),
                    description: Set(partnership.description),
                    description_i18n: Set(partnership.description_i18n),
                    start_date: Set(start_date),
                    start_precision: Set(start_precision),
                    end_date: Set(end_date),
                    end_precision: Set(end_precision),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Partnership, &partnership.slug, row.id, &record)?;
        for member in partnership.members {
            let organization_id = slugs.get(SubjectKind::Organization, &member.organization, &record)?;
            let member_row = write
                .insert(
                    entity::partnership_member::ActiveModel {
                        partnership_id: Set(row.id),
                        organization_id: Set(organization_id),
                        side: Set(member.side),
                        role: Set(member.role),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
            cite(&mut citations, (SubjectKind::PartnershipMember, member_row.id), member.citations, &record);
        }
        citations.extend(
            insert_figures(&mut write, (SubjectKind::Partnership, row.id), partnership.figures, &record).await?,
        );
        cite(&mut citations, (SubjectKind::Partnership, row.id), partnership.citations, &record);
        report.partnerships += 1;
    }

    for project in knowledge.project {
        let record = format!("project `{}`", project.slug);
        let partnership_id = slugs.get(SubjectKind::Partnership, &project.partnership, &record)?;
        let parent_id = slugs.get_opt(SubjectKind::Project, project.parent.as_deref(), &record)?;
        let ((start_date, start_precision), (end_date, end_precision)) =
            dated_columns(project.start.as_deref(), project.end.as_deref(), &record)?;
        let row = write
            .insert(
                entity::project::ActiveModel {
                    slug: Set(project.slug.clone()),
                    partnership_id: Set(partnership_id),
                    parent_id: Set(parent_id),
                    kind: Set(project.kind),
                    status: Set(project.status),
                    original_lang: Set(project.original_lang),
                    title: Set(project.title),
                    title_i18n: Set(project.title_i18n),
                    description: Set(project.description),
                    description_i18n: Set(project.description_i18n),
                    start_date: Set(start_date),
                    start_precision: Set(start_precision),
                    end_date: Set(end_date),
                    end_precision: Set(end_precision),
                    duration_months: Set(project.duration_months),
                    budget_amount_cents: Set(project.budget.as_ref().map(|b| cents(b.amount, &record)).transpose()?),
                    budget_currency: Set(project.budget.map(|b| b.currency)),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Project, &project.slug, row.id, &record)?;
        for domain in project.domains {
            write
                .insert(
                    entity::project_domain::ActiveModel {
                        project_id: Set(row.id),
                        domain: Set(domain.domain),
                        dac_code: Set(domain.dac_code),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
        }
        for participant in project.participants {
            let organization_id = slugs.get(SubjectKind::Organization, &participant.organization, &record)?;
            let participant_row = write
                .insert(
                    entity::project_participant::ActiveModel {
                        project_id: Set(row.id),
                        organization_id: Set(organization_id),
                        role: Set(participant.role),
                        contribution_cents: Set(participant
                            .contribution
                            .as_ref()
                            .map(|c| cents(c.amount, &record))
                            .transpose()?),
                        contribution_currency: Set(participant.contribution.map(|c| c.currency)),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
            cite(&mut citations, (SubjectKind::ProjectParticipant, participant_row.id), participant.citations, &record);
        }
        citations.extend(insert_figures(&mut write, (SubjectKind::Project, row.id), project.figures, &record).await?);
        cite(&mut citations, (SubjectKind::Project, row.id), project.citations, &record);
        report.projects += 1;
    }

    for delegation in knowledge.delegation {
        let record = format!("delegation `{}`", delegation.slug);
        let partnership_id = slugs.get(SubjectKind::Partnership, &delegation.partnership, &record)?;
        let ((start_date, start_precision), (end_date, end_precision)) =
            dated_columns(delegation.start.as_deref(), delegation.end.as_deref(), &record)?;
        let row = write
            .insert(
                entity::delegation::ActiveModel {
                    slug: Set(delegation.slug.clone()),
                    partnership_id: Set(partnership_id),
                    direction: Set(delegation.direction),
                    original_lang: Set(delegation.original_lang),
                    title: Set(delegation.title),
                    title_i18n: Set(delegation.title_i18n),
                    purpose: Set(delegation.purpose),
                    purpose_i18n: Set(delegation.purpose_i18n),
                    occasion: Set(delegation.occasion),
                    occasion_i18n: Set(delegation.occasion_i18n),
                    start_date: Set(start_date),
                    start_precision: Set(start_precision),
                    end_date: Set(end_date),
                    end_precision: Set(end_precision),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Delegation, &delegation.slug, row.id, &record)?;
        for host in delegation.hosts {
            write
                .insert(
                    entity::delegation_host::ActiveModel {
                        delegation_id: Set(row.id),
                        organization_id: Set(slugs.get(SubjectKind::Organization, &host, &record)?),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
        }
        for member in delegation.members {
            let member_row = write
                .insert(
                    entity::delegation_member::ActiveModel {
                        delegation_id: Set(row.id),
                        organization_id: Set(slugs.get_opt(
                            SubjectKind::Organization,
                            member.organization.as_deref(),
                            &record,
                        )?),
                        person_id: Set(slugs.get_opt(SubjectKind::Person, member.person.as_deref(), &record)?),
                        role: Set(member.role),
                        headcount: Set(member.headcount),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
            cite(&mut citations, (SubjectKind::DelegationMember, member_row.id), member.citations, &record);
        }
        citations
            .extend(insert_figures(&mut write, (SubjectKind::Delegation, row.id), delegation.figures, &record).await?);
        cite(&mut citations, (SubjectKind::Delegation, row.id), delegation.citations, &record);
        report.delegations += 1;
    }

    for event in knowledge.event {
        let record = format!("event `{}`", event.slug);
        let zone: chrono_tz::Tz = event
            .time_zone
            .parse()
            .map_err(|_| invalid(&record, format!("`{}` is not an IANA time zone", event.time_zone)))?;
        let (starts_at, starts_precision) = event_start(&event.starts_at, zone, &record)?;
        let ends_at = event.ends_at.as_deref().map(|t| event_end(t, zone, &record)).transpose()?;
        let row = write
            .insert(
                entity::event::ActiveModel {
                    slug: Set(event.slug.clone()),
                    partnership_id: Set(slugs.get_opt(
                        SubjectKind::Partnership,
                        event.partnership.as_deref(),
                        &record,
                    )?),
                    kind: Set(event.kind),
                    original_lang: Set(event.original_lang),
                    title: Set(event.title),
                    title_i18n: Set(event.title_i18n),
                    description: Set(event.description),
                    description_i18n: Set(event.description_i18n),
                    starts_at: Set(starts_at),
                    starts_precision: Set(starts_precision),
                    ends_at: Set(ends_at),
                    time_zone: Set(event.time_zone),
                    place_id: Set(slugs.get_opt(SubjectKind::Place, event.place.as_deref(), &record)?),
                    is_public: Set(event.public),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&record, error))?;
        slugs.add(SubjectKind::Event, &event.slug, row.id, &record)?;
        for organizer in event.organizers {
            write
                .insert(
                    entity::event_organizer::ActiveModel {
                        event_id: Set(row.id),
                        organization_id: Set(slugs.get(SubjectKind::Organization, &organizer, &record)?),
                        ..Default::default()
                    },
                    "",
                )
                .await
                .map_err(|error| written(&record, error))?;
        }
        citations.extend(insert_figures(&mut write, (SubjectKind::Event, row.id), event.figures, &record).await?);
        cite(&mut citations, (SubjectKind::Event, row.id), event.citations, &record);
        report.events += 1;
    }

    for (document_id, body, mentions, record) in pending_mentions {
        for mention in mentions {
            let (subject_kind, subject_id) = slugs.reference(&mention.subject, &record)?;
            let occurrences: Vec<usize> = body.match_indices(&mention.surface).map(|(at, _)| at).collect();
            if occurrences.is_empty() {
                return Err(invalid(&record, format!("mention `{}` does not occur in the body", mention.surface)));
            }
            for byte_offset in occurrences {
                let start = body[..byte_offset].chars().count();
                let end = start + mention.surface.chars().count();
                write
                    .insert(
                        entity::mention::ActiveModel {
                            document_id: Set(document_id),
                            surface_form: Set(mention.surface.clone()),
                            start_offset: Set(i32::try_from(start).map_err(|e| invalid(&record, e))?),
                            end_offset: Set(i32::try_from(end).map_err(|e| invalid(&record, e))?),
                            subject_kind: Set(subject_kind),
                            subject_id: Set(subject_id),
                            ..Default::default()
                        },
                        "",
                    )
                    .await
                    .map_err(|error| written(&record, error))?;
            }
        }
    }

    for citation in citations {
        let document_id = slugs.get(SubjectKind::Document, &citation.spec.document, &citation.record)?;
        write
            .insert(
                entity::citation::ActiveModel {
                    subject_kind: Set(citation.subject.0),
                    subject_id: Set(citation.subject.1),
                    field: Set(citation.spec.field),
                    document_id: Set(document_id),
                    locator: Set(citation.spec.locator),
                    quote: Set(citation.spec.quote),
                    stance: Set(citation.spec.stance),
                    ..Default::default()
                },
                "",
            )
            .await
            .map_err(|error| written(&citation.record, error))?;
        report.citations += 1;
    }

    write.commit().await?;
    Ok(report)
}

/// Loads the built-in knowledge into an empty database, in one transaction.
pub async fn load_built_in(
    db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
) -> LoadResult<LoadReport> {
    let files =
        |path: &str| BUILT_IN_FILES.iter().find(|(known, _)| *known == path).map(|(_, text)| (*text).to_owned());
    load(db, BUILT_IN, &files).await
}

/// Applies the pending migrations and, if the database is then empty, loads the built-in knowledge: all in one
/// transaction that no other start-up runs beside, so a process killed at any point leaves the database as it
/// was, and of several servers starting together on an empty database one loads the knowledge and the others
/// find it there. Returns what was loaded, if anything.
pub async fn migrate_and_load_if_empty(db: &DatabaseConnection) -> LoadResult<Option<LoadReport>> {
    crate::db::dialect::retry_while_locked(KnowledgeError::database_error, || async {
        let txn = crate::db::dialect::begin_exclusive(db).await?;
        crate::db::migrate_in(&txn).await?;
        let report = if crate::db::is_empty(&txn).await? { Some(load_built_in(&txn).await?) } else { None };
        txn.commit().await?;
        Ok(report)
    })
    .await
}
