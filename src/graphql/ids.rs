//! Opaque global ids (`Organization:12` in base64), the Relay `id` of every object.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AppError, AppResult};

/// The global id of the row `id` of the GraphQL type `type_name`.
pub fn global_id(type_name: &str, id: i32) -> ID {
    // Written by hand: `format!` cost more than the encoding itself, for every object of an answer.
    let mut digits = [0u8; 11];
    let mut start = digits.len();
    let mut rest = id.unsigned_abs();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if id < 0 {
        start -= 1;
        digits[start] = b'-';
    }
    let mut raw = Vec::with_capacity(type_name.len() + 1 + digits.len() - start);
    raw.extend_from_slice(type_name.as_bytes());
    raw.push(b':');
    raw.extend_from_slice(&digits[start..]);
    ID(URL_SAFE_NO_PAD.encode(raw))
}

/// The type name and row id inside a global id.
pub fn decode_global_id(id: &ID) -> AppResult<(String, i32)> {
    let invalid = || AppError::bad_input("id", format!("`{}` is not a coopkb id", id.as_str()));
    let bytes = URL_SAFE_NO_PAD.decode(id.as_bytes()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (type_name, row) = text.split_once(':').ok_or_else(invalid)?;
    let row = row.parse().map_err(|_| invalid())?;
    Ok((type_name.to_owned(), row))
}

/// The GraphQL type of the rows of the table `kind` (`PROJECT_DOMAIN` is `ProjectDomain`).
pub fn type_name(kind: entity::SubjectKind) -> String {
    crate::write::describe(kind)
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The table and row id a global id names.
pub fn subject_of_id(id: &ID) -> AppResult<(entity::SubjectKind, i32)> {
    let (name, row) = decode_global_id(id)?;
    let kind = crate::write::TABLES
        .into_iter()
        .find(|kind| type_name(*kind) == name)
        .ok_or_else(|| AppError::bad_input("id", format!("`{}` is not the id of an object", id.as_str())))?;
    Ok((kind, row))
}

/// The row id inside `id`, the global id of a `type_name` given as the argument `field`.
pub fn row_of_id(id: &ID, type_name: &str, field: &str) -> AppResult<i32> {
    match decode_global_id(id) {
        Ok((found, row)) if found == type_name => Ok(row),
        _ => Err(AppError::bad_input(field, format!("`{}` is not the id of a {type_name}", id.as_str()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_encode_the_type_and_the_row() {
        for row in [0, 7, 10, 12, 999, 1_000_000, -1, -42, i32::MAX, i32::MIN] {
            let id = global_id("Organization", row);
            assert_eq!(id.as_str(), URL_SAFE_NO_PAD.encode(format!("Organization:{row}")));
            let (type_name, decoded) = decode_global_id(&id).expect("a coopkb id");
            assert_eq!((type_name.as_str(), decoded), ("Organization", row));
        }
    }
}
