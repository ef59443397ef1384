//! Small value types shared by several objects: coordinates, money, population, official codes.

use async_graphql::SimpleObject;

/// A point on Earth, in WGS 84 decimal degrees.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct GeoPoint {
    /// Latitude, north positive.
    pub latitude: f64,
    /// Longitude, east positive.
    pub longitude: f64,
}

impl GeoPoint {
    /// The point of two nullable columns, when both are set.
    pub fn from_columns(latitude: Option<f64>, longitude: Option<f64>) -> Option<Self> {
        Some(Self { latitude: latitude?, longitude: longitude? })
    }
}

/// An amount of money in a currency.
#[derive(SimpleObject, Clone, Debug)]
pub struct Money {
    /// The amount, in units of the currency (590000.0 for 590 000 €).
    pub amount: f64,
    /// The ISO 4217 currency code (`EUR`).
    pub currency: String,
}

impl Money {
    /// The amount of two nullable columns (hundredths of the currency unit, currency), when both are set.
    pub fn from_columns(cents: Option<i64>, currency: Option<&str>) -> Option<Self> {
        Some(Self { amount: cents? as f64 / 100.0, currency: currency?.to_owned() })
    }
}

/// A population count and the year it was counted.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct Population {
    /// Number of inhabitants.
    pub count: i64,
    /// Year of the count.
    pub year: i32,
}

/// A code an authority gives an organization (the INSEE code of a French collectivity).
#[derive(SimpleObject, Clone, Debug)]
pub struct OfficialCode {
    /// The code system (`INSEE`).
    pub scheme: String,
    /// The code (`94`, `94074`).
    pub value: String,
}
