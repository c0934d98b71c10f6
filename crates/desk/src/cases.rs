//! Case memory: every resolved conversation becomes a case (tags, intents,
//! entities, pictures with readings and hashes, the replies that solved it,
//! the outcome), and the most similar past cases are found for a live
//! conversation.
//!
//! The scoring is the pure `kadesk_knowledge::cases`; this module gathers the
//! parts from the store and the NLU.

use kadesk_domain::{Message, SenderKind};
use kadesk_knowledge::cases::{propose_tags, rank, CaseSignature, Prepared, ScoreParts};
use kadesk_nlu::EntityKind;
use kadesk_store::{CaseFilter, CasePicture, NewCase, StoredCase};

use crate::{Desk, DeskError, DeskResult};

/// Messages read to build a case or a query.
const MAX_MESSAGES: i64 = 500;
/// Key replies kept per case.
const MAX_REPLIES: usize = 3;
/// Past cases compared with a conversation (the most recent).
pub const MAX_CANDIDATES: i64 = 20_000;
/// Similar cases below this score are not shown.
pub const MIN_SCORE: f32 = 0.2;
/// The summary is cut at this many characters.
const SUMMARY_CHARS: usize = 200;

/// Most problem tags on one conversation.
pub const MAX_TAGS: usize = 8;

/// The problem tags of a live conversation: what kadesk proposes and what
/// an agent confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationTags {
    /// Proposed from the intents, error codes and screenshot kinds.
    pub proposed: Vec<String>,
    /// Confirmed by an agent (`None`: not yet).
    pub confirmed: Option<Vec<String>>,
    /// The taxonomy to choose from.
    pub taxonomy: Vec<String>,
    /// Resolving needs a confirmed tag (the `tags_required` setting).
    pub required: bool,
}

/// A past case like the conversation, with how alike it is.
#[derive(Debug, Clone)]
pub struct SimilarCase {
    pub case: StoredCase,
    /// Similarity in [0, 1].
    pub score: f32,
    pub parts: ScoreParts,
}

/// What a conversation says about its problem.
struct Gathered {
    signature: CaseSignature,
    pictures: Vec<CasePicture>,
    buyer_text: String,
    replies: Vec<String>,
    solved_by: &'static str,
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v.eq_ignore_ascii_case(value)) {
        list.push(value.to_string());
    }
}

async fn gather(desk: &Desk, conversation_id: i64) -> DeskResult<Gathered> {
    let messages: Vec<Message> = desk
        .store
        .messages_after(conversation_id, 0, MAX_MESSAGES)
        .await?;
    let names = desk.shop_cache.product_names(desk).await.to_vec();
    let mut signature = CaseSignature::default();
    let mut buyer_text = String::new();
    for m in messages.iter().filter(|m| m.sender == SenderKind::Buyer) {
        if m.text.trim().is_empty() {
            continue;
        }
        let names = names.clone();
        let parse = desk.nlu.parse(&m.text, || names).await?;
        if parse.intent.name != "fallback" {
            push_unique(&mut signature.intents, &parse.intent.name);
        }
        for kind in [EntityKind::ErrorCode, EntityKind::Product] {
            for v in parse.values(kind) {
                let list = if kind == EntityKind::ErrorCode {
                    &mut signature.error_codes
                } else {
                    &mut signature.products
                };
                push_unique(list, v);
            }
        }
        if !buyer_text.is_empty() {
            buyer_text.push('\n');
        }
        // The parse's text has card keys masked.
        buyer_text.push_str(&parse.text);
    }
    let pictures = desk.store.pictures_of(conversation_id).await?;
    let mut text = buyer_text.clone();
    for p in &pictures {
        if let Some(code) = &p.error_code {
            push_unique(&mut signature.error_codes, code);
        }
        if let Some(h) = p.phash {
            signature.phashes.push(h);
        }
        text.push('\n');
        text.push_str(&p.text);
    }
    signature.text = text;
    // The solution: the last replies of the agents, else of the bot.
    let agent: Vec<&Message> = messages
        .iter()
        .filter(|m| m.sender == SenderKind::Agent && !m.text.trim().is_empty())
        .collect();
    let (source, solved_by) = if agent.is_empty() {
        (
            messages
                .iter()
                .filter(|m| m.sender == SenderKind::Bot && !m.text.trim().is_empty())
                .collect::<Vec<_>>(),
            "bot",
        )
    } else {
        (agent, "agent")
    };
    let mut replies = Vec::new();
    for m in source.iter().rev().take(MAX_REPLIES).rev() {
        // A card key pasted into a reply is kept masked.
        let names = names.clone();
        replies.push(desk.nlu.parse(&m.text, || names).await?.text);
    }
    Ok(Gathered {
        signature,
        pictures,
        buyer_text,
        replies,
        solved_by,
    })
}

fn summary_of(replies: &[String]) -> String {
    replies
        .iter()
        .max_by_key(|r| r.chars().count())
        .map(|r| r.chars().take(SUMMARY_CHARS).collect())
        .unwrap_or_default()
}

fn proposed(g: &Gathered, taxonomy: &[String]) -> Vec<String> {
    let kinds: Vec<String> = g.pictures.iter().map(|p| p.kind.clone()).collect();
    propose_tags(
        &g.signature.intents,
        !g.signature.error_codes.is_empty(),
        &kinds,
        taxonomy,
    )
}

/// The tags kadesk proposes for conversation `conversation_id` now, and
/// those an agent confirmed.
pub async fn tags_of(desk: &Desk, conversation_id: i64) -> DeskResult<ConversationTags> {
    desk.store.conversation(conversation_id).await?;
    let g = gather(desk, conversation_id).await?;
    let taxonomy = desk.store.problem_tags().await?;
    Ok(ConversationTags {
        proposed: proposed(&g, &taxonomy),
        confirmed: desk
            .store
            .confirmed_tags(conversation_id)
            .await?
            .map(|c| c.tags),
        taxonomy,
        required: desk.settings.cases().tags_required,
    })
}

/// Agent `by` confirms (or corrects) the problem tags of a conversation:
/// names of the taxonomy, at most [`MAX_TAGS`]; an empty list says none
/// apply. A resolved conversation's case takes them at once.
pub async fn confirm_tags(
    desk: &Desk,
    by: i64,
    conversation_id: i64,
    tags: &[String],
) -> DeskResult<Vec<String>> {
    desk.store.conversation(conversation_id).await?;
    let taxonomy = desk.store.problem_tags().await?;
    let mut clean: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()) {
        if !taxonomy.iter().any(|t| t == tag) {
            return Err(DeskError::validation(format!(
                "tags: {tag:?} is not a problem tag; pick one of {} (admins add tags at /api/v1/problem-tags)",
                taxonomy.join("、")
            )));
        }
        if !clean.iter().any(|t| t == tag) {
            clean.push(tag.to_string());
        }
    }
    if clean.len() > MAX_TAGS {
        return Err(DeskError::validation(format!(
            "tags: {} tags given; a conversation has at most {MAX_TAGS}",
            clean.len()
        )));
    }
    desk.store
        .confirm_tags(conversation_id, &clean, by, desk.now())
        .await?;
    if let Some(case) = desk.store.case_of_conversation(conversation_id).await? {
        desk.store
            .edit_case(case.id, &clean, &case.case.summary, desk.now())
            .await?;
    }
    tracing::info!(
        conversation.id = conversation_id,
        user.id = by,
        tags = clean.len(),
        "problem tags confirmed"
    );
    Ok(clean)
}

/// Records (or, after a reopen, updates) the case of a resolved
/// conversation. Its tags are those an agent confirmed, else the ones
/// proposed from the intents, error codes and screenshot kinds.
pub async fn record(desk: &Desk, conversation_id: i64) -> DeskResult<StoredCase> {
    let g = gather(desk, conversation_id).await?;
    let tags = match desk.store.confirmed_tags(conversation_id).await? {
        Some(confirmed) => confirmed.tags,
        None => proposed(&g, &desk.store.problem_tags().await?),
    };
    let case = NewCase {
        conversation_id,
        tags,
        intents: g.signature.intents,
        error_codes: g.signature.error_codes,
        products: g.signature.products,
        pictures: g.pictures,
        buyer_text: g.buyer_text,
        summary: summary_of(&g.replies),
        replies: g.replies,
        solved_by: g.solved_by.to_string(),
    };
    let stored = desk.store.save_case(&case, desk.now()).await?;
    tracing::info!(
        conversation.id = conversation_id,
        case.id = stored.id,
        "case recorded"
    );
    Ok(stored)
}

/// [`record`], for the resolve paths: a case that cannot be written is
/// logged, and the resolve stands.
pub async fn record_quietly(desk: &Desk, conversation_id: i64) {
    if let Err(e) = record(desk, conversation_id).await {
        tracing::warn!(conversation.id = conversation_id, error = %e, "case not recorded");
    }
}

fn signature_of(case: &StoredCase) -> CaseSignature {
    let c = &case.case;
    let mut text = c.buyer_text.clone();
    for p in &c.pictures {
        text.push('\n');
        text.push_str(&p.text);
    }
    CaseSignature {
        intents: c.intents.clone(),
        error_codes: c.error_codes.clone(),
        products: c.products.clone(),
        phashes: c.pictures.iter().filter_map(|p| p.phash).collect(),
        text,
    }
}

/// The past cases most like conversation `conversation_id` (its own case
/// left out), best first, at most `limit`.
pub async fn similar(
    desk: &Desk,
    conversation_id: i64,
    limit: usize,
) -> DeskResult<Vec<SimilarCase>> {
    desk.store.conversation(conversation_id).await?;
    let g = gather(desk, conversation_id).await?;
    let query = Prepared::new(g.signature);
    let candidates: Vec<StoredCase> = desk
        .store
        .cases(&CaseFilter {
            limit: MAX_CANDIDATES,
            ..CaseFilter::default()
        })
        .await?
        .into_iter()
        .filter(|c| c.case.conversation_id != conversation_id)
        .collect();
    let prepared: Vec<Prepared> = candidates
        .iter()
        .map(|c| Prepared::new(signature_of(c)))
        .collect();
    let ranked = rank(&query, &prepared, limit.clamp(1, 20), MIN_SCORE);
    Ok(ranked
        .into_iter()
        .map(|m| SimilarCase {
            case: candidates[m.index].clone(),
            score: m.score,
            parts: m.parts,
        })
        .collect())
}
