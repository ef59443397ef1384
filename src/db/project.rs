//! Projects: the filter dashboards and researchers apply to them.

use entity::{
    Domain, ParticipantRole, ProjectKind, ProjectStatus, SubjectKind, citation, organization, partnership, project,
    project_domain, project_participant,
};
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryResult,
    QuerySelect, Select,
};

use super::filter::{DateRange, id_of_slug, select_column};
use super::keyed::Keyed;
use super::rows::Places;

/// Projects are read by the place of their columns: the table every page of the dashboards reads most of.
impl Keyed for project::Entity {
    const ID: Self::Column = project::Column::Id;

    fn id_of(model: &project::Model) -> i32 {
        model.id
    }

    fn decode(rows: &[QueryResult]) -> Result<Vec<project::Model>, DbErr> {
        let Some(first) = rows.first() else { return Ok(Vec::new()) };
        let places = Places::of::<project::Entity>(first);
        rows.iter().map(|row| read_project(row, &places)).collect()
    }
}

fn read_project(row: &QueryResult, at: &Places) -> Result<project::Model, DbErr> {
    use project::Column as C;
    Ok(project::Model {
        id: at.required(row, C::Id as usize)?,
        slug: at.required(row, C::Slug as usize)?,
        partnership_id: at.required(row, C::PartnershipId as usize)?,
        parent_id: at.optional(row, C::ParentId as usize)?,
        kind: at.required(row, C::Kind as usize)?,
        status: at.optional(row, C::Status as usize)?,
        original_lang: at.required(row, C::OriginalLang as usize)?,
        title: at.required(row, C::Title as usize)?,
        sort_key: at.required(row, C::SortKey as usize)?,
        title_i18n: at.required(row, C::TitleI18n as usize)?,
        description: at.optional(row, C::Description as usize)?,
        description_i18n: at.required(row, C::DescriptionI18n as usize)?,
        start_date: at.date(row, C::StartDate as usize)?,
        start_precision: at.optional(row, C::StartPrecision as usize)?,
        end_date: at.date(row, C::EndDate as usize)?,
        end_precision: at.optional(row, C::EndPrecision as usize)?,
        duration_months: at.optional(row, C::DurationMonths as usize)?,
        budget_amount_cents: at.optional(row, C::BudgetAmountCents as usize)?,
        budget_currency: at.optional(row, C::BudgetCurrency as usize)?,
        period_start: at.date(row, C::PeriodStart as usize)?,
        period_end: at.date(row, C::PeriodEnd as usize)?,
        synthetic: at.required(row, C::Synthetic as usize)?,
        created_at: at.required(row, C::CreatedAt as usize)?,
        updated_at: at.required(row, C::UpdatedAt as usize)?,
        version: at.required(row, C::Version as usize)?,
    })
}

/// A range of budgets in one currency, in hundredths of its unit.
#[derive(Clone, Debug, Default)]
pub struct BudgetRange {
    /// Smallest budget.
    pub min_cents: Option<i64>,
    /// Largest budget.
    pub max_cents: Option<i64>,
    /// ISO 4217 currency the bounds are in; projects in other currencies do not match.
    pub currency: String,
}

/// Which projects to list; every set criterion must hold, and a list criterion matches any of its values.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilter {
    /// Projects in any of these domains.
    pub domains: Vec<Domain>,
    /// Projects of any of these kinds.
    pub kinds: Vec<ProjectKind>,
    /// Projects with any of these statuses.
    pub statuses: Vec<ProjectStatus>,
    /// Projects of the partnership with this slug.
    pub partnership: Option<String>,
    /// Projects the organization with this slug takes part in (with this role, if given).
    pub participant: Option<(String, Option<ParticipantRole>)>,
    /// Projects with a participant from this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Projects whose period overlaps this range.
    pub period: Option<DateRange>,
    /// Projects whose start falls in this range.
    pub started: Option<DateRange>,
    /// Projects whose budget is in this range.
    pub budget: Option<BudgetRange>,
    /// Projects with (true) or without (false) any citation.
    pub has_citation: Option<bool>,
}

impl ProjectFilter {
    /// The SQL condition of the filter.
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if !self.domains.is_empty() {
            // EXISTS per project rather than IN (every project of the domains): a page in id order then stops
            // after its rows, whatever the number of projects in the domains.
            let in_domains = Query::select()
                .expr(Expr::val(1))
                .from(project_domain::Entity)
                .and_where(
                    Expr::col((project_domain::Entity, project_domain::Column::ProjectId))
                        .equals((project::Entity, project::Column::Id)),
                )
                .and_where(project_domain::Column::Domain.is_in(self.domains.iter().copied()))
                .to_owned();
            condition = condition.add(Expr::exists(in_domains));
        }
        if !self.kinds.is_empty() {
            condition = condition.add(project::Column::Kind.is_in(self.kinds.iter().copied()));
        }
        if !self.statuses.is_empty() {
            condition = condition.add(project::Column::Status.is_in(self.statuses.iter().copied()));
        }
        if let Some(slug) = &self.partnership {
            condition =
                condition.add(project::Column::PartnershipId.in_subquery(id_of_slug::<partnership::Entity>(slug)));
        }
        if let Some((slug, role)) = &self.participant {
            let mut participation = Condition::all()
                .add(project_participant::Column::OrganizationId.in_subquery(id_of_slug::<organization::Entity>(slug)));
            if let Some(role) = role {
                participation = participation.add(project_participant::Column::Role.eq(*role));
            }
            let projects =
                select_column::<project_participant::Entity>(project_participant::Column::ProjectId, participation);
            condition = condition.add(project::Column::Id.in_subquery(projects));
        }
        if let Some(country) = &self.country {
            let organizations = select_column::<organization::Entity>(
                organization::Column::Id,
                Condition::all().add(organization::Column::Country.eq(country.as_str())),
            );
            let projects = select_column::<project_participant::Entity>(
                project_participant::Column::ProjectId,
                Condition::all().add(project_participant::Column::OrganizationId.in_subquery(organizations)),
            );
            condition = condition.add(project::Column::Id.in_subquery(projects));
        }
        if let Some(period) = &self.period {
            condition = condition.add(period.overlaps(project::Column::PeriodStart, project::Column::PeriodEnd));
        }
        if let Some(started) = &self.started {
            condition = condition.add(started.contains(project::Column::StartDate));
        }
        if let Some(budget) = &self.budget {
            condition = condition.add(project::Column::BudgetCurrency.eq(budget.currency.as_str()));
            if let Some(min) = budget.min_cents {
                condition = condition.add(project::Column::BudgetAmountCents.gte(min));
            }
            if let Some(max) = budget.max_cents {
                condition = condition.add(project::Column::BudgetAmountCents.lte(max));
            }
        }
        if let Some(has_citation) = self.has_citation {
            let cited = select_column::<citation::Entity>(
                citation::Column::SubjectId,
                Condition::all().add(citation::Column::SubjectKind.eq(SubjectKind::Project)),
            );
            condition = condition.add(if has_citation {
                project::Column::Id.in_subquery(cited)
            } else {
                project::Column::Id.not_in_subquery(cited)
            });
        }
        condition
    }

    /// The projects the filter selects.
    pub fn select(&self) -> Select<project::Entity> {
        project::Entity::find().filter(self.condition())
    }
}

/// How many projects each domain has (a project in several domains counts in each), in one statement.
pub async fn count_by_domain(db: &impl ConnectionTrait) -> Result<HashMap<Domain, u64>, DbErr> {
    #[derive(FromQueryResult)]
    struct DomainCount {
        domain: Domain,
        projects: i64,
    }
    let rows = project_domain::Entity::find()
        .select_only()
        .column(project_domain::Column::Domain)
        .column_as(Expr::col(project_domain::Column::ProjectId).count_distinct(), "projects")
        .group_by(project_domain::Column::Domain)
        .into_model::<DomainCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.domain, u64::try_from(row.projects).unwrap_or(0))).collect())
}

/// The domains and the participants of the projects `ids`, by project, each in id order.
pub async fn domains_and_participants(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i32],
) -> Result<
    (
        std::collections::HashMap<i32, Vec<entity::project_domain::Model>>,
        std::collections::HashMap<i32, Vec<entity::project_participant::Model>>,
    ),
    sea_orm::DbErr,
> {
    use entity::{project_domain, project_participant};
    let domains = super::keyed::children_of::<project_domain::Entity>(
        db,
        project_domain::Column::ProjectId,
        |d| Some(d.project_id),
        ids,
    )
    .await?;
    let participants = super::keyed::children_of::<project_participant::Entity>(
        db,
        project_participant::Column::ProjectId,
        |p| Some(p.project_id),
        ids,
    )
    .await?;
    Ok((domains, participants))
}
