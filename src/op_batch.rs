//! `carddesk op --batch`: many requests through one open book, for integrators (a PMS
//! posting the night audit's stays, a POS catching up). stdin is JSON lines, each one
//! request with its operation named in `op` (the same word as `carddesk op KIND`, and
//! the tag a write carries in the journal); stdout gets one result line per request,
//! in order, each shaped like the result of a single `op` with the line number added.
//! Every request is its own transaction: a refused line writes nothing and the next
//! line runs as if it had not been there.

use std::io::{BufRead, Write};

use carddesk_data::{Book, Lang, OpError};
use carddesk_model::text::Why;
use serde_json::{Map, Value};

use crate::op_cmd::{answer, run_fields};
use crate::op_json::parse;
use crate::op_json::take_str;

/// What a batch did: how many lines ran and how many were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub lines: usize,
    pub refused: usize,
}

impl Tally {
    /// 0 when every line was done, 2 when any was refused (as a single `op`).
    pub fn exit_code(&self) -> u8 {
        if self.refused == 0 {
            0
        } else {
            2
        }
    }
}

/// Runs every line of `input` against `book`, writing a result line for each to `out`
/// as soon as it is known (an integrator may read results while it writes requests).
/// Blank lines are skipped and get no result. Only reading stdin or writing stdout can
/// fail the batch as a whole.
pub fn run(
    book: &mut Book,
    lang: Lang,
    mut input: impl BufRead,
    mut out: impl Write,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = answer(parse(&line).and_then(|fields| run_line(book, fields)), lang);
        tally.lines += 1;
        if result.exit_code != 0 {
            tally.refused += 1;
        }
        let mut json = result.json;
        if let Value::Object(m) = &mut json {
            m.insert("line".into(), Value::from(number));
        }
        writeln!(out, "{json}")?;
        out.flush()?;
    }
    Ok(tally)
}

/// One line's request: its `op` taken out and checked against the kinds `carddesk op`
/// takes, the rest run as that kind's fields.
fn run_line(book: &mut Book, mut fields: Map<String, Value>) -> Result<Value, OpError> {
    let kind =
        take_str(&mut fields, "op")?.ok_or_else(|| OpError::invalid("op", Why::OpMissing))?;
    let known = crate::op_kinds::ALL.contains(&kind.as_str());
    if !known {
        return Err(OpError::invalid(
            "op",
            Why::NoSuchOp {
                kind: kind.to_string(),
            },
        ));
    }
    run_fields(book, &kind, fields)
}
