//! `schema.graphql` is the committed SDL: this test fails when it is stale, and rewrites it.

#[test]
fn schema_graphql_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let current = coopkb::graphql::sdl();
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != current {
        std::fs::write(path, &current).expect("write schema.graphql");
        panic!("schema.graphql was stale and has been regenerated: review and commit it");
    }
}

#[test]
fn every_type_has_a_description() {
    let sdl = coopkb::graphql::sdl();
    let lines: Vec<&str> = sdl.lines().collect();
    let undescribed: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| {
            ["type ", "interface ", "union ", "enum ", "input ", "scalar "].iter().any(|kind| line.starts_with(kind))
        })
        .filter(|(at, _)| *at == 0 || !lines[at - 1].trim_end().ends_with("\"\"\""))
        .map(|(_, line)| *line)
        .collect();
    assert!(undescribed.is_empty(), "types without a description: {undescribed:?}");
}

#[test]
fn every_field_argument_and_enum_value_has_a_description() {
    let sdl = coopkb::graphql::sdl();
    let mut in_description = false;
    let mut described = false;
    let mut undescribed = Vec::new();
    let mut owner = "";
    for line in sdl.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("\"\"\"") {
            // A one-line description opens and closes on the same line.
            let one_line = trimmed.len() > 6 && trimmed.ends_with("\"\"\"");
            if !one_line {
                in_description = !in_description;
            }
            described = !in_description;
            continue;
        }
        if in_description || trimmed.is_empty() {
            continue;
        }
        if !line.starts_with('\t') || owner.starts_with("schema ") {
            owner = if line.starts_with('\t') { owner } else { line };
            described = false;
            continue;
        }
        let closes = trimmed.starts_with(')') || trimmed == "}";
        if !closes && !described {
            undescribed.push(format!("{owner} → {trimmed}"));
        }
        described = false;
    }
    assert!(undescribed.is_empty(), "fields, arguments and enum values without a description: {undescribed:#?}");
}
