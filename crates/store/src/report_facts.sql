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
    rf_same_next_at = (SELECT MIN(n.created_at) FROM conversations n
        WHERE n.contact_id = conversations.contact_id AND n.id <> conversations.id
        AND n.created_at >= (SELECT MIN(e.at) FROM conversation_events e
            WHERE e.conversation_id = conversations.id AND e.kind = 'resolved')
        AND EXISTS (SELECT 1 FROM conversation_labels a, conversation_labels b
            WHERE a.conversation_id = conversations.id AND b.conversation_id = n.id
            AND a.kind = b.kind AND a.label = b.label AND a.kind IN ('tag', 'intent'))),
    rf_agents = (SELECT COUNT(DISTINCT m.sender_id) FROM messages m
        WHERE m.conversation_id = conversations.id AND m.sender = 'agent')
