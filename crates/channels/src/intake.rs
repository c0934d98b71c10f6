//! What adapters hand inbound messages to: [`Intake`] stores them through
//! [`crate::receive`], reads pictures with the screenshot pipeline, and
//! watches the conversation's buyer room for card keys the bot re-delivers
//! (they never enter a stored message), queueing them sealed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kadesk_desk::files::Uploader;
use kadesk_desk::{Desk, DeskResult};
use kadesk_domain::{BuyerFrame, Channel};
use kadesk_shop::PlainKey;
use kadesk_store::NewOutgoing;
use tokio::sync::{broadcast, Notify};

use crate::{Inbound, OutBody, Received};

/// How long a conversation's room is watched for card keys after the
/// buyer's last message.
const WATCH_FOR: Duration = Duration::from_secs(15 * 60);

/// Most conversations watched at once; beyond that a conversation's keys
/// are shown masked only (the bot's notice) until a watch ends.
const MAX_WATCHED: usize = 10_000;

/// The entry point adapters hand buyers' messages to; cheap to clone.
#[derive(Clone)]
pub struct Intake {
    desk: Desk,
    /// Conversations whose buyer room is watched for card keys, with the
    /// number of messages received in each (a watch ends when it stays
    /// unchanged for [`WATCH_FOR`]).
    watched: Arc<Mutex<HashMap<i64, u64>>>,
    /// Wakes the outbound queue when card keys were queued.
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake").finish_non_exhaustive()
    }
}

impl Intake {
    pub(crate) fn new(desk: Desk, wake: Arc<Notify>) -> Intake {
        Intake {
            desk,
            watched: Arc::new(Mutex::new(HashMap::new())),
            wake,
        }
    }

    /// The desk.
    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    /// Resolves once the desk begins to shut down: loops end then.
    pub async fn stopped(&self) {
        self.desk.tasks.stopped().await
    }

    /// Stores a buyer's message (once per platform message id) and hands
    /// it to the bot, watching the conversation for card keys first.
    pub async fn receive(&self, inbound: Inbound) -> DeskResult<Received> {
        let recipient = inbound.from.clone();
        let received = receive_watched(self, inbound).await?;
        if let Received::Stored(outcome) = &received {
            tracing::debug!(
                conversation.id = outcome.message.conversation_id,
                channel = %recipient.channel,
                "platform message stored"
            );
        }
        Ok(received)
    }

    /// Stores a buyer's picture, then the message carrying it (as
    /// [`Intake::receive`]), and queues the picture for the screenshot
    /// reader. A picture the desk refuses (too big, not a picture) is
    /// dropped and the message stored without it; one already received
    /// (a repeated delivery) is not read again.
    pub async fn receive_picture(
        &self,
        mut inbound: Inbound,
        bytes: Vec<u8>,
        name: &str,
    ) -> DeskResult<Received> {
        let from = inbound.from.clone();
        let channel = from.channel;
        if let Some(message_id) = self
            .desk
            .store
            .channel_message(channel, &inbound.platform_message_id)
            .await?
        {
            return Ok(Received::Duplicate { message_id });
        }
        let reservation = self.desk.vision.reserve().ok().flatten();
        let stored = match self.desk.files.put(bytes, name, Uploader::Buyer).await {
            Ok(stored) => Some(stored),
            Err(e) => {
                tracing::info!(channel = %channel, error = %e, "platform picture refused");
                None
            }
        };
        if let Some(stored) = &stored {
            // Recorded like an upload, so the message may carry it.
            self.desk.store.record_file(&stored.attachment).await?;
            inbound.attachments.push(stored.attachment.id.clone());
        }
        if inbound.text.trim().is_empty() && inbound.attachments.is_empty() {
            inbound.text = "[图片]".into();
        }
        let received = self.receive(inbound).await?;
        if let (Received::Stored(outcome), Some(stored), Some(reservation)) =
            (&received, stored, reservation)
        {
            let contact = self
                .desk
                .store
                .contact_for_identity(channel, &from.platform_user_id)
                .await
                .ok()
                .flatten();
            reservation.submit(
                &self.desk,
                outcome.message.clone(),
                contact.map(|contact| (contact, None)),
                None,
                stored.bytes,
            );
        }
        Ok(received)
    }

    /// Watches a conversation's buyer room for card keys until the buyer
    /// is quiet for [`WATCH_FOR`] or the desk stops. Subscribed before it
    /// returns, so keys published after it are seen.
    fn watch(&self, conversation_id: i64, channel: Channel, recipient: String) {
        {
            let mut watched = lock(&self.watched);
            if let Some(count) = watched.get_mut(&conversation_id) {
                *count += 1;
                return;
            }
            if watched.len() >= MAX_WATCHED {
                tracing::warn!(
                    conversation.id = conversation_id,
                    "too many conversations watched for card keys"
                );
                return;
            }
            watched.insert(conversation_id, 0);
        }
        let mut rx = self.desk.hub.subscribe(conversation_id);
        let intake = self.clone();
        self.desk.tasks.spawn(async move {
            let mut seen = 0;
            loop {
                tokio::select! {
                    () = intake.stopped() => break,
                    frame = rx.recv() => match frame {
                        Ok(published) => {
                            if let BuyerFrame::CardKeys { order_no, keys, .. } = &published.event {
                                intake.queue_keys(conversation_id, channel, &recipient, order_no, &keys.0).await;
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => break,
                    },
                    () = tokio::time::sleep(WATCH_FOR) => {
                        let mut watched = lock(&intake.watched);
                        let now = watched.get(&conversation_id).copied().unwrap_or_default();
                        if now == seen {
                            watched.remove(&conversation_id);
                            break;
                        }
                        seen = now;
                    }
                }
            }
            lock(&intake.watched).remove(&conversation_id);
            drop(rx);
            intake.desk.hub.leave(conversation_id);
        });
    }

    /// Queues re-delivered card keys, sealed, for the buyer's platform.
    async fn queue_keys(
        &self,
        conversation_id: i64,
        channel: Channel,
        recipient: &str,
        order_no: &str,
        keys: &[String],
    ) {
        let cipher = self.desk.shop.cipher();
        let mut sealed = Vec::with_capacity(keys.len());
        for key in keys {
            match cipher.seal(order_no, &PlainKey::new(key.clone())) {
                Ok(s) => sealed.push(s),
                Err(e) => {
                    tracing::error!(conversation.id = conversation_id, error = %e, "card keys not sealed; not sent");
                    return;
                }
            }
        }
        let lang = match kadesk_desk::outbox::buyer_lang(&self.desk, conversation_id).await {
            Ok(lang) => lang.tag().to_owned(),
            Err(_) => "zh-CN".to_owned(),
        };
        let body = OutBody::Keys {
            order_no: order_no.to_owned(),
            lang,
            sealed,
        };
        let Ok(body) = serde_json::to_string(&body) else {
            return;
        };
        let row = NewOutgoing {
            channel,
            recipient: recipient.to_owned(),
            conversation_id,
            message_id: None,
            part: 0,
            body,
        };
        match self
            .desk
            .store
            .enqueue_outgoing(&[row], self.desk.now())
            .await
        {
            Ok(_) => self.wake.notify_one(),
            Err(e) => {
                tracing::error!(conversation.id = conversation_id, error = %e, "card keys not queued")
            }
        }
    }
}

/// [`receive`], with the conversation watched for card keys before the bot
/// sees the message.
async fn receive_watched(intake: &Intake, inbound: Inbound) -> DeskResult<Received> {
    let from = inbound.from.clone();
    let watch = |conversation_id: i64| {
        intake.watch(conversation_id, from.channel, from.platform_user_id.clone())
    };
    crate::receive_with(&intake.desk, inbound, &watch).await
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
