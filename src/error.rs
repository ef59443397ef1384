//! The application error, and how every error reaches GraphQL clients: a message and a stable `extensions.code`.
//!
//! Resolvers return [`AppError`] with `?`; the [`ErrorCodes`] schema extension gives every error of a response
//! its code (including the parse and validation errors async-graphql raises itself) and replaces the message
//! of internal errors, which are logged, never sent.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Value, Variables};

use crate::metrics::Metrics;

/// Everything that can go wrong while answering a request (cheap to clone, as async-graphql requires).
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// The client sent something invalid; the message names the argument and the problem.
    #[error("{0}")]
    BadUserInput(String),
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
    /// A persisted query's hash is unknown: send the query text with it (Apollo's automatic persisted queries).
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
}

impl AppError {
    /// The stable code clients read in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadUserInput(_) => code::BAD_USER_INPUT,
            AppError::Database(_) | AppError::Internal(_) => code::INTERNAL_SERVER_ERROR,
        }
    }

    /// A `BAD_USER_INPUT` error about the argument `argument`.
    pub fn bad_input(argument: &str, problem: impl std::fmt::Display) -> Self {
        AppError::BadUserInput(format!("invalid `{argument}`: {problem}"))
    }
}

/// The schema extension that gives every error its stable code, and counts errors by code.
#[derive(Clone, Default)]
pub struct ErrorCodes {
    metrics: Option<Arc<Metrics>>,
}

impl ErrorCodes {
    /// The extension, counting errors in `metrics`.
    pub fn counting(metrics: Arc<Metrics>) -> Self {
        Self { metrics: Some(metrics) }
    }
}

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(self.clone())
    }
}

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

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        response.errors = std::mem::take(&mut response.errors)
            .into_iter()
            .map(|mut error| {
                if let Some(app_error) = error.source::<AppError>() {
                    let code = app_error.code();
                    if code == code::INTERNAL_SERVER_ERROR {
                        tracing::error!(error = %app_error, path = ?error.path, "request failed");
                        error.message = "Internal server error".to_owned();
                    }
                    with_code(error, code)
                } else if has_code(&error) {
                    error
                } else {
                    // Left uncoded by async-graphql itself: a value it could not coerce into an argument.
                    with_code(error, code::BAD_USER_INPUT)
                }
            })
            .collect();
        if let Some(metrics) = &self.metrics {
            for error in &response.errors {
                let code = error.extensions.as_ref().and_then(|e| e.get("code"));
                metrics
                    .record_error(&code.map_or_else(String::new, |code| code.to_string().trim_matches('"').to_owned()));
            }
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|error| with_code(error, code::GRAPHQL_PARSE_FAILED))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors.into_iter().map(|error| with_code(error, code::GRAPHQL_VALIDATION_FAILED)).collect()
        })
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
    /// The address could not be bound, or serving failed.
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
}
