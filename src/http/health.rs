//! Health probes: `/healthz` (the process answers) and `/readyz` (the database answers too).

use axum::extract::State;
use axum::http::StatusCode;

use crate::app::AppState;

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 when the database answers, 503 otherwise.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match crate::db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
