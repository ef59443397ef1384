//! Filter and ordering inputs of the lists, converted to the plain filters of `db`.

use async_graphql::{Enum, InputObject};

use super::scalars::PartialDate;
use super::types::enums;
use crate::db::Ordering;
use crate::db::activity::{DelegationFilter as DbDelegationFilter, DocumentFilter as DbDocumentFilter};
use crate::db::activity::{EventFilter as DbEventFilter, PartnershipFilter as DbPartnershipFilter};
use crate::db::filter::DateRange;
use crate::db::organization::OrganizationFilter as DbOrganizationFilter;
use crate::db::project::{BudgetRange, ProjectFilter as DbProjectFilter};
use crate::error::{AppError, AppResult};

/// A range of dates; either end may be left open. Each end is a `PartialDate` and counts whole:
/// `{ from: "2010", to: "2012" }` runs from 2010-01-01 to 2012-12-31.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct DateRangeInput {
    /// The first date of the range (its first day).
    pub from: Option<PartialDate>,
    /// The last date of the range (its last day).
    pub to: Option<PartialDate>,
}

impl DateRangeInput {
    /// The range of days, checked (`from` not after `to`); `argument` names it in errors.
    pub fn to_db(self, argument: &str) -> AppResult<DateRange> {
        let range = DateRange { from: self.from.map(|d| d.0.first_day()), to: self.to.map(|d| d.0.last_day()) };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && from > to
        {
            return Err(AppError::bad_input(argument, "`from` is after `to`"));
        }
        Ok(range)
    }
}

fn range(input: Option<DateRangeInput>, argument: &str) -> AppResult<Option<DateRange>> {
    input.map(|range| range.to_db(argument)).transpose()
}

fn convert<T: Copy + Into<U>, U>(values: Option<Vec<T>>) -> Vec<U> {
    values.unwrap_or_default().into_iter().map(Into::into).collect()
}

/// Which way a list is ordered.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrderDirection {
    /// Smallest, earliest or alphabetically first first.
    #[default]
    Asc,
    /// Largest, latest or alphabetically last first.
    Desc,
}

fn ordering<C>(column: C, direction: OrderDirection) -> Ordering<C> {
    Ordering { column: Some(column), descending: direction == OrderDirection::Desc }
}

/// A project's participation: an organization, with a role or any.
#[derive(InputObject, Clone, Debug)]
pub struct ParticipantFilter {
    /// The organization's slug.
    pub organization: String,
    /// Only this role; any role when absent.
    pub role: Option<enums::ParticipantRole>,
}

/// A range of budgets in one currency.
#[derive(InputObject, Clone, Debug)]
pub struct BudgetFilter {
    /// Smallest budget, in units of the currency.
    pub min: Option<f64>,
    /// Largest budget, in units of the currency.
    pub max: Option<f64>,
    /// ISO 4217 currency of the bounds; projects budgeted in another currency do not match.
    #[graphql(default = "EUR")]
    pub currency: String,
}

fn cents(amount: Option<f64>, argument: &str) -> AppResult<Option<i64>> {
    amount
        .map(|amount| {
            crate::money::cents(amount)
                .ok_or_else(|| AppError::bad_input(argument, format!("{amount} is not a budget")))
        })
        .transpose()
}

/// Which projects to list. Every criterion given must hold; a list matches any of its values.
///
/// Dates: a project's period runs from its start (or, when only its end is known, its end) to its end; without an
/// end, to its start plus its duration in months, or to the end of its start. `period` keeps the projects whose
/// period overlaps the range; `started` those whose start falls within it.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ProjectFilter {
    /// Projects in any of these domains.
    pub domains: Option<Vec<enums::Domain>>,
    /// Projects of any of these kinds.
    pub kinds: Option<Vec<enums::ProjectKind>>,
    /// Projects with any of these statuses.
    pub statuses: Option<Vec<enums::ProjectStatus>>,
    /// Projects of the partnership with this slug.
    pub partnership: Option<String>,
    /// Projects an organization takes part in, in a given role or any.
    pub participant: Option<ParticipantFilter>,
    /// Projects with a participant from this country (ISO 3166-1 alpha-2, `PS`).
    pub country: Option<String>,
    /// Projects whose period overlaps this range.
    pub period: Option<DateRangeInput>,
    /// Projects that started within this range.
    pub started: Option<DateRangeInput>,
    /// Projects whose budget is within this range.
    pub budget: Option<BudgetFilter>,
    /// Projects with (true) or without (false) a citation of their own.
    pub has_citation: Option<bool>,
}

impl ProjectFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> AppResult<DbProjectFilter> {
        Ok(DbProjectFilter {
            domains: convert(self.domains),
            kinds: convert(self.kinds),
            statuses: convert(self.statuses),
            partnership: self.partnership,
            participant: self.participant.map(|p| (p.organization, p.role.map(Into::into))),
            country: self.country,
            period: range(self.period, "filter.period")?,
            started: range(self.started, "filter.started")?,
            budget: self
                .budget
                .map(|b| -> AppResult<BudgetRange> {
                    Ok(BudgetRange {
                        min_cents: cents(b.min, "filter.budget.min")?,
                        max_cents: cents(b.max, "filter.budget.max")?,
                        currency: b.currency,
                    })
                })
                .transpose()?,
            has_citation: self.has_citation,
        })
    }
}

/// What projects can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectOrderField {
    /// The first day of the project's period.
    Start,
    /// The last day of the project's period.
    End,
    /// The original title, ignoring case and accents (`école` between `Eau` and `Égout`).
    Title,
    /// The budget amount (whatever its currency).
    Budget,
}

/// An ordering of projects; ties are broken by the order the projects were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct ProjectOrder {
    /// What to order by.
    pub field: ProjectOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl ProjectOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::project::Column> {
        use entity::project::Column;
        order.map_or_else(Ordering::default, |order| {
            let column = match order.field {
                ProjectOrderField::Start => Column::PeriodStart,
                ProjectOrderField::End => Column::PeriodEnd,
                ProjectOrderField::Title => Column::SortKey,
                ProjectOrderField::Budget => Column::BudgetAmountCents,
            };
            ordering(column, order.direction)
        })
    }
}

/// Which organizations to list. Every criterion given must hold; a list matches any of its values.
#[derive(InputObject, Clone, Debug, Default)]
pub struct OrganizationFilter {
    /// Organizations of any of these kinds.
    pub kinds: Option<Vec<enums::OrganizationKind>>,
    /// Organizations in any of these countries (ISO 3166-1 alpha-2).
    pub countries: Option<Vec<String>>,
    /// Members of the partnership with this slug.
    pub partnership: Option<String>,
    /// Organizations with a name or spelling containing this text, in any language, ignoring case and accents
    /// (`jenine` finds Jénine).
    pub name: Option<String>,
}

impl OrganizationFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> DbOrganizationFilter {
        DbOrganizationFilter {
            kinds: convert(self.kinds),
            countries: self.countries.unwrap_or_default(),
            partnership: self.partnership,
            name: self.name,
        }
    }
}

/// What organizations can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrganizationOrderField {
    /// The usual name, ignoring case and accents (`Djénine` between `Direction` and `DJIBOUTI`).
    Name,
}

/// An ordering of organizations; ties are broken by the order they were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct OrganizationOrder {
    /// What to order by.
    pub field: OrganizationOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl OrganizationOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::organization::Column> {
        order.map_or_else(Ordering::default, |order| match order.field {
            OrganizationOrderField::Name => ordering(entity::organization::Column::SortKey, order.direction),
        })
    }
}

/// Which partnerships to list.
#[derive(InputObject, Clone, Debug, Default)]
pub struct PartnershipFilter {
    /// Partnerships of any of these kinds.
    pub kinds: Option<Vec<enums::PartnershipKind>>,
    /// Partnerships the organization with this slug is a member of.
    pub member: Option<String>,
    /// Partnerships whose period overlaps this range (one without an end is still running).
    pub period: Option<DateRangeInput>,
}

impl PartnershipFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> AppResult<DbPartnershipFilter> {
        Ok(DbPartnershipFilter {
            kinds: convert(self.kinds),
            member: self.member,
            period: range(self.period, "filter.period")?,
        })
    }
}

/// What partnerships can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnershipOrderField {
    /// The start date.
    Start,
    /// The original name, ignoring case and accents.
    Name,
}

/// An ordering of partnerships; ties are broken by the order they were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct PartnershipOrder {
    /// What to order by.
    pub field: PartnershipOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl PartnershipOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::partnership::Column> {
        use entity::partnership::Column;
        order.map_or_else(Ordering::default, |order| {
            let column = match order.field {
                PartnershipOrderField::Start => Column::PeriodStart,
                PartnershipOrderField::Name => Column::SortKey,
            };
            ordering(column, order.direction)
        })
    }
}

/// Which delegations to list.
#[derive(InputObject, Clone, Debug, Default)]
pub struct DelegationFilter {
    /// Delegations going any of these ways.
    pub directions: Option<Vec<enums::DelegationDirection>>,
    /// Delegations of the partnership with this slug.
    pub partnership: Option<String>,
    /// Delegations whose dates overlap this range.
    pub period: Option<DateRangeInput>,
}

impl DelegationFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> AppResult<DbDelegationFilter> {
        Ok(DbDelegationFilter {
            directions: convert(self.directions),
            partnership: self.partnership,
            period: range(self.period, "filter.period")?,
        })
    }
}

/// What delegations can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelegationOrderField {
    /// The first day of the visit.
    Start,
}

/// An ordering of delegations; ties are broken by the order they were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct DelegationOrder {
    /// What to order by.
    pub field: DelegationOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl DelegationOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::delegation::Column> {
        order.map_or_else(Ordering::default, |order| match order.field {
            DelegationOrderField::Start => ordering(entity::delegation::Column::PeriodStart, order.direction),
        })
    }
}

/// Which events to list.
#[derive(InputObject, Clone, Debug, Default)]
pub struct EventFilter {
    /// Events of any of these kinds.
    pub kinds: Option<Vec<enums::EventKind>>,
    /// Events of the partnership with this slug.
    pub partnership: Option<String>,
    /// Events starting within this range (days in UTC).
    pub period: Option<DateRangeInput>,
    /// Events at the place with this slug.
    pub place: Option<String>,
    /// Events open (true) or not open (false) to the public.
    pub is_public: Option<bool>,
}

impl EventFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> AppResult<DbEventFilter> {
        Ok(DbEventFilter {
            kinds: convert(self.kinds),
            partnership: self.partnership,
            period: range(self.period, "filter.period")?,
            place: self.place,
            is_public: self.is_public,
        })
    }
}

/// What events can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventOrderField {
    /// The start time.
    StartsAt,
}

/// An ordering of events; ties are broken by the order they were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct EventOrder {
    /// What to order by.
    pub field: EventOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl EventOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::event::Column> {
        order.map_or_else(Ordering::default, |order| match order.field {
            EventOrderField::StartsAt => ordering(entity::event::Column::StartsAt, order.direction),
        })
    }
}

/// Which documents to list.
#[derive(InputObject, Clone, Debug, Default)]
pub struct DocumentFilter {
    /// Documents of any of these kinds.
    pub kinds: Option<Vec<enums::DocumentKind>>,
    /// Documents in any of these languages (ISO 639-1: `fr`, `en`, `ar`).
    pub languages: Option<Vec<String>>,
    /// Documents published within this range (one dated only by its year matches any range overlapping that year).
    pub published: Option<DateRangeInput>,
    /// Documents published by the organization with this slug.
    pub publisher: Option<String>,
}

impl DocumentFilter {
    /// The filter for `db`.
    pub fn to_db(self) -> AppResult<DbDocumentFilter> {
        Ok(DbDocumentFilter {
            kinds: convert(self.kinds),
            languages: self.languages.unwrap_or_default(),
            published: range(self.published, "filter.published")?,
            publisher: self.publisher,
        })
    }
}

/// What documents can be ordered by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentOrderField {
    /// The publication date.
    Published,
    /// The title as published, ignoring case and accents.
    Title,
}

/// An ordering of documents; ties are broken by the order they were recorded in.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct DocumentOrder {
    /// What to order by.
    pub field: DocumentOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

impl DocumentOrder {
    /// The ordering for `db`.
    pub fn to_db(order: Option<Self>) -> Ordering<entity::document::Column> {
        use entity::document::Column;
        order.map_or_else(Ordering::default, |order| {
            let column = match order.field {
                DocumentOrderField::Published => Column::PeriodStart,
                DocumentOrderField::Title => Column::SortKey,
            };
            ordering(column, order.direction)
        })
    }
}
