-- Screenshots (PostgreSQL): picture size and thumbnail of stored files, and what
-- was read from each uploaded screenshot.
ALTER TABLE files ADD COLUMN width BIGINT;
ALTER TABLE files ADD COLUMN height BIGINT;
ALTER TABLE files ADD COLUMN has_thumbnail BIGINT NOT NULL DEFAULT 0;

-- phash and text_fingerprint are 64-bit hashes stored as signed integers.
-- fields, missing, lines, flags and seen_before are JSON.
CREATE TABLE image_analyses (
    id BIGSERIAL PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    message_id BIGINT NOT NULL REFERENCES messages(id),
    file_id TEXT NOT NULL,
    status TEXT NOT NULL,
    category TEXT,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    missing TEXT NOT NULL,
    lines TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    phash BIGINT,
    text_fingerprint BIGINT,
    flags TEXT NOT NULL,
    seen_before TEXT,
    error TEXT,
    elapsed_ms BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX image_analyses_by_conversation ON image_analyses(conversation_id, id);
CREATE INDEX image_analyses_by_time ON image_analyses(created_at);
