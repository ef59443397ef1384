//! Deterministic DataLoader batches: a batch is loaded only once the request has nothing left to do but wait.
//!
//! async-graphql's DataLoader loads a batch a fixed delay after its first key; resolvers that register their keys
//! later (a long list is polled in rounds, and slower builds take longer) would start a second batch, so the
//! number of statements would depend on timing and on the number of rows. Here the request future is tracked:
//! it is *idle* when its last poll returned `Pending` without waking itself, that is when every branch is waiting
//! on a load; a batch starts then, with every key of its level. The statement count depends on the query's
//! depth only.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use async_graphql::futures_util::future::BoxFuture;
use tokio::sync::Notify;

const POLLING: u8 = 0;
const RUNNABLE: u8 = 1;
const IDLE: u8 = 2;

/// Whether a request is being polled, is ready to be polled again, or waits on nothing but I/O.
pub struct RequestActivity {
    state: AtomicU8,
    became_idle: Notify,
}

impl RequestActivity {
    /// The activity of a request not polled yet; it counts as idle, so loads never wait on an untracked request.
    pub fn new() -> Arc<Self> {
        Arc::new(Self { state: AtomicU8::new(IDLE), became_idle: Notify::new() })
    }

    /// Waits until the request is idle.
    pub async fn idle(&self) {
        loop {
            let notified = self.became_idle.notified();
            if self.state.load(Ordering::Acquire) == IDLE {
                return;
            }
            notified.await;
        }
    }

    /// A DataLoader spawner whose load tasks wait for the request to be idle before their batch closes.
    pub fn spawner(self: &Arc<Self>) -> impl Fn(BoxFuture<'static, ()>) + Send + Sync + 'static {
        let activity = self.clone();
        move |load: BoxFuture<'static, ()>| {
            let activity = activity.clone();
            tokio::spawn(async move {
                activity.idle().await;
                load.await;
            });
        }
    }

    /// Runs `request` while tracking its activity.
    pub fn track<F: Future>(self: &Arc<Self>, request: F) -> Tracked<F> {
        Tracked { request: Box::pin(request), activity: self.clone() }
    }
}

/// Marks the request runnable when anything wakes it, then wakes its task.
struct ActivityWaker {
    activity: Arc<RequestActivity>,
    task: Waker,
}

impl Wake for ActivityWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.activity.state.store(RUNNABLE, Ordering::Release);
        self.task.wake_by_ref();
    }
}

/// A request future whose activity is tracked.
pub struct Tracked<F> {
    request: Pin<Box<F>>,
    activity: Arc<RequestActivity>,
}

impl<F> Drop for Tracked<F> {
    fn drop(&mut self) {
        // A request dropped mid-way (timeout, client gone) waits for nothing: let its pending loads finish.
        self.activity.state.store(IDLE, Ordering::Release);
        self.activity.became_idle.notify_waiters();
    }
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let activity = self.activity.clone();
        activity.state.store(POLLING, Ordering::Release);
        let waker = Waker::from(Arc::new(ActivityWaker { activity: activity.clone(), task: cx.waker().clone() }));
        let result = self.request.as_mut().poll(&mut Context::from_waker(&waker));
        // Woken during its own poll (it yielded to be polled again): still runnable, not idle.
        let went_idle = result.is_ready()
            || activity.state.compare_exchange(POLLING, IDLE, Ordering::AcqRel, Ordering::Acquire).is_ok();
        if result.is_ready() {
            activity.state.store(IDLE, Ordering::Release);
        }
        if went_idle {
            activity.became_idle.notify_waiters();
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn loads_wait_for_the_request_to_be_idle_or_gone() {
        let activity = RequestActivity::new();
        let (sender, receiver) = tokio::sync::oneshot::channel::<()>();
        // A request that keeps yielding for a while, then waits on a load.
        let request = activity.track(async move {
            for _ in 0..50 {
                tokio::task::yield_now().await;
            }
            receiver.await.ok();
        });
        let waited = tokio::spawn({
            let activity = activity.clone();
            async move {
                activity.idle().await;
            }
        });
        let request = tokio::spawn(request);
        tokio::time::timeout(Duration::from_secs(5), waited).await.expect("idle once the request waits").expect("task");
        sender.send(()).ok();
        request.await.expect("the request ends");

        // A request dropped while runnable releases the loads waiting on it.
        let activity = RequestActivity::new();
        let request = activity.track(std::future::pending::<()>());
        activity.state.store(RUNNABLE, Ordering::Release);
        drop(request);
        tokio::time::timeout(Duration::from_secs(5), activity.idle()).await.expect("released");
    }
}
