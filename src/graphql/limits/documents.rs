//! The documents of the queries parsed last, by their text, with the operations of each that passed validation:
//! a dashboard sends the same few queries again and again, and neither parsing nor validation needs repeating.

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError};
use lru::LruCache;

/// A document kept, and the operations (by the name the request gave, if any) that passed every validation rule.
struct Kept {
    document: ExecutableDocument,
    validated: Vec<Option<String>>,
}

/// The documents of the queries parsed last, by their text.
pub(super) struct ParsedDocuments(Mutex<LruCache<String, Kept>>);

impl ParsedDocuments {
    /// How many documents are kept.
    const KEPT: NonZeroUsize = NonZeroUsize::new(256).unwrap();
    /// The longest query text whose document is kept (so the documents kept stay within a few MB).
    pub(super) const KEPT_BYTES: usize = 16 * 1024;

    pub(super) fn new() -> Self {
        Self(Mutex::new(LruCache::new(Self::KEPT)))
    }

    /// The document of `request`'s query, parsed once for any number of requests with the same text (copying a
    /// parsed document costs a fraction of parsing it again), and whether `operation` of it passed validation
    /// before (see [`validated`](Self::validated)).
    pub(super) fn parse<'r>(
        &self,
        request: &'r mut Request,
        operation: Option<&str>,
    ) -> Result<(&'r ExecutableDocument, bool), ServerError> {
        if request.query.len() > Self::KEPT_BYTES {
            return Ok((request.parsed_query()?, false));
        }
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&request.query).map(|kept| {
            (kept.document.clone(), kept.validated.iter().any(|validated| validated.as_deref() == operation))
        });
        let validated = match kept {
            Some((document, validated)) => {
                request.set_parsed_query(document);
                validated
            }
            None => {
                let document = request.parsed_query()?.clone();
                let kept = Kept { document, validated: Vec::new() };
                self.0.lock().unwrap_or_else(PoisonError::into_inner).put(request.query.clone(), kept);
                false
            }
        };
        Ok((request.parsed_query()?, validated))
    }

    /// Records that `operation` of the document kept for `query` passed validation, when no request can change
    /// that outcome: the document declares no variables, so its validation reads nothing but its text and the
    /// operation's name.
    pub(super) fn validated(&self, query: &str, operation: Option<&str>) {
        let mut documents = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(kept) = documents.get_mut(query) else { return };
        let declares_variables =
            kept.document.operations.iter().any(|(_, operation)| !operation.node.variable_definitions.is_empty());
        if !declares_variables && !kept.validated.iter().any(|validated| validated.as_deref() == operation) {
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

    fn parse(documents: &ParsedDocuments, query: &str, operation: Option<&str>) -> Option<(String, bool)> {
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
        let validated = |query: &str, operation: Option<&str>| parse(&documents, query, operation).map(|(_, v)| v);

        let query = "query A { __typename } query B { __typename }";
        assert_eq!(validated(query, Some("A")), Some(false));
        documents.validated(query, Some("A"));
        assert_eq!(validated(query, Some("A")), Some(true));
        assert_eq!(validated(query, Some("B")), Some(false), "another operation of the document is not validated");
        assert_eq!(validated(query, None), Some(false));

        let with_variables = "query($n: Int) { projects(first: $n) { totalCount } }";
        assert_eq!(validated(with_variables, None), Some(false));
        documents.validated(with_variables, None);
        assert_eq!(validated(with_variables, None), Some(false), "variables' values are validated on every request");

        documents.validated("{ never { parsed } }", None);
        assert!(!kept(&documents, "{ never { parsed } }"), "only a kept document is marked");
    }
}
