//! The facts a press release states, proposed (never written by themselves) with the words they come from:
//! events with their date, time and place; delegations; counts (`plus de 40 projets`); domains; how long the
//! cooperation has run (`Depuis 20 ans`).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use entity::{DelegationDirection, Domain, EventKind, SubjectKind};
use regex::Regex;
use sea_orm::Iterable;

use super::mentions::Found;
use super::parse::{month_number, plain};

/// How a reported figure relates to the truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Qualifier {
    /// At least the value (`plus de`).
    AtLeast,
    /// About the value (`près de`, `environ`).
    About,
    /// Exactly the value.
    Exactly,
}

/// A fact a text states.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Fact {
    /// An event at a local date and time.
    Event {
        /// What it is called in the text.
        title: String,
        /// Its kind, from its name.
        event_kind: EventKind,
        /// When it starts, in its place's time.
        starts_at: NaiveDateTime,
        /// The place, if a known place is named with it.
        place: Option<i32>,
        /// Whether the text says it is open to the public.
        public: bool,
    },
    /// A delegation's visit.
    Delegation {
        /// What it is called in the text.
        title: String,
        /// Where it travels.
        direction: DelegationDirection,
        /// The organizations named as hosting it.
        hosts: Vec<i32>,
        /// The month of the release (the text speaks of it in the present).
        month: NaiveDate,
    },
    /// A count the text reports without listing its items.
    Count {
        /// What is counted (`projects`).
        metric: String,
        /// The figure.
        value: i64,
        /// How the figure relates to the truth.
        qualifier: Qualifier,
    },
    /// Domains the text lists.
    Domains {
        /// The domains.
        domains: Vec<Domain>,
    },
    /// The year the cooperation began, from how long the text says it has run.
    Since {
        /// The year.
        year: i32,
    },
}

/// A proposed fact, with the words it comes from.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Proposal {
    /// The fact.
    pub fact: Fact,
    /// The words of the text it comes from, verbatim.
    pub quote: String,
    /// Where they are: the paragraph after the title (`§6`).
    pub locator: String,
    /// The first character of the quote.
    pub start: usize,
    /// The position after its last character.
    pub end: usize,
}

static EVENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(\d{1,2})(?:er)?\s+([a-zéû]+)(?:\s+(\d{4}))?\s*,?\s+(?:à|a)\s+(\d{1,2})\s*h\s*(\d{2})?",
    )
    .ok()
});
static COUNT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(plus de|près de|pres de|environ|au moins|more than|over|about|nearly|some)?\s*(\d[\d  ]*)\s+(projets|projects|délégations|delegations|actions)\b").ok()
});
static SINCE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:depuis|for)\s+(\d{1,3})\s+(?:ans|years)\b").ok());

/// A run of text between sentence ends and Markdown emphasis, with its character range and paragraph.
struct Clause {
    text: String,
    start: usize,
    paragraph: usize,
}

/// The clauses of the paragraphs after the title (the dateline and title come first).
fn clauses(body: &str) -> Vec<Clause> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut paragraph = 0;
    let mut seen_title = 0;
    for block in body.split_inclusive("\n\n") {
        let block_start = offset;
        offset += block.chars().count();
        if block.trim().is_empty() {
            continue;
        }
        if seen_title < 2 {
            seen_title += 1;
            continue;
        }
        if block.trim_start().starts_with('#') {
            continue;
        }
        paragraph += 1;
        let mut start = block_start;
        let mut current = String::new();
        let chars: Vec<char> = block.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let emphasis = chars[i] == '*' && chars.get(i + 1) == Some(&'*');
            let sentence_end =
                matches!(chars[i], '.' | '!' | '?') && chars.get(i + 1).is_none_or(|c| c.is_whitespace());
            if emphasis || sentence_end || chars[i] == '\n' {
                if sentence_end {
                    current.push(chars[i]);
                }
                push_clause(&mut found, &current, start, paragraph);
                let skip = if emphasis { 2 } else { 1 };
                start = block_start + i + skip;
                current.clear();
                i += skip;
                continue;
            }
            current.push(chars[i]);
            i += 1;
        }
        push_clause(&mut found, &current, start, paragraph);
    }
    found
}

fn push_clause(found: &mut Vec<Clause>, text: &str, start: usize, paragraph: usize) {
    let leading = text.chars().take_while(|c| c.is_whitespace()).count();
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        found.push(Clause { text: trimmed.to_owned(), start: start + leading, paragraph });
    }
}

/// The character position of byte `at` of `text`.
fn chars_before(text: &str, at: usize) -> usize {
    text[..at].chars().count()
}

/// What a text states, given the date of its dateline, the names found in it, and which organizations are French.
pub fn propose(body: &str, released: NaiveDate, mentions: &[Found], french: &dyn Fn(i32) -> bool) -> Vec<Proposal> {
    let mut proposals = Vec::new();
    for clause in clauses(body) {
        let end = clause.start + clause.text.chars().count();
        let within = |found: &&Found| found.start >= clause.start && found.end <= end;
        let proposal = |fact, quote: &str, start| Proposal {
            fact,
            quote: quote.to_owned(),
            locator: format!("§{}", clause.paragraph),
            start,
            end: start + quote.chars().count(),
        };
        if let Some(captures) = EVENT.as_ref().and_then(|re| re.captures(&clause.text))
            && let Some(starts_at) = event_time(&captures, released)
        {
            let lower = clause.text.to_lowercase();
            let title = clause.text.split(',').next().unwrap_or_default().trim().to_owned();
            let place = mentions.iter().filter(within).find(|found| found.subject.0 == SubjectKind::Place);
            let fact = Fact::Event {
                event_kind: event_kind(&title),
                title: plain(&title),
                starts_at,
                place: place.map(|found| found.subject.1),
                public: lower.contains("au public")
                    || lower.contains("entrée libre")
                    || lower.contains("open to the public"),
            };
            proposals.push(proposal(fact, &clause.text, clause.start));
        }
        let lower = clause.text.to_lowercase();
        // One delegation (`une délégation de Maires`), not delegations in general (`échanges de délégations`).
        let singular = |word: &str| {
            lower.match_indices(word).map(|(at, _)| at).find(|at| !lower[at + word.len()..].starts_with('s'))
        };
        if let Some(at) = singular("délégation").or_else(|| singular("delegation")) {
            let from = lower[..at].rfind([',', '.']).map_or(0, |comma| comma + 1);
            let rest = &clause.text[from..];
            let stop = [" est ", " sera ", " a été ", " is ", " will ", ","]
                .iter()
                .filter_map(|word| rest[at - from..].find(word).map(|found| found + at - from))
                .min()
                .unwrap_or(rest.len());
            let title = capitalised(rest[..stop].trim());
            let hosts: Vec<i32> = mentions
                .iter()
                .filter(within)
                .filter(|found| found.subject.0 == SubjectKind::Organization)
                .map(|found| found.subject.1)
                .collect();
            let welcomed = ["accueilli", "reçu", "welcomed", "hosted"].iter().any(|word| lower.contains(word));
            let (direction, hosts) = if welcomed && hosts.iter().any(|id| french(*id)) {
                (DelegationDirection::ToFrance, hosts.into_iter().filter(|id| french(*id)).collect())
            } else if lower.contains("se rend") || lower.contains("travel") {
                (DelegationDirection::FromFrance, hosts.into_iter().filter(|id| !french(*id)).collect())
            } else {
                (DelegationDirection::Other, Vec::new())
            };
            let month = NaiveDate::from_ymd_opt(released.year(), released.month(), 1).unwrap_or(released);
            proposals.push(proposal(Fact::Delegation { title, direction, hosts, month }, &clause.text, clause.start));
        }
        for captures in COUNT.iter().flat_map(|re| re.captures_iter(&clause.text)) {
            let (Some(whole), Some(value)) = (captures.get(0), captures.get(2)) else { continue };
            let Ok(value) = value.as_str().replace([' ', '\u{a0}', '\u{202f}'], "").parse::<i64>() else { continue };
            let qualifier = match captures.get(1).map(|m| m.as_str().to_lowercase()).as_deref() {
                Some("plus de" | "au moins" | "more than" | "over") => Qualifier::AtLeast,
                Some(_) => Qualifier::About,
                None => Qualifier::Exactly,
            };
            let metric = match captures.get(3).map(|m| m.as_str().to_lowercase()).as_deref() {
                Some("projets" | "projects") => "projects",
                Some("actions") => "actions",
                _ => "delegations",
            };
            let quote = whole.as_str().trim();
            let start = clause.start
                + chars_before(
                    &clause.text,
                    whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len()),
                );
            proposals.push(proposal(Fact::Count { metric: metric.to_owned(), value, qualifier }, quote, start));
        }
        if let Some((domains, from, to)) = listed_domains(&clause.text) {
            let quote = &clause.text[from..to];
            proposals.push(proposal(Fact::Domains { domains }, quote, clause.start + chars_before(&clause.text, from)));
        }
        if let Some(captures) = SINCE.as_ref().and_then(|re| re.captures(&clause.text))
            && let (Some(whole), Some(years)) =
                (captures.get(0), captures.get(1).and_then(|years| years.as_str().parse::<i32>().ok()))
        {
            let start = clause.start + chars_before(&clause.text, whole.start());
            proposals.push(proposal(Fact::Since { year: released.year() - years }, whole.as_str(), start));
        }
    }
    proposals
}

/// The date and time of an event expression, in the year of the release (or the next, for a month already past).
fn event_time(captures: &regex::Captures<'_>, released: NaiveDate) -> Option<NaiveDateTime> {
    let day: u32 = captures.get(1)?.as_str().parse().ok()?;
    let month = month_number(captures.get(2)?.as_str())?;
    let year = match captures.get(3) {
        Some(year) => year.as_str().parse().ok()?,
        None if month < released.month() => released.year() + 1,
        None => released.year(),
    };
    let hour: u32 = captures.get(4)?.as_str().parse().ok()?;
    let minute: u32 = captures.get(5).map_or(Some(0), |m| m.as_str().parse().ok())?;
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?))
}

fn event_kind(title: &str) -> EventKind {
    let key = crate::text::search_key(title);
    if key.contains("debat") || key.contains("debate") {
        EventKind::PublicDebate
    } else if key.contains("conference") {
        EventKind::Conference
    } else if key.contains("signature") || key.contains("signing") {
        EventKind::Signing
    } else if key.contains("ceremonie") || key.contains("ceremony") || key.contains("inauguration") {
        EventKind::Ceremony
    } else if key.contains("formation") || key.contains("training") {
        EventKind::Training
    } else {
        EventKind::Meeting
    }
}

/// Two domains or more named in a list, by their French or English labels: the domains and the byte range from the
/// first to the last.
fn listed_domains(text: &str) -> Option<(Vec<Domain>, usize, usize)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let mut found: Vec<(usize, usize, Domain)> = Vec::new();
    for domain in Domain::iter().filter(|domain| *domain != Domain::Other) {
        let Some(info) = crate::vocabulary::domain_info(domain) else { continue };
        for label in [info.fr, info.en] {
            let label = label.to_lowercase();
            let whole_word = |at: usize| {
                let before = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after = lower[at + label.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                before && after
            };
            if let Some(at) = lower.match_indices(&label).map(|(at, _)| at).find(|at| whole_word(*at))
                && !found.iter().any(|(_, _, known)| *known == domain)
            {
                found.push((at, at + label.len(), domain));
            }
        }
    }
    if found.len() < 2 {
        return None;
    }
    found.sort_by_key(|(at, _, _)| *at);
    let from = found.first()?.0;
    let to = found.iter().map(|(_, end, _)| *end).max()?;
    Some((found.into_iter().map(|(_, _, domain)| domain).collect(), from, to))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
