-- Internal notes (PostgreSQL): agents' notes in a conversation's thread, kept
-- apart from messages so that nothing sent to buyers can carry one.
-- mentions is a JSON list of the user ids the note names with @.
CREATE TABLE notes (
    id BIGSERIAL PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    mentions TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notes_by_conversation ON notes(conversation_id, id);
