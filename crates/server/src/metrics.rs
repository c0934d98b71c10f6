//! `GET /metrics` in the Prometheus text format, and the HTTP middleware that
//! counts requests and their latency by route template (never by raw URL).
//!
//! The recorder is process-wide (the `metrics` facade has one): [`install`]
//! sets it up once and later calls share it. Counters and histograms are
//! updated where things happen (`kadesk_desk::metrics`, the middleware);
//! gauges that describe a state — open sockets, the queue for a person and
//! its oldest wait, the OCR pool, the database pool — are read when
//! Prometheus scrapes, so they cost nothing in between.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::AppState;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets of HTTP requests, seconds.
const HTTP_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Buckets of the NLU and OCR times, seconds.
const WORK_BUCKETS: &[f64] = &[
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0,
];

/// Installs the Prometheus recorder once for the process; `None` when
/// another recorder was installed first (then `/metrics` answers 503).
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    metrics_exporter_prometheus::Matcher::Full(HTTP_SECONDS.into()),
                    HTTP_BUCKETS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        metrics_exporter_prometheus::Matcher::Suffix("_seconds".into()),
                        WORK_BUCKETS,
                    )
                });
            match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed; /metrics is off");
                    None
                }
            }
        })
        .clone()
}

const HTTP_REQUESTS: &str = "kadesk_http_requests_total";
const HTTP_SECONDS: &str = "kadesk_http_request_duration_seconds";

/// Counts each request and times it, labelled by method, route template and
/// status class; answers 5xx also count as errors.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = match response.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    if status == "5xx" {
        kadesk_desk::metrics::error("http");
    }
    metrics::counter!(HTTP_REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_SECONDS, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: every metric in the Prometheus text format.
pub async fn render(State(state): State<AppState>) -> Response {
    let Some(handle) = install() else {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "metrics are off: another recorder was installed\n",
        )
            .into_response();
    };
    metrics::gauge!("kadesk_open_sockets").set(state.sockets.count() as f64);
    match state.store.queue_stats(state.now()).await {
        Ok((queued, oldest_wait_ms)) => {
            metrics::gauge!("kadesk_queue_length").set(queued as f64);
            metrics::gauge!("kadesk_queue_oldest_wait_seconds").set(oldest_wait_ms as f64 / 1000.0);
        }
        Err(e) => {
            kadesk_desk::metrics::error("metrics");
            tracing::warn!(error = %e, "queue figures not read for /metrics");
        }
    }
    let pool = state.store.pool_stats();
    metrics::gauge!("kadesk_db_connections", "state" => "open").set(pool.open as f64);
    metrics::gauge!("kadesk_db_connections", "state" => "idle").set(pool.idle as f64);
    metrics::gauge!("kadesk_ocr_in_flight").set(state.vision.in_flight() as f64);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}
