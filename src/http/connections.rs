//! Accepting connections: a cap on open connections (one more is answered 503 and closed, accepting goes on),
//! header-read and idle timeouts, the client's address for fairness, and a graceful shutdown.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::config::Config;

/// The address of the client that sent a request, as a request extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

/// The connection limits of the configuration.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Most connections open at once.
    pub max_connections: usize,
    /// Longest wait for a request's headers (also between two requests of an HTTP/1 connection).
    pub header_read_timeout: Duration,
    /// Longest time a connection stays open with no request under way.
    pub idle_timeout: Duration,
}

impl ConnectionLimits {
    /// The limits `config` sets.
    pub fn from_config(config: &Config) -> Self {
        Self {
            max_connections: config.max_connections.max(1),
            header_read_timeout: Duration::from_secs(config.header_read_timeout_secs.max(1)),
            idle_timeout: Duration::from_secs(config.idle_timeout_secs.max(1)),
        }
    }
}

/// Requests under way on one connection, and when the last one ended.
struct Activity {
    in_flight: AtomicUsize,
    last_ended: Mutex<Instant>,
}

impl Activity {
    fn new() -> Self {
        Self { in_flight: AtomicUsize::new(0), last_ended: Mutex::new(Instant::now()) }
    }

    fn start(self: &Arc<Self>) -> RequestUnderWay {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        RequestUnderWay(self.clone())
    }

    /// How long the connection may still stay idle; `None` once it has been idle for `limit`.
    fn idle_left(&self, limit: Duration) -> Option<Duration> {
        if self.in_flight.load(Ordering::SeqCst) > 0 {
            return Some(limit);
        }
        let idle = self.last_ended.lock().map_or(Duration::ZERO, |ended| ended.elapsed());
        limit.checked_sub(idle).filter(|left| !left.is_zero())
    }

    async fn idle_for(&self, limit: Duration) {
        while let Some(left) = self.idle_left(limit) {
            tokio::time::sleep(left).await;
        }
    }
}

/// Marks a request under way until it is dropped (answered, or abandoned by its client).
struct RequestUnderWay(Arc<Activity>);

impl Drop for RequestUnderWay {
    fn drop(&mut self) {
        if let Ok(mut ended) = self.0.last_ended.lock() {
            *ended = Instant::now();
        }
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

const BUSY_BODY: &str = "coopkb has as many connections open as it allows; retry in a second\n";

/// Answers a connection over the cap with a 503 and closes it, within a second whatever the client does.
async fn refuse(mut stream: TcpStream) {
    let answer = async {
        // Read what the client sent first, so that closing does not reset the connection before it reads.
        let mut request = [0_u8; 4096];
        let _ = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut request)).await;
        let response = format!(
            "HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-type: text/plain; charset=utf-8\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{BUSY_BODY}",
            BUSY_BODY.len()
        );
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await?;
        while stream.read(&mut request).await? > 0 {}
        Ok::<_, std::io::Error>(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), answer).await;
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then lets the requests under way
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.idle_timeout / 2))
        .keep_alive_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, most likely: wait for some to be released rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tracing::warn!(client = %peer, "connection refused: the connection limit is reached");
            tokio::spawn(refuse(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, peer, router.clone(), builder.clone(), limits, stopping.clone(), permit));
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a permit until it is closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = open.acquire_many(all).await;
    Ok(())
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    builder: Arc<Builder<TokioExecutor>>,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
    _permit: tokio::sync::OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let requests = activity.clone();
    let client = ClientAddr(peer.ip());
    let service = tower::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(client);
        let under_way = requests.start();
        let router = router.clone();
        async move {
            let response = router.oneshot(request.map(Body::new)).await;
            drop(under_way);
            response
        }
    });
    let mut conn =
        pin!(builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service)));
    let mut idle = pin!(activity.idle_for(limits.idle_timeout));
    let mut closing = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, client = %peer, "connection ended with an error");
                }
                break;
            }
            () = &mut idle, if !closing => {
                tracing::debug!(client = %peer, "closing an idle connection");
                conn.as_mut().graceful_shutdown();
                closing = true;
            }
            changed = stopping.changed(), if !closing => {
                if changed.is_err() || *stopping.borrow() {
                    conn.as_mut().graceful_shutdown();
                    closing = true;
                }
            }
        }
    }
}
