//! The examples in the README run as written.

use crate::helpers::{TestApp, backends};

#[tokio::test]
async fn every_readme_query_runs_without_errors() {
    let readme = include_str!("../../README.md");
    let examples: Vec<&str> =
        readme.split("```graphql\n").skip(1).filter_map(|rest| rest.split("```").next()).collect();
    assert!(examples.len() >= 4);
    let app = TestApp::spawn(&backends()[0]).await;
    for example in examples {
        app.run_example(example).await;
    }
}
