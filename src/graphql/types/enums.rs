//! GraphQL enums, each mirroring a vocabulary of the `entity` crate (converted both ways).

use async_graphql::Enum;

/// What an organization is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::OrganizationKind")]
pub enum OrganizationKind {
    /// A French département.
    Department,
    /// A region.
    Region,
    /// A municipality (Palestinian cities).
    Municipality,
    /// A French commune.
    Commune,
    /// A governorate.
    Governorate,
    /// A village council.
    VillageCouncil,
    /// A joint services council of several local authorities.
    JointServicesCouncil,
    /// A refugee camp.
    RefugeeCamp,
    /// A public agency.
    PublicAgency,
    /// A ministry.
    Ministry,
    /// A non-governmental organization.
    Ngo,
    /// A network of organizations.
    Network,
    /// An association (a French association loi 1901, a sports federation, a charity).
    Association,
    /// A research institute or think tank.
    ResearchInstitute,
    /// A fund that finances projects.
    Fund,
    /// A company (a contractor, a consultancy).
    Company,
    /// A service, observatory or library of a local authority.
    PublicService,
    /// A theatre, a cultural centre or another cultural organization.
    CulturalOrganization,
    /// A university.
    University,
    /// A school.
    School,
    /// Anything else.
    Other,
}

/// What kind of name a spelling is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::NameKind")]
pub enum NameKind {
    /// The official name.
    Official,
    /// The name in common use.
    Common,
    /// A transliteration from another script.
    Transliteration,
    /// Another spelling found in sources.
    Variant,
}

/// What kind of cooperation a partnership is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::PartnershipKind")]
pub enum PartnershipKind {
    /// Decentralised cooperation between local authorities.
    DecentralisedCooperation,
    /// A twinning.
    Twinning,
    /// A programme run by a network.
    NetworkProgramme,
}

/// Whether a partnership is running.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::PartnershipStatus")]
pub enum PartnershipStatus {
    /// Planned, not started.
    Planned,
    /// Running.
    Active,
    /// Suspended.
    Suspended,
    /// Ended.
    Ended,
}

/// Which side of a partnership a member is on.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::MemberSide")]
pub enum MemberSide {
    /// The French side.
    French,
    /// The partner side.
    Partner,
    /// Neither side (a network, a funder).
    Other,
}

/// A member's role in a partnership.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::MemberRole")]
pub enum MemberRole {
    /// Leads the partnership.
    Lead,
    /// Leads it jointly.
    CoLead,
    /// A partner.
    Partner,
    /// Supports it.
    Supporting,
}

/// What kind of work a project is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ProjectKind")]
pub enum ProjectKind {
    /// A project.
    Project,
    /// A programme of several projects.
    Programme,
    /// A study.
    Study,
    /// A master plan (schéma directeur).
    MasterPlan,
    /// Works.
    Works,
    /// A training.
    Training,
    /// An exchange.
    Exchange,
    /// The construction of a building.
    Construction,
    /// The supply of equipment.
    Equipment,
    /// A grant to a body that carries the work.
    Grant,
    /// An exchange of young people.
    YouthExchange,
    /// Support to a body or a service.
    Support,
}

/// The IATI activity status of a project.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ProjectStatus")]
pub enum ProjectStatus {
    /// Being planned.
    Pipeline,
    /// Being carried out.
    Implementation,
    /// Finished, being closed.
    Finalisation,
    /// Finished and closed.
    Closed,
    /// Cancelled.
    Cancelled,
    /// Suspended.
    Suspended,
}

/// A domain of cooperation.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::Domain")]
pub enum Domain {
    /// Water and sanitation.
    WaterSanitation,
    /// Culture.
    Culture,
    /// Sport.
    Sport,
    /// Youth.
    Youth,
    /// Disability.
    Disability,
    /// Early childhood.
    EarlyChildhood,
    /// Education.
    Education,
    /// Health.
    Health,
    /// Local governance.
    Governance,
    /// Economic development.
    EconomicDevelopment,
    /// Gender equality.
    Gender,
    /// Civil society.
    CivilSociety,
    /// Awareness raising.
    Awareness,
    /// Anything else.
    Other,
}

/// An organization's IATI role in a project.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ParticipantRole")]
pub enum ParticipantRole {
    /// Provides funds.
    Funding,
    /// Is accountable for the project.
    Accountable,
    /// Manages the funds on behalf of the funders.
    Extending,
    /// Carries the project out.
    Implementing,
    /// Benefits from the project.
    Beneficiary,
}

/// Which way a delegation travels.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::DelegationDirection")]
pub enum DelegationDirection {
    /// From the partner side to France.
    ToFrance,
    /// From France to the partner side.
    FromFrance,
    /// Any other journey.
    Other,
}

/// A delegation member's role.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::DelegateRole")]
pub enum DelegateRole {
    /// Heads the delegation.
    Head,
    /// A mayor.
    Mayor,
    /// An elected official.
    Elected,
    /// Staff.
    Staff,
    /// An expert.
    Expert,
    /// Civil society.
    CivilSociety,
}

/// What kind of event.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::EventKind")]
pub enum EventKind {
    /// A public debate.
    PublicDebate,
    /// A conference.
    Conference,
    /// A signing.
    Signing,
    /// A ceremony.
    Ceremony,
    /// A training.
    Training,
    /// A meeting.
    Meeting,
    /// A commemoration or a day of solidarity.
    Commemoration,
    /// A seminar.
    Seminar,
    /// A performance, a screening or another cultural evening.
    Performance,
    /// A parliamentary hearing.
    Hearing,
}

/// What kind of source document.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::DocumentKind")]
pub enum DocumentKind {
    /// A press release.
    PressRelease,
    /// A report.
    Report,
    /// An agreement.
    Agreement,
    /// A master plan.
    MasterPlan,
    /// A web page.
    WebPage,
    /// A dataset.
    Dataset,
}

/// How a document supports a fact.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::Stance")]
pub enum Stance {
    /// The document states the fact.
    Stated,
    /// The fact is inferred from what the document says.
    Inferred,
    /// The document contradicts the fact.
    Contradicted,
}

/// How much of a partial date is known.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::DatePrecision")]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The full date.
    Day,
}

/// What a change in the history did to its object.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::ChangeOperation")]
pub enum ChangeOperation {
    /// The object was created.
    Create,
    /// The object was changed.
    Update,
    /// The object was deleted.
    Delete,
    /// A deleted object was put back from the history.
    Restore,
}

/// A kind of stored object, as changes name what they changed.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::SubjectKind")]
pub enum SubjectKind {
    /// An organization.
    Organization,
    /// A name of an organization.
    OrganizationName,
    /// A partnership.
    Partnership,
    /// A partnership's member.
    PartnershipMember,
    /// A project.
    Project,
    /// A project's domain.
    ProjectDomain,
    /// A project's participant.
    ProjectParticipant,
    /// A delegation.
    Delegation,
    /// A delegation's member.
    DelegationMember,
    /// An event.
    Event,
    /// A place.
    Place,
    /// A person.
    Person,
    /// A role a person holds.
    PersonRole,
    /// A document.
    Document,
    /// A contact.
    Contact,
    /// An organization hosting a delegation.
    DelegationHost,
    /// An organization organizing an event.
    EventOrganizer,
    /// A contact attached to a document.
    DocumentContact,
    /// A citation.
    Citation,
    /// A mention of an object in a document.
    Mention,
    /// A figure a source reports.
    ReportedFigure,
}

/// What a reported figure counts or measures.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::FigureMetric")]
pub enum FigureMetric {
    /// Projects.
    Projects,
    /// Inhabitants.
    Population,
    /// Member organizations (of a network, a group).
    Members,
    /// People taking part (in an event, an exchange).
    Participants,
    /// An amount of money.
    Budget,
}

/// How exact a reported figure is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::FigureQualifier")]
pub enum FigureQualifier {
    /// Exactly the value.
    Exactly,
    /// The value or more ("plus de 40").
    AtLeast,
    /// About the value ("environ").
    About,
    /// The value or fewer.
    AtMost,
}
