//! Synthetic data for benchmarks and load tests: a deterministic generator (the same scale gives the same rows)
//! of realistic volumes and shapes. Every row it makes has `synthetic = true`; it is never loaded by default, and
//! it refuses to write into a database holding real knowledge unless told to.
//!
//! At scale 1: 50 collectivities with their spellings, 100 partnerships, 5,000 projects over 25 years with
//! domains, statuses, budgets and participants, 1,000 delegations with hosts and members, 500 press releases of
//! several paragraphs, and a citation on every project, partnership, delegation and organization. Scale N makes
//! N times as many (scale 20: 100,000 projects).

use chrono::{Months, NaiveDate};
use entity::{
    DatePrecision, DelegateRole, DelegationDirection, DocumentKind, Domain, MemberRole, MemberSide, NameKind,
    OrganizationKind, ParticipantRole, PartnershipKind, PartnershipStatus, ProjectKind, ProjectStatus, Stance,
    SubjectKind, Translations,
};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::partial_date::PartialDate;
use crate::progress::Progress;
use crate::vocabulary;
use crate::write::{ChangeFeed, Row, Table, Write, WriteError};

/// Why synthetic data was not generated; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    /// The database holds real knowledge and `allow_real` was not given.
    #[error("the database holds real knowledge; generate synthetic data in its own database, or pass --allow-real")]
    RealKnowledgePresent,
    /// The database holds synthetic data already.
    #[error("the database already holds synthetic data")]
    AlreadyGenerated,
    /// The scale is out of range.
    #[error("the scale must be between 1 and 100, not {0}")]
    InvalidScale(u32),
    /// The database failed.
    #[error("database error while generating synthetic data: {0}")]
    Database(#[from] DbErr),
    /// The write path refused a generated row (a defect of the generator).
    #[error("the write path refused synthetic data: {0}")]
    Refused(String),
}

impl From<WriteError> for SyntheticError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::Database(error) => SyntheticError::Database(error),
            error => SyntheticError::Refused(error.to_string()),
        }
    }
}

/// How many rows were made, per table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyntheticReport {
    /// Organizations (collectivities).
    pub organizations: usize,
    /// Partnerships.
    pub partnerships: usize,
    /// Projects.
    pub projects: usize,
    /// Delegations.
    pub delegations: usize,
    /// Press releases.
    pub documents: usize,
    /// Citations.
    pub citations: usize,
}

/// A seeded random source with the few draws the generator needs.
struct Draw(ChaCha8Rng);

impl Draw {
    fn below(&mut self, bound: usize) -> usize {
        (self.0.next_u64() % bound.max(1) as u64) as usize
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.0.next_u64() % Ord::max(high - low + 1, 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.0.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ba", "bel", "cha", "dar", "el", "fa", "gar", "ha", "ja", "kar", "la", "ma", "mon", "na", "qa", "ra", "sa", "tal",
    "ta", "vil", "za", "rou", "bou", "tin", "lis", "nou",
];
const ARABIC: &[(char, char)] = &[
    ('a', 'ا'),
    ('b', 'ب'),
    ('c', 'ك'),
    ('d', 'د'),
    ('e', 'ي'),
    ('f', 'ف'),
    ('g', 'ج'),
    ('h', 'ه'),
    ('i', 'ي'),
    ('j', 'ج'),
    ('k', 'ك'),
    ('l', 'ل'),
    ('m', 'م'),
    ('n', 'ن'),
    ('o', 'و'),
    ('q', 'ق'),
    ('r', 'ر'),
    ('s', 'س'),
    ('t', 'ت'),
    ('u', 'و'),
    ('v', 'ف'),
    ('z', 'ز'),
];

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn arabic(latin: &str) -> String {
    latin
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            if c == ' ' || c == '-' { Some(' ') } else { ARABIC.iter().find(|(l, _)| *l == c).map(|(_, a)| *a) }
        })
        .collect()
}

const SENTENCES: &[&str] = &[
    "Les équipes techniques des deux rives ont travaillé ensemble pendant plusieurs mois.",
    "Le projet renforce les services publics municipaux au bénéfice des habitantes et des habitants.",
    "Une délégation d'élus et d'experts a suivi l'avancement des travaux sur place.",
    "Les partenaires ont fait le bilan des actions menées et discuté des perspectives de la coopération.",
    "Des formations ont permis le partage de compétences ici et là-bas.",
    "Le financement associe les collectivités, les agences de l'eau et le ministère.",
    "La coopération s'inscrit dans la durée, au service de la solidarité et de la paix.",
    "Les jeunes et les associations locales ont été associés à chaque étape.",
];

/// Generates the synthetic data set of `scale` into `db`, in one transaction.
pub async fn generate(
    db: &DatabaseConnection,
    scale: u32,
    allow_real: bool,
) -> Result<SyntheticReport, SyntheticError> {
    generate_showing(db, scale, allow_real, &Progress::hidden()).await
}

/// [`generate`], showing its progress table by table.
pub async fn generate_showing(
    db: &DatabaseConnection,
    scale: u32,
    allow_real: bool,
    progress: &Progress,
) -> Result<SyntheticReport, SyntheticError> {
    if !(1..=100).contains(&scale) {
        return Err(SyntheticError::InvalidScale(scale));
    }
    let mut write = Write::begin(db, "synthetic", &ChangeFeed::default()).await?;
    let txn = write.connection();
    let real = entity::organization::Entity::find()
        .filter(entity::organization::Column::Synthetic.eq(false))
        .count(txn)
        .await?
        + entity::document::Entity::find().filter(entity::document::Column::Synthetic.eq(false)).count(txn).await?;
    if real > 0 && !allow_real {
        return Err(SyntheticError::RealKnowledgePresent);
    }
    if entity::project::Entity::find().filter(entity::project::Column::Synthetic.eq(true)).count(txn).await? > 0 {
        return Err(SyntheticError::AlreadyGenerated);
    }
    let report = Generator::new(&mut write, scale, progress).run().await?;
    write.commit().await?;
    crate::db::analyze(db).await?;
    Ok(report)
}

struct Generator<'a> {
    write: &'a mut Write,
    progress: &'a Progress,
    scale: usize,
    draw: Draw,
}

/// A collectivity made by the generator: its id, name and side.
struct Collectivity {
    id: i32,
    name: String,
    french: bool,
}

impl<'a> Generator<'a> {
    fn new(write: &'a mut Write, scale: u32, progress: &'a Progress) -> Self {
        Self { write, progress, scale: scale as usize, draw: Draw(ChaCha8Rng::seed_from_u64(u64::from(scale))) }
    }

    /// Inserts the generated `rows` of one table.
    async fn insert<A: Row>(&mut self, rows: Vec<A>) -> Result<(), WriteError> {
        let count = rows.len() as u64;
        self.progress.stage(crate::write::table_of_kind(<A::Table as Table>::KIND), count);
        self.write.insert_many(rows).await?;
        self.progress.advance(count);
        Ok(())
    }

    fn date(&mut self, from_year: i64, to_year: i64) -> NaiveDate {
        let year = self.draw.between(from_year, to_year) as i32;
        let ordinal = self.draw.between(1, 365) as u32;
        NaiveDate::from_yo_opt(year, ordinal).unwrap_or(NaiveDate::MIN)
    }

    fn partial(&mut self, day: NaiveDate) -> PartialDate {
        let precision = match self.draw.below(10) {
            0..=3 => DatePrecision::Year,
            4..=6 => DatePrecision::Month,
            _ => DatePrecision::Day,
        };
        PartialDate::new(day, precision)
    }

    fn name(&mut self) -> String {
        let parts = 2 + self.draw.below(2);
        let word: String = (0..parts).map(|_| *self.draw.pick(SYLLABLES)).collect();
        capitalised(&word)
    }

    async fn run(mut self) -> Result<SyntheticReport, SyntheticError> {
        let mut report = SyntheticReport::default();

        // Collectivities, half French and half Palestinian, each with three spellings.
        let mut organization_id = crate::db::next_id(self.write.connection(), "organization").await?;
        let mut name_id = crate::db::next_id(self.write.connection(), "organization_name").await?;
        let mut organizations = Vec::new();
        let mut names = Vec::new();
        let mut collectivities = Vec::new();
        for n in 0..50 * self.scale {
            let french = n % 2 == 0;
            let base = self.name();
            let (kind, country, name) = if french {
                let kind = if self.draw.chance(20) { OrganizationKind::Department } else { OrganizationKind::Commune };
                (kind, "FR", format!("{base}-sur-{}", self.name()))
            } else {
                let kind = *self.draw.pick(&[
                    OrganizationKind::Municipality,
                    OrganizationKind::VillageCouncil,
                    OrganizationKind::RefugeeCamp,
                ]);
                (kind, "PS", format!("Kafr {base}"))
            };
            let english = name.replace("sur", "on").replace("Kafr", "Kfar");
            organizations.push(entity::organization::ActiveModel {
                id: Set(organization_id),
                slug: Set(format!("synthetic-organization-{n}")),
                kind: Set(kind),
                country: Set(country.to_owned()),
                parent_id: Set(None),
                name: Set(name.clone()),
                official_code: Set(None),
                official_code_scheme: Set(None),
                subdivision_code: Set(None),
                postal_code: Set(None),
                seat: Set(None),
                latitude: Set(Some(if french { 48.0 } else { 32.0 } + self.draw.between(0, 10_000) as f64 / 10_000.0)),
                longitude: Set(Some(if french { 2.0 } else { 35.0 } + self.draw.between(0, 10_000) as f64 / 10_000.0)),
                population: Set(Some(self.draw.between(2_000, 300_000))),
                population_year: Set(Some(2017)),
                synthetic: Set(true),
                ..Default::default()
            });
            for (value, lang, kind) in [
                (name.clone(), "fr", NameKind::Official),
                (english, "en", NameKind::Common),
                (arabic(&name), "ar", NameKind::Transliteration),
            ] {
                names.push(entity::organization_name::ActiveModel {
                    id: Set(name_id),
                    organization_id: Set(organization_id),
                    value: Set(value),
                    lang: Set(Some(lang.to_owned())),
                    kind: Set(kind),
                    ..Default::default()
                });
                name_id += 1;
            }
            collectivities.push(Collectivity { id: organization_id, name, french });
            organization_id += 1;
        }
        report.organizations = organizations.len();
        self.insert(organizations).await?;
        self.insert(names).await?;
        let french: Vec<&Collectivity> = collectivities.iter().filter(|c| c.french).collect();
        let partners: Vec<&Collectivity> = collectivities.iter().filter(|c| !c.french).collect();

        // Press releases: the sources every citation points to.
        let mut document_id = crate::db::next_id(self.write.connection(), "document").await?;
        let first_document = document_id;
        let mut documents = Vec::new();
        for n in 0..500 * self.scale {
            let publisher = self.draw.pick(&french);
            let partner = self.draw.pick(&partners);
            let day = self.date(2000, 2024);
            let paragraphs: Vec<String> = (0..3 + self.draw.below(3))
                .map(|_| (0..3).map(|_| *self.draw.pick(SENTENCES)).collect::<Vec<_>>().join(" "))
                .collect();
            let body = format!(
                "{}, le {}\n\n{} poursuit sa coopération avec {}.\n\n{}",
                publisher.name,
                day.format("%d/%m/%Y"),
                publisher.name,
                partner.name,
                paragraphs.join("\n\n")
            );
            let published = PartialDate::new(day, DatePrecision::Day);
            documents.push(entity::document::ActiveModel {
                id: Set(document_id),
                slug: Set(format!("synthetic-press-release-{n}")),
                kind: Set(DocumentKind::PressRelease),
                language: Set("fr".to_owned()),
                title: Set(format!("{} et {} : {} ans de coopération", publisher.name, partner.name, 1 + n % 25)),
                title_i18n: Set(Translations::default()),
                dateline: Set(Some(publisher.name.clone())),
                published_date: Set(Some(published.first_day())),
                published_precision: Set(Some(published.precision())),
                publisher_id: Set(Some(publisher.id)),
                publisher_name: Set(None),
                url: Set(None),
                body: Set(Some(body)),
                synthetic: Set(true),
                ..Default::default()
            });
            document_id += 1;
        }
        report.documents = documents.len();
        self.insert(documents).await?;
        let document_count = (document_id - first_document) as usize;

        // Partnerships, each between one or two French collectivities and one to three partner ones.
        let mut partnership_id = crate::db::next_id(self.write.connection(), "partnership").await?;
        let mut member_id = crate::db::next_id(self.write.connection(), "partnership_member").await?;
        let mut partnerships = Vec::new();
        let mut members = Vec::new();
        let mut sides: Vec<(i32, Vec<i32>, Vec<i32>)> = Vec::new();
        for n in 0..100 * self.scale {
            let day = self.date(1995, 2020);
            let start = self.partial(day);
            let ended = self.draw.chance(20);
            let end = ended.then(|| {
                PartialDate::new(
                    start.first_day().checked_add_months(Months::new(120)).unwrap_or(start.first_day()),
                    DatePrecision::Year,
                )
            });
            let french_side: Vec<i32> = (0..1 + self.draw.below(2)).map(|_| self.draw.pick(&french).id).collect();
            let partner_side: Vec<i32> = (0..1 + self.draw.below(3)).map(|_| self.draw.pick(&partners).id).collect();
            let mut french_side = french_side;
            french_side.sort_unstable();
            french_side.dedup();
            let mut partner_side = partner_side;
            partner_side.sort_unstable();
            partner_side.dedup();
            partnerships.push(entity::partnership::ActiveModel {
                id: Set(partnership_id),
                slug: Set(format!("synthetic-partnership-{n}")),
                kind: Set(if self.draw.chance(70) {
                    PartnershipKind::DecentralisedCooperation
                } else {
                    PartnershipKind::Twinning
                }),
                status: Set(Some(if ended { PartnershipStatus::Ended } else { PartnershipStatus::Active })),
                original_lang: Set("fr".to_owned()),
                name: Set(format!("Coopération synthétique {n}")),
                name_i18n: Set(Translations([("en".to_owned(), format!("Synthetic cooperation {n}"))].into())),
                description: Set(Some(self.draw.pick(SENTENCES).to_string())),
                description_i18n: Set(Translations::default()),
                start_date: Set(Some(start.first_day())),
                start_precision: Set(Some(start.precision())),
                end_date: Set(end.map(|e| e.first_day())),
                end_precision: Set(end.map(|e| e.precision())),
                synthetic: Set(true),
                ..Default::default()
            });
            for (index, (organization, side)) in french_side
                .iter()
                .map(|id| (*id, MemberSide::French))
                .chain(partner_side.iter().map(|id| (*id, MemberSide::Partner)))
                .enumerate()
            {
                members.push(entity::partnership_member::ActiveModel {
                    id: Set(member_id),
                    partnership_id: Set(partnership_id),
                    organization_id: Set(organization),
                    side: Set(side),
                    role: Set(match (index, side) {
                        (0, _) => MemberRole::Lead,
                        (_, MemberSide::French) => MemberRole::CoLead,
                        _ => MemberRole::Partner,
                    }),
                    ..Default::default()
                });
                member_id += 1;
            }
            sides.push((partnership_id, french_side, partner_side));
            partnership_id += 1;
        }
        report.partnerships = partnerships.len();
        self.insert(partnerships).await?;
        self.insert(members).await?;

        // Projects over 25 years, with domains, statuses, budgets and participants.
        let mut project_id = crate::db::next_id(self.write.connection(), "project").await?;
        let mut domain_id = crate::db::next_id(self.write.connection(), "project_domain").await?;
        let mut participant_id = crate::db::next_id(self.write.connection(), "project_participant").await?;
        let mut projects = Vec::new();
        let mut domains = Vec::new();
        let mut participants = Vec::new();
        let kinds = [
            ProjectKind::Project,
            ProjectKind::Works,
            ProjectKind::Training,
            ProjectKind::Study,
            ProjectKind::Exchange,
            ProjectKind::MasterPlan,
        ];
        let themes: Vec<&vocabulary::DomainInfo> =
            vocabulary::DOMAINS.iter().filter(|d| d.domain != Domain::Other).collect();
        for n in 0..5_000 * self.scale {
            let (partnership, french_side, partner_side) = &sides[self.draw.below(sides.len())];
            let day = self.date(2000, 2024);
            let start = self.partial(day);
            let months = 6 + self.draw.below(43) as u32;
            let end = self.draw.chance(60).then(|| {
                let day = start.first_day().checked_add_months(Months::new(months)).unwrap_or(start.first_day());
                PartialDate::new(day, start.precision())
            });
            let status = match end.map(|e| e.year()) {
                Some(year) if year < 2024 => ProjectStatus::Closed,
                Some(_) => ProjectStatus::Finalisation,
                None if start.year() >= 2023 => ProjectStatus::Pipeline,
                None => ProjectStatus::Implementation,
            };
            let kind = *self.draw.pick(&kinds);
            let theme = *self.draw.pick(&themes);
            let city = partner_side.first().and_then(|id| collectivities.iter().find(|c| c.id == *id));
            let city_name = city.map_or("la ville partenaire", |c| c.name.as_str());
            projects.push(entity::project::ActiveModel {
                id: Set(project_id),
                slug: Set(format!("synthetic-project-{n}")),
                partnership_id: Set(*partnership),
                parent_id: Set(None),
                kind: Set(kind),
                status: Set(Some(status)),
                original_lang: Set("fr".to_owned()),
                title: Set(format!(
                    "{} : {} à {city_name} ({})",
                    theme.fr,
                    format!("{kind:?}").to_lowercase(),
                    start.year()
                )),
                title_i18n: Set(Translations(
                    [("en".to_owned(), format!("{}: {kind:?} in {city_name} ({})", theme.en, start.year()))].into(),
                )),
                description: Set(Some(format!("{} {}", self.draw.pick(SENTENCES), self.draw.pick(SENTENCES)))),
                description_i18n: Set(Translations::default()),
                start_date: Set(Some(start.first_day())),
                start_precision: Set(Some(start.precision())),
                end_date: Set(end.map(|e| e.first_day())),
                end_precision: Set(end.map(|e| e.precision())),
                duration_months: Set(Some(months as i32)),
                budget_amount_cents: Set(self.draw.chance(80).then(|| self.draw.between(5_000, 2_000_000) * 100)),
                budget_currency: Set(Some("EUR".to_owned())),
                synthetic: Set(true),
                ..Default::default()
            });
            let mut project_domains = vec![theme.domain];
            if self.draw.chance(25) {
                let second = self.draw.pick(&themes).domain;
                if second != theme.domain {
                    project_domains.push(second);
                }
            }
            for domain in project_domains {
                let code =
                    vocabulary::domain_info(domain).and_then(|info| info.dac_codes.first()).map(|c| (*c).to_owned());
                domains.push(entity::project_domain::ActiveModel {
                    id: Set(domain_id),
                    project_id: Set(project_id),
                    domain: Set(domain),
                    dac_code: Set(code),
                    ..Default::default()
                });
                domain_id += 1;
            }
            let roles = french_side
                .iter()
                .take(2)
                .map(|id| (*id, ParticipantRole::Funding))
                .chain(partner_side.iter().take(2).map(|id| (*id, ParticipantRole::Beneficiary)));
            for (organization, role) in roles {
                participants.push(entity::project_participant::ActiveModel {
                    id: Set(participant_id),
                    project_id: Set(project_id),
                    organization_id: Set(organization),
                    role: Set(role),
                    contribution_cents: Set(None),
                    contribution_currency: Set(None),
                    ..Default::default()
                });
                participant_id += 1;
            }
            project_id += 1;
        }
        report.projects = projects.len();
        self.insert(projects).await?;
        self.insert(domains).await?;
        self.insert(participants).await?;

        // Delegations both ways, with hosts and members.
        let mut delegation_id = crate::db::next_id(self.write.connection(), "delegation").await?;
        let mut host_id = crate::db::next_id(self.write.connection(), "delegation_host").await?;
        let mut delegate_id = crate::db::next_id(self.write.connection(), "delegation_member").await?;
        let mut delegations = Vec::new();
        let mut hosts = Vec::new();
        let mut delegates = Vec::new();
        for n in 0..1_000 * self.scale {
            let (partnership, french_side, partner_side) = &sides[self.draw.below(sides.len())];
            let to_france = self.draw.chance(50);
            let start = self.date(2000, 2024);
            let end = start.checked_add_days(chrono::Days::new(3 + self.draw.below(8) as u64)).unwrap_or(start);
            let (travellers, hosting) =
                if to_france { (partner_side, french_side) } else { (french_side, partner_side) };
            delegations.push(entity::delegation::ActiveModel {
                id: Set(delegation_id),
                slug: Set(format!("synthetic-delegation-{n}")),
                partnership_id: Set(*partnership),
                direction: Set(if to_france { DelegationDirection::ToFrance } else { DelegationDirection::FromFrance }),
                original_lang: Set("fr".to_owned()),
                title: Set(format!("Délégation synthétique {n}")),
                title_i18n: Set(Translations([("en".to_owned(), format!("Synthetic delegation {n}"))].into())),
                purpose: Set(Some(self.draw.pick(SENTENCES).to_string())),
                purpose_i18n: Set(Translations::default()),
                occasion: Set(None),
                occasion_i18n: Set(Translations::default()),
                start_date: Set(Some(start)),
                start_precision: Set(Some(DatePrecision::Day)),
                end_date: Set(Some(end)),
                end_precision: Set(Some(DatePrecision::Day)),
                synthetic: Set(true),
                ..Default::default()
            });
            for organization in hosting.iter().take(2) {
                hosts.push(entity::delegation_host::ActiveModel {
                    id: Set(host_id),
                    delegation_id: Set(delegation_id),
                    organization_id: Set(*organization),
                    ..Default::default()
                });
                host_id += 1;
            }
            for organization in travellers.iter().take(3) {
                let role = *self.draw.pick(&[
                    DelegateRole::Mayor,
                    DelegateRole::Elected,
                    DelegateRole::Staff,
                    DelegateRole::Expert,
                ]);
                delegates.push(entity::delegation_member::ActiveModel {
                    id: Set(delegate_id),
                    delegation_id: Set(delegation_id),
                    organization_id: Set(Some(*organization)),
                    person_id: Set(None),
                    role: Set(Some(role)),
                    headcount: Set(Some(1 + self.draw.below(5) as i32)),
                    ..Default::default()
                });
                delegate_id += 1;
            }
            delegation_id += 1;
        }
        report.delegations = delegations.len();
        self.insert(delegations).await?;
        self.insert(hosts).await?;
        self.insert(delegates).await?;

        // A citation on every organization, partnership, project and delegation.
        let mut citation_id = crate::db::next_id(self.write.connection(), "citation").await?;
        let mut citations = Vec::new();
        let subjects = [
            (SubjectKind::Organization, organization_id - report.organizations as i32, report.organizations),
            (SubjectKind::Partnership, partnership_id - report.partnerships as i32, report.partnerships),
            (SubjectKind::Project, project_id - report.projects as i32, report.projects),
            (SubjectKind::Delegation, delegation_id - report.delegations as i32, report.delegations),
        ];
        for (kind, first, count) in subjects {
            for offset in 0..count {
                citations.push(entity::citation::ActiveModel {
                    id: Set(citation_id),
                    subject_kind: Set(kind),
                    subject_id: Set(first + offset as i32),
                    field: Set(None),
                    document_id: Set(first_document + self.draw.below(document_count) as i32),
                    locator: Set(Some(format!("§{}", 1 + self.draw.below(5)))),
                    quote: Set(Some(self.draw.pick(SENTENCES).to_string())),
                    stance: Set(Stance::Stated),
                    synthetic: Set(true),
                    ..Default::default()
                });
                citation_id += 1;
            }
        }
        report.citations = citations.len();
        self.insert(citations).await?;

        // Rows were inserted with explicit ids: the next ids the database hands out must come after them.
        crate::db::dialect::after_explicit_ids(
            self.write.connection(),
            &[
                "organization",
                "organization_name",
                "document",
                "partnership",
                "partnership_member",
                "project",
                "project_domain",
                "project_participant",
                "delegation",
                "delegation_host",
                "delegation_member",
                "citation",
            ],
        )
        .await?;
        Ok(report)
    }
}
