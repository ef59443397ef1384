//! Admission of GraphQL executions: a bounded number at once, a bounded number per client so that one client
//! cannot hold the whole database pool, and a bounded wait in a first-come queue before a 503.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::config::Config;

/// How many clients' queues are kept before the idle ones are forgotten.
const CLIENTS_KEPT: usize = 1024;

/// The execution slots of the server.
pub struct Admission {
    slots: Arc<Semaphore>,
    max: usize,
    per_client: usize,
    clients: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
    wait: Duration,
}

/// A request's slot, held while it executes.
pub struct Admitted {
    _slot: OwnedSemaphorePermit,
    _client_slot: Option<OwnedSemaphorePermit>,
}

/// The request waited its longest for a slot: the server is busy.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the server is busy: retry in a second")]
pub struct Busy;

impl Admission {
    /// The slots `config` allows.
    pub fn from_config(config: &Config) -> Self {
        let max = config.max_concurrent_executions.max(1);
        Self {
            slots: Arc::new(Semaphore::new(max)),
            max,
            per_client: config.max_executions_per_client.max(1),
            clients: Mutex::new(HashMap::new()),
            wait: config.queue_timeout(),
        }
    }

    /// How many GraphQL requests hold a slot now: their work stops, and their slot is released, when they are
    /// answered, time out, or their client leaves.
    pub fn executing(&self) -> usize {
        self.max - self.slots.available_permits()
    }

    fn client_slots(&self, client: IpAddr) -> Option<Arc<Semaphore>> {
        let mut clients = self.clients.lock().ok()?;
        if clients.len() >= CLIENTS_KEPT {
            // A client's semaphore referenced only by the map has nobody executing or waiting.
            clients.retain(|_, slots| Arc::strong_count(slots) > 1);
        }
        Some(clients.entry(client).or_insert_with(|| Arc::new(Semaphore::new(self.per_client))).clone())
    }

    /// Waits for a slot for a request of `client` (unknown for requests that did not come through a socket);
    /// [`Busy`] once the wait is over.
    pub async fn admit(&self, client: Option<IpAddr>) -> Result<Admitted, Busy> {
        let deadline = Instant::now() + self.wait;
        // The client's own queue first, so that its waiting requests do not take places in the shared one.
        let client_slot = match client.and_then(|client| self.client_slots(client)) {
            Some(slots) => Some(
                tokio::time::timeout_at(deadline, slots.acquire_owned()).await.map_err(|_| Busy)?.map_err(|_| Busy)?,
            ),
            None => None,
        };
        let slot = tokio::time::timeout_at(deadline, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        Ok(Admitted { _slot: slot, _client_slot: client_slot })
    }
}
