//! Member and credential operations: register, edit, freeze/unfreeze, bind, report
//! lost, replace.

use carddesk_model::ops::{EditMember, RegisterMember};
use carddesk_model::text::Why;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::{Ctx, Decision, Request, Terminal};
use crate::entry::{
    normalize_phone, Credential, CredentialChange, CredentialKind, CredentialStatus, EntryBody,
    Profile, ProfilePatch,
};
use crate::error::{MemberState, OpError};
use crate::lookup;

const NAME_MAX_CHARS: usize = 40;
const NOTES_MAX_CHARS: usize = 500;

pub(crate) fn decide(ctx: &Ctx, req: &Request) -> Result<Decision, OpError> {
    let (conn, today) = (ctx.conn, ctx.today());
    match req {
        Request::RegisterMember(r) => register(conn, ctx.terminal, ctx.next_seq, today, r),
        Request::EditMember(r) => edit(conn, today, r),
        Request::FreezeMember(r) => {
            let m = existing(conn, &r.member_no)?;
            if m.is_frozen() {
                return Err(OpError::AlreadyInState(m.member_no, MemberState::Frozen));
            }
            Ok(for_member(
                m.member_no,
                EntryBody::MemberFrozen {
                    reason: reason(&r.reason)?,
                    approved_by: None,
                },
            ))
        }
        Request::UnfreezeMember(r) => {
            let m = existing(conn, &r.member_no)?;
            if !m.is_frozen() {
                return Err(OpError::AlreadyInState(m.member_no, MemberState::Active));
            }
            Ok(for_member(
                m.member_no,
                EntryBody::MemberUnfrozen {
                    reason: reason(&r.reason)?,
                    approved_by: None,
                },
            ))
        }
        Request::BindCredential(r) => {
            let m = existing(conn, &r.member_no)?;
            if m.is_frozen() {
                return Err(OpError::MemberFrozen(m.member_no));
            }
            let c = r.credential.normalized()?;
            ensure_free(conn, &c)?;
            Ok(for_member(
                m.member_no,
                EntryBody::CredentialBound { credential: c },
            ))
        }
        Request::ReportLost(r) => {
            let c = r.credential.normalized()?;
            let m = lookup::by_credential(conn, &c)?.ok_or_else(|| OpError::UnknownCredential {
                kind: c.kind.as_str().into(),
                value: c.value.clone(),
            })?;
            Ok(for_member(
                m.member_no,
                EntryBody::CredentialLost { credential: c },
            ))
        }
        Request::ReplaceCredential(r) => {
            let old = r.old.normalized()?;
            let new = r.new.normalized()?;
            // The old one may already be reported lost: replacing is how the member
            // gets a working card back.
            let (member_no, _) = holder(conn, &old)?.ok_or_else(|| OpError::UnknownCredential {
                kind: old.kind.as_str().into(),
                value: old.value.clone(),
            })?;
            if old == new {
                return Err(OpError::invalid("new", Why::SameCredential));
            }
            ensure_free(conn, &new)?;
            let fee = ctx.rules().card_sales.replacement_fee;
            let tender = if fee.is_zero() { None } else { r.tender };
            if !fee.is_zero() && tender.is_none() {
                return Err(OpError::invalid(
                    "tender",
                    Why::ReplacementFeeTender { fee },
                ));
            }
            Ok(for_member(
                member_no,
                EntryBody::CredentialReplaced {
                    old,
                    new,
                    fee,
                    tender,
                },
            ))
        }
        _ => Err(OpError::Storage("not a member operation".into())),
    }
}

pub(crate) fn for_member(member_no: String, body: EntryBody) -> Decision {
    Decision {
        member_no: Some(member_no),
        reversal_of: None,
        body,
    }
}

pub(crate) fn existing(conn: &Connection, member_no: &str) -> Result<lookup::Member, OpError> {
    lookup::member(conn, member_no.trim())?
        .ok_or_else(|| OpError::UnknownMember(member_no.trim().to_string()))
}

pub(crate) fn reason(r: &str) -> Result<String, OpError> {
    let r = r.trim();
    if r.is_empty() {
        return Err(OpError::invalid("reason", Why::ReasonRequired));
    }
    Ok(r.to_string())
}

/// Who holds a credential, in any status.
fn holder(
    conn: &Connection,
    c: &Credential,
) -> Result<Option<(String, CredentialStatus)>, OpError> {
    Ok(conn
        .prepare_cached("SELECT member_no, status FROM credentials WHERE kind = ?1 AND value = ?2")?
        .query_row(params![c.kind.as_str(), c.value], |r| {
            Ok((
                r.get::<_, String>(0)?,
                CredentialStatus::parse(&r.get::<_, String>(1)?),
            ))
        })
        .optional()?)
}

/// A credential can be bound only if no member ever held it: a lost card stays dead.
fn ensure_free(conn: &Connection, c: &Credential) -> Result<(), OpError> {
    match holder(conn, c)? {
        None => Ok(()),
        Some((member_no, CredentialStatus::Lost)) => Err(OpError::CredentialLost {
            kind: c.kind.as_str().into(),
            value: c.value.clone(),
            member_no,
        }),
        Some((member_no, _)) => Err(OpError::CredentialTaken {
            kind: c.kind.as_str().into(),
            value: c.value.clone(),
            member_no,
        }),
    }
}

fn clean_name(name: &str) -> Result<String, OpError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > NAME_MAX_CHARS || n.chars().any(char::is_control) {
        return Err(OpError::invalid("name", Why::NameLength));
    }
    Ok(n.to_string())
}

fn clean_notes(notes: &str) -> Result<String, OpError> {
    if notes.chars().count() > NOTES_MAX_CHARS {
        return Err(OpError::invalid("notes", Why::NotesLength));
    }
    Ok(notes.trim().to_string())
}

/// A birthday in the future (the business day of the rules' time zone) or before 1900 is
/// a typing mistake.
fn clean_birthday(d: Option<NaiveDate>, today: NaiveDate) -> Result<Option<NaiveDate>, OpError> {
    match d {
        Some(d) if d > today || d.year_ce().1 < 1900 => {
            Err(OpError::invalid("birthday", Why::BirthdayImplausible))
        }
        _ => Ok(d),
    }
}

/// The referrer (推荐人) by member no., or by a credential they hold (a card, a code,
/// a phone): stored as the member no.
fn clean_referrer(conn: &Connection, r: &Option<String>) -> Result<Option<String>, OpError> {
    match r.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => match lookup::by_any_credential(conn, v)? {
            Some(m) => Ok(Some(m.member_no)),
            None => Err(OpError::UnknownMember(v.to_string())),
        },
    }
}

fn register(
    conn: &Connection,
    t: &Terminal,
    next_seq: i64,
    today: NaiveDate,
    r: &RegisterMember,
) -> Result<Decision, OpError> {
    let p = &r.profile;
    let phone = p.phone.as_deref().map(normalize_phone).transpose()?;
    let id_doc = match &p.id_doc {
        Some(v) => Some(
            Credential::new(CredentialKind::IdDoc, v.as_str())
                .normalized()?
                .value,
        ),
        None => None,
    };
    let profile = Profile {
        name: clean_name(&p.name)?,
        phone: phone.clone(),
        gender: p.gender,
        birthday: clean_birthday(p.birthday, today)?,
        id_doc: id_doc.clone(),
        notes: clean_notes(&p.notes)?,
        referrer: clean_referrer(conn, &p.referrer)?,
        notices: p.notices,
    };
    let tier = match &r.tier {
        None => t.rules.entry_tier().to_string(),
        Some(tier) if t.rules.has_tier(tier) => tier.clone(),
        Some(tier) => {
            return Err(OpError::invalid(
                "tier",
                Why::NoSuchTier {
                    tier: tier.to_string(),
                },
            ))
        }
    };
    let mut credentials = Vec::new();
    if let Some(phone) = phone {
        credentials.push(Credential::new(CredentialKind::Phone, phone));
    }
    if let Some(doc) = id_doc {
        credentials.push(Credential::new(CredentialKind::IdDoc, doc));
    }
    for c in &r.credentials {
        credentials.push(c.normalized()?);
    }
    for (i, c) in credentials.iter().enumerate() {
        if credentials[..i].contains(c) {
            return Err(OpError::invalid("credentials", Why::CredentialTwice));
        }
        ensure_free(conn, c)?;
    }
    let member_no = format!("{}{:07}", t.member_prefix, next_seq);
    Ok(for_member(
        member_no,
        EntryBody::MemberRegistered {
            profile,
            tier,
            credentials,
        },
    ))
}

fn edit(conn: &Connection, today: NaiveDate, r: &EditMember) -> Result<Decision, OpError> {
    let m = existing(conn, &r.member_no)?;
    let mut changes = ProfilePatch {
        name: r.changes.name.as_deref().map(clean_name).transpose()?,
        phone: None,
        gender: r.changes.gender,
        birthday: clean_birthday(r.changes.birthday, today)?,
        id_doc: None,
        notes: r.changes.notes.as_deref().map(clean_notes).transpose()?,
        referrer: None,
        notices: r.changes.notices,
    };
    if let Some(referrer) = &r.changes.referrer {
        let resolved = clean_referrer(conn, &Some(referrer.clone()))?.unwrap_or_default();
        if resolved == m.member_no {
            return Err(OpError::invalid("referrer", Why::SelfReferral));
        }
        changes.referrer = Some(resolved);
    }
    let mut credentials = Vec::new();
    // A changed phone or ID document is also a changed credential: the old one stops
    // finding the member, the new one starts.
    let rebinds = [
        (
            CredentialKind::Phone,
            r.changes.phone.as_deref(),
            m.phone.as_deref(),
        ),
        (
            CredentialKind::IdDoc,
            r.changes.id_doc.as_deref(),
            m.id_doc.as_deref(),
        ),
    ];
    for (kind, new, old) in rebinds {
        let Some(new) = new else { continue };
        let new = if new.trim().is_empty() {
            None
        } else {
            Some(Credential::new(kind, new).normalized()?)
        };
        if new.as_ref().map(|c| c.value.as_str()) == old {
            continue;
        }
        if let Some(old) = old {
            credentials.push(CredentialChange {
                credential: Credential::new(kind, old),
                status: CredentialStatus::Replaced,
            });
        }
        if let Some(c) = &new {
            ensure_free(conn, c)?;
            credentials.push(CredentialChange {
                credential: c.clone(),
                status: CredentialStatus::Active,
            });
        }
        let value = Some(new.map(|c| c.value).unwrap_or_default());
        match kind {
            CredentialKind::Phone => changes.phone = value,
            _ => changes.id_doc = value,
        }
    }
    if changes.is_empty() {
        return Err(OpError::invalid("changes", Why::NothingToChange));
    }
    Ok(for_member(
        m.member_no,
        EntryBody::MemberEdited {
            changes,
            credentials,
        },
    ))
}
