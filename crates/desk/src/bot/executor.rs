//! The executor: performs the policy's actions (replies, lookups,
//! verification and re-delivery, handoffs, refunds, outcomes) and feeds
//! each result back.

use std::net::IpAddr;

use kadesk_bot::{Action, Event as BotEvent, Lang};
use kadesk_domain::QuickReply;
use kadesk_shop::{Attempt, Secret, VerifyError};

use super::context::{add_named_orders, order_facts};
use crate::{Desk, DeskResult};

pub(super) struct Executor<'a> {
    pub(super) desk: &'a Desk,
    pub(super) conversation_id: i64,
    /// The address the buyer wrote from, for the verification limits.
    pub(super) ip: Option<IpAddr>,
    pub(super) lang: Lang,
}

impl Executor<'_> {
    /// Stores and publishes a bot message.
    async fn say(&self, text: String, quick_replies: Vec<QuickReply>) -> DeskResult<()> {
        crate::outbox::post_bot(self.desk, self.conversation_id, text, quick_replies).await
    }

    /// The e-mail a buyer just proved an order with goes on their contact
    /// when it has none (agents then find the buyer by it). A phone, QQ or
    /// lookup password is not kept. A failure is logged, not fatal.
    async fn remember_email(&self, proof: &Secret, order: &kadesk_shop::ShopOrder) {
        let typed = proof.expose().trim();
        let proved = order
            .email
            .as_deref()
            .is_some_and(|e| typed.contains('@') && e.trim().eq_ignore_ascii_case(typed));
        if !proved {
            return;
        }
        let store = &self.desk.store;
        let saved = async {
            let conversation = store.conversation(self.conversation_id).await?;
            let contact = store.contact(conversation.contact_id).await?;
            if contact.email.as_deref().is_none_or(str::is_empty) {
                let patch = kadesk_store::ContactPatch {
                    email: Some(Some(typed.to_lowercase())),
                    ..kadesk_store::ContactPatch::default()
                };
                store.update_contact(contact.id, patch).await?;
            }
            Ok::<(), kadesk_store::StoreError>(())
        };
        if let Err(e) = saved.await {
            tracing::warn!(conversation.id = self.conversation_id, error = %e, "proved e-mail not saved to the contact");
        }
    }

    async fn unavailable(&self) -> DeskResult<Option<BotEvent>> {
        let text = VerifyError::Unavailable.buyer_text(self.lang.as_str());
        self.say(text, Vec::new()).await?;
        Ok(None)
    }

    /// Checks the buyer's proof for an order (or the order paid with a
    /// trade number) with the shop's lockout; with `redeliver`, a paid and
    /// delivered order's card keys come back too (audited by the shop).
    async fn verify(
        &self,
        order_no: &str,
        by_trade_no: bool,
        proof: &Secret,
        redeliver: bool,
    ) -> Result<kadesk_shop::Redelivery, VerifyError> {
        let conversation = self
            .desk
            .store
            .conversation(self.conversation_id)
            .await
            .map_err(|e| {
                tracing::warn!(conversation.id = self.conversation_id, error = %e, "verification without a conversation");
                VerifyError::Unavailable
            })?;
        // A trade number is checked as the order it paid for; one that paid
        // for nothing is checked as it is, and fails like a wrong proof.
        let order_no = if by_trade_no {
            match self.desk.shop.find_order_by_trade_no(order_no).await {
                Ok(Some(order)) => order.order_no,
                Ok(None) => order_no.to_owned(),
                Err(_) => return Err(VerifyError::Unavailable),
            }
        } else {
            order_no.to_owned()
        };
        let attempt = Attempt {
            conversation_id: Some(self.conversation_id),
            ip: self.ip,
            order_no,
            proof: proof.clone(),
        };
        if redeliver {
            self.desk
                .shop
                .verify_and_redeliver(&attempt, conversation.channel.as_str())
                .await
        } else {
            let order = self.desk.shop.verify(&attempt).await?;
            Ok(kadesk_shop::Redelivery {
                order,
                keys: Vec::new(),
            })
        }
    }

    /// Performs one action; `Some(event)` is the answer to feed back.
    pub(super) async fn perform(&mut self, action: Action) -> DeskResult<Option<BotEvent>> {
        let desk = self.desk;
        let id = self.conversation_id;
        match action {
            Action::Reply {
                text,
                quick_replies,
                ..
            } => {
                let buttons = quick_replies
                    .into_iter()
                    .map(|q| QuickReply {
                        label: q.label,
                        payload: q.payload,
                    })
                    .collect();
                self.say(text, buttons).await?;
                Ok(None)
            }
            Action::VerifyOrder {
                order_no,
                by_trade_no,
                proof,
                redeliver,
            } => {
                let secret = Secret::new(proof.expose());
                match self
                    .verify(&order_no, by_trade_no, &secret, redeliver)
                    .await
                {
                    Ok(verified) => {
                        self.remember_email(&secret, &verified.order).await;
                        let count = verified.keys.len();
                        if count > 0 {
                            // The note, then the keys under it (buyer's room only).
                            let plain = verified
                                .keys
                                .iter()
                                .map(|k| k.expose().to_owned())
                                .collect();
                            crate::outbox::show_keys(
                                desk,
                                id,
                                None,
                                Some(&verified.order.order_no),
                                plain,
                            )
                            .await?;
                            tracing::info!(
                                conversation.id = id,
                                keys = count,
                                "bot re-delivered card keys"
                            );
                        }
                        Ok(Some(BotEvent::Verified {
                            order: order_facts(desk, &verified.order),
                            keys: count,
                        }))
                    }
                    // The number the buyer gave, never the order a trade
                    // number paid for: that would tell them it exists.
                    Err(VerifyError::Mismatch) => Ok(Some(BotEvent::VerificationFailed {
                        order_no,
                        locked: false,
                    })),
                    Err(VerifyError::Locked { .. }) => Ok(Some(BotEvent::VerificationFailed {
                        order_no,
                        locked: true,
                    })),
                    Err(VerifyError::Unavailable) => self.unavailable().await,
                }
            }
            Action::RecordRefundRequest {
                order_no,
                amount,
                currency,
                reason,
            } => {
                desk.store
                    .record_refund_request(
                        id,
                        &order_no,
                        amount.as_deref(),
                        currency.as_deref(),
                        &reason,
                    )
                    .await?;
                tracing::info!(conversation.id = id, "refund request recorded");
                Ok(None)
            }
            Action::SearchKnowledge { query } => {
                let answer = match desk.knowledge.answer(&desk.store, &query, self.lang).await {
                    Ok((answer, article)) => {
                        crate::knowledge::worded_by_model(desk, id, &query, answer, article).await
                    }
                    Err(e) => {
                        tracing::warn!(conversation.id = id, error = %e, "knowledge base unavailable");
                        BotEvent::KnowledgeNone
                    }
                };
                Ok(Some(answer))
            }
            Action::Handoff {
                reasons,
                priority,
                mut summary,
            } => {
                let codes: Vec<&str> = reasons.iter().map(|r| r.as_str()).collect();
                crate::metrics::handoff(&codes);
                add_named_orders(desk, &mut summary).await;
                let summary = serde_json::to_value(&summary)?;
                let conversation = desk
                    .store
                    .hand_off(id, &codes, priority.level(), &summary)
                    .await?;
                tracing::info!(conversation.id = id, reasons = ?codes, priority = priority.as_str(), "bot handed off");
                // The bot's own handoff reply (said just before) is the one
                // message the buyer gets; no system line repeats it.
                desk.hub.conversation(&conversation);
                desk.routing.kick();
                Ok(None)
            }
            Action::Resolve => {
                let conversation = desk.store.resolve(id).await?;
                crate::cases::record_quietly(desk, id).await;
                desk.hub.conversation(&conversation);
                Ok(None)
            }
            Action::RecordOutcome {
                template_id,
                variant,
                outcome,
            } => {
                let (name, stars) = match outcome {
                    kadesk_bot::Outcome::Solved => ("solved", None),
                    kadesk_bot::Outcome::HandedOff => ("handed_off", None),
                    kadesk_bot::Outcome::Rated { stars } => ("rated", Some(i64::from(stars))),
                };
                desk.store
                    .record_bot_outcome(id, &template_id, &variant, name, stars)
                    .await?;
                Ok(None)
            }
        }
    }
}
