//! One-line text fields and simple forms of them. Hand-rolled because a counter field
//! needs only insert, delete and cursor moves, plus a per-field filter (digits, money,
//! date) and masking for PINs; the cursor is placed by display width, so CJK names
//! (two cells per character) edit correctly.

use carddesk_model::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::i18n::Tx;
use crate::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Digits only (PINs, nights, phone-like ids).
    Digits,
    /// Digits and one decimal point with at most two decimals.
    Money,
    /// Digits and `-`: 1988-03-04.
    Date,
    /// Digits, shown as `*`.
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    value: String,
    /// Cursor as a char index into `value`.
    cursor: usize,
    max_chars: usize,
    kind: FieldKind,
}

impl TextField {
    pub fn new(kind: FieldKind, max_chars: usize) -> Self {
        TextField {
            value: String::new(),
            cursor: 0,
            max_chars,
            kind,
        }
    }

    pub fn with_value(mut self, v: &str) -> Self {
        self.set(v);
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, v: &str) {
        self.value = v.chars().take(self.max_chars).collect();
        self.cursor = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    fn accepts(&self, c: char) -> bool {
        if c.is_control() || self.value.chars().count() >= self.max_chars {
            return false;
        }
        match self.kind {
            FieldKind::Text => true,
            FieldKind::Digits | FieldKind::Secret => c.is_ascii_digit(),
            FieldKind::Date => c.is_ascii_digit() || c == '-',
            FieldKind::Money => {
                let mut next = self.value.clone();
                next.insert(self.byte_at(self.cursor), c);
                money_prefix_ok(&next)
            }
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(self.value.len())
    }

    /// Edits the field; false when the key is not an edit (the caller may use it).
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => self.clear(),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                if self.accepts(c) {
                    let at = self.byte_at(self.cursor);
                    self.value.insert(at, c);
                    self.cursor += 1;
                }
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Backspace => {}
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Delete => {}
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            _ => return false,
        }
        true
    }

    fn shown(&self) -> String {
        match self.kind {
            FieldKind::Secret => "*".repeat(self.value.chars().count()),
            _ => self.value.clone(),
        }
    }

    /// Draws the value in `area` (one row); with `focused`, places the terminal cursor.
    /// A value wider than the area scrolls so the cursor stays visible.
    pub fn render(&self, f: &mut Frame, area: Rect, focused: bool) {
        let shown = self.shown();
        let before: String = shown.chars().take(self.cursor).collect();
        let mut skip = 0usize;
        let width = area.width.max(1) as usize;
        while before.chars().skip(skip).collect::<String>().width() >= width {
            skip += 1;
        }
        let visible: String = shown.chars().skip(skip).collect();
        // The value stays unstyled: the focus shows on the label and by the cursor, so
        // a keystroke costs the terminal one character and a cursor move, not a
        // colour change and its reset (DESIGN.md §7: <= 64 bytes per keystroke).
        f.render_widget(Paragraph::new(Line::from(Span::raw(visible))), area);
        if focused {
            let x = before
                .chars()
                .skip(skip)
                .collect::<String>()
                .width()
                .min(width.saturating_sub(1));
            f.set_cursor_position(Position::new(area.x + x as u16, area.y));
        }
    }
}

/// `12`, `12.`, `12.5`, `12.50`: what a money field may hold while being typed.
fn money_prefix_ok(s: &str) -> bool {
    let mut parts = s.split('.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    if parts.next().is_some() || whole.len() > 9 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    match frac {
        None => true,
        Some(f) => f.len() <= 2 && f.chars().all(|c| c.is_ascii_digit()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: Tx,
    pub input: TextField,
}

/// A column of labelled fields with one focused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The operator typed into a field (values set by the program don't count).
    pub typed: bool,
    /// One Esc was pressed over typed data: the next Esc discards it.
    pub esc_armed: bool,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Edited,
    Moved,
    /// Enter on the last field.
    Submit,
    NotMine,
}

impl Form {
    pub fn new(fields: Vec<(Tx, TextField)>) -> Self {
        Form {
            fields: fields
                .into_iter()
                .map(|(label, input)| Field { label, input })
                .collect(),
            focus: 0,
            typed: false,
            esc_armed: false,
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map(|f| f.input.value()).unwrap_or("")
    }

    pub fn set(&mut self, i: usize, v: &str) {
        if let Some(f) = self.fields.get_mut(i) {
            f.input.set(v);
        }
    }

    /// Esc on this form: true when it may be left now. With typed data the first Esc
    /// only warns (the caller says so), so one stray Esc never loses a half-typed form.
    pub fn esc_leaves(&mut self) -> bool {
        if !self.typed || self.esc_armed {
            return true;
        }
        self.esc_armed = true;
        false
    }

    pub fn key(&mut self, key: &KeyEvent) -> FormKey {
        self.esc_armed = false;
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1).min(last);
                FormKey::Moved
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = self.focus.saturating_sub(1);
                FormKey::Moved
            }
            KeyCode::Enter if self.focus >= last => FormKey::Submit,
            KeyCode::Enter => {
                self.focus += 1;
                FormKey::Moved
            }
            _ => match self.fields.get_mut(self.focus) {
                Some(f) => {
                    if f.input.key(key) {
                        self.typed = true;
                        FormKey::Edited
                    } else {
                        FormKey::NotMine
                    }
                }
                None => FormKey::NotMine,
            },
        }
    }

    /// Width of the label column: the widest label plus room for a colon.
    pub fn label_width(&self, lang: Lang) -> u16 {
        self.fields
            .iter()
            .map(|f| f.label.get(lang).width())
            .max()
            .unwrap_or(0) as u16
            + 2
    }

    /// One row per field from the top of `area`.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, active: bool) {
        self.render_with(f, area, self.label_width(lang), theme, lang, active);
    }

    /// As [`render`](Self::render), with the label column `lw` cells wide (to line up
    /// with rows drawn below the form).
    pub fn render_with(
        &self,
        f: &mut Frame,
        area: Rect,
        lw: u16,
        theme: &Theme,
        lang: Lang,
        active: bool,
    ) {
        let lw = lw.min(area.width / 2);
        for (i, field) in self.fields.iter().enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let focused = active && i == self.focus;
            let label_style = if focused {
                theme.focus()
            } else {
                theme.label()
            };
            f.render_widget(
                Paragraph::new(Span::styled(field.label.get(lang), label_style)),
                Rect::new(area.x, y, lw, 1),
            );
            let input = Rect::new(area.x + lw, y, area.width.saturating_sub(lw), 1);
            field.input.render(f, input, focused);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn money_fields_take_at_most_two_decimals() {
        let mut f = TextField::new(FieldKind::Money, 12);
        for c in "12a.5.67".chars() {
            f.key(&key(KeyCode::Char(c)));
        }
        assert_eq!(f.value(), "12.56");
    }

    #[test]
    fn editing_in_the_middle_of_cjk_text() {
        let mut f = TextField::new(FieldKind::Text, 10).with_value("张三");
        f.key(&key(KeyCode::Left));
        f.key(&key(KeyCode::Char('小')));
        assert_eq!(f.value(), "张小三");
        f.key(&key(KeyCode::Backspace));
        f.key(&key(KeyCode::Delete));
        assert_eq!(f.value(), "张");
    }

    #[test]
    fn secret_fields_take_digits_only() {
        let mut f = TextField::new(FieldKind::Secret, 4);
        for c in "1a23456".chars() {
            f.key(&key(KeyCode::Char(c)));
        }
        assert_eq!(f.value(), "1234");
        assert_eq!(f.shown(), "****");
    }
}
