-- Canned replies (PostgreSQL): shared ones (owner_id NULL) and each agent's
-- personal ones, a shortcut each (unique among the shared ones and among one
-- agent's own), in zh or en. Every insertion by an agent is a use: counted
-- on the reply and kept as an event for reports (events outlive a deleted
-- reply, so they name it without a foreign key).
CREATE TABLE canned_replies (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT REFERENCES users(id),
    shortcut TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    use_count BIGINT NOT NULL DEFAULT 0,
    last_used_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX canned_replies_shortcut ON canned_replies(COALESCE(owner_id, 0), shortcut);

CREATE TABLE canned_reply_uses (
    id BIGSERIAL PRIMARY KEY,
    canned_reply_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    conversation_id BIGINT REFERENCES conversations(id),
    used_at BIGINT NOT NULL
);
CREATE INDEX canned_reply_uses_by_time ON canned_reply_uses(used_at);
