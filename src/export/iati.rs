//! Projects as IATI 2.03 activities (`iati-activities`), which validate against the standard's XML schema
//! (`standards/iati-2.03/`): titles and descriptions in every language held, status, dates by type, participating
//! organizations with their roles and organisation types, recipient countries, locations, sectors in the OECD DAC
//! vocabulary, the disability and gender policy markers, budgets with value dates, links to the cited sources, and
//! the parent and child activities.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    DocumentKind, MemberRole, OrganizationKind, ParticipantRole, ProjectStatus, SubjectKind, citation, document,
    organization, partnership_member, project, project_domain, project_participant,
};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::BytesText;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::stream::Format;
use crate::db::keyed::{by_ids, children_of};
use crate::partial_date::PartialDate;

/// The version of the standard written.
pub const IATI_VERSION: &str = "2.03";

/// The prefix of the identifiers coopkb gives organizations and activities: they are coopkb's own, not those of
/// an IATI registration agency.
pub const IDENTIFIER_PREFIX: &str = "XX-COOPKB";

/// EPSG:4326 (latitude longitude), the reference system of IATI locations.
const WGS84: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";

/// IATI activities, page by page.
pub struct Iati {
    generated: DateTime<Utc>,
}

impl Default for Iati {
    fn default() -> Self {
        Self { generated: Utc::now() }
    }
}

impl Format<project::Model> for Iati {
    fn head(&self) -> Result<Vec<u8>, DbErr> {
        Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"{IATI_VERSION}\" \
             generated-datetime=\"{}\">\n",
            self.generated.format("%Y-%m-%dT%H:%M:%SZ")
        )
        .into_bytes())
    }

    async fn page(&mut self, db: &impl ConnectionTrait, page: Vec<project::Model>) -> Result<Vec<u8>, DbErr> {
        let linked = Linked::read(db, &page).await?;
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        for project in &page {
            linked.activity(&mut writer, project).map_err(|error| DbErr::Custom(format!("IATI XML: {error}")))?;
        }
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn tail(&self) -> Vec<u8> {
        b"</iati-activities>\n".to_vec()
    }
}

/// What the projects of a page link to, read for the whole page at once.
struct Linked {
    domains: HashMap<i32, Vec<project_domain::Model>>,
    participants: HashMap<i32, Vec<project_participant::Model>>,
    members: HashMap<i32, Vec<partnership_member::Model>>,
    organizations: HashMap<i32, organization::Model>,
    citations: HashMap<i32, Vec<citation::Model>>,
    documents: HashMap<i32, document::Model>,
    /// Slugs of the parents and children of the page's projects.
    related: HashMap<i32, String>,
    children: HashMap<i32, Vec<i32>>,
}

impl Linked {
    async fn read(db: &impl ConnectionTrait, page: &[project::Model]) -> Result<Self, DbErr> {
        let ids: Vec<i32> = page.iter().map(|p| p.id).collect();
        let (domains, participants) = crate::db::project::domains_and_participants(db, &ids).await?;
        let partnership_ids: Vec<i32> =
            page.iter().map(|p| p.partnership_id).collect::<BTreeSet<_>>().into_iter().collect();
        let members = children_of::<partnership_member::Entity>(
            db,
            partnership_member::Column::PartnershipId,
            |m| Some(m.partnership_id),
            &partnership_ids,
        )
        .await?;
        let organization_ids: Vec<i32> = participants
            .values()
            .flatten()
            .map(|p| p.organization_id)
            .chain(members.values().flatten().map(|m| m.organization_id))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let organizations = by_ids::<organization::Entity>(db, &organization_ids).await?;
        let mut citations: HashMap<i32, Vec<citation::Model>> = HashMap::new();
        for citation in citation::Entity::find()
            .filter(citation::Column::SubjectKind.eq(SubjectKind::Project))
            .filter(citation::Column::SubjectId.is_in(ids.iter().copied()))
            .order_by_asc(citation::Column::Id)
            .all(db)
            .await?
        {
            citations.entry(citation.subject_id).or_default().push(citation);
        }
        let document_ids: Vec<i32> =
            citations.values().flatten().map(|c| c.document_id).collect::<BTreeSet<_>>().into_iter().collect();
        let documents = by_ids::<document::Entity>(db, &document_ids).await?;
        let children_rows =
            children_of::<project::Entity>(db, project::Column::ParentId, |p| p.parent_id, &ids).await?;
        let parent_ids: Vec<i32> = page.iter().filter_map(|p| p.parent_id).collect();
        let mut related: HashMap<i32, String> =
            by_ids::<project::Entity>(db, &parent_ids).await?.into_iter().map(|(id, p)| (id, p.slug)).collect();
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        for (parent, rows) in children_rows {
            for child in rows {
                children.entry(parent).or_default().push(child.id);
                related.insert(child.id, child.slug);
            }
        }
        Ok(Self { domains, participants, members, organizations, citations, documents, related, children })
    }

    /// The organization that reports a project: its partnership's lead member (the first, by id), else any.
    fn reporter(&self, project: &project::Model) -> Option<&organization::Model> {
        let members = self.members.get(&project.partnership_id)?;
        let lead = members.iter().find(|m| m.role == MemberRole::Lead).or_else(|| members.first())?;
        self.organizations.get(&lead.organization_id)
    }

    fn activity(&self, w: &mut Writer<Vec<u8>>, project: &project::Model) -> std::io::Result<()> {
        let reporter = self.reporter(project);
        let reporter_ref = reporter.map_or_else(|| IDENTIFIER_PREFIX.to_owned(), organization_ref);
        let currency = project.budget_currency.clone().unwrap_or_else(|| "EUR".to_owned());
        let hierarchy = if project.parent_id.is_some() { "2" } else { "1" };
        let updated = project.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        w.create_element("iati-activity")
            .with_attribute(("last-updated-datetime", updated.as_str()))
            .with_attribute(("xml:lang", project.original_lang.as_str()))
            .with_attribute(("default-currency", currency.as_str()))
            .with_attribute(("hierarchy", hierarchy))
            .write_inner_content(|w| {
                text_element(w, "iati-identifier", &activity_identifier(&reporter_ref, &project.slug))?;
                match reporter {
                    Some(org) => organization_element(w, "reporting-org", org, None)?,
                    None => {
                        w.create_element("reporting-org")
                            .with_attribute(("ref", IDENTIFIER_PREFIX))
                            .with_attribute(("type", "90"))
                            .write_inner_content(|w| narrative(w, None, "coopkb"))?;
                    }
                }
                w.create_element("title").write_inner_content(|w| {
                    narrative(w, Some(&project.original_lang), &project.title)?;
                    for (lang, text) in project.title_i18n.0.iter().filter(|(lang, _)| **lang != project.original_lang)
                    {
                        narrative(w, Some(lang), text)?;
                    }
                    Ok(())
                })?;
                // A description is required: the title stands in for a project without one.
                w.create_element("description").with_attribute(("type", "1")).write_inner_content(|w| {
                    let original = project.description.as_deref().unwrap_or(&project.title);
                    narrative(w, Some(&project.original_lang), original)?;
                    let translations =
                        if project.description.is_some() { &project.description_i18n } else { &project.title_i18n };
                    for (lang, text) in translations.0.iter().filter(|(lang, _)| **lang != project.original_lang) {
                        narrative(w, Some(lang), text)?;
                    }
                    Ok(())
                })?;
                self.participating_organizations(w, project, reporter)?;
                w.create_element("activity-status")
                    .with_attribute(("code", activity_status(project.status.unwrap_or(ProjectStatus::Implementation))))
                    .write_empty()?;
                activity_dates(w, project)?;
                let beneficiaries = self.beneficiaries(project);
                let countries: BTreeSet<&str> = beneficiaries.iter().map(|org| org.country.as_str()).collect();
                for country in countries {
                    w.create_element("recipient-country").with_attribute(("code", country)).write_empty()?;
                }
                for org in beneficiaries.iter().filter(|org| org.latitude.is_some() && org.longitude.is_some()) {
                    location(w, org)?;
                }
                self.sectors_and_markers(w, project)?;
                budget(w, project, &currency)?;
                self.document_links(w, project)?;
                if let Some(parent) = project.parent_id.and_then(|id| self.related.get(&id)) {
                    related_activity(w, "1", &activity_identifier(&reporter_ref, parent))?;
                }
                for child in self.children.get(&project.id).into_iter().flatten() {
                    if let Some(slug) = self.related.get(child) {
                        related_activity(w, "2", &activity_identifier(&reporter_ref, slug))?;
                    }
                }
                Ok(())
            })?;
        Ok(())
    }

    /// The participants with an IATI role; at least one: the reporter, as accountable, when none has.
    fn participating_organizations(
        &self,
        w: &mut Writer<Vec<u8>>,
        project: &project::Model,
        reporter: Option<&organization::Model>,
    ) -> std::io::Result<()> {
        let mut written = 0;
        for participant in self.participants.get(&project.id).into_iter().flatten() {
            let (Some(role), Some(org)) =
                (organisation_role(participant.role), self.organizations.get(&participant.organization_id))
            else {
                continue;
            };
            organization_element(w, "participating-org", org, Some(role))?;
            written += 1;
        }
        if written == 0 {
            match reporter {
                Some(org) => organization_element(w, "participating-org", org, Some("2"))?,
                None => {
                    w.create_element("participating-org")
                        .with_attribute(("role", "2"))
                        .write_inner_content(|w| narrative(w, None, "coopkb"))?;
                }
            }
        }
        Ok(())
    }

    /// The organizations a project benefits: its beneficiaries, else its partnership's members outside the
    /// reporter's country.
    fn beneficiaries(&self, project: &project::Model) -> Vec<&organization::Model> {
        let beneficiaries: Vec<&organization::Model> = self
            .participants
            .get(&project.id)
            .into_iter()
            .flatten()
            .filter(|p| p.role == ParticipantRole::Beneficiary)
            .filter_map(|p| self.organizations.get(&p.organization_id))
            .collect();
        if !beneficiaries.is_empty() {
            return beneficiaries;
        }
        let reporter_country = self.reporter(project).map(|org| org.country.as_str());
        self.members
            .get(&project.partnership_id)
            .into_iter()
            .flatten()
            .filter_map(|m| self.organizations.get(&m.organization_id))
            .filter(|org| Some(org.country.as_str()) != reporter_country)
            .collect()
    }

    fn sectors_and_markers(&self, w: &mut Writer<Vec<u8>>, project: &project::Model) -> std::io::Result<()> {
        let domains = self.domains.get(&project.id).map(Vec::as_slice).unwrap_or_default();
        let coded: Vec<(&str, &str)> = domains
            .iter()
            .filter_map(|d| {
                let code = d.dac_code.as_deref()?;
                // OECD DAC CRS purpose codes have five digits (vocabulary 1), their categories three (vocabulary 2).
                let vocabulary = match code.len() {
                    5 => "1",
                    3 => "2",
                    _ => return None,
                };
                Some((vocabulary, code))
            })
            .collect();
        // Percentages of one vocabulary add up to 100.
        for vocabulary in ["1", "2"] {
            let codes: Vec<&str> = coded.iter().filter(|(v, _)| *v == vocabulary).map(|(_, code)| *code).collect();
            for (n, code) in codes.iter().enumerate() {
                let share = 100 / codes.len() + usize::from(n < 100 % codes.len());
                w.create_element("sector")
                    .with_attribute(("vocabulary", vocabulary))
                    .with_attribute(("code", *code))
                    .with_attribute(("percentage", share.to_string().as_str()))
                    .write_empty()?;
            }
        }
        // Policy markers (vocabulary 1, OECD DAC: 11 disability, 1 gender equality), significance 2, the principal
        // objective, since the project's domain says so.
        let markers: BTreeSet<&str> =
            domains.iter().filter_map(|d| crate::vocabulary::domain_info(d.domain)?.policy_marker).collect();
        for marker in markers {
            w.create_element("policy-marker")
                .with_attribute(("vocabulary", "1"))
                .with_attribute(("code", marker))
                .with_attribute(("significance", "2"))
                .write_empty()?;
        }
        Ok(())
    }

    /// A link to each cited source that has an address.
    fn document_links(&self, w: &mut Writer<Vec<u8>>, project: &project::Model) -> std::io::Result<()> {
        let cited: BTreeSet<i32> =
            self.citations.get(&project.id).into_iter().flatten().map(|c| c.document_id).collect();
        for document in cited.iter().filter_map(|id| self.documents.get(id)) {
            let Some(url) = document.url.as_deref().map(any_uri) else { continue };
            w.create_element("document-link")
                .with_attribute(("url", url.as_str()))
                .with_attribute(("format", "text/html"))
                .write_inner_content(|w| {
                    w.create_element("title")
                        .write_inner_content(|w| narrative(w, Some(&document.language), &document.title))?;
                    w.create_element("category")
                        .with_attribute(("code", document_category(document.kind)))
                        .write_empty()?;
                    w.create_element("language").with_attribute(("code", document.language.as_str())).write_empty()?;
                    if let Some(day) = document.published_date {
                        w.create_element("document-date")
                            .with_attribute(("iso-date", iso(day).as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    }
}

/// A URL as an `xs:anyURI`: characters a URI may not hold (`[` `]` outside the host, spaces, non-ASCII) are
/// percent-encoded.
fn any_uri(url: &str) -> String {
    let host_end = url.find("://").map_or(0, |scheme| {
        let rest = &url[scheme + 3..];
        scheme + 3 + rest.find('/').unwrap_or(rest.len())
    });
    let mut encoded = String::with_capacity(url.len());
    for (at, c) in url.char_indices() {
        let allowed = c.is_ascii_alphanumeric()
            || "-._~:/?#@!$&'()*+,;=%".contains(c)
            || (at < host_end && (c == '[' || c == ']'));
        if allowed {
            encoded.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    encoded
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The identifier coopkb gives an organization.
fn organization_ref(org: &organization::Model) -> String {
    format!("{IDENTIFIER_PREFIX}-{}", org.slug)
}

/// An activity's identifier: its reporting organization's, then the project's slug.
fn activity_identifier(reporter_ref: &str, slug: &str) -> String {
    format!("{reporter_ref}-{slug}")
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

fn narrative(w: &mut Writer<Vec<u8>>, lang: Option<&str>, text: &str) -> std::io::Result<()> {
    let element = w.create_element("narrative");
    let element = match lang {
        Some(lang) => element.with_attribute(("xml:lang", lang)),
        None => element,
    };
    element.write_text_content(BytesText::from_escaped(partial_escape(text)))?;
    Ok(())
}

/// A `reporting-org` or `participating-org` element; `role` for a participating one.
fn organization_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    org: &organization::Model,
    role: Option<&str>,
) -> std::io::Result<()> {
    let reference = organization_ref(org);
    let mut element = w
        .create_element(name)
        .with_attribute(("ref", reference.as_str()))
        .with_attribute(("type", organisation_type(org.kind, &org.country)));
    if let Some(role) = role {
        element = element.with_attribute(("role", role));
    }
    element.write_inner_content(|w| narrative(w, None, &org.name))?;
    Ok(())
}

fn location(w: &mut Writer<Vec<u8>>, org: &organization::Model) -> std::io::Result<()> {
    let (Some(latitude), Some(longitude)) = (org.latitude, org.longitude) else { return Ok(()) };
    w.create_element("location").write_inner_content(|w| {
        w.create_element("name").write_inner_content(|w| narrative(w, None, &org.name))?;
        w.create_element("point")
            .with_attribute(("srsName", WGS84))
            .write_inner_content(|w| text_element(w, "pos", &format!("{latitude} {longitude}")))?;
        Ok(())
    })?;
    Ok(())
}

/// Activity dates: the start and end held, actual once the project has begun or ended, planned otherwise.
fn activity_dates(w: &mut Writer<Vec<u8>>, project: &project::Model) -> std::io::Result<()> {
    let status = project.status.unwrap_or(ProjectStatus::Implementation);
    let started = !matches!(status, ProjectStatus::Pipeline);
    let ended = matches!(status, ProjectStatus::Closed | ProjectStatus::Finalisation | ProjectStatus::Cancelled);
    let start = PartialDate::from_columns(project.start_date, project.start_precision);
    let end = PartialDate::from_columns(project.end_date, project.end_precision);
    let mut dates = Vec::new();
    if let Some(start) = start {
        dates.push((if started { "2" } else { "1" }, start.first_day()));
    }
    if let Some(end) = end {
        dates.push((if ended { "4" } else { "3" }, end.last_day()));
    }
    // IATI needs one date: a project with none is dated by when it was recorded, as planned.
    if dates.is_empty() {
        dates.push(("1", project.created_at.date_naive()));
    }
    for (kind, day) in dates {
        w.create_element("activity-date")
            .with_attribute(("type", kind))
            .with_attribute(("iso-date", iso(day).as_str()))
            .write_empty()?;
    }
    Ok(())
}

/// The budget over the project's period, valued on its first day.
fn budget(w: &mut Writer<Vec<u8>>, project: &project::Model, currency: &str) -> std::io::Result<()> {
    let start = PartialDate::from_columns(project.start_date, project.start_precision);
    let end = PartialDate::from_columns(project.end_date, project.end_precision);
    let (Some(cents), Some(start), Some(end)) = (project.budget_amount_cents, start, end) else { return Ok(()) };
    let amount = format!("{}.{:02}", cents / 100, (cents % 100).abs());
    let (first, last) = (iso(start.first_day()), iso(end.last_day()));
    w.create_element("budget").with_attribute(("type", "1")).with_attribute(("status", "2")).write_inner_content(
        |w| {
            w.create_element("period-start").with_attribute(("iso-date", first.as_str())).write_empty()?;
            w.create_element("period-end").with_attribute(("iso-date", last.as_str())).write_empty()?;
            w.create_element("value")
                .with_attribute(("currency", currency))
                .with_attribute(("value-date", first.as_str()))
                .write_text_content(BytesText::new(&amount))?;
            Ok(())
        },
    )?;
    Ok(())
}

fn related_activity(w: &mut Writer<Vec<u8>>, kind: &str, reference: &str) -> std::io::Result<()> {
    w.create_element("related-activity")
        .with_attribute(("ref", reference))
        .with_attribute(("type", kind))
        .write_empty()?;
    Ok(())
}

/// IATI ActivityStatus: our statuses are its six.
fn activity_status(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::Pipeline => "1",
        ProjectStatus::Implementation => "2",
        ProjectStatus::Finalisation => "3",
        ProjectStatus::Closed => "4",
        ProjectStatus::Cancelled => "5",
        ProjectStatus::Suspended => "6",
    }
}

/// IATI OrganisationRole; beneficiaries have none (they are the recipient countries and locations).
fn organisation_role(role: ParticipantRole) -> Option<&'static str> {
    match role {
        ParticipantRole::Funding => Some("1"),
        ParticipantRole::Accountable => Some("2"),
        ParticipantRole::Extending => Some("3"),
        ParticipantRole::Implementing => Some("4"),
        ParticipantRole::Beneficiary => None,
    }
}

/// IATI OrganisationType (standards/iati-codelists/OrganisationType.xml).
pub fn organisation_type(kind: OrganizationKind, country: &str) -> &'static str {
    use OrganizationKind as K;
    match kind {
        K::Department
        | K::Region
        | K::Municipality
        | K::Commune
        | K::Governorate
        | K::VillageCouncil
        | K::JointServicesCouncil
        | K::PublicService => "11",
        K::Ministry => "10",
        K::PublicAgency => "15",
        K::Ngo | K::Association | K::CulturalOrganization if country == "FR" => "22",
        K::Ngo | K::Association | K::CulturalOrganization => "24",
        K::Fund => "60",
        K::Company if country == "FR" => "71",
        K::Company => "72",
        K::ResearchInstitute | K::University | K::School => "80",
        K::RefugeeCamp | K::Network | K::Other => "90",
    }
}

/// IATI DocumentCategory: agreements are memoranda of understanding (A09), reports reviews (A07), the rest
/// pages about the activity (A12).
fn document_category(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Agreement => "A09",
        DocumentKind::Report => "A07",
        _ => "A12",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_uris() {
        assert_eq!(
            any_uri("https://www.pseau.org/outils/actions/action_resultat.php?ac[]=2104&tout=1"),
            "https://www.pseau.org/outils/actions/action_resultat.php?ac%5B%5D=2104&tout=1"
        );
        assert_eq!(any_uri("https://fr.wikipedia.org/wiki/Jénine"), "https://fr.wikipedia.org/wiki/J%C3%A9nine");
        assert_eq!(any_uri("http://[::1]:8000/a b"), "http://[::1]:8000/a%20b");
    }
}
