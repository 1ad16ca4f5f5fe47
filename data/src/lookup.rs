//! Finding members: by any credential, member no., phone (whole or last 4 digits) or
//! name prefix. Read-only (the view types are in model::lookup).

pub use carddesk_model::lookup::*;

use crate::credential::{fold_width, lookup_forms};
use crate::entry::{Credential, CredentialKind, CredentialStatus};
use crate::error::OpError;
use carddesk_model::text::Why;
use rusqlite::{params, Connection, OptionalExtension};
/// The member's columns and then one held credential's, as [`fold_member`] reads them
/// from `offset` on.
const MEMBER_COLUMNS: &str = "m.member_no, m.name, m.phone, m.gender, m.birthday, m.id_doc,
    m.tier, m.status, m.notes, m.outlet, m.referrer, m.registered_at, m.notices, c.kind,
    c.value, c.status";

/// A member by number (`?1`) with each credential they hold, a row each.
const BY_NUMBER: &str =
    "FROM members m LEFT JOIN credentials c ON c.member_no = m.member_no WHERE m.member_no = ?1";

/// The member and the credentials they hold, in one indexed statement.
pub fn member(conn: &Connection, member_no: &str) -> Result<Option<Member>, OpError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT {MEMBER_COLUMNS} {BY_NUMBER} ORDER BY c.kind, c.value")
    });
    let mut stmt = conn.prepare_cached(&SQL)?;
    let mut rows = stmt.query([member_no])?;
    let mut found: Option<Member> = None;
    while let Some(r) = rows.next()? {
        fold_member(&mut found, r, 0)?;
    }
    Ok(found)
}

/// Adds one row (a member with one of its credentials, from column `offset`) to `found`.
fn fold_member(
    found: &mut Option<Member>,
    r: &rusqlite::Row,
    offset: usize,
) -> Result<(), OpError> {
    let m = match found {
        Some(m) => m,
        None => found.insert(Member {
            member_no: r.get(offset)?,
            name: r.get(offset + 1)?,
            phone: r.get(offset + 2)?,
            gender: r.get(offset + 3)?,
            birthday: r.get(offset + 4)?,
            id_doc: r.get(offset + 5)?,
            tier: r.get(offset + 6)?,
            status: r.get(offset + 7)?,
            notes: r.get(offset + 8)?,
            outlet: r.get(offset + 9)?,
            referrer: r.get(offset + 10)?,
            registered_at: r.get(offset + 11)?,
            notices: r.get::<_, Option<String>>(offset + 12)?.map(|v| v == "yes"),
            credentials: Vec::new(),
        }),
    };
    // Read in place: the kind and status are parsed from the row's own bytes.
    let kind = text_or_null(r, offset + 13)?;
    if let Some(kind) = kind.and_then(CredentialKind::parse) {
        let status = CredentialStatus::parse(text(r, offset + 15)?);
        m.credentials.push(HeldCredential {
            kind,
            value: r.get(offset + 14)?,
            status,
        });
    }
    Ok(())
}

/// A text column read in place, without a copy.
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| not_text(i, e))
}

fn text_or_null<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| not_text(i, e))
}

fn not_text(i: usize, e: rusqlite::types::FromSqlError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

/// The member a credential resolves to. A lost credential is refused by name.
pub fn by_credential(conn: &Connection, c: &Credential) -> Result<Option<Member>, OpError> {
    let hit: Option<(String, String)> = conn
        .prepare_cached("SELECT member_no, status FROM credentials WHERE kind = ?1 AND value = ?2")?
        .query_row(params![c.kind.as_str(), c.value], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    resolve(conn, c.kind.as_str(), &c.value, hit)
}

fn resolve(
    conn: &Connection,
    kind: &str,
    value: &str,
    hit: Option<(String, String)>,
) -> Result<Option<Member>, OpError> {
    match hit {
        None => Ok(None),
        Some((member_no, status)) => match CredentialStatus::parse(&status) {
            CredentialStatus::Active => member(conn, &member_no),
            _ => Err(OpError::CredentialLost {
                kind: kind.to_string(),
                value: value.to_string(),
                member_no,
            }),
        },
    }
}

/// Any credential with this exact value, whatever its kind (a scan doesn't say), or
/// else the member with this member no. One statement with no sort: the credentials
/// with the value (normally one; none for a name), each with its member and every
/// credential they hold, and, when the text is digits (as every member no. is: the
/// terminal's digit prefix and a sequence; an imported member's old number becomes a
/// code), the member with that number. A credential comes first, and an active one
/// before a lost one. A name costs one index probe.
pub(crate) fn by_any_credential(conn: &Connection, value: &str) -> Result<Option<Member>, OpError> {
    // Built once: the statement cache is keyed by the text, and a lookup should not
    // format and hash a new copy of it each time.
    static HIT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT hit.kind, hit.status, {MEMBER_COLUMNS}
             FROM credentials hit JOIN members m ON m.member_no = hit.member_no
             LEFT JOIN credentials c ON c.member_no = m.member_no
             WHERE hit.value = ?1"
        )
    });
    static HIT_OR_NO: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "{} UNION ALL SELECT NULL, NULL, {MEMBER_COLUMNS} {BY_NUMBER}",
            *HIT
        )
    });
    let digits = value.bytes().all(|b| b.is_ascii_digit());
    let mut stmt = conn.prepare_cached(if digits { &HIT_OR_NO } else { &HIT })?;
    let mut rows = stmt.query([value])?;
    // Each hit (its kind, whether active) with its member as folded so far, and the
    // member whose number the text is.
    let mut hits: Vec<(CredentialKind, bool, Option<Member>)> = Vec::new();
    let mut numbered: Option<Member> = None;
    while let Some(r) = rows.next()? {
        let Some(kind) = text_or_null(r, 0)? else {
            fold_member(&mut numbered, r, 2)?;
            continue;
        };
        let Some(kind) = CredentialKind::parse(kind) else {
            continue;
        };
        let member_no = text(r, 2)?;
        let at = hits.iter().position(|(k, _, m)| {
            *k == kind && m.as_ref().is_some_and(|m| m.member_no == member_no)
        });
        let at = match at {
            Some(at) => at,
            None => {
                let status = CredentialStatus::parse(text(r, 1)?);
                hits.push((kind, status == CredentialStatus::Active, None));
                hits.len() - 1
            }
        };
        fold_member(&mut hits[at].2, r, 2)?;
    }
    // The preferred hit: active first, then by member no. and kind (a stable choice).
    fn key(h: &(CredentialKind, bool, Option<Member>)) -> (bool, &str, &'static str) {
        let no = h.2.as_ref().map_or("", |m| m.member_no.as_str());
        (!h.1, no, h.0.as_str())
    }
    hits.sort_by(|a, b| key(a).cmp(&key(b)));
    let Some((kind, active, Some(mut m))) = hits.into_iter().next() else {
        return Ok(numbered.map(|mut m| {
            sort_credentials(&mut m);
            m
        }));
    };
    sort_credentials(&mut m);
    if active {
        return Ok(Some(m));
    }
    Err(OpError::CredentialLost {
        kind: kind.as_str().to_string(),
        value: value.to_string(),
        member_no: m.member_no,
    })
}

/// A member's credentials in the order the screen lists them: by kind, then value.
fn sort_credentials(m: &mut Member) {
    m.credentials
        .sort_by(|a, b| (a.kind.as_str(), &a.value).cmp(&(b.kind.as_str(), &b.value)));
}

/// The counter's one input line: a scan, a card UID, a phone, its last 4 digits, a
/// member no. or a name prefix.
pub fn find(conn: &Connection, query: &str) -> Result<Found, OpError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(OpError::invalid("query", Why::QueryEmpty));
    }
    let one = |m: Member| {
        Ok(Found::One {
            member: Box::new(m),
        })
    };
    if let Some(m) = by_any_credential(conn, q)? {
        return one(m);
    }
    // Typed with separators, in lower case or full width: the canonical forms every
    // credential was bound in (see Credential::normalized).
    for form in lookup_forms(q).iter().filter(|f| f.as_str() != q) {
        if let Some(m) = by_any_credential(conn, form)? {
            return one(m);
        }
    }
    let folded = fold_width(q);
    let q = folded.trim();
    if q.len() == 4 && q.chars().all(|c| c.is_ascii_digit()) {
        return list(conn, by_last4(conn, q)?, q);
    }
    if q.chars().all(|c| c.is_ascii_digit()) {
        return Err(OpError::NotFound(q.to_string()));
    }
    list(conn, by_name_prefix(conn, q)?, q)
}

fn list(conn: &Connection, mut hits: Vec<MemberSummary>, q: &str) -> Result<Found, OpError> {
    match hits.len() {
        0 => Err(OpError::NotFound(q.to_string())),
        1 => match member(conn, &hits.remove(0).member_no)? {
            Some(m) => Ok(Found::One {
                member: Box::new(m),
            }),
            None => Err(OpError::NotFound(q.to_string())),
        },
        _ => Ok(Found::Many { members: hits }),
    }
}

const SUMMARY: &str = "SELECT m.member_no, m.name, m.phone, m.tier, m.status FROM members m";

fn summary(r: &rusqlite::Row) -> rusqlite::Result<MemberSummary> {
    Ok(MemberSummary {
        member_no: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        tier: r.get(3)?,
        status: r.get(4)?,
    })
}

pub fn by_last4(conn: &Connection, last4: &str) -> Result<Vec<MemberSummary>, OpError> {
    let sql = format!(
        "{SUMMARY} JOIN credentials c ON c.member_no = m.member_no
         WHERE c.last4 = ?1 AND c.kind = 'phone' AND c.status = 'active' ORDER BY m.name LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![last4, LIST_LIMIT as i64], summary)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Names starting with `prefix` (Chinese or Latin, case-insensitive), by index range.
pub fn by_name_prefix(conn: &Connection, prefix: &str) -> Result<Vec<MemberSummary>, OpError> {
    let lo = crate::apply::name_key(prefix);
    let hi = format!("{lo}\u{10FFFF}");
    let sql = format!(
        "{SUMMARY} WHERE m.name_key >= ?1 AND m.name_key < ?2 ORDER BY m.name_key LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![lo, hi, LIST_LIMIT as i64], summary)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
