-- Learning desk, part two (PostgreSQL): the problem tags an agent confirmed on a
-- live conversation (its case takes them at resolve), and the annotation
-- layers of the pictures agents marked up, kept as data so a marked-up
-- picture can be reopened and edited.

-- tags is a JSON list of taxonomy names (may be empty: "none apply").
CREATE TABLE conversation_tags (
    conversation_id BIGINT PRIMARY KEY REFERENCES conversations(id),
    tags TEXT NOT NULL,
    confirmed_by BIGINT,
    updated_at BIGINT NOT NULL
);

-- file_id is the rendered picture (a file), source_file_id the picture
-- the layers were drawn on; layers is the annotator's JSON document.
CREATE TABLE annotations (
    file_id TEXT PRIMARY KEY REFERENCES files(id),
    source_file_id TEXT NOT NULL REFERENCES files(id),
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    layers TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
