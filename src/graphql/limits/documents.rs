//! The documents of the queries parsed last, by their text, with the operations of each that passed validation:
//! a dashboard sends the same few queries again and again, and neither parsing nor validation needs repeating.

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError};
use lru::LruCache;

/// A document kept, whether it declares variables, and the operations (by the name the request gave, if any) that
/// passed every validation rule.
struct Kept {
    document: ExecutableDocument,
    declares_variables: bool,
    validated: Vec<Option<String>>,
}

impl Kept {
    /// `document`, kept with no operation validated yet.
    fn new(document: ExecutableDocument) -> Self {
        let declares_variables =
            document.operations.iter().any(|(_, operation)| !operation.node.variable_definitions.is_empty());
        Self { document, declares_variables, validated: Vec::new() }
    }

    /// Whether `operation` of this document needs validating.
    fn validation(&self, operation: Option<&str>) -> Validation {
        if self.declares_variables {
            Validation::EveryTime
        } else if self.validated.iter().any(|validated| validated.as_deref() == operation) {
            Validation::Passed
        } else {
            Validation::Remember
        }
    }
}

/// Whether an operation needs validating, as far as the documents kept know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Validation {
    /// It passed validation before, and its outcome cannot change.
    Passed,
    /// It needs validating, and a pass is worth recording with [`ParsedDocuments::validated`]: its document is kept
    /// and declares no variables, so its validation reads nothing but its text and the operation's name.
    Remember,
    /// It needs validating on every request: its document declares variables, whose values every request brings
    /// anew, or is too long to keep.
    EveryTime,
}

/// The documents of the queries parsed last, by their text.
pub(super) struct ParsedDocuments(Mutex<LruCache<String, Kept>>);

impl ParsedDocuments {
    /// How many documents are kept.
    const KEPT: NonZeroUsize = NonZeroUsize::new(256).unwrap();
    /// The longest query text whose document is kept (so the documents kept stay within a few MB).
    const KEPT_BYTES: usize = 16 * 1024;

    pub(super) fn new() -> Self {
        Self(Mutex::new(LruCache::new(Self::KEPT)))
    }

    /// The document of `request`'s query, parsed once for any number of requests with the same text (copying a
    /// parsed document costs a fraction of parsing it again), and whether `operation` of it needs validating.
    pub(super) fn parse<'r>(
        &self,
        request: &'r mut Request,
        operation: Option<&str>,
    ) -> Result<(&'r ExecutableDocument, Validation), ServerError> {
        if request.query.len() > Self::KEPT_BYTES {
            return Ok((request.parsed_query()?, Validation::EveryTime));
        }
        let kept = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&request.query)
            .map(|kept| (kept.document.clone(), kept.validation(operation)));
        let validation = match kept {
            Some((document, validation)) => {
                request.set_parsed_query(document);
                validation
            }
            None => {
                let kept = Kept::new(request.parsed_query()?.clone());
                let validation = kept.validation(operation);
                self.0.lock().unwrap_or_else(PoisonError::into_inner).put(request.query.clone(), kept);
                validation
            }
        };
        Ok((request.parsed_query()?, validation))
    }

    /// Records that `operation` of the document kept for `query` passed validation, where [`parse`](Self::parse)
    /// said [`Validation::Remember`].
    pub(super) fn validated(&self, query: &str, operation: Option<&str>) {
        let mut documents = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(kept) = documents.get_mut(query) else { return };
        if kept.validation(operation) == Validation::Remember {
            kept.validated.push(operation.map(str::to_owned));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(documents: &ParsedDocuments, query: &str) -> bool {
        documents.0.lock().unwrap_or_else(PoisonError::into_inner).contains(query)
    }

    fn parse(documents: &ParsedDocuments, query: &str, operation: Option<&str>) -> Option<(String, Validation)> {
        let mut request = Request::new(query);
        documents.parse(&mut request, operation).ok().map(|(document, validated)| (format!("{document:?}"), validated))
    }

    #[test]
    fn documents_are_kept_by_their_text_within_bounds() {
        let documents = ParsedDocuments::new();
        let query = "{ projects { totalCount } }";
        let first = parse(&documents, query, None);
        assert!(kept(&documents, query));
        assert_eq!(first, parse(&documents, query, None), "the kept document is the parsed one");

        assert!(parse(&documents, "{ projects {", None).is_none());
        assert!(!kept(&documents, "{ projects {"), "a query that does not parse is not kept");
        let long = format!("{{ __typename {} }}", " ".repeat(ParsedDocuments::KEPT_BYTES));
        assert!(parse(&documents, &long, None).is_some());
        assert!(!kept(&documents, &long), "a long query is parsed, not kept");
    }

    #[test]
    fn validation_is_remembered_per_operation_for_documents_without_variables() {
        let documents = ParsedDocuments::new();
        let validation = |query: &str, operation: Option<&str>| parse(&documents, query, operation).map(|(_, v)| v);
        let (remember, passed, every_time) =
            (Some(Validation::Remember), Some(Validation::Passed), Some(Validation::EveryTime));

        let query = "query A { __typename } query B { __typename }";
        assert_eq!(validation(query, Some("A")), remember);
        documents.validated(query, Some("A"));
        assert_eq!(validation(query, Some("A")), passed);
        assert_eq!(validation(query, Some("B")), remember, "another operation of the document is not validated");
        assert_eq!(validation(query, None), remember);

        let with_variables = "query($n: Int) { projects(first: $n) { totalCount } }";
        assert_eq!(validation(with_variables, None), every_time, "variables' values are validated on every request");
        documents.validated(with_variables, None);
        assert_eq!(validation(with_variables, None), every_time, "a document with variables is never marked");

        let long = format!("{{ __typename {} }}", " ".repeat(ParsedDocuments::KEPT_BYTES));
        assert_eq!(validation(&long, None), every_time, "a document too long to keep is validated every time");

        documents.validated("{ never { parsed } }", None);
        assert!(!kept(&documents, "{ never { parsed } }"), "only a kept document is marked");
    }
}
