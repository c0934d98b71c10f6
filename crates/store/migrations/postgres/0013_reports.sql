-- Reports (PostgreSQL): what happened to each conversation and when, so first
-- response, resolution, re-contact and bot resolution can be measured
-- (docs/reports.md).

-- The status a conversation was opened with (`bot` or `queued`); NULL for
-- conversations older than this migration.
ALTER TABLE conversations ADD COLUMN opened_status TEXT;

-- kind: handoff (detail = JSON array of reason codes), handback, assigned,
-- unassigned, resolved, reopened. actor_id: the assignee after the event.
CREATE TABLE conversation_events (
    id BIGSERIAL PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT,
    detail TEXT
);
CREATE INDEX conversation_events_by_conversation ON conversation_events(conversation_id, at);

-- Reports select conversations by creation time, and look for a contact's
-- next conversation.
CREATE INDEX conversations_by_created ON conversations(created_at);
CREATE INDEX conversations_by_contact_created ON conversations(contact_id, created_at);
