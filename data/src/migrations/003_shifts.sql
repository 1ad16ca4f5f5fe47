-- Shift reports find a terminal's last shift entry; a partial index keeps that a
-- lookup without taxing every other insert. Day reports read by time (journal_hlc).
CREATE INDEX journal_shift ON journal(terminal, seq)
    WHERE kind IN ('shift_opened', 'shift_closed');
