//! GraphQL over HTTP, as the GraphQL-over-HTTP specification says: POST and GET on `/graphql`, the response
//! media type negotiated from `Accept`, 4xx for requests that are not well-formed GraphQL.

use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::body::Bytes;
use std::net::IpAddr;

use axum::Extension;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{FromRequest, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::{code, is_request_error};
use crate::http::connections::ClientAddr;
use crate::http::graphiql;
use crate::http::persisted::PersistedQueryError;
use crate::http::response_cache::CacheKey;
use crate::http::websocket;

/// The media type of GraphQL responses defined by the GraphQL-over-HTTP specification.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The response media type a client accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MediaType {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponse,
    /// `application/json`: legacy clients, 200 for every well-formed request.
    Json,
}

impl MediaType {
    fn as_str(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            MediaType::Json => JSON,
        }
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The media ranges of an `Accept` header with their quality, q=0 excluded, in the client's order.
fn accepted(headers: &HeaderMap) -> impl Iterator<Item = (f32, &str)> {
    header_text(headers, header::ACCEPT).into_iter().flat_map(|accept| accept.split(',')).filter_map(|range| {
        let mut parts = range.split(';');
        let media = parts.next()?.trim();
        let quality = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        (quality > 0.0 && !media.is_empty()).then_some((quality, media))
    })
}

/// The media type we produce for `media` (compared case-insensitively), if any.
fn producible(media: &str) -> Option<MediaType> {
    let is = |wanted: &str| media.eq_ignore_ascii_case(wanted);
    if is(GRAPHQL_RESPONSE_JSON) {
        Some(MediaType::GraphqlResponse)
    } else if is(JSON) || is("application/*") || is("*/*") {
        Some(MediaType::Json)
    } else {
        None
    }
}

/// Of the ranges the client accepts, the first of the highest quality that `pick` maps to something; and whether
/// the `Accept` header names any range at all.
fn preferred<'a, T>(headers: &'a HeaderMap, pick: impl Fn(&'a str) -> Option<T>) -> (bool, Option<T>) {
    let mut any_range = false;
    let mut best: Option<(f32, T)> = None;
    for (quality, media) in accepted(headers) {
        any_range = true;
        if best.as_ref().is_none_or(|(best_quality, _)| quality > *best_quality) {
            best = pick(media).map(|picked| (quality, picked)).or(best);
        }
    }
    (any_range, best.map(|(_, picked)| picked))
}

/// The response media type to use: the client's preferred one we can produce; `None` when it accepts none we can
/// produce (406).
fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    match preferred(headers, producible) {
        // No Accept header: the specification's legacy default.
        (false, _) => Some(MediaType::Json),
        (true, produced) => produced,
    }
}

/// Whether the client prefers HTML to anything else (a browser opening the URL).
fn wants_html(headers: &HeaderMap) -> bool {
    preferred(headers, Some).1.is_some_and(|media| media.eq_ignore_ascii_case("text/html"))
}

/// A response made of request errors only (no `data` entry), with the given status.
pub(crate) fn request_error(status: StatusCode, media: MediaType, code: &str, message: impl Into<String>) -> Response {
    let body = json!({ "errors": [{ "message": message.into(), "extensions": { "code": code } }] });
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static(media.as_str()))], body.to_string()).into_response()
}

/// The answer to a request the server failed; the detail is logged where it happened, never sent.
fn internal_error(media: MediaType) -> Response {
    request_error(StatusCode::INTERNAL_SERVER_ERROR, media, code::INTERNAL_SERVER_ERROR, "Internal server error")
}

/// An unknown hash is answered with 200 whatever the media type: Apollo clients stop sending hashes to a server
/// that answers 400, instead of sending the query text once.
fn persisted_query_error(media: MediaType, error: &PersistedQueryError) -> Response {
    let status = match error {
        PersistedQueryError::NotFound => StatusCode::OK,
        PersistedQueryError::HashMismatch | PersistedQueryError::Invalid(_) => StatusCode::BAD_REQUEST,
    };
    request_error(status, media, error.code(), error.to_string())
}

fn not_acceptable() -> Response {
    (
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "coopkb answers GraphQL requests as {GRAPHQL_RESPONSE_JSON} or {JSON}; the Accept header allows neither"
        ),
    )
        .into_response()
}

/// The type of the operation a request would run, if the query parses and names an existing operation (the
/// parsed query is kept in the request, not parsed again).
pub(crate) fn operation_type(request: &mut async_graphql::Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match (&document.operations, name.as_deref()) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name).map(|op| op.node.ty),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next().map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// A buffer that refuses to grow past its limit, so that an answer too large stops being written.
struct CappedBuffer {
    bytes: Vec<u8>,
    limit: usize,
}

// serde_json writes a response a few bytes at a time: each write is inlined into it, as `Vec<u8>`'s are.
impl std::io::Write for CappedBuffer {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(ResponseTooLarge));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the response is over the size limit")]
struct ResponseTooLarge;

/// `value` as JSON, or `None` when it is longer than `limit` bytes.
fn capped_json(value: &impl serde::Serialize, limit: usize) -> Result<Option<Vec<u8>>, serde_json::Error> {
    // Most answers fit the first allocation; a large one grows it a few times rather than many.
    let mut buffer = CappedBuffer { bytes: Vec::with_capacity(16 * 1024), limit };
    match serde_json::to_writer(&mut buffer, value) {
        Ok(()) => Ok(Some(buffer.bytes)),
        Err(error) if error.io_error_kind() == Some(std::io::ErrorKind::Other) => Ok(None),
        Err(error) => Err(error),
    }
}

fn busy(media: MediaType) -> Response {
    let mut response = request_error(
        StatusCode::SERVICE_UNAVAILABLE,
        media,
        code::SERVICE_UNAVAILABLE,
        "the server is executing as many requests as it allows; retry in a second",
    );
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// The caller the request's `Authorization: Bearer` header names, or `None` without the header; a header that
/// is not a valid token, or a missing one where reads need a token, gets a 401 answer.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    media: MediaType,
) -> Result<Option<Caller>, Response> {
    let unauthenticated = |message: &str| {
        let mut response = request_error(StatusCode::UNAUTHORIZED, media, code::UNAUTHENTICATED, message);
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        response
    };
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        if state.config.require_token_for_reads {
            return Err(unauthenticated(
                "this server needs a token for every request: send `Authorization: Bearer <token>`",
            ));
        }
        return Ok(None);
    };
    let token = value.to_str().ok().and_then(|value| value.strip_prefix("Bearer ")).map(str::trim);
    let Some(token) = token else {
        return Err(unauthenticated("the Authorization header must read `Bearer <token>`"));
    };
    // Boxed, as in `current_data_version`.
    match Box::pin(crate::auth::verify(&state.db, token)).await {
        Ok(Some(caller)) => Ok(Some(caller)),
        Ok(None) => Err(unauthenticated("the token is not valid: it is mistyped or was revoked")),
        Err(error) => {
            tracing::error!(%error, "could not check a token");
            Err(internal_error(media))
        }
    }
}

/// The HTTP status an executed response gets under `application/graphql-response+json`: 401 or 403 when a
/// token was missing or not allowed, else 200.
fn execution_status(response: &async_graphql::Response) -> StatusCode {
    let has = |wanted: &str| {
        response.errors.iter().any(|error| {
            error
                .extensions
                .as_ref()
                .and_then(|e| e.get("code"))
                .is_some_and(|code| matches!(code, async_graphql::Value::String(code) if code == wanted))
        })
    };
    if has(code::UNAUTHENTICATED) {
        StatusCode::UNAUTHORIZED
    } else if has(code::FORBIDDEN) {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::OK
    }
}

async fn execute(
    state: &AppState,
    client: Option<IpAddr>,
    media: MediaType,
    caller: Option<Caller>,
    request: async_graphql::Request,
) -> Response {
    let Ok(admitted) = state.admission.admit(client).await else { return busy(media) };
    // The work holds the slot until it ends: a timeout or a client that leaves drops this handler, which answers
    // at once and stops the work at its next await point.
    let shared = state.clone();
    let work = async move {
        let response = crate::graphql::execute(&shared.schema, &shared.limits, &shared.db, caller, request).await;
        drop(admitted);
        response
    };
    let Some(response) = crate::task::finish(work).await else {
        tracing::error!("a GraphQL execution panicked");
        return internal_error(media);
    };
    let failed_before_execution = is_request_error(&response);
    let status = match media {
        MediaType::GraphqlResponse if failed_before_execution => StatusCode::BAD_REQUEST,
        MediaType::GraphqlResponse => execution_status(&response),
        MediaType::Json => StatusCode::OK,
    };
    let limit = state.config.max_response_bytes;
    // A request error has no `data` entry at all, as the specification requires.
    let body = if failed_before_execution {
        capped_json(&json!({ "errors": response.errors }), limit)
    } else {
        capped_json(&response, limit)
    };
    let had_errors = !response.errors.is_empty();
    match body {
        Ok(Some(body)) => {
            let mut response =
                (status, [(header::CONTENT_TYPE, HeaderValue::from_static(media.as_str()))], body).into_response();
            if status == StatusCode::UNAUTHORIZED {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            if had_errors {
                response.extensions_mut().insert(HadErrors);
            }
            response
        }
        Ok(None) => {
            tracing::warn!(limit, "a response grew past the size limit");
            let body = json!({ "data": null, "errors": [{
                "message": format!("the answer is larger than {limit} bytes: ask for fewer fields or smaller pages"),
                "extensions": { "code": code::RESPONSE_TOO_LARGE, "limit": limit },
            }] });
            let mut response =
                (StatusCode::OK, [(header::CONTENT_TYPE, HeaderValue::from_static(media.as_str()))], body.to_string())
                    .into_response();
            response.extensions_mut().insert(HadErrors);
            response
        }
        Err(error) => {
            tracing::error!(%error, "could not serialise a GraphQL response");
            internal_error(media)
        }
    }
}

/// `GET /graphql`: a WebSocket upgrade (see [`websocket`]), GraphiQL for a browser, else a query (never a
/// mutation) from the URL's query string.
pub async fn get(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    RawQuery(query): RawQuery,
) -> Response {
    let client = client.map(|Extension(ClientAddr(address))| address);
    if let Ok(upgrade) = upgrade {
        return websocket::upgrade(state, client, &headers, upgrade).await;
    }
    let query = query.unwrap_or_default();
    if wants_html(&headers) && !query.split('&').any(|pair| pair.starts_with("query=")) {
        return graphiql::page().await.into_response();
    }
    let Some(media) = negotiate(&headers) else { return not_acceptable() };
    let caller = match authenticate(&state, &headers, media).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let mut request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(error) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                code::BAD_REQUEST,
                format!("invalid GraphQL request in the URL: {error}"),
            );
        }
    };
    if let Err(error) = state.persisted.resolve(&mut request) {
        return persisted_query_error(media, &error);
    }
    if request.query.trim().is_empty() {
        return request_error(StatusCode::BAD_REQUEST, media, code::BAD_REQUEST, "the `query` parameter is missing");
    }
    if matches!(operation_type(&mut request), Some(OperationType::Mutation | OperationType::Subscription)) {
        let mut response = request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            media,
            code::BAD_REQUEST,
            "only queries can be sent with GET; send mutations with POST",
        );
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return response;
    }
    // HTTP caching: the ETag names this query over this version of the data, so it changes with any write.
    let version = match current_data_version(&state.db).await {
        Ok(version) => version,
        Err(error) => {
            tracing::error!(%error, "could not read the data version");
            return internal_error(media);
        }
    };
    let digest = Sha256::digest(format!("{version}\n{}\n{query}", media.as_str()).as_bytes());
    let etag = format!("W/\"{version}-{:x}\"", digest);
    let matches = header_text(&headers, header::IF_NONE_MATCH)
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return execute(&state, client, media, caller, request).await;
    };
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
        )
            .into_response();
    }
    let mut response = execute_query(&state, client, media, caller, request, version).await;
    if response.status() == StatusCode::OK && response.extensions().get::<HadErrors>().is_none() {
        response.headers_mut().insert(header::ETAG, etag_value);
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

/// Marks a response whose body holds errors: it is not cached.
#[derive(Clone, Copy)]
pub(crate) struct HadErrors;

/// `POST /graphql`: a JSON body `{ "query", "variables", "operationName", "extensions" }`.
pub async fn post(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    request: axum::extract::Request,
) -> Response {
    // The headers are taken out of the request, where the `HeaderMap` extractor would copy them.
    let (mut parts, body) = request.into_parts();
    let headers = std::mem::take(&mut parts.headers);
    let body = match Bytes::from_request(axum::extract::Request::from_parts(parts, body), &state).await {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(),
    };
    let client = client.map(|Extension(ClientAddr(address))| address);
    let Some(media) = negotiate(&headers) else { return not_acceptable() };
    let caller = match authenticate(&state, &headers, media).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let content_type = header_text(&headers, header::CONTENT_TYPE).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence != JSON {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            code::BAD_REQUEST,
            format!("send GraphQL requests as {JSON}, not `{content_type}`"),
        );
    }
    let mut request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                code::BAD_REQUEST,
                format!("the body is not a GraphQL request: {error}"),
            );
        }
    };
    if let Err(error) = state.persisted.resolve(&mut request) {
        return persisted_query_error(media, &error);
    }
    if request.query.trim().is_empty() {
        return request_error(
            StatusCode::BAD_REQUEST,
            media,
            code::BAD_REQUEST,
            "the `query` field is missing or empty",
        );
    }
    if state.response_cache.is_none() || operation_type(&mut request) != Some(OperationType::Query) {
        return execute(&state, client, media, caller, request).await;
    }
    match current_data_version(&state.db).await {
        Ok(version) => execute_query(&state, client, media, caller, request, version).await,
        Err(error) => {
            tracing::error!(%error, "could not read the data version");
            internal_error(media)
        }
    }
}

/// The data version, read in a boxed future: SeaORM's futures take kilobytes, and the handler's future, which
/// holds this one, is moved through every layer of middleware.
async fn current_data_version(db: &sea_orm::DatabaseConnection) -> Result<i64, sea_orm::DbErr> {
    Box::pin(crate::db::data_version::current(db)).await
}

/// Executes a query (never a mutation) at `data_version`, through the response cache when there is one.
async fn execute_query(
    state: &AppState,
    client: Option<IpAddr>,
    media: MediaType,
    caller: Option<Caller>,
    request: async_graphql::Request,
    data_version: i64,
) -> Response {
    match &state.response_cache {
        Some(cache) => {
            let key = CacheKey::of(&request, media.as_str());
            // Boxed: waiting for the cache's slot takes kilobytes, which every request's future would carry.
            Box::pin(cache.answer(data_version, key, execute(state, client, media, caller, request))).await
        }
        None => execute(state, client, media, caller, request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_accept(accept: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(accept).expect("valid header"));
        headers
    }

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(MediaType::Json));
        assert_eq!(negotiate(&with_accept("application/graphql-response+json")), Some(MediaType::GraphqlResponse));
        assert_eq!(
            negotiate(&with_accept("application/json;q=0.9, application/graphql-response+json")),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            negotiate(&with_accept("application/graphql-response+json;q=0.5, application/json")),
            Some(MediaType::Json)
        );
        assert_eq!(negotiate(&with_accept("text/plain")), None);
        assert_eq!(negotiate(&with_accept("*/*")), Some(MediaType::Json));
        assert_eq!(negotiate(&with_accept("text/plain, application/json;q=0.5, */*;q=0.5")), Some(MediaType::Json));
        assert_eq!(
            negotiate(&with_accept("text/html, APPLICATION/GRAPHQL-RESPONSE+JSON;q=0.9, application/json;q=0.9")),
            Some(MediaType::GraphqlResponse)
        );
    }

    #[test]
    fn html_is_wanted_only_when_preferred() {
        assert!(wants_html(&with_accept("text/html,application/xhtml+xml,*/*;q=0.8")));
        assert!(!wants_html(&with_accept("application/json, text/html")));
        assert!(!wants_html(&with_accept("text/html;q=0.5, application/json")));
        assert!(!wants_html(&HeaderMap::new()));
    }
}
