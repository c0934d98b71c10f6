//! The kadesk HTTP and WebSocket server.
//!
//! [`router`] builds the whole application from an [`AppState`]; [`serve`]
//! runs it on a listener until a shutdown signal, then waits for every socket
//! to close. Tests call the router directly (`tower::ServiceExt::oneshot`) or
//! serve it on `127.0.0.1:0`.
//!
//! - `api/` holds one module per REST resource, each with its own `router()`.
//! - [`ws`] holds the buyer and agent sockets.
//! - What the desk does (send path, lifecycle, bot, screenshots, live
//!   fan-out) is in `kadesk_desk`; handlers call it and serialise.
//! - [`error`] is the one error type at the edge; [`auth`] the extractors;
//!   [`guard`] what the console's cookie allows and the security headers.
//! - [`web`] serves the embedded console, widget and demo page.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::Request;
use axum::Router;
use kadesk_store::Store;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::trace::TraceLayer;

pub mod api;
pub mod auth;
pub mod error;
pub mod guard;
pub mod limits;
pub mod metrics;
mod openapi;
pub mod sockets;
mod web;
pub mod ws;

pub use error::ApiError;
use kadesk_desk::{hours, vision, Desk};

/// Largest JSON request body.
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// Settings the server needs, fixed at start-up.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// The URL buyers and agents reach the server at (for links and cookies).
    pub public_url: Option<String>,
    /// Where uploaded files are kept.
    pub files_dir: PathBuf,
    /// The operator's intent examples (`intent<TAB>text` per line).
    pub nlu_examples: PathBuf,
    /// The bot's handoff policy and limits as `kadesk.toml` `[bot]` gives
    /// them. Admins can change them at run time: read the live ones with
    /// [`Desk::bot_config`], never this field.
    pub bot: kadesk_bot::BotConfig,
    /// When agents work; `None`: always (the bot never takes an after-hours message).
    pub business_hours: Option<hours::BusinessHours>,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Real-IP` name the client
    /// (see [`auth::ClientIp`]); empty: the socket's peer is the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The settings only `kadesk.toml` sets, shown read-only on the
    /// console's general settings page (never a secret).
    pub file_settings: Vec<api::settings::FileSetting>,
}

/// Everything a handler needs; cheap to clone. The application core's
/// handles are in [`AppState::desk`] (and reachable directly through
/// `Deref`, so a handler writes `state.store`); the rest is what only the
/// HTTP edge needs.
#[derive(Clone)]
pub struct AppState {
    /// The application core: store, hub, bot, shop, services.
    pub desk: Desk,
    /// Start-up settings.
    pub config: Arc<ServerConfig>,
    /// Set to true once the server begins to shut down; sockets watch it.
    pub shutdown: Arc<watch::Sender<bool>>,
    /// The open sockets, so shutdown waits for their close frames.
    pub sockets: Arc<sockets::OpenSockets>,
    /// Password hashing, bounded to one argon2 run per core.
    pub passwords: Arc<auth::Passwords>,
    /// New widget sessions per client address (see [`limits`]).
    pub widget_sessions: Arc<limits::AddressLimiter>,
    /// The platform channels (Telegram…): their webhooks and queues.
    pub channels: kadesk_channels::Channels,
}

impl std::ops::Deref for AppState {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.desk
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }
}

impl AppState {
    pub fn new(store: Store, config: ServerConfig) -> AppState {
        let desk = Desk::new(
            store,
            kadesk_desk::DeskConfig {
                files_dir: config.files_dir.clone(),
                nlu_examples: config.nlu_examples.clone(),
                bot: config.bot.clone(),
                business_hours: config.business_hours,
                // Off unless asked for (`kadesk serve` reads `[routing]`):
                // conversations wait to be claimed by hand.
                routing: kadesk_desk::routing::RoutingSettings {
                    enabled: false,
                    ..Default::default()
                },
            },
        );
        AppState {
            shutdown: Arc::new(watch::channel(false).0),
            sockets: Arc::new(sockets::OpenSockets::default()),
            passwords: Arc::new(auth::Passwords::default()),
            widget_sessions: Arc::new(limits::AddressLimiter::default()),
            channels: kadesk_channels::Channels::none(desk.clone()),
            desk,
            config: Arc::new(config),
        }
    }

    /// Uses `shop` (configured sources, the persistent card key) for orders.
    pub fn with_shop(mut self, shop: kadesk_shop::Shop) -> AppState {
        self.desk = self.desk.with_shop(shop);
        self
    }

    /// Routes waiting conversations with `settings` (the library's default
    /// is off: conversations wait to be claimed).
    pub fn with_routing(mut self, settings: kadesk_desk::routing::RoutingSettings) -> AppState {
        self.desk = self.desk.with_routing(settings);
        self
    }

    /// Reads uploaded screenshots with `vision` (see [`vision::VisionService::start`]).
    pub fn with_vision(mut self, vision: vision::VisionService) -> AppState {
        self.desk = self.desk.with_vision(vision);
        self
    }

    /// Lets the language model word confident knowledge answers (`[llm]`).
    pub fn with_llm(mut self, settings: kadesk_desk::llm::LlmSettings) -> AppState {
        self.desk = self.desk.with_llm(settings);
        self
    }

    /// Serves the platform `channels` (build them on this state's desk,
    /// after its shop and screenshot reader are set).
    pub fn with_channels(mut self, channels: kadesk_channels::Channels) -> AppState {
        self.channels = channels;
        self
    }

    /// Limits new widget sessions per address to `limit` (instead of the
    /// default [`limits::SessionLimit`]).
    pub fn with_session_limit(mut self, limit: limits::SessionLimit) -> AppState {
        self.widget_sessions = Arc::new(limits::AddressLimiter::new(limit));
        self
    }

    /// Whether cookies must be marked `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.config
            .public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    metrics::install();
    let api = Router::new()
        .merge(api::auth::router())
        .merge(api::conversations::router())
        .merge(api::contacts::router())
        .merge(api::users::router())
        .merge(api::widget::router())
        .merge(ws::router())
        .merge(api::shop::router())
        .merge(api::orders::router())
        .merge(api::search::router())
        .merge(api::audit::router())
        .merge(api::sla::router())
        .merge(api::files::router())
        .merge(api::nlu::router())
        .merge(api::cases::router())
        .merge(api::assist::router())
        .merge(api::annotations::router())
        .merge(api::bot::router())
        .merge(api::bot_settings::router())
        .merge(api::settings::router())
        .merge(api::rating::router())
        .merge(api::reports::router())
        .merge(api::knowledge::router())
        .merge(api::attachments::router())
        .merge(api::team::router())
        .merge(api::waiting::router())
        .merge(api::canned::router())
        .merge(api::notes::router())
        .merge(api::channels::router())
        .fallback(api::not_found);
    Router::new()
        .nest("/api/v1", api)
        .route("/api/openapi.json", axum::routing::get(openapi::document))
        .route("/healthz", axum::routing::get(api::healthz))
        .route("/metrics", axum::routing::get(metrics::render))
        .fallback(web::static_file)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::cross_site,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                // Name spans by route template: never log raw URIs (they may carry tokens).
                let route = req
                    .extensions()
                    .get::<MatchedPath>()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_else(|| "static".to_owned());
                tracing::info_span!("request", method = %req.method(), route)
            }),
        )
        .with_state(state)
}

/// Serves the application until `shutdown` completes, then tells every socket
/// to close, waits for open requests to finish, and stops the desk (bot
/// workers, screenshot threads, message writer), waiting for each.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = state.shutdown.clone();
    let sockets = state.sockets.clone();
    let desk = state.desk.clone();
    // No console of a server that stopped is open any more (online time).
    if let Err(e) = desk.store.end_stale_agent_status().await {
        tracing::warn!(error = %e, "agents' open status stretches not ended");
    }
    kadesk_desk::routing::start(&desk);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: closing sockets");
            stopping.send_replace(true);
        })
        .await?;
    // Upgraded sockets are not requests the server waited for: wait for
    // them to send their close frames.
    if !sockets.wait_closed(SOCKET_CLOSE_WAIT).await {
        tracing::warn!(open = sockets.count(), "sockets still open at shutdown");
    }
    // Nothing takes new work now: stop the desk's workers, screenshot
    // threads and message writer, and wait for them.
    if !desk.shutdown(DESK_STOP_WAIT).await {
        tracing::warn!("some desk tasks did not end at shutdown");
    }
    Ok(())
}

/// How long shutdown waits for the desk's background tasks.
const DESK_STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long shutdown waits for open sockets to close.
const SOCKET_CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
