//! Drawing the member: profile, cards, account and the latest entries. Also used by
//! the benchmark.

use carddesk_model::account::CountCardView;
use carddesk_model::entry::{CredentialKind, CredentialStatus};
use carddesk_model::view::{JournalLine, TierProgress};
use carddesk_model::{Account, Lang};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

use crate::i18n::{self, Tx};
use crate::model::{Catalog, MemberView};
use crate::theme::Theme;

pub fn status_text(status: &str, lang: Lang) -> &'static str {
    if status == "frozen" {
        Tx::Frozen.get(lang)
    } else {
        Tx::Active.get(lang)
    }
}

pub fn kind_text(kind: CredentialKind, lang: Lang) -> &'static str {
    match kind {
        CredentialKind::Card => Tx::KindCard,
        CredentialKind::Code => Tx::KindCode,
        CredentialKind::Phone => Tx::KindPhone,
        CredentialKind::IdDoc => Tx::KindIdDoc,
    }
    .get(lang)
}

pub fn cred_status_text(s: CredentialStatus, lang: Lang) -> &'static str {
    match s {
        CredentialStatus::Active => Tx::Active,
        CredentialStatus::Lost => Tx::Lost,
        CredentialStatus::Replaced => Tx::Replaced,
    }
    .get(lang)
}

fn gender_text(g: &str, lang: Lang) -> &'static str {
    match g {
        "female" => Tx::Female.get(lang),
        "male" => Tx::Male.get(lang),
        _ => Tx::OtherGender.get(lang),
    }
}

fn pair<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label} "), theme.label()),
        Span::raw(value),
    ])
}

/// A credential's value as shown: ID documents and phones masked (130****4943) unless
/// `reveal` (the role may see them).
pub fn cred_value(kind: CredentialKind, value: &str, reveal: bool) -> String {
    if matches!(kind, CredentialKind::IdDoc | CredentialKind::Phone) && !reveal {
        carddesk_model::lookup::mask_id(value)
    } else {
        value.to_string()
    }
}

/// The member screen's body; also used by the benchmark. `reveal`: show ID-document
/// and phone numbers in full (supervisors and admins). A taller screen gives the
/// latest entries more rows; what does not fit is counted ("+N more").
pub fn render_member(
    f: &mut Frame,
    area: Rect,
    view: &MemberView,
    theme: &Theme,
    lang: Lang,
    reveal: bool,
    cat: &Catalog,
) {
    let m = &view.member;
    let title = format!(
        " {} {} {}  [{}] {} ",
        Tx::MemberNo.get(lang),
        m.member_no,
        m.name,
        m.tier,
        status_text(&m.status, lang)
    );
    let mut block = theme.block(title);
    if view.birthday {
        // During the birthday window (rules.birthday): the cashier wishes them well.
        block = block.title(
            ratatui::text::Line::from(ratatui::text::Span::styled(
                format!(" {} ", Tx::BirthdayOccasion.get(lang)),
                theme.ok(),
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    // Rows beyond an 80x24 screen's go half to the entries, half to the account; rows
    // the entries don't need (a new member has few) go to the account and profile, so
    // count cards and coupons are not hidden behind "+N more" beside empty rows.
    let needed = u16::try_from(view.recent.len().max(1) + 1).unwrap_or(u16::MAX);
    let recent_rows = (7 + inner.height.saturating_sub(18) / 2).min(needed);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(9), Constraint::Length(recent_rows)]).areas(inner);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let dash = || "-".to_string();
    let mut profile = vec![
        pair(
            Tx::Phone.get(lang),
            m.phone
                .as_deref()
                .map(|v| cred_value(CredentialKind::Phone, v, reveal))
                .unwrap_or_else(dash),
            theme,
        ),
        pair(
            Tx::Gender.get(lang),
            m.gender
                .as_deref()
                .map(|g| gender_text(g, lang).to_string())
                .unwrap_or_else(dash)
                + "  "
                + Tx::Birthday.get(lang)
                + " "
                + m.birthday.as_deref().unwrap_or("-"),
            theme,
        ),
        pair(
            Tx::IdDoc.get(lang),
            m.id_doc
                .as_deref()
                .map(|v| cred_value(CredentialKind::IdDoc, v, reveal))
                .unwrap_or_else(dash),
            theme,
        ),
        pair(
            Tx::Outlet.get(lang),
            format!(
                "{}  {} {}",
                cat.outlet_name(&m.outlet),
                Tx::Registered.get(lang),
                m.registered_at.get(..10).unwrap_or(&m.registered_at)
            ),
            theme,
        ),
        pair(
            Tx::Notes.get(lang),
            if m.notes.is_empty() {
                dash()
            } else {
                m.notes.clone()
            },
            theme,
        ),
        Line::from(Span::styled(Tx::Credentials.get(lang), theme.title())),
    ];
    for c in &m.credentials {
        let mut l = vec![
            Span::raw(format!(" {} ", kind_text(c.kind, lang))),
            Span::raw(cred_value(c.kind, &c.value, reveal)),
        ];
        if c.status != CredentialStatus::Active {
            l.push(Span::styled(
                format!(" ({})", cred_status_text(c.status, lang)),
                theme.muted(),
            ));
        }
        profile.push(Line::from(l));
    }
    if m.is_frozen() {
        // First and in the error colour: a frozen member is seen before any key.
        profile.insert(0, Line::styled(Tx::FrozenBanner.get(lang), theme.error()));
    }
    f.render_widget(Paragraph::new(profile), left);
    let mut account = account_lines(view, usize::from(right.width), theme, lang, cat);
    account.splice(1..1, tier_lines(&m.tier, cat, theme, lang));
    let fit = usize::from(right.height);
    if account.len() > fit {
        let hidden = account.len() + 1 - fit;
        account.truncate(fit.saturating_sub(1));
        account.push(Line::styled(more_text(hidden, lang), theme.muted()));
    }
    f.render_widget(Paragraph::new(account), right);
    render_recent(f, bottom, &view.recent, theme, lang);
}

/// The account column's label width: its longest label ("Stored total") and a space,
/// so every amount ends in the same column.
const LABEL: usize = 13;

/// The account column: points, stored value, debt, the company account (协议单位),
/// the way to the next tier, count cards and coupons.
fn account_lines<'a>(
    view: &'a MemberView,
    width: usize,
    theme: &Theme,
    lang: Lang,
    cat: &Catalog,
) -> Vec<Line<'a>> {
    let a = &view.account;
    let mut account = vec![Line::from(Span::styled(
        Tx::Account.get(lang),
        theme.title(),
    ))];
    account.push(money_line(
        Tx::Points.get(lang),
        a.points.to_string(),
        theme,
    ));
    account.push(money_line(
        Tx::Principal.get(lang),
        i18n::money(a.principal),
        theme,
    ));
    account.push(money_line(Tx::Bonus.get(lang), i18n::money(a.bonus), theme));
    account.push(money_line(
        Tx::StoredTotal.get(lang),
        i18n::money(a.principal + a.bonus),
        theme,
    ));
    // Debt (欠款) from a replication conflict: the next top-up repays it first.
    if a.debt > rust_decimal::Decimal::ZERO {
        account.push(Line::from(vec![
            Span::styled(
                crate::text::pad_right(Tx::Debt.get(lang), LABEL),
                theme.error(),
            ),
            Span::styled(
                crate::text::pad_left(&i18n::money(a.debt), 12),
                theme.error(),
            ),
        ]));
    }
    // 协议单位: a company's limit and what it owes, or the company a member is under.
    if let Some(limit) = view.company.credit_limit {
        account.push(money_line(
            Tx::CreditLimit.get(lang),
            i18n::money(limit),
            theme,
        ));
        account.push(money_line(
            Tx::Owed.get(lang),
            i18n::money(view.company.owed),
            theme,
        ));
    }
    if let Some(no) = &view.company.company {
        account.push(money_line(Tx::Company.get(lang), no.clone(), theme));
    }
    // Below the balances: on a short terminal what does not fit is counted, not money.
    if let Some(p) = &view.progress {
        account.extend(progress_lines(p, width, theme, lang));
    }
    account.push(Line::from(Span::styled(
        Tx::CountCards.get(lang),
        theme.title(),
    )));
    if active_cards(a).next().is_none() {
        account.push(Line::from(format!(" {}", Tx::None_.get(lang))));
    }
    for c in active_cards(a) {
        account.push(Line::from(format!(
            " {} {}/{} {}",
            cat.name_of(&c.package),
            c.remaining.max(0),
            c.uses.max(0),
            c.valid_to
        )));
    }
    account.push(Line::from(Span::styled(
        Tx::Coupons.get(lang),
        theme.title(),
    )));
    if a.coupons.is_empty() {
        account.push(Line::from(format!(" {}", Tx::None_.get(lang))));
    }
    for c in &a.coupons {
        account.push(Line::from(format!(
            " {} {} {}",
            cat.name_of(&c.template),
            c.code,
            c.valid_to
        )));
    }
    account
}

fn money_line<'a>(label: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(crate::text::pad_right(label, LABEL), theme.label()),
        Span::styled(crate::text::pad_left(&value, 12), theme.money()),
    ])
}

/// "+N more" for what the space could not show.
fn more_text(n: usize, lang: Lang) -> String {
    i18n::Msg::MoreLines(n).get(lang)
}

/// A discount as people say it: 10% off, 9折.
fn discount_text(percent: rust_decimal::Decimal, lang: Lang) -> String {
    i18n::Msg::Discount(percent).get(lang)
}

/// The tier's discount and benefits (entitlements), from the rules.
fn tier_lines<'a>(tier: &str, cat: &Catalog, theme: &Theme, lang: Lang) -> Vec<Line<'a>> {
    let Some(t) = cat.tier(tier) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !t.discount_percent.is_zero() {
        out.push(Line::from(vec![
            Span::styled(
                crate::text::pad_right(Tx::TierDiscount.get(lang), LABEL),
                theme.label(),
            ),
            Span::raw(discount_text(t.discount_percent, lang)),
        ]));
    }
    if !t.benefits.is_empty() {
        out.push(Line::from(vec![
            Span::styled(
                crate::text::pad_right(Tx::Benefits.get(lang), LABEL),
                theme.label(),
            ),
            Span::raw(t.benefits.clone()),
        ]));
    }
    out
}

/// Toward the next tier: its name, then each of its thresholds had/needed (消费次数
/// 7/12), packed side by side into lines of `width` cells so the whole way fits a
/// short terminal.
fn progress_lines<'a>(p: &TierProgress, width: usize, theme: &Theme, lang: Lang) -> Vec<Line<'a>> {
    let of = |have: String, need: String| format!("{have}/{need}");
    let mut parts = vec![(Tx::NextTier, p.next.clone())];
    if let Some(t) = p.points {
        parts.push((Tx::Points, of(t.have.to_string(), t.need.to_string())));
    }
    if let Some(t) = p.spend {
        parts.push((Tx::TierSpend, of(i18n::money(t.have), i18n::money(t.need))));
    }
    if let Some(t) = p.nights {
        parts.push((Tx::Nights, of(t.have.to_string(), t.need.to_string())));
    }
    if let Some(t) = p.visits {
        parts.push((Tx::TierVisits, of(t.have.to_string(), t.need.to_string())));
    }
    let mut out = Vec::new();
    let (mut line, mut used): (Vec<Span<'a>>, usize) = (Vec::new(), 0);
    for (label, value) in parts {
        let label = label.get(lang);
        let cells = crate::text::width(label) + 1 + crate::text::width(&value);
        if used > 0 && used + 2 + cells > width {
            out.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        if used > 0 {
            line.push(Span::raw("  "));
            used += 2;
        }
        line.push(Span::styled(format!("{label} "), theme.label()));
        line.push(Span::raw(value));
        used += cells;
    }
    if !line.is_empty() {
        out.push(Line::from(line));
    }
    out
}

fn render_recent(f: &mut Frame, area: Rect, lines: &[JournalLine], theme: &Theme, lang: Lang) {
    let block = theme
        .block(format!(" {} ", Tx::Recent.get(lang)))
        .borders(ratatui::widgets::Borders::TOP);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let fit = usize::from(inner.height);
    let shown = if lines.len() > fit {
        fit.saturating_sub(1)
    } else {
        lines.len()
    };
    let mut rows: Vec<Row> = lines[..shown]
        .iter()
        .map(|l| {
            Row::new(vec![
                super::entry_words::time_text(l.at),
                i18n::entry_kind(l.kind.as_str(), lang),
                crate::text::pad_left(&super::entry_words::amount(l), 10),
                l.entry_id.clone(),
                super::entry_words::operator_text(l, lang),
            ])
        })
        .collect();
    if shown < lines.len() {
        rows.push(Row::new(vec![more_text(lines.len() - shown, lang)]).style(theme.muted()));
    }
    let table = Table::new(
        rows,
        [
            Constraint::Length(17),
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(12),
            Constraint::Min(8),
        ],
    );
    f.render_widget(table, inner);
}

/// The count cards a member may still use.
pub fn active_cards(a: &Account) -> impl Iterator<Item = &CountCardView> {
    a.count_cards.iter().filter(|c| c.status == "active")
}
