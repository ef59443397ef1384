//! Languages of translated text, and the fallback to the original.

use async_graphql::Enum;
use entity::Translations;

/// A language text can be asked in.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
    /// Arabic.
    Ar,
}

impl Lang {
    /// The ISO 639-1 code (`fr`, `en`, `ar`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }
}

/// The text in `lang` when it is the original language or a translation exists, else the original.
pub fn translate(original: &str, original_lang: &str, translations: &Translations, lang: Option<Lang>) -> String {
    match lang {
        Some(lang) if lang.code() != original_lang => translations.get(lang.code()).unwrap_or(original).to_owned(),
        _ => original.to_owned(),
    }
}

/// Like [`translate`], for text that may be absent.
pub fn translate_opt(
    original: Option<&str>,
    original_lang: &str,
    translations: &Translations,
    lang: Option<Lang>,
) -> Option<String> {
    original.map(|original| translate(original, original_lang, translations, lang))
}
