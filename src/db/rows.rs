//! Rows decoded by the place of each column, found by name once per statement: SeaORM's models look every column
//! of every row up by name (a hash of the name per value) and build an error, with a formatted message, for each
//! column a page leaves out or finds NULL.

use sea_orm::{DbErr, EntityTrait, IdenStatic, Iterable, QueryResult, TryGetable};

/// Where each column of a table is in the rows of one statement, in the table's column order; `None` for a column
/// the statement leaves out (see [`super::reading`]).
pub struct Places(Vec<Option<usize>>);

impl Places {
    /// The places of the columns of `E` in `row`, any row of the statement.
    pub fn of<E: EntityTrait>(row: &QueryResult) -> Self {
        let names = row.column_names();
        Self(E::Column::iter().map(|column| names.iter().position(|name| name == column.as_str())).collect())
    }

    fn place(&self, column: usize) -> Option<usize> {
        self.0.get(column).copied().flatten()
    }

    /// The value of the `column`th column (in the table's order), which every statement reads or fills with a
    /// placeholder.
    pub fn required<T: TryGetable>(&self, row: &QueryResult, column: usize) -> Result<T, DbErr> {
        let place = self.place(column).ok_or_else(|| DbErr::Type(format!("column {column} is not in the row")))?;
        row.try_get_by_index(place)
    }

    /// The value of the nullable `column`th column (in the table's order): `None` when NULL or left out.
    pub fn optional<T: TryGetable>(&self, row: &QueryResult, column: usize) -> Result<Option<T>, DbErr> {
        self.place(column).map_or(Ok(None), |place| row.try_get_by_index(place))
    }

    /// The date in the nullable `column`th column (in the table's order): `None` when NULL or left out.
    pub fn date(&self, row: &QueryResult, column: usize) -> Result<Option<chrono::NaiveDate>, DbErr> {
        self.place(column).map_or(Ok(None), |place| super::dialect::read_optional_date(row, place))
    }
}
