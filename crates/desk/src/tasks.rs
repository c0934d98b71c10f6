//! The desk's background tasks (bot workers, storing screenshot readings),
//! counted so shutdown can tell them to stop and wait until they have.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

/// The running background tasks and the signal that they should stop.
#[derive(Debug)]
pub struct Tasks {
    /// Set once shutdown begins; tasks watch it.
    stopping: watch::Sender<bool>,
    /// Tasks running now.
    running: AtomicUsize,
    /// Woken when the last task ends.
    idle: Notify,
}

impl Default for Tasks {
    fn default() -> Tasks {
        Tasks {
            stopping: watch::channel(false).0,
            running: AtomicUsize::new(0),
            idle: Notify::new(),
        }
    }
}

/// Counts one task until dropped.
struct Running(Arc<Tasks>);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Tasks {
    /// Runs `task` on `runtime`, counted until it ends.
    pub fn spawn_on(
        self: &Arc<Self>,
        runtime: &tokio::runtime::Handle,
        task: impl Future<Output = ()> + Send + 'static,
    ) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let running = Running(self.clone());
        runtime.spawn(async move {
            task.await;
            drop(running);
        });
    }

    /// Runs `task` on the current runtime, counted until it ends.
    pub fn spawn(self: &Arc<Self>, task: impl Future<Output = ()> + Send + 'static) {
        self.spawn_on(&tokio::runtime::Handle::current(), task);
    }

    /// Whether shutdown has begun (no new work should start).
    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Resolves once shutdown begins.
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(|stopping| *stopping).await;
    }

    /// Tasks running now.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Tells every task to stop and waits until they have, or `limit`
    /// passed; whether they all did.
    pub async fn stop(&self, limit: Duration) -> bool {
        self.stopping.send_replace(true);
        tokio::time::timeout(limit, async {
            loop {
                let idle = self.idle.notified();
                tokio::pin!(idle);
                idle.as_mut().enable();
                if self.running() == 0 {
                    return;
                }
                idle.await;
            }
        })
        .await
        .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stopping_waits_for_tasks_that_watch_the_signal() {
        let tasks = Arc::new(Tasks::default());
        for _ in 0..3 {
            let t = tasks.clone();
            tasks.spawn(async move { t.stopped().await });
        }
        assert_eq!(tasks.running(), 3);
        assert!(tasks.stop(Duration::from_secs(5)).await);
        assert_eq!(tasks.running(), 0);
        assert!(tasks.is_stopping());
    }

    #[tokio::test(start_paused = true)]
    async fn stopping_gives_up_on_a_task_that_ignores_it() {
        let tasks = Arc::new(Tasks::default());
        tasks.spawn(std::future::pending());
        assert!(!tasks.stop(Duration::from_secs(1)).await);
    }
}
