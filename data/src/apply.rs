//! Folding one journal entry into the projection tables. The same code serves the
//! terminal that wrote the entry, replicas that receive it, and `verify`, which rebuilds
//! every table from the journal and compares. Effects are idempotent and independent of
//! arrival order: profile fields and statuses are last-writer-wins by HLC, and a lost
//! credential stays lost.

use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

use crate::entry::{
    Credential, CredentialChange, CredentialKind, CredentialStatus, EntryBody, Gender, ProfilePatch,
};
use crate::error::OpError;
use crate::journal::Entry;

/// When an entry wrote a last-writer-wins value: its HLC, then its id for ties (two
/// terminals in the same millisecond).
type Stamp = (i64, String);

pub fn apply(conn: &Connection, e: &Entry) -> Result<(), OpError> {
    let body = e.parsed_body()?;
    let stamp: Stamp = (e.hlc, e.id());
    let member_no = || {
        e.header
            .member_no
            .as_deref()
            .ok_or_else(|| OpError::Storage(format!("entry {} names no member", e.id())))
    };
    match &body {
        EntryBody::MemberRegistered {
            profile,
            tier,
            credentials,
        } => {
            let no = member_no()?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO members (member_no, name, name_key, phone, gender, birthday, id_doc,
                     tier, status, notes, outlet, referrer, registered_at, status_hlc, status_by, notices)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                no,
                profile.name,
                name_key(&profile.name),
                profile.phone,
                profile.gender.map(gender_str),
                profile.birthday.map(|d| d.to_string()),
                profile.id_doc,
                tier,
                profile.notes,
                e.header.outlet,
                profile.referrer,
                registered_at(e.hlc),
                e.hlc,
                e.id(),
                profile.notices.map(consent_str),
            ])?;
            for c in credentials {
                set_credential(conn, no, c, CredentialStatus::Active, &stamp)?;
            }
        }
        EntryBody::MemberEdited {
            changes,
            credentials,
        } => {
            let no = member_no()?;
            edit_profile(conn, no, changes, &stamp)?;
            apply_credential_changes(conn, no, credentials, &stamp)?;
        }
        EntryBody::MemberFrozen { .. } => set_status(conn, member_no()?, "frozen", &stamp)?,
        EntryBody::MemberUnfrozen { .. } => set_status(conn, member_no()?, "active", &stamp)?,
        EntryBody::CredentialBound { credential } => set_credential(
            conn,
            member_no()?,
            credential,
            CredentialStatus::Active,
            &stamp,
        )?,
        EntryBody::CredentialLost { credential } => set_credential(
            conn,
            member_no()?,
            credential,
            CredentialStatus::Lost,
            &stamp,
        )?,
        EntryBody::CredentialReplaced { old, new, .. } => {
            let no = member_no()?;
            set_credential(conn, no, old, CredentialStatus::Lost, &stamp)?;
            set_credential(conn, no, new, CredentialStatus::Active, &stamp)?;
        }
        EntryBody::OperatorAdded {
            operator_id,
            name,
            role,
            pin_hash,
        } => {
            // Last writer by HLC wins, so replicas agree whatever the arrival order.
            conn.prepare_cached(
                "INSERT INTO operators (operator_id, name, role, pin_hash, changed_hlc,
                     changed_by, pin_hlc, pin_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)
                 ON CONFLICT(operator_id) DO UPDATE SET name = ?2, role = ?3, pin_hash = ?4,
                     changed_hlc = ?5, changed_by = ?6, pin_hlc = ?5, pin_by = ?6
                 WHERE (changed_hlc, changed_by) < (?5, ?6)",
            )?
            .execute(params![
                operator_id,
                name,
                role.as_str(),
                pin_hash,
                stamp.0,
                stamp.1
            ])?;
        }
        EntryBody::OperatorActiveSet {
            operator_id,
            active,
        } => {
            conn.prepare_cached(
                "UPDATE operators SET active = ?2, active_hlc = ?3, active_by = ?4
                 WHERE operator_id = ?1 AND (active_hlc, active_by) < (?3, ?4)",
            )?
            .execute(params![operator_id, active, stamp.0, stamp.1])?;
        }
        EntryBody::OperatorPinChanged {
            operator_id,
            pin_hash,
        } => {
            conn.prepare_cached(
                "UPDATE operators SET pin_hash = ?2, pin_hlc = ?3, pin_by = ?4
                 WHERE operator_id = ?1 AND (pin_hlc, pin_by) < (?3, ?4)",
            )?
            .execute(params![operator_id, pin_hash, stamp.0, stamp.1])?;
        }
        EntryBody::PaymentPinSet { pin_hash, .. } => {
            conn.prepare_cached(
                "INSERT INTO accounts (member_no, pay_pin_hash) VALUES (?1, ?2)
                 ON CONFLICT(member_no) DO UPDATE SET pay_pin_hash = ?2",
            )?
            .execute(params![member_no()?, pin_hash])?;
        }
        // Shifts change no balance: their reports are read from the journal.
        // Shifts and lockouts change no balance (the lockout counters are local).
        EntryBody::ShiftOpened { .. }
        | EntryBody::ShiftClosed { .. }
        | EntryBody::PinLocked { .. } => {}
        EntryBody::ConflictRaised {
            conflict,
            asset,
            subject,
            amount,
            causes,
            effects,
            ..
        } => {
            let no = member_no()?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO conflicts (conflict_id, member_no, kind, asset, subject,
                     amount, causes, raised_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                e.id(),
                no,
                conflict.as_str(),
                asset.as_str(),
                subject,
                amount.to_string(),
                serde_json::to_string(causes)?,
                e.hlc
            ])?;
            crate::effects::apply(conn, &e.id(), e.hlc, no, effects)?;
        }
        EntryBody::ConflictSettled {
            conflict_id,
            resolution,
            effects,
            ..
        } => {
            // The first settlement by HLC is the one the list shows, on every replica.
            conn.prepare_cached(
                "UPDATE conflicts SET settled_by = ?2, settled_hlc = ?3, resolution = ?4
                 WHERE conflict_id = ?1 AND (settled_hlc IS NULL OR settled_hlc > ?3
                     OR (settled_hlc = ?3 AND settled_by > ?2))",
            )?
            .execute(params![conflict_id, e.id(), e.hlc, resolution.as_str()])?;
            crate::effects::apply(conn, &e.id(), e.hlc, member_no()?, effects)?;
        }
        money => crate::effects::apply(conn, &e.id(), e.hlc, member_no()?, money.effects())?,
    }
    Ok(())
}

/// Lower-cased name for case-insensitive prefix search (Chinese is unchanged).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

pub fn gender_str(g: Gender) -> &'static str {
    match g {
        Gender::Female => "female",
        Gender::Male => "male",
        Gender::Other => "other",
    }
}

fn registered_at(hlc: i64) -> String {
    chrono::DateTime::from_timestamp_millis(crate::hlc::millis(hlc))
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn set_status(
    conn: &Connection,
    member_no: &str,
    status: &str,
    stamp: &Stamp,
) -> Result<(), OpError> {
    conn.prepare_cached(
        "UPDATE members SET status = ?2, status_hlc = ?3, status_by = ?4
         WHERE member_no = ?1 AND (status_hlc, status_by) < (?3, ?4)",
    )?
    .execute(params![member_no, status, stamp.0, stamp.1])?;
    Ok(())
}

fn apply_credential_changes(
    conn: &Connection,
    member_no: &str,
    changes: &[CredentialChange],
    stamp: &Stamp,
) -> Result<(), OpError> {
    for c in changes {
        set_credential(conn, member_no, &c.credential, c.status, stamp)?;
    }
    Ok(())
}

fn set_credential(
    conn: &Connection,
    member_no: &str,
    c: &Credential,
    status: CredentialStatus,
    stamp: &Stamp,
) -> Result<(), OpError> {
    let last4 = (c.kind == CredentialKind::Phone && c.value.len() >= 4)
        .then(|| &c.value[c.value.len() - 4..]);
    conn.prepare_cached(
        "INSERT INTO credentials (kind, value, member_no, status, last4, changed_hlc, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (kind, value) DO UPDATE SET
             member_no = excluded.member_no, status = excluded.status,
             changed_hlc = excluded.changed_hlc, changed_by = excluded.changed_by
         WHERE credentials.status <> 'lost'
           AND (excluded.status = 'lost'
                OR (excluded.changed_hlc, excluded.changed_by)
                   > (credentials.changed_hlc, credentials.changed_by))",
    )?
    .execute(params![
        c.kind.as_str(),
        c.value,
        member_no,
        status.as_str(),
        last4,
        stamp.0,
        stamp.1
    ])?;
    Ok(())
}

/// When a profile field was last written. Books written before ties were broken by
/// entry id hold the bare HLC.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum FieldStamp {
    Hlc(i64),
    Entry(i64, String),
}

impl FieldStamp {
    fn key(&self) -> (i64, &str) {
        match self {
            FieldStamp::Hlc(h) => (*h, ""),
            FieldStamp::Entry(h, id) => (*h, id.as_str()),
        }
    }
}

/// Applies each changed field unless a later edit of that field was already applied.
fn edit_profile(
    conn: &Connection,
    member_no: &str,
    p: &ProfilePatch,
    stamp: &Stamp,
) -> Result<(), OpError> {
    let clock: Option<String> = conn
        .prepare_cached("SELECT field_clock FROM members WHERE member_no = ?1")?
        .query_row([member_no], |r| r.get(0))
        .optional()?;
    let Some(clock) = clock else {
        return Err(OpError::UnknownMember(member_no.to_string()));
    };
    let mut clock: BTreeMap<String, FieldStamp> = serde_json::from_str(&clock)?;
    let text = |s: &Option<String>| s.as_ref().map(|v| (!v.is_empty()).then(|| v.clone()));
    let fields: [(&str, Option<Option<String>>); 8] = [
        ("name", p.name.clone().map(Some)),
        ("phone", text(&p.phone)),
        ("gender", p.gender.map(|g| Some(gender_str(g).to_string()))),
        ("birthday", p.birthday.map(|d| Some(d.to_string()))),
        ("id_doc", text(&p.id_doc)),
        ("notes", p.notes.clone().map(Some)),
        ("referrer", text(&p.referrer)),
        (
            "notices",
            p.notices.map(|b| Some(consent_str(b).to_string())),
        ),
    ];
    // One UPDATE of the row for every field this edit wins, and the field clock.
    let mut set = String::new();
    let mut values: Vec<Option<String>> = Vec::new();
    for (field, value) in fields {
        let Some(value) = value else { continue };
        if clock
            .get(field)
            .is_some_and(|c| c.key() >= (stamp.0, stamp.1.as_str()))
        {
            continue;
        }
        clock.insert(
            field.to_string(),
            FieldStamp::Entry(stamp.0, stamp.1.clone()),
        );
        // `field` comes from the fixed list above, never from input.
        if field == "name" {
            set.push_str(&format!("name_key = ?{}, ", values.len() + 3));
            values.push(value.as_deref().map(name_key));
        }
        set.push_str(&format!("{field} = ?{}, ", values.len() + 3));
        values.push(value);
    }
    let sql = format!("UPDATE members SET {set}field_clock = ?2 WHERE member_no = ?1");
    let clock = serde_json::to_string(&clock)?;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&member_no, &clock];
    params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    conn.prepare_cached(&sql)?.execute(&params[..])?;
    Ok(())
}

/// A member's consent to notices as the members table stores it.
fn consent_str(consent: bool) -> &'static str {
    if consent {
        "yes"
    } else {
        "no"
    }
}
