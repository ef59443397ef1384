//! Press-release ingestion (`coopkb ingest`, the `ingestPressRelease` mutation): a release becomes a PRESS_RELEASE
//! document with its dateline, title, contact and SHA-256, the known organizations and places it names are
//! recorded as mentions, and the facts it states are proposed with their quotes; `accept` writes the proposals an
//! editor chooses. Everything is written through the write path.

pub mod mentions;
pub mod parse;
pub mod proposals;

use chrono::{NaiveDate, TimeZone};
use entity::{DatePrecision, DocumentKind, MemberRole, SubjectKind};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

pub use mentions::Found;
pub use parse::{Contact, PressRelease};
pub use proposals::{Fact, Proposal};

use crate::db::keyed::Slugged;
use crate::write::rules::body_digest;
use crate::write::{ChangeFeed, Write, WriteError, WriteResult};

/// A release as ingested.
#[derive(Clone, Debug)]
pub struct Ingested {
    /// The document that holds it.
    pub document: entity::document::Model,
    /// Whether this ingestion created it (`false`: the same text was already held).
    pub created: bool,
    /// What was read.
    pub release: PressRelease,
    /// The known organizations and places it names.
    pub mentions: Vec<Found>,
    /// The facts it states, for an editor to accept.
    pub proposals: Vec<Proposal>,
}

/// What accepting proposals wrote.
#[derive(Clone, Debug, Default)]
pub struct Accepted {
    /// Events created.
    pub events: Vec<i32>,
    /// Delegations created.
    pub delegations: Vec<i32>,
    /// Citations created (each accepted fact is cited with its quote).
    pub citations: usize,
    /// The data version of the change.
    pub data_version: i64,
}

/// Reads `text` as a press release of `publisher` and keeps it as a document, unless the same text is already held;
/// records its mentions and proposes its facts.
pub async fn ingest(
    db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
    text: &str,
    publisher: i32,
    actor: &str,
    feed: &ChangeFeed,
) -> WriteResult<Ingested> {
    let release = parse::parse(text).map_err(|error| WriteError::invalid("text", error))?;
    let names = mentions::known_names(db).await?;
    let found = mentions::find(text, &names);
    let proposals = propose(db, text, release.date, &found).await?;
    let held = entity::document::Entity::find()
        .filter(entity::document::Column::Sha256.eq(body_digest(text)))
        .order_by_asc(entity::document::Column::Id)
        .one(db)
        .await?;
    if let Some(document) = held {
        return Ok(Ingested { document, created: false, release, mentions: found, proposals });
    }
    let publisher_row = entity::organization::Entity::find_by_id(publisher)
        .one(db)
        .await?
        .ok_or_else(|| WriteError::invalid("publisher", format!("no organization has id {publisher}")))?;
    let mut write = Write::begin(db, actor, feed).await?;
    let base = format!("communique-{}-{}", publisher_row.slug, release.date);
    let slug = unique_slug::<entity::document::Entity>(write.connection(), &base).await?;
    let language = parse::language_of(text);
    let document = write
        .insert(
            entity::document::ActiveModel {
                slug: Set(slug),
                kind: Set(DocumentKind::PressRelease),
                language: Set(language.to_owned()),
                title: Set(release.title.clone()),
                title_i18n: Set(Default::default()),
                dateline: Set(Some(release.place.clone())),
                published_date: Set(Some(release.date)),
                published_precision: Set(Some(DatePrecision::Day)),
                publisher_id: Set(Some(publisher)),
                body: Set(Some(text.to_owned())),
                ..Default::default()
            },
            "text",
        )
        .await?;
    if let Some(contact) = &release.contact {
        let contact = write
            .insert(
                entity::contact::ActiveModel {
                    label: Set(contact.label.clone()),
                    phone: Set(contact.phone.clone()),
                    email: Set(contact.email.clone()),
                    postal_address: Set(contact.postal_address.clone()),
                    organization_id: Set(Some(publisher)),
                    ..Default::default()
                },
                "text.contact",
            )
            .await?;
        write
            .insert(
                entity::document_contact::ActiveModel {
                    document_id: Set(document.id),
                    contact_id: Set(contact.id),
                    ..Default::default()
                },
                "text.contact",
            )
            .await?;
    }
    for mention in &found {
        write
            .insert(
                entity::mention::ActiveModel {
                    document_id: Set(document.id),
                    surface_form: Set(mention.surface.clone()),
                    start_offset: Set(offset(mention.start)?),
                    end_offset: Set(offset(mention.end)?),
                    subject_kind: Set(mention.subject.0),
                    subject_id: Set(mention.subject.1),
                    ..Default::default()
                },
                "text",
            )
            .await?;
    }
    write.commit().await?;
    Ok(Ingested { document, created: true, release, mentions: found, proposals })
}

fn offset(position: usize) -> WriteResult<i32> {
    i32::try_from(position).map_err(|_| WriteError::invalid("text", "is too long"))
}

/// The proposals of a text, with the organizations' countries to tell hosts from guests.
async fn propose(
    db: &impl ConnectionTrait,
    text: &str,
    released: NaiveDate,
    found: &[Found],
) -> Result<Vec<Proposal>, DbErr> {
    let ids: Vec<i32> =
        found.iter().filter(|f| f.subject.0 == SubjectKind::Organization).map(|f| f.subject.1).collect();
    let french: std::collections::HashSet<i32> = entity::organization::Entity::find()
        .filter(entity::organization::Column::Id.is_in(ids))
        .filter(entity::organization::Column::Country.eq("FR"))
        .all(db)
        .await?
        .into_iter()
        .map(|org| org.id)
        .collect();
    Ok(proposals::propose(text, released, found, &|id| french.contains(&id)))
}

/// `base`, or `base-2`, `base-3`… if a row of `E` already has it (a fact accepted twice is two rows, not an
/// error).
async fn unique_slug<E: Slugged>(db: &impl ConnectionTrait, base: &str) -> Result<String, DbErr> {
    let mut slug = base.to_owned();
    let mut n = 1;
    while E::find().filter(E::SLUG.eq(&slug)).one(db).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

/// Writes the proposals `chosen` (their positions in the document's proposals) of the press release `document_id`,
/// each cited with its quote; facts about the cooperation as a whole are cited on the publisher's partnership.
pub async fn accept(
    db: &(impl ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>),
    document_id: i32,
    chosen: &[usize],
    actor: &str,
    feed: &ChangeFeed,
) -> WriteResult<Accepted> {
    let document = entity::document::Entity::find_by_id(document_id)
        .one(db)
        .await?
        .ok_or_else(|| WriteError::NotFound { message: format!("no document has id {document_id}") })?;
    let body = document.body.clone().unwrap_or_default();
    let release = parse::parse(&body).map_err(|error| WriteError::invalid("document", error))?;
    let found = mentions::find(&body, &mentions::known_names(db).await?);
    let all = propose(db, &body, release.date, &found).await?;
    let mut selected = Vec::new();
    for (n, index) in chosen.iter().enumerate() {
        match all.get(*index) {
            Some(proposal) => selected.push(proposal.clone()),
            None => {
                return Err(WriteError::invalid(
                    &format!("proposals.{n}"),
                    format!("the document has {} proposals: {index} is not one of them", all.len()),
                ));
            }
        }
    }
    let publisher = document.publisher_id;
    let memberships = match publisher {
        Some(publisher) => {
            entity::partnership_member::Entity::find()
                .filter(entity::partnership_member::Column::OrganizationId.eq(publisher))
                .order_by_asc(entity::partnership_member::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let partnership = memberships
        .iter()
        .find(|member| member.role == MemberRole::Lead)
        .or_else(|| memberships.first())
        .map(|member| member.partnership_id);
    let partnership = partnership.ok_or_else(|| {
        WriteError::invalid("document", "its publisher is a member of no partnership the facts could belong to")
    })?;
    let zone = time_zone(db, publisher).await?;
    let mut accepted = Accepted::default();
    let mut write = Write::begin(db, actor, feed).await?;
    for (n, proposal) in selected.iter().enumerate() {
        let path = format!("proposals.{n}");
        let subject = match &proposal.fact {
            Fact::Event { title, event_kind, starts_at, place, public } => {
                let starts_at = zone
                    .from_local_datetime(starts_at)
                    .earliest()
                    .ok_or_else(|| WriteError::invalid(&path, format!("{starts_at} does not exist in {zone}")))?;
                let base = format!("{}-{}", crate::text::slug_of(title), starts_at.date_naive());
                let slug = unique_slug::<entity::event::Entity>(write.connection(), &base).await?;
                let event = write
                    .insert(
                        entity::event::ActiveModel {
                            slug: Set(slug),
                            partnership_id: Set(Some(partnership)),
                            kind: Set(*event_kind),
                            original_lang: Set(document.language.clone()),
                            title: Set(title.clone()),
                            title_i18n: Set(Default::default()),
                            description_i18n: Set(Default::default()),
                            starts_at: Set(starts_at.with_timezone(&chrono::Utc)),
                            time_zone: Set(zone.name().to_owned()),
                            place_id: Set(*place),
                            is_public: Set(*public),
                            ..Default::default()
                        },
                        &path,
                    )
                    .await?;
                if let Some(publisher) = publisher {
                    write
                        .insert(
                            entity::event_organizer::ActiveModel {
                                event_id: Set(event.id),
                                organization_id: Set(publisher),
                                ..Default::default()
                            },
                            &path,
                        )
                        .await?;
                }
                accepted.events.push(event.id);
                (SubjectKind::Event, event.id, None)
            }
            Fact::Delegation { title, direction, hosts, month } => {
                let base = format!("{}-{}", crate::text::slug_of(title), month.format("%Y-%m"));
                let slug = unique_slug::<entity::delegation::Entity>(write.connection(), &base).await?;
                let delegation = write
                    .insert(
                        entity::delegation::ActiveModel {
                            slug: Set(slug),
                            partnership_id: Set(partnership),
                            direction: Set(*direction),
                            original_lang: Set(document.language.clone()),
                            title: Set(title.clone()),
                            title_i18n: Set(Default::default()),
                            purpose_i18n: Set(Default::default()),
                            occasion_i18n: Set(Default::default()),
                            start_date: Set(Some(*month)),
                            start_precision: Set(Some(DatePrecision::Month)),
                            ..Default::default()
                        },
                        &path,
                    )
                    .await?;
                for host in hosts {
                    write
                        .insert(
                            entity::delegation_host::ActiveModel {
                                delegation_id: Set(delegation.id),
                                organization_id: Set(*host),
                                ..Default::default()
                            },
                            &path,
                        )
                        .await?;
                }
                accepted.delegations.push(delegation.id);
                (SubjectKind::Delegation, delegation.id, None)
            }
            Fact::Count { metric, .. } => (SubjectKind::Partnership, partnership, Some(format!("reported_{metric}"))),
            Fact::Domains { .. } => (SubjectKind::Partnership, partnership, Some("domains".to_owned())),
            Fact::Since { .. } => (SubjectKind::Partnership, partnership, Some("start".to_owned())),
        };
        write
            .insert(
                entity::citation::ActiveModel {
                    subject_kind: Set(subject.0),
                    subject_id: Set(subject.1),
                    field: Set(subject.2),
                    document_id: Set(document.id),
                    locator: Set(Some(proposal.locator.clone())),
                    quote: Set(Some(proposal.quote.clone())),
                    stance: Set(entity::Stance::Stated),
                    ..Default::default()
                },
                &path,
            )
            .await?;
        accepted.citations += 1;
    }
    accepted.data_version = write.commit().await?.data_version;
    Ok(accepted)
}

/// The time zone of a publisher's events: France's for a French one, Palestine's for a Palestinian one.
async fn time_zone(db: &impl ConnectionTrait, publisher: Option<i32>) -> Result<chrono_tz::Tz, DbErr> {
    let country = match publisher {
        Some(id) => entity::organization::Entity::find_by_id(id).one(db).await?.map(|org| org.country),
        None => None,
    };
    Ok(match country.as_deref() {
        Some("PS") => chrono_tz::Asia::Hebron,
        Some("FR") | None => chrono_tz::Europe::Paris,
        Some(_) => chrono_tz::UTC,
    })
}
