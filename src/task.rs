//! Tasks tied to their owner: a task whose result nobody waits for any more is stopped.

/// Aborts a task when dropped.
pub struct AbortOnDrop(pub tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
