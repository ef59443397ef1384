//! `GET /geo/organizations.geojson`: the organizations layer of the map, for map libraries that load a URL.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::geo::{Layers, feature_collection};

/// The organizations with coordinates as a GeoJSON FeatureCollection (`application/geo+json`).
pub async fn organizations(State(state): State<AppState>) -> Response {
    match feature_collection(&state.db, Layers { organizations: true, places: false }).await {
        Ok(collection) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"))], collection.to_string())
                .into_response()
        }
        Err(error) => {
            tracing::error!(%error, "could not build the organizations GeoJSON");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
    }
}
