-- Each terminal signs its entries with its Ed25519 key (see signing.rs). The signature
-- covers the entry's hash and is not part of it; NULL on entries written before the
-- terminal published its key, and on the hub's own entries. The first signed entry of a
-- terminal's chain carries its public key in front of the signature (96 bytes).
ALTER TABLE journal ADD COLUMN sig BLOB;
-- The entry whose signature publishes the terminal's key (public key + signature).
CREATE INDEX journal_terminal_key ON journal (terminal, seq) WHERE length(sig) = 96;
