//! Help for the agent of an open conversation from the optional language
//! model ([`crate::llm`]), with the same safety as the bot's path
//! (redaction, quoted buyer text, budget, timeout, audit):
//! - a **suggested reply**: a draft grounded in the article retrieval is
//!   confident about and the most similar solved cases. It is only ever
//!   returned to the agent, who edits and sends it; nothing here sends.
//!   With the model off or failing, the draft is the article's text (or a
//!   similar case's solution), as before;
//! - a **model-written handoff summary** of a long conversation, beside the
//!   rule-based one, kept per conversation until a new message arrives.

use std::collections::HashMap;
use std::sync::Mutex;

use kadesk_domain::{Article, SenderKind};

use crate::llm::{self, Outcome};
use crate::{cases, Desk, DeskResult};

/// Messages read of a conversation for a draft or a summary.
const TALK_MESSAGES: i64 = 40;
/// A conversation with at least this many messages with text is long
/// enough for a model-written summary.
pub const LONG_CONVERSATION: usize = 10;
/// The buyer's last messages tried, newest first, for a confident article.
const QUESTIONS_TRIED: usize = 4;
/// Similar solved cases given to the model.
const CASES: usize = 2;
/// Longest fallback draft (an article's text).
const DRAFT_CHARS: usize = 1_000;
/// Summaries kept; the oldest half is dropped when full.
const SUMMARIES_KEPT: usize = 512;

/// Where a suggested draft came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftSource {
    /// Written by the language model from the articles and cases.
    Model,
    /// The confident article's text, as it stands.
    Article,
    /// The solution of the most similar solved case.
    Case,
}

impl DraftSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftSource::Model => "model",
            DraftSource::Article => "article",
            DraftSource::Case => "case",
        }
    }
}

/// A suggested reply for the agent (never sent by itself).
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The draft, when there is anything to ground one in.
    pub draft: Option<String>,
    pub source: Option<DraftSource>,
    /// The articles it is grounded in: (id, title).
    pub articles: Vec<(i64, String)>,
    /// The conversations of the solved cases it is grounded in.
    pub case_conversations: Vec<i64>,
    /// How the model call ended, when the model was asked.
    pub model_outcome: Option<Outcome>,
}

/// Where a model-written summary stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryStatus {
    Ready,
    /// The language model is off.
    Off,
    /// Too short to need one (the rule-based summary says it all).
    Short,
    /// The model gave none (timeout, error, budget): the rule-based one stands.
    Failed,
}

impl SummaryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SummaryStatus::Ready => "ready",
            SummaryStatus::Off => "off",
            SummaryStatus::Short => "short",
            SummaryStatus::Failed => "failed",
        }
    }
}

/// A model-written handoff summary.
#[derive(Debug, Clone)]
pub struct ModelSummary {
    pub text: Option<String>,
    pub status: SummaryStatus,
    pub model_outcome: Option<Outcome>,
}

/// The summaries written, per conversation with the newest message they
/// cover, so opening a conversation again costs no call.
#[derive(Debug, Default)]
pub struct SummaryCache {
    kept: Mutex<HashMap<i64, (i64, String)>>,
}

impl SummaryCache {
    fn get(&self, conversation_id: i64, last_seq: i64) -> Option<String> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.get(&conversation_id)
            .filter(|(seq, _)| *seq == last_seq)
            .map(|(_, text)| text.clone())
    }

    fn put(&self, conversation_id: i64, last_seq: i64, text: String) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= SUMMARIES_KEPT && !kept.contains_key(&conversation_id) {
            // Drop the half that covers the oldest messages' conversations.
            let mut ids: Vec<i64> = kept.keys().copied().collect();
            ids.sort_unstable();
            for id in ids.into_iter().take(SUMMARIES_KEPT / 2) {
                kept.remove(&id);
            }
        }
        kept.insert(conversation_id, (last_seq, text));
    }
}

/// The conversation's messages with text, oldest first, and its newest seq.
async fn talk_of(
    desk: &Desk,
    conversation_id: i64,
) -> DeskResult<(Vec<(SenderKind, String)>, i64)> {
    let conversation = desk.store.conversation(conversation_id).await?;
    let messages = desk
        .store
        .messages_before(conversation_id, i64::MAX, TALK_MESSAGES)
        .await?;
    let talk = messages
        .into_iter()
        .filter(|m| !m.text.trim().is_empty())
        .map(|m| (m.sender, m.text))
        .collect();
    Ok((talk, conversation.last_seq))
}

/// What the buyer asked last: their messages after the last message of
/// anyone else, newest first.
fn last_question(talk: &[(SenderKind, String)]) -> Vec<&str> {
    let end = talk
        .iter()
        .rposition(|(who, _)| *who == SenderKind::Buyer)
        .map_or(0, |i| i + 1);
    let start = talk[..end]
        .iter()
        .rposition(|(who, _)| *who != SenderKind::Buyer)
        .map_or(0, |i| i + 1);
    talk[start..end]
        .iter()
        .rev()
        .map(|(_, t)| t.as_str())
        .collect()
}

fn lang_of(text: &str) -> kadesk_bot::Lang {
    let cjk = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk || text.trim().is_empty() {
        kadesk_bot::Lang::Zh
    } else {
        kadesk_bot::Lang::En
    }
}

/// Audits and counts a call an agent's request made.
async fn recorded(desk: &Desk, agent_id: i64, conversation_id: i64, record: &llm::CallRecord) {
    let target = format!("conversation:{conversation_id}");
    llm::record(desk, Some(agent_id), &target, record).await;
}

/// A suggested reply for `agent_id` in conversation `conversation_id`.
pub async fn suggest_reply(
    desk: &Desk,
    agent_id: i64,
    conversation_id: i64,
) -> DeskResult<Suggestion> {
    let (talk, _) = talk_of(desk, conversation_id).await?;
    let asked = last_question(&talk);
    let mut out = Suggestion {
        draft: None,
        source: None,
        articles: Vec::new(),
        case_conversations: Vec::new(),
        model_outcome: None,
    };
    if asked.is_empty() {
        return Ok(out);
    }
    // The newest of the buyer's last messages retrieval is confident about.
    let mut article: Option<Article> = None;
    for question in asked.iter().take(QUESTIONS_TRIED) {
        article = desk
            .knowledge
            .confident_article(&desk.store, question, lang_of(question))
            .await?;
        if article.is_some() {
            break;
        }
    }
    let similar = cases::similar(desk, conversation_id, CASES).await?;
    let solutions: Vec<String> = similar
        .iter()
        .map(|s| {
            if s.case.case.summary.trim().is_empty() {
                s.case.case.replies.last().cloned().unwrap_or_default()
            } else {
                s.case.case.summary.clone()
            }
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    out.articles = article.iter().map(|a| (a.id, a.title.clone())).collect();
    out.case_conversations = similar
        .iter()
        .map(|s| s.case.case.conversation_id)
        .collect();
    if article.is_none() && solutions.is_empty() {
        // Nothing to ground a draft in: no draft, and no model call.
        return Ok(out);
    }
    if desk.llm.enabled() {
        let articles: Vec<Article> = article.iter().cloned().collect();
        let (text, record) = desk.llm.suggest_reply(&talk, &articles, &solutions).await;
        recorded(desk, agent_id, conversation_id, &record).await;
        out.model_outcome = Some(record.outcome);
        if let Some(text) = text {
            out.draft = Some(text);
            out.source = Some(DraftSource::Model);
            return Ok(out);
        }
    }
    // Today's behaviour: the article as it stands, else a case's solution.
    if let Some(a) = &article {
        out.draft = Some(a.body.chars().take(DRAFT_CHARS).collect());
        out.source = Some(DraftSource::Article);
    } else if let Some(s) = solutions.first() {
        out.draft = Some(s.clone());
        out.source = Some(DraftSource::Case);
    }
    Ok(out)
}

/// The model-written handoff summary of a long conversation, asked by
/// `agent_id`; kept until the conversation gets a new message.
pub async fn model_summary(
    desk: &Desk,
    agent_id: i64,
    conversation_id: i64,
) -> DeskResult<ModelSummary> {
    let (talk, last_seq) = talk_of(desk, conversation_id).await?;
    let status = |status| ModelSummary {
        text: None,
        status,
        model_outcome: None,
    };
    if !desk.llm.enabled() {
        return Ok(status(SummaryStatus::Off));
    }
    if talk.len() < LONG_CONVERSATION {
        return Ok(status(SummaryStatus::Short));
    }
    if let Some(text) = desk.summaries.get(conversation_id, last_seq) {
        return Ok(ModelSummary {
            text: Some(text),
            status: SummaryStatus::Ready,
            model_outcome: None,
        });
    }
    let (text, record) = desk.llm.handoff_summary(&talk).await;
    recorded(desk, agent_id, conversation_id, &record).await;
    Ok(match text {
        Some(text) => {
            desk.summaries.put(conversation_id, last_seq, text.clone());
            ModelSummary {
                text: Some(text),
                status: SummaryStatus::Ready,
                model_outcome: Some(record.outcome),
            }
        }
        None => ModelSummary {
            text: None,
            status: SummaryStatus::Failed,
            model_outcome: Some(record.outcome),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_question_is_the_buyers_messages_after_anyone_else() {
        let talk = vec![
            (SenderKind::Buyer, "你好".to_owned()),
            (SenderKind::Bot, "您好，请问有什么可以帮您".to_owned()),
            (SenderKind::Buyer, "Steam 卡".to_owned()),
            (SenderKind::Buyer, "在哪里输入".to_owned()),
            (SenderKind::System, "已转人工".to_owned()),
        ];
        assert_eq!(last_question(&talk), vec!["在哪里输入", "Steam 卡"]);
        assert_eq!(last_question(&talk[..1]), vec!["你好"]);
        assert!(last_question(&talk[1..2]).is_empty());
        assert_eq!(lang_of("where is my code"), kadesk_bot::Lang::En);
        assert_eq!(lang_of("卡密在哪"), kadesk_bot::Lang::Zh);
    }

    #[test]
    fn a_summary_is_kept_until_a_new_message() {
        let cache = SummaryCache::default();
        cache.put(7, 12, "摘要".into());
        assert_eq!(cache.get(7, 12).as_deref(), Some("摘要"));
        assert_eq!(cache.get(7, 13), None);
        for id in 0..SUMMARIES_KEPT as i64 * 2 {
            cache.put(100 + id, 1, "x".into());
        }
        assert!(cache.kept.lock().unwrap().len() <= SUMMARIES_KEPT);
    }
}
