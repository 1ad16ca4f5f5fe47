-- The counter's name list (a name_key range of up to 50 rows, each shown with its
-- number, name, phone, tier and status) is read from this index alone: no table
-- lookup per row. It is the busiest list at the counter.
DROP INDEX members_name;
CREATE INDEX members_name ON members(name_key, member_no, name, phone, tier, status);
