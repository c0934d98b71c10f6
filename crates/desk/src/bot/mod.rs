//! The bot's executor: runs [`kadesk_bot::decide`] on buyer messages in
//! conversations the bot owns (status `bot`) and performs the actions it
//! returns — replies, order lookups, verification and re-delivery, handoffs,
//! refund requests, outcomes — feeding each result back into the policy.
//!
//! Work happens off the socket's hot path (a task spawned after the ack) and
//! one conversation at a time (a per-conversation lock), so replies keep the
//! order of the buyer's messages. Plain card keys go to the buyer's sockets
//! only, as a transient `card_keys` frame: never stored, never logged.
//!
//! The bot learns about an order only through the buyer's proof
//! ([`Action::VerifyOrder`], the shop's verification with its lockout): an
//! order that does not exist and a wrong proof give the bot the same answer,
//! so nothing it says before the proof tells the buyer which orders exist.
//!
//! A buyer's input comes with the address they wrote from (their socket's or
//! request's), so the bot's verification counts against the same
//! per-address limit as the widget's own verification.

//!
//! [`context`] builds what the policy knows about a conversation; [`executor`]
//! performs the actions it returns.

mod context;
mod executor;

use context::context;
pub use context::order_facts;
use executor::Executor;

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use kadesk_bot::{decide, Action, DialogState, Event as BotEvent, Lang, Templates};
use kadesk_domain::{Contact, ConversationStatus, Message};

use crate::wording::Notice;
use crate::{Desk, DeskError, DeskResult};

/// Most policy calls for one buyer event (the event and the answers it leads to).
const MAX_ROUNDS: usize = 10;

/// The bot's templates and the per-conversation locks.
pub struct BotService {
    /// Replaced whole when an A/B test ends ([`BotService::promote`]).
    templates: std::sync::RwLock<Arc<Templates>>,
    /// Held while an A/B test is ended (`reports::promote`).
    promotion: tokio::sync::Mutex<()>,
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    /// One worker per busy conversation, fed in the order messages were stored.
    /// Each queue is bounded ([`QUEUE`]): a buyer who writes faster than the
    /// bot answers waits (backpressure), and nothing queued is dropped.
    workers: Mutex<HashMap<i64, mpsc::Sender<Job>>>,
}

/// A buyer message for a conversation's worker.
struct Job {
    contact: Contact,
    /// The address the buyer wrote from.
    ip: Option<IpAddr>,
    input: BuyerInput,
}

/// Inputs one conversation's worker may have waiting.
pub const QUEUE: usize = 32;

/// A worker with nothing to do for this long stops.
const WORKER_IDLE: Duration = Duration::from_secs(30);

impl std::fmt::Debug for BotService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotService").finish_non_exhaustive()
    }
}

impl Default for BotService {
    fn default() -> BotService {
        BotService::new(Templates::builtin())
    }
}

impl BotService {
    pub fn new(templates: Templates) -> BotService {
        BotService {
            templates: std::sync::RwLock::new(Arc::new(templates)),
            promotion: tokio::sync::Mutex::new(()),
            locks: Mutex::new(HashMap::new()),
            workers: Mutex::new(HashMap::new()),
        }
    }

    /// The reply templates in use.
    pub fn templates(&self) -> Arc<Templates> {
        self.templates
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Held while an A/B test is ended, so promotions do not overlap.
    pub(crate) async fn promotion_lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.promotion.lock().await
    }

    /// Makes `templates` the ones in use.
    pub(crate) fn set_templates(&self, templates: Templates) {
        *self.templates.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(templates);
    }

    fn lock_for(&self, conversation_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.locks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(conversation_id)
            .or_default()
            .clone()
    }

    fn release(&self, conversation_id: i64, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        // The map's copy and ours: nobody else waits, so forget it.
        if Arc::strong_count(&lock) <= 2 {
            locks.remove(&conversation_id);
        }
    }
}

/// What the buyer did that the bot should react to.
#[derive(Debug, Clone)]
pub enum BuyerInput {
    /// A stored buyer message; `quick_reply` is the payload of the button pressed, if any.
    Message {
        message: Message,
        quick_reply: Option<String>,
    },
    /// An agent handed the conversation back.
    HandedBack,
    /// What was read from a screenshot the buyer sent.
    Screenshot(Box<kadesk_bot::ScreenshotFacts>),
}

/// Queues the bot's handling of a buyer message. Messages of one
/// conversation are handled one after the other, in the order given; when
/// the conversation's queue is full this waits for room (the message is
/// stored already, so nothing is lost either way). `ip` is the address the
/// buyer wrote from.
pub async fn queue_buyer_message(
    desk: &Desk,
    contact: Contact,
    ip: Option<IpAddr>,
    message: Message,
    quick_reply: Option<String>,
) {
    let id = message.conversation_id;
    enqueue(
        desk,
        id,
        Job {
            contact,
            ip,
            input: BuyerInput::Message {
                message,
                quick_reply,
            },
        },
    )
    .await;
}

/// Queues the bot's handling of a screenshot reading, after the messages
/// already queued for that conversation (the picture's message among them).
pub async fn queue_screenshot(
    desk: &Desk,
    contact: Contact,
    ip: Option<IpAddr>,
    analysis: &kadesk_domain::ImageAnalysis,
) {
    let facts = screenshot_facts(analysis);
    enqueue(
        desk,
        analysis.conversation_id,
        Job {
            contact,
            ip,
            input: BuyerInput::Screenshot(Box::new(facts)),
        },
    )
    .await;
}

/// A reading in the bot's terms.
pub fn screenshot_facts(a: &kadesk_domain::ImageAnalysis) -> kadesk_bot::ScreenshotFacts {
    use kadesk_bot::ScreenshotKind as K;
    use kadesk_domain::ScreenshotCategory as C;
    let f = &a.fields;
    kadesk_bot::ScreenshotFacts {
        kind: serde_json::from_value(serde_json::Value::String(a.kind.clone())).unwrap_or(K::Other),
        order_no: f.order_no.clone(),
        trade_no: f.trade_no.clone(),
        amount: f.amount.clone(),
        payment_status: f.payment_status.clone(),
        error_code: f.error_code.clone(),
        error_message: f.error_message.clone(),
        missing: a.missing.clone(),
        expected: a.category.map(|c| match c {
            C::Order => K::OrderPage,
            C::Payment => K::PaymentReceipt,
            C::Error => K::ErrorDialog,
            C::Product => K::ProductPage,
        }),
        flags: a
            .flags
            .iter()
            .map(|x| kadesk_bot::ScreenshotFlag {
                code: x.code.clone(),
                zh: x.zh.clone(),
                en: x.en.clone(),
            })
            .collect(),
    }
}

/// Hands a job to its conversation's worker, starting one when needed;
/// waits while the worker's queue is full. Dropped at shutdown (the buyer's
/// message is stored; only the bot's answer is not made).
async fn enqueue(desk: &Desk, id: i64, mut job: Job) {
    if !desk.bot_config().enabled {
        return;
    }
    loop {
        if desk.tasks.is_stopping() {
            tracing::debug!(conversation.id = id, "shutting down: bot input not queued");
            return;
        }
        // A worker leaves the map under its lock, and only with an empty
        // queue; a send that finds it gone gets the job back and starts one.
        let tx = {
            let mut workers = desk.bot.workers.lock().unwrap_or_else(|p| p.into_inner());
            match workers.get(&id) {
                Some(tx) if !tx.is_closed() => tx.clone(),
                _ => {
                    let (tx, rx) = mpsc::channel(QUEUE);
                    workers.insert(id, tx.clone());
                    desk.tasks.spawn(worker(desk.clone(), id, rx));
                    tx
                }
            }
        };
        let sent = tokio::select! {
            sent = tx.send(job) => sent,
            () = desk.tasks.stopped() => return,
        };
        match sent {
            Ok(()) => return,
            Err(mpsc::error::SendError(back)) => job = back,
        }
    }
}

/// Handles one conversation's queued inputs until it has been idle a while
/// or the desk shuts down (after the input in hand).
async fn worker(desk: Desk, id: i64, mut rx: mpsc::Receiver<Job>) {
    loop {
        let next = tokio::select! {
            next = tokio::time::timeout(WORKER_IDLE, rx.recv()) => next,
            () = desk.tasks.stopped() => break,
        };
        match next {
            Ok(Some(job)) => {
                if let Err(e) = run(&desk, id, &job.contact, job.ip, job.input).await {
                    tracing::warn!(conversation.id = id, error = %e, "bot failed");
                }
            }
            Ok(None) => break,
            Err(_) => {
                let mut workers = desk.bot.workers.lock().unwrap_or_else(|p| p.into_inner());
                if rx.is_empty() {
                    workers.remove(&id);
                    break;
                }
            }
        }
    }
    rx.close();
}

/// Tells the bot an agent handed the conversation back, and lets it speak.
pub async fn handed_back(desk: &Desk, conversation_id: i64) -> DeskResult<()> {
    let conversation = desk.store.conversation(conversation_id).await?;
    let contact = desk.store.contact(conversation.contact_id).await?;
    // An agent's action: no request of the buyer's, so no address.
    run(
        desk,
        conversation_id,
        &contact,
        None,
        BuyerInput::HandedBack,
    )
    .await
}

/// Feeds the buyer's rating to the bot when it took part in the
/// conversation (it has a dialog desk), so the rating is recorded for each
/// A/B template variant the buyer saw. Runs whatever the status.
pub async fn rated(desk: &Desk, conversation_id: i64, stars: u8) -> DeskResult<()> {
    let lock = desk.bot.lock_for(conversation_id);
    let result = async {
        let _guard = lock.lock().await;
        let Some(json) = desk.store.bot_state(conversation_id).await? else {
            return Ok(());
        };
        let mut dialog: DialogState = serde_json::from_str(&json)?;
        let conversation = desk.store.conversation(conversation_id).await?;
        let contact = desk.store.contact(conversation.contact_id).await?;
        let config = desk.bot_config();
        let ctx = context(desk, conversation_id, &contact, &config).await;
        let actions = decide(
            &mut dialog,
            &BotEvent::Rated { stars },
            &ctx,
            &config,
            &desk.bot.templates(),
        );
        let mut exec = Executor {
            desk,
            conversation_id,
            ip: None,
            lang: ctx.language.unwrap_or_default(),
        };
        for action in actions {
            // Only outcomes come back for a rating; nothing is said.
            if matches!(action, Action::RecordOutcome { .. }) {
                exec.perform(action).await?;
            }
        }
        desk.store
            .set_bot_state(conversation_id, &serde_json::to_string(&dialog)?)
            .await?;
        Ok::<(), DeskError>(())
    }
    .await;
    desk.bot.release(conversation_id, lock);
    result
}

/// Starts the bot afresh on a conversation a buyer reopened: the old flow
/// and handoff are over, what was learned (orders, proofs, what was tried)
/// stays for the next summary.
pub async fn reopened(desk: &Desk, conversation_id: i64) -> DeskResult<()> {
    let lock = desk.bot.lock_for(conversation_id);
    let result = async {
        let _guard = lock.lock().await;
        if let Some(json) = desk.store.bot_state(conversation_id).await? {
            let mut dialog: DialogState = serde_json::from_str(&json)?;
            dialog.reopen();
            desk.store
                .set_bot_state(conversation_id, &serde_json::to_string(&dialog)?)
                .await?;
        }
        Ok::<(), DeskError>(())
    }
    .await;
    desk.bot.release(conversation_id, lock);
    result
}

/// Handles one input under the conversation's lock.
async fn run(
    desk: &Desk,
    conversation_id: i64,
    contact: &Contact,
    ip: Option<IpAddr>,
    input: BuyerInput,
) -> DeskResult<()> {
    let lock = desk.bot.lock_for(conversation_id);
    let result = {
        let _guard = lock.lock().await;
        handle(desk, conversation_id, contact, ip, input).await
    };
    desk.bot.release(conversation_id, lock);
    result
}

async fn handle(
    desk: &Desk,
    conversation_id: i64,
    contact: &Contact,
    ip: Option<IpAddr>,
    input: BuyerInput,
) -> DeskResult<()> {
    let conversation = desk.store.conversation(conversation_id).await?;
    if conversation.status != ConversationStatus::Bot {
        return Ok(());
    }
    let mut dialog: DialogState = match desk.store.bot_state(conversation_id).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
            tracing::warn!(conversation.id = conversation_id, error = %e, "bot desk unreadable; starting afresh");
            DialogState::new()
        }),
        None => DialogState::new(),
    };
    let event = match input {
        BuyerInput::HandedBack => BotEvent::HandedBack,
        BuyerInput::Screenshot(facts) => BotEvent::Screenshot(*facts),
        BuyerInput::Message {
            quick_reply: Some(payload),
            ..
        } => BotEvent::QuickReply { payload },
        BuyerInput::Message { message, .. } => {
            if message.text.trim().is_empty() {
                // A picture alone: the vision worker is not wired in yet.
                return Ok(());
            }
            let names = product_names(desk).await;
            let parse = desk.nlu.parse(&message.text, || names).await?;
            BotEvent::Message {
                text: message.text,
                parse,
            }
        }
    };
    let config = desk.bot_config();
    let ctx = context(desk, conversation_id, contact, &config).await;
    let mut exec = Executor {
        desk,
        conversation_id,
        ip,
        lang: ctx.language.unwrap_or_default(),
    };
    let mut queue = VecDeque::from([event]);
    let mut rounds = 0;
    while let Some(event) = queue.pop_front() {
        rounds += 1;
        if rounds > MAX_ROUNDS {
            tracing::warn!(
                conversation.id = conversation_id,
                "bot stopped after {MAX_ROUNDS} rounds"
            );
            break;
        }
        crate::metrics::bot_turn();
        let actions = decide(&mut dialog, &event, &ctx, &config, &desk.bot.templates());
        for action in actions {
            tracing::debug!(
                conversation.id = conversation_id,
                action = action.kind(),
                "bot action"
            );
            match exec.perform(action).await {
                Ok(Some(answer)) => queue.push_back(answer),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(conversation.id = conversation_id, error = %e, "bot action failed")
                }
            }
        }
    }
    let json = serde_json::to_string(&dialog)?;
    desk.store.set_bot_state(conversation_id, &json).await?;
    Ok(())
}

async fn product_names(desk: &Desk) -> Vec<String> {
    desk.shop_cache.product_names(desk).await.to_vec()
}

/// A buyer's language in the bot's terms.
pub fn bot_lang(lang: kadesk_domain::Lang) -> Lang {
    match lang {
        kadesk_domain::Lang::En => Lang::En,
        kadesk_domain::Lang::Zh => Lang::Zh,
    }
}

/// The language of a contact, in the bot's terms.
fn lang_of(contact: &Contact) -> Lang {
    bot_lang(kadesk_domain::Lang::from_tag(&contact.language))
}

/// A stable seed per conversation for A/B choices.
fn seed_of(conversation_id: i64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("kadesk-bot", conversation_id).hash(&mut h);
    h.finish()
}

/// The contact's e-mail or phone, to sum their spending by (never shown to
/// the buyer: it proves nothing).
fn contact_key(contact: &Contact) -> Option<&str> {
    contact.email.as_deref().or(contact.phone.as_deref())
}

/// Whether a contact name was given by the buyer or an agent (not the
/// widget's generated `访客 ABCD` / `Visitor ABCD`).
fn known_name(contact: &Contact) -> Option<String> {
    let generated = Notice::is_generated_visitor_name(&contact.name);
    (!generated && !contact.name.trim().is_empty()).then(|| contact.name.clone())
}
