-- Reports (SQLite): the facts reports read, kept on each conversation and
-- written in the transaction of the change that moves them (a conversation
-- event, an agent's message, a new conversation of the same buyer, a
-- screenshot and its reading), so a report adds up columns instead of
-- walking every conversation's messages and events (docs/reports.md).
-- The store's `report_facts` module keeps them; this migration fills them
-- from the history already stored.
--
-- rf_handoff_at / rf_handoff_reasons: the first handoff and its reason codes
-- (JSON). rf_wait_start: when it started waiting for a person (creation when
-- opened `queued`, else the first handoff). rf_first_response_at: the first
-- agent message at or after that. rf_first_resolved_at / rf_last_resolved_at
-- / rf_first_reopened_at: from the events. rf_next_contact_at: the buyer's
-- next conversation created at or after the first resolve. rf_agents:
-- distinct agents who wrote. rf_screenshot: a buyer sent a picture.
-- rf_screenshot_read: a picture of it was read automatically.
ALTER TABLE conversations ADD COLUMN rf_handoff_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_handoff_reasons TEXT;
ALTER TABLE conversations ADD COLUMN rf_wait_start INTEGER;
ALTER TABLE conversations ADD COLUMN rf_first_response_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_first_resolved_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_last_resolved_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_first_reopened_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_next_contact_at INTEGER;
ALTER TABLE conversations ADD COLUMN rf_agents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN rf_screenshot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN rf_screenshot_read INTEGER NOT NULL DEFAULT 0;

UPDATE conversations SET
    rf_handoff_at = (SELECT MIN(e.at) FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'handoff'),
    rf_handoff_reasons = (SELECT e.detail FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'handoff'
        ORDER BY e.at, e.id LIMIT 1),
    rf_wait_start = CASE WHEN conversations.opened_status = 'queued' THEN conversations.created_at
        ELSE (SELECT MIN(e.at) FROM conversation_events e
            WHERE e.conversation_id = conversations.id AND e.kind = 'handoff') END,
    rf_first_response_at = (SELECT MIN(m.created_at) FROM messages m
        WHERE m.conversation_id = conversations.id AND m.sender = 'agent'
        AND m.created_at >= CASE WHEN conversations.opened_status = 'queued'
            THEN conversations.created_at
            ELSE (SELECT MIN(e.at) FROM conversation_events e
                WHERE e.conversation_id = conversations.id AND e.kind = 'handoff') END),
    rf_first_resolved_at = (SELECT MIN(e.at) FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'resolved'),
    rf_last_resolved_at = (SELECT MAX(e.at) FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'resolved'),
    rf_first_reopened_at = (SELECT MIN(e.at) FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'reopened'),
    rf_next_contact_at = (SELECT MIN(n.created_at) FROM conversations n
        WHERE n.contact_id = conversations.contact_id AND n.id <> conversations.id
        AND n.created_at >= (SELECT MIN(e.at) FROM conversation_events e
            WHERE e.conversation_id = conversations.id AND e.kind = 'resolved')),
    rf_agents = (SELECT COUNT(DISTINCT m.sender_id) FROM messages m
        WHERE m.conversation_id = conversations.id AND m.sender = 'agent')
;

UPDATE conversations SET rf_screenshot = 1 WHERE EXISTS (SELECT 1 FROM messages m
    WHERE m.conversation_id = conversations.id AND m.sender = 'buyer'
    AND m.attachments LIKE '%"content_type":"image/%');
UPDATE conversations SET rf_screenshot_read = 1 WHERE EXISTS (SELECT 1 FROM image_analyses a
    WHERE a.conversation_id = conversations.id AND a.status = 'done');

-- The case memory's problem tags, intents and products, one row per label,
-- so reports can group by them (kind: tag, intent, product).
CREATE TABLE conversation_labels (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (conversation_id, kind, label)
);
INSERT OR IGNORE INTO conversation_labels (conversation_id, kind, label)
    SELECT c.conversation_id, 'tag', j.value FROM cases c, json_each(c.tags) j
    WHERE json_valid(c.tags) AND j.type = 'text';
INSERT OR IGNORE INTO conversation_labels (conversation_id, kind, label)
    SELECT c.conversation_id, 'intent', j.value FROM cases c, json_each(c.intents) j
    WHERE json_valid(c.intents) AND j.type = 'text';
INSERT OR IGNORE INTO conversation_labels (conversation_id, kind, label)
    SELECT c.conversation_id, 'product', j.value FROM cases c, json_each(c.products) j
    WHERE json_valid(c.products) AND j.type = 'text';

-- Reports read a period's conversations from this index alone: every column
-- a report looks at, in creation order (it replaces conversations_by_created).
DROP INDEX conversations_by_created;
CREATE INDEX conversations_report ON conversations(created_at, opened_status, status,
    channel, assignee_id, team_id, rating_stars, rf_handoff_at, rf_handoff_reasons,
    rf_wait_start, rf_first_response_at, rf_first_resolved_at, rf_last_resolved_at,
    rf_first_reopened_at, rf_next_contact_at, rf_agents, rf_screenshot, rf_screenshot_read);
CREATE INDEX conversation_labels_by_label ON conversation_labels(kind, label);
