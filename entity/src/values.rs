//! Value types stored in columns: the closed vocabularies (stored as their UPPER_CASE names) and translations.

use std::collections::BTreeMap;

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Text in other languages than the original, keyed by language code (`fr`, `en`, `ar`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Translations(pub BTreeMap<String, String>);

impl Translations {
    /// The translation into `lang`, if there is one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }
}

/// Domains a row is restricted to, stored as a JSON array of their names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Domains(pub Vec<Domain>);

/// Declares a vocabulary stored as a short string column holding the variant's UPPER_CASE name.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $value:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($(#[$variant_meta])* #[sea_orm(string_value = $value)] $variant,)+
        }
    };
}

vocabulary! {
    /// What an organization is.
    OrganizationKind {
        /// A French département.
        Department = "DEPARTMENT",
        /// A region.
        Region = "REGION",
        /// A municipality (Palestinian cities).
        Municipality = "MUNICIPALITY",
        /// A French commune.
        Commune = "COMMUNE",
        /// A governorate.
        Governorate = "GOVERNORATE",
        /// A village council.
        VillageCouncil = "VILLAGE_COUNCIL",
        /// A joint services council of several local authorities.
        JointServicesCouncil = "JOINT_SERVICES_COUNCIL",
        /// A refugee camp.
        RefugeeCamp = "REFUGEE_CAMP",
        /// A public agency.
        PublicAgency = "PUBLIC_AGENCY",
        /// A ministry.
        Ministry = "MINISTRY",
        /// A non-governmental organization.
        Ngo = "NGO",
        /// A network of organizations.
        Network = "NETWORK",
        /// An association (a French association loi 1901, a sports federation, a charity).
        Association = "ASSOCIATION",
        /// A research institute or think tank.
        ResearchInstitute = "RESEARCH_INSTITUTE",
        /// A fund that finances projects.
        Fund = "FUND",
        /// A company (a contractor, a consultancy).
        Company = "COMPANY",
        /// A service, observatory or library of a local authority.
        PublicService = "PUBLIC_SERVICE",
        /// A theatre, a cultural centre or another cultural organization.
        CulturalOrganization = "CULTURAL_ORGANIZATION",
        /// A university.
        University = "UNIVERSITY",
        /// A school.
        School = "SCHOOL",
        /// Anything else.
        Other = "OTHER",
    }
}

impl OrganizationKind {
    /// The kinds of collectivity: local and regional authorities, and refugee camps.
    pub const COLLECTIVITIES: [OrganizationKind; 8] = [
        OrganizationKind::Department,
        OrganizationKind::Region,
        OrganizationKind::Municipality,
        OrganizationKind::Commune,
        OrganizationKind::Governorate,
        OrganizationKind::VillageCouncil,
        OrganizationKind::JointServicesCouncil,
        OrganizationKind::RefugeeCamp,
    ];

    /// Whether an organization of this kind is a collectivity rather than an agency, ministry, NGO or network.
    pub fn is_collectivity(self) -> bool {
        Self::COLLECTIVITIES.contains(&self)
    }
}

vocabulary! {
    /// What kind of name a spelling is.
    NameKind {
        /// The official name.
        Official = "OFFICIAL",
        /// The name in common use.
        Common = "COMMON",
        /// A transliteration from another script.
        Transliteration = "TRANSLITERATION",
        /// Another spelling found in sources.
        Variant = "VARIANT",
    }
}

vocabulary! {
    /// What kind of cooperation a partnership is.
    PartnershipKind {
        /// Decentralised cooperation between local authorities.
        DecentralisedCooperation = "DECENTRALISED_COOPERATION",
        /// A twinning.
        Twinning = "TWINNING",
        /// A programme run by a network.
        NetworkProgramme = "NETWORK_PROGRAMME",
    }
}

vocabulary! {
    /// Whether a partnership is running.
    PartnershipStatus {
        /// Planned, not started.
        Planned = "PLANNED",
        /// Running.
        Active = "ACTIVE",
        /// Suspended.
        Suspended = "SUSPENDED",
        /// Ended.
        Ended = "ENDED",
    }
}

vocabulary! {
    /// Which side of a partnership a member is on.
    MemberSide {
        /// The French side.
        French = "FRENCH",
        /// The partner side.
        Partner = "PARTNER",
        /// Neither side (a network, a funder).
        Other = "OTHER",
    }
}

vocabulary! {
    /// A member's role in a partnership.
    MemberRole {
        /// Leads the partnership.
        Lead = "LEAD",
        /// Leads it jointly.
        CoLead = "CO_LEAD",
        /// A partner.
        Partner = "PARTNER",
        /// Supports it.
        Supporting = "SUPPORTING",
    }
}

vocabulary! {
    /// What kind of work a project is.
    ProjectKind {
        /// A project.
        Project = "PROJECT",
        /// A programme of several projects.
        Programme = "PROGRAMME",
        /// A study.
        Study = "STUDY",
        /// A master plan (schéma directeur).
        MasterPlan = "MASTER_PLAN",
        /// Works.
        Works = "WORKS",
        /// A training.
        Training = "TRAINING",
        /// An exchange.
        Exchange = "EXCHANGE",
        /// The construction of a building.
        Construction = "CONSTRUCTION",
        /// The supply of equipment.
        Equipment = "EQUIPMENT",
        /// A grant to a body that carries the work.
        Grant = "GRANT",
        /// An exchange of young people.
        YouthExchange = "YOUTH_EXCHANGE",
        /// Support to a body or a service.
        Support = "SUPPORT",
    }
}

vocabulary! {
    /// The IATI activity status of a project.
    ProjectStatus {
        /// Being planned.
        Pipeline = "PIPELINE",
        /// Being carried out.
        Implementation = "IMPLEMENTATION",
        /// Finished, being closed.
        Finalisation = "FINALISATION",
        /// Finished and closed.
        Closed = "CLOSED",
        /// Cancelled.
        Cancelled = "CANCELLED",
        /// Suspended.
        Suspended = "SUSPENDED",
    }
}

vocabulary! {
    /// A domain of cooperation.
    Domain {
        /// Water and sanitation.
        WaterSanitation = "WATER_SANITATION",
        /// Culture.
        Culture = "CULTURE",
        /// Sport.
        Sport = "SPORT",
        /// Youth.
        Youth = "YOUTH",
        /// Disability.
        Disability = "DISABILITY",
        /// Early childhood.
        EarlyChildhood = "EARLY_CHILDHOOD",
        /// Education.
        Education = "EDUCATION",
        /// Health.
        Health = "HEALTH",
        /// Local governance.
        Governance = "GOVERNANCE",
        /// Economic development.
        EconomicDevelopment = "ECONOMIC_DEVELOPMENT",
        /// Gender equality.
        Gender = "GENDER",
        /// Civil society.
        CivilSociety = "CIVIL_SOCIETY",
        /// Awareness raising.
        Awareness = "AWARENESS",
        /// Anything else.
        Other = "OTHER",
    }
}

vocabulary! {
    /// An organization's IATI role in a project.
    ParticipantRole {
        /// Provides funds.
        Funding = "FUNDING",
        /// Is accountable for the project.
        Accountable = "ACCOUNTABLE",
        /// Manages the funds on behalf of the funders.
        Extending = "EXTENDING",
        /// Carries the project out.
        Implementing = "IMPLEMENTING",
        /// Benefits from the project.
        Beneficiary = "BENEFICIARY",
    }
}

vocabulary! {
    /// Which way a delegation travels.
    DelegationDirection {
        /// From the partner side to France.
        ToFrance = "TO_FRANCE",
        /// From France to the partner side.
        FromFrance = "FROM_FRANCE",
        /// Any other journey.
        Other = "OTHER",
    }
}

vocabulary! {
    /// A delegation member's role.
    DelegateRole {
        /// Heads the delegation.
        Head = "HEAD",
        /// A mayor.
        Mayor = "MAYOR",
        /// An elected official.
        Elected = "ELECTED",
        /// Staff.
        Staff = "STAFF",
        /// An expert.
        Expert = "EXPERT",
        /// Civil society.
        CivilSociety = "CIVIL_SOCIETY",
    }
}

vocabulary! {
    /// What kind of event.
    EventKind {
        /// A public debate.
        PublicDebate = "PUBLIC_DEBATE",
        /// A conference.
        Conference = "CONFERENCE",
        /// A signing.
        Signing = "SIGNING",
        /// A ceremony.
        Ceremony = "CEREMONY",
        /// A training.
        Training = "TRAINING",
        /// A meeting.
        Meeting = "MEETING",
        /// A commemoration or a day of solidarity.
        Commemoration = "COMMEMORATION",
        /// A seminar.
        Seminar = "SEMINAR",
        /// A performance, a screening or another cultural evening.
        Performance = "PERFORMANCE",
        /// A parliamentary hearing.
        Hearing = "HEARING",
    }
}

vocabulary! {
    /// What kind of source document.
    DocumentKind {
        /// A press release.
        PressRelease = "PRESS_RELEASE",
        /// A report.
        Report = "REPORT",
        /// An agreement.
        Agreement = "AGREEMENT",
        /// A master plan.
        MasterPlan = "MASTER_PLAN",
        /// A web page.
        WebPage = "WEB_PAGE",
        /// A dataset.
        Dataset = "DATASET",
    }
}

vocabulary! {
    /// How a document supports a fact.
    Stance {
        /// The document states the fact.
        Stated = "STATED",
        /// The fact is inferred from what the document says.
        Inferred = "INFERRED",
        /// The document contradicts the fact.
        Contradicted = "CONTRADICTED",
    }
}

vocabulary! {
    /// What a reported figure counts or measures.
    FigureMetric {
        /// Projects.
        Projects = "PROJECTS",
        /// Inhabitants.
        Population = "POPULATION",
        /// Member organizations (of a network, a group).
        Members = "MEMBERS",
        /// People taking part (in an event, an exchange).
        Participants = "PARTICIPANTS",
        /// An amount of money.
        Budget = "BUDGET",
    }
}

vocabulary! {
    /// How exact a reported figure is.
    FigureQualifier {
        /// Exactly the value.
        Exactly = "EXACTLY",
        /// The value or more ("plus de 40").
        AtLeast = "AT_LEAST",
        /// About the value ("environ").
        About = "ABOUT",
        /// The value or fewer.
        AtMost = "AT_MOST",
    }
}

vocabulary! {
    /// How much of a partial date is known.
    DatePrecision {
        /// Only the year.
        Year = "YEAR",
        /// The year and month.
        Month = "MONTH",
        /// The full date.
        Day = "DAY",
    }
}

vocabulary! {
    /// The table a citation, a mention or a change in the history points into.
    SubjectKind {
        /// An organization.
        Organization = "ORGANIZATION",
        /// A name of an organization.
        OrganizationName = "ORGANIZATION_NAME",
        /// A partnership.
        Partnership = "PARTNERSHIP",
        /// A partnership membership.
        PartnershipMember = "PARTNERSHIP_MEMBER",
        /// A project.
        Project = "PROJECT",
        /// A project's domain.
        ProjectDomain = "PROJECT_DOMAIN",
        /// A project participant.
        ProjectParticipant = "PROJECT_PARTICIPANT",
        /// A delegation.
        Delegation = "DELEGATION",
        /// A delegation member.
        DelegationMember = "DELEGATION_MEMBER",
        /// An event.
        Event = "EVENT",
        /// A place.
        Place = "PLACE",
        /// A person.
        Person = "PERSON",
        /// A role held by a person.
        PersonRole = "PERSON_ROLE",
        /// A document.
        Document = "DOCUMENT",
        /// A contact.
        Contact = "CONTACT",
        /// An organization hosting a delegation.
        DelegationHost = "DELEGATION_HOST",
        /// An organization organizing an event.
        EventOrganizer = "EVENT_ORGANIZER",
        /// A contact attached to a document.
        DocumentContact = "DOCUMENT_CONTACT",
        /// A citation.
        Citation = "CITATION",
        /// A mention of an entity in a document.
        Mention = "MENTION",
        /// A figure a source reports.
        ReportedFigure = "REPORTED_FIGURE",
    }
}

vocabulary! {
    /// What a change in the history did to its row.
    ChangeOperation {
        /// The row was created.
        Create = "CREATE",
        /// The row was changed.
        Update = "UPDATE",
        /// The row was deleted.
        Delete = "DELETE",
        /// A deleted row was put back from the history.
        Restore = "RESTORE",
    }
}

vocabulary! {
    /// What an API token may do.
    Role {
        /// Create and update.
        Editor = "EDITOR",
        /// Also delete, restore and import.
        Admin = "ADMIN",
    }
}
