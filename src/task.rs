//! Tasks tied to their owner: a task whose result nobody waits for any more is stopped.

use std::panic::AssertUnwindSafe;
use std::task::Poll;

use async_graphql::futures_util::FutureExt;

/// Aborts a task when dropped.
pub struct AbortOnDrop(pub tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The output of `work`, or `None` when it panicked. Work that needs no wait (an introspection, a request the
/// limits refuse) ends where it is; work that waits goes on in a task of its own, so that each of its wake-ups
/// polls it alone rather than the caller's whole stack of futures. Dropping this future stops the work at its
/// next await point.
pub async fn finish<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> Option<T> {
    let mut work = Box::pin(AssertUnwindSafe(work).catch_unwind());
    if let Poll::Ready(finished) = std::future::poll_fn(|cx| Poll::Ready(work.as_mut().poll(cx))).await {
        return finished.ok();
    }
    let task = tokio::spawn(work);
    let _abort = AbortOnDrop(task.abort_handle());
    task.await.ok().and_then(Result::ok)
}
