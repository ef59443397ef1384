//! Dashboard aggregations: every grouping key with filters, counting rules, overview, and bad groupings.

use serde_json::{Value, json};

use crate::on_every_backend;

fn buckets(data: &Value, field: &str, key: &str) -> Vec<(Value, u64)> {
    data[field]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|bucket| (bucket[key].clone(), bucket["count"].as_u64().expect("count")))
        .collect()
}

/// The water and sanitation projects of facts.md (the master plans, the programme and their works to 2015).
const W: &str = r#"kinds: [MASTER_PLAN, PROGRAMME, WORKS], period: { to: "2015" }"#;

#[tokio::test]
async fn projects_group_by_every_key() {
    on_every_backend!(|app| {
        let data = app
            .query(&format!(
                r#"{{ domain: projectStats(groupBy: [DOMAIN], filter: {{ {W} }}) {{ domain count budgets {{ amount currency }} firstYear lastYear }}
                     year: projectStats(groupBy: [YEAR], filter: {{ {W} }}) {{ year count }}
                     status: projectStats(groupBy: [STATUS], filter: {{ {W} }}) {{ status count }}
                     kind: projectStats(groupBy: [KIND], filter: {{ {W} }}) {{ kind count }}
                     country: projectStats(groupBy: [COUNTRY], filter: {{ {W} }}) {{ country count }}
                     organization: projectStats(groupBy: [ORGANIZATION], filter: {{ {W}, country: "FR" }}) {{ organization {{ slug }} count budgets {{ amount }} }}
                     partnership: projectStats(groupBy: [PARTNERSHIP], filter: {{ {W} }}) {{ partnership {{ slug }} count }}
                     two: projectStats(groupBy: [KIND, YEAR], filter: {{ {W}, domains: [WATER_SANITATION] }}) {{ kind year count }} }}"#,
            ))
            .await;
        let domain = &data["domain"][0];
        assert_eq!(domain["domain"], "WATER_SANITATION");
        assert_eq!(domain["count"], 6);
        assert_eq!(domain["budgets"], json!([{ "amount": 590000.0, "currency": "EUR" }]));
        assert_eq!((domain["firstYear"].as_i64(), domain["lastYear"].as_i64()), (Some(2008), Some(2017)));
        assert_eq!(
            buckets(&data, "year", "year"),
            [(json!(2008), 1), (json!(2010), 1), (json!(2013), 3), (json!(2015), 1)]
        );
        let statuses = buckets(&data, "status", "status");
        assert!(statuses.contains(&(json!("CLOSED"), 3)) && statuses.contains(&(Value::Null, 3)), "{statuses:?}");
        assert!(buckets(&data, "kind", "kind").contains(&(json!("MASTER_PLAN"), 3)));
        // A project counts once per country it has participants from.
        assert_eq!(buckets(&data, "country", "country"), [(json!("FR"), 3), (json!("PS"), 6)]);
        let organizations: Vec<(String, u64)> = data["organization"]
            .as_array()
            .expect("buckets")
            .iter()
            .filter(|b| !b["organization"].is_null())
            .map(|b| {
                (b["organization"]["slug"].as_str().expect("slug").to_owned(), b["count"].as_u64().expect("count"))
            })
            .collect();
        assert!(organizations.contains(&("siaap".to_owned(), 3)));
        assert!(organizations.contains(&("val-de-marne".to_owned(), 1)));
        assert_eq!(data["partnership"][0]["count"], 6);
        let two: Vec<(String, i64, u64)> = data["two"]
            .as_array()
            .expect("buckets")
            .iter()
            .map(|b| {
                (
                    b["kind"].as_str().expect("kind").to_owned(),
                    b["year"].as_i64().expect("year"),
                    b["count"].as_u64().expect("count"),
                )
            })
            .collect();
        assert!(
            two.contains(&("MASTER_PLAN".to_owned(), 2013, 3)) && two.contains(&("WORKS".to_owned(), 2015, 1)),
            "{two:?}"
        );
        assert_eq!(two.iter().map(|t| t.2).sum::<u64>(), 6);
    });
}

#[tokio::test]
async fn delegations_events_and_the_overview() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ delegationStats(groupBy: [YEAR, DIRECTION], filter: { period: { from: "2019", to: "2019" } }) { year direction count }
                     events: eventStats(groupBy: [KIND], filter: { isPublic: true }) { kind count }
                     overview { organizations partnerships projects delegations events places documents firstYear lastYear
                                sourcedFacts unsourcedFacts sourcing { kind total sourced unsourced } } }"#,
            )
            .await;
        assert_eq!(
            data["delegationStats"],
            json!([{ "year": 2019, "direction": "FROM_FRANCE", "count": 1 }, { "year": 2019, "direction": "TO_FRANCE", "count": 1 }])
        );
        assert_eq!(
            data["events"],
            json!([{ "kind": "PERFORMANCE", "count": 1 }, { "kind": "PUBLIC_DEBATE", "count": 2 }])
        );
        let overview = &data["overview"];
        assert_eq!(
            [
                &overview["organizations"],
                &overview["partnerships"],
                &overview["projects"],
                &overview["delegations"],
                &overview["events"],
                &overview["places"],
                &overview["documents"]
            ],
            [&json!(39), &json!(2), &json!(27), &json!(21), &json!(16), &json!(11), &json!(73)]
        );
        assert_eq!((overview["firstYear"].as_i64(), overview["lastYear"].as_i64()), (Some(1999), Some(2025)));
        let sourcing = overview["sourcing"].as_array().expect("sourcing");
        let documents = sourcing.iter().find(|s| s["kind"] == "DOCUMENT").expect("documents");
        assert_eq!(documents["sourced"], 0, "the documents are the sources; none cites another");
        let projects = sourcing.iter().find(|s| s["kind"] == "PROJECT").expect("projects");
        assert_eq!((projects["total"].as_u64(), projects["sourced"].as_u64()), (Some(27), Some(27)));
        // Facts are counted, not the documents that are their sources.
        let facts: u64 =
            sourcing.iter().filter(|s| s["kind"] != "DOCUMENT").map(|s| s["total"].as_u64().expect("total")).sum();
        assert_eq!(
            overview["sourcedFacts"].as_u64().expect("sourced")
                + overview["unsourcedFacts"].as_u64().expect("unsourced"),
            facts
        );
        let unsourced: u64 = sourcing
            .iter()
            .filter(|s| s["kind"] != "DOCUMENT")
            .map(|s| s["unsourced"].as_u64().expect("unsourced"))
            .sum();
        assert_eq!(overview["unsourcedFacts"].as_u64(), Some(unsourced), "{overview}");
        assert_eq!(unsourced, 0, "every fact of the built-in knowledge cites a source: {overview}");
    });
}

#[tokio::test]
async fn groupings_need_one_or_two_distinct_keys() {
    on_every_backend!(|app| {
        for keys in ["[]", "[DOMAIN, YEAR, KIND]", "[YEAR, YEAR]"] {
            let response = app.query_response(&format!("{{ projectStats(groupBy: {keys}) {{ count }} }}")).await;
            assert_eq!(response.error_code(), "BAD_USER_INPUT", "{keys}: {}", response.text);
            assert!(response.text.contains("groupBy"));
        }
    });
}

#[tokio::test]
async fn the_whole_timeline_pages_and_buckets_by_year_and_month() {
    on_every_backend!(|app| {
        let query = r#"query($after: String, $kinds: [TimelineKind!], $period: DateRangeInput) {
            timeline(first: 3, after: $after, kinds: $kinds, period: $period) {
              totalCount edges { node { date kind } } pageInfo { hasNextPage endCursor } } }"#;
        let mut dates = Vec::new();
        let mut after = Value::Null;
        loop {
            let page =
                app.query_with(query, json!({ "after": after, "period": { "from": "2019", "to": "2019" } })).await;
            assert_eq!(page["timeline"]["totalCount"], 11);
            for edge in page["timeline"]["edges"].as_array().expect("edges") {
                dates.push(edge["node"]["date"].as_str().expect("date").to_owned());
            }
            if page["timeline"]["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = page["timeline"]["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(
            dates,
            [
                "2019",
                "2019-02-24",
                "2019-02-26",
                "2019-11",
                "2019-11",
                "2019-11-22",
                "2019-11-27",
                "2019-11-28",
                "2019-11-29",
                "2019-11-30",
                "2019-12-05"
            ]
        );
        let events = app
            .query_with(
                query,
                json!({ "kinds": ["EVENT", "DOCUMENT"], "period": { "from": "2019-11-28", "to": "2019-11-29" } }),
            )
            .await;
        assert_eq!(
            events["timeline"]["edges"],
            json!([{ "node": { "date": "2019-11-28", "kind": "EVENT" } }, { "node": { "date": "2019-11-29", "kind": "EVENT" } }])
        );
        assert_eq!(events["timeline"]["totalCount"], 2);

        let data = app
            .query(
                r#"{ years: timelineBuckets(bucket: YEAR) { period projects delegations events documents total }
                     months: timelineBuckets(bucket: MONTH, period: { from: "2019", to: "2019" }, partnership: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") { period total } }"#,
            )
            .await;
        assert_eq!(
            data["years"][0],
            json!({ "period": "1999", "projects": 0, "delegations": 0, "events": 1, "documents": 0, "total": 1 }),
            "the signing of the protocol opens the timeline"
        );
        let year_2019 = data["years"].as_array().expect("years").iter().find(|b| b["period"] == "2019").expect("2019");
        assert_eq!(
            *year_2019,
            json!({ "period": "2019", "projects": 1, "delegations": 2, "events": 3, "documents": 5, "total": 11 })
        );
        assert_eq!(
            data["months"],
            json!([{ "period": "2019-02", "total": 1 }, { "period": "2019-11", "total": 6 }, { "period": "2019-12", "total": 1 }])
        );
    });
}

#[tokio::test]
async fn year_buckets_can_be_asked_for_with_the_empty_years_filled() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ plain: projectStats(groupBy: [YEAR]) { year count }
                     filled: projectStats(groupBy: [YEAR], fillEmptyYears: true) { year count }
                     byDomain: projectStats(groupBy: [DOMAIN, YEAR], fillEmptyYears: true) { domain year count } }"#,
            )
            .await;
        let years = |buckets: &Value| -> Vec<(Option<i64>, u64)> {
            buckets.as_array().unwrap().iter().map(|b| (b["year"].as_i64(), b["count"].as_u64().unwrap())).collect()
        };
        let (plain, filled) = (years(&data["plain"]), years(&data["filled"]));
        let dated: Vec<i64> = filled.iter().filter_map(|(year, _)| *year).collect();
        assert!(dated.windows(2).all(|pair| pair[1] == pair[0] + 1), "no gaps: {filled:?}");
        assert!(filled.len() > plain.len(), "the built-in projects leave years empty: {plain:?}");
        for bucket in &filled {
            let counted = plain.iter().find(|(year, _)| *year == bucket.0).map_or(0, |(_, count)| *count);
            assert_eq!(bucket.1, counted, "{bucket:?}: the same counts, zeros where there were none");
        }
        let water: Vec<i64> = data["byDomain"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["domain"] == "WATER_SANITATION")
            .filter_map(|b| b["year"].as_i64())
            .collect();
        assert_eq!(water, dated, "every year, for each value of the other key");
    });
}

#[tokio::test]
async fn every_bucket_says_how_many_of_its_projects_have_a_budget() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ projectStats(groupBy: [DOMAIN]) { domain count projectsWithBudget budgets { amount currency } }
                     projects(filter: { domains: [WATER_SANITATION] }, first: 100) { nodes { budget { amount } } } }"#,
            )
            .await;
        let budgeted = data["projects"]["nodes"].as_array().unwrap().iter().filter(|p| !p["budget"].is_null()).count();
        let water =
            data["projectStats"].as_array().unwrap().iter().find(|b| b["domain"] == "WATER_SANITATION").unwrap();
        assert_eq!(water["projectsWithBudget"].as_u64(), Some(budgeted as u64), "[{:?}] {water}", app.backend);
        assert!(water["projectsWithBudget"].as_u64() < water["count"].as_u64(), "some water projects have no budget");
    });
}

#[tokio::test]
async fn per_organization_budgets_add_up_to_the_projects_budgets() {
    on_every_backend!(|app| {
        let data = app
            .query(
                r#"{ total: projectStats(groupBy: [PARTNERSHIP]) { budgets { amount currency } }
                     byOrganization: projectStats(groupBy: [ORGANIZATION]) { organization { slug } count projectsWithBudget budgets { amount currency } sharedBudgets { amount } } }"#,
            )
            .await;
        let sum = |buckets: &Value| -> f64 {
            buckets
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| b["budgets"].as_array().unwrap().iter())
                .map(|m| m["amount"].as_f64().unwrap())
                .sum()
        };
        let total = sum(&data["total"]);
        assert_eq!(total, 590_000.0 + 472_000.0, "the 2015 Qalqilya works and JER'EST");
        assert_eq!(sum(&data["byOrganization"]), total, "never the whole budget once per participant");
        let buckets = data["byOrganization"].as_array().unwrap();
        let unattributed =
            buckets.iter().find(|b| b["organization"].is_null()).expect("what no contribution accounts for");
        assert_eq!(unattributed["budgets"], json!([{ "amount": total, "currency": "EUR" }]));
        let aesn = buckets.iter().find(|b| b["organization"]["slug"] == "aesn").expect("AESN");
        assert_eq!(aesn["budgets"], json!([]), "no contribution of its own is known");
        assert_eq!(aesn["sharedBudgets"], json!([{ "amount": 590000.0 }]), "it shares the 2015 works' budget");
        assert_eq!(aesn["projectsWithBudget"], 1);
    });
}

/// The number of projects the buckets of `stats` count, in all.
fn counted(stats: &Value) -> u64 {
    stats["projectStats"].as_array().map_or(0, |buckets| buckets.iter().filter_map(|b| b["count"].as_u64()).sum())
}

#[tokio::test]
async fn statistics_are_computed_once_per_data_version() {
    on_every_backend!(|app| {
        let query = "{ projectStats(groupBy: [DOMAIN, YEAR]) { domain year count budgets { amount currency } } }";
        let first = app.query(query).await;
        let before = app.metrics.statements();
        assert_eq!(app.query(query).await, first);
        assert_eq!(app.metrics.statements() - before, 1, "[{:?}] the data version, then the kept summary", app.backend);
        let overview = "{ overview { projects firstYear lastYear } }";
        let overview_before = app.query(overview).await;

        // Any writer's change is a new data version: the next request recomputes.
        coopkb::synthetic::generate(&app.db, 1, true).await.expect("synthetic data");
        let after = app.query(query).await;
        assert!(
            counted(&after) >= counted(&first) + 5000,
            "[{:?}] {} then {}",
            app.backend,
            counted(&first),
            counted(&after)
        );
        let overview_after = app.query(overview).await;
        let projects = |overview: &Value| overview["overview"]["projects"].as_u64().unwrap_or(0);
        assert_eq!(projects(&overview_after), projects(&overview_before) + 5000, "[{:?}] the overview", app.backend);
        // Each filter has its own summary.
        let by_domain = |filter: &str| format!("{{ projectStats(groupBy: [DOMAIN]{filter}) {{ domain count }} }}");
        let all = app.query(&by_domain("")).await;
        let water = app.query(&by_domain(", filter: { domains: [WATER_SANITATION] }")).await;
        let count_of = |stats: &Value| -> Option<u64> {
            stats["projectStats"].as_array()?.iter().find(|b| b["domain"] == "WATER_SANITATION")?["count"].as_u64()
        };
        assert_eq!(count_of(&water), count_of(&all));
        assert!(counted(&water) < counted(&all), "[{:?}] the filtered summary is another", app.backend);
    });
}
