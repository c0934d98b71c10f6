//! The kadesk application core: everything the desk *does*, with no HTTP in
//! it. The adapters (the axum server, the channel adapters) extract and
//! authorise a request, call one function here, and serialise the answer.
//!
//! [`Desk`] is the core's state, a `Clone` bundle of cheap handles. Its
//! parts, each a module with a small API:
//!
//! - [`chat`]: the send path (validate, persist before acknowledging,
//!   publish) and starting a buyer's conversation.
//! - [`lifecycle`]: assign, resolve, reopen, hand back to the bot.
//! - [`outbox`]: store-then-publish for the desk's own messages (system
//!   notices, bot replies), worded by [`wording`] in the buyer's language.
//! - [`bot`]: the bot's executor, one worker per busy conversation, which
//!   runs the pure policy of `kadesk_bot` and performs its actions
//!   (replies, verification and re-delivery, handoff, refunds, outcomes).
//! - [`bot_settings`]: the bot's policy as an admin last saved it.
//! - [`settings`]: business hours and the widget's look, changed at run time.
//! - [`vision`]: the bounded pool of OCR threads that read screenshots.
//! - [`nlu`], [`knowledge`]: the live language model and search index,
//!   rebuilt at run time and swapped in.
//! - [`files`]: uploaded pictures (intake off the runtime, bounded).
//! - [`hours`]: when agents work; [`schedule`]: weekly hours, holidays and
//!   time zones, the desk's and each team's.
//! - [`cache`]: product names and lifetime spend, kept between messages.
//! - [`tasks`]: the background tasks and their stop signal.
//! - [`hub`]: the live fan-out of events to this node's sockets.
//! - [`routing`]: teams, rules, agent status and capacity; the ticks that
//!   assign waiting conversations and tell buyers their place in the queue.
//! - [`platforms`]: the messaging platforms' reply windows, and card keys
//!   queued for a platform buyer.
//! - [`sla`]: response-time promises, their due times and escalation.
//! - [`shop`]: the buyer's proof of an order and re-delivery of its keys.
//! - [`privacy`]: a contact's data exported or erased.
//! - [`cases`]: case memory, similar cases and the problem tags agents
//!   confirm; [`annotations`]: the layers of pictures agents marked up.
//!
//! Time comes from one [`Clock`] (the shop's), so tests control it.
//! Errors are [`DeskError`]s; the HTTP edge maps them to status codes.

use std::sync::Arc;

use kadesk_domain::{Clock, Millis};
use kadesk_store::Store;

pub mod annotations;
pub mod assist;
pub mod bot;
pub mod bot_settings;
pub mod cache;
pub mod cases;
pub mod chat;
mod error;
pub mod files;
pub mod hours;
pub mod hub;
pub mod knowledge;
pub mod lifecycle;
pub mod llm;
pub mod metrics;
pub mod nlu;
pub mod outbox;
pub mod platforms;
pub mod privacy;
pub mod reports;
pub mod routing;
pub mod schedule;
pub mod settings;
pub mod shop;
pub mod sla;
pub mod tasks;
pub mod vision;
pub mod wording;

pub use error::{DeskError, DeskResult};
pub use hub::Hub;

/// Settings the desk needs, fixed at start-up.
#[derive(Debug, Clone, Default)]
pub struct DeskConfig {
    /// Where uploaded files are kept.
    pub files_dir: std::path::PathBuf,
    /// The operator's intent examples (`intent<TAB>text` per line).
    pub nlu_examples: std::path::PathBuf,
    /// The bot's policy as `kadesk.toml` `[bot]` gives it (admins may
    /// replace it at run time: read [`Desk::bot_config`]).
    pub bot: kadesk_bot::BotConfig,
    /// When agents work; `None`: always.
    pub business_hours: Option<hours::BusinessHours>,
    /// Auto-away, tick interval, wait estimates.
    pub routing: routing::RoutingSettings,
}

/// The application core's state; cheap to clone.
#[derive(Clone)]
pub struct Desk {
    /// Durable storage of every conversation, message, user and order.
    pub store: Store,
    /// Live fan-out of events to the sockets on this node.
    pub hub: Arc<Hub>,
    /// Uploaded images, content-addressed.
    pub files: files::FileStore,
    /// The language model, retrainable at run time.
    pub nlu: Arc<nlu::NluService>,
    /// Orders and card keys: sources, encryption, buyer verification.
    pub shop: Arc<kadesk_shop::Shop>,
    /// The bot's executor: templates and per-conversation workers.
    pub bot: Arc<bot::BotService>,
    /// The bot's policy now (the file's, or what an admin saved since).
    pub bot_config: Arc<bot_settings::LiveBotConfig>,
    /// The knowledge base's live search index.
    pub knowledge: Arc<knowledge::KnowledgeService>,
    /// The screenshot reader's bounded worker pool (none until `with_vision`).
    pub vision: Arc<vision::VisionService>,
    /// When agents work as `kadesk.toml` says; `None`: always. Read
    /// [`Desk::hours_now`], which an admin's saved hours override.
    pub business_hours: Option<hours::BusinessHours>,
    /// The optional language model (`[llm]`; off unless `with_llm`).
    pub llm: Arc<llm::LlmService>,
    /// The model-written handoff summaries, until a conversation changes.
    pub summaries: Arc<assist::SummaryCache>,
    /// Settings an admin changed at run time (hours, the widget's look).
    pub settings: Arc<settings::LiveSettings>,
    /// Product names and lifetime spend, kept between buyer messages.
    pub shop_cache: Arc<cache::ShopCache>,
    /// The background tasks (bot workers, screenshot bookkeeping) and
    /// their stop signal.
    pub tasks: Arc<tasks::Tasks>,
    /// Routing's wake-up signal and agents' last activity.
    pub routing: Arc<routing::RoutingService>,
    /// The messaging platforms' reply windows (set by `kadesk-channels`).
    pub platforms: Arc<platforms::Platforms>,
    /// Where "now" comes from: the shop's clock, so tests set one for both.
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").finish_non_exhaustive()
    }
}

impl Desk {
    /// A desk on `store` with the built-in shop source (sealing card keys
    /// with a key that lives only in memory until [`Desk::with_shop`]), no
    /// screenshot reader and the system clock.
    pub fn new(store: Store, config: DeskConfig) -> Desk {
        store.set_reopen_to_bot(config.bot.enabled);
        let shop = kadesk_shop::Shop::new(store.clone(), kadesk_shop::CardCipher::ephemeral());
        let clock = shop.clock();
        Desk {
            hub: Arc::new(Hub::new()),
            files: files::FileStore::new(config.files_dir),
            nlu: Arc::new(nlu::NluService::new(config.nlu_examples)),
            clock: clock.clone(),
            shop: Arc::new(shop),
            bot: Arc::new(bot::BotService::default()),
            bot_config: Arc::new(bot_settings::LiveBotConfig::new(config.bot)),
            knowledge: Arc::new(knowledge::KnowledgeService::default()),
            vision: Arc::new(vision::VisionService::default()),
            business_hours: config.business_hours,
            llm: Arc::new(llm::LlmService::disabled(clock.clone())),
            summaries: Arc::default(),
            settings: Arc::default(),
            tasks: Arc::new(tasks::Tasks::default()),
            routing: Arc::new(routing::RoutingService::new(config.routing)),
            shop_cache: Arc::new(cache::ShopCache::default()),
            platforms: Arc::default(),
            store,
        }
    }

    /// Now, by the desk's clock.
    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// The desk's clock.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
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

    /// When agents work now: the hours an admin saved, else the file's.
    pub fn hours_now(&self) -> Option<hours::BusinessHours> {
        self.settings.hours().unwrap_or(self.business_hours)
    }

    /// Applies the run-time settings an admin saved (hours, the widget,
    /// the A/B tests a supervisor ended) and counts the language model's
    /// use stored for today against its budget.
    pub async fn load_settings(&self) -> Result<(), kadesk_store::StoreError> {
        self.settings.load(&self.store).await?;
        llm::resume(self).await?;
        reports::promote::load_promotions(self).await
    }

    /// Stops the desk at shutdown, after the adapters stopped taking
    /// requests: bot workers finish the input in hand and end, the
    /// screenshot threads end, then the message writer stores what is
    /// queued and ends. Waits at most `limit` for the tasks; whether
    /// everything ended.
    pub async fn shutdown(&self, limit: std::time::Duration) -> bool {
        let tasks = self.tasks.stop(limit).await;
        if !tasks {
            tracing::warn!(
                running = self.tasks.running(),
                "desk tasks still running at shutdown"
            );
        }
        let vision = self.vision.clone();
        let threads = tokio::task::spawn_blocking(move || vision.stop())
            .await
            .unwrap_or(false);
        self.store.stop_writer().await;
        tasks && threads
    }

    /// Uses `shop` (configured sources, the persistent card key) for
    /// orders, and its clock for the desk's time.
    pub fn with_shop(mut self, shop: kadesk_shop::Shop) -> Desk {
        self.clock = shop.clock();
        self.shop = Arc::new(shop);
        self
    }

    /// Routes with `settings` instead of the defaults.
    pub fn with_routing(mut self, settings: routing::RoutingSettings) -> Desk {
        self.routing = Arc::new(routing::RoutingService::new(settings));
        self
    }

    /// Reads uploaded screenshots with `vision` (see [`vision::VisionService::start`]).
    pub fn with_vision(mut self, vision: vision::VisionService) -> Desk {
        self.vision = Arc::new(vision);
        self
    }

    /// Lets the language model word confident knowledge answers (see
    /// [`llm`]); disabled settings keep it off.
    pub fn with_llm(mut self, settings: llm::LlmSettings) -> Desk {
        self.llm = Arc::new(llm::LlmService::new(settings, self.clock.clone()));
        self
    }
}
