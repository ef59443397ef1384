//! Ingesting a press release, and accepting the facts it states.

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use entity::Role;

use super::{require, writer};
use crate::error::AppResult;
use crate::graphql::ids::row_of_id;
use crate::graphql::scalars::PartialDate;
use crate::graphql::types::{Delegation, Document, Event, Subject, load_subject};
use crate::ingest::{Fact, Found, Ingested, Proposal};

/// A press release as ingested: the document that holds it, what was read, and the facts it states.
pub struct IngestedPressRelease(Ingested);

/// A press release as ingested: the document that holds it, what was read, and the facts it states.
#[Object]
impl IngestedPressRelease {
    /// The document that holds the release.
    async fn document(&self) -> Document {
        Document(self.0.document.clone())
    }

    /// Whether this ingestion created the document (`false`: the same text, by its SHA-256, was already held,
    /// and nothing was written).
    async fn created(&self) -> bool {
        self.0.created
    }

    /// The place of the dateline, as written (`CRETEIL`).
    async fn dateline_place(&self) -> &str {
        &self.0.release.place
    }

    /// The date of the dateline.
    async fn date(&self) -> PartialDate {
        PartialDate(crate::partial_date::PartialDate::new(self.0.release.date, entity::DatePrecision::Day))
    }

    /// The title, without its Markdown.
    async fn title(&self) -> &str {
        &self.0.release.title
    }

    /// The contact block, if the release has one.
    async fn contact(&self) -> Option<ReleaseContact> {
        self.0.release.contact.as_ref().map(|contact| ReleaseContact {
            label: contact.label.clone(),
            phone: contact.phone.clone(),
            email: contact.email.clone(),
            postal_address: contact.postal_address.clone(),
        })
    }

    /// The known organizations and places the text names, under any of their spellings, in text order.
    async fn mentions(&self) -> Vec<FoundMention> {
        self.0.mentions.iter().cloned().map(FoundMention).collect()
    }

    /// The facts the text states, proposed (nothing is written): `acceptProposedFacts` writes those chosen by
    /// their `index`.
    async fn proposals(&self) -> Vec<ProposedFact> {
        self.0.proposals.iter().cloned().enumerate().map(|(index, proposal)| ProposedFact { index, proposal }).collect()
    }
}

/// The contact block of a press release.
#[derive(SimpleObject)]
pub struct ReleaseContact {
    /// The service to contact.
    pub label: String,
    /// Its phone number.
    pub phone: Option<String>,
    /// Its e-mail address.
    pub email: Option<String>,
    /// Its postal address, one line per line.
    pub postal_address: Option<String>,
}

/// A known organization or place named in a text.
pub struct FoundMention(Found);

/// A known organization or place named in a text.
#[Object]
impl FoundMention {
    /// The name as it occurs.
    async fn surface(&self) -> &str {
        &self.0.surface
    }

    /// Its first character's position in the text (in characters, from 0).
    async fn start(&self) -> usize {
        self.0.start
    }

    /// The position after its last character.
    async fn end(&self) -> usize {
        self.0.end
    }

    /// The organization or place named.
    async fn subject(&self, ctx: &Context<'_>) -> AppResult<Option<Subject>> {
        load_subject(ctx, self.0.subject.0, self.0.subject.1).await
    }
}

/// A fact a text states, with the words it comes from.
pub struct ProposedFact {
    index: usize,
    proposal: Proposal,
}

/// What kind of fact a proposal is.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum ProposedFactKind {
    /// An event at a date, time and place (accepting creates it, organized by the publisher).
    Event,
    /// A delegation's visit (accepting creates it, with its hosts).
    Delegation,
    /// A count reported without its items, such as `plus de 40 projets` (accepting cites it on the partnership).
    Count,
    /// Domains the text lists (accepting cites them on the partnership).
    Domains,
    /// The year the cooperation began, from how long it has run (accepting cites it on the partnership).
    Since,
}

/// A fact a text states, with the words it comes from.
#[Object]
impl ProposedFact {
    /// Its position among the document's proposals: what `acceptProposedFacts` takes.
    async fn index(&self) -> usize {
        self.index
    }

    /// What kind of fact it is.
    async fn kind(&self) -> ProposedFactKind {
        match self.proposal.fact {
            Fact::Event { .. } => ProposedFactKind::Event,
            Fact::Delegation { .. } => ProposedFactKind::Delegation,
            Fact::Count { .. } => ProposedFactKind::Count,
            Fact::Domains { .. } => ProposedFactKind::Domains,
            Fact::Since { .. } => ProposedFactKind::Since,
        }
    }

    /// The words of the text it comes from, verbatim.
    async fn quote(&self) -> &str {
        &self.proposal.quote
    }

    /// Where they are: the paragraph after the title (`§6`).
    async fn locator(&self) -> &str {
        &self.proposal.locator
    }

    /// The quote's first character in the text.
    async fn start(&self) -> usize {
        self.proposal.start
    }

    /// The position after the quote's last character.
    async fn end(&self) -> usize {
        self.proposal.end
    }

    /// The fact's values (`{"kind": "COUNT", "metric": "projects", "value": 40, "qualifier": "AT_LEAST"}`; ids are
    /// row ids of the organizations and places named).
    async fn value(&self) -> Json<serde_json::Value> {
        Json(serde_json::to_value(&self.proposal.fact).unwrap_or_default())
    }
}

/// What accepting proposed facts wrote.
#[derive(SimpleObject)]
pub struct AcceptedFacts {
    /// The events created.
    pub events: Vec<Event>,
    /// The delegations created.
    pub delegations: Vec<Delegation>,
    /// How many citations were created: one per accepted fact, with its quote.
    pub citations: usize,
    /// The data version of the change.
    pub data_version: i64,
}

/// Ingesting press releases.
#[derive(Default)]
pub struct IngestMutation;

/// Ingesting press releases.
#[Object]
impl IngestMutation {
    /// Ingests a press release (EDITOR): its dateline (`CRETEIL, le 27 novembre 2019`, `27/11/2019`, English
    /// datelines too), title, body and contact block become a PRESS_RELEASE document of `publisher`, and the known
    /// organizations and places it names become mentions. The same text ingested again creates nothing
    /// (`created: false`). Text it cannot read is refused (`BAD_USER_INPUT`) naming the part expected and its line.
    async fn ingest_press_release(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The release, in Markdown or plain text.")] text: String,
        #[graphql(desc = "The organization that published it.")] publisher: ID,
    ) -> AppResult<IngestedPressRelease> {
        let caller = require(ctx, Role::Editor)?;
        let publisher = row_of_id(&publisher, "Organization", "publisher")?;
        let (db, feed) = writer(ctx)?;
        Ok(IngestedPressRelease(crate::ingest::ingest(db, &text, publisher, &caller.name, feed).await?))
    }

    /// Writes the proposed facts of an ingested press release chosen by their `index` (EDITOR), in one
    /// transaction, each cited with its quote and paragraph: events and delegations are created in the
    /// publisher's partnership; counts, domains and start years are cited on it.
    async fn accept_proposed_facts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The press release's document.")] document: ID,
        #[graphql(desc = "The `index` of each proposal to accept.")] proposals: Vec<usize>,
    ) -> AppResult<AcceptedFacts> {
        let caller = require(ctx, Role::Editor)?;
        let document = row_of_id(&document, "Document", "document")?;
        let (db, feed) = writer(ctx)?;
        let accepted = crate::ingest::accept(db, document, &proposals, &caller.name, feed).await?;
        let events = crate::db::keyed::by_ids::<entity::event::Entity>(db, &accepted.events).await?;
        let delegations = crate::db::keyed::by_ids::<entity::delegation::Entity>(db, &accepted.delegations).await?;
        Ok(AcceptedFacts {
            events: accepted.events.iter().filter_map(|id| events.get(id).cloned().map(Event)).collect(),
            delegations: accepted
                .delegations
                .iter()
                .filter_map(|id| delegations.get(id).cloned().map(Delegation))
                .collect(),
            citations: accepted.citations,
            data_version: accepted.data_version,
        })
    }
}
