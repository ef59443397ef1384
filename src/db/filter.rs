//! Pieces shared by the filters of every list: date ranges, references by slug, sub-queries.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, IntoSimpleExpr};

use super::Slugged;

/// An inclusive range of days; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// The first day of the range.
    pub from: Option<NaiveDate>,
    /// The last day of the range.
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Rows whose period `[start, end]` overlaps the range; a NULL end is open (still running), and rows with no
    /// start do not match.
    pub fn overlaps<C: ColumnTrait>(&self, start: C, end: C) -> Condition {
        let mut condition = Condition::all().add(start.is_not_null());
        if let Some(to) = self.to {
            condition = condition.add(start.lte(to));
        }
        if let Some(from) = self.from {
            condition = condition.add(Condition::any().add(end.is_null()).add(end.gte(from)));
        }
        condition
    }

    /// Rows whose date column falls within the range.
    pub fn contains<C: ColumnTrait>(&self, column: C) -> Condition {
        let mut condition = Condition::all().add(column.is_not_null());
        if let Some(from) = self.from {
            condition = condition.add(column.gte(from));
        }
        if let Some(to) = self.to {
            condition = condition.add(column.lte(to));
        }
        condition
    }

    /// Rows whose instant column falls within the range, days taken in UTC.
    pub fn contains_instant<C: ColumnTrait>(&self, column: C) -> Condition {
        let midnight = |day: NaiveDate| -> Option<DateTime<Utc>> { day.and_hms_opt(0, 0, 0).map(|t| t.and_utc()) };
        let mut condition = Condition::all();
        if let Some(from) = self.from.and_then(midnight) {
            condition = condition.add(column.gte(from));
        }
        if let Some(to) = self.to.and_then(|to| to.succ_opt()).and_then(midnight) {
            condition = condition.add(column.lt(to));
        }
        condition
    }
}

/// `SELECT id FROM E WHERE slug = ?`: the row a slug names, for use in `IN (…)`.
pub fn id_of_slug<E: Slugged>(slug: &str) -> SelectStatement {
    Query::select().column(E::ID).from(E::default()).and_where(E::SLUG.eq(slug)).to_owned()
}

/// `SELECT column FROM E WHERE condition`, for use in `IN (…)`.
pub fn select_column<E: EntityTrait>(column: E::Column, condition: Condition) -> SelectStatement {
    Query::select().column(column).from(E::default()).cond_where(condition).to_owned()
}

/// `column LIKE '%text%'`, with the wildcards of `text` matched literally.
pub fn contains_text<C: ColumnTrait>(column: C, text: &str) -> Condition {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
    Condition::all().add(Expr::expr(column.into_simple_expr()).like(pattern))
}
