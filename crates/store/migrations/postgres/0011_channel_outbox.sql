-- Delivery to messaging platforms (PostgreSQL). Every message the desk writes
-- into a conversation on a platform channel (Telegram, WhatsApp, WeChat…)
-- is queued here, one row per platform message it renders to, and sent in
-- order per recipient with retries; a row that still fails keeps the
-- platform's error for the agents. Card keys are stored sealed, never plain.
-- `channel_state` keeps each channel's cursors (the collected message id,
-- Telegram's getUpdates offset). Times are Unix milliseconds.

CREATE TABLE channel_outbox (
    id BIGSERIAL PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    message_id BIGINT REFERENCES messages(id),
    part BIGINT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX channel_outbox_due ON channel_outbox(status, next_attempt_at);
CREATE INDEX channel_outbox_by_conversation ON channel_outbox(conversation_id);
CREATE UNIQUE INDEX channel_outbox_part ON channel_outbox(message_id, part);
CREATE INDEX channel_outbox_by_recipient ON channel_outbox(channel, recipient, status);

CREATE TABLE channel_state (
    channel TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (channel, name)
);
