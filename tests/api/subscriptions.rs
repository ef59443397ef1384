//! Subscriptions over WebSocket (graphql-transport-ws) on a real socket: changes committed by mutations arrive,
//! from this server and from another one on the same PostgreSQL database; a subscriber resumes from its last data
//! version without missing a change; filters select; the connection limits hold.

use std::net::SocketAddr;
use std::time::Duration;

use async_graphql::futures_util::{SinkExt, StreamExt};
use entity::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{Backend, TestApp, backends};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

const CHANGES: &str = "subscription($filter: ChangeStreamFilter, $since: Int) {
    changes(filter: $filter, since: $since) {
        dataVersion by changeCount truncated changes { operation subjectType after }
    } }";

const CREATE_ORGANIZATION: &str = "mutation($input: OrganizationInput!) { createOrganization(input: $input) { id } }";

const CREATE_PROJECT: &str = "mutation($input: ProjectInput!) { createProject(input: $input) { id } }";

/// A WebSocket to `address`'s `/graphql` speaking graphql-transport-ws, not yet initialised; or the HTTP status
/// of a refused upgrade.
async fn open(address: SocketAddr) -> Result<Socket, u16> {
    let mut request = format!("ws://{address}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, response)) => {
            assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");
            Ok(socket)
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(error) => panic!("WebSocket upgrade failed: {error}"),
    }
}

async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::Text(message.to_string().into())).await.unwrap();
}

/// The next protocol message (pings skipped), or `None` when nothing arrives within `wait`.
async fn receive_within(socket: &mut Socket, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next()).await.ok()?;
        match message {
            Some(Ok(Message::Text(text))) => return Some(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(frame))) => {
                let (code, reason) = frame.map(|f| (u16::from(f.code), f.reason.to_string())).unwrap_or_default();
                return Some(json!({ "type": "closed", "code": code, "reason": reason }));
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return Some(json!({ "type": "closed" })),
        }
    }
}

async fn receive(socket: &mut Socket) -> Value {
    receive_within(socket, Duration::from_secs(10)).await.expect("a message within 10 s")
}

/// An initialised connection to `address`, with `payload` in `connection_init`.
async fn connect(address: SocketAddr, payload: Value) -> Socket {
    let mut socket = open(address).await.expect("the upgrade is accepted");
    send(&mut socket, json!({ "type": "connection_init", "payload": payload })).await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    socket
}

async fn subscribe(socket: &mut Socket, id: &str, variables: Value) {
    send(socket, json!({ "type": "subscribe", "id": id, "payload": { "query": CHANGES, "variables": variables } }))
        .await;
}

/// The payload of the next `next` message of subscription `id`.
async fn next_of(socket: &mut Socket, id: &str) -> Value {
    let message = receive(socket).await;
    assert_eq!(message["type"], "next", "expected a result of {id}: {message}");
    assert_eq!(message["id"], id);
    message["payload"].clone()
}

fn new_organization(slug: &str) -> Value {
    json!({ "input": { "slug": slug, "name": format!("Commune {slug}"), "kind": "COMMUNE", "country": "FR" } })
}

async fn data_version(app: &TestApp) -> i64 {
    coopkb::db::data_version::current(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_subscriber_receives_each_change_a_mutation_commits() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let token = app.token("editor-94", Role::Editor).await;
        let address = app.serve_tcp().await;
        let mut socket = connect(address, json!({})).await;
        subscribe(&mut socket, "1", json!({})).await;
        // Nothing is sent before a change is committed.
        assert_eq!(receive_within(&mut socket, Duration::from_millis(300)).await, None, "[{backend:?}]");
        let before = data_version(&app).await;
        app.mutate(&token, CREATE_ORGANIZATION, new_organization("ivry-sur-seine")).await;
        let payload = next_of(&mut socket, "1").await;
        let committed = &payload["data"]["changes"];
        assert_eq!(committed["dataVersion"], before + 1, "[{backend:?}] {payload}");
        assert_eq!(committed["by"], "editor-94");
        assert_eq!(committed["truncated"], false);
        let changes = committed["changes"].as_array().unwrap();
        assert_eq!(changes.len() as u64, committed["changeCount"].as_u64().unwrap());
        assert!(
            changes.iter().any(|change| change["operation"] == "CREATE"
                && change["subjectType"] == "Organization"
                && change["after"]["slug"] == "ivry-sur-seine"),
            "[{backend:?}] {payload}"
        );
        // The client completes the subscription; the server may confirm it, and sends nothing more. The server
        // reads a connection's messages in order: its pong says it has read the `complete`.
        send(&mut socket, json!({ "type": "complete", "id": "1" })).await;
        send(&mut socket, json!({ "type": "ping" })).await;
        let mut confirmation = receive(&mut socket).await;
        if confirmation["type"] == "complete" {
            confirmation = receive(&mut socket).await;
        }
        assert_eq!(confirmation["type"], "pong", "[{backend:?}] {confirmation}");
        app.mutate(&token, CREATE_ORGANIZATION, new_organization("vitry-sur-seine")).await;
        let after = receive_within(&mut socket, Duration::from_millis(500)).await;
        assert_eq!(after, None, "[{backend:?}]");
    }
}

#[tokio::test]
async fn a_subscriber_that_reconnects_with_its_last_version_gets_every_change_it_missed() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let token = app.token("editor-93", Role::Editor).await;
        let address = app.serve_tcp().await;
        let mut socket = connect(address, json!({})).await;
        subscribe(&mut socket, "live", json!({ "since": data_version(&app).await })).await;
        app.mutate(&token, CREATE_ORGANIZATION, new_organization("bobigny")).await;
        let seen = next_of(&mut socket, "live").await["data"]["changes"]["dataVersion"].as_i64().unwrap();
        drop(socket);
        // While the subscriber is away, three more writes.
        for slug in ["pantin", "montreuil", "saint-denis"] {
            app.mutate(&token, CREATE_ORGANIZATION, new_organization(slug)).await;
        }
        let mut socket = connect(address, json!({})).await;
        subscribe(&mut socket, "again", json!({ "since": seen })).await;
        let mut slugs = Vec::new();
        for expected in seen + 1..=seen + 3 {
            let committed = next_of(&mut socket, "again").await["data"]["changes"].clone();
            assert_eq!(committed["dataVersion"], expected, "[{backend:?}] {committed}");
            slugs.push(committed["changes"][0]["after"]["slug"].as_str().unwrap().to_owned());
        }
        assert_eq!(slugs, ["pantin", "montreuil", "saint-denis"], "[{backend:?}]");
        // Then it follows live changes, in order.
        app.mutate(&token, CREATE_ORGANIZATION, new_organization("aubervilliers")).await;
        let committed = next_of(&mut socket, "again").await["data"]["changes"].clone();
        assert_eq!(committed["dataVersion"], seen + 4, "[{backend:?}]");
    }
}

#[tokio::test]
async fn filters_select_changes_by_kind_object_and_partnership() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let token = app.token("editor", Role::Editor).await;
        let address = app.serve_tcp().await;
        let partnership = app
            .query(r#"{ partnership(slug: "val-de-marne-seine-saint-denis-tulkarem-qalqilya-jenine") { id } }"#)
            .await["partnership"]["id"]
            .clone();
        let jenin = app.query(r#"{ organization(slug: "jenin") { id } }"#).await["organization"]["id"].clone();
        let mut socket = connect(address, json!({})).await;
        // From the version before the writes, so that no subscription misses one while it is being set up.
        let since = data_version(&app).await;
        subscribe(&mut socket, "projects", json!({ "since": since, "filter": { "kinds": ["PROJECT"] } })).await;
        subscribe(&mut socket, "partnership", json!({ "since": since, "filter": { "partnership": partnership } }))
            .await;
        subscribe(&mut socket, "jenin", json!({ "since": since, "filter": { "about": jenin } })).await;
        // An organization of its own concerns none of the three.
        app.mutate(&token, CREATE_ORGANIZATION, new_organization("creteil")).await;
        let project = json!({ "input": {
            "slug": "bibliotheque-jenine", "partnership": partnership, "kind": "PROJECT", "originalLang": "fr",
            "title": "Bibliothèque de Jénine", "start": "2021", "domains": [{ "domain": "CULTURE" }],
        } });
        let created = app.mutate(&token, CREATE_PROJECT, project).await;
        let participant = json!({ "input": {
            "project": created["createProject"]["id"], "organization": jenin, "role": "BENEFICIARY",
        } });
        app.mutate(
            &token,
            "mutation($input: ProjectParticipantInput!) { createProjectParticipant(input: $input) { id } }",
            participant,
        )
        .await;
        let mut received: Vec<(String, Vec<String>)> = Vec::new();
        for _ in 0..4 {
            let message =
                receive_within(&mut socket, Duration::from_secs(3)).await.unwrap_or_else(|| panic!("{received:?}"));
            assert_eq!(message["type"], "next", "[{backend:?}] {message}");
            let kinds = message["payload"]["data"]["changes"]["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|change| change["subjectType"].as_str().unwrap().to_owned())
                .collect();
            received.push((message["id"].as_str().unwrap().to_owned(), kinds));
        }
        received.sort();
        assert_eq!(
            received,
            [
                ("jenin".to_owned(), vec!["ProjectParticipant".to_owned()]),
                ("partnership".to_owned(), vec!["Project".to_owned(), "ProjectDomain".to_owned()]),
                ("partnership".to_owned(), vec!["ProjectParticipant".to_owned()]),
                ("projects".to_owned(), vec!["Project".to_owned()]),
            ],
            "[{backend:?}]"
        );
        assert_eq!(receive_within(&mut socket, Duration::from_millis(300)).await, None, "[{backend:?}]");
    }
}

#[tokio::test]
async fn a_change_committed_on_one_server_reaches_a_subscriber_of_another_within_a_second() {
    let Some(backend) = backends().into_iter().find(|backend| matches!(backend, Backend::Postgres(_))) else {
        return;
    };
    let app = TestApp::spawn(&backend).await;
    let token = app.token("editor-two-servers", Role::Editor).await;
    let other = app.serve_another().await;
    let mut socket = connect(other, json!({})).await;
    subscribe(&mut socket, "1", json!({})).await;
    // The other server's hub is listening once the subscription is under way.
    assert_eq!(receive_within(&mut socket, Duration::from_millis(300)).await, None);
    for slug in ["romainville", "noisy-le-sec"] {
        app.mutate(&token, CREATE_ORGANIZATION, new_organization(slug)).await;
        let started = std::time::Instant::now();
        let message = receive_within(&mut socket, Duration::from_secs(1)).await.expect("delivered within a second");
        assert_eq!(message["type"], "next", "{message}");
        assert_eq!(message["payload"]["data"]["changes"]["changes"][0]["after"]["slug"], slug);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
    // The other server loses its LISTEN connection: it connects again and catches up from the history, so a
    // change committed meanwhile still arrives, once.
    let listening = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()";
    let terminated = app.db.query_all_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, listening));
    assert!(!terminated.await.unwrap().is_empty(), "a LISTEN connection to end");
    app.mutate(&token, CREATE_ORGANIZATION, new_organization("bondy")).await;
    let message = receive_within(&mut socket, Duration::from_secs(5)).await.expect("delivered after reconnecting");
    assert_eq!(message["payload"]["data"]["changes"]["changes"][0]["after"]["slug"], "bondy", "{message}");
    assert_eq!(receive_within(&mut socket, Duration::from_millis(500)).await, None, "delivered once");
}

#[tokio::test]
async fn tokens_come_with_connection_init_where_reads_need_one() {
    let backend = &backends()[0];
    let app = TestApp::spawn_with(backend, |config| config.require_token_for_reads = true).await;
    let token = app.token("reader", Role::Editor).await;
    let address = app.serve_tcp().await;
    for payload in [json!({}), json!({ "Authorization": "Bearer coopkb_1_wrong" })] {
        let mut socket = open(address).await.unwrap();
        send(&mut socket, json!({ "type": "connection_init", "payload": payload })).await;
        let message = receive(&mut socket).await;
        assert_eq!(message["type"], "closed", "{payload}: {message}");
    }
    let mut socket = connect(address, json!({ "Authorization": format!("Bearer {token}") })).await;
    send(&mut socket, json!({ "type": "subscribe", "id": "q", "payload": { "query": "{ overview { projects } }" } }))
        .await;
    assert!(next_of(&mut socket, "q").await["data"]["overview"]["projects"].as_u64().is_some());
}

#[tokio::test]
async fn queries_and_mutations_also_run_over_the_socket() {
    let app = TestApp::spawn(&backends()[0]).await;
    let token = app.token("editor-ws", Role::Editor).await;
    let address = app.serve_tcp().await;
    let mut socket = connect(address, json!({ "Authorization": token })).await;
    let mutation = json!({ "query": CREATE_ORGANIZATION, "variables": new_organization("champigny-sur-marne") });
    send(&mut socket, json!({ "type": "subscribe", "id": "m", "payload": mutation })).await;
    assert!(next_of(&mut socket, "m").await["data"]["createOrganization"]["id"].is_string());
    assert_eq!(receive(&mut socket).await["type"], "complete");
    let query = json!({ "query": r#"{ organization(slug: "champigny-sur-marne") { name } }"# });
    send(&mut socket, json!({ "type": "subscribe", "id": "q", "payload": query })).await;
    assert_eq!(next_of(&mut socket, "q").await["data"]["organization"]["name"], "Commune champigny-sur-marne");
}

#[tokio::test]
async fn connections_and_subscriptions_are_capped_and_silent_connections_closed() {
    let app = TestApp::spawn_with(&backends()[0], |config| {
        config.max_websockets = 2;
        config.max_subscriptions_per_connection = 1;
        config.websocket_ping_secs = 1;
    })
    .await;
    let address = app.serve_tcp().await;
    let mut first = connect(address, json!({})).await;
    subscribe(&mut first, "1", json!({})).await;
    subscribe(&mut first, "2", json!({})).await;
    let refused = next_of(&mut first, "2").await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS", "{refused}");
    assert_eq!(receive(&mut first).await, json!({ "type": "complete", "id": "2" }));
    // A connection that never initialises is closed after one ping period.
    let mut uninitialised = open(address).await.unwrap();
    // The cap: a third connection is refused while two are open.
    assert_eq!(open(address).await.err(), Some(503));
    let closed = receive_within(&mut uninitialised, Duration::from_secs(3)).await.expect("closed");
    assert_eq!(closed["code"], 4408, "{closed}");
    // A client that stops reading (and so answering pings) is closed after two ping periods.
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    let closed = receive_within(&mut first, Duration::from_secs(3)).await.expect("closed");
    assert_eq!(closed["type"], "closed", "{closed}");
    // Their slots are free again.
    let mut again = connect(address, json!({})).await;
    send(&mut again, json!({ "type": "ping" })).await;
    assert_eq!(receive(&mut again).await["type"], "pong");
}
