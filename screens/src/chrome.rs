//! What surrounds every screen: the status bar (top), the message line and the key
//! bar (bottom), the F1 help overlay and the quit dialog.

use chrono::NaiveDateTime;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::context::{DeviceState, Severity, Shared};
use crate::i18n::{self, Tx};

pub use crate::keymap::KeyHelp;

pub fn clock_text(t: &NaiveDateTime) -> String {
    t.format("%m-%d %H:%M").to_string()
}

pub fn body_area(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(3),
    )
}

/// Draws a screen's frame titled `title` and returns the area inside it.
pub fn panel(f: &mut Frame, area: Rect, sh: &Shared, title: Tx) -> Rect {
    let block = sh.theme().block(format!(" {} ", title.get(sh.lang())));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// `inner` less a column of margin on each side, where a screen's text goes.
pub fn margins(inner: Rect) -> Rect {
    Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    )
}

/// Draws the chrome and returns the area left for the screen.
pub fn render(f: &mut Frame, area: Rect, sh: &Shared, keys: &[KeyHelp]) -> Rect {
    if area.height < 4 {
        return area;
    }
    let theme = sh.theme();
    let top = Rect::new(area.x, area.y, area.width, 1);
    f.render_widget(Paragraph::new("").style(theme.bar()), top);
    // Narrow screens: the clock drops its date first, then the operator's name (the id
    // stays), then the sync part gets short.
    let width = top.width as usize;
    let date_clock = format!("{} ", clock_text(&sh.clock));
    let time_clock = format!("{} ", sh.clock.format("%H:%M"));
    let full = status_text(sh, false, true);
    let (status, clock) = if full.width() + date_clock.width() < width {
        (full, date_clock)
    } else if full.width() + time_clock.width() < width {
        (full, time_clock)
    } else {
        let no_name = status_text(sh, false, false);
        if no_name.width() + time_clock.width() < width {
            (no_name, time_clock)
        } else {
            (status_text(sh, true, false), time_clock)
        }
    };
    f.render_widget(Paragraph::new(status).style(theme.bar()), top);
    let cw = clock.width() as u16;
    if top.width > cw {
        f.render_widget(
            Paragraph::new(clock)
                .style(theme.bar())
                .alignment(Alignment::Right),
            Rect::new(top.right() - cw, top.y, cw, 1),
        );
    }
    let msg_row = Rect::new(area.x, area.bottom() - 2, area.width, 1);
    if let Some(m) = &sh.message {
        let style = match m.severity {
            Severity::Info => ratatui::style::Style::new(),
            Severity::Ok => theme.ok(),
            Severity::Error => theme.error(),
        };
        f.render_widget(
            Paragraph::new(Span::styled(m.text.as_str(), style)),
            msg_row,
        );
    } else if let Some(note) = standing_note(sh) {
        // Said while nothing else is: it stays true for the whole run.
        f.render_widget(Paragraph::new(Span::styled(note, theme.error())), msg_row);
    }
    let key_row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let mut spans = Vec::new();
    let mut used = 0usize;
    for key in keys.iter().filter(|k| k.shown && k.bar) {
        // "F3/C": the key bar shows the letter; help shows both.
        let k = key.label;
        let short = k.rsplit('/').next().filter(|s| s.len() == 1).unwrap_or(k);
        let label = format!(" {} ", key.help.get(sh.lang()));
        let w = short.width() + label.width();
        // Keys are listed most important first; what doesn't fit is in F1 help.
        if used + w > key_row.width as usize + 1 {
            continue;
        }
        used += w;
        spans.push(Span::styled(short, theme.key()));
        spans.push(Span::raw(label));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), key_row);
    body_area(area)
}

/// What stays true for the whole run and the cashier must know: the PC's clock is in
/// another zone than the business's, or Chinese cannot be drawn here.
fn standing_note(sh: &Shared) -> Option<String> {
    if let Some(pc) = sh.opts.pc_zone_minutes {
        return Some(i18n::zone_differs(pc, sh.opts.zone_minutes, sh.lang()));
    }
    sh.opts
        .cjk_fallback
        .then(|| Tx::CjkFallback.get(sh.lang()).to_string())
}

/// The sync part of the status bar: `standalone` without a hub, else online/offline
/// with the age of the last successful sync.
pub fn sync_text(sh: &Shared, short: bool) -> String {
    let lang = sh.lang();
    if sh.opts.hub_url.is_empty() {
        return Tx::Standalone.get(lang).to_string();
    }
    let Some(online) = sh.sync.online else {
        return Tx::SyncConnecting.get(lang).to_string();
    };
    let age = match (sh.sync.last_ok, sh.now) {
        (Some(ok), Some(now)) => Some(now.saturating_duration_since(ok)),
        (Some(_), None) => Some(std::time::Duration::ZERO),
        (None, _) => None,
    };
    let state = i18n::sync_state(online, age, short, sh.theme().ascii, lang);
    match &sh.sync.hub {
        // Several hubs: which one answered (its address, without the scheme).
        Some(hub) if sh.opts.several_hubs && online && !short => {
            let host = hub.split_once("://").map_or(hub.as_str(), |(_, h)| h);
            i18n::sync_via(&state, host, sh.theme().ascii, lang)
        }
        _ => state,
    }
}

fn status_text(sh: &Shared, short: bool, name: bool) -> String {
    let lang = sh.lang();
    let who = match &sh.operator {
        Some(o) if name => format!("{} {}", o.operator_id, o.name),
        Some(o) => o.operator_id.clone(),
        None => sh.tx(Tx::NotLoggedIn).to_string(),
    };
    let scanner = match &sh.scanner {
        DeviceState::Off | DeviceState::Unknown => Tx::ScannerWedge,
        DeviceState::Ready(_) => Tx::ScannerReady,
        DeviceState::Down(_) => Tx::ScannerDown,
    }
    .get(lang);
    let reader = match &sh.reader {
        DeviceState::Off => Tx::ReaderOff.get(lang).to_string(),
        DeviceState::Unknown | DeviceState::Ready(0) => Tx::ReaderNone.get(lang).to_string(),
        DeviceState::Ready(n) => format!("{}{}", Tx::ReaderReady.get(lang), n),
        DeviceState::Down(_) => Tx::ReaderDown.get(lang).to_string(),
    };
    let sync = sync_text(sh, short);
    let conflicts = if sh.open_conflicts > 0 && sh.operator.is_some() {
        format!(" | {}", i18n::open_conflicts(sh.open_conflicts, lang))
    } else {
        String::new()
    };
    let shift = if sh.shift_open == Some(false) && sh.operator.is_some() {
        format!(" | {}", Tx::NoShiftFlag.get(lang))
    } else {
        String::new()
    };
    format!(
        " {} | {}/{} | {} {} | {}{}{}{}",
        who,
        sh.opts.catalog.outlet_name(&sh.opts.outlet),
        sh.opts.terminal_id,
        scanner,
        reader,
        sync,
        conflicts,
        shift,
        member_days(sh)
    )
}

/// The member days (会员日) open now at this outlet, in the rules' time zone.
fn member_days(sh: &Shared) -> String {
    let open: Vec<&str> = sh
        .opts
        .catalog
        .member_days
        .iter()
        .filter(|d| d.active(&sh.opts.outlet, sh.clock))
        .map(|d| d.name.as_str())
        .collect();
    if open.is_empty() {
        String::new()
    } else {
        format!(" | {}", open.join(","))
    }
}

/// The keys that work anywhere, from the app's key table, and what a scan does.
fn anywhere(lang: carddesk_model::Lang) -> String {
    let sep = Tx::ListSep.get(lang);
    let mut parts: Vec<String> = crate::keymap::APP
        .iter()
        .map(|b| format!("{} {}", b.line.full_label(), b.line.help.get(lang)))
        .collect();
    parts.push(Tx::HelpScan.get(lang).to_string());
    format!("{}{}", Tx::HelpAnywhere.get(lang), parts.join(sep))
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// F1: every key listed now, with all the keys that do each thing, then the app's own.
pub fn help(f: &mut Frame, area: Rect, sh: &Shared, keys: &[KeyHelp], close: &KeyHelp) {
    let lang = sh.lang();
    let theme = sh.theme();
    let keys: Vec<(String, Tx)> = keys
        .iter()
        .filter(|k| k.shown)
        .map(|k| (k.full_label(), k.help))
        .collect();
    let kw = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
    let cell = |(k, label): &(String, Tx)| {
        vec![
            Span::styled(format!("{k:<kw$}"), theme.title()),
            Span::raw(label.get(lang).to_string()),
        ]
    };
    // One column while it fits the screen's height (borders, a blank line and the
    // app's keys besides); else two, so that every key stays on an 80x24 screen.
    let rows = usize::from(area.height.saturating_sub(4));
    let mut lines: Vec<Line> = if keys.len() <= rows {
        keys.iter().map(|k| Line::from(cell(k))).collect()
    } else {
        let half = keys.len().div_ceil(2);
        let (left, right) = keys.split_at(half);
        let cw = left
            .iter()
            .map(|(k, l)| kw.max(k.width() + 2) + l.get(lang).width())
            .max()
            .unwrap_or(0)
            + 2;
        left.iter()
            .enumerate()
            .map(|(i, k)| {
                let mut spans = cell(k);
                let used: usize = spans.iter().map(|s| s.content.width()).sum();
                if let Some(r) = right.get(i) {
                    spans.push(Span::raw(" ".repeat(cw.saturating_sub(used))));
                    spans.extend(cell(r));
                }
                Line::from(spans)
            })
            .collect()
    };
    lines.push(Line::from(""));
    lines.push(Line::from(anywhere(lang)));
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 4;
    let popup = centered(area, width.max(36), lines.len() as u16 + 2);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(theme.block(titled(Tx::HelpTitle, close, lang))),
        popup,
    );
}

/// "Keys (Esc/F1/Enter close)": a title with the keys that close it.
fn titled(title: Tx, close: &KeyHelp, lang: carddesk_model::Lang) -> String {
    let (open, shut) = (Tx::ParenOpen.get(lang), Tx::ParenClose.get(lang));
    let (keys, what) = (close.full_label(), close.help.get(lang));
    format!("{}{open}{keys} {what}{shut}", title.get(lang))
}

/// The quit dialog: the question, a warning if work would be lost, and its keys.
pub fn quit_dialog(f: &mut Frame, area: Rect, sh: &Shared, unsaved: bool, keys: &[KeyHelp]) {
    let lang = sh.lang();
    let mut lines = vec![Line::from(Tx::QuitAsk.get(lang))];
    if unsaved {
        lines.push(Line::from(Tx::QuitUnsaved.get(lang)).style(sh.theme().error()));
    }
    let hint: Vec<String> = keys
        .iter()
        .map(|k| format!("{} {}", k.full_label(), k.help.get(lang)))
        .collect();
    lines.push(Line::from(hint.join(Tx::ListSep.get(lang))));
    let popup = centered(area, 44, lines.len() as u16 + 2);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(sh.theme().block(Tx::KQuit.get(lang))),
        popup,
    );
}
