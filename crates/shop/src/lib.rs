//! Shop data for kadesk: orders, products and card keys, wherever the shop
//! keeps them, and the rules for showing a card key to anyone.
//!
//! - [`model`] is what an order looks like once read ([`ShopOrder`]), and
//!   the wrappers that keep secrets out of logs ([`PlainKey`], [`Secret`]).
//! - [`sources`] are the shop systems: kadesk's own store ([`sources::builtin`],
//!   fed by REST, signed webhooks and CSV), dujiaoka and acg-faka databases
//!   ([`sources::mysql`], read-only) and a shop's own HTTP API
//!   ([`sources::http`]). [`Shop`] asks them in the configured order.
//! - [`crypto`] seals card keys at rest (AES-256-GCM) and masks them.
//! - [`verify`] decides whether a buyer proved an order is theirs, with
//!   lockout; [`diagnose`] explains an order in Chinese and English;
//!   [`webhook`] checks signatures; [`ingest`] reads orders the shop sends.
//!
//! [`Shop`] ties them together and writes every reveal of a card key to the
//! audit log. A plain card key exists only in memory, on its way to a
//! verified buyer or an agent whose role allows it: never in the database,
//! a log line, an error or a listing.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use kadesk_domain::{Millis, Role};
use kadesk_store::Store;
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

pub mod config;
pub mod crypto;
pub mod diagnose;
pub mod error;
pub mod ingest;
pub mod intake;
pub mod model;
pub mod sources;
pub mod verify;
pub mod webhook;

pub use config::{ShopConfig, SourceConfig};
pub use crypto::{mask_key, CardCipher, KeyError};
pub use diagnose::{diagnose, DiagnoseConfig, Diagnosis, EscalationReason, Finding};
pub use error::{ConfigError, CsvError, ImportError, KeyCheckError, OrderError, StatusError};
pub use ingest::{LineError, OrderInput, ValidOrder};
pub use intake::{ImportReport, IngestError, IngestReport};
pub use model::{ContactQuery, DeliveryStatus, PaymentStatus, PlainKey, Secret, ShopOrder};
pub use sources::{ShopSource, SourceError};
pub use verify::{Clock, LockoutPolicy, ManualClock, SystemClock};
pub use webhook::WebhookError;

use sources::builtin::Builtin;
use verify::Lockout;
use webhook::ReplayGuard;

/// The settings key of the value that proves the card key did not change.
const KEY_CHECK_SETTING: &str = "card_key_check";
const KEY_CHECK_ORDER: &str = "kadesk-key-check";

/// What an order is looked up by.
#[derive(Debug, Clone, Copy)]
enum OrderKey<'a> {
    /// The shop's order number.
    OrderNo(&'a str),
    /// The payment provider's transaction number.
    TradeNo(&'a str),
}

/// No source could answer a lookup.
#[derive(Debug, thiserror::Error)]
#[error("the shop's order system cannot be reached right now: {0}")]
pub struct LookupError(pub String);

/// Why a buyer's verification was refused. Deliberately coarse: it never
/// says whether the order number or the contact was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The order number and the contact (or lookup password) do not belong together.
    #[error("the order number and the contact or lookup password do not match; check both and try again")]
    Mismatch,
    /// Too many failures; try again later.
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    Locked { retry_after_secs: u64 },
    /// The shop's order system did not answer.
    #[error("the shop's order system cannot be reached right now; try again later")]
    Unavailable,
}

impl VerifyError {
    /// What to tell the buyer, in their language (`zh…` or English).
    pub fn buyer_text(&self, language: &str) -> String {
        let zh = language.starts_with("zh");
        match (self, zh) {
            (VerifyError::Mismatch, true) => {
                "订单号和下单时填写的联系方式（或查询密码）对不上，请核对后再试。".into()
            }
            (VerifyError::Mismatch, false) => "The order number and the contact used at purchase (or the lookup password) do not match. Please check both and try again.".into(),
            (VerifyError::Locked { retry_after_secs }, true) => {
                format!("验证失败次数过多，为了保护您的订单，请在 {} 分钟后再试。", retry_after_secs.div_ceil(60))
            }
            (VerifyError::Locked { retry_after_secs }, false) => format!(
                "Too many failed attempts. To protect your order, please try again in {} minute(s).",
                retry_after_secs.div_ceil(60)
            ),
            (VerifyError::Unavailable, true) => "订单系统暂时无法访问，请稍后再试，或等待人工客服。".into(),
            (VerifyError::Unavailable, false) => "The order system cannot be reached right now. Please try again later or wait for an agent.".into(),
        }
    }
}

/// One verification attempt by a buyer.
#[derive(Clone)]
pub struct Attempt {
    /// The conversation the buyer writes in, if any.
    pub conversation_id: Option<i64>,
    /// The buyer's address, if known.
    pub ip: Option<IpAddr>,
    pub order_no: String,
    /// The contact used at purchase, or the lookup password.
    pub proof: Secret,
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt")
            .field("conversation_id", &self.conversation_id)
            .field("order_no", &self.order_no)
            .finish_non_exhaustive()
    }
}

/// An order and its plain card keys, for a verified buyer or an allowed agent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Redelivery {
    pub order: ShopOrder,
    pub keys: Vec<PlainKey>,
}

/// Why an agent's reveal did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RevealError {
    #[error("the {0} role may not reveal card keys; ask a supervisor")]
    Forbidden(Role),
    #[error("order {0} does not exist in any configured shop source")]
    NotFound(String),
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("the audit log could not be written, so the key is not shown: {0}")]
    Audit(kadesk_store::StoreError),
}

/// The shop integration: sources, card-key cipher, verification lockout,
/// webhook replay guard. Cheap to share behind an `Arc`.
pub struct Shop {
    store: Store,
    cipher: Arc<CardCipher>,
    sources: Vec<Arc<dyn ShopSource>>,
    lockout: Lockout,
    replay: ReplayGuard,
    clock: Arc<dyn Clock>,
    webhook_secret: Option<Secret>,
    api_key: Option<Secret>,
    agents_can_reveal: bool,
    diagnose: DiagnoseConfig,
}

impl std::fmt::Debug for Shop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shop")
            .field("sources", &self.source_names())
            .finish_non_exhaustive()
    }
}

impl Shop {
    /// The built-in source only, default settings, no webhook or API key.
    pub fn new(store: Store, cipher: CardCipher) -> Shop {
        let cipher = Arc::new(cipher);
        Shop {
            sources: vec![Arc::new(Builtin::new(store.clone(), cipher.clone()))],
            store,
            cipher,
            lockout: Lockout::new(LockoutPolicy::default()),
            replay: ReplayGuard::default(),
            clock: Arc::new(SystemClock),
            webhook_secret: None,
            api_key: None,
            agents_can_reveal: false,
            diagnose: DiagnoseConfig::default(),
        }
    }

    /// Everything from the configuration: the card key (configured, or the
    /// key file under `data_dir`, generated at first start), the secrets and
    /// the sources in order.
    pub fn from_config(
        store: Store,
        config: &ShopConfig,
        data_dir: &Path,
    ) -> Result<Shop, ConfigError> {
        let key_file = config
            .card_key_file
            .clone()
            .unwrap_or_else(|| data_dir.join("keys").join("card.key"));
        let cipher = CardCipher::load_or_create(config.card_key.as_deref(), &key_file)?;
        Shop::new(store, cipher).configure(config)
    }

    /// Applies the settings and sources of `config` (the cipher stays).
    pub fn configure(mut self, config: &ShopConfig) -> Result<Shop, ConfigError> {
        let secret = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Secret::new)
        };
        self.webhook_secret = secret(&config.webhook_secret);
        self.api_key = secret(&config.api_key);
        self.agents_can_reveal = config.agents_can_reveal;
        self.diagnose = config.diagnose();
        self.lockout = Lockout::new(config.lockout);
        let mut sources: Vec<Arc<dyn ShopSource>> = Vec::new();
        if config.builtin {
            sources.push(Arc::new(Builtin::new(
                self.store.clone(),
                self.cipher.clone(),
            )));
        }
        for source in &config.sources {
            let made: Arc<dyn ShopSource> = match source {
                SourceConfig::Dujiaoka(c) => Arc::new(sources::mysql::MysqlShop::connect_lazy(
                    sources::mysql::Flavor::Dujiaoka,
                    c,
                )?),
                SourceConfig::AcgFaka(c) => Arc::new(sources::mysql::MysqlShop::connect_lazy(
                    sources::mysql::Flavor::AcgFaka,
                    c,
                )?),
                SourceConfig::Http(c) => Arc::new(sources::http::HttpShop::new((**c).clone())?),
            };
            if sources.iter().any(|s| s.name() == made.name()) {
                return Err(ConfigError::DuplicateName(made.name().to_owned()));
            }
            sources.push(made);
        }
        if sources.is_empty() {
            return Err(ConfigError::NoSource);
        }
        self.sources = sources;
        Ok(self)
    }

    /// Adds a source after the configured ones.
    pub fn with_source(mut self, source: Arc<dyn ShopSource>) -> Shop {
        self.sources.push(source);
        self
    }

    /// Uses `clock` for diagnosis, lockout and webhook timestamps.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Shop {
        self.clock = clock;
        self
    }

    /// Sets the webhook secret and the API key (tests, embedding).
    pub fn with_secrets(mut self, webhook_secret: Option<&str>, api_key: Option<&str>) -> Shop {
        self.webhook_secret = webhook_secret.map(Secret::new);
        self.api_key = api_key.map(Secret::new);
        self
    }

    /// Lets agents reveal card keys (supervisors and admins always may).
    pub fn with_agents_can_reveal(mut self, allowed: bool) -> Shop {
        self.agents_can_reveal = allowed;
        self
    }

    /// The cipher that seals card keys.
    pub fn cipher(&self) -> &CardCipher {
        &self.cipher
    }

    /// Now, by the shop's clock.
    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// The shop's clock (the desk keeps the same time).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// The names of the sources, in the order they are asked.
    pub fn source_names(&self) -> Vec<String> {
        self.sources.iter().map(|s| s.name().to_owned()).collect()
    }

    /// Whether a user of `role` may reveal card keys.
    pub fn can_reveal(&self, role: Role) -> bool {
        role >= Role::Supervisor || self.agents_can_reveal
    }

    /// Checks that the card key is the one stored keys were sealed with
    /// (a canary in the settings table); records the canary at first start.
    pub async fn check_key(&self) -> Result<(), KeyCheckError> {
        match self.store.setting(KEY_CHECK_SETTING).await? {
            Some(sealed) => self
                .cipher
                .open(KEY_CHECK_ORDER, &sealed)
                .map(|_| ())
                .map_err(|_| KeyCheckError::WrongKey),
            None => {
                let sealed = self
                    .cipher
                    .seal(KEY_CHECK_ORDER, &PlainKey::new("kadesk"))?;
                Ok(self.store.set_setting(KEY_CHECK_SETTING, &sealed).await?)
            }
        }
    }

    /// Explains an order now.
    pub fn diagnose(&self, order: &ShopOrder) -> Diagnosis {
        diagnose(order, self.clock.now(), &self.diagnose)
    }

    /// The order with this number from the first source that has it.
    pub async fn find_order(&self, order_no: &str) -> Result<Option<ShopOrder>, LookupError> {
        let order_no = order_no.trim();
        if order_no.is_empty() || order_no.len() > 64 {
            return Ok(None);
        }
        self.first_match(OrderKey::OrderNo(order_no)).await
    }

    /// The order paid with this payment transaction number, from the first
    /// source that records it.
    pub async fn find_order_by_trade_no(
        &self,
        trade_no: &str,
    ) -> Result<Option<ShopOrder>, LookupError> {
        let trade_no = trade_no.trim();
        if trade_no.is_empty() || trade_no.len() > 128 {
            return Ok(None);
        }
        self.first_match(OrderKey::TradeNo(trade_no)).await
    }

    /// Asks the sources in turn; the first that has the order wins. Failing
    /// sources are skipped, and only when none had it is their failure the answer.
    async fn first_match(&self, key: OrderKey<'_>) -> Result<Option<ShopOrder>, LookupError> {
        let mut failures = Vec::new();
        for source in &self.sources {
            let found = match key {
                OrderKey::OrderNo(order_no) => source.order(order_no).await,
                OrderKey::TradeNo(trade_no) => source.order_by_trade_no(trade_no).await,
            };
            match found {
                Ok(Some(order)) => return Ok(Some(order)),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(source = source.name(), error = %e, "order source failed");
                    failures.push(e.to_string());
                }
            }
        }
        if failures.is_empty() {
            Ok(None)
        } else {
            Err(LookupError(failures.join("; ")))
        }
    }

    /// Orders bought with this contact, from every source, newest first.
    pub async fn orders_for_contact(
        &self,
        contact: &str,
        limit: usize,
    ) -> Result<Vec<ShopOrder>, LookupError> {
        self.collect(contact, None, limit).await
    }

    /// Orders of this contact created in the last `days` days, newest first.
    pub async fn recent_orders(
        &self,
        contact: &str,
        days: i64,
        limit: usize,
    ) -> Result<Vec<ShopOrder>, LookupError> {
        let since = self.clock.now() - days.max(0) * 86_400_000;
        self.collect(contact, Some(since), limit).await
    }

    async fn collect(
        &self,
        contact: &str,
        since: Option<Millis>,
        limit: usize,
    ) -> Result<Vec<ShopOrder>, LookupError> {
        let query = ContactQuery::parse(contact);
        if query.raw.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<ShopOrder> = Vec::new();
        let mut failures = Vec::new();
        for source in &self.sources {
            let found = match since {
                Some(since) => source.recent_orders(&query, since, limit).await,
                None => source.orders_by_contact(&query, limit).await,
            };
            match found {
                Ok(orders) => {
                    for order in orders {
                        if !out.iter().any(|o| o.order_no == order.order_no) {
                            out.push(order);
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(source = source.name(), error = %e, "order source failed");
                    failures.push(e.to_string());
                }
            }
        }
        if out.is_empty() && !failures.is_empty() && failures.len() == self.sources.len() {
            return Err(LookupError(failures.join("; ")));
        }
        out.sort_by_key(|o| std::cmp::Reverse(o.created_at));
        out.truncate(limit);
        Ok(out)
    }

    /// The plain card keys of an order, from the source it came from.
    async fn card_keys(&self, order: &ShopOrder) -> Result<Vec<PlainKey>, LookupError> {
        let source = self
            .sources
            .iter()
            .find(|s| s.name() == order.source)
            .ok_or_else(|| {
                LookupError(format!("source {} is no longer configured", order.source))
            })?;
        source.card_keys(order).await.map_err(|e| {
            tracing::warn!(source = source.name(), error = %e, "reading card keys failed");
            LookupError(e.to_string())
        })
    }

    /// Checks that the buyer knows the order number and the contact used at
    /// purchase (or the lookup password), with lockout.
    pub async fn verify(&self, attempt: &Attempt) -> Result<ShopOrder, VerifyError> {
        let now = self.clock.now();
        let scopes = self
            .lockout
            .scopes(attempt.conversation_id, attempt.ip, &attempt.order_no);
        // Counted before the lookup: parallel guesses find the lock already set.
        let lock_on_failure = match self.lockout.charge(&self.store, &scopes, now).await {
            Ok(lock) => lock,
            Err(verify::LockError::Locked(wait)) => {
                tracing::info!(conversation.id = ?attempt.conversation_id, "verification refused: locked");
                return Err(VerifyError::Locked {
                    retry_after_secs: ms_to_secs(wait),
                });
            }
            Err(verify::LockError::Store(e)) => {
                tracing::error!(error = %e, "verification could not count the attempt");
                return Err(VerifyError::Unavailable);
            }
        };
        let order = self.find_order(&attempt.order_no).await.map_err(|e| {
            tracing::warn!(error = %e, "verification could not look the order up");
            VerifyError::Unavailable
        })?;
        let matched = match &order {
            Some(order) => verify::proof_matches(order, attempt.proof.expose(), &self.cipher),
            None => {
                // Same work as a real comparison, so timing does not tell
                // "no such order" from "wrong contact".
                let decoy = decoy_order(&attempt.order_no);
                let _ = verify::proof_matches(&decoy, attempt.proof.expose(), &self.cipher);
                false
            }
        };
        match order {
            Some(order) if matched => {
                if let Err(e) = self.lockout.succeed(&self.store, &scopes).await {
                    tracing::error!(error = %e, "verification could not clear its failures");
                }
                tracing::info!(conversation.id = ?attempt.conversation_id, order.no = %order.order_no, "buyer verified");
                Ok(order)
            }
            _ => {
                let lock = lock_on_failure;
                tracing::info!(conversation.id = ?attempt.conversation_id, "buyer verification failed");
                if lock > 0 {
                    let detail = serde_json::json!({
                        "conversation_id": attempt.conversation_id,
                        "ip": attempt.ip.map(|ip| ip.to_string()),
                        "lock_secs": ms_to_secs(lock),
                    });
                    let target = format!("order:{}", verify::normalize_order_no(&attempt.order_no));
                    if let Err(e) = self
                        .store
                        .audit(None, "buyer_verification_locked", &target, detail)
                        .await
                    {
                        tracing::error!(error = %e, "audit log write failed");
                    }
                    return Err(VerifyError::Locked {
                        retry_after_secs: ms_to_secs(lock),
                    });
                }
                Err(VerifyError::Mismatch)
            }
        }
    }

    /// Verifies the buyer, then hands back the card keys of a paid and
    /// delivered order (none for other orders), writing the re-delivery to
    /// the audit log with the conversation and its channel.
    pub async fn verify_and_redeliver(
        &self,
        attempt: &Attempt,
        channel: &str,
    ) -> Result<Redelivery, VerifyError> {
        let order = self.verify(attempt).await?;
        if self.diagnose(&order).finding != Finding::Delivered {
            return Ok(Redelivery {
                order,
                keys: Vec::new(),
            });
        }
        let keys = self
            .card_keys(&order)
            .await
            .map_err(|_| VerifyError::Unavailable)?;
        if !keys.is_empty() {
            let detail = serde_json::json!({
                "via": "buyer_verification",
                "conversation_id": attempt.conversation_id,
                "channel": channel,
                "source": order.source,
                "keys": keys.len(),
            });
            self.store
                .audit(
                    None,
                    "card_key_redelivered",
                    &format!("order:{}", order.order_no),
                    detail,
                )
                .await
                .map_err(|e| {
                    tracing::error!(error = %e, "audit log write failed; card keys withheld");
                    VerifyError::Unavailable
                })?;
            tracing::info!(conversation.id = ?attempt.conversation_id, order.no = %order.order_no, keys = keys.len(), "card keys re-delivered");
        }
        Ok(Redelivery { order, keys })
    }

    /// An agent's reveal of an order's card keys, written to the audit log
    /// (who, order, channel, conversation) before the keys are returned.
    pub async fn reveal(
        &self,
        user_id: i64,
        role: Role,
        order_no: &str,
        conversation_id: Option<i64>,
        channel: &str,
    ) -> Result<Redelivery, RevealError> {
        if !self.can_reveal(role) {
            return Err(RevealError::Forbidden(role));
        }
        let order = self
            .find_order(order_no)
            .await?
            .ok_or_else(|| RevealError::NotFound(order_no.trim().to_owned()))?;
        let keys = self.card_keys(&order).await?;
        let detail = serde_json::json!({
            "role": role.as_str(),
            "channel": channel,
            "conversation_id": conversation_id,
            "source": order.source,
            "keys": keys.len(),
        });
        self.store
            .audit(
                Some(user_id),
                "card_key_revealed",
                &format!("order:{}", order.order_no),
                detail,
            )
            .await
            .map_err(RevealError::Audit)?;
        tracing::info!(user.id = user_id, order.no = %order.order_no, keys = keys.len(), "card keys revealed to agent");
        Ok(Redelivery { order, keys })
    }

    /// Whether the webhook is set up.
    pub fn webhook_configured(&self) -> bool {
        self.webhook_secret.is_some()
    }

    /// Checks a webhook's signature, timestamp and freshness.
    pub fn check_webhook(&self, header: Option<&str>, body: &[u8]) -> Result<(), WebhookError> {
        let secret = self
            .webhook_secret
            .as_ref()
            .ok_or(WebhookError::NotConfigured)?;
        let now = self.clock.now().div_euclid(1000);
        let id = webhook::verify(secret.expose(), header, body, now)?;
        self.replay.admit(id, now)
    }

    /// `None` when no API key is configured, else whether `token` is it
    /// (compared in constant time).
    pub fn api_key_matches(&self, token: &str) -> Option<bool> {
        let key = self.api_key.as_ref()?;
        let a: [u8; 32] = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
            key.expose().as_bytes(),
        ))
        .into();
        let b: [u8; 32] = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
            token.trim().as_bytes(),
        ))
        .into();
        Some(bool::from(a.ct_eq(&b)))
    }
}

fn ms_to_secs(ms: Millis) -> u64 {
    u64::try_from(ms.max(0)).unwrap_or(0).div_ceil(1000)
}

/// An order that matches nothing, for equal-time comparisons.
fn decoy_order(order_no: &str) -> ShopOrder {
    ShopOrder {
        source: String::new(),
        order_no: order_no.to_owned(),
        trade_no: None,
        product_name: String::new(),
        contact: "\u{0}decoy".into(),
        email: Some("\u{0}decoy".into()),
        phone: Some("\u{0}decoy".into()),
        qq: Some("\u{0}decoy".into()),
        quantity: 1,
        amount_cents: 0,
        currency: String::new(),
        payment_status: PaymentStatus::Unpaid,
        delivery_status: DeliveryStatus::Pending,
        manual_delivery: false,
        created_at: 0,
        paid_at: None,
        delivered_at: None,
        card_keys: Vec::new(),
        has_lookup_password: true,
        source_ref: None,
        lookup: model::LookupSecret::Hashed("\u{0}decoy".into()),
    }
}
