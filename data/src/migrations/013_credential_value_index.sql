-- The counter's usual lookup (a scan, a card, a phone typed without saying which) seeks
-- a credential by its value alone. With only the value in this index, each hit cost one
-- more seek into the table for its member no. and status. Carrying them here answers
-- the hit from the index alone, as the table's own key (kind, value) does when the kind
-- is known.
DROP INDEX credentials_value;
CREATE INDEX credentials_value ON credentials(value, member_no, status);
