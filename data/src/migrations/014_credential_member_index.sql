-- A member's credentials (every lookup shows them) are read from this index alone, in
-- the order the screen lists them (kind, then value): with only the member no. here,
-- each credential cost one more seek into the table for its status.
DROP INDEX credentials_member;
CREATE INDEX credentials_member ON credentials(member_no, kind, value, status);
