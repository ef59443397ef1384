//! CSV for spreadsheets: one row per object, a header row, multi-valued fields joined with `; `, dates in EDTF,
//! amounts in units, UTF-8 (with a byte-order mark on request, for Excel). Rows are read and written a page at a
//! time, in id order, so memory stays bounded whatever the number of objects.

use std::collections::{BTreeSet, HashMap};

use entity::{
    citation, delegation, delegation_host, delegation_member, document, event, event_organizer, organization,
    organization_name, partnership, place, project,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, QueryFilter, QuerySelect};

use super::stream::Format;

use crate::db::keyed::{Slugged, by_ids, children_of};
use crate::partial_date::PartialDate;

/// What a CSV export lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvTable {
    /// Projects, with their domains, DAC codes, budgets and participants.
    Projects,
    /// Organizations, with their names and spellings.
    Organizations,
    /// Delegations, with their hosts and members.
    Delegations,
    /// Events, with their place and organizers.
    Events,
    /// Citations: which document supports which fact, where, with which words.
    Citations,
}

impl CsvTable {
    /// The table a route or a command names (`projects`).
    pub fn named(name: &str) -> Option<Self> {
        <Self as clap::ValueEnum>::from_str(name, true).ok()
    }

    /// The columns of its header row.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CsvTable::Projects => &[
                "slug",
                "title",
                "kind",
                "status",
                "partnership",
                "parent",
                "start",
                "end",
                "duration_months",
                "domains",
                "dac_codes",
                "budget_amount",
                "budget_currency",
                "participants",
                "original_lang",
            ],
            CsvTable::Organizations => &[
                "slug",
                "name",
                "kind",
                "country",
                "parent",
                "official_code",
                "official_code_scheme",
                "seat",
                "postal_code",
                "latitude",
                "longitude",
                "population",
                "population_year",
                "names",
            ],
            CsvTable::Delegations => &[
                "slug",
                "title",
                "direction",
                "partnership",
                "start",
                "end",
                "purpose",
                "occasion",
                "hosts",
                "members",
            ],
            CsvTable::Events => &[
                "slug",
                "title",
                "kind",
                "partnership",
                "starts_at",
                "ends_at",
                "time_zone",
                "place",
                "commune",
                "public",
                "organizers",
            ],
            CsvTable::Citations => {
                &["id", "subject_kind", "subject_id", "field", "document", "locator", "quote", "stance"]
            }
        }
    }
}

/// CSV of the objects of `table`, page by page.
pub struct Csv {
    table: CsvTable,
    byte_order_mark: bool,
}

impl Csv {
    /// CSV of `table`, with a byte-order mark first when asked.
    pub fn new(table: CsvTable, byte_order_mark: bool) -> Self {
        Self { table, byte_order_mark }
    }
}

impl<M: Rows> Format<M> for Csv {
    fn head(&self) -> Result<Vec<u8>, DbErr> {
        let mut header = if self.byte_order_mark { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
        header.extend(to_csv(&[self.table.columns().iter().map(|column| (*column).to_owned()).collect()])?);
        Ok(header)
    }

    async fn page(&mut self, db: &impl ConnectionTrait, page: Vec<M>) -> Result<Vec<u8>, DbErr> {
        to_csv(&M::rows(db, page).await?)
    }
}

fn to_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, DbErr> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(|error| DbErr::Custom(format!("CSV: {error}")))?;
    }
    writer.into_inner().map_err(|error| DbErr::Custom(format!("CSV: {error}")))
}

/// Objects a CSV export lists, turned into rows with what they link to (read for the whole page at once).
pub trait Rows: Sized {
    /// The rows of `page`, in its order, one cell per column of the table.
    fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> impl Future<Output = Result<Vec<Vec<String>>, DbErr>>;
}

/// The slugs of the rows `ids` of `E`.
async fn slugs<E: Slugged>(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, DbErr>
where
    E::Model: sea_orm::FromQueryResult + Send + Sync,
{
    let ids: BTreeSet<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    E::find()
        .select_only()
        .column(E::ID)
        .column(E::SLUG)
        .filter(E::ID.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await
        .map(|rows| rows.into_iter().collect())
}

fn slug_of(slugs: &HashMap<i32, String>, id: Option<i32>) -> String {
    id.and_then(|id| slugs.get(&id)).cloned().unwrap_or_default()
}

fn date(first_day: Option<chrono::NaiveDate>, precision: Option<entity::DatePrecision>) -> String {
    PartialDate::from_columns(first_day, precision).map(|date| date.to_string()).unwrap_or_default()
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// A vocabulary value as the API names it (`WATER_SANITATION`).
fn name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

fn amount(cents: Option<i64>) -> String {
    cents.map(|cents| format!("{}.{:02}", cents / 100, (cents % 100).abs())).unwrap_or_default()
}

fn joined(values: impl IntoIterator<Item = String>) -> String {
    values.into_iter().filter(|value| !value.is_empty()).collect::<Vec<_>>().join("; ")
}

impl Rows for project::Model {
    async fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> Result<Vec<Vec<String>>, DbErr> {
        let ids: Vec<i32> = page.iter().map(|p| p.id).collect();
        let (domains, participants) = crate::db::project::domains_and_participants(db, &ids).await?;
        let organizations =
            slugs::<organization::Entity>(db, participants.values().flatten().map(|p| p.organization_id)).await?;
        let partnerships = slugs::<partnership::Entity>(db, page.iter().map(|p| p.partnership_id)).await?;
        let parents = slugs::<project::Entity>(db, page.iter().filter_map(|p| p.parent_id)).await?;
        Ok(page
            .into_iter()
            .map(|p| {
                let domains = domains.get(&p.id).map(Vec::as_slice).unwrap_or_default();
                let participants = participants.get(&p.id).map(Vec::as_slice).unwrap_or_default();
                vec![
                    p.slug,
                    p.title,
                    name(&p.kind),
                    name(&p.status),
                    slug_of(&partnerships, Some(p.partnership_id)),
                    slug_of(&parents, p.parent_id),
                    date(p.start_date, p.start_precision),
                    date(p.end_date, p.end_precision),
                    text(p.duration_months),
                    joined(domains.iter().map(|d| name(&d.domain))),
                    joined(domains.iter().map(|d| d.dac_code.clone().unwrap_or_default())),
                    amount(p.budget_amount_cents),
                    text(p.budget_currency),
                    joined(
                        participants.iter().map(|x| {
                            format!("{} ({})", slug_of(&organizations, Some(x.organization_id)), name(&x.role))
                        }),
                    ),
                    p.original_lang,
                ]
            })
            .collect())
    }
}

impl Rows for organization::Model {
    async fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> Result<Vec<Vec<String>>, DbErr> {
        let ids: Vec<i32> = page.iter().map(|o| o.id).collect();
        let names = children_of::<organization_name::Entity>(
            db,
            organization_name::Column::OrganizationId,
            |n| Some(n.organization_id),
            &ids,
        )
        .await?;
        let parents = slugs::<organization::Entity>(db, page.iter().filter_map(|o| o.parent_id)).await?;
        Ok(page
            .into_iter()
            .map(|o| {
                let names = names.get(&o.id).map(Vec::as_slice).unwrap_or_default();
                vec![
                    o.slug,
                    o.name,
                    name(&o.kind),
                    o.country,
                    slug_of(&parents, o.parent_id),
                    text(o.official_code),
                    text(o.official_code_scheme),
                    text(o.seat),
                    text(o.postal_code),
                    text(o.latitude),
                    text(o.longitude),
                    text(o.population),
                    text(o.population_year),
                    joined(names.iter().map(|n| n.value.clone())),
                ]
            })
            .collect())
    }
}

impl Rows for delegation::Model {
    async fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> Result<Vec<Vec<String>>, DbErr> {
        let ids: Vec<i32> = page.iter().map(|d| d.id).collect();
        let hosts = children_of::<delegation_host::Entity>(
            db,
            delegation_host::Column::DelegationId,
            |h| Some(h.delegation_id),
            &ids,
        )
        .await?;
        let members = children_of::<delegation_member::Entity>(
            db,
            delegation_member::Column::DelegationId,
            |m| Some(m.delegation_id),
            &ids,
        )
        .await?;
        let organization_ids = hosts
            .values()
            .flatten()
            .map(|h| h.organization_id)
            .chain(members.values().flatten().filter_map(|m| m.organization_id));
        let organizations = slugs::<organization::Entity>(db, organization_ids).await?;
        let partnerships = slugs::<partnership::Entity>(db, page.iter().map(|d| d.partnership_id)).await?;
        Ok(page
            .into_iter()
            .map(|d| {
                let hosts = hosts.get(&d.id).map(Vec::as_slice).unwrap_or_default();
                let members = members.get(&d.id).map(Vec::as_slice).unwrap_or_default();
                vec![
                    d.slug,
                    d.title,
                    name(&d.direction),
                    slug_of(&partnerships, Some(d.partnership_id)),
                    date(d.start_date, d.start_precision),
                    date(d.end_date, d.end_precision),
                    text(d.purpose),
                    text(d.occasion),
                    joined(hosts.iter().map(|h| slug_of(&organizations, Some(h.organization_id)))),
                    joined(members.iter().map(|m| {
                        let who = slug_of(&organizations, m.organization_id);
                        let count = m.headcount.map(|n| format!(" ×{n}")).unwrap_or_default();
                        format!("{who} ({}){count}", name(&m.role))
                    })),
                ]
            })
            .collect())
    }
}

impl Rows for event::Model {
    async fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> Result<Vec<Vec<String>>, DbErr> {
        let ids: Vec<i32> = page.iter().map(|e| e.id).collect();
        let organizers =
            children_of::<event_organizer::Entity>(db, event_organizer::Column::EventId, |o| Some(o.event_id), &ids)
                .await?;
        let places: Vec<i32> = page.iter().filter_map(|e| e.place_id).collect();
        let places = by_ids::<place::Entity>(db, &places).await?;
        let organization_ids = organizers
            .values()
            .flatten()
            .map(|o| o.organization_id)
            .chain(places.values().filter_map(|p| p.commune_id));
        let organizations = slugs::<organization::Entity>(db, organization_ids).await?;
        let partnerships = slugs::<partnership::Entity>(db, page.iter().filter_map(|e| e.partnership_id)).await?;
        Ok(page
            .into_iter()
            .map(|e| {
                let organizers = organizers.get(&e.id).map(Vec::as_slice).unwrap_or_default();
                let place = e.place_id.and_then(|id| places.get(&id));
                vec![
                    e.slug,
                    e.title,
                    name(&e.kind),
                    slug_of(&partnerships, e.partnership_id),
                    e.starts_at.to_rfc3339(),
                    text(e.ends_at.map(|at| at.to_rfc3339())),
                    e.time_zone,
                    text(place.map(|p| p.name.clone())),
                    slug_of(&organizations, place.and_then(|p| p.commune_id)),
                    e.is_public.to_string(),
                    joined(organizers.iter().map(|o| slug_of(&organizations, Some(o.organization_id)))),
                ]
            })
            .collect())
    }
}

impl Rows for citation::Model {
    async fn rows(db: &impl ConnectionTrait, page: Vec<Self>) -> Result<Vec<Vec<String>>, DbErr> {
        let documents = slugs::<document::Entity>(db, page.iter().map(|c| c.document_id)).await?;
        Ok(page
            .into_iter()
            .map(|c| {
                vec![
                    c.id.to_string(),
                    name(&c.subject_kind),
                    c.subject_id.to_string(),
                    text(c.field),
                    slug_of(&documents, Some(c.document_id)),
                    text(c.locator),
                    text(c.quote),
                    name(&c.stance),
                ]
            })
            .collect())
    }
}
