-- The bot (SQLite): dialog state per conversation, handoff details, quick
-- replies on bot messages, refund requests and A/B outcomes.
CREATE TABLE bot_states (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id),
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- JSON array of reason codes; the bot's summary as JSON.
ALTER TABLE conversations ADD COLUMN handoff_reasons TEXT;
ALTER TABLE conversations ADD COLUMN handoff_summary TEXT;

-- JSON object (e.g. {"quick_replies":[{"label","payload"}]}) on bot messages.
ALTER TABLE messages ADD COLUMN meta TEXT;

CREATE TABLE refund_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    order_no TEXT NOT NULL,
    amount TEXT,
    currency TEXT,
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL
);
CREATE INDEX refund_requests_by_conversation ON refund_requests(conversation_id);

CREATE TABLE bot_outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    template_id TEXT NOT NULL,
    variant TEXT NOT NULL,
    outcome TEXT NOT NULL,
    stars INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX bot_outcomes_by_template ON bot_outcomes(template_id, variant);
