-- Internal notes (SQLite): agents' notes in a conversation's thread, kept
-- apart from messages so that nothing sent to buyers can carry one.
-- mentions is a JSON list of the user ids the note names with @.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    mentions TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX notes_by_conversation ON notes(conversation_id, id);
