-- Reports read, per conversation, the agents' messages (the first response,
-- how many agents wrote) and the events of one kind (the first handoff, the
-- first and last resolve, the first reopen). These indexes answer each of
-- those from a few entries instead of walking every message and event of
-- the conversation; the agents' index holds only agents' messages, so the
-- buyers' and the bot's writes do not pay for it.
CREATE INDEX messages_agent_by_conversation
    ON messages(conversation_id, created_at, sender_id) WHERE sender = 'agent';
CREATE INDEX conversation_events_by_kind
    ON conversation_events(conversation_id, kind, at);
