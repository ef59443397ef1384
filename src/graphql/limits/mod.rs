//! The limits a query is held to before it is validated or run: its size, its depth, its aliases and directives,
//! its cost in rows (fields times the pages and lists that multiply them), no control characters in its text;
//! then a bounded number of errors in its response, each with its code, and parse errors that quote a bounded
//! excerpt. Applied around async-graphql's execution rather than as a schema extension.

mod documents;
pub mod measure;
pub mod shape;

use std::sync::Arc;

use async_graphql::futures_util::future;
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition};
use async_graphql::{
    Data, ObjectType, Request, Response, Schema, SchemaBuilder, ServerError, ServerResult, SubscriptionType,
    ValidationMode, Value, Variables,
};

use crate::config::Config;
use crate::error::{ErrorCodes, code};
use documents::{ParsedDocuments, Validation};
use measure::{ControlCharacter, Measure, Walk};
use shape::SchemaShape;

/// The configured limits of one query.
#[derive(Clone, Debug)]
pub struct QueryLimits {
    /// Longest query text, in bytes.
    pub max_query_bytes: usize,
    /// Deepest nesting of fields.
    pub max_depth: u64,
    /// Highest cost: fields times the rows that pages and lists multiply them by.
    pub max_cost: u64,
    /// Most fields, with every fragment spread expanded.
    pub max_fields: u64,
    /// Most aliases, fragments expanded.
    pub max_aliases: u64,
    /// Most directives, fragments expanded.
    pub max_directives: u64,
    /// Most errors in one response.
    pub max_errors: usize,
    /// The page size of a connection given neither `first` nor `last`.
    pub default_page_size: u64,
}

impl QueryLimits {
    /// The limits `config` sets.
    pub fn from_config(config: &Config) -> Self {
        Self {
            max_query_bytes: config.max_query_bytes,
            max_depth: config.max_query_depth,
            max_cost: config.max_query_cost,
            max_fields: config.max_query_fields,
            max_aliases: config.max_query_aliases,
            max_directives: config.max_query_directives,
            max_errors: config.max_errors,
            default_page_size: config.default_page_size as u64,
        }
    }
}

/// Which measure of a query went over its limit (`extensions.measure` of a `QUERY_TOO_COMPLEX` error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exceeded {
    /// The query text is too long.
    Bytes,
    /// Fields are nested too deep.
    Depth,
    /// Too many fields once fragments are expanded.
    Fields,
    /// Too many aliases.
    Aliases,
    /// Too many directives.
    Directives,
    /// The estimated cost in rows is over the budget.
    Cost,
}

impl Exceeded {
    /// The name clients read in `extensions.measure`.
    pub fn name(self) -> &'static str {
        match self {
            Exceeded::Bytes => "BYTES",
            Exceeded::Depth => "DEPTH",
            Exceeded::Fields => "FIELDS",
            Exceeded::Aliases => "ALIASES",
            Exceeded::Directives => "DIRECTIVES",
            Exceeded::Cost => "COST",
        }
    }

    fn describe(self, estimate: u64, limit: u64) -> String {
        match self {
            Exceeded::Bytes => format!("the query is {estimate} bytes long; the limit is {limit}"),
            Exceeded::Depth => format!("the query nests fields {estimate} deep; the limit is {limit}"),
            Exceeded::Fields => {
                format!("the query has {estimate} fields once its fragments are expanded; the limit is {limit}")
            }
            Exceeded::Aliases => format!("the query has {estimate} aliases; the limit is {limit}"),
            Exceeded::Directives => format!("the query has {estimate} directives; the limit is {limit}"),
            Exceeded::Cost => format!(
                "the query would resolve about {estimate} fields (each field times the `first`/`last` of the \
                 connections and the bounds of the lists above it); the limit is {limit}: ask for smaller pages"
            ),
        }
    }

    /// The `QUERY_TOO_COMPLEX` error saying so, with the estimate and the limit in its extensions.
    pub fn error(self, estimate: u64, limit: u64) -> ServerError {
        let mut error = ServerError::new(self.describe(estimate, limit), None);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        extensions.set("code", code::QUERY_TOO_COMPLEX);
        extensions.set("measure", self.name());
        extensions.set("estimate", estimate);
        extensions.set("limit", limit);
        error
    }
}

/// Which limit `measure` breaks first, if any.
pub fn exceeded(limits: &QueryLimits, measure: &Measure) -> Option<(Exceeded, u64, u64)> {
    [
        (Exceeded::Fields, measure.fields, limits.max_fields),
        (Exceeded::Aliases, measure.aliases, limits.max_aliases),
        (Exceeded::Directives, measure.directives, limits.max_directives),
        (Exceeded::Depth, measure.depth, limits.max_depth),
        (Exceeded::Cost, measure.cost, limits.max_cost),
    ]
    .into_iter()
    .find(|(_, value, limit)| value > limit)
}

fn control_character_error(found: &ControlCharacter) -> ServerError {
    let mut error = ServerError::new(
        format!(
            "invalid `{}`: text may not hold the control character U+{:04X} (only tabs and line breaks)",
            found.input, found.character as u32
        ),
        None,
    );
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code::BAD_USER_INPUT);
    extensions.set("field", found.input.as_str());
    error
}

/// The operations of `document` a request runs: the one named, else the only one (or, when the name is missing
/// or unknown, every one, which validation or execution then refuses).
fn operations<'a>(document: &'a ExecutableDocument, name: Option<&str>) -> Vec<&'a OperationDefinition> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => vec![&operation.node],
        (DocumentOperations::Multiple(operations), Some(name)) if operations.contains_key(name) => {
            operations.get(name).map(|operation| &operation.node).into_iter().collect()
        }
        (DocumentOperations::Multiple(operations), _) => operations.values().map(|operation| &operation.node).collect(),
    }
}

/// The longest excerpt of the query a parse error quotes, in characters on each side of the position.
const EXCERPT_CHARS: usize = 30;

/// A parse error that says what was expected where, quoting at most a few dozen characters of the query
/// (the parser's own message repeats the whole line, which can be the whole query).
fn bounded_parse_error(mut error: ServerError, query: &str) -> ServerError {
    let expected = error
        .message
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("= "))
        .unwrap_or(error.message.lines().next().unwrap_or("invalid syntax"));
    let expected: String = expected.chars().take(200).collect();
    error.message = match error.locations.first() {
        Some(position) => {
            let line = query.lines().nth(position.line.saturating_sub(1)).unwrap_or_default();
            let column = position.column.saturating_sub(1);
            let excerpt: String = line
                .chars()
                .skip(column.saturating_sub(EXCERPT_CHARS))
                .take(2 * EXCERPT_CHARS)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!("syntax error at line {}, column {}: {expected}, near `{excerpt}`", position.line, position.column)
        }
        None => format!("syntax error: {expected}"),
    };
    error
}

/// A schema twice over: validating every rule of the specification, and validating only what its execution needs
/// (async-graphql's `ValidationMode::Fast`), which runs the operations the first has validated before (see
/// [`RequestLimits::execute`]). Both are built from one builder, so they hold the same data.
pub struct Schemas<Q, M, S> {
    strict: Schema<Q, M, S>,
    validated: Schema<Q, M, S>,
}

impl<Q, M, S> Schemas<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    /// The schemas `build` makes.
    pub fn new(build: impl Fn() -> SchemaBuilder<Q, M, S>) -> Self {
        Self { strict: build().finish(), validated: build().validation_mode(ValidationMode::Fast).finish() }
    }

    /// The schema that validates every rule: its SDL, its types.
    pub fn strict(&self) -> &Schema<Q, M, S> {
        &self.strict
    }
}

/// What every execution passes through, before and after async-graphql runs it: the [`QueryLimits`] and the
/// error codes. Not a schema extension: with any extension, async-graphql passes every field and every list
/// item through the extensions' hook (a boxed future and a dynamic call per field, two type names formatted per
/// list item).
#[derive(Clone)]
pub struct RequestLimits {
    limits: Arc<QueryLimits>,
    errors: ErrorCodes,
    shape: Arc<SchemaShape>,
    parsed: Arc<ParsedDocuments>,
}

fn cycle_error(fragment: &str) -> ServerError {
    let mut error = ServerError::new(format!("fragment `{fragment}` spreads itself"), None);
    error.extensions.get_or_insert_with(Default::default).set("code", code::GRAPHQL_VALIDATION_FAILED);
    error
}

fn parse_error(error: ServerError, query: &str) -> ServerError {
    let mut error = bounded_parse_error(error, query);
    error.extensions.get_or_insert_with(Default::default).set("code", code::GRAPHQL_PARSE_FAILED);
    error
}

impl RequestLimits {
    /// Holds queries on a schema of `shape` to `limits`, coding their errors with `errors`.
    pub fn new(limits: QueryLimits, shape: SchemaShape, errors: ErrorCodes) -> Self {
        Self { limits: Arc::new(limits), errors, shape: Arc::new(shape), parsed: Arc::new(ParsedDocuments::new()) }
    }

    /// Executes `request` on `schemas` within the limits, and answers with coded errors.
    pub async fn execute<Q, M, S>(&self, schemas: &Schemas<Q, M, S>, mut request: Request) -> Response
    where
        Q: ObjectType + 'static,
        M: ObjectType + 'static,
        S: SubscriptionType + 'static,
    {
        let response = match self.admit(&mut request) {
            Ok(Validation::Passed) => schemas.validated.execute(request).await,
            Ok(Validation::Remember) => {
                let (query, operation) = (request.query.clone(), request.operation_name.clone());
                let response = schemas.strict.execute(request).await;
                // A request that fails validation gets no data at all: any data proves it passed.
                if response.data != Value::Null {
                    self.parsed.validated(&query, operation.as_deref());
                }
                response
            }
            Ok(Validation::EveryTime) => schemas.strict.execute(request).await,
            Err(error) => Response::from_errors(vec![error]),
        };
        self.answer(response)
    }

    /// The responses of a subscription `request` on `schemas` (with the connection's `session` data) within the
    /// limits, each with coded errors.
    pub fn execute_stream<Q, M, S>(
        &self,
        schemas: &Schemas<Q, M, S>,
        mut request: Request,
        session: Arc<Data>,
    ) -> BoxStream<'static, Response>
    where
        Q: ObjectType + 'static,
        M: ObjectType + 'static,
        S: SubscriptionType + 'static,
    {
        if let Err(error) = self.admit(&mut request) {
            return stream::once(future::ready(self.answer(Response::from_errors(vec![error])))).boxed();
        }
        let limits = self.clone();
        schemas
            .strict
            .execute_stream_with_session_data(request, session)
            .map(move |response| limits.answer(response))
            .boxed()
    }

    /// Checks `request` against the limits, before async-graphql validates it: its own checks of the parsed
    /// document (recursion depth, directives per field) expand every fragment spread, which is exponential in the
    /// document's size, so they must only ever see a document whose expanded size is known to be within the limits.
    /// The query is parsed here, once per text (see `ParsedDocuments`), and kept in the request for async-graphql.
    /// Says whether the operation needs validating.
    fn admit(&self, request: &mut Request) -> ServerResult<Validation> {
        let limits = &self.limits;
        if request.query.len() > limits.max_query_bytes {
            return Err(Exceeded::Bytes.error(request.query.len() as u64, limits.max_query_bytes as u64));
        }
        if let Some(found) = measure::control_character_in_variables(&request.variables) {
            return Err(control_character_error(&found));
        }
        let variables = std::mem::take(&mut request.variables);
        let operation_name = request.operation_name.take();
        let checked = match self.parsed.parse(request, operation_name.as_deref()) {
            Ok((document, validation)) => {
                self.check(document, operation_name.as_deref(), &variables).map(|()| validation)
            }
            Err(error) => Err(parse_error(error.clone(), &request.query)),
        };
        request.variables = variables;
        request.operation_name = operation_name;
        checked
    }

    /// `response` as the client gets it: every error with its code (see [`ErrorCodes`]), at most the configured
    /// number of errors (one more says how many were left out), counted by code.
    fn answer(&self, mut response: Response) -> Response {
        response.errors = self.errors.coded(std::mem::take(&mut response.errors));
        let max_errors = self.limits.max_errors;
        if response.errors.len() > max_errors {
            let omitted = response.errors.len() - max_errors;
            let code = response.errors[max_errors]
                .extensions
                .as_ref()
                .and_then(|extensions| extensions.get("code"))
                .map(|code| code.to_string().trim_matches('"').to_owned());
            response.errors.truncate(max_errors);
            let mut summary = ServerError::new(format!("{omitted} more errors are left out of this response"), None);
            if let Some(code) = code {
                summary.extensions.get_or_insert_with(Default::default).set("code", code);
            }
            response.errors.push(summary);
        }
        self.errors.count(&response.errors);
        response
    }

    fn check(
        &self,
        document: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
    ) -> ServerResult<()> {
        let limits = &self.limits;
        for operation in operations(document, operation_name) {
            let findings = Walk::operation(&self.shape, document, operation, variables, limits.default_page_size);
            if let Some(fragment) = findings.cycle {
                return Err(cycle_error(&fragment));
            }
            if let Some((what, estimate, limit)) = exceeded(limits, &findings.measure) {
                return Err(what.error(estimate, limit));
            }
            if let Some(found) = findings.control_character {
                return Err(control_character_error(&found));
            }
        }
        Ok(())
    }
}
