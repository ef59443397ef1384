//! What is wrong with the rows a write was given: every problem of an input at once, each at its input path.

use std::fmt;

use sea_orm::ActiveValue;

/// One thing wrong with an input, at its path (`input.budget.currency`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The input path of the offending value, as the client wrote it.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.field, self.message)
        }
    }
}

/// The problems found so far, under a path prefix.
#[derive(Clone, Debug, Default)]
pub struct Problems {
    prefix: String,
    found: Vec<Problem>,
}

impl Problems {
    /// No problems yet; the paths of those found will start with `prefix`.
    pub fn at(prefix: &str) -> Self {
        Self { prefix: prefix.to_owned(), found: Vec::new() }
    }

    /// Records that `field` (relative to the prefix) is wrong.
    pub fn add(&mut self, field: &str, message: impl fmt::Display) {
        let field = match (self.prefix.is_empty(), field.is_empty()) {
            (true, _) => field.to_owned(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{field}", self.prefix),
        };
        self.found.push(Problem { field, message: message.to_string() });
    }

    /// Adds the problems of another check.
    pub fn extend(&mut self, other: Problems) {
        self.found.extend(other.found);
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The problems found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.found
    }
}

/// The value a column is given or keeps, if it has one.
pub fn present<T: Into<sea_orm::Value>>(value: &ActiveValue<T>) -> Option<&T> {
    match value {
        ActiveValue::Set(value) | ActiveValue::Unchanged(value) => Some(value),
        ActiveValue::NotSet => None,
    }
}

/// The value of a nullable column, if it has a non-null one.
pub fn present_some<T>(value: &ActiveValue<Option<T>>) -> Option<&T>
where
    Option<T>: Into<sea_orm::Value>,
{
    present(value).and_then(Option::as_ref)
}

/// Records `field` as missing when a row must have it.
pub fn required<T: Into<sea_orm::Value>>(problems: &mut Problems, value: &ActiveValue<T>, field: &str) {
    if present(value).is_none() {
        problems.add(field, "is required");
    }
}

/// The longest text of a name or title, and of a description or body.
pub const NAME_CHARS: usize = 500;
/// The longest description, quote or purpose.
pub const TEXT_CHARS: usize = 20_000;
/// The longest document body.
pub const BODY_CHARS: usize = 2_000_000;

/// Checks a required text: not blank, at most `max` characters.
pub fn text(problems: &mut Problems, value: &ActiveValue<String>, field: &str, max: usize) {
    match present(value) {
        None => problems.add(field, "is required"),
        Some(text) => text_within(problems, text, field, max),
    }
}

/// Checks an optional text: when given, not blank, at most `max` characters.
pub fn optional_text(problems: &mut Problems, value: &ActiveValue<Option<String>>, field: &str, max: usize) {
    if let Some(text) = present_some(value) {
        text_within(problems, text, field, max);
    }
}

fn text_within(problems: &mut Problems, text: &str, field: &str, max: usize) {
    if text.trim().is_empty() {
        problems.add(field, "must not be blank");
    } else if text.chars().count() > max {
        problems.add(field, format!("is longer than {max} characters"));
    } else if text.contains('\0') {
        problems.add(field, "must not contain NUL characters");
    }
}

/// Checks a slug: 1 to 96 characters of lowercase ASCII letters, digits and single inner hyphens.
pub fn slug(problems: &mut Problems, value: &ActiveValue<String>) {
    let Some(slug) = present(value) else { return problems.add("slug", "is required") };
    let well_formed = !slug.is_empty()
        && slug.len() <= 96
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !well_formed {
        problems.add(
            "slug",
            format!("`{}` is not a slug: lowercase ASCII letters, digits and single hyphens, at most 96", shown(slug)),
        );
    }
}

/// A value as quoted back in a message: at most 64 characters.
pub fn shown(value: &str) -> String {
    let head: String = value.chars().take(64).collect();
    if head.len() < value.len() { format!("{head}…") } else { head }
}

/// Checks an ISO code of `len` ASCII letters, all upper or all lower case (`what` names the standard).
pub fn code(problems: &mut Problems, value: Option<&String>, field: &str, len: usize, upper: bool, what: &str) {
    let Some(value) = value else { return };
    let ok = value.len() == len
        && value.bytes().all(|b| if upper { b.is_ascii_uppercase() } else { b.is_ascii_lowercase() });
    if !ok {
        problems.add(field, format!("`{}` is not {what}", shown(value)));
    }
}

/// Checks a language code (ISO 639-1: two lowercase letters).
pub fn language(problems: &mut Problems, value: Option<&String>, field: &str) {
    code(problems, value, field, 2, false, "an ISO 639-1 language code (two lowercase letters)");
}

/// Checks a country code (ISO 3166-1 alpha-2: two uppercase letters).
pub fn country(problems: &mut Problems, value: Option<&String>, field: &str) {
    code(problems, value, field, 2, true, "an ISO 3166-1 alpha-2 country code (two uppercase letters)");
}

/// Checks a currency code (ISO 4217: three uppercase letters).
pub fn currency(problems: &mut Problems, value: Option<&String>, field: &str) {
    code(problems, value, field, 3, true, "an ISO 4217 currency code (three uppercase letters)");
}

/// Checks a latitude and a longitude: in range, and given together.
pub fn coordinates(problems: &mut Problems, latitude: Option<f64>, longitude: Option<f64>) {
    if let Some(latitude) = latitude
        && !(-90.0..=90.0).contains(&latitude)
    {
        problems.add("latitude", format!("{latitude} is not between -90 and 90"));
    }
    if let Some(longitude) = longitude
        && !(-180.0..=180.0).contains(&longitude)
    {
        problems.add("longitude", format!("{longitude} is not between -180 and 180"));
    }
    if latitude.is_some() != longitude.is_some() {
        problems.add(if latitude.is_some() { "longitude" } else { "latitude" }, "is needed with the other coordinate");
    }
}

/// Checks that a count or an amount is not negative.
pub fn not_negative<T: PartialOrd + Default + fmt::Display>(problems: &mut Problems, value: Option<T>, field: &str) {
    if let Some(value) = value
        && value < T::default()
    {
        problems.add(field, format!("{value} is negative"));
    }
}

/// Checks an e-mail address's syntax: one `@` between a local part and a dotted domain, no spaces.
pub fn email(problems: &mut Problems, value: Option<&String>, field: &str) {
    let Some(value) = value else { return };
    let ok = value.len() <= 254
        && !value.chars().any(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !ok {
        problems.add(field, format!("`{}` is not an e-mail address", shown(value)));
    }
}

/// Checks a URL's syntax: `http` or `https`, a host, no spaces.
pub fn url(problems: &mut Problems, value: Option<&String>, field: &str) {
    let Some(value) = value else { return };
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    let ok = value.len() <= 2_000
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && rest.is_some_and(|rest| rest.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty()));
    if !ok {
        problems.add(field, format!("`{}` is not an http(s) URL", shown(value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ActiveValue::{NotSet, Set};

    fn fields(problems: Problems) -> Vec<String> {
        problems.into_vec().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn paths_carry_the_prefix() {
        let mut problems = Problems::at("input");
        problems.add("budget.currency", "bad");
        problems.add("", "whole");
        assert_eq!(fields(problems), ["input.budget.currency", "input"]);
    }

    #[test]
    fn slugs_are_lowercase_ascii_with_single_hyphens() {
        for good in ["jenin", "val-de-marne", "a1"] {
            let mut problems = Problems::default();
            slug(&mut problems, &Set(good.to_owned()));
            assert!(problems.is_empty(), "{good}");
        }
        for bad in ["", "Jenin", "jénine", "-a", "a-", "a--b", "a b", "a\0"] {
            let mut problems = Problems::default();
            slug(&mut problems, &Set(bad.to_owned()));
            assert_eq!(fields(problems), ["slug"], "{bad:?}");
        }
        let mut problems = Problems::default();
        slug(&mut problems, &NotSet);
        assert_eq!(fields(problems), ["slug"]);
    }

    #[test]
    fn codes_coordinates_amounts_emails_and_urls() {
        let mut problems = Problems::default();
        country(&mut problems, Some(&"FR".to_owned()), "country");
        currency(&mut problems, Some(&"EUR".to_owned()), "currency");
        language(&mut problems, Some(&"ar".to_owned()), "lang");
        coordinates(&mut problems, Some(48.7), Some(2.4));
        not_negative(&mut problems, Some(0_i64), "amount");
        email(&mut problems, Some(&"presse@valdemarne.fr".to_owned()), "email");
        url(&mut problems, Some(&"https://www.valdemarne.fr/a?b".to_owned()), "url");
        assert!(problems.is_empty(), "{problems:?}");

        let mut problems = Problems::default();
        country(&mut problems, Some(&"fr".to_owned()), "country");
        currency(&mut problems, Some(&"EURO".to_owned()), "currency");
        language(&mut problems, Some(&"FR".to_owned()), "lang");
        coordinates(&mut problems, Some(91.0), Some(-181.0));
        coordinates(&mut problems, Some(1.0), None);
        not_negative(&mut problems, Some(-1_i64), "amount");
        email(&mut problems, Some(&"presse@localhost".to_owned()), "email");
        url(&mut problems, Some(&"javascript:alert(1)".to_owned()), "url");
        assert_eq!(
            fields(problems),
            ["country", "currency", "lang", "latitude", "longitude", "longitude", "amount", "email", "url"]
        );
    }

    #[test]
    fn texts_are_required_not_blank_and_bounded() {
        let mut problems = Problems::default();
        text(&mut problems, &NotSet, "title", 10);
        text(&mut problems, &Set("  ".to_owned()), "title", 10);
        text(&mut problems, &Set("x".repeat(11)), "title", 10);
        optional_text(&mut problems, &Set(None), "description", 10);
        optional_text(&mut problems, &Set(Some("ok".to_owned())), "description", 10);
        assert_eq!(fields(problems), ["title", "title", "title"]);
    }
}
