-- Shift and day reports read the journal by kind and by outlet and time.
CREATE INDEX journal_kind ON journal(terminal, kind, seq);
CREATE INDEX journal_outlet ON journal(outlet, hlc);
