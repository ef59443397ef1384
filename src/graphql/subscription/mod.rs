//! Subscriptions: the committed changes, live, from every server, resumable from any data version.

use async_graphql::futures_util::Stream;
use async_graphql::{Context, ID, InputObject, Subscription as GraphQLSubscription};

use crate::error::{AppError, AppResult};
use crate::graphql::ids::{decode_global_id, subject_of_id};
use crate::graphql::types::CommittedChanges;
use crate::graphql::types::enums::SubjectKind;
use crate::live::{ChangeHub, ChangeSelector};

/// Which committed changes to receive: every condition given must hold.
#[derive(InputObject, Default)]
pub struct ChangeStreamFilter {
    /// Only changes of objects of these kinds.
    pub kinds: Option<Vec<SubjectKind>>,
    /// Only changes of this object or of what points at it (its names, memberships, participations, domains,
    /// citations, mentions…).
    pub about: Option<ID>,
    /// Only changes of this partnership or of what belongs to it (its members, projects, delegations, events and
    /// what points at them).
    pub partnership: Option<ID>,
    /// Only changes made by this token name (or `knowledge`, `synthetic`).
    pub by: Option<String>,
}

impl ChangeStreamFilter {
    fn selector(self) -> AppResult<ChangeSelector> {
        let partnership = match &self.partnership {
            Some(id) => match decode_global_id(id)? {
                (type_name, row) if type_name == "Partnership" => Some(row),
                _ => {
                    return Err(AppError::bad_input(
                        "filter.partnership",
                        format!("`{}` is not the id of a partnership", id.as_str()),
                    ));
                }
            },
            None => None,
        };
        Ok(ChangeSelector {
            kinds: self.kinds.map(|kinds| kinds.into_iter().map(Into::into).collect()),
            about: self.about.as_ref().map(subject_of_id).transpose()?,
            partnership,
            by: self.by,
        })
    }
}

/// Every subscription of the schema.
#[derive(Default)]
pub struct Subscription;

/// Every subscription of the schema: the committed changes, live, over WebSocket (graphql-transport-ws).
#[GraphQLSubscription]
impl Subscription {
    /// Each write committed from now on (or after the data version `since`, read from the history: a client
    /// that reconnects with the last `dataVersion` it received misses nothing), with its changes that the filter
    /// selects; transactions with none are skipped. Changes made through any server arrive.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which changes to receive.")] filter: Option<ChangeStreamFilter>,
        #[graphql(desc = "Start after this data version instead of now.")] since: Option<i64>,
    ) -> Result<impl Stream<Item = AppResult<CommittedChanges>> + use<>, AppError> {
        let selector = filter.unwrap_or_default().selector()?;
        let hub = ctx.data::<ChangeHub>().map_err(|_| AppError::Internal("the schema has no change hub".into()))?;
        let subscription = hub.subscribe(since, selector).await?;
        Ok(async_graphql::futures_util::stream::unfold(subscription, |mut subscription| async move {
            let next = subscription.next().await?;
            Some((next.map(CommittedChanges::from).map_err(AppError::from), subscription))
        }))
    }
}
