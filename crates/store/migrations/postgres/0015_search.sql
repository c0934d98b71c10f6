-- Search from the console's top bar: trigram indexes (pg_trgm) over message
-- text and the contact's name, e-mail and phone, so `ILIKE '%part%'` of 3
-- characters or more (an order number, part of a name or an address) is
-- found without reading every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX messages_text_trgm ON messages USING gin (text gin_trgm_ops);
CREATE INDEX contacts_name_trgm ON contacts USING gin (name gin_trgm_ops);
CREATE INDEX contacts_email_trgm ON contacts USING gin (email gin_trgm_ops);
CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone gin_trgm_ops);
