//! Reading IATI 2.03 activities (`coopkb import --format iati`): each activity becomes a document of
//! [`super`] (a project with its domains, participants, sources and citations; the reporting organization's
//! partnership; organizations not yet known), imported through the same path as any other. Rows the database
//! already holds (an organization, a partnership, a document with the same address) are pointed at, not
//! rewritten; an activity whose project is already known is left as it is.

use std::collections::{BTreeMap, HashMap, HashSet};

use entity::{Domain, ParticipantRole, ProjectStatus};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{FORMAT, FORMAT_VERSION};
use crate::db::keyed::Slugged;
use crate::export::iati::IDENTIFIER_PREFIX;
use crate::text::slug_of;
use crate::vocabulary::{Narrative, Narratives};
use crate::write::{WriteError, WriteResult};

#[derive(Deserialize)]
struct Activities {
    #[serde(rename = "iati-activity", default)]
    activities: Vec<Activity>,
}

#[derive(Deserialize)]
struct Activity {
    #[serde(rename = "@xml:lang")]
    lang: Option<String>,
    #[serde(rename = "@default-currency")]
    currency: Option<String>,
    #[serde(rename = "iati-identifier")]
    identifier: String,
    #[serde(rename = "reporting-org")]
    reporting_org: Org,
    title: Narratives,
    #[serde(default)]
    description: Vec<Description>,
    #[serde(rename = "participating-org", default)]
    participating: Vec<Org>,
    #[serde(rename = "activity-status")]
    status: Option<Coded>,
    #[serde(rename = "activity-date", default)]
    dates: Vec<ActivityDate>,
    #[serde(default)]
    sector: Vec<Sector>,
    #[serde(rename = "policy-marker", default)]
    policy_markers: Vec<Sector>,
    #[serde(default)]
    budget: Vec<Budget>,
    #[serde(rename = "document-link", default)]
    document_links: Vec<DocumentLink>,
    #[serde(rename = "related-activity", default)]
    related: Vec<Related>,
}

#[derive(Deserialize)]
struct Description {
    #[serde(rename = "@type")]
    kind: Option<String>,
    #[serde(default)]
    narrative: Vec<Narrative>,
}

#[derive(Deserialize)]
struct Org {
    #[serde(rename = "@ref")]
    reference: Option<String>,
    #[serde(rename = "@type")]
    kind: Option<String>,
    #[serde(rename = "@role")]
    role: Option<String>,
    #[serde(default)]
    narrative: Vec<Narrative>,
}

#[derive(Deserialize)]
struct Coded {
    #[serde(rename = "@code")]
    code: String,
}

#[derive(Deserialize)]
struct ActivityDate {
    #[serde(rename = "@type")]
    kind: String,
    #[serde(rename = "@iso-date")]
    day: String,
}

#[derive(Deserialize)]
struct Sector {
    #[serde(rename = "@vocabulary")]
    vocabulary: Option<String>,
    #[serde(rename = "@code")]
    code: String,
}

#[derive(Deserialize)]
struct Budget {
    value: BudgetValue,
}

#[derive(Deserialize)]
struct BudgetValue {
    #[serde(rename = "@currency")]
    currency: Option<String>,
    #[serde(rename = "$text")]
    amount: String,
}

#[derive(Deserialize)]
struct DocumentLink {
    #[serde(rename = "@url")]
    url: String,
    title: Narratives,
    #[serde(default)]
    category: Vec<Coded>,
    #[serde(default)]
    language: Vec<Coded>,
    #[serde(rename = "document-date")]
    date: Option<DocumentDate>,
}

#[derive(Deserialize)]
struct DocumentDate {
    #[serde(rename = "@iso-date")]
    day: String,
}

#[derive(Deserialize)]
struct Related {
    #[serde(rename = "@ref")]
    reference: String,
    #[serde(rename = "@type")]
    kind: String,
}

/// What the database already holds that activities may point at.
pub struct Known {
    slugs: HashSet<(&'static str, String)>,
    documents_by_url: HashMap<String, String>,
}

impl Known {
    /// Reads the slugs of organizations, partnerships and projects, and the documents' addresses.
    pub async fn read(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let mut slugs = HashSet::new();
        slugs.extend(slugs_of::<entity::organization::Entity>(db).await?.into_iter().map(|s| ("organization", s)));
        slugs.extend(slugs_of::<entity::partnership::Entity>(db).await?.into_iter().map(|s| ("partnership", s)));
        slugs.extend(slugs_of::<entity::project::Entity>(db).await?.into_iter().map(|s| ("project", s)));
        let documents_by_url = entity::document::Entity::find()
            .select_only()
            .column(entity::document::Column::Url)
            .column(entity::document::Column::Slug)
            .into_tuple::<(Option<String>, String)>()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(url, slug)| Some((url?, slug)))
            .collect();
        Ok(Self { slugs, documents_by_url })
    }

    fn has(&self, table: &'static str, slug: &str) -> bool {
        self.slugs.contains(&(table, slug.to_owned()))
    }
}

/// Every slug of the table `E`.
async fn slugs_of<E: Slugged>(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    E::find().select_only().column(E::SLUG).into_tuple::<String>().all(db).await
}

/// What reading an IATI file found besides the rows it gives.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IatiReading {
    /// Activities in the file.
    pub activities: usize,
    /// Activities whose project the database already holds, left as they are.
    pub known: usize,
}

/// The document of [`super`] that the IATI activities of `xml` stand for, given what the database holds.
pub fn document_of(xml: &str, known: &Known) -> WriteResult<(String, IatiReading)> {
    let file: Activities = quick_xml::de::from_str(xml)
        .map_err(|error| WriteError::invalid("", format!("is not an IATI 2.03 activities file: {error}")))?;
    let mut tables: BTreeMap<&'static str, Map<String, Value>> = BTreeMap::new();
    let mut reading = IatiReading { activities: file.activities.len(), known: 0 };
    let mut projects_of_file: HashMap<String, String> = HashMap::new();
    for activity in &file.activities {
        let reporter_ref = activity.reporting_org.reference.clone().unwrap_or_default();
        projects_of_file.insert(activity.identifier.clone(), project_slug(&activity.identifier, &reporter_ref));
    }
    for activity in &file.activities {
        let reporter_ref = activity.reporting_org.reference.clone().unwrap_or_default();
        let slug = project_slug(&activity.identifier, &reporter_ref);
        if known.has("project", &slug) {
            reading.known += 1;
            continue;
        }
        let lang = activity
            .lang
            .clone()
            .or_else(|| activity.title.narrative.iter().find_map(|n| n.lang.clone()))
            .unwrap_or_else(|| "en".to_owned());
        let reporter = organization(&mut tables, known, &activity.reporting_org);
        let partnership = format!("iati-{reporter}");
        if !known.has("partnership", &partnership)
            && !tables.entry("partnership").or_default().contains_key(&partnership)
        {
            let name = narrative_in(&activity.reporting_org.narrative, &lang).unwrap_or_else(|| reporter.clone());
            let local = activity.reporting_org.kind.as_deref() == Some("11");
            tables.entry("partnership").or_default().insert(
                partnership.clone(),
                json!({
                    "kind": if local { "DECENTRALISED_COOPERATION" } else { "NETWORK_PROGRAMME" },
                    "status": null, "original_lang": "en",
                    "name": format!("Activities published to IATI by {name}"), "name_i18n": {},
                    "description": null, "description_i18n": {},
                    "start_date": null, "start_precision": null, "end_date": null, "end_precision": null,
                    "synthetic": false,
                }),
            );
            tables.entry("partnership_member").or_default().insert(
                format!("{partnership}#1"),
                json!({ "partnership": partnership, "organization": reporter, "side": "OTHER", "role": "LEAD" }),
            );
        }
        let (title, title_i18n) = texts(&activity.title.narrative, &lang);
        let general = activity.description.iter().find(|d| d.kind.as_deref().is_none_or(|kind| kind == "1"));
        let (description, description_i18n) = general.map(|d| texts(&d.narrative, &lang)).unwrap_or_default();
        let date = |kinds: [&str; 2]| {
            kinds.iter().find_map(|kind| activity.dates.iter().find(|d| d.kind == *kind)).map(|d| d.day.clone())
        };
        let (start, end) = (date(["2", "1"]), date(["4", "3"]));
        let budget = activity.budget.first();
        let cents = budget.and_then(|b| b.value.amount.trim().parse::<f64>().ok()).and_then(crate::money::cents);
        let currency = budget.and_then(|b| b.value.currency.clone()).or_else(|| activity.currency.clone());
        let (cents, currency) = match (cents, currency) {
            (Some(cents), Some(currency)) => (Some(cents), Some(currency)),
            _ => (None, None),
        };
        let precision = |day: &Option<String>| day.as_ref().map(|_| "DAY");
        let (start_precision, end_precision) = (precision(&start), precision(&end));
        let parent = activity
            .related
            .iter()
            .find(|r| r.kind == "1")
            .and_then(|r| {
                projects_of_file.get(&r.reference).cloned().or_else(|| Some(project_slug(&r.reference, &reporter_ref)))
            })
            .filter(|parent| known.has("project", parent) || projects_of_file.values().any(|slug| slug == parent));
        tables.entry("project").or_default().insert(
            slug.clone(),
            json!({
                "partnership": partnership, "parent": parent, "kind": "PROJECT",
                "status": activity.status.as_ref().and_then(|s| project_status(&s.code)),
                "original_lang": lang, "title": title, "title_i18n": title_i18n,
                "description": description, "description_i18n": description_i18n,
                "start_date": start, "start_precision": start_precision,
                "end_date": end, "end_precision": end_precision,
                "duration_months": null, "budget_amount_cents": cents, "budget_currency": currency,
                "synthetic": false,
            }),
        );
        for (n, (domain, code)) in domains(activity).into_iter().enumerate() {
            tables
                .entry("project_domain")
                .or_default()
                .insert(format!("{slug}#{}", n + 1), json!({ "project": slug, "domain": domain, "dac_code": code }));
        }
        let mut participants = 0;
        for org in &activity.participating {
            let Some(role) = org.role.as_deref().and_then(participant_role) else { continue };
            let organization = organization(&mut tables, known, org);
            participants += 1;
            tables.entry("project_participant").or_default().insert(
                format!("{slug}#{participants}"),
                json!({ "project": slug, "organization": organization, "role": role,
                        "contribution_cents": null, "contribution_currency": null }),
            );
        }
        for (n, link) in activity.document_links.iter().enumerate() {
            let document = source(&mut tables, known, link, &lang);
            tables.entry("citation").or_default().insert(
                format!("project:{slug}#{}", n + 1),
                json!({ "subject": format!("project:{slug}"), "field": null, "document": document,
                        "locator": "IATI document-link", "quote": null, "stance": "STATED", "synthetic": false }),
            );
        }
    }
    let document = json!({ "format": FORMAT, "formatVersion": FORMAT_VERSION, "tables": tables });
    Ok((document.to_string(), reading))
}

/// The slug of an activity's project: a project coopkb exported keeps its slug; another publisher's activity is
/// named by its whole identifier.
fn project_slug(identifier: &str, reporter_ref: &str) -> String {
    match identifier.strip_prefix(reporter_ref).and_then(|rest| rest.strip_prefix('-')) {
        Some(slug) if reporter_ref.starts_with(IDENTIFIER_PREFIX) => slug_of(slug),
        _ => slug_of(identifier),
    }
}

/// The key of an IATI organization, added to the document unless the database holds it.
fn organization(tables: &mut BTreeMap<&'static str, Map<String, Value>>, known: &Known, org: &Org) -> String {
    let reference = org.reference.as_deref().unwrap_or_default();
    let name = org.narrative.first().map(|n| n.text.trim().to_owned()).unwrap_or_else(|| reference.to_owned());
    let slug = match reference.strip_prefix(&format!("{IDENTIFIER_PREFIX}-")) {
        Some(ours) => slug_of(ours),
        None if !reference.is_empty() => slug_of(reference),
        None => slug_of(&name),
    };
    if known.has("organization", &slug) {
        return slug;
    }
    let organizations = tables.entry("organization").or_default();
    if !organizations.contains_key(&slug) {
        // Organisation identifiers start with the registration agency, itself named by country (`GB-COH-…`).
        let country = reference
            .get(..2)
            .filter(|code| code.bytes().all(|b| b.is_ascii_uppercase()) && !matches!(*code, "XX" | "XI" | "XM"))
            .unwrap_or("ZZ");
        organizations.insert(
            slug.clone(),
            json!({
                "kind": organization_kind(org.kind.as_deref().unwrap_or_default()), "country": country,
                "parent": null, "name": if name.is_empty() { slug.clone() } else { name },
                "official_code": (!reference.is_empty()).then_some(reference),
                "official_code_scheme": (!reference.is_empty()).then_some("IATI"),
                "subdivision_code": null, "postal_code": null, "seat": null, "latitude": null, "longitude": null,
                "population": null, "population_year": null, "synthetic": false,
            }),
        );
    }
    slug
}

/// The key of the document a link points at: the one the database holds at that address, or a new one.
fn source(
    tables: &mut BTreeMap<&'static str, Map<String, Value>>,
    known: &Known,
    link: &DocumentLink,
    lang: &str,
) -> String {
    let url = link.url.trim();
    if let Some(slug) = known.documents_by_url.get(url) {
        return slug.clone();
    }
    let address = url.split_once("://").map_or(url, |(_, rest)| rest);
    let slug = slug_of(&format!("iati-{address}"));
    let language = link.language.first().map_or(lang, |l| l.code.as_str()).to_owned();
    let title = narrative_in(&link.title.narrative, &language).unwrap_or_else(|| url.to_owned());
    let kind = match link.category.first().map(|c| c.code.as_str()) {
        Some("A09") => "AGREEMENT",
        Some("A07") => "REPORT",
        _ => "WEB_PAGE",
    };
    let published = link.date.as_ref().map(|d| d.day.clone());
    let published_precision = published.as_ref().map(|_| "DAY");
    tables.entry("document").or_default().entry(slug.clone()).or_insert_with(|| {
        json!({
            "kind": kind, "language": language, "title": title, "title_i18n": {}, "dateline": null,
            "published_date": published, "published_precision": published_precision,
            "publisher": null, "url": url, "body": null, "synthetic": false,
        })
    });
    slug
}

/// A text in `lang` (else the first), and its translations.
fn texts(narratives: &[Narrative], lang: &str) -> (String, BTreeMap<String, String>) {
    let original = narrative_in(narratives, lang).unwrap_or_default();
    let translations = narratives
        .iter()
        .filter_map(|n| Some((n.lang.clone()?, n.text.trim().to_owned())))
        .filter(|(other, text)| other != lang && !text.is_empty())
        .collect();
    (original, translations)
}

fn narrative_in(narratives: &[Narrative], lang: &str) -> Option<String> {
    narratives
        .iter()
        .find(|n| n.lang.as_deref().is_none_or(|l| l == lang))
        .or_else(|| narratives.first())
        .map(|n| n.text.trim().to_owned())
}

/// The domains of an activity: from its DAC sectors (vocabulary 1, five digits; 2, three), and the disability and
/// gender policy markers; each domain once.
fn domains(activity: &Activity) -> Vec<(Domain, Option<String>)> {
    let mut found: Vec<(Domain, Option<String>)> = Vec::new();
    for sector in &activity.sector {
        if !matches!(sector.vocabulary.as_deref(), None | Some("1") | Some("2")) {
            continue;
        }
        let domain = crate::vocabulary::domain_of_dac_code(&sector.code).unwrap_or(Domain::Other);
        if !found.iter().any(|(known, _)| *known == domain) {
            found.push((domain, Some(sector.code.clone())));
        }
    }
    for marker in activity.policy_markers.iter().filter(|m| m.vocabulary.as_deref().is_none_or(|v| v == "1")) {
        let domain = crate::vocabulary::domain_of_policy_marker(&marker.code);
        if let Some(domain) = domain.filter(|domain| !found.iter().any(|(known, _)| known == domain)) {
            found.push((domain, None));
        }
    }
    found
}

fn project_status(code: &str) -> Option<ProjectStatus> {
    Some(match code {
        "1" => ProjectStatus::Pipeline,
        "2" => ProjectStatus::Implementation,
        "3" => ProjectStatus::Finalisation,
        "4" => ProjectStatus::Closed,
        "5" => ProjectStatus::Cancelled,
        "6" => ProjectStatus::Suspended,
        _ => return None,
    })
}

fn participant_role(code: &str) -> Option<ParticipantRole> {
    Some(match code {
        "1" => ParticipantRole::Funding,
        "2" => ParticipantRole::Accountable,
        "3" => ParticipantRole::Extending,
        "4" => ParticipantRole::Implementing,
        _ => return None,
    })
}

/// Our organization kind for an IATI OrganisationType.
fn organization_kind(code: &str) -> &'static str {
    match code {
        "10" => "MINISTRY",
        "11" => "MUNICIPALITY",
        "15" => "PUBLIC_AGENCY",
        "21" | "22" | "23" | "24" => "NGO",
        _ => "OTHER",
    }
}

/// Imports the IATI activities of `xml` (see the module); nothing is written on any problem.
pub async fn import_iati(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>),
    xml: &str,
    actor: &str,
    feed: &crate::write::ChangeFeed,
    dry_run: bool,
    progress: &crate::progress::Progress,
) -> WriteResult<(super::ImportReport, IatiReading)> {
    let known = Known::read(db).await?;
    let (document, reading) = document_of(xml, &known)?;
    let report = super::import_json(db, &document, actor, feed, dry_run, progress).await?;
    Ok((report, reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_identifiers() {
        assert_eq!(project_slug("XX-COOPKB-val-de-marne-eau-jenine", "XX-COOPKB-val-de-marne"), "eau-jenine");
        assert_eq!(project_slug("GB-1-201234", "GB-1"), "gb-1-201234");
    }
}
