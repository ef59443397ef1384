//! Creating and changing events, their organizers, and places.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;

use super::{
    Convert, Link, Links, RowInput, SourceInput, TranslationInput, create, set, set_enum, set_nullable, update,
};
use crate::error::AppResult;
use crate::graphql::types::enums::EventKind;
use crate::graphql::types::{Event, Place};

/// The fields of an event: all needed to create one except those marked optional; an update changes only the
/// fields it gives (`null` clears an optional one).
#[derive(InputObject)]
pub struct EventInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// The partnership it belongs to (optional).
    pub partnership: MaybeUndefined<ID>,
    /// What kind of event it is.
    pub kind: Option<EventKind>,
    /// The language of the texts (ISO 639-1).
    pub original_lang: Option<String>,
    /// The title in the original language.
    pub title: Option<String>,
    /// The title in other languages (replaces them all).
    pub title_translations: Option<Vec<TranslationInput>>,
    /// The description in the original language (optional).
    pub description: MaybeUndefined<String>,
    /// The description in other languages (replaces them all).
    pub description_translations: Option<Vec<TranslationInput>>,
    /// When it starts (RFC 3339 with an offset).
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends (optional, not before it starts).
    pub ends_at: MaybeUndefined<DateTime<Utc>>,
    /// The IANA time zone it takes place in (`Europe/Paris`).
    pub time_zone: Option<String>,
    /// Where it takes place (optional).
    pub place: MaybeUndefined<ID>,
    /// Whether the public may attend.
    pub public: Option<bool>,
    /// The organizations that organize it (replaces them all).
    pub organizers: Option<Vec<ID>>,
}

impl RowInput for EventInput {
    type Row = entity::event::ActiveModel;
    const TYPE: &'static str = "Event";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        convert.set_optional_reference(&mut row.partnership_id, "partnership", self.partnership, "Partnership");
        set_enum(&mut row.kind, self.kind);
        set(&mut row.original_lang, self.original_lang);
        set(&mut row.title, self.title);
        convert.set_translations(&mut row.title_i18n, "titleTranslations", self.title_translations);
        set_nullable(&mut row.description, self.description);
        convert.set_translations(&mut row.description_i18n, "descriptionTranslations", self.description_translations);
        set(&mut row.starts_at, self.starts_at);
        set_nullable(&mut row.ends_at, self.ends_at);
        set(&mut row.time_zone, self.time_zone);
        convert.set_optional_reference(&mut row.place_id, "place", self.place, "Place");
        set(&mut row.is_public, self.public);
        let mut links = Links::default();
        if let Some(organizers) = self.organizers {
            let rows = organizers
                .iter()
                .enumerate()
                .filter_map(|(n, id)| convert.reference(&format!("organizers.{n}"), id, "Organization"))
                .map(|organization| entity::event_organizer::ActiveModel {
                    organization_id: Set(organization),
                    ..Default::default()
                })
                .collect();
            links.0.push(Link::Organizers(rows));
        }
        (row, links)
    }
}

/// A venue.
#[derive(InputObject)]
pub struct PlaceInput {
    /// The unique handle.
    pub slug: Option<String>,
    /// Its name (`Salle Rosa Parks`).
    pub name: Option<String>,
    /// Its postal address (optional).
    pub address: MaybeUndefined<String>,
    /// The commune it is in (optional).
    pub commune: MaybeUndefined<ID>,
    /// The latitude in degrees, -90 to 90 (optional, with the longitude).
    pub latitude: MaybeUndefined<f64>,
    /// The longitude in degrees, -180 to 180 (optional, with the latitude).
    pub longitude: MaybeUndefined<f64>,
}

impl RowInput for PlaceInput {
    type Row = entity::place::ActiveModel;
    const TYPE: &'static str = "Place";

    fn columns(self, convert: &mut Convert) -> (Self::Row, Links) {
        let mut row = Self::Row::default();
        set(&mut row.slug, self.slug);
        set(&mut row.name, self.name);
        set_nullable(&mut row.address, self.address);
        convert.set_optional_reference(&mut row.commune_id, "commune", self.commune, "Organization");
        set_nullable(&mut row.latitude, self.latitude);
        set_nullable(&mut row.longitude, self.longitude);
        (row, Links::default())
    }
}

/// Creating and changing events and places.
#[derive(Default)]
pub struct EventMutation;

/// Creating and changing events and places.
#[Object]
impl EventMutation {
    /// Creates an event with its organizers (EDITOR), with the sources of what it records.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: EventInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Event> {
        create(ctx, input, sources).await.map(Event)
    }

    /// Changes an event (EDITOR) by the fields given; `organizers`, when given, replaces its organizers.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: EventInput,
    ) -> AppResult<Event> {
        update(ctx, &id, version, input).await.map(Event)
    }

    /// Creates a place (EDITOR), with the sources of what it records.
    async fn create_place(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its fields.")] input: PlaceInput,
        #[graphql(desc = "The documents that say what the input records.")] sources: Option<Vec<SourceInput>>,
    ) -> AppResult<Place> {
        create(ctx, input, sources).await.map(Place)
    }

    /// Changes a place (EDITOR) by the fields given.
    async fn update_place(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Its id.")] id: ID,
        #[graphql(desc = "The version the change is based on (`CONFLICT` if it changed since).")] version: i32,
        #[graphql(desc = "The fields to change.")] input: PlaceInput,
    ) -> AppResult<Place> {
        update(ctx, &id, version, input).await.map(Place)
    }
}
