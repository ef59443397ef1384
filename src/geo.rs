//! Map data: organizations and places with coordinates as an RFC 7946 GeoJSON FeatureCollection, with the
//! properties a map tooltip needs.

use std::collections::HashMap;

use entity::{organization, place, project_participant};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Value, json};

/// Which records a map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers {
    /// Organizations with coordinates.
    pub organizations: bool,
    /// Places (venues) with coordinates.
    pub places: bool,
}

/// How many distinct projects each organization takes part in, in one statement.
async fn project_counts(db: &impl ConnectionTrait) -> Result<HashMap<i32, i64>, DbErr> {
    #[derive(FromQueryResult)]
    struct Count {
        organization_id: i32,
        projects: i64,
    }
    let rows = project_participant::Entity::find()
        .select_only()
        .column(project_participant::Column::OrganizationId)
        .column_as(Expr::col(project_participant::Column::ProjectId).count_distinct(), "projects")
        .group_by(project_participant::Column::OrganizationId)
        .into_model::<Count>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.organization_id, row.projects)).collect())
}

fn point(longitude: f64, latitude: f64, properties: Value) -> Value {
    // RFC 7946: positions are [longitude, latitude].
    json!({ "type": "Feature", "geometry": { "type": "Point", "coordinates": [longitude, latitude] }, "properties": properties })
}

/// The FeatureCollection of the requested layers (organizations first, then places, each in id order).
pub async fn feature_collection(db: &impl ConnectionTrait, layers: Layers) -> Result<Value, DbErr> {
    let mut features = Vec::new();
    if layers.organizations {
        let counts = project_counts(db).await?;
        let rows = organization::Entity::find()
            .filter(organization::Column::Latitude.is_not_null())
            .filter(organization::Column::Longitude.is_not_null())
            .order_by_asc(organization::Column::Id)
            .all(db)
            .await?;
        for row in rows {
            if let (Some(latitude), Some(longitude)) = (row.latitude, row.longitude) {
                features.push(point(
                    longitude,
                    latitude,
                    json!({
                        "layer": "ORGANIZATION",
                        "slug": row.slug,
                        "name": row.name,
                        "kind": row.kind.to_value(),
                        "country": row.country,
                        "projectCount": counts.get(&row.id).copied().unwrap_or(0),
                        "synthetic": row.synthetic,
                    }),
                ));
            }
        }
    }
    if layers.places {
        let rows = place::Entity::find()
            .filter(place::Column::Latitude.is_not_null())
            .filter(place::Column::Longitude.is_not_null())
            .order_by_asc(place::Column::Id)
            .all(db)
            .await?;
        for row in rows {
            if let (Some(latitude), Some(longitude)) = (row.latitude, row.longitude) {
                features.push(point(
                    longitude,
                    latitude,
                    json!({ "layer": "PLACE", "slug": row.slug, "name": row.name, "address": row.address, "synthetic": row.synthetic }),
                ));
            }
        }
    }
    Ok(json!({ "type": "FeatureCollection", "features": features }))
}
