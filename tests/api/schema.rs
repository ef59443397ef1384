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
