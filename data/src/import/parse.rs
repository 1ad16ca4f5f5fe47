//! Reading the CSV: the header (English or Chinese column names) and each row's cells,
//! checked one by one so that every bad cell of every row is reported.

use carddesk_model::text::Why;
use rust_decimal::Decimal;

use super::{Row, RowProblem, ALIASES, COLUMNS, EXPORT_ONLY};
use crate::entry::{normalize_phone, Credential, CredentialKind, Gender, Profile};
use crate::error::OpError;
use crate::ops::RegisterMember;

/// Reads every row; rows with a bad cell become problems (all of a row's bad cells).
pub(super) fn parse(data: &[u8], tiers: &[String]) -> (Vec<Row>, Vec<RowProblem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => {
            problems.push(RowProblem::new(
                1,
                "-",
                Why::HeaderUnreadable {
                    detail: e.to_string(),
                },
            ));
            return (rows, problems);
        }
    };
    let mut index = vec![None; COLUMNS.len()];
    for (i, h) in header.iter().enumerate() {
        let lower = h.to_ascii_lowercase();
        let name = ALIASES
            .iter()
            .find(|(a, _)| *a == h)
            .map_or(lower.as_str(), |(_, n)| n);
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if index[c].is_none() => index[c] = Some(i),
            Some(_) => problems.push(RowProblem::new(1, h, Why::ColumnTwice)),
            None if EXPORT_ONLY.contains(&name) => {}
            None => problems.push(RowProblem::new(
                1,
                h,
                Why::UnknownColumn {
                    columns: COLUMNS.join(", "),
                },
            )),
        }
    }
    if index[1].is_none() {
        problems.push(RowProblem::new(1, "name", Why::NameColumnMissing));
    }
    if !problems.is_empty() {
        return (rows, problems);
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(RowProblem::new(
                    line,
                    "-",
                    Why::RowUnreadable {
                        detail: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(RowProblem::new(
                line,
                "-",
                Why::FieldCount {
                    fields: record.len(),
                    header: header.len(),
                },
            ));
            continue;
        }
        let cell = |c: usize| index[c].and_then(|i| record.get(i)).unwrap_or("");
        let cells: Vec<&str> = (0..COLUMNS.len()).map(cell).collect();
        match parse_row(line, &cells, tiers) {
            Ok(row) => rows.push(row),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (rows, problems)
}

fn parse_row(line: u64, c: &[&str], tiers: &[String]) -> Result<Row, Vec<RowProblem>> {
    let mut bad = Vec::new();
    let mut check = |column: &str, r: Result<(), OpError>| {
        if let Err(e) = r {
            let mut p = RowProblem::from_op(line, &e);
            p.column = column.to_string();
            bad.push(p);
        }
    };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let [member_no, name, phone, gender, birthday, id_doc, card, code, tier, principal, bonus, points, notes] =
        c
    else {
        return Err(vec![RowProblem::new(line, "-", Why::ColumnCount)]);
    };
    if name.is_empty() {
        check("name", Err(OpError::invalid("name", Why::NameRequired)));
    }
    if !phone.is_empty() {
        check("phone", normalize_phone(phone).map(|_| ()));
    }
    let gender = match gender.to_lowercase().as_str() {
        "" => None,
        "female" | "f" | "女" => Some(Gender::Female),
        "male" | "m" | "男" => Some(Gender::Male),
        "other" | "其他" => Some(Gender::Other),
        _ => {
            check("gender", Err(OpError::invalid("gender", Why::GenderWords)));
            None
        }
    };
    let birthday = match *birthday {
        "" => None,
        b => ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
            .iter()
            .find_map(|f| chrono::NaiveDate::parse_from_str(b, f).ok())
            .or_else(|| {
                check(
                    "birthday",
                    Err(OpError::invalid("birthday", Why::BirthdayForm)),
                );
                None
            }),
    };
    if !id_doc.is_empty() {
        check(
            "id_doc",
            Credential::new(CredentialKind::IdDoc, *id_doc)
                .normalized()
                .map(|_| ()),
        );
    }
    let mut credentials = Vec::new();
    for (column, kind, value) in [
        ("card", CredentialKind::Card, card),
        ("code", CredentialKind::Code, code),
    ] {
        for v in value
            .split([';', '|'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            match Credential::new(kind, v).normalized() {
                Ok(c) => credentials.push(c),
                Err(e) => check(column, Err(e)),
            }
        }
    }
    // The old system's member no. stays usable at the counter as a code.
    if !member_no.is_empty() {
        match Credential::new(CredentialKind::Code, *member_no).normalized() {
            Ok(c) if !credentials.contains(&c) => credentials.push(c),
            Ok(_) => {}
            Err(e) => check("member_no", Err(e)),
        }
    }
    if !tier.is_empty() && !tiers.iter().any(|t| t == tier) {
        check(
            "tier",
            Err(OpError::invalid(
                "tier",
                Why::NoSuchTierOf {
                    tier: tier.to_string(),
                    tiers: tiers.to_vec(),
                },
            )),
        );
    }
    let mut money = |column: &str, s: &str| -> Decimal {
        match s.replace(',', "").parse::<Decimal>() {
            _ if s.is_empty() => Decimal::ZERO,
            Ok(v) if v >= Decimal::ZERO && v.normalize().scale() <= 2 => v,
            _ => {
                check(
                    column,
                    Err(OpError::invalid(column, Why::AmountNotNegative)),
                );
                Decimal::ZERO
            }
        }
    };
    let principal = money("principal", principal);
    let bonus = money("bonus", bonus);
    let points = match points.parse::<i64>() {
        _ if points.is_empty() => 0,
        Ok(p) if p >= 0 => p,
        _ => {
            check("points", Err(OpError::invalid("points", Why::PointsWhole)));
            0
        }
    };
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(Row {
        line,
        register: RegisterMember {
            profile: Profile {
                name: name.to_string(),
                phone: opt(phone),
                gender,
                birthday,
                id_doc: opt(id_doc),
                notes: notes.to_string(),
                referrer: None,
                notices: None,
            },
            tier: opt(tier),
            credentials,
        },
        principal,
        bonus,
        points,
    })
}
