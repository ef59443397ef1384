//! Dashboard aggregations: project buckets, delegation and event counts, and the overview.

use async_graphql::{Context, Enum, Object, SimpleObject};

use super::{Money, Organization, Partnership, enums};
use crate::db::stats::{self, KeyValue};
use crate::error::AppResult;
use crate::graphql::loaders::load_one;

/// What projects can be grouped by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectGroupBy {
    /// Each of the project's domains: a project in two domains counts in both.
    Domain,
    /// The year its period starts (the year of its start, or of its end when only that is known).
    Year,
    /// Its status (projects whose status is unknown form their own bucket).
    Status,
    /// Its kind.
    Kind,
    /// The country of each participant: a project counts once in each country it has participants from.
    Country,
    /// Each participating organization, whatever its role: a project counts once per organization.
    Organization,
    /// Its partnership.
    Partnership,
}

impl ProjectGroupBy {
    /// The key for `db`.
    pub fn to_db(self) -> stats::ProjectKey {
        match self {
            ProjectGroupBy::Domain => stats::ProjectKey::Domain,
            ProjectGroupBy::Year => stats::ProjectKey::Year,
            ProjectGroupBy::Status => stats::ProjectKey::Status,
            ProjectGroupBy::Kind => stats::ProjectKey::Kind,
            ProjectGroupBy::Country => stats::ProjectKey::Country,
            ProjectGroupBy::Organization => stats::ProjectKey::Organization,
            ProjectGroupBy::Partnership => stats::ProjectKey::Partnership,
        }
    }
}

fn text(keys: &[(stats::ProjectKey, KeyValue)], wanted: stats::ProjectKey) -> Option<&str> {
    keys.iter().find(|(key, _)| *key == wanted).and_then(|(_, value)| match value {
        KeyValue::Text(text) => Some(text.as_str()),
        _ => None,
    })
}

fn int(keys: &[(stats::ProjectKey, KeyValue)], wanted: stats::ProjectKey) -> Option<i64> {
    keys.iter().find(|(key, _)| *key == wanted).and_then(|(_, value)| match value {
        KeyValue::Int(value) => Some(*value),
        _ => None,
    })
}

fn vocabulary<T: sea_orm::ActiveEnum<Value = String>>(value: Option<&str>) -> Option<T> {
    value.and_then(|value| T::try_from_value(&value.to_owned()).ok())
}

/// A group of projects: the values it is grouped by (only the grouped fields are set), and its totals.
#[derive(Clone, Debug)]
pub struct ProjectBucket {
    keys: Vec<(stats::ProjectKey, KeyValue)>,
    bucket: stats::ProjectBucket,
}

impl ProjectBucket {
    /// The bucket of `bucket`, grouped by `keys`.
    pub fn new(keys: &[stats::ProjectKey], bucket: stats::ProjectBucket) -> Self {
        Self { keys: keys.iter().copied().zip(bucket.keys.iter().cloned()).collect(), bucket }
    }
}

/// A group of projects: the values it is grouped by (only the grouped fields are set), and its totals.
#[Object]
impl ProjectBucket {
    /// The domain, when grouped by domain.
    async fn domain(&self) -> Option<enums::Domain> {
        vocabulary::<entity::Domain>(text(&self.keys, stats::ProjectKey::Domain)).map(Into::into)
    }

    /// The year, when grouped by year.
    async fn year(&self) -> Option<i64> {
        int(&self.keys, stats::ProjectKey::Year)
    }

    /// The status, when grouped by status (null for projects whose status is unknown).
    async fn status(&self) -> Option<enums::ProjectStatus> {
        vocabulary::<entity::ProjectStatus>(text(&self.keys, stats::ProjectKey::Status)).map(Into::into)
    }

    /// The kind, when grouped by kind.
    async fn kind(&self) -> Option<enums::ProjectKind> {
        vocabulary::<entity::ProjectKind>(text(&self.keys, stats::ProjectKey::Kind)).map(Into::into)
    }

    /// The country (ISO 3166-1 alpha-2), when grouped by country.
    async fn country(&self) -> Option<&str> {
        text(&self.keys, stats::ProjectKey::Country)
    }

    /// The organization, when grouped by organization.
    async fn organization(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(id) = int(&self.keys, stats::ProjectKey::Organization) else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, id as i32).await?.map(Organization))
    }

    /// The partnership, when grouped by partnership.
    async fn partnership(&self, ctx: &Context<'_>) -> AppResult<Option<Partnership>> {
        let Some(id) = int(&self.keys, stats::ProjectKey::Partnership) else { return Ok(None) };
        Ok(load_one::<entity::partnership::Entity>(ctx, id as i32).await?.map(Partnership))
    }

    /// How many distinct projects the bucket holds.
    async fn count(&self) -> u64 {
        self.bucket.projects
    }

    /// How many of them have a budget: `budgets` sums only those, so a dashboard can say "3 of 14 budgeted".
    async fn projects_with_budget(&self) -> u64 {
        self.bucket.with_budget
    }

    /// The sum of their budgets, one amount per currency (projects without a budget add nothing). Grouped by
    /// organization: the organization's known contributions, never a whole budget once per participant; the
    /// bucket without an organization holds what no contribution accounts for, so the buckets add up to the
    /// projects' budgets.
    async fn budgets(&self) -> Vec<Money> {
        money(&self.bucket.budgets)
    }

    /// Grouped by organization: the budgets of the projects it takes part in without a known contribution,
    /// shared with the other participants (not to be added up across organizations); empty otherwise.
    async fn shared_budgets(&self) -> Vec<Money> {
        money(&self.bucket.shared_budgets)
    }

    /// The earliest year a project of the bucket starts.
    async fn first_year(&self) -> Option<i32> {
        self.bucket.first_year
    }

    /// The latest year a project of the bucket ends (or is planned to).
    async fn last_year(&self) -> Option<i32> {
        self.bucket.last_year
    }
}

/// Amounts in hundredths by currency, as money.
fn money(cents: &std::collections::BTreeMap<String, i64>) -> Vec<Money> {
    cents.iter().map(|(currency, cents)| Money { amount: *cents as f64 / 100.0, currency: currency.clone() }).collect()
}

/// What delegations can be counted by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelegationGroupBy {
    /// The year the delegation starts.
    Year,
    /// Its direction.
    Direction,
}

/// What events can be counted by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventGroupBy {
    /// The year the event starts (UTC).
    Year,
    /// Its kind.
    Kind,
}

/// A count of delegations for a year and/or a direction.
#[derive(SimpleObject, Clone, Debug)]
pub struct DelegationBucket {
    /// The year, when grouped by year.
    pub year: Option<i64>,
    /// The direction, when grouped by direction.
    pub direction: Option<enums::DelegationDirection>,
    /// How many delegations.
    pub count: u64,
}

/// A count of events for a year and/or a kind.
#[derive(SimpleObject, Clone, Debug)]
pub struct EventBucket {
    /// The year, when grouped by year.
    pub year: Option<i64>,
    /// The kind, when grouped by kind.
    pub kind: Option<enums::EventKind>,
    /// How many events.
    pub count: u64,
}

/// The year and vocabulary value of an activity bucket.
pub fn activity_keys(keys: &[stats::ActivityKey], bucket: &stats::ActivityBucket) -> (Option<i64>, Option<String>) {
    let mut year = None;
    let mut kind = None;
    for (key, value) in keys.iter().zip(&bucket.keys) {
        match (key, value) {
            (stats::ActivityKey::Year, KeyValue::Int(value)) => year = Some(*value),
            (stats::ActivityKey::Kind, KeyValue::Text(value)) => kind = Some(value.clone()),
            _ => {}
        }
    }
    (year, kind)
}

/// How many rows of one kind of record there are, and how many cite a source.
#[derive(SimpleObject, Clone, Debug)]
pub struct SourcingCount {
    /// The kind of record (`PROJECT`, `PARTNERSHIP_MEMBER`…).
    pub kind: String,
    /// How many there are.
    pub total: u64,
    /// How many have at least one citation.
    pub sourced: u64,
    /// How many have none: visibly unsourced facts.
    pub unsourced: u64,
}

/// The knowledge base at a glance.
#[derive(SimpleObject, Clone, Debug)]
pub struct Overview {
    /// Organizations.
    pub organizations: u64,
    /// Partnerships.
    pub partnerships: u64,
    /// Projects.
    pub projects: u64,
    /// Delegations.
    pub delegations: u64,
    /// Events.
    pub events: u64,
    /// Places.
    pub places: u64,
    /// Documents (sources).
    pub documents: u64,
    /// The first year any partnership or project covers.
    pub first_year: Option<i32>,
    /// The last year any partnership or project covers.
    pub last_year: Option<i32>,
    /// Records with at least one citation, all kinds together except documents (they are the sources, not
    /// facts).
    pub sourced_facts: u64,
    /// Records without any citation, all kinds together except documents (they are the sources, not facts).
    pub unsourced_facts: u64,
    /// The same, kind by kind.
    pub sourcing: Vec<SourcingCount>,
}

impl Overview {
    /// The overview from the sourcing counts (which hold every table's row count) and the years.
    pub fn new(sourcing: Vec<stats::Sourcing>, years: (Option<i32>, Option<i32>)) -> Self {
        let rows = |kind: entity::SubjectKind| sourcing.iter().find(|s| s.kind == kind).map_or(0, |s| s.rows);
        use entity::SubjectKind as K;
        let facts = || sourcing.iter().filter(|s| s.kind != K::Document);
        Self {
            organizations: rows(K::Organization),
            partnerships: rows(K::Partnership),
            projects: rows(K::Project),
            delegations: rows(K::Delegation),
            events: rows(K::Event),
            places: rows(K::Place),
            documents: rows(K::Document),
            first_year: years.0,
            last_year: years.1,
            sourced_facts: facts().map(|s| s.sourced).sum(),
            unsourced_facts: facts().map(|s| s.rows - s.sourced).sum(),
            sourcing: sourcing
                .iter()
                .map(|s| SourcingCount {
                    kind: sea_orm::ActiveEnum::to_value(&s.kind),
                    total: s.rows,
                    sourced: s.sourced,
                    unsourced: s.rows - s.sourced,
                })
                .collect(),
        }
    }
}
