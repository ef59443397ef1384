//! Partnerships, delegations, events and documents: the filters of their lists.

use entity::{
    DelegationDirection, DocumentKind, EventKind, PartnershipKind, delegation, document, event, organization,
    partnership, partnership_member, place,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};

use super::filter::{DateRange, id_of_slug, select_column};

/// Which partnerships to list.
#[derive(Clone, Debug, Default)]
pub struct PartnershipFilter {
    /// Partnerships of any of these kinds.
    pub kinds: Vec<PartnershipKind>,
    /// Partnerships the organization with this slug is a member of.
    pub member: Option<String>,
    /// Partnerships whose period overlaps this range.
    pub period: Option<DateRange>,
}

impl PartnershipFilter {
    /// The partnerships the filter selects.
    pub fn select(&self) -> Select<partnership::Entity> {
        let mut condition = Condition::all();
        if !self.kinds.is_empty() {
            condition = condition.add(partnership::Column::Kind.is_in(self.kinds.iter().copied()));
        }
        if let Some(slug) = &self.member {
            let memberships = select_column::<partnership_member::Entity>(
                partnership_member::Column::PartnershipId,
                Condition::all().add(
                    partnership_member::Column::OrganizationId.in_subquery(id_of_slug::<organization::Entity>(slug)),
                ),
            );
            condition = condition.add(partnership::Column::Id.in_subquery(memberships));
        }
        if let Some(period) = &self.period {
            condition =
                condition.add(period.overlaps(partnership::Column::PeriodStart, partnership::Column::PeriodEnd));
        }
        partnership::Entity::find().filter(condition)
    }
}

/// Which delegations to list.
#[derive(Clone, Debug, Default)]
pub struct DelegationFilter {
    /// Delegations going any of these ways.
    pub directions: Vec<DelegationDirection>,
    /// Delegations of the partnership with this slug.
    pub partnership: Option<String>,
    /// Delegations whose dates overlap this range.
    pub period: Option<DateRange>,
}

impl DelegationFilter {
    /// The delegations the filter selects.
    pub fn select(&self) -> Select<delegation::Entity> {
        let mut condition = Condition::all();
        if !self.directions.is_empty() {
            condition = condition.add(delegation::Column::Direction.is_in(self.directions.iter().copied()));
        }
        if let Some(slug) = &self.partnership {
            condition =
                condition.add(delegation::Column::PartnershipId.in_subquery(id_of_slug::<partnership::Entity>(slug)));
        }
        if let Some(period) = &self.period {
            condition = condition.add(period.overlaps(delegation::Column::PeriodStart, delegation::Column::PeriodEnd));
        }
        delegation::Entity::find().filter(condition)
    }
}

/// Which events to list.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Events of any of these kinds.
    pub kinds: Vec<EventKind>,
    /// Events of the partnership with this slug.
    pub partnership: Option<String>,
    /// Events starting within this range of days (UTC).
    pub period: Option<DateRange>,
    /// Events at the place with this slug.
    pub place: Option<String>,
    /// Events open (true) or not open (false) to the public.
    pub is_public: Option<bool>,
}

impl EventFilter {
    /// The events the filter selects.
    pub fn select(&self) -> Select<event::Entity> {
        let mut condition = Condition::all();
        if !self.kinds.is_empty() {
            condition = condition.add(event::Column::Kind.is_in(self.kinds.iter().copied()));
        }
        if let Some(slug) = &self.partnership {
            condition =
                condition.add(event::Column::PartnershipId.in_subquery(id_of_slug::<partnership::Entity>(slug)));
        }
        if let Some(period) = &self.period {
            condition = condition.add(period.contains_instant(event::Column::StartsAt));
        }
        if let Some(slug) = &self.place {
            condition = condition.add(event::Column::PlaceId.in_subquery(id_of_slug::<place::Entity>(slug)));
        }
        if let Some(is_public) = self.is_public {
            condition = condition.add(event::Column::IsPublic.eq(is_public));
        }
        event::Entity::find().filter(condition)
    }
}

/// Which documents to list.
#[derive(Clone, Debug, Default)]
pub struct DocumentFilter {
    /// Documents of any of these kinds.
    pub kinds: Vec<DocumentKind>,
    /// Documents in any of these languages (ISO 639-1).
    pub languages: Vec<String>,
    /// Documents published within this range (a document dated only by its year matches any range overlapping that year).
    pub published: Option<DateRange>,
    /// Documents published by the organization with this slug.
    pub publisher: Option<String>,
}

impl DocumentFilter {
    /// The documents the filter selects.
    pub fn select(&self) -> Select<document::Entity> {
        let mut condition = Condition::all();
        if !self.kinds.is_empty() {
            condition = condition.add(document::Column::Kind.is_in(self.kinds.iter().copied()));
        }
        if !self.languages.is_empty() {
            condition = condition.add(document::Column::Language.is_in(self.languages.iter().map(String::as_str)));
        }
        if let Some(published) = &self.published {
            condition = condition.add(published.overlaps(document::Column::PeriodStart, document::Column::PeriodEnd));
        }
        if let Some(slug) = &self.publisher {
            condition =
                condition.add(document::Column::PublisherId.in_subquery(id_of_slug::<organization::Entity>(slug)));
        }
        document::Entity::find().filter(condition)
    }
}
