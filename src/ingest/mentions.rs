//! Finding the known organizations and places a text names, under any of their spellings and scripts.

use entity::SubjectKind;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect};

/// A name of a known row.
#[derive(Clone, Debug)]
pub struct KnownName {
    /// The name as spelt.
    pub surface: String,
    /// The row it names.
    pub subject: (SubjectKind, i32),
}

/// A name found in a text, at a range of characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The text as it occurs.
    pub surface: String,
    /// The first character's position (in characters, from 0).
    pub start: usize,
    /// The position after the last character.
    pub end: usize,
    /// The row it names.
    pub subject: (SubjectKind, i32),
}

/// Every name of every organization (its name and all its spellings) and place.
pub async fn known_names(db: &impl ConnectionTrait) -> Result<Vec<KnownName>, DbErr> {
    let mut names = Vec::new();
    let organizations = entity::organization::Entity::find()
        .select_only()
        .column(entity::organization::Column::Id)
        .column(entity::organization::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?;
    let spellings = entity::organization_name::Entity::find()
        .select_only()
        .column(entity::organization_name::Column::OrganizationId)
        .column(entity::organization_name::Column::Value)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?;
    for (id, surface) in organizations.into_iter().chain(spellings) {
        names.push(KnownName { surface, subject: (SubjectKind::Organization, id) });
    }
    let places = entity::place::Entity::find()
        .select_only()
        .column(entity::place::Column::Id)
        .column(entity::place::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?;
    names.extend(places.into_iter().map(|(id, surface)| KnownName { surface, subject: (SubjectKind::Place, id) }));
    Ok(names)
}

/// The occurrences in `text` of `names`, as whole words and in any case (`salle Rosa Parks` names the place
/// `Salle Rosa Parks`), as they occur; where names overlap, the longest wins.
pub fn find(text: &str, names: &[KnownName]) -> Vec<Found> {
    let original: Vec<char> = text.chars().collect();
    let chars: Vec<char> = original.iter().map(|c| lower(*c)).collect();
    let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut candidates: Vec<Found> = Vec::new();
    for name in names.iter().filter(|name| name.surface.chars().count() >= 3) {
        let surface: Vec<char> = name.surface.chars().map(lower).collect();
        for start in 0..chars.len().saturating_sub(surface.len() - 1) {
            let end = start + surface.len();
            if chars[start..end] == surface[..]
                && !is_word(start.checked_sub(1).and_then(|before| chars.get(before)))
                && !is_word(chars.get(end))
            {
                let surface = original[start..end].iter().collect();
                candidates.push(Found { surface, start, end, subject: name.subject });
            }
        }
    }
    candidates.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    let mut found: Vec<Found> = Vec::new();
    for candidate in candidates {
        if !found.iter().any(|kept| candidate.start < kept.end && kept.start < candidate.end) {
            found.push(candidate);
        }
    }
    found.sort_by_key(|found| found.start);
    found
}

/// A character in lower case, when that is one character (so positions stay those of the text).
fn lower(c: char) -> char {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}
