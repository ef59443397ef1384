//! Health probes: `/healthz` (the process answers) and `/readyz` (the database answers too).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;

use crate::app::AppState;

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 when the database answers within the readiness timeout, 503 at once otherwise, and 503
/// when the SQLite file the server opened was removed or replaced.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if let Some(file) = &state.database_file
        && !file.is_unchanged()
    {
        tracing::error!(file = %file.path().display(), "readiness check failed: the database file was removed or replaced");
        return (StatusCode::SERVICE_UNAVAILABLE, "the database file was removed or replaced");
    }
    let timeout = Duration::from_millis(state.config.ready_timeout_ms);
    match tokio::time::timeout(timeout, crate::db::ping(&state.db)).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
        Err(_) => {
            tracing::warn!(?timeout, "readiness check failed: the database did not answer in time");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
