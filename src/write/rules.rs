//! What the write path derives and checks for each table: periods from partial dates, search keys, digests;
//! required columns, codes, ranges and syntax. A mutation and an import reject the same rows with the same words.

use chrono::NaiveDate;
use entity::DatePrecision;
use sea_orm::ActiveValue::{self, Set};
use sha2::{Digest, Sha256};

use super::problems::{
    BODY_CHARS, NAME_CHARS, Problems, TEXT_CHARS, coordinates, country, currency, email, language, not_negative,
    optional_text, present, present_some, required, slug, text, url,
};
use crate::partial_date::{PartialDate, period};
use crate::text::search_key;

/// The derivations and checks of one table's rows.
pub trait Rules {
    /// Computes the derived columns from the others (called before every insert and update).
    fn derive(&mut self) {}
    /// Records what is wrong with the row; references to other rows are checked by the write path.
    fn check(&self, problems: &mut Problems);
}

fn partial(
    date: &ActiveValue<Option<NaiveDate>>,
    precision: &ActiveValue<Option<DatePrecision>>,
) -> Option<PartialDate> {
    PartialDate::from_columns(present_some(date).copied(), present_some(precision).copied())
}

/// A date's day and precision come together, and a start is not after its end.
fn dates(problems: &mut Problems, pairs: [(&str, Option<NaiveDate>, Option<DatePrecision>); 2]) {
    for (field, day, precision) in pairs {
        if day.is_some() != precision.is_some() {
            problems.add(field, "needs both its day and its precision");
        }
    }
    let [(_, start, start_precision), (_, end, end_precision)] = pairs;
    if let (Some(start), Some(start_precision), Some(end), Some(end_precision)) =
        (start, start_precision, end, end_precision)
    {
        let (start, end) = (PartialDate::new(start, start_precision), PartialDate::new(end, end_precision));
        if start.first_day() > end.last_day() {
            problems.add("end", format!("ends ({end}) before it starts ({start})"));
        }
    }
}

/// An amount of money (in cents) is not negative.
fn amount(problems: &mut Problems, cents: Option<i64>, field: &str) {
    if cents.is_some_and(|cents| cents < 0) {
        problems.add(field, format!("{} is negative", cents.unwrap_or_default() as f64 / 100.0));
    }
}

macro_rules! dated {
    ($row:expr) => {
        [
            ("start", present_some(&$row.start_date).copied(), present_some(&$row.start_precision).copied()),
            ("end", present_some(&$row.end_date).copied(), present_some(&$row.end_precision).copied()),
        ]
    };
}

impl Rules for entity::organization::ActiveModel {
    fn derive(&mut self) {
        if let Some(name) = present(&self.name) {
            self.sort_key = Set(search_key(name));
        }
    }

    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.kind, "kind");
        text(problems, &self.name, "name", NAME_CHARS);
        match present(&self.country) {
            None => problems.add("country", "is required"),
            Some(code) => country(problems, Some(code), "country"),
        }
        for (value, field) in [
            (&self.official_code, "officialCode"),
            (&self.official_code_scheme, "officialCodeScheme"),
            (&self.subdivision_code, "subdivisionCode"),
            (&self.postal_code, "postalCode"),
            (&self.seat, "seat"),
        ] {
            optional_text(problems, value, field, NAME_CHARS);
        }
        coordinates(problems, present_some(&self.latitude).copied(), present_some(&self.longitude).copied());
        not_negative(problems, present_some(&self.population).copied(), "population");
        if let Some(year) = present_some(&self.population_year)
            && !(1800..=2100).contains(year)
        {
            problems.add("populationYear", format!("{year} is not a year between 1800 and 2100"));
        }
        if present_some(&self.population).is_some() != present_some(&self.population_year).is_some() {
            problems.add("populationYear", "a population needs the year it was counted, and a year its population");
        }
    }
}

impl Rules for entity::organization_name::ActiveModel {
    fn derive(&mut self) {
        if let Some(value) = present(&self.value) {
            self.search_key = Set(search_key(value));
        }
    }

    fn check(&self, problems: &mut Problems) {
        required(problems, &self.organization_id, "organization");
        text(problems, &self.value, "value", NAME_CHARS);
        language(problems, present_some(&self.lang), "lang");
        required(problems, &self.kind, "kind");
    }
}

impl Rules for entity::partnership::ActiveModel {
    fn derive(&mut self) {
        let (start, end) =
            (partial(&self.start_date, &self.start_precision), partial(&self.end_date, &self.end_precision));
        // A partnership without an end is still running: its period stays open.
        self.period_start = Set(start.or(end).map(|date| date.first_day()));
        self.period_end = Set(end.map(|date| date.last_day()));
        if let Some(name) = present(&self.name) {
            self.sort_key = Set(search_key(name));
        }
    }

    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.kind, "kind");
        text(problems, &self.name, "name", NAME_CHARS);
        language(problems, present(&self.original_lang), "originalLang");
        required(problems, &self.original_lang, "originalLang");
        optional_text(problems, &self.description, "description", TEXT_CHARS);
        dates(problems, dated!(self));
    }
}

impl Rules for entity::partnership_member::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.partnership_id, "partnership");
        required(problems, &self.organization_id, "organization");
        required(problems, &self.side, "side");
        required(problems, &self.role, "role");
    }
}

impl Rules for entity::project::ActiveModel {
    fn derive(&mut self) {
        let (start, end) =
            (partial(&self.start_date, &self.start_precision), partial(&self.end_date, &self.end_precision));
        let months = present_some(&self.duration_months).and_then(|months| u32::try_from(*months).ok());
        let (period_start, period_end) = period(start, end, months);
        self.period_start = Set(period_start);
        self.period_end = Set(period_end);
        if let Some(title) = present(&self.title) {
            self.sort_key = Set(search_key(title));
        }
    }

    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.partnership_id, "partnership");
        required(problems, &self.kind, "kind");
        text(problems, &self.title, "title", NAME_CHARS);
        language(problems, present(&self.original_lang), "originalLang");
        required(problems, &self.original_lang, "originalLang");
        optional_text(problems, &self.description, "description", TEXT_CHARS);
        dates(problems, dated!(self));
        not_negative(problems, present_some(&self.duration_months).copied(), "durationMonths");
        amount(problems, present_some(&self.budget_amount_cents).copied(), "budget.amount");
        currency(problems, present_some(&self.budget_currency), "budget.currency");
        if present_some(&self.budget_amount_cents).is_some() && present_some(&self.budget_currency).is_none() {
            problems.add("budget.currency", "an amount needs its currency");
        }
    }
}

impl Rules for entity::project_domain::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.project_id, "project");
        required(problems, &self.domain, "domain");
        if let Some(code) = present_some(&self.dac_code)
            && (code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()))
        {
            problems.add(
                "dacCode",
                format!("`{}` is not an OECD DAC purpose code (5 digits)", super::problems::shown(code)),
            );
        }
    }
}

impl Rules for entity::project_participant::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.project_id, "project");
        required(problems, &self.organization_id, "organization");
        required(problems, &self.role, "role");
        amount(problems, present_some(&self.contribution_cents).copied(), "contribution.amount");
        currency(problems, present_some(&self.contribution_currency), "contribution.currency");
        if present_some(&self.contribution_cents).is_some() && present_some(&self.contribution_currency).is_none() {
            problems.add("contribution.currency", "an amount needs its currency");
        }
    }
}

impl Rules for entity::delegation::ActiveModel {
    fn derive(&mut self) {
        let (start, end) =
            (partial(&self.start_date, &self.start_precision), partial(&self.end_date, &self.end_precision));
        let (period_start, period_end) = period(start, end, None);
        self.period_start = Set(period_start);
        self.period_end = Set(period_end);
    }

    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.partnership_id, "partnership");
        required(problems, &self.direction, "direction");
        text(problems, &self.title, "title", NAME_CHARS);
        language(problems, present(&self.original_lang), "originalLang");
        required(problems, &self.original_lang, "originalLang");
        optional_text(problems, &self.purpose, "purpose", TEXT_CHARS);
        optional_text(problems, &self.occasion, "occasion", TEXT_CHARS);
        dates(problems, dated!(self));
    }
}

impl Rules for entity::delegation_host::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.delegation_id, "delegation");
        required(problems, &self.organization_id, "organization");
    }
}

impl Rules for entity::delegation_member::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.delegation_id, "delegation");
        if present_some(&self.organization_id).is_none()
            && present_some(&self.person_id).is_none()
            && present_some(&self.headcount).is_none()
        {
            problems.add("organization", "a delegation member is an organization, a person, or a headcount");
        }
        if let Some(headcount) = present_some(&self.headcount)
            && *headcount < 1
        {
            problems.add("headcount", format!("{headcount} is not a number of people (at least 1)"));
        }
    }
}

impl Rules for entity::event::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.kind, "kind");
        text(problems, &self.title, "title", NAME_CHARS);
        language(problems, present(&self.original_lang), "originalLang");
        required(problems, &self.original_lang, "originalLang");
        optional_text(problems, &self.description, "description", TEXT_CHARS);
        required(problems, &self.starts_at, "startsAt");
        if let (Some(starts), Some(ends)) = (present(&self.starts_at), present_some(&self.ends_at))
            && ends < starts
        {
            problems.add("endsAt", format!("ends ({ends}) before it starts ({starts})"));
        }
        match present(&self.time_zone) {
            None => problems.add("timeZone", "is required"),
            Some(zone) if zone.parse::<chrono_tz::Tz>().is_err() => {
                problems.add("timeZone", format!("`{}` is not an IANA time zone", super::problems::shown(zone)))
            }
            Some(_) => {}
        }
        required(problems, &self.is_public, "public");
    }
}

impl Rules for entity::event_organizer::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.event_id, "event");
        required(problems, &self.organization_id, "organization");
    }
}

impl Rules for entity::place::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        text(problems, &self.name, "name", NAME_CHARS);
        optional_text(problems, &self.address, "address", NAME_CHARS);
        coordinates(problems, present_some(&self.latitude).copied(), present_some(&self.longitude).copied());
    }
}

impl Rules for entity::person::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        text(problems, &self.name, "name", NAME_CHARS);
        optional_text(problems, &self.honorific, "honorific", NAME_CHARS);
    }
}

impl Rules for entity::person_role::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.person_id, "person");
        required(problems, &self.organization_id, "organization");
        text(problems, &self.title, "title", NAME_CHARS);
        dates(problems, dated!(self));
    }
}

/// The SHA-256 of a document's text, hex-encoded, as its `sha256` column holds it (the same text is the same
/// document).
pub fn body_digest(body: &str) -> String {
    format!("{:x}", Sha256::digest(body.as_bytes()))
}

impl Rules for entity::document::ActiveModel {
    fn derive(&mut self) {
        let published = partial(&self.published_date, &self.published_precision);
        let (period_start, period_end) = period(published, published, None);
        self.period_start = Set(period_start);
        self.period_end = Set(period_end);
        if let ActiveValue::Set(body) = &self.body {
            self.sha256 = Set(body.as_deref().map(body_digest));
        }
        if let Some(title) = present(&self.title) {
            self.sort_key = Set(search_key(title));
        }
    }

    fn check(&self, problems: &mut Problems) {
        slug(problems, &self.slug);
        required(problems, &self.kind, "kind");
        text(problems, &self.title, "title", NAME_CHARS);
        language(problems, present(&self.language), "language");
        required(problems, &self.language, "language");
        optional_text(problems, &self.dateline, "dateline", NAME_CHARS);
        url(problems, present_some(&self.url), "url");
        optional_text(problems, &self.body, "body", BODY_CHARS);
        let published = (present_some(&self.published_date), present_some(&self.published_precision));
        if published.0.is_some() != published.1.is_some() {
            problems.add("published", "needs both its day and its precision");
        }
    }
}

impl Rules for entity::contact::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        text(problems, &self.label, "label", NAME_CHARS);
        optional_text(problems, &self.phone, "phone", 40);
        if let Some(phone) = present_some(&self.phone)
            && !phone.chars().all(|c| c.is_ascii_digit() || " +-.()/".contains(c))
        {
            problems.add("phone", format!("`{}` is not a phone number", super::problems::shown(phone)));
        }
        email(problems, present_some(&self.email), "email");
        optional_text(problems, &self.postal_address, "postalAddress", NAME_CHARS);
    }
}

impl Rules for entity::document_contact::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.document_id, "document");
        required(problems, &self.contact_id, "contact");
    }
}

impl Rules for entity::mention::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.document_id, "document");
        text(problems, &self.surface_form, "surfaceForm", NAME_CHARS);
        required(problems, &self.subject_id, "subject");
        match (present(&self.start_offset), present(&self.end_offset)) {
            (Some(start), Some(end)) if *start < 0 || end <= start => {
                problems.add("endOffset", format!("{start}..{end} is not a range of characters"))
            }
            (None, _) => problems.add("startOffset", "is required"),
            (_, None) => problems.add("endOffset", "is required"),
            _ => {}
        }
    }
}

impl Rules for entity::reported_figure::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.subject_id, "subject");
        required(problems, &self.metric, "metric");
        required(problems, &self.qualifier, "qualifier");
        let value = present_some(&self.value).copied();
        let cents = present_some(&self.amount_cents).copied();
        if value.is_none() && cents.is_none() {
            problems.add("value", "a reported figure needs a value, an amount, or both");
        }
        if value.is_some_and(|value| value < 0) {
            problems.add("value", "is negative");
        }
        amount(problems, cents, "amount");
        if cents.is_some() != present_some(&self.currency).is_some() {
            problems.add("currency", "an amount needs its currency, and a currency its amount");
        }
        currency(problems, present_some(&self.currency), "currency");
        optional_text(problems, &self.label, "label", TEXT_CHARS);
        let as_of = (present_some(&self.as_of_date).copied(), present_some(&self.as_of_precision).copied());
        if as_of.0.is_some() != as_of.1.is_some() {
            problems.add("asOf", "needs both its day and its precision");
        }
    }
}

impl Rules for entity::citation::ActiveModel {
    fn check(&self, problems: &mut Problems) {
        required(problems, &self.subject_id, "subject");
        required(problems, &self.document_id, "document");
        optional_text(problems, &self.field, "field", 64);
        optional_text(problems, &self.locator, "locator", NAME_CHARS);
        optional_text(problems, &self.quote, "quote", TEXT_CHARS);
    }
}
