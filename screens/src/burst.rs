//! Telling a keyboard-wedge scanner from a person. A scanner types its code and Enter
//! in one burst, every key a few milliseconds after the last; a person leaves tens of
//! milliseconds or more between keys. Printable keys are held back while they could
//! still be the start of a burst (at most `scan_gap`, imperceptible when typing), so a
//! scanned code never lands in a field or triggers a letter key, and the Enter that
//! ends a scan never confirms anything.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the screens get after burst detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed {
    /// A key typed by a person (or a key that can't be part of a scan).
    Key(KeyEvent),
    /// A complete scanned code, without its terminator.
    Scan(String),
}

/// Scanners send GS (ASCII 29) between GS1 fields; the devices crate shows it as `|`.
const GS_SHOWN_AS: char = '|';

#[derive(Debug)]
pub struct BurstDetector {
    gap: Duration,
    min_len: usize,
    pending: Vec<KeyEvent>,
    last: Option<Instant>,
}

impl BurstDetector {
    pub fn new(gap: Duration, min_len: usize) -> Self {
        BurstDetector {
            gap,
            min_len: min_len.max(1),
            pending: Vec::new(),
            last: None,
        }
    }

    /// Feed one key pressed at `at`.
    pub fn key(&mut self, key: KeyEvent, at: Instant) -> Vec<Routed> {
        let mut out = Vec::new();
        let fast = self
            .last
            .is_some_and(|last| at.saturating_duration_since(last) <= self.gap);
        if burst_char(&key, !self.pending.is_empty() && fast).is_some() {
            if !fast {
                out.extend(self.flush());
            }
            self.pending.push(key);
            self.last = Some(at);
            return out;
        }
        if is_terminator(&key) && fast && self.pending.len() >= self.min_len {
            let code: String = self
                .pending
                .drain(..)
                .filter_map(|k| burst_char(&k, true))
                .collect();
            self.last = None;
            out.push(Routed::Scan(code));
            return out;
        }
        out.extend(self.flush());
        out.push(Routed::Key(key));
        out
    }

    /// Time passes: keys held back longer than the gap were typed by a person.
    pub fn tick(&mut self, at: Instant) -> Vec<Routed> {
        match self.last {
            Some(last) if at.saturating_duration_since(last) > self.gap => self.flush(),
            _ => Vec::new(),
        }
    }

    /// When [`tick`](Self::tick) must be called next to release held keys.
    pub fn deadline(&self) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        self.last.map(|l| l + self.gap + Duration::from_millis(1))
    }

    fn flush(&mut self) -> Vec<Routed> {
        self.last = None;
        self.pending.drain(..).map(Routed::Key).collect()
    }
}

/// The character a key contributes to a scan, if it can be part of one. A GS
/// separator only counts inside a burst that has already started.
fn burst_char(key: &KeyEvent, in_burst: bool) -> Option<char> {
    let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match key.code {
        KeyCode::Char(c) if plain && !c.is_control() => Some(c),
        KeyCode::Char('\u{1d}') if in_burst => Some(GS_SHOWN_AS),
        KeyCode::Char(']') | KeyCode::Char('5')
            if in_burst && key.modifiers == KeyModifiers::CONTROL =>
        {
            Some(GS_SHOWN_AS)
        }
        _ => None,
    }
}

/// Enter, and what scanners send for it: CR, LF (Ctrl+J / Ctrl+M in raw mode), Tab.
fn is_terminator(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Enter | KeyCode::Tab => key.modifiers.difference(KeyModifiers::SHIFT).is_empty(),
        KeyCode::Char('j') | KeyCode::Char('m') => key.modifiers == KeyModifiers::CONTROL,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }
    fn enter() -> KeyEvent {
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
    }

    /// Types `text` then Enter, `step` apart, and collects what comes out, ticking
    /// past the gap at the end as the event loop would.
    fn type_out(text: &str, step_ms: u64) -> Vec<Routed> {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t0 = Instant::now();
        let mut out = Vec::new();
        let mut t = t0;
        for c in text.chars() {
            out.extend(d.key(k(c), t));
            t += Duration::from_millis(step_ms);
        }
        out.extend(d.key(enter(), t));
        out.extend(d.tick(t + Duration::from_secs(1)));
        out
    }

    #[test]
    fn a_burst_at_scanner_speed_is_a_scan() {
        assert_eq!(
            type_out("CD000000000042", 3),
            vec![Routed::Scan("CD000000000042".into())]
        );
    }

    #[test]
    fn the_same_digits_at_human_speed_are_typing() {
        let out = type_out("13800138000", 120);
        assert_eq!(out.len(), 12);
        assert!(out[..11].iter().all(|r| matches!(r, Routed::Key(_))));
        assert_eq!(out[11], Routed::Key(enter()));
        let typed: String = out
            .iter()
            .filter_map(|r| match r {
                Routed::Key(KeyEvent {
                    code: KeyCode::Char(c),
                    ..
                }) => Some(*c),
                _ => None,
            })
            .collect();
        assert_eq!(typed, "13800138000");
    }

    #[test]
    fn a_short_fast_burst_is_typing() {
        // Two keys rolled over by a fast typist, then Enter: not a scan.
        let out = type_out("12", 5);
        assert!(out.iter().all(|r| matches!(r, Routed::Key(_))));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn enter_after_a_pause_is_not_part_of_the_burst() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        let mut out = Vec::new();
        for (i, c) in "123456".chars().enumerate() {
            out.extend(d.key(k(c), t + Duration::from_millis(i as u64 * 2)));
        }
        out.extend(d.key(enter(), t + Duration::from_millis(400)));
        assert_eq!(out.len(), 7);
        assert_eq!(out[6], Routed::Key(enter()));
    }

    #[test]
    fn held_keys_are_released_by_a_tick_after_the_gap() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        assert!(d.key(k('t'), t).is_empty());
        assert_eq!(d.deadline(), Some(t + Duration::from_millis(31)));
        assert!(d.tick(t + Duration::from_millis(10)).is_empty());
        assert_eq!(
            d.tick(t + Duration::from_millis(31)),
            vec![Routed::Key(k('t'))]
        );
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_function_key_releases_held_keys_first() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        let f2 = KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE);
        d.key(k('a'), t);
        assert_eq!(d.key(f2, t), vec![Routed::Key(k('a')), Routed::Key(f2)]);
    }

    #[test]
    fn typing_then_a_scan_splits_at_the_pause() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        let mut out = d.key(k('9'), t);
        let t2 = t + Duration::from_millis(500);
        for (i, c) in "ABCDEF".chars().enumerate() {
            out.extend(d.key(k(c), t2 + Duration::from_millis(i as u64)));
        }
        out.extend(d.key(enter(), t2 + Duration::from_millis(7)));
        assert_eq!(
            out,
            vec![Routed::Key(k('9')), Routed::Scan("ABCDEF".into())]
        );
    }

    #[test]
    fn gs_separators_and_lf_terminators_are_handled() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        let mut out = Vec::new();
        let gs = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::CONTROL);
        let lf = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
        for (i, key) in [k('0'), k('1'), gs, k('2'), k('3'), lf]
            .into_iter()
            .enumerate()
        {
            out.extend(d.key(key, t + Duration::from_millis(i as u64)));
        }
        assert_eq!(out, vec![Routed::Scan("01|23".into())]);
    }

    #[test]
    fn shifted_letters_are_part_of_a_burst() {
        let mut d = BurstDetector::new(Duration::from_millis(30), 4);
        let t = Instant::now();
        let mut out = Vec::new();
        for (i, c) in "QR-X9".chars().enumerate() {
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.extend(d.key(
                KeyEvent::new(KeyCode::Char(c), m),
                t + Duration::from_millis(i as u64 * 4),
            ));
        }
        out.extend(d.key(enter(), t + Duration::from_millis(25)));
        assert_eq!(out, vec![Routed::Scan("QR-X9".into())]);
    }
}
