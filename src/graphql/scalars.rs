//! Custom scalars: `PartialDate`.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

use crate::error::code;
use crate::partial_date;

/// A date known to the year, the month or the day, as EDTF level 0: `"1999"`, `"2019-11"` or `"2019-11-29"`.
/// Filters and ordering use the whole range it covers (`"2019"` covers 2019-01-01 to 2019-12-31).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate(pub partial_date::PartialDate);

/// A date known to the year, the month or the day, as EDTF level 0: `"1999"`, `"2019-11"` or `"2019-11-29"`.
#[Scalar(name = "PartialDate", specified_by_url = "https://www.loc.gov/standards/datetime/")]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .parse()
                .map(PartialDate)
                .map_err(|error| InputValueError::custom(error).with_extension("code", code::BAD_USER_INPUT)),
            _ => Err(InputValueError::expected_type(value).with_extension("code", code::BAD_USER_INPUT)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

impl PartialDate {
    /// The partial date of two nullable columns, when both are set.
    pub fn from_columns(
        first_day: Option<chrono::NaiveDate>,
        precision: Option<entity::DatePrecision>,
    ) -> Option<Self> {
        partial_date::PartialDate::from_columns(first_day, precision).map(PartialDate)
    }
}
