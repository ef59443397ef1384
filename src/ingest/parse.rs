//! Reading a press release: its dateline (place and date), title, and contact block. Markdown or plain text,
//! French or English.

use chrono::NaiveDate;

/// A press release as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PressRelease {
    /// The place of the dateline, as written (`CRETEIL`).
    pub place: String,
    /// The date of the dateline.
    pub date: NaiveDate,
    /// The title, without its Markdown.
    pub title: String,
    /// The contact block, if there is one.
    pub contact: Option<Contact>,
}

/// The contact block of a press release.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// The service to contact (`Relation presse`).
    pub label: String,
    /// Its phone number.
    pub phone: Option<String>,
    /// Its e-mail address.
    pub email: Option<String>,
    /// Its postal address, one line per line.
    pub postal_address: Option<String>,
}

/// Why a text is not a press release this reader understands: which part was expected, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: expected {expected}")]
pub struct ParseError {
    /// The part that was expected.
    pub expected: String,
    /// The line (from 1) where it was expected.
    pub line: usize,
}

const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];
const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number (1–12) of a month named in French or English, any case, with or without accents.
pub fn month_number(name: &str) -> Option<u32> {
    let key = crate::text::search_key(name.trim_end_matches('.'));
    // The whole name, or an abbreviation of four letters or more (`sept`, `janv`).
    let position = |months: &[&str; 12]| {
        months.iter().position(|month| *month == key || (key.len() >= 4 && month.starts_with(&key)))
    };
    position(&FRENCH_MONTHS).or_else(|| position(&ENGLISH_MONTHS)).and_then(|n| u32::try_from(n + 1).ok())
}

/// The language of a text, French or English, by its most frequent short words.
pub fn language_of(text: &str) -> &'static str {
    let words: Vec<String> = text.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect();
    let count = |list: &[&str]| words.iter().filter(|word| list.contains(&word.as_str())).count();
    if count(&["le", "la", "les", "des", "du", "et", "est", "une"]) >= count(&["the", "of", "and", "is", "a", "to"]) {
        "fr"
    } else {
        "en"
    }
}

/// A date written `27 novembre 2019`, `1er mars 2020`, `27 November 2019`, `November 27, 2019`, `27/11/2019`
/// or `2019-11-27`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim().trim_end_matches('.');
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    for separator in ['/', '.', '-'] {
        let parts: Vec<&str> = text.split(separator).collect();
        if let [day, month, year] = parts.as_slice()
            && let (Ok(day), Ok(month), Ok(year)) = (day.parse(), month.parse(), year.parse())
        {
            return NaiveDate::from_ymd_opt(year, month, day);
        }
    }
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',').filter(|word| !word.is_empty()).collect();
    let day =
        |word: &str| word.trim_end_matches("er").trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).parse::<u32>().ok();
    match words.as_slice() {
        [d, m, y] => match (day(d), month_number(m), y.parse()) {
            (Some(d), Some(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => match (month_number(d), day(m), y.parse()) {
                (Some(m), Some(d), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            },
        },
        _ => None,
    }
}

/// The text of a line without its Markdown: headings, emphasis, and trailing hard breaks.
pub fn plain(line: &str) -> String {
    line.trim().trim_start_matches('#').replace("**", "").replace("__", "").trim().trim_matches('*').trim().to_owned()
}

/// Reads the dateline, title and contact block of `text`.
pub fn parse(text: &str) -> Result<PressRelease, ParseError> {
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(n, line)| (n + 1, line)).filter(|(_, line)| !line.trim().is_empty()).collect();
    let mut rest = lines.iter();
    let expected_dateline = "a dateline such as `CRETEIL, le 27 novembre 2019` or `PARIS, 27 November 2019`";
    let Some(&(line, dateline)) = rest.next() else {
        return Err(ParseError { expected: expected_dateline.to_owned(), line: 1 });
    };
    let dateline = plain(dateline);
    let (place, date) = dateline
        .split_once(',')
        .and_then(|(place, date)| {
            let date = date.trim();
            let date = date.strip_prefix("le ").or_else(|| date.strip_prefix("Le ")).unwrap_or(date);
            Some((place.trim().to_owned(), parse_date(date)?))
        })
        .or_else(|| {
            // `CRETEIL, 27/11/2019` has its comma; `Paris le 27 novembre 2019` may not.
            let (place, date) = dateline.split_once(" le ")?;
            Some((place.trim().to_owned(), parse_date(date)?))
        })
        .ok_or_else(|| ParseError { expected: format!("{expected_dateline}, not `{dateline}`"), line })?;
    let Some(&(title_line, title)) = rest.next() else {
        return Err(ParseError { expected: "a title after the dateline".to_owned(), line: line + 1 });
    };
    let title = plain(title);
    if title.is_empty() {
        return Err(ParseError { expected: "a title after the dateline".to_owned(), line: title_line });
    }
    let contact = contact_block(&lines);
    Ok(PressRelease { place, date, title, contact })
}

/// The block after a `CONTACT` heading: a label, a phone, an e-mail and the postal address.
fn contact_block(lines: &[(usize, &str)]) -> Option<Contact> {
    let start = lines.iter().position(|(_, line)| {
        let heading = crate::text::search_key(&plain(line));
        heading.starts_with("contact") && heading.split_whitespace().count() <= 3
    })?;
    let mut contact = Contact::default();
    let mut address = Vec::new();
    for (_, line) in &lines[start + 1..] {
        let text = plain(line);
        let key = crate::text::search_key(&text);
        if let Some(number) = ["tel", "tél", "phone", "telephone", "téléphone"]
            .iter()
            .find_map(|prefix| key.strip_prefix(prefix).map(|_| text.split_once([':', '.']).map(|(_, n)| n)))
        {
            let number = number.unwrap_or_default().trim_start_matches([':', '.', ' ']).trim();
            contact.phone = Some(number.to_owned()).filter(|n| !n.is_empty());
        } else if text.contains('@') && !text.contains(' ') {
            contact.email = Some(text.trim_start_matches("mailto:").to_owned());
        } else if contact.label.is_empty() && contact.phone.is_none() && contact.email.is_none() {
            contact.label = text;
        } else {
            address.push(text);
        }
    }
    contact.postal_address = Some(address.join("\n")).filter(|a| !a.is_empty());
    if contact.label.is_empty() {
        contact.label = "Contact".to_owned();
    }
    Some(contact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_in_french_english_and_figures() {
        let day = NaiveDate::from_ymd_opt(2019, 11, 27);
        for text in [
            "27 novembre 2019",
            "27 Novembre 2019",
            "27 November 2019",
            "November 27, 2019",
            "27/11/2019",
            "2019-11-27",
        ] {
            assert_eq!(parse_date(text), day, "{text}");
        }
        assert_eq!(parse_date("1er février 2020"), NaiveDate::from_ymd_opt(2020, 2, 1));
        assert_eq!(parse_date("1 fevrier 2020"), NaiveDate::from_ymd_opt(2020, 2, 1));
        assert_eq!(parse_date("31 février 2020"), None);
        assert_eq!(parse_date("hier"), None);
    }

    #[test]
    fn text_without_a_dateline_says_what_was_expected_and_where() {
        let error = parse("\n\nBonjour à tous\n\nTitre").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.expected.contains("dateline"), "{error}");
        let error = parse("PARIS, le 3 mars 2021\n\n").unwrap_err();
        assert!(error.expected.contains("title"), "{error}");
    }
}
