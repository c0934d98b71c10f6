//! The kadesk HTTP and WebSocket server.
//!
//! [`router`] builds the whole application from an [`AppState`]; [`serve`]
//! runs it on a listener until a shutdown signal, then waits for every socket
//! to close. Tests call the router directly (`tower::ServiceExt::oneshot`) or
//! serve it on `127.0.0.1:0`.
//!
//! - `api/` holds one module per REST resource, each with its own `router()`.
//! - [`ws`] holds the buyer and agent sockets; [`chat`] the send path they
//!   share with REST; [`hub`] the live fan-out.
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
pub mod bot;
pub mod bot_settings;
pub mod chat;
pub mod error;
pub mod files;
pub mod guard;
pub mod hours;
pub mod hub;
pub mod knowledge;
pub mod limits;
pub mod nlu;
mod openapi;
pub mod sockets;
pub mod vision;
mod web;
pub mod ws;

pub use api::shop;
pub use error::ApiError;
pub use hub::Hub;
pub use kadesk_bot;

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
    /// [`AppState::bot_config`], never this field.
    pub bot: kadesk_bot::BotConfig,
    /// When agents work; `None`: always (the bot never takes an after-hours message).
    pub business_hours: Option<hours::BusinessHours>,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Real-IP` name the client
    /// (see [`auth::ClientIp`]); empty: the socket's peer is the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Durable storage of every conversation, message, user and order.
    pub store: Store,
    /// Live fan-out of events to the sockets on this node.
    pub hub: Arc<Hub>,
    /// Uploaded images, content-addressed.
    pub files: files::FileStore,
    /// Start-up settings.
    pub config: Arc<ServerConfig>,
    /// Set to true once the server begins to shut down; sockets watch it.
    pub shutdown: Arc<watch::Sender<bool>>,
    /// The open sockets, so shutdown waits for their close frames.
    pub sockets: Arc<sockets::OpenSockets>,
    /// The language model, retrainable at run time.
    pub nlu: Arc<nlu::NluService>,
    /// Password hashing, bounded to one argon2 run per core.
    pub passwords: Arc<auth::Passwords>,
    /// Orders and card keys: sources, encryption, buyer verification.
    pub shop: Arc<kadesk_shop::Shop>,
    /// The bot's executor: templates and per-conversation order.
    pub bot: Arc<bot::BotService>,
    /// The bot's policy now (the file's, or what an admin saved since).
    pub bot_config: Arc<bot_settings::LiveBotConfig>,
    /// The knowledge base's live search index.
    pub knowledge: Arc<knowledge::KnowledgeService>,
    /// The screenshot reader's bounded worker pool (none until `with_vision`).
    pub vision: Arc<vision::VisionService>,
    /// New widget sessions per client address (see [`limits`]).
    pub widget_sessions: Arc<limits::AddressLimiter>,
}

impl AppState {
    pub fn new(store: Store, config: ServerConfig) -> AppState {
        AppState {
            hub: Arc::new(Hub::new()),
            files: files::FileStore::new(config.files_dir.clone()),
            shutdown: Arc::new(watch::channel(false).0),
            sockets: Arc::new(sockets::OpenSockets::default()),
            nlu: Arc::new(nlu::NluService::new(config.nlu_examples.clone())),
            passwords: Arc::new(auth::Passwords::default()),
            // Replaced by `with_shop` in the binary; this one seals with a
            // key that lives only in memory.
            shop: Arc::new(kadesk_shop::Shop::new(
                store.clone(),
                kadesk_shop::CardCipher::ephemeral(),
            )),
            bot: Arc::new(bot::BotService::default()),
            bot_config: Arc::new(bot_settings::LiveBotConfig::new(config.bot.clone())),
            store: {
                store.set_reopen_to_bot(config.bot.enabled);
                store
            },
            knowledge: Arc::new(knowledge::KnowledgeService::default()),
            vision: Arc::new(vision::VisionService::default()),
            widget_sessions: Arc::new(limits::AddressLimiter::default()),
            config: Arc::new(config),
        }
    }

    /// Now, by the desk's clock (the shop's, which tests can replace).
    pub fn now(&self) -> kadesk_domain::Millis {
        self.shop.now()
    }

    /// The bot's policy for the next turn (run-time settings included).
    pub fn bot_config(&self) -> Arc<kadesk_bot::BotConfig> {
        self.bot_config.get()
    }

    /// Makes `config` (validated, already stored) the bot's policy now.
    pub fn set_bot_config(&self, config: kadesk_bot::BotConfig) {
        self.store.set_reopen_to_bot(config.enabled);
        self.bot_config.set(config);
    }

    /// Applies the bot settings an admin saved, over `kadesk.toml`'s.
    pub async fn load_bot_settings(&self) -> Result<(), kadesk_store::StoreError> {
        bot_settings::load(&self.store, &self.bot_config).await?;
        self.store.set_reopen_to_bot(self.bot_config().enabled);
        Ok(())
    }

    /// Uses `shop` (configured sources, the persistent card key) for orders.
    pub fn with_shop(mut self, shop: kadesk_shop::Shop) -> AppState {
        self.shop = Arc::new(shop);
        self
    }

    /// Reads uploaded screenshots with `vision` (see [`vision::VisionService::start`]).
    pub fn with_vision(mut self, vision: vision::VisionService) -> AppState {
        self.vision = Arc::new(vision);
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
    let api = Router::new()
        .merge(api::auth::router())
        .merge(api::conversations::router())
        .merge(api::contacts::router())
        .merge(api::users::router())
        .merge(api::widget::router())
        .merge(api::shop::router())
        .merge(api::orders::router())
        .merge(api::files::router())
        .merge(api::nlu::router())
        .merge(api::bot::router())
        .merge(api::bot_settings::router())
        .merge(api::rating::router())
        .merge(api::knowledge::router())
        .merge(api::attachments::router())
        .fallback(api::not_found);
    Router::new()
        .nest("/api/v1", api)
        .route("/api/openapi.json", axum::routing::get(openapi::document))
        .route("/healthz", axum::routing::get(api::healthz))
        .fallback(web::static_file)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::cross_site,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
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
/// to close and waits for open requests to finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stopping = state.shutdown.clone();
    let sockets = state.sockets.clone();
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
    Ok(())
}

/// How long shutdown waits for open sockets to close.
const SOCKET_CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
