//! What a researcher types into search, understood the same way on every backend: words (all must match),
//! `"quoted phrases"`, and `prefix*` words; case and accents are ignored. Also the snippets of the text that matched.

use crate::text::search_key;

/// One part of a search query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// A word; with `prefix`, any word starting with it.
    Word {
        /// The folded word.
        text: String,
        /// Whether it matches as a prefix (`assain*`).
        prefix: bool,
    },
    /// Words that must follow each other.
    Phrase(Vec<String>),
}

/// A parsed search query: every term must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<Term>,
}

/// Why a text is not a search query.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidQuery {
    /// Nothing to search for once punctuation is left aside.
    #[error("the query has no words to search for")]
    NoWords,
    /// Too many terms.
    #[error("the query has more than {0} terms")]
    TooLong(usize),
}

const MAX_TERMS: usize = 32;

/// The folded words of `text`: runs of letters and digits, lower case, without accents.
fn words(text: &str) -> Vec<String> {
    search_key(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

impl SearchQuery {
    /// Parses what a user typed.
    pub fn parse(input: &str) -> Result<Self, InvalidQuery> {
        let mut terms = Vec::new();
        for (index, part) in input.split('"').enumerate() {
            if index % 2 == 1 {
                // Inside quotes: a phrase (a single word is just a word).
                let phrase = words(part);
                match phrase.len() {
                    0 => {}
                    1 => terms.extend(phrase.into_iter().map(|text| Term::Word { text, prefix: false })),
                    _ => terms.push(Term::Phrase(phrase)),
                }
                continue;
            }
            for chunk in part.split_whitespace() {
                let prefix = chunk.ends_with('*');
                let chunk_words = words(chunk);
                let last = chunk_words.len().saturating_sub(1);
                for (position, text) in chunk_words.into_iter().enumerate() {
                    terms.push(Term::Word { text, prefix: prefix && position == last });
                }
            }
        }
        if terms.is_empty() {
            return Err(InvalidQuery::NoWords);
        }
        if terms.len() > MAX_TERMS {
            return Err(InvalidQuery::TooLong(MAX_TERMS));
        }
        Ok(Self { terms })
    }

    /// The terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The query in SQLite FTS5 syntax (every word quoted, so nothing in it is read as an operator).
    pub fn to_fts5(&self) -> String {
        self.terms
            .iter()
            .map(|term| match term {
                Term::Word { text, prefix: true } => format!("\"{text}\"*"),
                Term::Word { text, prefix: false } => format!("\"{text}\""),
                Term::Phrase(words) => format!("\"{}\"", words.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The query in PostgreSQL `to_tsquery('simple', …)` syntax (words are letters and digits only).
    pub fn to_tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|term| match term {
                Term::Word { text, prefix: true } => format!("{text}:*"),
                Term::Word { text, prefix: false } => text.clone(),
                Term::Phrase(words) => format!("({})", words.join(" <-> ")),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn matches(&self, word: &str) -> bool {
        self.terms.iter().any(|term| match term {
            Term::Word { text, prefix } => {
                if *prefix {
                    word.starts_with(text.as_str())
                } else {
                    word == text
                }
            }
            Term::Phrase(words) => words.iter().any(|w| w == word),
        })
    }
}

/// A short passage of matched text, with where the matched words are in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, as written (with `…` where it was cut).
    pub text: String,
    /// The matched words, as character ranges `[start, end)` of `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// The words of `text` with their character ranges in it, each folded.
fn words_with_ranges(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<char> = text.chars().collect();
    for (index, c) in chars.iter().chain(std::iter::once(&' ')).enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                let word: String = chars[from..index].iter().collect();
                found.push((from, index, search_key(&word)));
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// A passage of about `width` words of `text` around its first match, or its beginning when nothing matches.
pub fn snippet(text: &str, query: &SearchQuery, width: usize) -> Snippet {
    let words = words_with_ranges(text);
    let chars: Vec<char> = text.chars().collect();
    let first_match = words.iter().position(|(_, _, word)| query.matches(word)).unwrap_or(0);
    let from_word = first_match.saturating_sub(width / 3);
    let to_word = (from_word + width).min(words.len());
    let (Some(first), Some(last)) = (words.get(from_word), words.get(to_word.saturating_sub(1))) else {
        return Snippet { text: text.chars().take(200).collect(), highlights: Vec::new() };
    };
    let (start, end) =
        (if from_word == 0 { 0 } else { first.0 }, if to_word == words.len() { chars.len() } else { last.1 });
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < chars.len() { "…" } else { "" };
    let passage: String = chars[start..end].iter().collect();
    let shift = prefix.chars().count();
    let highlights = words[from_word..to_word]
        .iter()
        .filter(|(_, _, word)| query.matches(word))
        .map(|(from, to, _)| (from - start + shift, to - start + shift))
        .collect();
    Snippet { text: format!("{prefix}{}{suffix}", passage.replace('\n', " ")), highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_phrases_and_prefixes() {
        let query = SearchQuery::parse(r#"Jénine "eau potable" assain*"#).expect("valid");
        assert_eq!(
            query.terms(),
            [
                Term::Word { text: "jenine".into(), prefix: false },
                Term::Phrase(vec!["eau".into(), "potable".into()]),
                Term::Word { text: "assain".into(), prefix: true },
            ]
        );
        assert_eq!(query.to_fts5(), r#""jenine" "eau potable" "assain"*"#);
        assert_eq!(query.to_tsquery(), "jenine & (eau <-> potable) & assain:*");
    }

    #[test]
    fn refuses_queries_without_words() {
        for input in ["", "   ", "!!! ?? ;", "\"\"", "* - ( ) ' :"] {
            assert_eq!(SearchQuery::parse(input), Err(InvalidQuery::NoWords), "{input:?}");
        }
    }

    #[test]
    fn operators_are_words_not_syntax() {
        let query = SearchQuery::parse("water OR NOT (sanitation) NEAR/3").expect("valid");
        assert_eq!(query.to_fts5(), r#""water" "or" "not" "sanitation" "near" "3""#);
        assert_eq!(query.to_tsquery(), "water & or & not & sanitation & near & 3");
    }

    #[test]
    fn snippets_highlight_matches_in_the_original_text() {
        let query = SearchQuery::parse("jenine").expect("valid");
        let text = "avec les villes palestiniennes de Tulkarem, Qalqilya et Jenine, situées au nord de la Cisjordanie.";
        let snippet = snippet(text, &query, 8);
        let highlighted: Vec<String> = snippet
            .highlights
            .iter()
            .map(|(from, to)| snippet.text.chars().skip(*from).take(to - from).collect())
            .collect();
        assert_eq!(highlighted, ["Jenine"]);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
    }
}
