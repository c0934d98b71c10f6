-- Buyers as the channels know them (SQLite): a platform's user id (a
-- Telegram chat id, a WhatsApp number…) names one contact per channel, and
-- a platform's message id names one stored message, so a repeated delivery
-- of the same platform message is stored once. Times are Unix milliseconds.

CREATE TABLE channel_identities (
    channel TEXT NOT NULL,
    platform_user_id TEXT NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, platform_user_id)
);
CREATE INDEX channel_identities_by_contact ON channel_identities(contact_id);

CREATE TABLE channel_messages (
    channel TEXT NOT NULL,
    platform_message_id TEXT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    PRIMARY KEY (channel, platform_message_id)
);
