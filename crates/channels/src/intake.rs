//! What adapters hand inbound messages to: [`Intake`] stores them through
//! [`crate::receive`] and reads pictures with the screenshot pipeline.
//! (Card keys the bot or an agent re-delivers reach a platform buyer
//! without it: the desk queues them sealed for the conversation's channel
//! whenever they are shown, `kadesk_desk::platforms::queue_keys`.)

use kadesk_desk::files::Uploader;
use kadesk_desk::{Desk, DeskResult};

use crate::{Inbound, Received};

/// The entry point adapters hand buyers' messages to; cheap to clone.
#[derive(Clone)]
pub struct Intake {
    desk: Desk,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake").finish_non_exhaustive()
    }
}

impl Intake {
    pub(crate) fn new(desk: Desk) -> Intake {
        Intake { desk }
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
    /// it to the bot.
    pub async fn receive(&self, inbound: Inbound) -> DeskResult<Received> {
        let recipient = inbound.from.clone();
        let received = crate::receive(&self.desk, inbound).await?;
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
}
