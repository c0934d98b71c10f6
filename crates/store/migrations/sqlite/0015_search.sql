-- Search from the console's top bar: trigram indexes over message text and
-- the contact's name, e-mail and phone, so any part of 3 characters or more
-- (an order number, part of a name or an address) is found without reading
-- every row. External-content FTS5 tables kept in step by triggers.
CREATE VIRTUAL TABLE message_search USING fts5(
    text, content='messages', content_rowid='id', tokenize='trigram'
);
INSERT INTO message_search(message_search) VALUES ('rebuild');
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search(message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO message_search(message_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE contact_search USING fts5(
    name, email, phone, content='contacts', content_rowid='id', tokenize='trigram'
);
INSERT INTO contact_search(contact_search) VALUES ('rebuild');
CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search(rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contact_search(contact_search, rowid, name, email, phone)
    VALUES ('delete', old.id, old.name, old.email, old.phone);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, email, phone ON contacts BEGIN
    INSERT INTO contact_search(contact_search, rowid, name, email, phone)
    VALUES ('delete', old.id, old.name, old.email, old.phone);
    INSERT INTO contact_search(rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);
END;
