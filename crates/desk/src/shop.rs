//! The shop as the adapters reach it: orders taken in (the push API, the
//! webhook, CSV import), which also drops what the desk cached about orders,
//! and the buyer's proof of an order (the widget's verification form and
//! anything else that asks on a buyer's behalf). The bot's own verification
//! is in [`crate::bot`].

use std::net::IpAddr;

use kadesk_shop::{
    Attempt, ImportError, ImportReport, IngestError, IngestReport, OrderInput, PlainKey, Secret,
    VerifyError,
};

use crate::Desk;

/// Takes in orders (push API, webhook) and drops the cached product names
/// and lifetime spends, whatever part of the batch was saved.
pub async fn ingest(desk: &Desk, orders: Vec<OrderInput>) -> Result<IngestReport, IngestError> {
    let result = desk.shop.ingest(orders).await;
    desk.shop_cache.orders_changed();
    result
}

/// Imports orders from a CSV file, then drops the cached order facts as
/// [`ingest`] does.
pub async fn import_csv(desk: &Desk, data: &[u8]) -> Result<ImportReport, ImportError> {
    let result = desk.shop.import_csv(data).await;
    desk.shop_cache.orders_changed();
    result
}

/// Checks a buyer's proof for an order in a conversation and returns the
/// plain card keys of a paid, delivered order (empty for other orders). The
/// re-delivery is written to the audit log with the conversation's channel.
/// The caller shows the keys to the buyer and must not store or log them.
pub async fn verify_and_redeliver(
    desk: &Desk,
    conversation_id: i64,
    order_no: &str,
    proof: &str,
    ip: Option<IpAddr>,
) -> Result<Vec<PlainKey>, VerifyError> {
    verify_in_conversation(desk, conversation_id, order_no, Secret::new(proof), ip)
        .await
        .map(|r| r.keys)
}

/// [`verify_and_redeliver`] with the order that was proven.
pub async fn verify_in_conversation(
    desk: &Desk,
    conversation_id: i64,
    order_no: &str,
    proof: Secret,
    ip: Option<IpAddr>,
) -> Result<kadesk_shop::Redelivery, VerifyError> {
    let channel = match desk.store.conversation(conversation_id).await {
        Ok(conversation) => conversation.channel,
        Err(e) => {
            tracing::warn!(conversation.id = conversation_id, error = %e, "verification without a conversation");
            return Err(VerifyError::Unavailable);
        }
    };
    let attempt = Attempt {
        conversation_id: Some(conversation_id),
        ip,
        order_no: order_no.to_owned(),
        proof,
    };
    desk.shop
        .verify_and_redeliver(&attempt, channel.as_str())
        .await
}

/// Why an agent's re-delivery did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RedeliverError {
    /// Not allowed, no such order, source down, or the audit failed.
    #[error(transparent)]
    Reveal(#[from] kadesk_shop::RevealError),
    /// The order has no card keys to send.
    #[error("order {0} has no card keys to send; deliver it in the shop first")]
    NoKeys(String),
    /// Storing the note or reading the conversation failed.
    #[error(transparent)]
    Desk(#[from] crate::DeskError),
}

/// An agent (`user`, allowed to reveal keys) re-sends an order's card keys
/// to the buyer of conversation `conversation_id` through the one-time key
/// box the bot uses: audited like a reveal, a note in the conversation
/// naming the order and the agent, the plain keys to the buyer's window
/// only. The agent never gets the keys; nothing plain is stored. Answers
/// how many keys went out.
pub async fn redeliver_by_agent(
    desk: &Desk,
    user: &kadesk_domain::User,
    order_no: &str,
    conversation_id: i64,
) -> Result<usize, RedeliverError> {
    // The conversation must exist before anything is revealed.
    desk.store
        .conversation(conversation_id)
        .await
        .map_err(crate::DeskError::from)?;
    let redelivery = desk
        .shop
        .reveal(
            user.id,
            user.role,
            order_no,
            Some(conversation_id),
            "redeliver",
        )
        .await?;
    let count = redelivery.keys.len();
    if count == 0 {
        return Err(RedeliverError::NoKeys(redelivery.order.order_no));
    }
    crate::chat::announce_agent(desk, conversation_id, user).await?;
    let plain = redelivery
        .keys
        .iter()
        .map(|k| k.expose().to_owned())
        .collect();
    crate::outbox::show_keys(
        desk,
        conversation_id,
        Some(user),
        Some(&redelivery.order.order_no),
        plain,
    )
    .await?;
    tracing::info!(
        conversation.id = conversation_id,
        user.id = user.id,
        keys = count,
        "agent re-delivered card keys"
    );
    Ok(count)
}
