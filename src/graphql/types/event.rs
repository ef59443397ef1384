//! `Event` and `Place`.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entity::SubjectKind;

use super::enums;
use super::{Citation, GeoPoint, Organization, Partnership, citations_connection};
use crate::error::AppResult;
use crate::graphql::ids::global_id;
use crate::graphql::lang::{Lang, translate, translate_opt};
use crate::graphql::loaders::{OrganizersOfEvent, load_children, load_many, load_one};
use crate::graphql::pagination::{Conn, PageArgs};
use crate::graphql::scalars::PartialDate;

/// The day (month, year) an event starts in its time zone, as precise as its sources: what its `date` says and
/// where timelines put it.
pub fn start_date(model: &entity::event::Model) -> crate::partial_date::PartialDate {
    // An event dated without a time is stored at midnight UTC of its first day.
    if let Some(precision) = model.starts_precision {
        return crate::partial_date::PartialDate::new(model.starts_at.date_naive(), precision);
    }
    let day = match model.time_zone.parse::<chrono_tz::Tz>() {
        Ok(zone) => model.starts_at.with_timezone(&zone).date_naive(),
        Err(_) => model.starts_at.date_naive(),
    };
    crate::partial_date::PartialDate::new(day, entity::DatePrecision::Day)
}

/// A dated happening: a public debate, a conference, a signing, a ceremony, a training, a meeting.
#[derive(Clone, Debug)]
pub struct Event(pub entity::event::Model);

fn local(time: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(zone) => time.with_timezone(&zone).to_rfc3339(),
        Err(_) => time.to_rfc3339(),
    }
}

/// A dated happening: a public debate, a conference, a signing, a ceremony, a training, a meeting.
#[Object]
impl Event {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Event", self.0.id))
    }

    /// The object's changes, oldest first: who did what, when, with the values before and after.
    pub(crate) async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<crate::graphql::types::Change>> {
        let args = PageArgs::new(after, before, first, last);
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Event, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// True for rows made by the synthetic data generator (benchmarks), never real knowledge.
    async fn synthetic(&self) -> bool {
        self.0.synthetic
    }

    /// The stable human handle, used by `event(slug:)`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// What kind of event.
    async fn kind(&self) -> enums::EventKind {
        self.0.kind.into()
    }

    /// The title, in `lang` when a translation exists, else in the original language.
    async fn title(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        translate(&self.0.title, &self.0.original_lang, &self.0.title_i18n, lang)
    }

    /// What it is about, in `lang` when a translation exists, else in the original language.
    async fn description(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> Option<String> {
        translate_opt(self.0.description.as_deref(), &self.0.original_lang, &self.0.description_i18n, lang)
    }

    /// The language its texts were written in (ISO 639-1).
    async fn original_lang(&self) -> &str {
        &self.0.original_lang
    }

    /// When it starts, in UTC (RFC 3339).
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }

    /// When it ends, in UTC, if known.
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.ends_at
    }

    /// The IANA time zone of the place (`Europe/Paris`), in which `localStartsAt` is given.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }

    /// When it starts, in local time with its UTC offset (`2019-11-29T19:00:00+01:00`).
    async fn local_starts_at(&self) -> String {
        local(self.0.starts_at, &self.0.time_zone)
    }

    /// How precisely the sources date the start when they give no time: `DAY` (or `MONTH`, `YEAR`), and
    /// `startsAt` is then midnight UTC of the first day of that day (month, year); null when the time is known.
    async fn starts_precision(&self) -> Option<enums::DatePrecision> {
        self.0.starts_precision.map(Into::into)
    }

    /// The day (month, year) it starts, as precise as the sources, in local time.
    async fn date(&self) -> PartialDate {
        PartialDate(start_date(&self.0))
    }

    /// When it ends, in local time with its UTC offset, if known.
    async fn local_ends_at(&self) -> Option<String> {
        self.0.ends_at.map(|time| local(time, &self.0.time_zone))
    }

    /// Whether it is open to the public.
    async fn is_public(&self) -> bool {
        self.0.is_public
    }

    /// Where it takes place, if known.
    async fn place(&self, ctx: &Context<'_>) -> AppResult<Option<Place>> {
        let Some(id) = self.0.place_id else { return Ok(None) };
        Ok(load_one::<entity::place::Entity>(ctx, id).await?.map(Place))
    }

    /// The organizations that organize it.
    async fn organizers(&self, ctx: &Context<'_>) -> AppResult<Vec<Organization>> {
        let organizers = load_children::<OrganizersOfEvent>(ctx, self.0.id).await?;
        let rows = load_many::<entity::organization::Entity>(ctx, organizers.iter().map(|o| o.organization_id)).await?;
        Ok(rows.into_iter().map(Organization).collect())
    }

    /// The partnership it belongs to, if any.
    async fn partnership(&self, ctx: &Context<'_>) -> AppResult<Option<Partnership>> {
        let Some(id) = self.0.partnership_id else { return Ok(None) };
        Ok(load_one::<entity::partnership::Entity>(ctx, id).await?.map(Partnership))
    }

    /// The sources of what is recorded about it.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::Event, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}

/// A venue where events happen (Salle Rosa Parks, Valenton).
#[derive(Clone, Debug)]
pub struct Place(pub entity::place::Model);

/// A venue where events happen (Salle Rosa Parks, Valenton).
#[Object]
impl Place {
    /// The opaque global id.
    pub(crate) async fn id(&self, _ctx: &Context<'_>) -> AppResult<ID> {
        Ok(global_id("Place", self.0.id))
    }

    /// The object's changes, oldest first: who did what, when, with the values before and after.
    pub(crate) async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<crate::graphql::types::Change>> {
        let args = PageArgs::new(after, before, first, last);
        crate::graphql::types::history_connection(ctx, entity::SubjectKind::Place, self.0.id, args).await
    }

    /// The object's version: every change increments it, and an update or deletion names the version it is
    /// based on (`CONFLICT` if it changed since).
    pub(crate) async fn version(&self, _ctx: &Context<'_>) -> i32 {
        self.0.version
    }

    /// True for rows made by the synthetic data generator (benchmarks), never real knowledge.
    async fn synthetic(&self) -> bool {
        self.0.synthetic
    }

    /// The stable human handle.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The name of the venue.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Its postal address, if known.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }

    /// The commune it is in.
    async fn commune(&self, ctx: &Context<'_>) -> AppResult<Option<Organization>> {
        let Some(id) = self.0.commune_id else { return Ok(None) };
        Ok(load_one::<entity::organization::Entity>(ctx, id).await?.map(Organization))
    }

    /// Where it is, if known.
    async fn location(&self) -> Option<GeoPoint> {
        GeoPoint::from_columns(self.0.latitude, self.0.longitude)
    }

    /// The sources of what is recorded about it.
    pub(crate) async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Items before this cursor.")] before: Option<String>,
        #[graphql(desc = "The first n items.")] first: Option<i32>,
        #[graphql(desc = "The last n items.")] last: Option<i32>,
    ) -> AppResult<Conn<Citation>> {
        citations_connection(ctx, SubjectKind::Place, self.0.id, PageArgs::new(after, before, first, last)).await
    }
}
