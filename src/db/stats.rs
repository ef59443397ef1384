//! Aggregations for dashboards, computed by the database with GROUP BY: projects by domain, year, status,
//! kind, country, organization or partnership; delegations and events by year and kind; overall counts.

use std::collections::BTreeMap;

use entity::{SubjectKind, citation, delegation, event, organization, project, project_domain, project_participant};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, IntoIden, JoinType, Query, SelectStatement, SimpleExpr};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, EntityName, QueryResult};

use super::project::ProjectFilter;

/// What projects can be grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProjectKey {
    /// Each domain of the project (a project in two domains counts in both).
    Domain,
    /// The year the project's period starts.
    Year,
    /// Its status.
    Status,
    /// Its kind.
    Kind,
    /// The country of each participant (a project counts once per country).
    Country,
    /// Each participating organization (a project counts once per organization).
    Organization,
    /// Its partnership.
    Partnership,
}

/// The value of a grouping key in a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyValue {
    /// No value (a project without a status or a date).
    None,
    /// A number (a year, an id).
    Int(i64),
    /// A text (a vocabulary value, a country code).
    Text(String),
}

/// One group of projects.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectBucket {
    /// The values of the grouping keys, in the order they were asked.
    pub keys: Vec<KeyValue>,
    /// How many distinct projects.
    pub projects: u64,
    /// How many of them have a budget (the budgets sum only those).
    pub with_budget: u64,
    /// The sum of their budgets, in hundredths, by currency; grouped by organization, the sum of the
    /// organization's known contributions, and the bucket without an organization holds what no contribution
    /// accounts for, so that the buckets add up to the budgets of the projects.
    pub budgets: BTreeMap<String, i64>,
    /// Grouped by organization: the budgets of its projects it takes part in without a known contribution
    /// (shared with the other participants), by currency.
    pub shared_budgets: BTreeMap<String, i64>,
    /// The earliest start year.
    pub first_year: Option<i32>,
    /// The latest end year.
    pub last_year: Option<i32>,
}

fn col(table: &str, column: &str) -> SimpleExpr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

fn read_key(row: &QueryResult, index: usize, key: ProjectKey) -> Result<KeyValue, DbErr> {
    Ok(match key {
        ProjectKey::Year | ProjectKey::Organization | ProjectKey::Partnership => {
            row.try_get_by_index::<Option<i32>>(index)?.map_or(KeyValue::None, |v| KeyValue::Int(v.into()))
        }
        _ => row.try_get_by_index::<Option<String>>(index)?.map_or(KeyValue::None, KeyValue::Text),
    })
}

/// Projects matching `filter`, grouped by `keys` (one or two), with counts, budget sums by currency and years.
/// Grouped by organization, a bucket sums the organization's contributions, never a whole budget once per
/// participant: one more bucket, without an organization, holds the part of the budgets no contribution accounts
/// for (two statements).
pub async fn project_buckets(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    keys: &[ProjectKey],
) -> Result<Vec<ProjectBucket>, DbErr> {
    let mut buckets = grouped_buckets(db, filter, keys).await?;
    let Some(at) = keys.iter().position(|key| *key == ProjectKey::Organization) else { return Ok(buckets) };
    let others: Vec<ProjectKey> = keys.iter().copied().filter(|key| *key != ProjectKey::Organization).collect();
    let without = |values: &[KeyValue]| -> Vec<KeyValue> {
        values.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, value)| value.clone()).collect()
    };
    let mut unattributed: BTreeMap<Vec<KeyValue>, ProjectBucket> = BTreeMap::new();
    for total in grouped_buckets(db, filter, &others).await? {
        let mut keys = total.keys.clone();
        keys.insert(at, KeyValue::None);
        unattributed.insert(without(&keys), ProjectBucket { keys, shared_budgets: BTreeMap::new(), ..total });
    }
    for bucket in &buckets {
        if let Some(total) = unattributed.get_mut(&without(&bucket.keys)) {
            for (currency, contributed) in &bucket.budgets {
                *total.budgets.entry(currency.clone()).or_default() -= contributed;
            }
        }
    }
    for mut bucket in unattributed.into_values() {
        bucket.budgets.retain(|_, cents| *cents > 0);
        if !bucket.budgets.is_empty() {
            buckets.push(bucket);
        }
    }
    buckets.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(buckets)
}

/// The buckets of [`project_buckets`] as one statement groups them.
async fn grouped_buckets(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    keys: &[ProjectKey],
) -> Result<Vec<ProjectBucket>, DbErr> {
    let backend = db.get_database_backend();
    let table = project::Entity.table_name();
    // Inner: one row per (keys, project), so a project joined to several rows of a group counts once. Only
    // participants can repeat a project within a group (an organization with two roles, two organizations of one
    // country); a project has each domain once.
    let mut inner = Query::select();
    let mut contribution: Option<String> = None;
    inner.from(project::Entity).cond_where(filter.condition());
    if keys.iter().any(|key| matches!(key, ProjectKey::Country | ProjectKey::Organization)) {
        inner.distinct();
    }
    for (index, key) in keys.iter().enumerate() {
        let alias = format!("k{index}");
        let expr = match key {
            ProjectKey::Domain => {
                let joined = format!("domain{index}");
                inner.join_as(
                    JoinType::InnerJoin,
                    project_domain::Entity,
                    Alias::new(&joined),
                    Expr::col((Alias::new(&joined), project_domain::Column::ProjectId))
                        .equals((project::Entity, project::Column::Id)),
                );
                col(&joined, "domain")
            }
            ProjectKey::Year => super::dialect::year_of(backend, table, "period_start"),
            ProjectKey::Status => col(table, "status"),
            ProjectKey::Kind => col(table, "kind"),
            ProjectKey::Partnership => col(table, "partnership_id"),
            ProjectKey::Country | ProjectKey::Organization => {
                let participant = format!("participant{index}");
                inner.join_as(
                    JoinType::InnerJoin,
                    project_participant::Entity,
                    Alias::new(&participant),
                    Expr::col((Alias::new(&participant), project_participant::Column::ProjectId))
                        .equals((project::Entity, project::Column::Id)),
                );
                if *key == ProjectKey::Organization {
                    contribution = Some(participant.clone());
                    col(&participant, "organization_id")
                } else {
                    let member = format!("organization{index}");
                    inner.join_as(
                        JoinType::InnerJoin,
                        organization::Entity,
                        Alias::new(&member),
                        Expr::col((Alias::new(&member), organization::Column::Id))
                            .equals((Alias::new(&participant), project_participant::Column::OrganizationId)),
                    );
                    col(&member, "country")
                }
            }
        };
        inner.expr_as(expr, Alias::new(&alias));
    }
    let budget = col(table, "budget_amount_cents");
    let (counted, currency, shared): (SimpleExpr, SimpleExpr, SimpleExpr) = match &contribution {
        // An organization's part: its contribution; the budget of a project it shares without one is shared.
        Some(participant) => (
            col(participant, "contribution_cents"),
            Func::coalesce([col(participant, "contribution_currency"), col(table, "budget_currency")]).into(),
            Expr::case(
                Expr::col((Alias::new(participant), Alias::new("contribution_cents"))).is_null(),
                budget.clone(),
            )
            .finally(Expr::null())
            .into(),
        ),
        // Typed, so that PostgreSQL can sum it.
        None => {
            (budget.clone(), col(table, "budget_currency"), Func::cast_as(Expr::null(), Alias::new("BIGINT")).into())
        }
    };
    inner
        .expr_as(col(table, "id"), Alias::new("project_id"))
        .expr_as(counted, Alias::new("budget"))
        .expr_as(currency, Alias::new("currency"))
        .expr_as(shared, Alias::new("shared"))
        .expr_as(Expr::case(budget.is_not_null(), 1).finally(0), Alias::new("budgeted"))
        .expr_as(super::dialect::year_of(backend, table, "period_start"), Alias::new("start_year"))
        .expr_as(super::dialect::year_of(backend, table, "period_end"), Alias::new("end_year"));

    let key_columns: Vec<Alias> = (0..keys.len()).map(|i| Alias::new(format!("k{i}"))).collect();
    let mut outer = Query::select();
    outer.from_subquery(inner, Alias::new("grouped"));
    for column in &key_columns {
        outer.column(column.clone().into_iden());
    }
    outer
        .column(Alias::new("currency"))
        .expr(Expr::col(Alias::new("project_id")).count())
        .expr(sum(Expr::col(Alias::new("budget"))))
        .expr(Expr::col(Alias::new("start_year")).min())
        .expr(Expr::col(Alias::new("end_year")).max())
        .expr(sum(Expr::col(Alias::new("shared"))))
        .expr(sum(Expr::col(Alias::new("budgeted"))))
        .group_by_columns(key_columns.iter().cloned().map(IntoIden::into_iden).collect::<Vec<_>>())
        .group_by_col(Alias::new("currency"));

    let rows = db.query_all(&outer).await?;
    let mut buckets: BTreeMap<Vec<KeyValue>, ProjectBucket> = BTreeMap::new();
    for row in rows {
        let values = keys.iter().enumerate().map(|(i, key)| read_key(&row, i, *key)).collect::<Result<Vec<_>, _>>()?;
        let at = keys.len();
        let currency: Option<String> = row.try_get_by_index(at)?;
        let projects: i64 = row.try_get_by_index(at + 1)?;
        let budget: Option<i64> = row.try_get_by_index(at + 2)?;
        let first_year: Option<i32> = row.try_get_by_index(at + 3)?;
        let last_year: Option<i32> = row.try_get_by_index(at + 4)?;
        let shared: Option<i64> = row.try_get_by_index(at + 5)?;
        let budgeted: Option<i64> = row.try_get_by_index(at + 6)?;
        let bucket =
            buckets.entry(values.clone()).or_insert_with(|| ProjectBucket { keys: values, ..Default::default() });
        bucket.projects += u64::try_from(projects).unwrap_or(0);
        bucket.with_budget += budgeted.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        if let Some(currency) = currency {
            if let Some(budget) = budget {
                *bucket.budgets.entry(currency.clone()).or_default() += budget;
            }
            if let Some(shared) = shared {
                *bucket.shared_budgets.entry(currency).or_default() += shared;
            }
        }
        bucket.first_year = [bucket.first_year, first_year].into_iter().flatten().min();
        bucket.last_year = [bucket.last_year, last_year].into_iter().flatten().max();
    }
    Ok(buckets.into_values().collect())
}

/// `SUM(expr)` as a BIGINT on every backend (PostgreSQL sums integers as NUMERIC).
fn sum(expr: SimpleExpr) -> SimpleExpr {
    Func::cast_as(Func::sum(expr), Alias::new("BIGINT")).into()
}

/// What delegations and events can be counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityKey {
    /// The year they start.
    Year,
    /// A delegation's direction, an event's kind.
    Kind,
}

/// A count of delegations or events for a combination of keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityBucket {
    /// The key values, in the order asked.
    pub keys: Vec<KeyValue>,
    /// How many.
    pub count: u64,
}

async fn activity_buckets(
    db: &impl ConnectionTrait,
    mut select: SelectStatement,
    table: &str,
    year: SimpleExpr,
    kind_column: &str,
    keys: &[ActivityKey],
) -> Result<Vec<ActivityBucket>, DbErr> {
    let mut groups = Vec::new();
    for (index, key) in keys.iter().enumerate() {
        let alias = Alias::new(format!("k{index}"));
        let expr = match key {
            ActivityKey::Year => year.clone(),
            ActivityKey::Kind => col(table, kind_column),
        };
        select.expr_as(expr, alias.clone());
        groups.push(alias.into_iden());
    }
    select.expr(Expr::col((Alias::new(table), Alias::new("id"))).count()).group_by_columns(groups);
    let rows = db.query_all(&select).await?;
    let mut buckets = rows
        .iter()
        .map(|row| {
            let keys = keys
                .iter()
                .enumerate()
                .map(|(i, key)| {
                    Ok(match key {
                        ActivityKey::Year => {
                            row.try_get_by_index::<Option<i32>>(i)?.map_or(KeyValue::None, |v| KeyValue::Int(v.into()))
                        }
                        ActivityKey::Kind => {
                            row.try_get_by_index::<Option<String>>(i)?.map_or(KeyValue::None, KeyValue::Text)
                        }
                    })
                })
                .collect::<Result<Vec<_>, DbErr>>()?;
            let count: i64 = row.try_get_by_index(keys.len())?;
            Ok(ActivityBucket { keys, count: u64::try_from(count).unwrap_or(0) })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    buckets.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(buckets)
}

/// `buckets` grouped by `keys` (sorted by them), with an empty bucket for each year between the first and the last
/// that has none, for each value of the other key: a chart's time axis without gaps. Unchanged without a year key.
pub fn with_empty_years(mut buckets: Vec<ProjectBucket>, keys: &[ProjectKey]) -> Vec<ProjectBucket> {
    let Some(year_at) = keys.iter().position(|key| *key == ProjectKey::Year) else { return buckets };
    let year = |bucket: &ProjectBucket| match bucket.keys.get(year_at) {
        Some(KeyValue::Int(year)) => Some(*year),
        _ => None,
    };
    let (Some(first), Some(last)) = (buckets.iter().filter_map(year).min(), buckets.iter().filter_map(year).max())
    else {
        return buckets;
    };
    let present: std::collections::HashSet<Vec<KeyValue>> = buckets.iter().map(|b| b.keys.clone()).collect();
    let mut others: Vec<Vec<KeyValue>> = Vec::new();
    for bucket in &buckets {
        let mut other = bucket.keys.clone();
        other.remove(year_at);
        if !others.contains(&other) {
            others.push(other);
        }
    }
    for other in others {
        for year in first..=last {
            let mut keys = other.clone();
            keys.insert(year_at, KeyValue::Int(year));
            if !present.contains(&keys) {
                buckets.push(ProjectBucket { keys, ..Default::default() });
            }
        }
    }
    buckets.sort_by(|a, b| a.keys.cmp(&b.keys));
    buckets
}

/// Delegations matching `filter`, counted by year (of their start) and/or direction.
pub async fn delegation_buckets(
    db: &impl ConnectionTrait,
    filter: &super::activity::DelegationFilter,
    keys: &[ActivityKey],
) -> Result<Vec<ActivityBucket>, DbErr> {
    let select = sea_orm::QueryTrait::into_query(filter.select());
    let mut select = select;
    select.clear_selects();
    let year = super::dialect::year_of(db.get_database_backend(), delegation::Entity.table_name(), "period_start");
    activity_buckets(db, select, delegation::Entity.table_name(), year, "direction", keys).await
}

/// Events matching `filter`, counted by year (of their start, UTC) and/or kind.
pub async fn event_buckets(
    db: &impl ConnectionTrait,
    filter: &super::activity::EventFilter,
    keys: &[ActivityKey],
) -> Result<Vec<ActivityBucket>, DbErr> {
    let mut select = sea_orm::QueryTrait::into_query(filter.select());
    select.clear_selects();
    let year = super::dialect::year_of(db.get_database_backend(), event::Entity.table_name(), "starts_at");
    activity_buckets(db, select, event::Entity.table_name(), year, "kind", keys).await
}

/// How many rows a sourced table has, and how many of them have at least one citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourcing {
    /// The table.
    pub kind: SubjectKind,
    /// Rows.
    pub rows: u64,
    /// Rows with at least one citation.
    pub sourced: u64,
}

/// For every sourced table, its rows and how many of them are sourced (one statement per table).
pub async fn sourcing(db: &impl ConnectionTrait) -> Result<Vec<Sourcing>, DbErr> {
    let mut found = Vec::new();
    for kind in super::citation::FACT_TABLES.into_iter().chain([SubjectKind::Document]) {
        let table = crate::write::table_of_kind(kind);
        let cited = Query::select()
            .column(citation::Column::SubjectId)
            .from(citation::Entity)
            .and_where(Expr::col(citation::Column::SubjectKind).eq(kind.to_value()))
            .to_owned();
        let sourced = Expr::case(Expr::col((Alias::new(table), Alias::new("id"))).in_subquery(cited), 1).finally(0);
        let statement = Query::select()
            .expr(Expr::col((Alias::new(table), Alias::new("id"))).count())
            .expr(sum(sourced.into()))
            .from(Alias::new(table))
            .to_owned();
        let row = db.query_one(&statement).await?;
        let (rows, sourced) = match row {
            Some(row) => (row.try_get_by_index::<i64>(0)?, row.try_get_by_index::<Option<i64>>(1)?.unwrap_or(0)),
            None => (0, 0),
        };
        found.push(Sourcing {
            kind,
            rows: u64::try_from(rows).unwrap_or(0),
            sourced: u64::try_from(sourced).unwrap_or(0),
        });
    }
    Ok(found)
}

/// The first and last years any partnership or project covers.
pub async fn years(db: &impl ConnectionTrait) -> Result<(Option<i32>, Option<i32>), DbErr> {
    let backend = db.get_database_backend();
    let mut first = None;
    let mut last = None;
    for table in ["partnership", "project"] {
        let statement = Query::select()
            .expr(super::dialect::year_of(backend, table, "period_start").min())
            .expr(super::dialect::year_of(backend, table, "period_start").max())
            .expr(super::dialect::year_of(backend, table, "period_end").max())
            .from(Alias::new(table))
            .to_owned();
        if let Some(row) = db.query_one(&statement).await? {
            let (start, latest_start, end): (Option<i32>, Option<i32>, Option<i32>) =
                (row.try_get_by_index(0)?, row.try_get_by_index(1)?, row.try_get_by_index(2)?);
            first = [first, start].into_iter().flatten().min();
            last = [last, latest_start, end].into_iter().flatten().max();
        }
    }
    Ok((first, last))
}
