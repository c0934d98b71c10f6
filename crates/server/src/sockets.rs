//! Counts the open WebSocket connections so shutdown can wait for them:
//! an upgraded socket is no longer a request the HTTP server waits for, and
//! without this the process could exit before a socket sent its close frame.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// The open sockets of this process.
#[derive(Debug, Default)]
pub struct OpenSockets {
    count: AtomicUsize,
    idle: Notify,
}

/// Held by one socket from its upgrade request until its task ends.
#[derive(Debug)]
pub struct SocketGuard(Arc<OpenSockets>);

impl OpenSockets {
    /// Counts one socket; it stays counted until the guard is dropped. Take
    /// it in the upgrade handler, before the socket's task is spawned.
    pub fn open(self: &Arc<Self>) -> SocketGuard {
        self.count.fetch_add(1, Ordering::SeqCst);
        SocketGuard(self.clone())
    }

    /// Sockets open now.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits until every socket has closed, or `limit` passed; whether they did.
    pub async fn wait_closed(&self, limit: Duration) -> bool {
        tokio::time::timeout(limit, async {
            loop {
                let notified = self.idle.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                if self.count() == 0 {
                    return;
                }
                notified.await;
            }
        })
        .await
        .is_ok()
    }
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiting_ends_when_the_last_socket_closes() {
        let sockets = Arc::new(OpenSockets::default());
        assert!(sockets.wait_closed(Duration::from_millis(1)).await);
        let a = sockets.open();
        let b = sockets.open();
        let waiter = {
            let sockets = sockets.clone();
            tokio::spawn(async move { sockets.wait_closed(Duration::from_secs(30)).await })
        };
        drop(a);
        assert_eq!(sockets.count(), 1);
        drop(b);
        assert!(waiter.await.expect("joins"));
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_gives_up_after_the_limit() {
        let sockets = Arc::new(OpenSockets::default());
        let _open = sockets.open();
        assert!(!sockets.wait_closed(Duration::from_secs(5)).await);
    }
}
