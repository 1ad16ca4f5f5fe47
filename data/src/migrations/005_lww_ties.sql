-- Last writer wins by HLC, and two terminals can write in the same millisecond: ties
-- go to the higher entry id, so every replica keeps the same value whatever order it
-- applies them in. Each last-writer-wins value gets the id of the entry that wrote it.
ALTER TABLE members ADD COLUMN status_by TEXT NOT NULL DEFAULT '';
ALTER TABLE credentials ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE operators ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
-- Switching an operator off/on and changing a PIN were applied in arrival order.
ALTER TABLE operators ADD COLUMN active_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN active_by TEXT NOT NULL DEFAULT '';
ALTER TABLE operators ADD COLUMN pin_hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN pin_by TEXT NOT NULL DEFAULT '';
