//! Organizations: the filter of the organization list, lookups by any spelling, and what they are linked to.

use entity::{OrganizationKind, organization, organization_name, partnership, partnership_member, project_participant};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
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

/// The distinct (`parent`, `target`) pairs of a link table read from the side of `parents`.
fn links<E: EntityTrait>(parent: E::Column, target: E::Column, parents: &[i32]) -> SelectStatement {
    Query::select()
        .distinct()
        .expr_as(Expr::col(parent), Alias::new("parent"))
        .expr_as(Expr::col(target), Alias::new("target"))
        .from(E::default())
        .and_where(parent.is_in(parents.iter().copied()))
        .to_owned()
}

/// The projects each of `organizations` takes part in, whatever its roles, as (`parent`, `target`) pairs.
pub fn project_links(organizations: &[i32]) -> SelectStatement {
    use project_participant::Column;
    links::<project_participant::Entity>(Column::OrganizationId, Column::ProjectId, organizations)
}

/// The partnerships each of `organizations` is a member of, as (`parent`, `target`) pairs.
pub fn partnership_links(organizations: &[i32]) -> SelectStatement {
    use partnership_member::Column;
    links::<partnership_member::Entity>(Column::OrganizationId, Column::PartnershipId, organizations)
}

/// The other members of the partnerships of each of `organizations`, as (`parent`, `target`) pairs; with
/// `other_side_collectivities`, only the collectivities on the other side of a partnership they share.
pub fn partner_links(organizations: &[i32], other_side_collectivities: bool) -> SelectStatement {
    use partnership_member::Column;
    let (own, other) = (Alias::new("own"), Alias::new("other"));
    let mut shared = Expr::col((other.clone(), Column::PartnershipId))
        .equals((own.clone(), Column::PartnershipId))
        .and(Expr::col((other.clone(), Column::OrganizationId)).ne(Expr::col((own.clone(), Column::OrganizationId))));
    if other_side_collectivities {
        shared = shared.and(Expr::col((other.clone(), Column::Side)).ne(Expr::col((own.clone(), Column::Side))));
    }
    let mut pairs = Query::select();
    pairs
        .distinct()
        .expr_as(Expr::col((own.clone(), Column::OrganizationId)), Alias::new("parent"))
        .expr_as(Expr::col((other.clone(), Column::OrganizationId)), Alias::new("target"))
        .from_as(partnership_member::Entity, own.clone())
        .join_as(JoinType::InnerJoin, partnership_member::Entity, other.clone(), shared)
        .and_where(Expr::col((own, Column::OrganizationId)).is_in(organizations.iter().copied()));
    if other_side_collectivities {
        pairs.inner_join(
            organization::Entity,
            Expr::col((organization::Entity, organization::Column::Id)).equals((other, Column::OrganizationId)),
        );
        pairs.and_where(organization::Column::Kind.is_in(OrganizationKind::COLLECTIVITIES));
    }
    pairs
}
