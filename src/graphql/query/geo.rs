//! Map data as GeoJSON.

use async_graphql::{Context, Enum, Json, Object};

use super::database;
use crate::error::AppResult;
use crate::geo::{Layers, feature_collection};

/// A layer of a map.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoLayer {
    /// Organizations with coordinates, with their project count.
    Organization,
    /// Venues with coordinates.
    Place,
}

/// Map data.
#[derive(Default)]
pub struct GeoQuery;

#[Object]
impl GeoQuery {
    /// An RFC 7946 GeoJSON FeatureCollection of the records with coordinates: a Point per record
    /// (`[longitude, latitude]`), with the properties a map tooltip needs (`layer`, `slug`, `name`, `kind`,
    /// `country`, `projectCount` for organizations). Also served at `GET /geo/organizations.geojson`.
    async fn geo_json(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The layers to include; organizations and places when absent.")] layers: Option<Vec<GeoLayer>>,
    ) -> AppResult<Json<serde_json::Value>> {
        let layers = layers.unwrap_or_else(|| vec![GeoLayer::Organization, GeoLayer::Place]);
        let layers = Layers {
            organizations: layers.contains(&GeoLayer::Organization),
            places: layers.contains(&GeoLayer::Place),
        };
        Ok(Json(feature_collection(database(ctx)?, layers).await?))
    }
}
