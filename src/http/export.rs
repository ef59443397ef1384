//! `GET /export/{table}.csv` (or `/export/{table}` with `Accept: text/csv`): a list as CSV, and
//! `GET /export/iati.xml`: projects as IATI 2.03 activities; streamed, with the filter of the GraphQL list as JSON
//! in `?filter=`, and `?bom=true` for a byte-order mark (Excel).

use std::net::IpAddr;

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::code;
use crate::export::{CsvTable, ExportFile, export_file};
use crate::http::connections::ClientAddr;
use crate::http::graphql::{MediaType, authenticate, request_error};

/// The query string of an export.
#[derive(Debug, Deserialize)]
pub struct ExportParams {
    /// The filter input of the GraphQL list, as JSON.
    filter: Option<String>,
    /// Whether to start with a UTF-8 byte-order mark.
    #[serde(default)]
    bom: bool,
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    request_error(status, MediaType::Json, code, message)
}

/// The file a path names: `iati.xml`, `projects.csv`, or `projects` when the client accepts CSV.
fn file_of(file: &str, headers: &HeaderMap) -> Result<ExportFile, Box<Response>> {
    if file == "iati.xml" {
        return Ok(ExportFile::Iati);
    }
    let accepts_csv = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|media| media.trim().starts_with("text/csv")));
    let name = match file.strip_suffix(".csv") {
        Some(name) => name,
        None if accepts_csv => file,
        None => {
            let message = "exports are CSV: ask for `.csv` or `Accept: text/csv`\n";
            return Err(Box::new((StatusCode::NOT_ACCEPTABLE, message).into_response()));
        }
    };
    CsvTable::named(name).map(ExportFile::Csv).ok_or_else(|| {
        let message = format!(
            "there is no export `{name}`: projects, organizations, delegations, events and citations are exported \
             as CSV, projects as IATI (`iati.xml`)"
        );
        Box::new(error(StatusCode::NOT_FOUND, code::NOT_FOUND, message))
    })
}

/// `GET /export/{file}`.
pub async fn export(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    Path(file): Path<String>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let file = match file_of(&file, &headers) {
        Ok(file) => file,
        Err(response) => return *response,
    };
    let Query(params) = match params {
        Ok(params) => params,
        Err(rejection) => return error(StatusCode::BAD_REQUEST, code::BAD_REQUEST, rejection.body_text()),
    };
    if let Err(response) = authenticate(&state, &headers, MediaType::Json).await {
        return response;
    }
    let client: Option<IpAddr> = client.map(|Extension(ClientAddr(address))| address);
    // An export holds a database connection while it streams: it takes an execution slot like a query.
    let Ok(admitted) = state.admission.admit(client).await else {
        let mut response =
            error(StatusCode::SERVICE_UNAVAILABLE, code::SERVICE_UNAVAILABLE, "the server is busy; retry in a second");
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    let (mut chunks, mut received) = tokio::sync::mpsc::channel::<Vec<u8>>(2);
    let db = state.db.clone();
    let export = tokio::spawn(async move {
        let result = export_file(&db, file, params.filter.as_deref(), params.bom, &mut chunks).await;
        drop(admitted);
        result
    });
    // The first bytes come once the filter is known to be good; an error before it is answered as JSON.
    let Some(first) = received.recv().await else {
        return match export.await {
            Ok(Err(failure)) if failure.code() == code::BAD_USER_INPUT => {
                error(StatusCode::BAD_REQUEST, code::BAD_USER_INPUT, failure.to_string())
            }
            Ok(Err(failure)) => {
                tracing::error!(error = %failure, "an export failed");
                error(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL_SERVER_ERROR, "Internal server error")
            }
            Ok(Ok(_)) | Err(_) => {
                error(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL_SERVER_ERROR, "Internal server error")
            }
        };
    };
    tokio::spawn(async move {
        match export.await {
            Ok(Err(error)) => tracing::error!(%error, "an export stopped half-way"),
            Err(error) => tracing::error!(%error, "an export failed"),
            Ok(Ok(rows)) => tracing::debug!(rows, "exported"),
        }
    });
    let rest = async_graphql::futures_util::stream::unfold(received, |mut received| async move {
        received.recv().await.map(|chunk| (Ok::<_, std::io::Error>(chunk), received))
    });
    let body = async_graphql::futures_util::StreamExt::chain(
        async_graphql::futures_util::stream::once(async move { Ok(first) }),
        rest,
    );
    let disposition = format!("attachment; filename=\"{}\"", file.file_name());
    let mut response = Response::new(Body::from_stream(body));
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(file.media_type()));
    if let Ok(disposition) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}
