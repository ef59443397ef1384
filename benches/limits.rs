//! What the query limits cost: `cargo bench --bench limits` parses each named request of `benches/requests` and
//! each hostile document of issue 14, and measures it as the server does before running it (cost in rows, size
//! with fragments expanded, depth, aliases, directives, text), `COOPKB_BENCH_RUNS` times (default 20,000);
//! it prints the time per parse and per measure, and the measures.

#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::time::Instant;

use async_graphql::Variables;
use async_graphql::parser::parse_query;
use async_graphql::parser::types::DocumentOperations;
use coopkb::graphql::limits::measure::Walk;
use coopkb::graphql::limits::shape::SchemaShape;

fn documents() -> Vec<(String, String)> {
    let mut documents: Vec<(String, String)> = std::fs::read_dir("benches/requests")
        .expect("benches/requests")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "graphql"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("request"))
        })
        .collect();
    documents.sort();
    documents.push((
        "nested bomb (227 bytes)".to_owned(),
        "{ organizations(first: 100) { nodes { projects(first: 100) { nodes { participants { organization { \
         projects(first: 100) { nodes { title participants { organization { projects(first: 100) { nodes { title } \
         } } } } } } } } } } } }"
            .to_owned(),
    ));
    let mut fan_out = String::from("{ ...F0 }\n");
    for level in 0..30 {
        fan_out.push_str(&format!("fragment F{level} on Query {{ ...F{n} ...F{n} }}\n", n = level + 1));
    }
    fan_out.push_str("fragment F30 on Query { overview { projects } }\n");
    documents.push(("fragment fan-out (30 levels)".to_owned(), fan_out));
    documents
}

fn main() {
    let runs: u32 = std::env::var("COOPKB_BENCH_RUNS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let shape = SchemaShape::from_sdl(&coopkb::graphql::sdl());
    let variables = Variables::default();
    println!("| document | bytes | parse µs | measure µs | cost | fields | depth |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, text) in documents() {
        let started = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(parse_query(&text).expect("parses"));
        }
        let parse = started.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
        let document = parse_query(&text).expect("parses");
        let operation = match &document.operations {
            DocumentOperations::Single(operation) => &operation.node,
            DocumentOperations::Multiple(operations) => &operations.values().next().expect("an operation").node,
        };
        let started = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(Walk::operation(&shape, &document, operation, &variables, 20));
        }
        let measure = started.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
        let findings = Walk::operation(&shape, &document, operation, &variables, 20);
        println!(
            "| {name} | {} | {parse:.2} | {measure:.2} | {} | {} | {} |",
            text.len(),
            findings.measure.cost,
            findings.measure.fields,
            findings.measure.depth
        );
    }
}
