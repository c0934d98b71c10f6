//! [`Channels`]: the configured adapters, their webhooks, their loops and
//! the outbound queue's loop, all stopped by the desk's shutdown signal.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use kadesk_desk::{Desk, DeskError, DeskResult};
use kadesk_domain::{Channel, Event, SenderKind};
use kadesk_store::{NewOutgoing, StoreError};
use tokio::sync::{broadcast, Notify};

use crate::config::ChannelsConfig;
use crate::intake::Intake;
use crate::outbox::{self, Adapters, Rates};
use crate::telegram::Telegram;
use crate::whatsapp::Whatsapp;
use crate::{Adapter, ConfigError, OutBody, WebhookRequest, WebhookResponse};

/// How often the outbound queue looks for parts whose retry is due when
/// nothing woke it.
const TICK: Duration = Duration::from_millis(500);

/// The platform channels of this desk; cheap to clone.
#[derive(Clone)]
pub struct Channels {
    intake: Intake,
    /// The configured adapters by channel.
    adapters: Arc<Adapters>,
    /// The platforms' rate limits as used so far.
    rates: Arc<Rates>,
    /// Wakes the outbound loop (a template queued).
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("configured", &self.configured())
            .finish_non_exhaustive()
    }
}

impl Channels {
    /// The channels `config` turns on, on `desk` (build it after the desk
    /// has its shop and clock).
    pub fn new(desk: Desk, config: &ChannelsConfig) -> Result<Channels, ConfigError> {
        let mut channels = Channels::none(desk);
        if let Some(telegram) = &config.telegram {
            telegram.validate()?;
            channels = channels.with_adapter(Arc::new(Telegram::new(telegram.clone())));
        }
        if let Some(whatsapp) = &config.whatsapp {
            whatsapp.validate()?;
            channels = channels.with_adapter(Arc::new(Whatsapp::new(whatsapp.clone())));
        }
        Ok(channels)
    }

    /// No platform channel (the widget only).
    pub fn none(desk: Desk) -> Channels {
        let wake = Arc::new(Notify::new());
        Channels {
            intake: Intake::new(desk),
            adapters: Arc::new(HashMap::new()),
            rates: Arc::new(Rates::default()),
            wake,
        }
    }

    /// Adds (or replaces) an adapter; the desk refuses agents' free-form
    /// replies outside its reply window from now on.
    pub fn with_adapter(mut self, adapter: Arc<dyn Adapter>) -> Channels {
        self.intake
            .desk()
            .platforms
            .set_reply_window(adapter.kind(), adapter.reply_window());
        let mut adapters = (*self.adapters).clone();
        adapters.insert(adapter.kind(), adapter);
        self.adapters = Arc::new(adapters);
        self
    }

    /// Where adapters hand inbound messages.
    pub fn intake(&self) -> &Intake {
        &self.intake
    }

    /// The configured platform channels.
    pub fn configured(&self) -> Vec<Channel> {
        let mut all: Vec<Channel> = self.adapters.keys().copied().collect();
        all.sort_by_key(|c| c.as_str());
        all
    }

    /// The adapter of the channel named `name` (`telegram`), if configured.
    pub fn adapter(&self, name: &str) -> Option<&Arc<dyn Adapter>> {
        let channel: Channel = name.parse().ok()?;
        self.adapters.get(&channel)
    }

    /// Answers a webhook request for the channel named `name`; `None` when
    /// that channel is not configured or takes no webhooks.
    pub async fn webhook(&self, name: &str, request: WebhookRequest) -> Option<WebhookResponse> {
        let adapter = self.adapter(name)?;
        Some(adapter.webhook(&self.intake, request)?.await)
    }

    /// Queues the channel's template for the buyer of `conversation_id`
    /// (what an agent may send once the reply window has passed).
    pub async fn send_template(&self, conversation_id: i64) -> DeskResult<()> {
        let desk = self.intake.desk();
        let conversation = desk.store.conversation(conversation_id).await?;
        let adapter = self.adapters.get(&conversation.channel);
        let Some(name) = adapter.and_then(|a| a.template()) else {
            return Err(DeskError::validation(format!(
                "no template is configured for {} conversations",
                conversation.channel
            )));
        };
        let Some((channel, recipient)) = desk.store.platform_recipient(conversation_id).await?
        else {
            return Err(DeskError::validation(
                "the conversation's buyer has no platform identity",
            ));
        };
        let body = serde_json::to_string(&OutBody::Template {
            name: name.to_owned(),
        })?;
        let row = NewOutgoing {
            channel,
            recipient,
            conversation_id,
            message_id: None,
            part: 0,
            body,
        };
        desk.store.enqueue_outgoing(&[row], desk.now()).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Starts the outbound cursor at the newest message if this is the
    /// first start (history is not sent to platforms).
    pub async fn prepare(&self) -> Result<(), StoreError> {
        outbox::init_cursor(self.intake.desk()).await
    }

    /// Prepares, then starts the outbound loop and each adapter's own
    /// loop as desk tasks: they end when the desk shuts down.
    pub async fn start(&self) -> Result<(), StoreError> {
        if self.adapters.is_empty() {
            return Ok(());
        }
        self.prepare().await?;
        let desk = self.intake.desk().clone();
        let me = self.clone();
        desk.tasks.spawn(async move { me.run_outbox().await });
        for adapter in self.adapters.values() {
            let adapter = adapter.clone();
            let intake = self.intake.clone();
            desk.tasks.spawn(async move {
                if let Some(run) = adapter.run(&intake) {
                    run.await;
                }
            });
        }
        Ok(())
    }

    /// One pass of the outbound queue: collects what the desk wrote, sends
    /// what is due; how many parts the platforms took. (The loop calls it;
    /// tests call it after moving the clock.)
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let desk = self.intake.desk();
        outbox::collect(desk, &self.adapters).await?;
        outbox::deliver_due(desk, &self.adapters, &self.rates).await
    }

    /// Runs the outbound queue until the desk stops: a pass whenever the
    /// desk writes a message (or card keys are queued), and every [`TICK`].
    async fn run_outbox(&self) {
        let desk = self.intake.desk().clone();
        let mut events = desk.hub.subscribe_all();
        loop {
            if let Err(e) = self.tick().await {
                tracing::warn!(error = %e, "outbound queue pass failed");
            }
            let woken = async {
                loop {
                    match events.recv().await {
                        Ok(published) => {
                            if let Event::Message { message } = &published.event {
                                if message.sender != SenderKind::Buyer {
                                    return true;
                                }
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => return true,
                        Err(broadcast::error::RecvError::Closed) => return false,
                    }
                }
            };
            tokio::select! {
                () = desk.tasks.stopped() => break,
                () = self.wake.notified() => {}
                _ = woken => {}
                () = tokio::time::sleep(TICK) => {}
            }
        }
    }
}
