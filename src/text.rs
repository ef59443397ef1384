//! Text helpers shared by loading and lookups: the accent- and case-insensitive key a name is found by.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The search key of a name: lower case, without accents or other combining marks, spaces collapsed,
/// so that `Jénine`, `JENINE` and `jenine` share one key.
pub fn search_key(text: &str) -> String {
    let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(search_key("Jénine"), "jenine");
        assert_eq!(search_key("  DJÉNINE "), "djenine");
        assert_eq!(search_key("Tul  Karem"), "tul karem");
        assert_eq!(search_key("جنين"), "جنين");
    }
}
