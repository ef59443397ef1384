//! Organizations: the filter of the organization list, and lookups by any spelling.

use entity::{OrganizationKind, organization, organization_name, partnership, partnership_member};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};

use super::filter::{contains_text, id_of_slug, select_column};
use crate::text::search_key;

/// Which organizations to list; every set criterion must hold.
#[derive(Clone, Debug, Default)]
pub struct OrganizationFilter {
    /// Organizations of any of these kinds.
    pub kinds: Vec<OrganizationKind>,
    /// Organizations in any of these countries (ISO 3166-1 alpha-2).
    pub countries: Vec<String>,
    /// Members of the partnership with this slug.
    pub partnership: Option<String>,
    /// Organizations with a name or spelling containing this text, ignoring case and accents.
    pub name: Option<String>,
}

impl OrganizationFilter {
    /// The SQL condition of the filter.
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if !self.kinds.is_empty() {
            condition = condition.add(organization::Column::Kind.is_in(self.kinds.iter().copied()));
        }
        if !self.countries.is_empty() {
            condition = condition.add(organization::Column::Country.is_in(self.countries.iter().map(String::as_str)));
        }
        if let Some(slug) = &self.partnership {
            let members = select_column::<partnership_member::Entity>(
                partnership_member::Column::OrganizationId,
                Condition::all().add(
                    partnership_member::Column::PartnershipId.in_subquery(id_of_slug::<partnership::Entity>(slug)),
                ),
            );
            condition = condition.add(organization::Column::Id.in_subquery(members));
        }
        if let Some(name) = &self.name {
            let named = select_column::<organization_name::Entity>(
                organization_name::Column::OrganizationId,
                contains_text(organization_name::Column::SearchKey, &search_key(name)),
            );
            condition = condition.add(organization::Column::Id.in_subquery(named));
        }
        condition
    }

    /// The organizations the filter selects.
    pub fn select(&self) -> Select<organization::Entity> {
        organization::Entity::find().filter(self.condition())
    }
}
