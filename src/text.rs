//! Text helpers shared by loading and lookups: the accent- and case-insensitive key a name is found by, and
//! slugs made from names.

/// The search key of a name: lower case, without accents or other combining marks, spaces collapsed, so that
/// `Jénine`, `JENINE` and `jenine` share one key; names and titles are ordered by it too.
pub use migration::sort_key as search_key;

/// A slug for any text: ASCII letters and digits in lower case, single hyphens, at most 96 characters.
pub fn slug_of(text: &str) -> String {
    let mut slug = String::new();
    for c in search_key(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.truncate(96);
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "untitled".to_owned() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::{search_key, slug_of};

    #[test]
    fn slugs_of_any_text() {
        assert_eq!(slug_of("GB-COH-123456/Project Ω 7"), "gb-coh-123456-project-7");
        assert_eq!(slug_of("Une soirée-débat"), "une-soiree-debat");
        assert_eq!(slug_of("—"), "untitled");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(search_key("Jénine"), "jenine");
        assert_eq!(search_key("  DJÉNINE "), "djenine");
        assert_eq!(search_key("Tul  Karem"), "tul karem");
        assert_eq!(search_key("جنين"), "جنين");
    }
}
