//! The hub of one server: a task, running while someone subscribes, that reads each committed write transaction
//! once from the history and broadcasts it; and the subscribers, which catch up from the history and then follow
//! the broadcast, going back to the history whenever they missed something.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::{Notify, broadcast};

use super::{ChangeSelector, LiveVersion, read_after};
use crate::db::{data_version, dialect};
use crate::task::AbortOnDrop;
use crate::write::ChangeFeed;

/// How often the hub looks at the history without being told of a commit: a safety net for announcements lost
/// with a connection, or writes by another process on the same SQLite file.
const POLL: Duration = Duration::from_secs(2);

/// How long the listener waits before connecting again after PostgreSQL went away.
const RECONNECT: Duration = Duration::from_secs(1);

/// How many transactions the broadcast holds for a slow subscriber before it falls back to the history.
const BROADCAST_CAPACITY: usize = 64;

/// The committed changes of one server, for its subscribers (cheap to clone).
#[derive(Clone)]
pub struct ChangeHub {
    shared: Arc<Shared>,
}

struct Shared {
    db: DatabaseConnection,
    feed: ChangeFeed,
    running: Mutex<Option<broadcast::Sender<Arc<LiveVersion>>>>,
}

impl ChangeHub {
    /// The hub of the server writing through `feed` to `db`; it reads nothing until someone subscribes.
    pub fn new(db: DatabaseConnection, feed: ChangeFeed) -> Self {
        Self { shared: Arc::new(Shared { db, feed, running: Mutex::new(None) }) }
    }

    /// The changes committed after `since` (by default, from now on) that `selector` selects.
    pub async fn subscribe(&self, since: Option<i64>, selector: ChangeSelector) -> Result<Subscription, DbErr> {
        let receiver = self.receiver().await?;
        let last = match since {
            Some(since) => since,
            None => data_version::current(&self.shared.db).await?,
        };
        Ok(Subscription {
            hub: self.clone(),
            receiver,
            last,
            caught_up: false,
            pending: VecDeque::new(),
            selector,
            failed: false,
        })
    }

    /// A receiver of the broadcast, starting the hub's task if it is not running.
    async fn receiver(&self) -> Result<broadcast::Receiver<Arc<LiveVersion>>, DbErr> {
        if let Some(receiver) = self.running_receiver() {
            return Ok(receiver);
        }
        let start = data_version::current(&self.shared.db).await?;
        let mut running = self.shared.running.lock().map_err(|_| DbErr::Custom("the change hub failed".into()))?;
        if let Some(sender) = running.as_ref() {
            return Ok(sender.subscribe());
        }
        let (sender, receiver) = broadcast::channel(BROADCAST_CAPACITY);
        *running = Some(sender.clone());
        tokio::spawn(run(self.shared.clone(), sender, start));
        Ok(receiver)
    }

    fn running_receiver(&self) -> Option<broadcast::Receiver<Arc<LiveVersion>>> {
        self.shared.running.lock().ok()?.as_ref().map(broadcast::Sender::subscribe)
    }

    /// How many subscribers this server has.
    pub fn subscribers(&self) -> usize {
        self.shared.running.lock().ok().and_then(|running| running.as_ref().map(|s| s.receiver_count())).unwrap_or(0)
    }
}

impl Shared {
    /// Stops the broadcast when nobody listens any more; whether it stopped.
    fn stop_if_unwatched(&self, sender: &broadcast::Sender<Arc<LiveVersion>>) -> bool {
        let Ok(mut running) = self.running.lock() else { return true };
        if sender.receiver_count() > 0 {
            return false;
        }
        if running.as_ref().is_some_and(|current| current.same_channel(sender)) {
            *running = None;
        }
        true
    }
}

/// The hub's task: waits for an announcement (or the poll), reads what was committed after `last`, broadcasts
/// it, until nobody subscribes.
async fn run(shared: Arc<Shared>, sender: broadcast::Sender<Arc<LiveVersion>>, mut last: i64) {
    let wakeup = Arc::new(Notify::new());
    let _listener = dialect::postgres_pool(&shared.db)
        .map(|pool| AbortOnDrop(tokio::spawn(listen(pool.clone(), wakeup.clone())).abort_handle()));
    let mut local = shared.feed.subscribe();
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tracing::debug!(data_version = last, "the change hub starts");
    loop {
        tokio::select! {
            _ = local.recv() => {}
            () = wakeup.notified() => {}
            _ = poll.tick() => {}
        }
        if shared.stop_if_unwatched(&sender) {
            tracing::debug!("the change hub stops: nobody subscribes");
            return;
        }
        loop {
            match read_after(&shared.db, last).await {
                Ok(versions) if versions.is_empty() => break,
                Ok(versions) => {
                    for version in versions {
                        last = version.data_version;
                        let _ = sender.send(Arc::new(version));
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "could not read the committed changes; trying again");
                    break;
                }
            }
        }
    }
}

/// Listens to the commits of every server on PostgreSQL and wakes the hub for each, and after every reconnection
/// (it then catches up from the history).
async fn listen(pool: sea_orm::sqlx::PgPool, wakeup: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(dialect::CHANGES_CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        match listener.await {
            Ok(mut listener) => {
                wakeup.notify_one();
                loop {
                    match listener.try_recv().await {
                        // `None`: the connection was lost; the next call connects again.
                        Ok(_) => wakeup.notify_one(),
                        Err(error) => {
                            tracing::warn!(%error, "lost the PostgreSQL connection listening for changes");
                            break;
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot listen for changes on PostgreSQL"),
        }
        tokio::time::sleep(RECONNECT).await;
    }
}

/// One subscriber's changes: those committed after the last data version it received, read from the history
/// until it has caught up, then from the broadcast.
pub struct Subscription {
    hub: ChangeHub,
    receiver: broadcast::Receiver<Arc<LiveVersion>>,
    last: i64,
    caught_up: bool,
    pending: VecDeque<Arc<LiveVersion>>,
    selector: ChangeSelector,
    failed: bool,
}

/// A committed write transaction, and which of its changes a subscriber asked for (by position).
pub type Selected = (Arc<LiveVersion>, Vec<usize>);

impl Subscription {
    /// The next committed transaction with a change the subscriber asked for; `None` after an error was returned.
    pub async fn next(&mut self) -> Option<Result<Selected, DbErr>> {
        if self.failed {
            return None;
        }
        let next = self.next_selected().await;
        self.failed = next.is_err();
        Some(next)
    }

    async fn next_selected(&mut self) -> Result<Selected, DbErr> {
        loop {
            while let Some(version) = self.pending.pop_front() {
                self.last = version.data_version;
                let selected: Vec<usize> = (0..version.changes.len())
                    .filter(|&index| self.selector.matches(&version.changes[index]))
                    .collect();
                if !selected.is_empty() {
                    return Ok((version, selected));
                }
            }
            if !self.caught_up {
                let versions = read_after(&self.hub.shared.db, self.last).await?;
                self.caught_up = versions.is_empty();
                self.pending.extend(versions.into_iter().map(Arc::new));
                continue;
            }
            match self.receiver.recv().await {
                Ok(version) if version.data_version <= self.last => {}
                // The server read something this subscriber has not seen: read it from the history.
                Ok(version) if version.after > self.last => self.caught_up = false,
                Ok(version) => self.pending.push_back(version),
                Err(broadcast::error::RecvError::Lagged(_)) => self.caught_up = false,
                Err(broadcast::error::RecvError::Closed) => {
                    self.receiver = self.hub.receiver().await?;
                    self.caught_up = false;
                }
            }
        }
    }
}
