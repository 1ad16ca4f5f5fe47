-- A secret drawn once per book: coupon codes are a keyed hash of it with the request id,
-- so a preview shows the very codes its request will issue and nobody can derive them
-- without the book. Local: never replicated, never in the journal.
CREATE TABLE book_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
INSERT INTO book_secrets (name, value) VALUES ('coupon_codes', randomblob(32));
