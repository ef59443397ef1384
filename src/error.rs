//! The application error, and how every error reaches GraphQL clients: a message and a stable `extensions.code`.
//!
//! Resolvers return [`AppError`] with `?`; [`ErrorCodes`], applied to every response by the request limits
//! ([`crate::graphql::limits`]), gives every error its code (including the errors async-graphql raises itself)
//! and replaces the message of internal errors, which are logged, never sent.

use std::sync::Arc;

use async_graphql::{Response, ServerError, Value};

use crate::metrics::Metrics;

/// Everything that can go wrong while answering a request (cheap to clone, as async-graphql requires).
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// The client sent something invalid; the message names the argument and the problem.
    #[error("{0}")]
    BadUserInput(String),
    /// An input has problems: every one of them, each at its input path.
    #[error("invalid input: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<crate::write::Problem>),
    /// The request needs a valid token and has none.
    #[error("{0}")]
    Unauthenticated(String),
    /// The request's token does not allow what it asks.
    #[error("{0}")]
    Forbidden(String),
    /// What the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the data as it is now; `details` say how (the current version, the references).
    #[error("{message}")]
    Conflict {
        /// What conflicts.
        message: String,
        /// Details for clients, as `extensions` entries.
        details: Vec<(&'static str, serde_json::Value)>,
    },
    /// The database failed; the details are logged, never sent.
    #[error("database error: {0}")]
    Database(Arc<sea_orm::DbErr>),
    /// Anything else unexpected; the details are logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        AppError::Database(Arc::new(error))
    }
}

impl From<crate::write::WriteError> for AppError {
    fn from(error: crate::write::WriteError) -> Self {
        use crate::write::{WriteError, describe};
        match error {
            WriteError::Invalid { problems } => AppError::Invalid(problems),
            WriteError::NotFound { message } => AppError::NotFound(message),
            WriteError::Database(error) => AppError::Database(Arc::new(error)),
            WriteError::Conflict { expected, current, .. } => AppError::Conflict {
                message: error.to_string(),
                details: vec![("currentVersion", current.into()), ("expectedVersion", expected.into())],
            },
            WriteError::Referenced { ref by, .. } => {
                let references: Vec<serde_json::Value> = by
                    .iter()
                    .map(|(kind, count)| serde_json::json!({ "kind": describe(*kind), "count": count }))
                    .collect();
                AppError::Conflict { message: error.to_string(), details: vec![("references", references.into())] }
            }
        }
    }
}

/// The result of a resolver or of a function it calls.
pub type AppResult<T> = Result<T, AppError>;

/// The stable error codes clients read in `extensions.code`.
pub mod code {
    /// An argument or variable has a value the API does not accept.
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    /// The HTTP request is not a GraphQL request (a body that is not JSON, no query, a mutation over GET).
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    /// The query is not valid GraphQL syntax.
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    /// The query does not match the schema.
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    /// The query is longer, deeper, wider or costlier than the configured limits (`extensions.measure` says which).
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    /// The answer grew past the configured response size.
    pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";
    /// The server is at its limit of concurrent work: retry after the `Retry-After` seconds.
    pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
    /// Something failed on the server; details are in its logs.
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
    /// The request needs a valid bearer token (`Authorization: Bearer …`) and has none (HTTP 401).
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// The request's token does not have the role the operation needs (HTTP 403).
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// The object the request names does not exist.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// The object changed since the version the request was based on (`extensions.currentVersion`), or other
    /// objects refer to the one to delete (`extensions.references`).
    pub const CONFLICT: &str = "CONFLICT";
    /// A WebSocket connection runs as many subscriptions as the server allows one connection.
    pub const TOO_MANY_SUBSCRIPTIONS: &str = "TOO_MANY_SUBSCRIPTIONS";
    /// An operation sent over a WebSocket took longer than the request timeout and was stopped.
    pub const TIMEOUT: &str = "TIMEOUT";
    /// A persisted query's hash is unknown: send the query text with it (Apollo's automatic persisted queries).
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
}

impl AppError {
    /// The stable code clients read in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadUserInput(_) | AppError::Invalid(_) => code::BAD_USER_INPUT,
            AppError::Unauthenticated(_) => code::UNAUTHENTICATED,
            AppError::Forbidden(_) => code::FORBIDDEN,
            AppError::NotFound(_) => code::NOT_FOUND,
            AppError::Conflict { .. } => code::CONFLICT,
            AppError::Database(_) | AppError::Internal(_) => code::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `extensions` entries besides `code` that tell a client more: the input path of the first problem and
    /// every problem, or a conflict's details.
    pub fn details(&self) -> Vec<(&'static str, serde_json::Value)> {
        match self {
            AppError::Invalid(problems) => {
                let listed: Vec<serde_json::Value> = problems
                    .iter()
                    .map(|problem| serde_json::json!({ "field": problem.field, "message": problem.message }))
                    .collect();
                let first = problems.first().map(|problem| problem.field.clone()).unwrap_or_default();
                vec![("field", first.into()), ("problems", listed.into())]
            }
            AppError::Conflict { details, .. } => details.clone(),
            _ => Vec::new(),
        }
    }

    /// A `BAD_USER_INPUT` error about the argument `argument`.
    pub fn bad_input(argument: &str, problem: impl std::fmt::Display) -> Self {
        AppError::BadUserInput(format!("invalid `{argument}`: {problem}"))
    }
}

/// The message clients get for an internal error (its detail is logged).
const INTERNAL_MESSAGE: &str = "Internal server error";

fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

fn has_code(error: &ServerError) -> bool {
    error.extensions.as_ref().is_some_and(|extensions| extensions.get("code").is_some())
}

/// Gives every error its stable code, and counts errors by code: applied to every response by the request
/// limits ([`crate::graphql::limits`]).
#[derive(Clone, Default)]
pub struct ErrorCodes {
    metrics: Option<Arc<Metrics>>,
}

impl ErrorCodes {
    /// The error codes, counting errors in `metrics`.
    pub fn counting(metrics: Arc<Metrics>) -> Self {
        Self { metrics: Some(metrics) }
    }

    /// `errors` with their codes: an [`AppError`]'s own, with its details; an internal error's message replaced
    /// (and logged); an error async-graphql raised, the client's; any other error nobody gave a code, internal.
    pub fn coded(&self, errors: Vec<ServerError>) -> Vec<ServerError> {
        errors
            .into_iter()
            .map(|mut error| {
                if let Some((code, details)) = error.source::<AppError>().map(|e| (e.code(), e.details())) {
                    if code == code::INTERNAL_SERVER_ERROR {
                        tracing::error!(error = %error.message, path = ?error.path, "request failed");
                        error.message = INTERNAL_MESSAGE.to_owned();
                    }
                    let mut error = with_code(error, code);
                    let extensions = error.extensions.get_or_insert_with(Default::default);
                    for (name, value) in details {
                        if let Ok(value) = Value::from_json(value) {
                            extensions.set(name, value);
                        }
                    }
                    error
                } else if has_code(&error) {
                    error
                } else if error.source.is_none() {
                    // Raised by async-graphql itself, not by a resolver (whose errors keep their source): a request
                    // it refused (validation, an unknown operation, a variable it cannot coerce; no path) or a
                    // field's argument it could not coerce (a path). Either is the client's.
                    let code = if error.path.is_empty() { code::GRAPHQL_VALIDATION_FAILED } else { code::BAD_USER_INPUT };
                    with_code(error, code)
                } else {
                    // An error nobody gave a code is a defect of the server, never the client's fault.
                    tracing::error!(message = %error.message, path = ?error.path, "request failed with an uncoded error");
                    error.message = INTERNAL_MESSAGE.to_owned();
                    with_code(error, code::INTERNAL_SERVER_ERROR)
                }
            })
            .collect()
    }

    /// Counts the errors of a response by code.
    pub fn count(&self, errors: &[ServerError]) {
        if let Some(metrics) = &self.metrics {
            for error in errors {
                let code = error.extensions.as_ref().and_then(|e| e.get("code"));
                metrics
                    .record_error(&code.map_or_else(String::new, |code| code.to_string().trim_matches('"').to_owned()));
            }
        }
    }
}

/// Whether a response is a request error (nothing was executed): no data, and no error has a path.
pub fn is_request_error(response: &Response) -> bool {
    matches!(response.data, Value::Null)
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Why the server or a CLI command could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be reached or migrated.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// The built-in knowledge could not be loaded.
    #[error(transparent)]
    Knowledge(#[from] crate::knowledge::KnowledgeError),
    /// Synthetic data could not be generated.
    #[error(transparent)]
    Synthetic(#[from] crate::synthetic::SyntheticError),
    /// A token could not be created or revoked.
    #[error(transparent)]
    Token(#[from] crate::auth::TokenError),
    /// The address could not be bound, serving failed, or an export could not be written.
    #[error("input/output: {0}")]
    Io(#[from] std::io::Error),
    /// An export was refused (a bad filter) or failed.
    #[error("export: {0}")]
    Export(#[from] AppError),
    /// An import was refused (every problem of its document) or failed; nothing was written.
    #[error("import: nothing was written: {0}")]
    Import(#[from] crate::write::WriteError),
    /// A command was given arguments it cannot use.
    #[error("{0}")]
    Usage(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::graphql::limits::shape::SchemaShape;
    use crate::graphql::limits::{QueryLimits, RequestLimits, Schemas};
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, Variables};

    struct Probe;

    #[Object]
    impl Probe {
        async fn failing(&self, which: String) -> AppResult<i32> {
            Err(match which.as_str() {
                "bad" => AppError::bad_input("x", "is wrong"),
                "invalid" => AppError::Invalid(vec![crate::write::Problem {
                    field: "input.slug".to_owned(),
                    message: "is not a slug".to_owned(),
                }]),
                "unauthenticated" => AppError::Unauthenticated("no token".to_owned()),
                "forbidden" => AppError::Forbidden("not allowed".to_owned()),
                "not_found" => AppError::NotFound("no such row".to_owned()),
                "conflict" => {
                    AppError::Conflict { message: "changed".to_owned(), details: vec![("currentVersion", 3.into())] }
                }
                "database" => AppError::Database(Arc::new(sea_orm::DbErr::Custom("secret detail".to_owned()))),
                _ => AppError::Internal("secret detail".to_owned()),
            })
        }

        async fn uncoded(&self) -> async_graphql::Result<i32> {
            Err("secret detail".into())
        }

        async fn takes_int(&self, n: i32) -> i32 {
            n
        }
    }

    /// The first error of `query`, executed as the application executes its requests.
    async fn first_error(query: &str, variables: serde_json::Value) -> serde_json::Value {
        let schema = Schemas::new(|| Schema::build(Probe, EmptyMutation, EmptySubscription));
        let limits = QueryLimits::from_config(&Config::for_database("sqlite::memory:"));
        let shape = SchemaShape::from_sdl(&schema.strict().sdl());
        let limits = RequestLimits::new(limits, shape, ErrorCodes::default());
        let request = async_graphql::Request::new(query).variables(Variables::from_json(variables));
        let response = serde_json::to_value(limits.execute(&schema, request).await).unwrap_or_default();
        response["errors"][0].clone()
    }

    async fn failure(which: &str) -> serde_json::Value {
        first_error("query($w: String!) { failing(which: $w) }", serde_json::json!({ "w": which })).await
    }

    #[tokio::test]
    async fn every_error_gets_its_code_and_details() {
        for (which, code) in [
            ("bad", code::BAD_USER_INPUT),
            ("invalid", code::BAD_USER_INPUT),
            ("unauthenticated", code::UNAUTHENTICATED),
            ("forbidden", code::FORBIDDEN),
            ("not_found", code::NOT_FOUND),
            ("conflict", code::CONFLICT),
            ("database", code::INTERNAL_SERVER_ERROR),
            ("internal", code::INTERNAL_SERVER_ERROR),
        ] {
            let error = failure(which).await;
            assert_eq!(error["extensions"]["code"], code, "{which}: {error}");
            assert!(!error.to_string().contains("secret detail"), "{which} leaks its detail: {error}");
        }
        let invalid = failure("invalid").await;
        assert_eq!(invalid["extensions"]["field"], "input.slug");
        assert_eq!(invalid["extensions"]["problems"][0]["message"], "is not a slug");
        assert_eq!(failure("conflict").await["extensions"]["currentVersion"], 3);
    }

    #[tokio::test]
    async fn an_error_without_a_code_is_internal_and_its_detail_is_not_sent() {
        let error = first_error("{ uncoded }", serde_json::json!({})).await;
        assert_eq!(error["extensions"]["code"], code::INTERNAL_SERVER_ERROR);
        assert_eq!(error["message"], INTERNAL_MESSAGE);
    }

    #[tokio::test]
    async fn a_value_async_graphql_cannot_coerce_is_the_clients_error() {
        let error = first_error("query($n: Int!) { takesInt(n: $n) }", serde_json::json!({ "n": 1e12 })).await;
        assert!(
            [code::BAD_USER_INPUT, code::GRAPHQL_VALIDATION_FAILED]
                .contains(&error["extensions"]["code"].as_str().unwrap_or("")),
            "{error}"
        );
        let parse = first_error("{ takesInt(n: ", serde_json::json!({})).await;
        assert_eq!(parse["extensions"]["code"], code::GRAPHQL_PARSE_FAILED);
        let validation = first_error("{ nothing }", serde_json::json!({})).await;
        assert_eq!(validation["extensions"]["code"], code::GRAPHQL_VALIDATION_FAILED);
    }
}
