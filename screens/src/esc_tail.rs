//! Escape sequences split by a slow link. Over SSH an arrow key's `ESC [ A` can arrive
//! as ESC, a pause of a hundred milliseconds or more, then `[A`. The terminal library
//! has already reported the ESC as an Esc key by then, so the tail arrives as the
//! printable keys `[` and `A`. This filter sits before burst detection: a `[` or `O`
//! shortly after an Esc starts a tail, which is swallowed up to its final character and
//! decoded into the key it meant, so it never becomes text in a field.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// How long after an Esc a `[` or `O` is taken as the rest of its sequence. A person
/// who backs out with Esc and then types `[` on purpose takes longer than this.
pub const TAIL_WINDOW: Duration = Duration::from_millis(600);

/// Longest tail kept (parameters of a CSI sequence); past it the keys are let through.
const MAX_TAIL: usize = 12;

#[derive(Debug, Default)]
pub struct EscTail {
    /// When the last Esc came, while a tail may still follow it.
    esc_at: Option<Instant>,
    /// The tail so far (`[` or `O` and what followed), while swallowing.
    tail: Option<String>,
}

impl EscTail {
    /// Feeds one key; returns the keys to pass on (none while a tail is swallowed).
    pub fn key(&mut self, key: KeyEvent, at: Instant) -> Vec<KeyEvent> {
        let ch = plain_char(&key);
        if let Some(tail) = &mut self.tail {
            if let Some(c) = ch {
                tail.push(c);
                if is_final(tail) {
                    let done = self.tail.take().unwrap_or_default();
                    // A tail that names no key was typed by a person ("Esc", then
                    // "Olivia"): it is text after all.
                    return match decode(&done) {
                        Some(k) => vec![k],
                        None => done.chars().map(char_key).collect(),
                    };
                }
                if tail.len() <= MAX_TAIL {
                    return Vec::new();
                }
            }
            // Not a sequence after all: let everything through, in order.
            let held = self.tail.take().unwrap_or_default();
            let mut out: Vec<KeyEvent> = held.chars().map(char_key).collect();
            out.push(key);
            return out;
        }
        if key.code == KeyCode::Esc && key.modifiers == KeyModifiers::NONE {
            self.esc_at = Some(at);
            return vec![key];
        }
        let recent = self
            .esc_at
            .take()
            .is_some_and(|t| at.saturating_duration_since(t) <= TAIL_WINDOW);
        if recent && matches!(ch, Some('[' | 'O')) {
            self.tail = ch.map(String::from);
            return Vec::new();
        }
        vec![key]
    }
}

/// A character key as the terminal reports it (uppercase letters come with Shift).
fn plain_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if key.modifiers.difference(KeyModifiers::SHIFT).is_empty() => Some(c),
        _ => None,
    }
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// `O` plus one character, or `[` plus parameters and a final byte in `@`..=`~`.
fn is_final(tail: &str) -> bool {
    let mut chars = tail.chars();
    match chars.next() {
        Some('O') => tail.chars().count() == 2,
        Some('[') => chars
            .last()
            .is_some_and(|c| ('@'..='~').contains(&c) && c != '['),
        _ => false,
    }
}

/// The key a complete tail stands for; None for sequences with no key of ours.
fn decode(tail: &str) -> Option<KeyEvent> {
    let code = match tail {
        "[A" | "OA" => KeyCode::Up,
        "[B" | "OB" => KeyCode::Down,
        "[C" | "OC" => KeyCode::Right,
        "[D" | "OD" => KeyCode::Left,
        "[H" | "OH" | "[1~" | "[7~" => KeyCode::Home,
        "[F" | "OF" | "[4~" | "[8~" => KeyCode::End,
        "[2~" => KeyCode::Insert,
        "[3~" => KeyCode::Delete,
        "[5~" => KeyCode::PageUp,
        "[6~" => KeyCode::PageDown,
        "[Z" => KeyCode::BackTab,
        "OP" | "[11~" => KeyCode::F(1),
        "OQ" | "[12~" => KeyCode::F(2),
        "OR" | "[13~" => KeyCode::F(3),
        "OS" | "[14~" => KeyCode::F(4),
        "[15~" => KeyCode::F(5),
        "[17~" => KeyCode::F(6),
        "[18~" => KeyCode::F(7),
        "[19~" => KeyCode::F(8),
        "[20~" => KeyCode::F(9),
        "[21~" => KeyCode::F(10),
        "[23~" => KeyCode::F(11),
        "[24~" => KeyCode::F(12),
        _ => return None,
    };
    Some(KeyEvent::new(code, KeyModifiers::NONE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn feed(keys: &[(KeyEvent, u64)]) -> Vec<KeyEvent> {
        let t0 = Instant::now();
        let mut f = EscTail::default();
        keys.iter()
            .flat_map(|(key, ms)| f.key(*key, t0 + Duration::from_millis(*ms)))
            .collect()
    }

    #[test]
    fn a_split_arrow_becomes_the_arrow() {
        let out = feed(&[
            (k(KeyCode::Esc), 0),
            (k(KeyCode::Char('[')), 150),
            (KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT), 151),
        ]);
        assert_eq!(out, vec![k(KeyCode::Esc), k(KeyCode::Up)]);
    }

    #[test]
    fn a_split_function_key_becomes_the_key() {
        let out = feed(&[
            (k(KeyCode::Esc), 0),
            (k(KeyCode::Char('[')), 200),
            (k(KeyCode::Char('2')), 201),
            (k(KeyCode::Char('4')), 202),
            (k(KeyCode::Char('~')), 203),
        ]);
        assert_eq!(out, vec![k(KeyCode::Esc), k(KeyCode::F(12))]);
    }

    #[test]
    fn a_bracket_typed_later_is_text() {
        let out = feed(&[(k(KeyCode::Esc), 0), (k(KeyCode::Char('[')), 2_000)]);
        assert_eq!(out, vec![k(KeyCode::Esc), k(KeyCode::Char('['))]);
        let out = feed(&[(k(KeyCode::Char('[')), 0), (k(KeyCode::Char('A')), 1)]);
        assert_eq!(out, vec![k(KeyCode::Char('[')), k(KeyCode::Char('A'))]);
    }

    #[test]
    fn a_name_typed_right_after_esc_is_text() {
        let out = feed(&[
            (k(KeyCode::Esc), 0),
            (KeyEvent::new(KeyCode::Char('O'), KeyModifiers::SHIFT), 200),
            (k(KeyCode::Char('l')), 300),
        ]);
        assert_eq!(
            out,
            vec![k(KeyCode::Esc), char_key('O'), k(KeyCode::Char('l'))]
        );
    }

    #[test]
    fn a_tail_cut_by_another_key_lets_everything_through() {
        let out = feed(&[
            (k(KeyCode::Esc), 0),
            (k(KeyCode::Char('[')), 100),
            (k(KeyCode::Enter), 101),
        ]);
        assert_eq!(
            out,
            vec![k(KeyCode::Esc), k(KeyCode::Char('[')), k(KeyCode::Enter)]
        );
    }
}
