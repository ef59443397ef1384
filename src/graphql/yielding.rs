//! Connection nodes that let the runtime in now and then, so that a large answer can be stopped while it is built.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

/// How many connection nodes a request resolves between two yields to the runtime.
const NODES_PER_YIELD: usize = 64;

/// How many connection nodes a request resolved (one per request, in its data).
#[derive(Default)]
pub struct ResolvedNodes(AtomicUsize);

/// A connection node, resolved as its type is. Resolving rows already loaded never waits, so a large answer would
/// otherwise be built in one poll, out of reach of the timeout and of a client that leaves: every
/// [`NODES_PER_YIELD`] nodes, the work yields, and its task can be stopped there.
pub struct Yielding<T>(pub T);

impl<T: OutputType> OutputType for Yielding<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
        if let Ok(resolved) = ctx.data::<ResolvedNodes>()
            && resolved.0.fetch_add(1, Ordering::Relaxed) % NODES_PER_YIELD == NODES_PER_YIELD - 1
        {
            YieldNow(false).await;
        }
        self.0.resolve(ctx, field).await
    }
}

/// Returns `Pending` once, waking its task at once (not deferred, as `tokio::task::yield_now` does): the request
/// is still runnable, so its DataLoader batches keep waiting for it to be idle.
struct YieldNow(bool);

impl std::future::Future for YieldNow {
    type Output = ();

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}
