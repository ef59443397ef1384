//! Search results: a ranked connection over every searchable table, with highlighted snippets.

use async_graphql::{Context, Enum, Object, SimpleObject};
use entity::SubjectKind;

use super::{Subject, load_subject};
use crate::db::search::Hit;
use crate::error::AppResult;
use crate::graphql::lang::{Lang, translate};
use crate::graphql::loaders::{MentionsInDocument, NamesOfOrganization, load_children};
use crate::search_query::{self, SearchQuery};

/// What kind of record a search result is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchKind {
    /// An organization, found by any of its names.
    Organization,
    /// A partnership.
    Partnership,
    /// A project.
    Project,
    /// A delegation.
    Delegation,
    /// An event.
    Event,
    /// A place.
    Place,
    /// A document, found by its text and by every spelling of what it mentions.
    Document,
}

impl SearchKind {
    /// The table of this kind.
    pub fn subject_kind(self) -> SubjectKind {
        match self {
            SearchKind::Organization => SubjectKind::Organization,
            SearchKind::Partnership => SubjectKind::Partnership,
            SearchKind::Project => SubjectKind::Project,
            SearchKind::Delegation => SubjectKind::Delegation,
            SearchKind::Event => SubjectKind::Event,
            SearchKind::Place => SubjectKind::Place,
            SearchKind::Document => SubjectKind::Document,
        }
    }

    fn of(kind: SubjectKind) -> Option<Self> {
        [
            SearchKind::Organization,
            SearchKind::Partnership,
            SearchKind::Project,
            SearchKind::Delegation,
            SearchKind::Event,
            SearchKind::Place,
            SearchKind::Document,
        ]
        .into_iter()
        .find(|search| search.subject_kind() == kind)
    }
}

/// A range of characters in a snippet.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct Highlight {
    /// The first character, counted in Unicode characters from 0.
    pub start: i32,
    /// The character just past the last one.
    pub end: i32,
}

/// A short passage of the text that matched, with the matched words located in it.
#[derive(SimpleObject, Clone, Debug)]
pub struct Snippet {
    /// The passage as written, `…` where it was cut.
    pub text: String,
    /// Where the matched words are in `text`.
    pub highlights: Vec<Highlight>,
    /// The passage with each matched word between `«` and `»`, for display as plain text.
    pub marked: String,
}

impl Snippet {
    fn from(snippet: search_query::Snippet) -> Self {
        let chars: Vec<char> = snippet.text.chars().collect();
        let mut marked = String::new();
        let mut at = 0;
        for (start, end) in &snippet.highlights {
            marked.extend(&chars[at..*start]);
            marked.push('«');
            marked.extend(&chars[*start..*end]);
            marked.push('»');
            at = *end;
        }
        marked.extend(&chars[at..]);
        let highlights = snippet
            .highlights
            .iter()
            .map(|(start, end)| Highlight { start: *start as i32, end: *end as i32 })
            .collect();
        Self { text: snippet.text, highlights, marked }
    }
}

/// One search result: the record, how well it matches, and where.
#[derive(Clone, Debug)]
pub struct SearchHit {
    hit: Hit,
    query: SearchQuery,
}

impl SearchHit {
    /// A result of `query`.
    pub fn new(hit: Hit, query: SearchQuery) -> Self {
        Self { hit, query }
    }
}

const SNIPPET_WORDS: usize = 24;

impl SearchHit {
    /// The document's passage around its first mention of an organization one of whose names the query matches,
    /// the mention's own words highlighted.
    async fn mention_passage(&self, ctx: &Context<'_>) -> AppResult<Option<search_query::Snippet>> {
        for mention in load_children::<MentionsInDocument>(ctx, self.hit.row_id).await? {
            if mention.subject_kind != SubjectKind::Organization {
                continue;
            }
            let names = load_children::<NamesOfOrganization>(ctx, mention.subject_id).await?;
            let named = names
                .iter()
                .any(|name| !search_query::snippet(&name.value, &self.query, SNIPPET_WORDS).highlights.is_empty());
            if let (true, Ok(surface)) = (named, SearchQuery::parse(&mention.surface_form)) {
                return Ok(Some(search_query::snippet(&self.hit.body, &surface, SNIPPET_WORDS)));
            }
        }
        Ok(None)
    }
}

/// One search result: the record, how well it matches, and where.
#[Object]
impl SearchHit {
    /// How well it matches; higher is better. Scores compare results of one search, not across searches.
    async fn score(&self) -> f64 {
        self.hit.score
    }

    /// What kind of record it is.
    async fn kind(&self) -> Option<SearchKind> {
        SearchKind::of(self.hit.kind)
    }

    /// Its title or name: in `lang` when a translation exists, else as written.
    async fn title(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Language wanted.")] lang: Option<Lang>,
    ) -> AppResult<String> {
        if lang.is_none() {
            return Ok(self.hit.title.clone());
        }
        Ok(match load_subject(ctx, self.hit.kind, self.hit.row_id).await? {
            Some(Subject::Project(p)) => translate(&p.0.title, &p.0.original_lang, &p.0.title_i18n, lang),
            Some(Subject::Partnership(p)) => translate(&p.0.name, &p.0.original_lang, &p.0.name_i18n, lang),
            Some(Subject::Delegation(d)) => translate(&d.0.title, &d.0.original_lang, &d.0.title_i18n, lang),
            Some(Subject::Event(e)) => translate(&e.0.title, &e.0.original_lang, &e.0.title_i18n, lang),
            Some(Subject::Document(d)) => translate(&d.0.title, &d.0.language, &d.0.title_i18n, lang),
            _ => self.hit.title.clone(),
        })
    }

    /// A passage of its text around the first match, matched words highlighted: from its body, else its title,
    /// else, for a document found through another spelling of something it mentions (`Jenin` for `Jenine`), its
    /// own passage around that mention; else its other names; the start of its body (or title) when nothing
    /// matches.
    async fn snippet(&self, ctx: &Context<'_>) -> AppResult<Snippet> {
        let own = [&self.hit.body, &self.hit.title]
            .into_iter()
            .map(|text| search_query::snippet(text, &self.query, SNIPPET_WORDS))
            .find(|snippet| !snippet.highlights.is_empty());
        if let Some(snippet) = own {
            return Ok(Snippet::from(snippet));
        }
        if self.hit.kind == SubjectKind::Document
            && let Some(snippet) = self.mention_passage(ctx).await?
        {
            return Ok(Snippet::from(snippet));
        }
        let fallback = if self.hit.body.is_empty() { &self.hit.title } else { &self.hit.body };
        let aliases = search_query::snippet(&self.hit.aliases, &self.query, SNIPPET_WORDS);
        Ok(Snippet::from(if aliases.highlights.is_empty() {
            search_query::snippet(fallback, &self.query, SNIPPET_WORDS)
        } else {
            aliases
        }))
    }

    /// The record itself.
    async fn item(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.hit.kind, self.hit.row_id).await
    }
}
