-- Re-contact "about the same problem" (docs/reports.md): rf_same_next_at is
-- the buyer's next conversation created at or after this one's first
-- resolve that shares a problem tag or an intent with it (the case memory's
-- labels). The store's report_facts keeps it (RECOMPUTE, and again for the
-- buyer's conversations whenever a conversation's labels change); this
-- migration fills it and adds it to the reports' covering index.
ALTER TABLE conversations ADD COLUMN rf_same_next_at BIGINT;
UPDATE conversations SET rf_same_next_at = (SELECT MIN(n.created_at) FROM conversations n
    WHERE n.contact_id = conversations.contact_id AND n.id <> conversations.id
    AND n.created_at >= (SELECT MIN(e.at) FROM conversation_events e
        WHERE e.conversation_id = conversations.id AND e.kind = 'resolved')
    AND EXISTS (SELECT 1 FROM conversation_labels a, conversation_labels b
        WHERE a.conversation_id = conversations.id AND b.conversation_id = n.id
        AND a.kind = b.kind AND a.label = b.label AND a.kind IN ('tag', 'intent')));
DROP INDEX conversations_report;
CREATE INDEX conversations_report ON conversations(created_at) INCLUDE (opened_status,
    status, channel, assignee_id, team_id, rating_stars, rf_handoff_at, rf_handoff_reasons,
    rf_wait_start, rf_first_response_at, rf_first_resolved_at, rf_last_resolved_at,
    rf_first_reopened_at, rf_next_contact_at, rf_same_next_at, rf_agents, rf_screenshot,
    rf_screenshot_read);
