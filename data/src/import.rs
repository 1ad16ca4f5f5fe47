//! `carddesk import members`: members, credentials and opening balances from a CSV
//! exported by another system. Every row is checked, first cell by cell, then by
//! actually deciding its operations inside a transaction (so a card given twice in the
//! file, or one already in the book, is found too). Any problem rolls everything back:
//! the import is all or nothing, and the dry run is the same pass, always rolled back.

use rusqlite::{Connection, TransactionBehavior};
use rust_decimal::Decimal;

use crate::book::{self, Book};
use crate::error::OpError;
use crate::lang::Lang;
use crate::ops::{self, Actor, OpeningBalance, RegisterMember, Request};
use carddesk_model::text::Why;

mod parse;
use parse::parse;

/// The columns, in the order `export members` writes them. Only `name` is required.
pub const COLUMNS: &[&str] = &[
    "member_no",
    "name",
    "phone",
    "gender",
    "birthday",
    "id_doc",
    "card",
    "code",
    "tier",
    "principal",
    "bonus",
    "points",
    "notes",
];

/// Written by `export members` for people to read; ignored on import.
pub const EXPORT_ONLY: &[&str] = &["status", "outlet", "registered_at"];

/// Chinese headers other systems use for the same columns.
const ALIASES: &[(&str, &str)] = &[
    ("会员号", "member_no"),
    ("会员卡号", "member_no"),
    ("姓名", "name"),
    ("手机", "phone"),
    ("手机号", "phone"),
    ("性别", "gender"),
    ("生日", "birthday"),
    ("证件号", "id_doc"),
    ("卡号", "card"),
    ("芯片卡号", "card"),
    ("条码", "code"),
    ("等级", "tier"),
    ("本金", "principal"),
    ("赠送", "bonus"),
    ("赠送金额", "bonus"),
    ("积分", "points"),
    ("备注", "notes"),
];

/// One bad cell or row: the line in the file (1 is the header), the column and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub line: u64,
    pub column: String,
    pub problem: OpError,
}

impl RowProblem {
    pub(crate) fn new(line: u64, column: &str, why: Why) -> Self {
        RowProblem {
            line,
            column: column.to_string(),
            problem: OpError::invalid(column, why),
        }
    }

    pub(crate) fn from_op(line: u64, e: &OpError) -> Self {
        let column = match e {
            OpError::Invalid { field, .. } => field.clone(),
            OpError::CredentialTaken { kind, .. } | OpError::CredentialLost { kind, .. } => {
                kind.clone()
            }
            _ => "-".into(),
        };
        RowProblem {
            line,
            column,
            problem: e.clone(),
        }
    }

    /// A credential taken by a member this file registers is a duplicate in the file:
    /// say which line has it (the member no. would not exist after a dry run).
    fn duplicate(line: u64, kind: &str, value: &str, first: u64) -> Self {
        RowProblem::new(
            line,
            kind,
            Why::DuplicateInFile {
                value: value.to_string(),
                first,
            },
        )
    }

    pub fn reason(&self, lang: Lang) -> String {
        match &self.problem {
            // The column is named already: the reason alone reads better.
            OpError::Invalid { why, .. } => why.get(lang),
            other => other.message(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: u64,
    pub members: u64,
    pub opening_balances: u64,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} bad row(s); nothing was written", .0.len())]
    Problems(Vec<RowProblem>),
    #[error(transparent)]
    Op(#[from] OpError),
}

/// One parsed row, ready to become requests.
pub(crate) struct Row {
    pub line: u64,
    pub register: RegisterMember,
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
}

/// Imports the CSV `data` (UTF-8). `source` names the file in each opening entry; the
/// op ids derive from the file's content, so importing the same file twice is refused.
pub fn import_members(
    book: &mut Book,
    data: &[u8],
    source: &str,
    operator: &str,
    dry_run: bool,
) -> Result<ImportSummary, ImportError> {
    let tiers: Vec<String> = book
        .terminal()
        .rules
        .tiers
        .iter()
        .map(|t| t.name.clone())
        .collect();
    let (rows, mut problems) = parse(data, &tiers);
    let tag = hex::encode(&sha2::Sha256::digest(data)[..6]);
    let terminal = book.terminal().clone();
    let now = book.now();
    let actor = Actor::new(operator, terminal.outlet.clone());
    let (conn, key) = book.conn_and_key();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(OpError::from)?;
    let from = key.begin(&tx, &terminal.id)?;
    if let Some(id) = already_imported(&tx, &tag)? {
        return Err(ImportError::Problems(vec![RowProblem::new(
            1,
            "-",
            Why::AlreadyImported { entry_id: id },
        )]));
    }
    let mut summary = ImportSummary {
        rows: rows.len() as u64 + problems.len() as u64,
        members: 0,
        opening_balances: 0,
        dry_run,
    };
    let outbox_mark = crate::notices::mark(&tx)?;
    let post = |op_id: String, req: &Request| -> Result<crate::journal::Entry, OpError> {
        book::write(&tx, &terminal, &actor, &op_id, now, |ctx| {
            ops::decide(ctx, req).map(Some)
        })?
        .ok_or_else(|| OpError::Storage("an operation decided nothing".into()))
    };
    let savepoint = |sql: &str| tx.prepare_cached(sql).and_then(|mut s| s.execute([]));
    // Members registered by this file, and their lines.
    let mut lines: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for row in rows {
        // A savepoint per row: a refused row leaves no trace, and the next rows are
        // still checked against everything before them.
        savepoint("SAVEPOINT import_row").map_err(OpError::from)?;
        let result = (|| -> Result<bool, OpError> {
            let entry = post(
                format!("import-{tag}-{}", row.line),
                &Request::RegisterMember(row.register),
            )?;
            let member_no = entry.header.member_no.unwrap_or_default();
            lines.insert(member_no.clone(), row.line);
            if row.principal.is_zero() && row.bonus.is_zero() && row.points == 0 {
                return Ok(false);
            }
            let opening = OpeningBalance {
                member_no: member_no.into(),
                principal: row.principal,
                bonus: row.bonus,
                points: row.points,
                source: format!("import {source} line {}", row.line),
            };
            post(
                format!("import-{tag}-{}-opening", row.line),
                &Request::OpeningBalance(opening),
            )?;
            Ok(true)
        })();
        match result {
            Ok(opening) => {
                savepoint("RELEASE import_row").map_err(OpError::from)?;
                summary.members += 1;
                summary.opening_balances += u64::from(opening);
            }
            Err(OpError::Storage(e)) => return Err(OpError::Storage(e).into()),
            Err(e) => {
                savepoint("ROLLBACK TO import_row").map_err(OpError::from)?;
                savepoint("RELEASE import_row").map_err(OpError::from)?;
                lines.retain(|_, l| *l != row.line);
                problems.push(match &e {
                    OpError::CredentialTaken {
                        kind,
                        value,
                        member_no,
                    } if lines.contains_key(member_no) => {
                        RowProblem::duplicate(row.line, kind, value, lines[member_no])
                    }
                    _ => RowProblem::from_op(row.line, &e),
                });
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Problems(problems));
    }
    if !dry_run {
        crate::notices::forget_since(&tx, outbox_mark)?;
        key.seal(&tx, &terminal.id, from)?;
        tx.commit().map_err(OpError::from)?;
    }
    Ok(summary)
}

use sha2::Digest;

fn already_imported(conn: &Connection, tag: &str) -> Result<Option<String>, OpError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT terminal || '-' || seq FROM journal WHERE op_id >= ?1 AND op_id < ?2 LIMIT 1",
            [format!("import-{tag}-"), format!("import-{tag}.")],
            |r| r.get(0),
        )
        .optional()?)
}
