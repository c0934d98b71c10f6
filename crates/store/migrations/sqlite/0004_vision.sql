-- Screenshots (SQLite): picture size and thumbnail of stored files, and what
-- was read from each uploaded screenshot.
ALTER TABLE files ADD COLUMN width INTEGER;
ALTER TABLE files ADD COLUMN height INTEGER;
ALTER TABLE files ADD COLUMN has_thumbnail INTEGER NOT NULL DEFAULT 0;

-- phash and text_fingerprint are 64-bit hashes stored as signed integers.
-- fields, missing, lines, flags and seen_before are JSON.
CREATE TABLE image_analyses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    message_id INTEGER NOT NULL REFERENCES messages(id),
    file_id TEXT NOT NULL,
    status TEXT NOT NULL,
    category TEXT,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    missing TEXT NOT NULL,
    lines TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    phash INTEGER,
    text_fingerprint INTEGER,
    flags TEXT NOT NULL,
    seen_before TEXT,
    error TEXT,
    elapsed_ms INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX image_analyses_by_conversation ON image_analyses(conversation_id, id);
CREATE INDEX image_analyses_by_time ON image_analyses(created_at);
