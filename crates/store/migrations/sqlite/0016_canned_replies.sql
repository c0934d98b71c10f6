-- Canned replies (SQLite): shared ones (owner_id NULL) and each agent's
-- personal ones, a shortcut each (unique among the shared ones and among one
-- agent's own), in zh or en. Every insertion by an agent is a use: counted
-- on the reply and kept as an event for reports (events outlive a deleted
-- reply, so they name it without a foreign key).
CREATE TABLE canned_replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER REFERENCES users(id),
    shortcut TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    use_count INTEGER NOT NULL DEFAULT 0,
    last_used_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX canned_replies_shortcut ON canned_replies(COALESCE(owner_id, 0), shortcut);

CREATE TABLE canned_reply_uses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    canned_reply_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    conversation_id INTEGER REFERENCES conversations(id),
    used_at INTEGER NOT NULL
);
CREATE INDEX canned_reply_uses_by_time ON canned_reply_uses(used_at);
