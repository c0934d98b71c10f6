//! The outbound queue: collects what the desk wrote into platform
//! conversations (by a stored cursor over message ids), renders and queues
//! it in `channel_outbox`, and sends what is due in order per buyer, within
//! each platform's [`Rate`], retrying with back-off; a part that fails for
//! good keeps the platform's error.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kadesk_desk::wording::Notice;
use kadesk_desk::Desk;
use kadesk_domain::{Channel, Lang, Millis};
use kadesk_shop::CardCipher;
use kadesk_store::{NewOutgoing, Outgoing, StoreError};

use crate::{render, Adapter, DeliveryError, OutBody, PlatformIdentity, Rate, Rendered};

/// The configured adapters by channel.
pub(crate) type Adapters = HashMap<Channel, Arc<dyn Adapter>>;

/// Where the collected-message cursor is kept.
const CURSOR: (&str, &str) = ("outbox", "collected");

/// Stored messages looked at per query.
const COLLECT_BATCH: i64 = 200;

/// Due parts looked at per pass.
const DELIVER_BATCH: i64 = 64;

/// Attempts before a part is given up (back-off 1 s, 2 s, 4 s … 5 min:
/// about a quarter of an hour in all).
pub(crate) const MAX_ATTEMPTS: i64 = 12;

/// The longest wait between attempts.
const MAX_BACKOFF_MS: i64 = 5 * 60 * 1000;

/// How long one platform call may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Starts the cursor at the newest message when there is none: history
/// from before a channel was configured is not sent.
pub(crate) async fn init_cursor(desk: &Desk) -> Result<(), StoreError> {
    if desk
        .store
        .channel_state(CURSOR.0, CURSOR.1)
        .await?
        .is_none()
    {
        let last = desk.store.last_message_id().await?;
        desk.store
            .set_channel_state(CURSOR.0, CURSOR.1, &last.to_string())
            .await?;
    }
    Ok(())
}

/// Queues every message written since the cursor into a conversation on a
/// configured platform channel; how many parts were queued.
pub(crate) async fn collect(desk: &Desk, adapters: &Adapters) -> Result<usize, StoreError> {
    let mut cursor: i64 = desk
        .store
        .channel_state(CURSOR.0, CURSOR.1)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut queued = 0;
    loop {
        let batch = desk
            .store
            .platform_messages_after(cursor, COLLECT_BATCH)
            .await?;
        let Some(last) = batch.last().map(|m| m.message.id) else {
            return Ok(queued);
        };
        let mut rows = Vec::new();
        for found in &batch {
            let Some(adapter) = adapters.get(&found.channel) else {
                continue;
            };
            // The widget's note over shown card keys: a platform buyer gets
            // the keys under their own heading instead (queued by the desk).
            let keys_note = found
                .message
                .client_id
                .as_deref()
                .is_some_and(|c| c.starts_with(kadesk_desk::outbox::KEYS_NOTE_PREFIX));
            if keys_note {
                continue;
            }
            for (part, rendered) in render(&found.message, &adapter.capabilities())
                .into_iter()
                .enumerate()
            {
                let Ok(body) = serde_json::to_string(&OutBody::Part(rendered)) else {
                    continue;
                };
                rows.push(NewOutgoing {
                    channel: found.channel,
                    recipient: found.recipient.clone(),
                    conversation_id: found.message.conversation_id,
                    message_id: Some(found.message.id),
                    part: i64::try_from(part).unwrap_or(i64::MAX),
                    body,
                });
            }
        }
        queued += desk.store.enqueue_outgoing(&rows, desk.now()).await?;
        cursor = last;
        desk.store
            .set_channel_state(CURSOR.0, CURSOR.1, &cursor.to_string())
            .await?;
        if batch.len() < usize::try_from(COLLECT_BATCH).unwrap_or(usize::MAX) {
            return Ok(queued);
        }
    }
}

/// A token bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Millis,
}

impl Bucket {
    /// Takes a token if one is there after refilling to `now`.
    fn take(&mut self, now: Millis, per_second: f64, burst: f64) -> bool {
        let elapsed = (now - self.at).max(0) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * per_second).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The platforms' rate limits as used so far, per buyer and per channel.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    recipients: Mutex<HashMap<(Channel, String), Bucket>>,
    channels: Mutex<HashMap<Channel, Bucket>>,
}

/// Buyers' buckets kept before idle ones are dropped.
const MAX_BUCKETS: usize = 10_000;

impl Rates {
    /// Counts one message to `recipient` if both its bucket and the
    /// channel's allow it now.
    fn allow(&self, channel: Channel, recipient: &str, rate: Rate, now: Millis) -> bool {
        let mut recipients = lock(&self.recipients);
        if recipients.len() >= MAX_BUCKETS {
            recipients.retain(|_, b| now - b.at < 60_000);
        }
        let full = |burst: f64| Bucket {
            tokens: burst,
            at: now,
        };
        let mut mine = *recipients
            .entry((channel, recipient.to_owned()))
            .or_insert_with(|| full(rate.recipient_burst));
        if !mine.take(now, rate.per_recipient, rate.recipient_burst) {
            recipients.insert((channel, recipient.to_owned()), mine);
            return false;
        }
        let mut channels = lock(&self.channels);
        let overall = channels
            .entry(channel)
            .or_insert_with(|| full(rate.overall.max(1.0)));
        if !overall.take(now, rate.overall, rate.overall.max(1.0)) {
            // Give the buyer's token back: nothing was sent.
            mine.tokens += 1.0;
            recipients.insert((channel, recipient.to_owned()), mine);
            return false;
        }
        recipients.insert((channel, recipient.to_owned()), mine);
        true
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The wait before attempt `attempts + 1`.
fn backoff(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    1000_i64.saturating_mul(2_i64.pow(exp)).min(MAX_BACKOFF_MS)
}

/// Rounds of [`deliver_round`] per pass: a buyer's next part becomes due
/// once the one before it was sent.
const ROUNDS: usize = 8;

/// Sends the parts due now, each buyer's in order; how many the
/// platforms took.
pub(crate) async fn deliver_due(
    desk: &Desk,
    adapters: &Adapters,
    rates: &Rates,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    for _ in 0..ROUNDS {
        let round = deliver_round(desk, adapters, rates).await?;
        if round == 0 {
            break;
        }
        sent += round;
    }
    Ok(sent)
}

/// Sends the first due part of each buyer.
async fn deliver_round(
    desk: &Desk,
    adapters: &Adapters,
    rates: &Rates,
) -> Result<usize, StoreError> {
    let now = desk.now();
    let due = desk.store.due_outgoing(now, DELIVER_BATCH).await?;
    let mut sent = 0;
    for row in due {
        let Some(adapter) = adapters.get(&row.channel) else {
            desk.store
                .outgoing_failed(row.id, "the channel is not configured", None)
                .await?;
            continue;
        };
        if !rates.allow(row.channel, &row.recipient, adapter.rate(), now) {
            continue;
        }
        let part = match open(desk.shop.cipher(), &row) {
            Ok(part) => part,
            Err(problem) => {
                tracing::error!(delivery.id = row.id, problem, "queued message unreadable");
                desk.store.outgoing_failed(row.id, problem, None).await?;
                continue;
            }
        };
        let to = PlatformIdentity {
            channel: row.channel,
            platform_user_id: row.recipient.clone(),
        };
        let delivery = match &part {
            Sendable::Part(part) => adapter.deliver(&to, part),
            Sendable::Template(name) => adapter.deliver_template(&to, name),
        };
        let result = match tokio::time::timeout(SEND_TIMEOUT, delivery).await {
            Ok(result) => result,
            Err(_) => Err(DeliveryError {
                channel: row.channel,
                reason: "the platform did not answer in time".into(),
                retryable: true,
            }),
        };
        match result {
            Ok(()) => {
                desk.store.outgoing_sent(row.id, desk.now()).await?;
                sent += 1;
            }
            Err(e) => {
                let attempts = row.attempts + 1;
                let retry_at = (e.retryable && attempts < MAX_ATTEMPTS)
                    .then(|| desk.now() + backoff(row.attempts));
                if retry_at.is_none() {
                    tracing::warn!(
                        delivery.id = row.id,
                        conversation.id = row.conversation_id,
                        channel = %row.channel,
                        error = %e.reason,
                        attempts,
                        "platform message given up"
                    );
                } else {
                    tracing::info!(
                        delivery.id = row.id,
                        channel = %row.channel,
                        error = %e.reason,
                        attempts,
                        "platform message to be tried again"
                    );
                }
                desk.store
                    .outgoing_failed(row.id, &e.reason, retry_at)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// What a queued row sends.
enum Sendable {
    Part(Rendered),
    /// The channel's template, by name.
    Template(String),
}

/// What to send for a queued row (card keys opened now).
fn open(cipher: &CardCipher, row: &Outgoing) -> Result<Sendable, &'static str> {
    let body: OutBody =
        serde_json::from_str(&row.body).map_err(|_| "the queued message is unreadable")?;
    match body {
        OutBody::Part(part) => Ok(Sendable::Part(part)),
        OutBody::Template { name } => Ok(Sendable::Template(name)),
        OutBody::Keys {
            order_no,
            lang,
            sealed,
        } => {
            let mut text = Notice::KeysFollow {
                order_no: order_no.clone(),
            }
            .text(Lang::from_tag(&lang));
            for s in &sealed {
                let key = cipher
                    .open(&order_no, s)
                    .map_err(|_| "the card keys could not be opened")?;
                text.push('\n');
                text.push_str(key.expose());
            }
            Ok(Sendable::Part(Rendered {
                text,
                buttons: Vec::new(),
                images: Vec::new(),
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_five_minutes() {
        assert_eq!(backoff(0), 1000);
        assert_eq!(backoff(1), 2000);
        assert_eq!(backoff(5), 32_000);
        assert_eq!(backoff(11), MAX_BACKOFF_MS);
    }

    #[test]
    fn a_buyer_gets_a_burst_then_one_message_a_second() {
        let rates = Rates::default();
        let rate = Rate {
            per_recipient: 1.0,
            recipient_burst: 2.0,
            overall: 30.0,
        };
        let t = 1_000_000;
        assert!(rates.allow(Channel::Telegram, "a", rate, t));
        assert!(rates.allow(Channel::Telegram, "a", rate, t));
        assert!(!rates.allow(Channel::Telegram, "a", rate, t));
        assert!(
            rates.allow(Channel::Telegram, "b", rate, t),
            "another buyer"
        );
        assert!(!rates.allow(Channel::Telegram, "a", rate, t + 500));
        assert!(rates.allow(Channel::Telegram, "a", rate, t + 1000));
    }

    #[test]
    fn the_channel_limit_holds_across_buyers() {
        let rates = Rates::default();
        let rate = Rate {
            per_recipient: 1.0,
            recipient_burst: 1.0,
            overall: 3.0,
        };
        let allowed = (0..10)
            .filter(|n| rates.allow(Channel::Telegram, &n.to_string(), rate, 5_000))
            .count();
        assert_eq!(allowed, 3);
    }
}
