//! Map data: a valid RFC 7946 FeatureCollection, as a GraphQL field and as a GeoJSON endpoint.

use axum::http::{StatusCode, header};
use serde_json::Value;

use crate::on_every_backend;

/// Checks the RFC 7946 rules a map library relies on, and returns the features.
fn features(collection: &Value) -> &Vec<Value> {
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().expect("a features array");
    for feature in features {
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["geometry"]["type"], "Point");
        let position = feature["geometry"]["coordinates"].as_array().expect("coordinates");
        assert_eq!(position.len(), 2, "[longitude, latitude]");
        let (longitude, latitude) = (position[0].as_f64().expect("number"), position[1].as_f64().expect("number"));
        assert!((-180.0..=180.0).contains(&longitude) && (-90.0..=90.0).contains(&latitude));
        assert!(feature["properties"].is_object());
    }
    features
}

#[tokio::test]
async fn organizations_and_places_as_geojson() {
    on_every_backend!(|app| {
        let data = app.query("{ all: geoJson organizations: geoJson(layers: [ORGANIZATION]) }").await;
        let all = features(&data["all"]);
        assert_eq!(all.len(), 6, "the two departments (at their prefecture), the three cities and Valenton: {all:?}");
        let creteil =
            all.iter().find(|f| f["properties"]["slug"] == "val-de-marne").expect("Val-de-Marne is on the map");
        assert_eq!(creteil["geometry"]["coordinates"][1], 48.7904);
        let jenin = all.iter().find(|f| f["properties"]["slug"] == "jenin").expect("Jenin is on the map");
        assert_eq!(jenin["geometry"]["coordinates"][0], 35.3);
        assert_eq!(jenin["geometry"]["coordinates"][1], 32.4611);
        assert_eq!(jenin["properties"]["name"], "Jénine");
        assert_eq!(jenin["properties"]["kind"], "MUNICIPALITY");
        assert_eq!(jenin["properties"]["country"], "PS");
        assert_eq!(jenin["properties"]["projectCount"], 6);
        let qalqilya = all.iter().find(|f| f["properties"]["slug"] == "qalqilya").expect("Qalqilya");
        assert_eq!(qalqilya["properties"]["projectCount"], 10);

        let response = app.get("/geo/organizations.geojson", "application/geo+json").await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            response.headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
            Some(&b"application/geo+json"[..])
        );
        assert_eq!(response.json(), data["organizations"]);
    });
}
